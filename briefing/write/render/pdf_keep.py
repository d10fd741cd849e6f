"""Headings that never end a PDF page.

reportlab keeps a heading with the one flowable after it (`keepWithNext`), which under a
heading is often its keyword or role line: the two could end a page while the points or
the quote they introduce began the next. A fixed room reserved before each heading was
either too small (a speaker's long first quote) or wasted space.

Here the room is measured: before each heading, a `RoomFor` holds the headings and
caption lines that follow (`assets.kept_with_next`) and the first piece of what they
introduce (a list's first item, a table's header and first row, a whole quote, a
paragraph), and breaks the page unless all of them fit in what is left of it.

In: the `Doc`'s blocks with the flowables each became, and a way to measure a block's
first piece. Out: the story, with a `RoomFor` before each run of headings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from briefing.write import doc as d
from briefing.write.render.assets import kept_with_next

__all__ = ["RoomFor", "with_room"]


def _measured(flowable: Flowable) -> list[Flowable]:
    # A KeepTogether answers "taller than any page" to make the frame split it; its
    # content is what takes room.
    return list(flowable._content) if isinstance(flowable, KeepTogether) else [flowable]


class RoomFor(CondPageBreak):
    """A page break unless `heads` and `first` (the first piece of what they
    introduce) fit in the room left on the page."""

    def __init__(self, heads: Sequence[Flowable], first: Sequence[Flowable]) -> None:
        super().__init__(0)
        self.heads = [m for f in heads for m in _measured(f)]
        self.first = [m for f in first for m in _measured(f)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        need = 0.0
        for flowable in (*self.heads, *self.first):
            _, height = flowable.wrapOn(self.canv, availWidth, 0x7FFFFFFF)
            # Spaces counted in full, though the frame lets a space after and the space
            # before the next overlap: a few points of page too many, never too few.
            need += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        frame = self._doctemplateAttr("frame")
        if frame is not None:
            # A group taller than a page breaks unless it already starts one.
            need = min(need, frame._height - frame._topPadding - frame._bottomPadding - 1)
        self.height = need
        return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]


def with_room(blocks: Sequence[d.Block], rendered: Sequence[list[Flowable]],
              first_piece: Callable[[d.Block, list[Flowable]], list[Flowable]]) -> list[Flowable]:  # fmt: skip
    """The flowables of `blocks` (`rendered[i]` for `blocks[i]`) in order, with a
    `RoomFor` before each run of headings and caption lines, measuring that run and the
    `first_piece` of the block after it."""
    kept = kept_with_next(tuple(blocks))
    story: list[Flowable] = []
    for i, flowables in enumerate(rendered):
        if i in kept and (i - 1) not in kept:
            end = i
            while end in kept:
                end += 1
            heads = [f for group in rendered[i:end] for f in group]
            first = first_piece(blocks[end], rendered[end]) if end < len(blocks) else []
            story.append(RoomFor(heads, first))
        story.extend(flowables)
    return story
