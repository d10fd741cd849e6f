"""The document tree between templates and renderers.

A template renders a `Brief` to restricted Markdown; `layout.py` parses that into a `Doc`;
each renderer (DOCX, PDF) reads only a `Doc`. The tree is small and closed, like pandoc's
AST: renderers `match` on these node types and use `assert_never` for the rest.

Text in `Text` nodes is plain text, never markup: renderers must escape it for their
target (reportlab's mini-HTML, WordprocessingML).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Union

# Style names shared by the DOCX reference document and the PDF style sheet. Every one
# must exist in templates/styles/reference.docx and templates/styles/pdf.toml.
STYLE_NAMES: tuple[str, ...] = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Normal",
    "Body Text",
    "List Bullet",
    "List Number",
    "Quote",
    "Quote Attribution",
    "Caption",
    "Table Grid",
    "Header",
    "Footer",
    "Hyperlink",
    "Banner",
    "TOC Heading",
)


# ---------------------------------------------------------------- inlines
@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """External hyperlink (http, https, mailto)."""

    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True, slots=True)
class Cite:
    """Internal link from a point or quote to its entry in the source list.
    Markdown: `[3](src:a03)`; `label` is the visible text ("3")."""

    article_id: str
    label: str


@dataclass(frozen=True, slots=True)
class Anchor:
    """The target of `Cite(article_id)`: placed in the source list entry.
    Markdown: `[3](anchor:a03)`; `label` is the visible text."""

    article_id: str
    label: str


Inline = Union[Text, Strong, Emph, Link, Cite, Anchor]


# ---------------------------------------------------------------- blocks
@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1..3
    children: tuple[Inline, ...]
    id: str  # slug, unique within the Doc; bookmark / outline key


@dataclass(frozen=True, slots=True)
class Para:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """Bulleted or numbered list; each item is a tuple of blocks. A numbered list
    always starts at `start` (numbering restarts per list)."""

    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quotation set off from the text; `attribution` (speaker, role, citation) is
    rendered in the "Quote Attribution" style under it."""

    children: tuple[Block, ...]
    attribution: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]


@dataclass(frozen=True, slots=True)
class Toc:
    """Table of contents: a field in DOCX, a clickable list in PDF."""

    title: str = "Contents"


Block = Union[Heading, Para, ListBlock, BlockQuote, Table, Toc]


@dataclass(frozen=True, slots=True)
class DocMeta:
    title: str
    as_of: date
    subtitle: str = ""
    banner: str = ""  # handling banner, e.g. "TLP:CLEAR"; printed in header and footer
    audience: str = ""
    page_limit: int | None = None


@dataclass(frozen=True, slots=True)
class Doc:
    meta: DocMeta
    blocks: tuple[Block, ...]


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The visible text of a run of inlines (for bookmarks, TOC entries, tests)."""
    out: list[str] = []
    for node in inlines:
        match node:
            case Text(text=t):
                out.append(t)
            case Strong(children=c) | Emph(children=c) | Link(children=c):
                out.append(plain_text(c))
            case Cite(label=label) | Anchor(label=label):
                out.append(label)
    return "".join(out)
