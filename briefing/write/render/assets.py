"""Where renderers find their style files: the user's copy first, then the shipped one.

In: `RenderOptions` and a file name under templates/styles/ ("reference.docx", "pdf.toml").
Out: the path to use. A user's templates folder (from `briefing init`) may hold
`styles/<name>`; `RenderOptions.templates_dir` may point at that folder or at its
`styles/` directly.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from briefing.config import TEMPLATES_DIR
from briefing.write import doc as d
from briefing.write.render import RenderOptions


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def style_file(options: RenderOptions, name: str) -> Path:
    """The style file `name`: the user's override if present, else the shipped file."""
    if options.templates_dir is not None:
        for candidate in (options.templates_dir / "styles" / name, options.templates_dir / name):
            if candidate.is_file():
                return candidate
    return TEMPLATES_DIR / "styles" / name


def heading_shift(blocks: tuple[d.Block, ...]) -> int:
    """Levels to lift every heading by so that the shallowest is level 1: the brief's
    name is the Title, its sections (`##` in the templates) are Heading 1 in Word's
    navigation pane and the PDF's bookmarks, as pandoc's --shift-heading-level-by."""
    return min((b.level for b in blocks if isinstance(b, d.Heading)), default=1) - 1


def is_caption(block: d.Block) -> bool:
    """A line in italics alone: under a heading, its keyword, role or note line."""
    return isinstance(block, d.Para) and len(block.children) == 1 and isinstance(block.children[0], d.Emph)


def kept_with_next(blocks: tuple[d.Block, ...]) -> frozenset[int]:
    """Indexes of the blocks that must stay on the page of the block after them: every
    heading, and the caption line (keywords, a speaker's role) right under a heading, so
    that no heading and no such line ever ends a page."""
    kept: set[int] = set()
    for i, block in enumerate(blocks):
        if isinstance(block, d.Heading):
            kept.add(i)
        elif i and i - 1 in kept and isinstance(blocks[i - 1], d.Heading) and is_caption(block):
            kept.add(i)
    return frozenset(kept)


def heading_level(level: int, shift: int) -> int:
    """A heading's level once lifted by `shift`, within the styles' 1-3."""
    return min(max(level - shift, 1), 3)


def document_title(meta: d.DocMeta) -> str:
    """The title a catalogue lists: the brief's and its audience's ("US–China
    Relations — Principal's brief"), so each audience's file is told apart."""
    return f"{meta.title} — {meta.subtitle}" if meta.subtitle else meta.title


def long_date(day: date) -> str:
    """'12 March 2025', independent of the process locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def safe_url(url: str) -> bool:
    """Only web and mail links become clickable; anything else prints as text."""
    return url.lower().startswith(("http://", "https://", "mailto:"))


def bookmark_name(prefix: str, key: str) -> str:
    """A bookmark / named destination for `key`: `prefix + key` when that is a valid Word
    bookmark name (letters, digits, underscore; at most 40 characters), else a cleaned,
    truncated form made unique by a short hash of `key`. Same name in DOCX and PDF."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", key)
    name = prefix + clean
    if clean == key and len(name) <= 40:
        return name
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{name[:31]}_{digest}"


def collect_anchors(blocks: tuple[d.Block, ...]) -> frozenset[str]:
    """Article ids that some `Anchor` in the document marks."""
    found: set[str] = set()

    def inlines(nodes: tuple[d.Inline, ...]) -> None:
        for node in nodes:
            match node:
                case d.Anchor(article_id=article_id):
                    found.add(article_id)
                case d.Strong(children=c) | d.Emph(children=c) | d.Link(children=c):
                    inlines(c)

    def walk(block: d.Block) -> None:
        match block:
            case d.Heading(children=c) | d.Para(children=c):
                inlines(c)
            case d.ListBlock(items=items):
                for item in items:
                    for child in item:
                        walk(child)
            case d.BlockQuote(children=children, attribution=attribution):
                for child in children:
                    walk(child)
                inlines(attribution)
            case d.Table(header=header, rows=rows):
                for row in (header, *rows):
                    for cell in row:
                        inlines(cell)

    for block in blocks:
        walk(block)
    return frozenset(found)


def column_weights(table: d.Table) -> list[int]:
    """Relative column widths: each column's longest text within bounds, and never
    narrower than its longest word, so a "#" column stays narrow, a title column gets the
    room, and no word is broken across lines."""
    rows = (table.header, *table.rows)
    ncols = max((len(row) for row in rows), default=0)
    weights = []
    for col in range(ncols):
        texts = [d.plain_text(row[col]) for row in rows if col < len(row)]
        longest = max((len(text) for text in texts), default=1)
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        # A header word is set in bold, wider per letter: "Quotes" must not wrap to "Quote/s".
        head = d.plain_text(table.header[col]) if col < len(table.header) else ""
        head_word = max((len(word) for word in head.split()), default=0)
        weights.append(min(max(longest, longest_word + 2, head_word + 4, 5), 48))
    return weights
