"""Shared types of the analysis stages: documents in, one `Brief` out.

Every stage is a module of pure functions over these frozen dataclasses. All character
offsets (`start`, `end`) index into `Document.text`, the article's text as ingested (for a
text file: its decoded content with line endings normalised to "\\n"), so that
`document.text[start:end]` is always the exact span a point or quote came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Document:
    """One input file after ingest: its text and what it says about itself.

    `origins` records where each metadata field came from, as (field, origin) pairs,
    e.g. ("date", "header"), ("outlet", "text"), ("title", "html-meta").
    `body_start` is the offset where the body begins (after a metadata header or front
    matter); text before it is metadata, never content.
    """

    source: str
    text: str
    format: str
    title: str | None = None
    outlet: str | None = None
    date: date | None = None
    url: str | None = None
    author: str | None = None
    body_start: int = 0
    origins: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Removed:
    """A span that cleaning took out, and the rule (by name) that took it."""

    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class Item:
    """One story inside a document. Item 0 is the article itself; later items are
    unrelated stories appended to it (a site's "more news" tail), judged on their own."""

    index: int
    title: str | None
    blocks: tuple[Span, ...]
    title_span: Span | None = None  # where the headline line is, when the body prints it


@dataclass(frozen=True, slots=True)
class Cleaned:
    items: tuple[Item, ...]
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str  # stable: "a03.p2.s1" (article, paragraph, sentence; 1-based)
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    id: str  # "a03.p2"
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation: `text == source_text[start:end]`, marks excluded."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    role: str | None = None
    speaker_kind: str | None = None  # "person" | "body" | "pronoun" | None
    cue: str | None = None  # the verb or phrase that attributes it ("said", "according to")
    article: str = ""
    section: str | None = None
    # the speaker as the text names them at the cue ("he", "the senator", "Mr. Osei"); a
    # quote without a cue of its own carries the mention of the cue it takes its speaker
    # from (or the resolved name when there is none)
    mention: str | None = None
    # The sentence that carries a quote which is not a whole sentence itself (a fragment
    # inside the journalist's words), so it can be shown inline rather than alone.
    context: Sentence | None = None


@dataclass(frozen=True, slots=True)
class Keyword:
    text: str
    score: float  # YAKE score: lower is more relevant


@dataclass(frozen=True, slots=True)
class Assignment:
    """A sentence placed in a section, with the rule that placed it."""

    sentence_id: str
    section: str
    rule: str
    weight: float


@dataclass(frozen=True, slots=True)
class Point:
    """A key point: a verbatim sentence, cited to its article."""

    text: str
    article: str
    start: int
    end: int
    sentence_id: str
    rule: str
    score: float = 0.0
    score_parts: tuple[tuple[str, float], ...] = ()
    outlets: tuple[str, ...] = ()
    status: str | None = None  # "new" | "continuing" against a previous brief
    # The next sentence of the article when it only says whose claim this is ("This was
    # stated by the ministry's spokesperson."): shown with the point, never dropped.
    attribution: Sentence | None = None


@dataclass(frozen=True, slots=True)
class SectionBrief:
    id: str
    title: str
    points: tuple[Point, ...]
    quotes: tuple[Quote, ...]
    keywords: tuple[Keyword, ...] = ()
    articles: tuple[str, ...] = ()
    status: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """A row of the brief's article list: every input appears, used or not."""

    id: str
    source: str
    title: str | None
    outlet: str | None
    date: date | None
    url: str | None
    status: str  # "used" | "off_topic" | "skipped"
    reason: str | None
    sections: tuple[str, ...] = ()
    parent: str | None = None  # for an appended item: the article it was appended to
    span: tuple[int, int] | None = None  # for an appended item: where it is in the text
    origins: tuple[tuple[str, str], ...] = ()
    page_date: date | None = None  # a page date the article's own text contradicts
    opening: str | None = None  # a headline-less story's first words


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    as_of: date
    period_start: date | None
    period_end: date | None
    articles: tuple[ArticleRecord, ...]
    sections: tuple[SectionBrief, ...]
    quotes: tuple[Quote, ...]
    key_points: tuple[Point, ...] = ()
    extras: tuple[tuple[str, object], ...] = field(default=())
    schema_version: int = 1


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a story belongs in the brief; `reason` says why not, in one line."""

    on_topic: bool
    reason: str | None
    assignments: tuple[Assignment, ...]
    sections: tuple[str, ...]  # sections the story contributes to, in taxonomy order


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    """One story of a document after every per-article stage."""

    id: str  # "a03" for the article itself, "a03.i2" for its second (appended) story
    index: int
    title: str | None
    verdict: Verdict
    paragraphs: tuple[Paragraph, ...]
    quotes: tuple[Quote, ...]
    # For an on-topic story, what wire-copy detection reads of its text (a
    # `analyse.prints.TextPrint`), made in the worker so the build need not keep the text.
    text_print: object | None = None


@dataclass(frozen=True, slots=True)
class DocAnalysis:
    """The result of the per-article stage: a pure function of one document, so it can
    run in a process pool (or on Dask/Ray) unchanged."""

    id: str
    document: Document
    stories: tuple[StoryAnalysis, ...]
    removed: tuple[Removed, ...] = ()
