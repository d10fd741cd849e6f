"""Tests of the direct-quote extractor: fixture cases per construction, the seed articles'
expected quotes, and properties that must hold for any text (offsets exact, no raise)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.quotes import extract_quotes

HERE = Path(__file__).parents[1]
FIXTURES = HERE / "fixtures" / "quotes"
ROOT = HERE.parent


def _read_fixtures() -> list[tuple[str, str, str, list[tuple[str, str | None, str | None]]]]:
    """Cases in the markdown-it-py fixture style: a title line, then blocks separated by a
    line holding a single ".": input text, then expected lines `quote | speaker | role`
    ("-" for none; "\\n" in a quote stands for a line break)."""
    cases = []
    for path in sorted(FIXTURES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        i = 0
        while i < len(lines):
            if not lines[i].strip():
                i += 1
                continue
            title = lines[i].strip()
            assert lines[i + 1] == ".", f"{path.name}: '.' expected after {title!r}"
            j = lines.index(".", i + 2)
            source = "\n".join(lines[i + 2 : j])
            k = lines.index(".", j + 1)
            expected = []
            for row in lines[j + 1 : k]:
                quote, speaker, role = (c.strip() for c in row.split(" | "))
                expected.append((quote.replace("\\n", "\n"),
                                 None if speaker == "-" else speaker,
                                 None if role == "-" else role))
            cases.append((f"{path.stem}: {title}", title, source, expected))
            i = k + 1
    return cases


CASES = _read_fixtures()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_fixture(case: tuple[str, str, str, list[tuple[str, str | None, str | None]]]) -> None:
    _, _, source, expected = case
    got = extract_quotes(source)
    for q in got:
        assert source[q.start : q.end] == q.text
    assert [(q.text, q.speaker, q.role) for q in got] == expected


def test_fixtures_cover_every_construction() -> None:
    assert len(CASES) >= 30


def test_spans_limit_the_paragraphs_read() -> None:
    text = "“We will win this vote,” Ana Silva said.\n\n“Buy now and save,” said Happy Customer."
    first = (0, text.index("\n\n"))
    got = extract_quotes(text, [first])
    assert [q.text for q in got] == ["We will win this vote,"]


def test_single_line_paragraphs_without_blank_lines() -> None:
    text = "Ana Silva spoke on Monday.\n“We will win this vote,” she said.\nOther news."
    got = extract_quotes(text)
    assert [(q.text, q.speaker) for q in got] == [("We will win this vote,", "Ana Silva")]


def test_cue_and_kind_are_reported() -> None:
    (q,) = extract_quotes("“The border stays open,” the ministry said.")
    assert q.cue == "said" and q.speaker_kind == "body"
    (q,) = extract_quotes("“The border stays open,” said Ana Silva.")
    assert q.speaker_kind == "person"


# ----------------------------------------------------------------- seeds
def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(str.maketrans("“”‘’", "\"\"''"))
    return re.sub(r"\s+", " ", s).strip().lower()


def _seed_text(doc: str) -> str:
    (path,) = sorted((ROOT / "seeds").glob(f"{doc}_*.txt"))
    text = path.read_text(encoding="utf-8")
    cut = text.find("Search past entries by date")
    return text[:cut] if cut >= 0 else text


def test_seed_quotes() -> None:
    spec = json.loads((ROOT / "tests" / "data" / "seed_expectations.json").read_text("utf-8"))
    found = {doc: extract_quotes(_seed_text(doc)) for doc in ("000", "001", "002", "003", "004")}
    assert found["001"] == ()
    problems = []
    for exp in spec["quotes_with_speaker"]:
        quotes = [q for q in found[exp["doc"]] if _norm(exp["starts"]) in _norm(q.text)]
        surname = exp["speaker"].split()[-1].lower()
        if not quotes or not quotes[0].speaker or surname not in quotes[0].speaker.lower():
            problems.append((exp["doc"], exp["starts"], [(q.speaker, q.role) for q in quotes]))
        elif exp.get("role"):
            assert quotes[0].role and exp["role"] in quotes[0].role
    assert not problems


@pytest.mark.parametrize("scare", ["substantive and constructive.", "China Threat Theory.",
                                   "wanton", "stabilization"])
def test_seed_scare_quotes_left_out(scare: str) -> None:
    quotes = extract_quotes(_seed_text("000"))
    assert all(_norm(q.text) != _norm(scare) for q in quotes)


def test_seed_with_testimonials_does_not_crash() -> None:
    (path,) = sorted((ROOT / "seeds").glob("003_*.txt"))
    text = path.read_text(encoding="utf-8")
    for q in extract_quotes(text):
        assert text[q.start : q.end] == q.text


# ----------------------------------------------------------------- properties
_MARKS = st.sampled_from(['"', "“", "”", "‘", "’", "''", "«", "»", "„"])
_WORDS = st.sampled_from(["said", "Ana Silva", "he", "the minister", ",", ".", ":", "\n",
                          "\n\n", "told", "according to", "We", "will", "win", "Mr.", "a",
                          "professor", "of", "Cornell", "’s", " ", "—", "(R-Texas)"])
_PIECES = st.lists(st.one_of(_MARKS, _WORDS, st.text(max_size=12)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(_PIECES)
def test_offsets_always_match_source(pieces: list[str]) -> None:
    text = " ".join(pieces)
    quotes = extract_quotes(text)
    starts = [q.start for q in quotes]
    assert starts == sorted(starts)
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.text


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=400), st.lists(st.tuples(st.integers(-5, 500), st.integers(-5, 500)),
                                         max_size=5))
def test_arbitrary_text_and_spans_never_raise(text: str, spans: list[tuple[int, int]]) -> None:
    for q in extract_quotes(text, spans):
        assert text[q.start : q.end] == q.text
    for q in extract_quotes(text):
        assert text[q.start : q.end] == q.text


def test_very_long_paragraph_is_fast_and_exact() -> None:
    sentence = "“We will win,” Ana Silva said, and the crowd cheered “loudly” again. "
    text = sentence * 2000 + "“Unclosed quote at the very end"
    quotes = extract_quotes(text)
    assert len(quotes) >= 2000
    for q in quotes:
        assert text[q.start : q.end] == q.text


def test_text_without_quotes() -> None:
    assert extract_quotes("") == ()
    assert extract_quotes("No quotation marks here.\n\nNone at all.") == ()


def test_mention_is_the_phrase_at_the_cue() -> None:
    # `speaker` is the person resolved for the brief; `mention` is how the text names them
    # at the cue, and a quote without its own cue carries the mention it inherits
    text = ("Ana Silva, the mayor, spoke on Monday.\n\n"
            "“We will win this vote,” she said. “Nobody doubts it now.”\n\n"
            "“The budget is balanced,” the mayor told reporters.")
    got = extract_quotes(text)
    assert [(q.speaker, q.mention) for q in got] == [
        ("Ana Silva", "she"), ("Ana Silva", "she"), ("Ana Silva", "the mayor")]


def test_an_acronym_speaker_is_the_body_the_article_spells_out() -> None:
    text = (
        "The Maritime Safety Administration (MSA) said a tanker ran aground near the port on Sunday.\n\n"
        "\u201cThe crew is safe and no oil has leaked,\u201d MSA said in a statement."
    )
    (q,) = extract_quotes(text)
    assert q.speaker == "Maritime Safety Administration"


def test_a_role_apposed_before_a_name_is_the_name_s_role() -> None:
    text = (
        "China\u2019s top diplomat, Gao Wen, met the visiting envoy in Beijing on Tuesday.\n\n"
        "\u201cThe key is to treat each other as equals,\u201d Gao told reporters."
    )
    (q,) = extract_quotes(text)
    assert q.speaker == "Gao Wen"
    assert q.role and "top diplomat" in q.role


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("\u201cChina will do whatever it can,\u201d spokesperson Lin Hao said on Friday.", "Lin Hao", "spokesperson"),
        ("\u201cThe talks were a useful step toward trust between the two sides,\u201d the official Southern News Agency said.", "Southern News Agency", None),
    ],
)
def test_roles_hold_the_article_s_words_for_a_position_and_nothing_else(text: str, speaker: str, role: str | None) -> None:
    (q,) = extract_quotes(text)
    assert q.speaker == speaker
    assert q.role == role


_ACRONYM_PIECES = ["Department", "of", "Justice", "the", "U.S.", "Indo-Pacific", "Command", "(DOJ)", "(USINDOPACOM)",
                   "for", "and", "on", "said", "x", "(", ")", "(A)", "(ABCDEFGHIJKLMN)", "on(AB)", "National",
                   "Security", "Agency", "(NSA)", "(NSA))",
                   "the Office of the Director of National Intelligence for Foreign and Domestic Affairs (ODNI)"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ACRONYM_PIECES), st.sampled_from([" ", "  ", "\n", ""])), max_size=40))
def test_acronym_definitions_are_what_the_pattern_finds_everywhere(pieces: list[tuple[str, str]]) -> None:
    from briefing.analyse.quotes.display import _ACRONYM_DEF_RE, _definitions

    text = "".join(w + s for w, s in pieces)
    assert [m.span() for m in _definitions(text)] == [m.span() for m in _ACRONYM_DEF_RE.finditer(text)]
