"""Mentions of every kind, sentence by sentence.

Regions, officials and lexicon terms are found by their own matchers; this
stage only settles overlaps: a place name inside an organisation's name
(``十堰农商银行``) is not a region mention, and a lexicon word inside a
region name is not a term.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.match.aliases import leading_chain, resolve_aliases
from kg.extract.match.officials import find_officials, settle_names
from kg.extract.match.region_scope import article_scope, vouched
from kg.extract.match.regions import find_regions
from kg.extract.match.terms import find_terms
from kg.model import Doc, Mention


def _inside(m: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in spans)


def _whole_organization(term: Mention, regions: list[Mention], text: str, offset: int
                        ) -> Mention:
    """十八|洞村苗绣合作社: an organisation name that starts inside a place name includes it."""
    if term.kind != "Organization":
        return term
    for r in regions:
        if r.start < term.start < r.end:
            surface = text[r.start - offset : term.end - offset]
            return replace(term, start=r.start, surface=surface, canonical=surface)
    return term


def find_mentions(doc: Doc) -> Doc:
    mentions: list[Mention] = []
    scope = article_scope([s.text for s in doc.sentences])
    for sentence in doc.sentences:
        regions = [m for m in find_regions(sentence.text, sentence.index, sentence.start, scope)
                   if m.surface not in scope.weak or m.source != "text"]
        terms = find_terms(sentence.text, sentence.index, sentence.start)
        terms = [_whole_organization(t, regions, sentence.text, sentence.start) for t in terms]
        # an organisation whose ending cuts a place name (柱山乡戈厂|村) is no organisation
        terms = [
            t
            for t in terms
            if t.kind != "Organization" or not any(r.start < t.end < r.end for r in regions)
        ]
        org_spans = [
            (m.start, m.end) for m in terms if m.kind == "Organization" and m.source != "weak"
        ]
        # the regions an organisation's name starts with (共和县恰卜恰镇|X合作社) are
        # named in full and stay regions; a short form inside (十堰|农商银行) does not
        chains = {
            (r.start, r.end)
            for t in terms
            if t.kind == "Organization"
            for r in leading_chain(t, regions)
        }
        regions = [m for m in regions if (m.start, m.end) in chains or not _inside(m, org_spans)]
        region_spans = [(m.start, m.end) for m in regions]
        # a lexicon word inside a region's name, or a list member that is one (祥周镇、…)
        terms = [m for m in terms if m.kind == "Organization" or not (
            _inside(m, region_spans) or (m.start, m.end) in region_spans)]
        # a region that opens a body's name is its office's region (Y县林业局局长X)
        officials = find_officials(sentence.text, sentence.index, sentence.start, regions)
        mentions.extend(sorted(regions + terms + officials, key=lambda m: (m.start, m.end)))
    mentions = vouched(mentions, doc.text, scope)
    mentions = settle_names(mentions, doc.text)  # name lengths from the whole article
    doc.mentions = resolve_aliases(mentions, doc.text)
    return doc
