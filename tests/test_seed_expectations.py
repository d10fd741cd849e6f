"""One test per line of tests/data/seed_expectations.json, on the brief built from
seeds/ (brief.json, and the text of every DOCX and PDF written)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from seedkit import EXPECTATIONS, norm


def _doc_for(data: dict[str, Any], prefix: str) -> str:
    """Article id of the seed file whose name starts with `prefix` ("000")."""
    return next(a["id"] for a in data["articles"] if Path(a["source"]).name.startswith(prefix) and a["parent"] is None)


def _starts_quote(quote_text: str, starts: str) -> bool:
    # A quote that runs over two paragraphs is one quote; its second paragraph (the
    # one the expectation may name) starts after the paragraph break.
    paragraphs = [norm(p).lstrip("\"'") for p in quote_text.split("\n") if p.strip()]
    return any(p.startswith(norm(starts)) for p in paragraphs)


@pytest.mark.parametrize("exp", EXPECTATIONS["quotes_with_speaker"], ids=lambda e: f"{e['doc']}-{e['starts'][:30]}")
def test_expected_quote_with_speaker(seed_build: dict[str, Any], exp: dict[str, str]) -> None:
    data = seed_build["data"]
    article = _doc_for(data, exp["doc"])
    found = [q for q in data["quotes"] if q["article"].split(".")[0] == article and _starts_quote(q["text"], exp["starts"])]
    assert found, f"no quote starting {exp['starts']!r} in {exp['doc']}"
    q = found[0]
    surname = exp["speaker"].split()[-1].casefold()
    assert q["speaker"] and surname in q["speaker"].casefold(), q
    if "role" in exp:
        assert q["role"] and norm(exp["role"]) in norm(q["role"]), q
    if "section" in exp:
        assert q["section"] == exp["section"], q
    assert q["section"] is not None


def test_quotes_are_verbatim_at_their_offsets(seed_build: dict[str, Any], seed_texts: dict[str, str]) -> None:
    data = seed_build["data"]
    assert data["quotes"]
    for q in data["quotes"]:
        text = seed_texts[q["article"].split(".")[0]]
        assert text[q["start"] : q["end"]] == q["text"]
    for s in data["sections"]:
        for p in s["points"]:
            assert seed_texts[p["article"].split(".")[0]][p["start"] : p["end"]] == p["text"]


def test_nothing_from_001_is_a_quote(seed_build: dict[str, Any]) -> None:
    data = seed_build["data"]
    a001 = _doc_for(data, "001")
    assert a001 in {a["id"] for a in data["articles"] if a["status"] == "used"}
    assert not [q for q in data["quotes"] if q["article"].split(".")[0] == a001]


@pytest.mark.parametrize("section,terms", sorted(EXPECTATIONS["sections_must_cover"].items()))
def test_section_covers_terms(seed_build: dict[str, Any], section: str, terms: list[str]) -> None:
    sections = {s["id"]: s for s in seed_build["data"]["sections"]}
    assert section in sections, f"section {section} missing"
    text = " ".join(p["text"] for p in sections[section]["points"]).casefold()
    for term in terms:
        assert term.casefold() in text, f"{term!r} not in the points of {section}"


def _docx_text(path: Any) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    for s in d.sections:
        parts.extend(p.text for p in s.header.paragraphs)
        parts.extend(p.text for p in s.footer.paragraphs)
    return "\n".join(parts)


def _pdf_text(path: Any) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture(scope="module")
def output_texts(seed_build: dict[str, Any]) -> dict[str, str]:
    out = seed_build["out"]
    texts = {"brief.json": (out / "brief.json").read_text(encoding="utf-8")}
    for path in sorted(out.glob("*.docx")):
        texts[path.name] = _docx_text(path)
    for path in sorted(out.glob("*.pdf")):
        texts[path.name] = _pdf_text(path)
    return texts


@pytest.mark.parametrize("phrase", EXPECTATIONS["must_not_appear"])
def test_must_not_appear(output_texts: dict[str, str], phrase: str) -> None:
    assert norm(phrase) not in norm(output_texts["brief.json"]), f"{phrase!r} appears in brief.json"
    for name, text in output_texts.items():
        assert norm(phrase) not in norm(text), f"{phrase!r} appears in {name}"
    assert len(output_texts) >= 7  # brief.json + 3 audiences x (docx, pdf)


def test_off_topic_tail_of_002_is_set_aside(seed_build: dict[str, Any]) -> None:
    data = seed_build["data"]
    a002 = _doc_for(data, "002")
    appended = [a for a in data["articles"] if a["parent"] == a002]
    assert len(appended) >= 4
    off = [a for a in appended if a["status"] == "off_topic"]
    assert len(off) >= 4 and all(a["reason"] for a in off)
    # Their text stays out of the brief entirely; the row points at where they are.
    for a in off:
        assert a["title"] is None and a["span"][0] < a["span"][1]
