"""Sentence bounds found once per text answer as a rescan of each window would."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.quotes.marks import _MAX_SENTENCE, _SENT_END_RE, Sentences, _screened


# The window scans `Sentences` replaces: correct by construction, 600 characters a call.
def _rescan_start(text: str, lo: int, hi: int) -> int:
    if hi - lo > _MAX_SENTENCE:
        lo = hi - _MAX_SENTENCE
    best = lo
    for m in _SENT_END_RE.finditer(text, lo, min(len(text), hi + 1)):
        if m.end() > hi:
            break
        if text[m.start()] == "." and _screened(text, lo, m.start()):
            continue
        best = m.end()
    return best


def _rescan_end(text: str, lo: int, hi: int) -> int:
    hi = min(hi, lo + _MAX_SENTENCE)
    for m in _SENT_END_RE.finditer(text, lo, hi):
        if text[m.start()] == "." and _screened(text, lo, m.start()):
            continue
        return m.start() + 1
    return hi


# Pieces that make sentence ends, abbreviations, initials and closing marks collide.
_PIECES = ["Mr.", " ", "  ", "U.S.", "J.J.", "a.", "Talks", "ended.", "said", "?", "!", "”",
           "’", ")", "\"", "“", "(", "9", "etc.", "x", "\n", "Gen.", "no.", "...", "Lee"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80), st.data())
def test_bounds_match_a_rescan_of_each_window(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    sentences = Sentences(text)
    n = len(text)
    for _ in range(10):
        lo = data.draw(st.integers(0, n))
        hi = data.draw(st.integers(lo, n + 2))
        assert sentences.start(lo, hi) == _rescan_start(text, lo, hi)
        assert sentences.end(lo, hi) == _rescan_end(text, lo, hi)


def test_bounds_far_into_a_long_paragraph_look_back_a_window_only() -> None:
    text = "Officials met. Then " + "more talks " * 100 + "ended. Mr. Lee spoke."
    sentences = Sentences(text)
    hi = text.index("Lee")
    # the window starts 600 characters back, past the first sentence end
    assert sentences.start(0, hi) == text.index("Mr. Lee") == _rescan_start(text, 0, hi)
    assert sentences.start(0, 20) == text.index("Then")
    assert sentences.end(0, len(text)) == text.index(". ") + 1
    long_run = "words " * 200
    assert Sentences(long_run).end(0, len(long_run)) == _MAX_SENTENCE
    assert re.fullmatch(r"(words )+", long_run)
