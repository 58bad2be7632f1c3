"""Crops of the page that holds each evidence sentence of a PDF or image source.

The view's evidence panel shows, under a sentence read from a PDF or a
photographed page, the part of that page it was read from, so a reader
checks what OCR made of a scan without opening the file.  The crops are
made in the worker that read the document, from the bytes it read (a PDF
page is rendered by pypdfium2, which pdfplumber ships with; an image is
cut as it is), for the boxes the graph's evidence nodes carry (``pa:page``,
``pa:box``) and nothing else.  The build cache keeps them as one zip per
article; the build writes them to ``OUT/crops/<article>/`` beside
``graph.html``, which names each by a relative URL: the page shows them
offline, and nothing is loaded from the network.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from kg.errors import printable
from kg.vocab import PA_NS

if TYPE_CHECKING:
    from kg.build.cache import ArticleResult, BuildCache
    from kg.graph.records import Evidence, Extract
    from kg.model import Doc

#: where the crops are kept, relative to the graph's folder
CROPS_DIRNAME = "crops"
#: resolution a PDF page is rendered at for its crops (a 10.5 pt line: 18 px high)
CROP_DPI = 120
#: a crop wider than this is scaled down (the panel is 400 px wide)
MAX_WIDTH = 800
#: space kept around the box, as a share of the page's width and height
MARGIN = 0.006
_MEMBER = re.compile(r"p\d+-[0-9a-f]{12}\.png")
_BOX = re.compile(r"xywh=percent:([\d.]+),([\d.]+),([\d.]+),([\d.]+)$")

Box = tuple[float, float, float, float]


def parse_box(literal: str) -> Box | None:
    """``xywh=percent:x,y,w,h`` (a media fragment, as pa:box writes it) as page fractions."""
    found = _BOX.match(literal.strip())
    if found is None:
        return None
    x, y, w, h = (float(v) / 100 for v in found.groups())
    return (x, y, x + w, y + h)


def crop_name(page: int, box: str) -> str:
    """The crop's file name: its page and a digest of its box, so equal boxes share one."""
    return f"p{page}-{hashlib.sha256(box.encode()).hexdigest()[:12]}.png"


def crop_url(article: str, page: int, box: str) -> str:
    """The crop's URL relative to ``graph.html`` (the article's file name percent-encoded)."""
    return _url(article, crop_name(page, box))


def _url(article: str, name: str) -> str:
    return f"{CROPS_DIRNAME}/{quote(article, safe='')}/{name}"


def evidence_crop(ev: Evidence, data: Extract) -> list:
    """``[url, page]`` of the crop beside the view showing ``ev``'s sentence, or ``[]``.

    Only a crop the build wrote (``data.crops``) is named: a view rendered
    elsewhere from the graph file alone shows the sentences without them.
    """
    if not ev.page or not ev.box or not data.crops or not 0 <= ev.article < len(data.articles):
        return []
    url = crop_url(data.articles[ev.article].name, ev.page, ev.box)
    return [url, ev.page] if url in data.crops else []


def evidence_places(triples: Iterable) -> list[tuple[int, str]]:
    """The (page, box) of every evidence node in an article's pyoxigraph triples, sorted."""
    pages: dict[str, int] = {}
    boxes: dict[str, str] = {}
    for t in triples:
        predicate = t.predicate.value
        if predicate == PA_NS.page:
            try:
                pages[t.subject.value] = int(t.object.value)
            except ValueError:
                continue
        elif predicate == PA_NS.box:
            boxes[t.subject.value] = t.object.value
    return sorted({(pages[s], box) for s, box in boxes.items() if pages.get(s, 0) > 0})


def make_crops(doc: Doc, triples: Iterable) -> tuple[bytes, int, list[str]]:
    """A zip of the crops for ``doc``'s evidence boxes, their number, and a warning if some failed.

    ``b""`` for a text source, or a document without evidence on its pages.
    A page that cannot be rendered costs its crops, never the article.
    """
    places = evidence_places(triples) if doc.boxes and doc.data else []
    if not places:
        return b"", 0, []
    by_page: dict[int, list[str]] = {}
    for page, box in places:
        by_page.setdefault(page, []).append(box)
    out = io.BytesIO()
    failed: list[str] = []
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:  # PNG is compressed already
        for page, image in _pages(doc, sorted(by_page), failed):
            for box in by_page[page]:
                png = _crop(image, box)
                if png:
                    info = zipfile.ZipInfo(crop_name(page, box), date_time=(2000, 1, 1, 0, 0, 0))
                    zf.writestr(info, png)  # a fixed time: the same document, the same bytes
                    count += 1
    warnings = [f"{printable(doc.article_id)}: no page image for the evidence of "
                f"{', '.join(failed)} ({CROPS_DIRNAME}/ lacks them)"] if failed else []
    return (out.getvalue() if count else b""), count, warnings


