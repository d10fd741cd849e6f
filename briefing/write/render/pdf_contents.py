"""The PDF's contents list, laid out in one pass.

A contents list needs the page of every heading, known only once the whole document is
laid out; reportlab's answer is `multiBuild`, which lays the document out again (twice
with seeded entries) to draw the numbers. Here the list is laid out once with its entries
seeded (their titles and levels are known before layout, and the page numbers take no
room in a line), and the dots and numbers are drawn when the held pages are written out,
by which time every heading has its page. The pages look as multiBuild's second pass
made them, each number at the same place in the page's content stream (text extraction
reads it with its entry); the document is laid out once instead of twice.

In: the story's headings (before layout), the positions the list's entries were drawn at
and the page each heading landed on (after). Out: the dots and page numbers, and their
links, on the pages that hold the list.
"""

from __future__ import annotations

from ast import literal_eval
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

__all__ = ["Contents", "Deferred", "draw_deferred", "outline_levels", "seed_contents"]


@dataclass(frozen=True, slots=True)
class Deferred:
    """Where one entry's dots and page number go: the page, the place in its content
    stream, the drawing position as the entry's paragraph left it (transform and text
    cursor), and how to draw it."""

    page: int
    index: int
    matrix: tuple[float, ...]
    x: float
    y: float
    style: ParagraphStyle
    dot: str
    key: str | None
    width: float
    height: float


class Contents(TableOfContents):
    """A contents list whose entries are given before layout and whose page numbers are
    drawn afterwards (`draw_deferred`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.deferred: list[Deferred] = []

    def seed(self, entries: list[tuple[int, str, int, str]]) -> None:
        # What the list lays out: reportlab lays out the previous pass's entries.
        self._lastEntries = list(entries)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size: tuple[float, float] = super().wrap(availWidth, availHeight)

        def defer(canvas: Canvas, _kind: str, label: str) -> None:
            # The label reportlab gives each entry: "page,level,repr(key)".
            _page, level, key = label.split(",")
            style = self.getLevelStyle(int(level))
            dot = " . " if 0 <= self.dotsMinLevel <= int(level) else ""
            info = canvas._curr_tx_info
            self.deferred.append(Deferred(canvas.getPageNumber(), len(canvas._code), tuple(canvas._currentMatrix),
                                          info["cur_x"], info["cur_y"], style, dot, literal_eval(key), availWidth,
                                          availHeight))  # fmt: skip

        self.canv.setNamedCB("drawTOCEntryEnd", defer)
        return size


def draw_deferred(canvas: Canvas, page: int, contents: list[Contents], pages: dict[str, int]) -> None:
    """Draw the dots and page numbers of the entries placed on `page` (the canvas holds
    that page), as reportlab's own contents list draws them, with the page each heading
    landed on: each entry's operators go where its paragraph asked for them, within its
    paragraph's transform; its link is placed through that transform."""
    entries = [entry for toc in contents for entry in toc.deferred if entry.page == page]
    code, matrix = canvas._code, canvas._currentMatrix
    # From the last: inserting operators leaves the places of earlier entries as they were.
    for entry in reversed(entries):
        canvas._code = []
        canvas._currentMatrix = entry.matrix
        canvas._curr_tx_info = {"cur_x": entry.x, "cur_y": entry.y}
        number = pages.get(entry.key, 0) if entry.key else 0
        drawPageNumbers(canvas, entry.style, [(number, entry.key)], entry.width, entry.height, entry.dot)
        code[entry.index:entry.index] = canvas._code
    canvas._code, canvas._currentMatrix = code, matrix


def outline_levels(levels: list[int]) -> list[int]:
    """Heading levels (1-3) as outline depths (0-2): a PDF outline may only go one level
    deeper at a time, so a Heading 3 straight under a Heading 1 becomes depth 1."""
    # Depth counts from the document's shallowest heading: a brief whose sections are
    # all Heading 2 gets a flat outline, not every section nested under the first.
    base = min(levels, default=1)
    out: list[int] = []
    last = -1
    for level in levels:
        last = min(level - base, last + 1)
        out.append(last)
    return out


def seed_contents(story: list[Flowable], headings: list[tuple[int, str, str, str]]) -> list[Contents]:
    """Give each contents list in `story` its entries (level, title, markup, key per
    heading, in order) before layout; returns the lists."""
    depths = outline_levels([level for level, _, _, _ in headings])
    entries = [(depth, markup, 0, key) for depth, (_, _, markup, key) in zip(depths, headings)]
    found = [flowable for flowable in story if isinstance(flowable, Contents)]
    for toc in found:
        toc.seed(entries)
    return found
