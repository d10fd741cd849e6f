"""Ingest on the seeds, on fixtures made with each format's own tools, and on bad input."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.ingest import discover, ingest, inspect_file, read_document, read_documents

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
FIXTURES = HERE / "fixtures" / "articles"


def origins(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(doc.origins)


# ---------------------------------------------------------------- seeds
def test_seeds_ingest_with_text_metadata() -> None:
    docs, skipped = ingest(SEEDS)
    assert skipped == []
    by = {d.source[:3]: d for d in docs}
    assert set(by) == {"000", "001", "002", "003", "004"}
    assert by["002"].date == date(2024, 4, 13) and origins(by["002"])["date"] == "text"
    assert by["004"].outlet == "theguardian" and origins(by["004"])["outlet"] == "text"
    assert by["000"].outlet == "Meritnews24"
    assert by["000"].title == "US-China Relations Deterioration"
    assert by["004"].title == "Blinken visit seeks to ease fraught US relationship with China"
    assert by["003"].title == "Blinken’s China Trip Yields Little Improvement in Sino-US Relations"
    assert by["001"].title is None  # opens with a paragraph, not a headline
    for d in docs:
        assert d.format == "txt" and d.body_start == 0 and "\r" not in d.text


# ---------------------------------------------------------------- txt / md / html
def test_txt_header_lines_are_metadata_not_body() -> None:
    doc = read_document(FIXTURES / "header.txt", "header.txt")
    assert doc.title == "Talks resume on fishing rights"
    assert doc.date == date(2025, 1, 12)
    assert doc.outlet == "Coastal Times" and doc.author == "Sam Ortiz"
    assert origins(doc) == {"title": "header", "date": "header", "outlet": "header", "author": "header"}
    assert doc.text[doc.body_start :].startswith("Negotiators resumed talks")
    assert doc.text.startswith("Title: Talks resume")  # the header stays in the text
    assert "\r" not in doc.text


def test_md_front_matter() -> None:
    doc = read_document(FIXTURES / "story.md", "story.md")
    assert doc.format == "md"
    assert doc.title == "Ports brace for new tariff round"
    assert doc.date == date(2025, 2, 14)
    assert doc.outlet == "Harbor Review" and doc.author == "Lena Park, Omar Haddad"
    assert doc.url == "https://harbor.example.org/ports-tariffs"
    assert set(origins(doc).values()) == {"front-matter"}
    assert doc.text[doc.body_start :].lstrip().startswith("# Ports brace")


def test_html_main_text_and_meta() -> None:
    doc = read_document(FIXTURES / "page.html", "page.html")
    assert doc.format == "html"
    assert doc.title == "Allies weigh new export controls"
    assert doc.outlet == "The Daily Ledger" and doc.author == "Maria Lopez"
    assert doc.date == date(2024, 5, 23)
    assert doc.url == "https://ledger.example.com/world/export-controls"
    assert origins(doc)["title"] == "html-meta"
    assert "tighter export controls on advanced chips" in doc.text
    for chrome in ("Most read", "Storm hits coast", "Privacy", "All rights reserved"):
        assert chrome not in doc.text


def test_html_without_article_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    docs, skipped = ingest(tmp_path)
    assert docs == [] and skipped[0].reason == "no article text found"


def test_deeply_nested_html_does_not_crash(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 20000 + "<p>Deep text here.</p>" + "</div>" * 20000 + "</body></html>")
    docs, skipped = ingest(tmp_path)
    assert len(docs) + len(skipped) == 1
    if skipped:
        assert "\n" not in skipped[0].reason


# ---------------------------------------------------------------- inspect
def test_inspect_file_is_json_able() -> None:
    import json

    info = inspect_file(FIXTURES / "header.txt")
    json.dumps(info)
    (doc,) = info["documents"]  # type: ignore[misc]
    assert doc["date"] == "2025-01-12" and doc["origins"]["title"] == "header"
    assert doc["text"].startswith("Negotiators")