def _pages(doc: Doc, numbers: list[int], failed: list[str]):
    """(number, PIL image) of the wanted pages; the pages that fail are named in ``failed``."""
    if Path(doc.article_id).suffix.lower() == ".pdf":
        try:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(doc.data)
        except Exception as exc:  # not rendered: the text was read, the crops are extra
            failed.append(f"every page ({type(exc).__name__})")
            return
        try:
            for number in numbers:
                try:
                    page = pdf[number - 1]
                    yield number, page.render(scale=CROP_DPI / 72, grayscale=True).to_pil()
                    page.close()
                except Exception as exc:
                    failed.append(f"page {number} ({type(exc).__name__})")
        finally:
            pdf.close()
        return
    try:
        from PIL import Image, ImageSequence

        frames = ImageSequence.Iterator(Image.open(io.BytesIO(doc.data)))
        wanted = set(numbers)
        for number, frame in enumerate(frames, 1):
            if number in wanted:
                yield number, frame.convert("L")
    except Exception as exc:
        failed.append(f"the image ({type(exc).__name__})")


def _crop(image, box: str) -> bytes:
    """The PNG of ``box`` (a pa:box literal) on ``image``, with a margin; b"" if empty."""
    fractions = parse_box(box)
    if fractions is None:
        return b""
    width, height = image.size
    x0, y0, x1, y1 = fractions
    left, top = max(0, int((x0 - MARGIN) * width)), max(0, int((y0 - MARGIN) * height))
    right = min(width, int((x1 + MARGIN) * width + 1))
    bottom = min(height, int((y1 + MARGIN) * height + 1))
    if right - left < 2 or bottom - top < 2:
        return b""
    piece = image.crop((left, top, right, bottom)).convert("L")  # print: grey is a third the size
    if piece.width > MAX_WIDTH:
        piece = piece.resize((MAX_WIDTH, max(1, round(piece.height * MAX_WIDTH / piece.width))))
    buffer = io.BytesIO()
    piece.save(buffer, "PNG")
    return buffer.getvalue()


def write_crops(cache: BuildCache, results: list[ArticleResult], out_dir: Path,
                stage: Callable[[Path], Path]) -> tuple[list[Path], frozenset[str]]:
    """Stage every article's crops under ``OUT/crops/``; the folder (if any) and their URLs.

    Crops of articles no longer built, or of boxes no longer evidence, are removed.
    """
    folder = out_dir / CROPS_DIRNAME
    archives: list[tuple[str, Path, list[str]]] = []  # (cache zip, article's folder, members)
    for result in results:
        if not getattr(result, "crops", 0):
            continue
        archive = cache.crops_path(result.key)
        try:
            with zipfile.ZipFile(archive) as zf:
                names = [n for n in zf.namelist() if _MEMBER.fullmatch(n)]
        except (OSError, zipfile.BadZipFile):
            continue
        archives.append((archive, folder / result.article_id, names))
    wanted = {place / name for _, place, names in archives for name in names}
    if folder.is_dir():
        _remove_unwanted(folder, wanted)  # before staging: staged files sit beside their finals
    urls: set[str] = set()
    for archive, place, names in archives:
        with zipfile.ZipFile(archive) as zf:
            for name in names:
                stage(place / name).write_bytes(zf.read(name))
                urls.add(_url(place.name, name))
    return ([folder] if wanted else []), frozenset(urls)


def _remove_unwanted(folder: Path, wanted: set[Path]) -> None:
    for sub in folder.iterdir():
        if not sub.is_dir() or sub.is_symlink():
            continue
        for old in sub.iterdir():
            if old.suffix == ".png" and old.is_file() and old not in wanted:
                old.unlink(missing_ok=True)
        if not any(sub.iterdir()):
            sub.rmdir()
