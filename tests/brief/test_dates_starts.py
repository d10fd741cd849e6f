"""The date reader tries its big pattern only at word starts that can begin a shape,
once each: the mentions are those of trying it at every word start before each core
(invented sentences, and the seed articles read whole and line by line)."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.brief import dates
from seedkit import SEEDS

_WORD_START = re.compile(r"(?<![\w'’])[\w]")


def _reference_find(text: str, start: int, end: int, anchor: date | None) -> tuple[dates.DateMention, ...]:
    """The scan as it was: every word start in the window before each core."""
    out = []
    pos = start
    for p in dates._core_positions(text, start, end):
        if p < pos:
            continue
        starts = [m.start() for m in _WORD_START.finditer(text, max(pos, p - dates._LOOKBACK), p)] + [p]
        for w in starts:
            m = dates._PATTERN.match(text, w, end)
            if m is None or m.end() <= p:
                continue
            try:
                mention = dates._mention(text, m, start, end, anchor)
            except (ValueError, OverflowError):
                mention = dates._mention(text, m, start, end, None)
            if mention is not None:
                out.append(mention)
                pos = m.end()
            break
    return tuple(out)


# Shapes, near-shapes, words that only look like the first word of one ("Mayday",
# "Tonights", "Sept"), cut words ("T" + "onight"), other scripts' digits.
_PIECES = st.sampled_from(
    ["The envoy", "will visit", "met", "on June 18", "June18", "18th of June", "last week", "in May", "Mayday",
     "next Friday", "Friday's", "Fridays", "from 3 to 5 March 2024", "two weeks ago", "said", "talks", ",", ".",
     "since 2019", "tomorrow", "Tonight", "Tonights", "T", "onight", "Sept.", "Sep", "Mid-June", "mid", "late",
     "earlier this year", "the 14th", "on the 3rd", "by", "By", "A", "an", "several days ago", "٣", "١٢ days ago",
     "'", "’s", "(", ")", "Wednesday (April 26)", "the end of", "coming", "the coming weekend", "Dec", "Decade",
     "yesterday", "Today", "x", "é", "2024", "1999-2000", "$2019", "week", "month", "year", "—", "\n", "on", "On"]
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_PIECES, min_size=1, max_size=16),
    st.sampled_from([" ", "", "  "]),
    st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))),
    st.integers(0, 5),
    st.integers(0, 5),
)
def test_the_mentions_are_those_of_trying_every_word_start(pieces, glue, anchor, cut_start, cut_end) -> None:
    text = glue.join(pieces)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert dates.find_date_mentions(text, start, end, anchor) == _reference_find(text, start, end, anchor)


def test_the_seed_articles_read_alike_whole_and_by_line() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for anchor in (None, date(2024, 4, 26)):
            whole = dates.find_date_mentions(text, 0, len(text), anchor)
            assert whole == _reference_find(text, 0, len(text), anchor)
            offset = 0
            for line in text.splitlines(keepends=True):
                found = dates.find_date_mentions(text, offset, offset + len(line), anchor)
                assert found == _reference_find(text, offset, offset + len(line), anchor)
                offset += len(line)
            assert whole


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("aejmnoprstuwyADFJMNOSTW ,.-/0123456789") + ["May ", "week", "Monday", "ago", "١", "Sept. "]), max_size=30).map("".join))
def test_a_text_that_cannot_mention_a_date_has_no_date_mention(text: str) -> None:
    from briefing.brief.dates import find_date_mentions, may_mention

    if not may_mention(text):
        assert find_date_mentions(text, anchor=date(2024, 4, 30)) == ()
        assert find_date_mentions(text) == ()
