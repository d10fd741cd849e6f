"""The mark scans done once per story find what a scan per paragraph found: each is held
to the straightforward version it replaced, on random text and on invented news."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.quotes import _ELEVEN_WORDS_RE, _WORD_RE, extract_quotes
from briefing.analyse.quotes.marks import (
    _INITIALS_RE,
    ABBREV,
    MARK_RE,
    Sentences,
    _marks_by_paragraph,
    _screened,
    clip_to_marks,
    in_order,
    mark_budget,
    paragraphs,
)

# What MARK_RE was: the same marks as a character class.
_CLASS_MARK_RE = re.compile(r"''|``|[\"“”„‟«»]")

_PIECES = ["“", "”", '"', "'", "''", "`", "``", "«", "»", "„", "‟", "a", " ", "\n\n", "\n",
           "said", "Lee", ".", ",", "’", "‘"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _spans(data: st.DataObject, text: str) -> list[tuple[int, int]]:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    if data.draw(st.booleans()):
        spans = data.draw(st.permutations(spans))
    return spans


def _per_paragraph(text: str, paras: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    return [[(m.start(), m.end() - m.start()) for m in _CLASS_MARK_RE.finditer(text, ps, pe)]
            for ps, pe in paras]


@settings(max_examples=400, deadline=None)
@given(_texts, st.data())
def test_one_scan_finds_each_paragraphs_marks(text: str, data: st.DataObject) -> None:
    assert [m.span() for m in MARK_RE.finditer(text)] == [m.span() for m in _CLASS_MARK_RE.finditer(text)]
    for paras in (paragraphs(text, None), paragraphs(text, _spans(data, text))):
        assert _marks_by_paragraph(text, paras) == _per_paragraph(text, paras)


def _clip_per_paragraph(text: str, paras: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    for pi, (ps, pe) in enumerate(paras):
        found = list(MARK_RE.finditer(text, ps, pe))
        if len(found) > budget:
            cut = found[budget].start()
            return paras[:pi] + ([(ps, cut)] if cut > ps else [])
        budget -= len(found)
    return paras


@settings(max_examples=300, deadline=None)
@given(_texts, st.data(), st.integers(0, 12))
def test_the_budget_count_over_the_story_clips_as_the_count_per_paragraph(text: str, data: st.DataObject, budget: int) -> None:
    for paras in (paragraphs(text, None), paragraphs(text, _spans(data, text))):
        assert clip_to_marks(text, paras, budget) == _clip_per_paragraph(text, paras, budget)
        assert clip_to_marks(text, paras) == _clip_per_paragraph(text, paras, mark_budget(paras))


def test_adjacent_spans_that_split_a_doubled_apostrophe_are_scanned_each_on_its_own() -> None:
    text = "He said ''no'' twice"
    cut = text.index("''") + 1
    paras = [(0, cut), (cut, len(text))]
    assert in_order(paras)
    assert _marks_by_paragraph(text, paras) == _per_paragraph(text, paras)
    assert not in_order([(5, 9), (0, 4)]) and not in_order([(0, 5), (4, 9)])


def _plain_screen(text: str, lo: int, dot: int) -> bool:
    w = text[max(lo, dot - 6) : dot].rsplit(None, 1)
    word = w[-1].lower().lstrip("(\"“") if w else ""
    return word in ABBREV or (len(word) == 1 and word.isalpha()) or bool(_INITIALS_RE.match(word))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr.", "U.S.", "J.J.", "a.", "said.", " ", "(", "“", "Dr.",
                                 "etc.", "no.", "Talks", "x", "\n", "Gen."]), max_size=30).map("".join),
       st.data())
def test_the_cached_screen_reads_what_the_plain_one_did(text: str, data: st.DataObject) -> None:
    dot = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, dot))
    assert _screened(text, lo, dot) == _plain_screen(text, lo, dot)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["we", "will", "x" * 30, " ", ", ", "—", "'", "\n", "9"]), max_size=30).map("".join))
def test_eleven_words_are_found_as_counting_them_would(body: str) -> None:
    assert bool(_ELEVEN_WORDS_RE.search(body)) == (len(_WORD_RE.findall(body)) > 10)


def test_news_with_a_quote_running_over_two_paragraphs() -> None:
    text = ("Trade minister Ama Osei spoke on Monday.\n\n"
            "“We will not cut the tariff this year,” Osei said. “The mills need time.\n\n"
            "“And the ports need time too,” she added.\n\n"
            "Critics said the plan was late.")
    quotes = extract_quotes(text)
    # the second quote is left open at its paragraph's end and the next paragraph reopens
    # it: one quotation over both, its marks kept as written
    assert [q.text for q in quotes] == [
        "We will not cut the tariff this year,",
        "The mills need time.\n\n“And the ports need time too,",
    ]
    assert {q.speaker for q in quotes} == {"Ama Osei"}
    assert quotes[0].role == "Trade minister"
    # the sentence spans agree with a story read whole
    sentences = Sentences(text)
    assert sentences.start(0, text.index("Critics") + 3) == text.index("Critics")
