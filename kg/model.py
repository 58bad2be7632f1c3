"""Plain data passed between the pipeline stages.

Each article becomes one :class:`Doc`; every stage fills one layer of it, as
in spaCy.  Spans are character offsets into the *raw* file text, so every
piece of evidence quotes the article exactly as it was written.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kg.vocab import REGION_LEVELS

LEVEL_RANK = {level: i for i, level in enumerate(REGION_LEVELS)}
#: the levels the gazetteer holds, keyed by adcode; towns and villages come from the division table
GAZETTEER_LEVELS = REGION_LEVELS[: LEVEL_RANK["County"] + 1]


def county_of(key: str) -> str:
    """The county adcode a region's key holds.

    A county's key is its adcode; a town's or village's is its official code
    (9 or 12 digits, the county's six first) or ``county-name`` where the
    codes table lacks it, with ``cn`` for a county that cannot be known.
    """
    return key[:6] if key.isdigit() else key.split("-", 1)[0]


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
class Title:
    """One post named in a title: ``县林业局局长`` → position 林业局局长, role 局长.

    Spans are offsets within Doc.text; the region span is that of the region
    written with the title (``都兰县|畜牧兽医站站长``), or (0, 0).
    """

    position: str  # the title as written, without a written region
    role: str  # its last word (局长, 书记, 理事长)
    level: str = ""  # the office's level when a level word, the role or a unit says it
    start: int = 0
    end: int = 0
    region_span: tuple[int, int] = (0, 0)
    body: bool = False  # the unit is an organisation of its own (局, 医院, 合作社)
    business: bool = False  # ... and not a region's office (合作社, 公司): no servesIn


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
    source: str = "text"  # text | short-form | shared-suffix | near-miss | gazetteer | table
    parent: str = ""  # for towns and villages of the division table: the town of a village
    titles: tuple[Title, ...] = ()  # for Officials: every post the title names


@dataclass
class Entity:
    """One real-world thing named in an article (merged across articles later)."""

    kind: str
    key: str  # stable resolution key; with kind it makes the IRI
    label: str
    aliases: set[str] = field(default_factory=set)
    adcode: str = ""
    broader: str = ""  # lexicon concept the Program/Industry falls under
    #: for towns and villages of the division table: the parent it lists, (kind, key), and
    #: that parent's name (a village's town may be a node the article never names)
    parent: tuple[str, str] | None = None
    parent_label: str = ""
    division_path: str = ""  # county adcode/town[/village] in the division table


@dataclass(frozen=True)
class TextBox:
    """Where a line of a PDF or image source's raw text is on its page.

    ``start``/``end`` are raw offsets; ``page`` counts from 1; ``box`` is
    (left, top, right, bottom) as fractions of the page's width and height,
    so a crop works on any rendering of the page.
    """

    start: int
    end: int
    page: int
    box: tuple[float, float, float, float]


def _box_start(box: TextBox) -> int:
    return box.start


@dataclass(frozen=True)
class Evidence:
    article: str
    sentence: str  # the raw text of the sentence
    start: int  # raw offsets
    end: int
    page: int = 0  # PDF and image sources: the page the sentence starts on (from 1)
    box: tuple[float, float, float, float] | None = None  # its lines on that page, united


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


@dataclass(frozen=True)
class Post:
    """One office one official holds, as an article states it (org:Membership)."""

    holder: tuple[str, str]
    position: str
    role: str
    region: tuple[str, str] | None
    organization: tuple[str, str] | None
    evidence: Evidence


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
    #: level -> the region in focus there (what 全县, 该镇, 本村 refer to); kg.extract.match.focus
    focus: dict[str, tuple[str, str]] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # the article's metadata (kg/extract/metadata.py), dcterms: on the article
    date: str = ""  # ISO date, or only the year ("2019") when the text gives no more
    outlet: str = ""  # 新华社, 新华网 …
    byline: tuple[str, ...] = ()  # reporters' names
    boxes: tuple[TextBox, ...] = ()  # PDF and image sources: raw lines on their pages, in order
    meta: dict[str, str] = field(default_factory=dict)  # a source's date, publisher, creator
    #: a PDF or image source's bytes, as read once: its evidence crops are cut from them
    data: bytes = field(default=b"", repr=False)

    def evidence(self, sentence: Sentence) -> Evidence:
        start, end = sentence.raw_start, sentence.raw_end
        page, box = self.place(start, end)
        return Evidence(self.article_id, self.raw[start:end], start, end, page, box)

    def place(self, start: int, end: int) -> tuple[int, tuple[float, float, float, float] | None]:
        """The page of raw span ``[start, end)`` and the box of its lines on that page."""
        if not self.boxes:
            return 0, None
        i = max(0, bisect_right(self.boxes, start, key=_box_start) - 1)
        if self.boxes[i].end <= start and i + 1 < len(self.boxes):
            i += 1  # the span starts between two lines
        first = self.boxes[i]
        if first.start >= end:
            return 0, None
        lines = [first]
        for b in self.boxes[i + 1 :]:
            if b.start >= end or b.page != first.page:
                break
            lines.append(b)
        return first.page, (min(b.box[0] for b in lines), min(b.box[1] for b in lines),
                            max(b.box[2] for b in lines), max(b.box[3] for b in lines))
