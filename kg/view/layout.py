"""Positions computed in Python for the HTML view: a fast force layout and the region hierarchy.

In-browser physics never settles past a few thousand nodes (TOOLING.md), so large views arrive
with positions and physics off.  Every function returns pixel positions, one ``(x, y)`` per node.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

from kg.graph.records import Extract
from kg.vocab import class_table

# the rows of the hierarchy layout are the classes' bands (kg.vocab.CLASSES): officials above
# the regions they serve, province → city → county → town → village, then what the regions
# run and report
GAP = 80.0  # px between neighbours in a row
ROW_GAP = 260.0  # px between rows
SUBROW_GAP = 70.0  # px between the lines of a row too long to fit on one


def force_layout(
    n: int, edges: list[tuple[int, int]], *, steps: int = 120
) -> list[tuple[float, float]]:
    """Positions in pixels for a graph too big for in-browser physics.

    A Fruchterman-Reingold variant: each node is pushed away by a random sample of all nodes
    (scaled up, for the global shape) and by its neighbours in a grid-sorted order (so siblings
    do not pile up), instead of by every node.  That is O(n) per step; networkx's spring_layout
    took 18-30 s for 5,000 nodes on our machine, this takes about a second.
    """
    import networkx as nx
    import numpy as np

    if n == 0:
        return []
    rng = np.random.default_rng(7)  # fixed seed: the same graph gives the same picture
    k = 1.0  # ideal edge length
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    # start every node next to the node it was reached from (breadth-first from each component's
    # busiest node): neighbours start close, so the few cheap steps spread rather than untangle
    pos = np.zeros((n, 2))
    angles = rng.uniform(0, 2 * math.pi, n)
    step_out = np.stack([np.cos(angles), np.sin(angles)], 1) * k
    for comp in sorted(nx.connected_components(g), key=len, reverse=True):
        root = max(comp, key=g.degree)
        pos[root] = rng.uniform(-1, 1, 2) * math.sqrt(n) * k
        for parent, child in nx.bfs_edges(g, root):
            pos[child] = pos[parent] + step_out[child]
    pairs = np.array(edges, dtype=int).reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    samples, window = 16, 6
    temperature = math.sqrt(n) * k / 4
    for step in range(steps):
        disp = np.zeros_like(pos)
        other = rng.integers(0, n, size=(n, samples))
        delta = pos[:, None, :] - pos[other]
        dist2 = np.maximum((delta**2).sum(-1), 1e-4)
        disp += (delta / dist2[..., None]).sum(1) * (k * k * n / samples)
        cell = np.floor(pos / (2 * k)).astype(np.int64)
        order = np.lexsort((cell[:, 0], cell[:, 1]))
        for shift in range(1, window + 1):
            a, b = order[:-shift], order[shift:]
            delta = pos[a] - pos[b]
            dist2 = np.maximum((delta**2).sum(-1), 1e-4)[:, None]
            push = delta * (k * k / dist2)
            np.add.at(disp, a, push)
            np.add.at(disp, b, -push)
        if len(src):
            delta = pos[src] - pos[dst]
            pull = delta * np.sqrt((delta**2).sum(-1))[:, None] / k
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= pos * 1.0  # gravity keeps loose components on the page
        length = np.maximum(np.sqrt((disp**2).sum(-1)), 1e-9)[:, None]
        cap = temperature * (1 - step / steps) + 0.01
        pos += disp / length * np.minimum(length, cap)
    pos -= pos.mean(0)
    pos *= 90.0 / k  # ideal edge ≈ 90 px, about vis-network's spring length
    lonely = [v for v in range(n) if g.degree(v) == 0]
    if lonely and len(lonely) < n:
        # nodes linked to nothing would be pushed out into a wide ring: a grid beside the rest
        linked = np.array([v for v in range(n) if g.degree(v)])
        right, top = pos[linked, 0].max() + 150.0, pos[linked, 1].min()
        height = pos[linked, 1].max() - top
        per_column = max(1, int(height // 60) + 1)
        for j, v in enumerate(lonely):
            pos[v] = (right + 60.0 * (j // per_column), top + 60.0 * (j % per_column))
    return [(round(float(x), 1), round(float(y), 1)) for x, y in pos]


def place_rest(
    n: int, edges: list[tuple[int, int]], placed: dict[int, tuple[float, float]]
) -> list[tuple[float, float]]:
    """Positions for every node: ``placed`` ones keep theirs, the others go beside a neighbour.

    Used for nodes left out of a large view: when the search brings one in, it appears next to
    the drawn node it is linked to.  Nodes linked to nothing placed go round the picture's edge.
    """
    import numpy as np

    rng = np.random.default_rng(11)
    pos: dict[int, tuple[float, float]] = dict(placed)
    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    queue = deque(sorted(placed))
    while queue:
        v = queue.popleft()
        for w in neighbours[v]:
            if w not in pos:
                angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(40, 110)
                x, y = pos[v]
                pos[w] = (
                    round(x + radius * math.cos(angle), 1),
                    round(y + radius * math.sin(angle), 1),
                )
                queue.append(w)
    if pos:
        xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        r = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 200
    else:
        cx = cy = 0.0
        r = 30.0 * math.sqrt(n) + 100
    for v in range(n):
        if v not in pos:
            angle = rng.uniform(0, 2 * math.pi)
            radius = r + rng.uniform(0, 150)
            pos[v] = (
                round(cx + radius * math.cos(angle), 1),
                round(cy + radius * math.sin(angle), 1),
            )
    return [pos[v] for v in range(n)]


def hierarchy_layout(data: Extract) -> list[tuple[float, float]]:
    """Rows by class: the region tree (county → town → village) as a tidy tree, and beside it
    each official, programme, industry, organisation and statistic under the regions it is
    linked to.  A row with more nodes than the tree is wide wraps onto several lines.
    """
    n = len(data.nodes)
    cls = [node.cls for node in data.nodes]
    table = class_table()
    REGION_RANK = table.region_rank  # noqa: N806  the table's, read now
    x: dict[int, float] = {}
    # the region tree: each region's parent is the nearest-level region it is located in
    parent: dict[int, int] = {}
    for e in data.edges:
        if e.rel != "locatedIn" or cls[e.src] not in REGION_RANK or cls[e.dst] not in REGION_RANK:
            continue
        if REGION_RANK[cls[e.dst]] >= REGION_RANK[cls[e.src]]:
            continue
        best = parent.get(e.src)
        if best is None or REGION_RANK[cls[e.dst]] > REGION_RANK[cls[best]]:
            parent[e.src] = e.dst
    children: dict[int, list[int]] = defaultdict(list)
    for child, par in parent.items():
        children[par].append(child)
    label = [node.label for node in data.nodes]
    regions = [i for i in range(n) if cls[i] in REGION_RANK]
    roots = sorted(
        (i for i in regions if i not in parent), key=lambda i: (REGION_RANK[cls[i]], label[i])
    )
    slot = 0
    seen: set[int] = set()
    for root in roots:  # iterative post-order: leaves take the next slot, parents centre above
        stack = [(root, False)]
        while stack:
            v, done = stack.pop()
            if done:
                kids = [c for c in children[v] if c in x]
                if kids:
                    x[v] = sum(x[c] for c in kids) / len(kids)
                else:
                    x[v] = slot * GAP
                    slot += 1
                continue
            if v in seen:
                continue
            seen.add(v)
            stack.append((v, True))
            for c in sorted(children[v], key=lambda c: label[c], reverse=True):
                stack.append((c, False))
    width = max(slot, 1) * GAP
    # everything else: under the mean position of its linked regions (or of any placed neighbour)
    anchors: dict[int, list[float]] = defaultdict(list)
    for e in data.edges:
        for a, b in ((e.src, e.dst), (e.dst, e.src)):
            if a not in x and b in x:
                anchors[a].append(x[b])
    rows = []
    y = 0.0
    present = [rc for rc in table.bands if any(c in rc for c in cls)]
    # rows further apart as the tree widens, so the whole stays about 2:1, not a flat line
    row_gap = max(ROW_GAP, width / (2 * max(1, len(present))))
    for row_classes in present:
        members = [i for i in range(n) if cls[i] in row_classes]
        want = {
            i: x[i] if i in x else (sum(anchors[i]) / len(anchors[i]) if anchors[i] else math.inf)
            for i in members
        }
        members.sort(key=lambda i: (want[i], label[i]))
        lines = max(1, math.ceil(len(members) * GAP / (width * 1.1)))
        rows.append((members, want, lines, y))
        y += row_gap + (lines - 1) * SUBROW_GAP
    pos: list[tuple[float, float]] = [(0.0, 0.0)] * n
    for members, want, lines, top in rows:
        for line in range(lines):
            cursor = -math.inf
            placed = []
            for i in members[line::lines]:
                target = want[i] if math.isfinite(want[i]) else cursor + GAP
                cursor = max(target, cursor + GAP)
                if not math.isfinite(cursor):
                    cursor = 0.0
                placed.append((i, cursor))
            if placed and lines == 1 and not any(i in x for i, _ in placed):
                # pull a pushed-out row back so that its nodes sit under their anchors on average
                shift = sum(want[i] - px for i, px in placed if math.isfinite(want[i]))
                shift /= max(1, sum(1 for i, _ in placed if math.isfinite(want[i])))
                placed = [(i, px + shift) for i, px in placed]
            for i, px in placed:
                pos[i] = (round(px, 1), round(top + line * SUBROW_GAP, 1))
    return pos
