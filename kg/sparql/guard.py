"""What a local query may not do: call other services (``SERVICE``) or change the graph.

The refusal is decided by the query's structure as the engine that runs it
reads it, never by a pattern over its spelling (a pattern missed ``?c
.SERVICE``, a comment ended by CR, and ``\\u0053ERVICE``):

* **Oxigraph** (the default engine): its own parser is not reachable from
  Python, so the query is read with the SPARQL lexical grammar exactly as
  Oxigraph reads it: comments end at CR or LF, ``\\u`` escapes count only in
  strings and IRIs, and a keyword needs no boundary (Oxigraph runs
  ``trueSERVICE<…>{}`` and ``SERVICEx:y {}`` as SERVICE clauses).  Any bare
  word, or prefix of a prefixed name, holding ``SERVICE`` outside strings,
  IRIs, comments, local names, variables and language tags is refused.
  This costs well under a millisecond where a second parser would cost
  20–200 ms per query.
* **rdflib** (``--store memory``): the query's parse tree from rdflib's own
  parser, the one its engine evaluates, is walked for ``ServiceGraphPattern``
  nodes (in EXISTS, sub-queries, OPTIONAL …); the same lexical reading, after
  rdflib's expansion of ``\\u`` escapes, covers texts rdflib cannot parse.

Updates are told apart by parsing: a text that parses as SPARQL Update is
refused as such, whatever words a query contains.  ``kg serve`` also runs
its query workers without any network (kg/sparql/pool.py), so even a
SERVICE clause that got through would reach no host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.errors import KgError

READ_ONLY = (
    "read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP …) is refused; "
    "load changes with kg build, or kg push them to a triple store"
)
NO_SERVICE = (
    "federated queries (SERVICE) are refused: only the local graph is queried, unless "
    "calls to other endpoints are allowed"
)


class QueryRefused(KgError):
    """A query that is well-formed but not allowed here (the endpoint answers 403)."""


# one token of the SPARQL 1.1 lexical grammar at a time (section 19.8); order matters
_TOKEN = re.compile(
    r"""
    (?P<ws>[\ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\[\s\S]|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\[\s\S]|'(?!''))*'''
             | "(?:[^"\\\r\n]|\\[\s\S])*"
             | '(?:[^'\\\r\n]|\\[\s\S])*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.\-\u00b7\u0300-\u036f\u203f\u2040]*)?:
               (?:[\w:.\-\u00b7\u0300-\u036f\u203f\u2040]|%[0-9A-Fa-f]{2}
                 |\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<bnode>_:[\w.\-\u00b7\u0300-\u036f\u203f\u2040]*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[^\W\d][\w]*)
  | (?P<other>[\s\S])
    """,
    re.X,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def code_words(sparql: str) -> Iterator[str]:
    """The bare words of ``sparql`` and the prefixes of its prefixed names, upper-cased.

    Everything else (strings, IRIs, comments, variables, local names, language
    tags) is skipped as the lexical grammar delimits it.
    """
    pos = 0
    while pos < len(sparql):
        m = _TOKEN.match(sparql, pos)
        assert m is not None  # the last alternative matches any character
        kind, text = m.lastgroup, m.group()
        if kind in ("pname", "bnode") and text.endswith("."):
            text = text.rstrip(".")  # a name never ends with '.': it is the triple's end
        pos = m.start() + len(text)
        if kind == "word":
            yield text.upper()
        elif kind == "pname":
            yield text.split(":", 1)[0].upper()


def expand_escapes(sparql: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` replaced everywhere, as rdflib reads a query."""

    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _ESCAPE.sub(char, sparql)


def _parse_tree(sparql: str):
    """rdflib's parse tree of the query, or None when rdflib cannot parse it."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(sparql)
    except Exception:  # pyparsing and rdflib raise many types; the token reading stays
        return None


def _has_service(tree) -> bool:
    """Whether a parse tree holds a ``ServiceGraphPattern`` node anywhere."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        if id(node) in seen or isinstance(node, (str, bytes, int, float)):
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or hasattr(node, "as_list"):
            stack.extend(list(node))
    return False


def has_service(sparql: str, engine: str = "oxigraph") -> bool:
    """Whether ``sparql``, as ``engine`` ("oxigraph" or "memory") reads it, calls SERVICE."""
    if engine == "memory":  # rdflib expands \\u escapes everywhere, then parses
        if any("SERVICE" in word for word in code_words(expand_escapes(sparql))):
            return True
        tree = _parse_tree(sparql)  # the very parse rdflib's engine evaluates
        return tree is not None and _has_service(tree)
    # Oxigraph's parser needs no boundary around a keyword: trueSERVICE<…>{} and
    # SERVICEx:y {} are SERVICE clauses to it, so any word holding SERVICE counts
    return any("SERVICE" in word for word in code_words(sparql))


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` parses as SPARQL Update (INSERT, DELETE, LOAD, DROP …)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(sparql)
    except Exception:  # not an update (or not SPARQL at all)
        return False
    return bool(parsed.get("request"))


def warm_up() -> None:
    """Import and exercise rdflib's parser now (a second or more), not in the first query.

    kg serve's workers call it while loading, so that the first query of a new
    worker does not spend the server's --timeout on imports.
    """
    has_service("SELECT * WHERE { ?s ?p ?o }", "memory")
    is_update("CLEAR DEFAULT")


def check(sparql: str, engine: str, *, allow_service: bool = False) -> None:
    """Raise :class:`QueryRefused` when ``sparql`` holds a SERVICE clause and that is off."""
    if not allow_service and has_service(sparql, engine):
        raise QueryRefused(NO_SERVICE)
