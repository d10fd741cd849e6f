"""Sentence splitting and paragraph ids on real shapes of news prose."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.clean import clean
from briefing.read.ingest import read_document
from briefing.model import Span
from briefing.analyse.segment import segment, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


def test_abbreviations_and_titles_do_not_end_sentences() -> None:
    text = "Mr. Smith met Gen. Lee and Dr. Ng in the U.S. on Jan. 5. They talked for No. 2 hours."
    assert sents(text) == [
        "Mr. Smith met Gen. Lee and Dr. Ng in the U.S. on Jan. 5.",
        "They talked for No. 2 hours.",
    ]


def test_initialism_ends_sentence_before_a_sentence_opener() -> None:
    assert sents("He lives in the U.S. The talks ended.") == ["He lives in the U.S.", "The talks ended."]
    assert sents("The U.S. Congress passed it.") == ["The U.S. Congress passed it."]


def test_initials_and_decimals() -> None:
    assert sents("John F. Kennedy spoke. Rates rose 3.5% to 12.25 points.") == [
        "John F. Kennedy spoke.",
        "Rates rose 3.5% to 12.25 points.",
    ]


def test_quotes_with_closing_marks_after_the_period() -> None:
    text = "“It is clear,” he said. “We will act.” Xi said both sides should “value peace and stability.” Then he left."
    assert sents(text) == [
        "“It is clear,” he said.",
        "“We will act.”",
        "Xi said both sides should “value peace and stability.”",
        "Then he left.",
    ]


def test_question_inside_quote_followed_by_attribution() -> None:
    text = '"So why now?" Wu said. "Why not?" he asked.'
    assert sents(text) == ['"So why now?" Wu said.', '"Why not?" he asked.']


def test_ellipsis_and_no_final_period() -> None:
    assert sents("Wait... what happened? Markets fell… Nobody knows") == [
        "Wait... what happened?",
        "Markets fell…",
        "Nobody knows",
    ]


def test_missing_space_after_period() -> None:
    assert sents("the guiding ideology of its policy towards China.This is also what he said.") == [
        "the guiding ideology of its policy towards China.",
        "This is also what he said.",
    ]


def test_list_number_and_cjk() -> None:
    assert sents("1. Background and Significance:") == ["1. Background and Significance:"]
    assert sents("中国。美国！好") == ["中国。", "美国！", "好"]


def test_segment_ids_and_offsets_on_a_seed() -> None:
    doc = read_document(SEEDS / "000_b5cacddf7a69e48c.txt", "000.txt")
    item = clean(doc).items[0]
    paras = segment("a00", doc.text, item.blocks)
    assert paras[0].id == "a00.p1" and paras[0].sentences[0].id == "a00.p1.s1"
    assert paras[1].sentences[0].text.startswith("The recent visit")  # the dateline is cleaned off
    for p in paras:
        for s in p.sentences:
            assert doc.text[s.start : s.end] == s.text
    quote = [s.text for p in paras for s in p.sentences if s.text.startswith("“It’s clear")]
    assert quote == ["“It’s clear that the two sides have very little in common on substantive issues,” said Allen Carlson, a professor of international relations at Cornell University."]


def test_empty_blocks_are_skipped_and_numbering_stays_dense() -> None:
    text = "One.   \n\nTwo. Three."
    paras = segment("a01", text, [Span(0, 4), Span(4, 8), Span(10, 21)])
    assert [p.id for p in paras] == ["a01.p1", "a01.p2"]
    assert [s.id for s in paras[1].sentences] == ["a01.p2.s1", "a01.p2.s2"]


_prose = st.lists(
    st.sampled_from(list("abcXYZ .!?…\"'“”‘’()\n\t0123456789,;:-中。") + ["Mr.", "U.S.", " The ", "Inc. "]),
    max_size=120,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_prose, st.lists(st.tuples(st.integers(0, 320), st.integers(0, 320)), max_size=5))
def test_segment_offsets_rebuild_paragraphs(text: str, raw_blocks: list[tuple[int, int]]) -> None:
    blocks = [Span(min(a, b), max(a, b)) for a, b in raw_blocks]
    for p in segment("a09", text, blocks):
        assert 0 <= p.start < p.end <= len(text)
        last = p.start
        for s in p.sentences:
            assert s.text == text[s.start : s.end]
            assert last <= s.start < s.end <= p.end
            assert s.text == s.text.strip()
            last = s.end
        # the sentences cover every non-space character of the paragraph
        covered = "".join(s.text for s in p.sentences)
        assert "".join(covered.split()) == "".join(text[p.start : p.end].split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2003ab.", max_size=30), st.data())
def test_trim_drops_exactly_the_whitespace_at_both_ends(text: str, data: st.DataObject) -> None:
    from briefing.analyse.segment import _trim

    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(0, len(text)))
    a, b = _trim(text, s, e)
    if s >= e:
        assert (a, b) == (s, e)
    else:
        assert text[a:b] == text[s:e].strip() and s <= a <= b <= e
        assert a == b or (not text[a].isspace() and not text[b - 1].isspace())
