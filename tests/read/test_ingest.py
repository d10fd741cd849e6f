"""Ingest on the seeds, on fixtures made with each format's own tools, and on bad input."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from briefing.errors import InputError
from briefing.read.ingest import discover, ingest, inspect_file, read_document, read_documents

HERE = Path(__file__).resolve().parents[1]
SEEDS = HERE.parent / "seeds"
FIXTURES = HERE / "fixtures" / "articles"


def origins(doc) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(doc.origins)


# ---------------------------------------------------------------- seeds
def test_seeds_ingest_with_text_metadata() -> None:
    docs, skipped = ingest(SEEDS)
    assert skipped == []
    by = {Path(d.source).name[:3]: d for d in docs}
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


# ---------------------------------------------------------------- feeds
def test_rss_items_are_documents() -> None:
    docs = read_documents(FIXTURES / "feed.rss", "feed.rss")
    assert [d.source for d in docs] == ["feed.rss#1", "feed.rss#2"]
    first, second = docs
    assert first.format == "rss" and first.title == "Desalination plant opens on the coast"
    assert first.outlet == "Gulf Wire" and first.author == "Hana Said"
    assert first.date == date(2025, 3, 4) and first.url == "https://gulfwire.example.net/desal"
    assert first.text.startswith("A new desalination plant opened")  # content:encoded wins over the teaser
    assert "<p>" not in second.text and second.text.startswith("Dock workers")
    assert origins(first)["title"] == "feed"


def test_atom_entries_are_documents() -> None:
    docs, skipped = ingest(FIXTURES)
    atom = [d for d in docs if d.format == "atom"]
    assert [Path(d.source).name for d in atom] == ["feed.atom#1", "feed.atom#2"]
    assert atom[0].source == (FIXTURES / "feed.atom#1").as_posix()  # the path as given
    assert atom[0].title == "Glacier retreat speeds up, survey finds" and atom[0].author == "Luca Brunner"
    assert atom[0].date == date(2025, 3, 5) and atom[0].url == "https://courier.example.ch/glacier"
    assert atom[0].text == "Swiss glaciers lost 4% of their volume last year, a survey found.\n\nScientists called the loss “alarming.”\n"
    assert atom[1].outlet == "Alpine Courier" and atom[1].date == date(2025, 3, 6)


def test_feed_with_entities_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>')
    with pytest.raises(InputError, match="entities"):
        read_documents(bomb, "bomb.xml")
    other = tmp_path / "other.xml"
    other.write_text("<catalog><book>Title</book></catalog>")
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        read_documents(other, "other.xml")


# ---------------------------------------------------------------- docx / pdf / eml, made with their own tools
def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Grain deal extended"
    d.core_properties.author = "Ines Varga"
    d.add_heading("Grain deal extended", level=1)
    d.add_paragraph("Negotiators agreed on Friday to extend the grain deal by 120 days.")
    d.add_heading("Reaction", level=2)
    d.add_paragraph("“This is good news for importers,” said Dr. Amal Nour.")
    d.save(path)


def make_pdf(path: Path, text: bool = True) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Budget talks stall")
    c.setAuthor("Paul Mertens")
    if text:
        y = 800
        for line in (
            "Budget talks stall in Brussels",
            "Talks on the union's budget stalled on Monday after",
            "ministers failed to agree on farm subsidies for next year.",
            "A new round is planned for March.",
        ):
            c.drawString(72, y, line)
            y -= 16
    else:
        c.rect(72, 600, 200, 100, fill=1)  # an image-like page: no text layer
    c.showPage()
    c.save()


def make_eml(path: Path, html: bool = False) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "Fwd: Ceasefire talks resume in Cairo"
    msg["From"] = "Morning Dispatch <news@dispatch.example.com>"
    msg["To"] = "analyst@example.org"
    msg["Date"] = "Thu, 07 Mar 2025 06:15:00 +0000"
    body = "Delegations returned to Cairo on Wednesday for a new round of ceasefire talks.\n\nMediators said progress was slow."
    if html:
        msg.set_content("see HTML")
        msg.add_alternative("<html><body><p>" + body.replace("\n\n", "</p><p>") + "</p></body></html>", subtype="html")
    else:
        msg.set_content(body)
    path.write_bytes(msg.as_bytes())


def test_docx_paragraphs_and_core_properties(tmp_path: Path) -> None:
    make_docx(tmp_path / "grain.docx")
    doc = read_document(tmp_path / "grain.docx", "grain.docx")
    assert doc.format == "docx" and doc.title == "Grain deal extended" and doc.author == "Ines Varga"
    assert origins(doc)["title"] == "docx-core"
    assert doc.date is None  # python-docx's template creation stamp is not a publication date
    assert doc.text.split("\n\n") == [
        "Grain deal extended",
        "Negotiators agreed on Friday to extend the grain deal by 120 days.",
        "Reaction",
        "“This is good news for importers,” said Dr. Amal Nour.",
    ]


def test_pdf_text_layer_and_info(tmp_path: Path) -> None:
    make_pdf(tmp_path / "budget.pdf")
    doc = read_document(tmp_path / "budget.pdf", "budget.pdf")
    assert doc.format == "pdf" and doc.title == "Budget talks stall" and doc.author == "Paul Mertens"
    assert origins(doc)["title"] == "pdf-meta" and doc.date is not None
    assert "ministers failed to agree on farm subsidies" in doc.text


def test_scanned_pdf_is_skipped(tmp_path: Path) -> None:
    make_pdf(tmp_path / "scan.pdf", text=False)
    docs, skipped = ingest(tmp_path)
    assert docs == [] and skipped[0].reason == "scanned PDF without a text layer"


@pytest.mark.parametrize("html", [False, True])
def test_eml_headers_and_body(tmp_path: Path, html: bool) -> None:
    make_eml(tmp_path / "dispatch.eml", html=html)
    doc = read_document(tmp_path / "dispatch.eml", "dispatch.eml")
    assert doc.format == "eml" and doc.title == "Ceasefire talks resume in Cairo"
    assert doc.date == date(2025, 3, 7) and doc.outlet == "Morning Dispatch"
    assert origins(doc) == {"title": "eml-header", "date": "eml-header", "outlet": "eml-header"}
    assert "Delegations returned to Cairo" in doc.text and "Mediators said progress was slow." in doc.text
    assert "<p>" not in doc.text


def test_eml_outlet_from_domain(tmp_path: Path) -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "Morning briefing"
    msg["From"] = "alerts@mail.theguardian.co.uk"
    msg.set_content("Markets opened higher on Monday as investors weighed new data.")
    (tmp_path / "g.eml").write_bytes(msg.as_bytes())
    assert read_document(tmp_path / "g.eml", "g.eml").outlet == "theguardian"


CORRUPT = {
    "bad.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref\n",
    "bad.docx": b"PK\x03\x04 this is not really a zip archive",
    "bad.eml": b"\x89PNG\r\n\x1a\n\x00\x00\x00binary",
    "bad.xml": b"<rss><channel><item><title>unclosed",
    "bad.rss": b"not xml at all",
    "bad.atom": b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>",
    "bad.html": b"\x00\x01\x02\x03",
    "bad.md": b"",
}


def test_corrupt_file_of_each_format_is_skipped_with_one_line_reason(tmp_path: Path) -> None:
    for name, data in CORRUPT.items():
        (tmp_path / name).write_bytes(data)
    docs, skipped = ingest(tmp_path)
    assert docs == []
    assert sorted(Path(s.source).name for s in skipped) == sorted(CORRUPT)
    for s in skipped:
        assert s.reason and "\n" not in s.reason and len(s.reason) < 200, s


# ---------------------------------------------------------------- bad inputs
def test_discover_sorted_recursive_unknown_suffixes_and_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Some text of an article that is long enough.")
    (tmp_path / "a.md").write_text("Another article body with words.")
    (tmp_path / "notes.xyz").write_text("?")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    os.symlink(tmp_path, tmp_path / "b" / "loop")
    paths, skipped = discover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["a.md", "b/z.txt"]
    assert [(Path(s.source).name, s.reason) for s in skipped] == [("notes.xyz", "unsupported file type .xyz")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (a PNG image)"),
        (bytes(range(1, 32)) * 50, "binary file"),
    ],
)
def test_rejected_text(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "x.txt").write_bytes(data)
    with pytest.raises(InputError, match=r"^x\.txt: " + reason.replace("(", r"\(").replace(")", r"\)")):
        read_document(tmp_path / "x.txt", "x.txt")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café talks – “résumé” at Zürich, said Mr. Müller.".encode("utf-16"), "“résumé”"),
        ("\ufeffBOM article text about Zürich talks.".encode("utf-8"), "BOM article"),
        ("Ministers’ “talks” in Zürich ended — finally, said the café owner.".encode("cp1252"), "Ministers’ “talks” in Zürich"),
        (b"Valid start then bad bytes \xff\xfe\xfd in the middle of an article about trade.", "Valid start"),
        ("خبر عاجل: بدأت المحادثات في القاهرة اليوم.".encode("utf-8"), "بدأت المحادثات"),
        ("中美关系：布林肯访问北京。双方同意保持沟通。".encode("utf-8"), "布林肯访问北京"),
        (b"Line one.\r\nLine two.\rLine three.", "Line one.\nLine two.\nLine three."),
    ],
)
def test_encodings_and_scripts(tmp_path: Path, data: bytes, expected: str) -> None:
    (tmp_path / "x.txt").write_bytes(data)
    doc = read_document(tmp_path / "x.txt", "x.txt")
    assert expected in doc.text and "\r" not in doc.text and not doc.text.startswith("\ufeff")


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text("An article nobody may read.")
    f.chmod(0)
    try:
        if os.access(f, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        docs, skipped = ingest(tmp_path)
        assert docs == [] and skipped[0].reason == "permission denied"
    finally:
        f.chmod(0o644)


def test_huge_file_is_skipped_fast(tmp_path: Path) -> None:
    import time

    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    start = time.perf_counter()
    docs, skipped = ingest(tmp_path)
    assert time.perf_counter() - start < 1
    assert docs == [] and "over the 5 MB limit" in skipped[0].reason


def test_missing_file_and_unknown_suffix() -> None:
    with pytest.raises(InputError, match="file not found"):
        read_document(Path("/nonexistent/nothing.txt"), "nothing.txt")
    with pytest.raises(InputError, match="unsupported file type .xyz"):
        read_document(Path("notes.xyz"), "notes.xyz")


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=600), st.sampled_from([".txt", ".md", ".html", ".xml", ".eml", ".pdf", ".docx"]))
def test_arbitrary_bytes_raise_only_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    f = tmp_path / f"any{suffix}"
    f.write_bytes(data)
    try:
        docs = read_documents(f, f.name)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert docs and all(d.text for d in docs)
