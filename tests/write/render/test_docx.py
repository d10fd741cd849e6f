"""The Word output read back with python-docx: styles, lists, tables, fields, links."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefing.write.doc import STYLE_NAMES, Doc, DocMeta, ListBlock, Para, Text
from briefing.errors import RenderError
from briefing.write.render import RenderOptions, get_renderer
from briefing.write.render.assets import bookmark_name
from briefing.write.render.make_reference import build as build_reference

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def xml_of(data: bytes, member: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(member).decode("utf-8")


def test_paragraph_styles_follow_the_structure(docx_bytes: bytes) -> None:
    document = open_docx(docx_bytes)
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "US–China Relations: Weekly Brief")
    assert styled[1][0] == "Subtitle" and "As of 27 April 2024" in styled[1][1]
    assert ("TOC Heading", "Contents") in styled
    assert ("Heading 1", "Key points") in styled
    assert ("Heading 2", "Talks in Beijing") in styled
    assert ("Heading 3", "Sanctions") in styled
    names = {name for name, _ in styled}
    assert {"List Bullet", "List Number", "Quote", "Quote Attribution", "Body Text"} <= names
    quote = next(text for name, text in styled if name == "Quote")
    assert quote.startswith("“The United States needs to reflect deeply")
    attribution = next(text for name, text in styled if name == "Quote Attribution")
    assert attribution.startswith("— Wang Yi (王毅)") and attribution.endswith("[4]")


def test_article_text_is_literal(docx_bytes: bytes) -> None:
    text = "\n".join(p.text for p in open_docx(docx_bytes).paragraphs)
    assert "<b>Section 301</b>" in text
    assert "technology controls & trade" in text
    assert "*stars* and {{ braces }}" in text
    assert '"risk > reward"' in text


def test_numbered_lists_restart(docx_bytes: bytes) -> None:
    document = open_docx(docx_bytes)
    num_ids = []
    for p in document.paragraphs:
        if p.style.name == "List Number":
            num_ids.append(p._p.pPr.numPr.numId.val)
    assert len(num_ids) == 5
    first, second = num_ids[:3], num_ids[3:]
    assert len(set(first)) == 1 and len(set(second)) == 1 and first[0] != second[0]
    numbering = document.part.numbering_part.element
    for num_id in (first[0], second[0]):
        num = next(n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == str(num_id))
        override = num.find(f"{W}lvlOverride/{W}startOverride")
        assert override is not None and override.get(f"{W}val") == "1"


def test_bullets_use_list_numbering(docx_bytes: bytes) -> None:
    bullets = [p for p in open_docx(docx_bytes).paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 3
    assert all(p._p.pPr.numPr is not None for p in bullets)


def test_sources_table_has_repeating_header(docx_bytes: bytes) -> None:
    document = open_docx(docx_bytes)
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["#", "Title", "Outlet", "Date", "URL"]
    assert len(table.rows) == 6
    header_pr = table.rows[0]._tr.trPr
    assert header_pr is not None and header_pr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None


def test_header_and_footer(docx_bytes: bytes) -> None:
    section = open_docx(docx_bytes).sections[0]
    header = [(p.style.name, p.text) for p in section.header.paragraphs]
    assert header == [("Banner", "TLP:CLEAR"), ("Header", "US–China Relations: Weekly Brief\tAs of 27 April 2024")]
    footer_xml = section.footer._element.xml
    assert "TLP:CLEAR" in footer_xml
    instructions = [t.text.strip() for t in section.footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Page 1 of 1" in section.footer.paragraphs[0].text


def test_toc_field_and_update_on_open(docx_bytes: bytes) -> None:
    body = xml_of(docx_bytes, "word/document.xml")
    assert 'TOC \\o "1-3" \\h \\z \\u' in body
    settings = xml_of(docx_bytes, "word/settings.xml")
    assert '<w:updateFields w:val="true"/>' in settings


def test_bookmarks_and_hyperlinks(docx_bytes: bytes) -> None:
    document = open_docx(docx_bytes)
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert {"src_a01", "src_a02", "src_a03", "src_a04", "src_a05"} <= bookmarks
    assert {bookmark_name("h_", "key-points"), "h_diplomacy", "h_sources"} <= bookmarks
    internal = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    assert "src_a04" in internal and "h_russia" in internal  # citations and contents entries
    assert set(internal) <= bookmarks  # no link points nowhere
    external = {
        document.part.rels[h.get(qn("r:id"))].target_ref for h in body.iter(qn("w:hyperlink")) if h.get(qn("r:id"))
    }
    assert "https://example.com/afp/blinken-ease?ref=rss&lang=en" in external
    assert "https://example.org/archive?a=1&b=2" in external
    bookmark_ids = [b.get(qn("w:id")) for b in document.element.iter(qn("w:bookmarkStart"))]
    assert len(bookmark_ids) == len(set(bookmark_ids))


def test_core_properties(docx_bytes: bytes) -> None:
    props = open_docx(docx_bytes).core_properties
    # The audience's title (its subtitle joined on), so each audience's file is told apart.
    assert props.title == "US–China Relations: Weekly Brief — Blinken’s visit to Beijing and its aftermath"
    assert props.subject == "Asia desk / TLP:CLEAR"
    assert props.language == "en-GB"
    assert props.created.isoformat().startswith("2024-04-27T00:00:00")
    assert props.modified == props.created
    assert props.last_modified_by == "" and props.revision == 0 and props.author == ""


def test_author_and_language_come_from_the_options(doc: Doc) -> None:
    blob = get_renderer("docx").render(doc, RenderOptions(author="Asia Desk, Policy Unit", language="fr-FR"))
    props = open_docx(blob).core_properties
    assert props.author == "Asia Desk, Policy Unit" and props.language == "fr-FR"


def test_reproducible_bytes(doc: Doc, docx_bytes: bytes) -> None:
    again = get_renderer("docx").render(doc, RenderOptions())
    assert again == docx_bytes
    infos = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_letter_paper(doc: Doc) -> None:
    section = open_docx(get_renderer("docx").render(doc, RenderOptions(paper="Letter"))).sections[0]
    assert (round(section.page_width.inches, 2), round(section.page_height.inches, 2)) == (8.5, 11.0)


def test_shipped_reference_defines_every_style() -> None:
    document = docx.Document(str(Path(__file__).resolve().parents[3] / "templates" / "styles" / "reference.docx"))
    names = {style.name for style in document.styles}
    assert [name for name in STYLE_NAMES if name not in names] == []


def test_shipped_reference_is_current() -> None:
    """templates/styles/reference.docx is what make_reference generates."""
    shipped = Path(__file__).resolve().parents[3] / "templates" / "styles" / "reference.docx"
    assert shipped.read_bytes() == build_reference()


def test_user_reference_doc_supplies_styles_and_keeps_its_header(tmp_path: Path, doc: Doc) -> None:
    """A restyled reference (here: the shipped one with a coloured Normal style and a
    company line in the header) shapes the output; its body text does not leak in."""
    ref = docx.Document(io.BytesIO(build_reference()))
    ref.styles["Normal"].font.name = "Garamond"
    ref.sections[0].header.paragraphs[0].text = "Acme Policy Unit"
    ref.add_paragraph("LEAKED BODY TEXT")
    path = tmp_path / "house.docx"
    ref.save(str(path))
    out = open_docx(get_renderer("docx").render(doc, RenderOptions(reference_doc=path)))
    assert out.styles["Normal"].font.name == "Garamond"
    header = [p.text for p in out.sections[0].header.paragraphs]
    assert header[0] == "Acme Policy Unit" and header[-1].startswith("US–China Relations")
    assert all("LEAKED" not in p.text for p in out.paragraphs)


def test_rendered_brief_as_reference_does_not_duplicate_header(tmp_path: Path, doc: Doc, docx_bytes: bytes) -> None:
    path = tmp_path / "previous.docx"
    path.write_bytes(docx_bytes)
    out = open_docx(get_renderer("docx").render(doc, RenderOptions(reference_doc=path)))
    assert len(out.sections[0].header.paragraphs) == 2
    assert len(out.sections[0].footer.paragraphs) == 1


def test_corrupt_reference_doc_is_one_line_error(tmp_path: Path, doc: Doc) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(RenderError) as err:
        get_renderer("docx").render(doc, RenderOptions(reference_doc=path))
    message = str(err.value)
    assert "\n" not in message and "broken.docx" in message


def test_non_docx_reference_is_one_line_error(tmp_path: Path, doc: Doc) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("just some text\nover two lines\n", encoding="utf-8")
    with pytest.raises(RenderError) as err:
        get_renderer("docx").render(doc, RenderOptions(reference_doc=path))
    assert "\n" not in str(err.value) and "notes.docx" in str(err.value)


def test_missing_reference_doc_is_one_line_error(tmp_path: Path, doc: Doc) -> None:
    with pytest.raises(RenderError, match="not found"):
        get_renderer("docx").render(doc, RenderOptions(reference_doc=tmp_path / "nope.docx"))


def test_reference_without_a_style_takes_the_default_one(tmp_path: Path, doc: Doc) -> None:
    """As pandoc does: a style the reference lacks comes from the shipped defaults."""
    path = tmp_path / "plain.docx"
    with zipfile.ZipFile(io.BytesIO(build_reference())) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:val="Quote Attribution"', b'w:val="Attribution"')
            dst.writestr(info, data)
    out = open_docx(get_renderer("docx").render(doc, RenderOptions(reference_doc=path)))
    styled = {p.style.name for p in out.paragraphs}
    assert {"Quote Attribution", "Attribution"} <= {s.name for s in out.styles}
    assert "Quote Attribution" in styled
    ids = [s.get(f"{W}styleId") for s in out.styles.element.findall(f"{W}style")]
    assert len(ids) == len(set(ids))  # the adopted style got an id of its own


def test_python_docx_default_template_works_as_a_reference(tmp_path: Path, doc: Doc) -> None:
    path = tmp_path / "default.docx"
    docx.Document().save(str(path))
    out = open_docx(get_renderer("docx").render(doc, RenderOptions(reference_doc=path)))
    assert {"Quote Attribution", "Heading 1", "List Bullet"} <= {p.style.name for p in out.paragraphs}
    assert "Banner" in {p.style.name for p in out.sections[0].header.paragraphs}
    # python-docx's own default sets Letter paper: the house page setup is kept.
    assert round(out.sections[0].page_width.inches, 2) == 8.5


def test_check_reference_names_the_adopted_styles_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefing.write.render.docx_package import check_reference

    path = tmp_path / "default.docx"
    docx.Document().save(str(path))
    check_reference(RenderOptions(reference_doc=path))
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"briefing: notice: {path} has no style ")
    assert "'Banner'" in err and "'Heading 1'" not in err


def _pandoc_reference(tmp_path: Path) -> Path:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    path = tmp_path / "pandoc-ref.docx"
    subprocess.run(["pandoc", "-o", str(path), "--print-default-data-file", "reference.docx"], check=True, timeout=60)
    return path


def test_pandocs_reference_document(tmp_path: Path, doc: Doc) -> None:
    """pandoc's own reference: its styles where it has them (its Title is centred, its
    headings its own colour), ours for the rest; no page size of its own, so --paper."""
    path = _pandoc_reference(tmp_path)
    theirs = docx.Document(str(path))
    out = open_docx(get_renderer("docx").render(doc, RenderOptions(reference_doc=path)))
    title_theirs = next(s for s in theirs.styles if s.name == "Title").element
    title_ours = next(s for s in out.styles if s.name == "Title").element
    assert etree.tostring(title_ours) == etree.tostring(title_theirs)
    assert {"List Bullet", "Quote", "Banner", "Header", "Footer"} <= {s.name for s in out.styles}
    assert "Banner" in {p.style.name for p in out.sections[0].header.paragraphs}
    assert round(out.sections[0].page_height.mm) == 297  # A4, the default --paper


def test_a_reference_made_in_libreoffice(tmp_path: Path, doc: Doc) -> None:
    """A house document saved by LibreOffice Writer (from a plain text file, so it holds
    only LibreOffice's own default styles) works as a reference, its page size kept."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "house.txt"
    source.write_text("House style\n", encoding="utf-8")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "docx",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)  # fmt: skip
    made = tmp_path / "house.docx"
    size = docx.Document(str(made)).sections[0].page_height
    out = open_docx(get_renderer("docx").render(doc, RenderOptions(reference_doc=made)))
    assert out.sections[0].page_height == size
    assert {"Title", "Heading 1", "Quote Attribution"} <= {p.style.name for p in out.paragraphs if p.style is not None}


def test_ordered_list_start_is_kept() -> None:
    doc = Doc(DocMeta(title="T", as_of=__import__("datetime").date(2024, 1, 2)),
              (ListBlock(items=((Para((Text("x"),)),),), ordered=True, start=4),))  # fmt: skip
    out = open_docx(get_renderer("docx").render(doc, RenderOptions()))
    p = next(p for p in out.paragraphs if p.style.name == "List Number")
    num_id = str(p._p.pPr.numPr.numId.val)
    num = next(n for n in out.part.numbering_part.element.findall(f"{W}num") if n.get(f"{W}numId") == num_id)
    assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "4"
