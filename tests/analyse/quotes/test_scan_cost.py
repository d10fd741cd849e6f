"""The extractor's scans stay linear: each is checked against the rescan it replaced,
and a text of more marks than the budget is read up to the budget only."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.quotes import extract_quotes
from briefing.analyse.quotes.marks import MARK_RE, MAX_MARKS, WordIndex, clip_to_marks, count_marks, paragraphs
from briefing.analyse.quotes.words import BODY_NOUNS

# What `WordIndex.unquoted` replaced: the nouns as one alternation, and a count from `lo`.
_BODY_HEAD_RE = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(BODY_NOUNS, key=len, reverse=True)) + r")(?![\w'’-])", re.I)


def _inside_quote(text: str, lo: int, pos: int) -> bool:
    seg = text[lo:pos]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the ministry", " ", "“", "”", '"', "its Office ", "said ", "x",
                                 "ministry's", "-", "’", "spokesperson's", "é", "PENTAGON"]), max_size=40),
       st.data())
def test_body_heads_outside_quotes_match_a_count_from_the_window_start(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    lo = data.draw(st.integers(0, len(text)))
    pos = data.draw(st.integers(lo, len(text)))
    want = [m.span() for m in _BODY_HEAD_RE.finditer(text, lo, pos) if not _inside_quote(text, lo, m.start())]
    got = WordIndex(text, BODY_NOUNS).unquoted(lo, pos)
    assert [m.span() for m in got] == want


def test_marks_over_the_budget_are_read_as_text() -> None:
    quote = "“Tariffs will rise on Monday next week,” said trade official Lee Kim. "
    text = "\n\n".join([quote * 3] * 4)
    paras = paragraphs(text, None)
    assert count_marks(text, paras) == 24
    clipped = clip_to_marks(text, paras, budget=14)
    # two whole paragraphs (12 marks), then the third up to its 15th mark
    assert clipped[:2] == paras[:2] and len(clipped) == 3
    assert clipped[2] == (paras[2][0], paras[2][0] + text[paras[2][0]:].index("“", len(quote)))
    assert len(MARK_RE.findall(text, *clipped[2])) == 2
    assert clip_to_marks(text, paras, budget=24) == paras
    assert clip_to_marks(text, paras, budget=12) == paras[:2]


def test_half_a_million_unpaired_marks_cost_the_budget_only() -> None:
    text = "The minister said " + '"a ' * (MAX_MARKS * 4)
    assert extract_quotes(text) == ()
    # the quotations inside the budget are still found
    head = "“Tariffs will rise on Monday next week,” said trade official Lee Kim. " * 10
    found = extract_quotes(head + '"a ' * (MAX_MARKS * 4))
    assert len(found) == 10 and {q.speaker for q in found} == {"Lee Kim"}


def test_the_budget_grows_with_the_text_up_to_a_ceiling() -> None:
    from briefing.analyse.quotes.marks import CHARS_PER_MARK, MARKS_BASE, mark_budget

    assert mark_budget([]) == MARKS_BASE
    assert mark_budget([(0, 800), (1000, 1800)]) == MARKS_BASE + 1600 // CHARS_PER_MARK
    assert mark_budget([(0, 10**9)]) == MAX_MARKS
    # a dense paragraph of unpaired marks is read up to its budget, the rest is text
    text = "The minister said " + '"a ' * 3000
    paras = paragraphs(text, None)
    (clipped,) = clip_to_marks(text, paras)
    assert len(MARK_RE.findall(text, *clipped)) == mark_budget(paras)
