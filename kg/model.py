"""Plain data passed between the pipeline stages.

Each article becomes one :class:`Doc`; every stage fills one layer of it, as
in spaCy.  Spans are character offsets into the *raw* file text, so every
piece of evidence quotes the article exactly as it was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REGION_LEVELS = ("Province", "City", "County", "Town", "Village")
LEVEL_RANK = {level: i for i, level in enumerate(REGION_LEVELS)}


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text with its span in the raw file."""

    index: int
    text: str  # normalised text of the sentence
    start: int  # offset of the sentence's first character in Doc.text
    raw_start: int  # offsets into Doc.raw (for evidence)
    raw_end: int
    heading: bool = False  # a short line without final punctuation


@dataclass(frozen=True)
class Mention:
    """A surface form found in a sentence, before resolution."""

    sentence: int
    start: int  # offset within Doc.text
    end: int
    surface: str
    kind: str  # Official, a region level, Program, Industry, Organization
    canonical: str  # canonical name proposed by the matcher
    key: str = ""  # resolution key (adcode for gazetteer regions)
    position: str = ""  # for Officials: the title as written
    office_region: str = ""  # for Officials: surface of the region in the title
    source: str = "text"  # text | short-form | shared-suffix | near-miss | gazetteer


@dataclass
class Entity:
    """One real-world thing named in an article (merged across articles later)."""

    kind: str
    key: str  # stable resolution key; with kind it makes the IRI
    label: str
    aliases: set[str] = field(default_factory=set)
    adcode: str = ""
    broader: str = ""  # lexicon concept the Program/Industry falls under


@dataclass(frozen=True)
class Evidence:
    article: str
    sentence: str  # the raw text of the sentence
    start: int  # raw offsets
    end: int


@dataclass(frozen=True)
class Fact:
    """A relation between two entities (keys are ``(kind, key)`` pairs)."""

    relation: str  # servesIn, locatedIn, implements, develops
    head: tuple[str, str]
    tail: tuple[str, str]
    evidence: Evidence | None  # None: the gazetteer supplied it
    position: str = ""


@dataclass(frozen=True)
class Statistic:
    region: tuple[str, str]
    indicator: str
    value: float
    unit: str
    surface: str
    evidence: Evidence
    year: int | None = None
    offset: int = 0  # offset of the number in Doc.text (two equal numbers stay two)
    qualifier: str = ""  # 多, 余, 近, 约, 以上, 左右 … as written
    upper: float | None = None  # the high end of a range (200到350元)
    concept: str = ""  # prefLabel of the indicator concept (ontology/lexicons/indicators.ttl)


@dataclass
class Doc:
    """An article moving through the pipeline."""

    article_id: str
    raw: str
    content_hash: str = ""
    title: str = ""  # the first heading
    text: str = ""  # normalised text
    offsets: list[int] = field(default_factory=list)  # text index -> raw index
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    mention_entity: dict[int, tuple[str, str]] = field(default_factory=dict)
    subject_region: tuple[str, str] | None = None
    facts: list[Fact] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the article's metadata (kg/stages/metadata.py), dcterms: on the article
    date: str = ""  # ISO date, or only the year ("2019") when the text gives no more
    outlet: str = ""  # 新华社, 新华网 …
    byline: tuple[str, ...] = ()  # reporters' names

    def evidence(self, sentence: Sentence) -> Evidence:
        return Evidence(
            self.article_id,
            self.raw[sentence.raw_start : sentence.raw_end],
            sentence.raw_start,
            sentence.raw_end,
        )
