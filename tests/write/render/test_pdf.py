"""The PDF output read back with pypdf: text, fonts, outline, links, pages, bytes."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pypdf
import pytest

from briefing.write.doc import Doc, DocMeta, Heading, Para, Text
from briefing.errors import ConfigError
from briefing.write.render import RenderOptions, get_renderer
from render_sample import scaled_doc


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def all_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(data).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_text_present_and_literal(pdf_bytes: bytes) -> None:
    text = squash(all_text(pdf_bytes))
    assert "US–China Relations: Weekly Brief" in text
    assert "Key points" in text and "Sanctions" in text
    assert "<b>Section 301</b>" in text  # escaped, not bold markup
    assert "technology controls & trade" in text
    assert "*stars* and {{ braces }}" in text
    assert '"risk > reward"' in text
    assert "“The two countries should be partners, not opponents.”" in text
    assert "王毅" in text and "习近平" in text


def test_fonts_are_embedded(pdf_bytes: bytes) -> None:
    embedded: set[str] = set()
    for page in reader(pdf_bytes).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]).split("+")[-1])
            else:
                pytest.fail(f"font {font.get('/BaseFont')} is not embedded")
    assert {"DejaVuSerif", "DejaVuSans-Bold", "DroidSansFallback"} <= embedded


def test_outline_nested_by_level(pdf_bytes: bytes) -> None:
    pdf = reader(pdf_bytes)

    def walk(items: list, depth: int = 0) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for item in items:
            if isinstance(item, list):
                out.extend(walk(item, depth + 1))
            else:
                out.append((depth, item.title))
        return out

    assert walk(pdf.outline) == [
        (0, "Key points"), (0, "Diplomacy"), (1, "Talks in Beijing"), (1, "Next steps"),
        (0, "Russia"), (1, "Sanctions"), (0, "Sources"),
    ]  # fmt: skip


def test_links(pdf_bytes: bytes) -> None:
    uris: set[str] = set()
    internal = 0
    for page in reader(pdf_bytes).pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            assert annot["/Subtype"] == "/Link"
            if "/A" in annot and "/URI" in annot["/A"]:
                uris.add(str(annot["/A"]["/URI"]))
            else:
                internal += 1
    assert "https://example.com/afp/blinken-ease?ref=rss&lang=en" in uris
    assert "https://example.org/archive?a=1&b=2" in uris
    # 7 contents entries (text and page number each) and 10 citations
    assert internal >= 17


def test_cite_points_at_source_list(pdf_bytes: bytes) -> None:
    """Citation links land on the source list rows: destinations on the page with the
    sources table, one per cited article (headings' destinations sit at the left edge)."""
    pdf = reader(pdf_bytes)
    sources_page = next(i for i, page in enumerate(pdf.pages) if "Outlet" in page.extract_text())
    targets = set()
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            dest = annot.get_object().get("/Dest")
            if dest is not None and float(dest[2]) > 0:
                targets.add((pdf.get_page_number(dest[0].get_object()), round(float(dest[3]))))
    assert {page for page, _ in targets} == {sources_page}
    assert len(targets) == 5


def test_header_footer_page_x_of_y(pdf_bytes: bytes) -> None:
    pdf = reader(pdf_bytes)
    total = len(pdf.pages)
    assert total == 2
    for number, page in enumerate(pdf.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        assert "TLP:CLEAR" in text and "As of 27 April 2024" in text


def test_contents_has_page_numbers(pdf_bytes: bytes) -> None:
    pdf = reader(pdf_bytes)
    first = squash(pdf.pages[0].extract_text())

    def flat(items: list) -> list:
        return [i for item in items for i in (flat(item) if isinstance(item, list) else [item])]

    pages = [pdf.get_destination_page_number(item) + 1 for item in flat(pdf.outline)]
    assert len(set(pages)) > 1  # the sample runs over more than one page
    # Each entry's dot leader ends in its heading's page, in outline order.
    listed = [int(n) for n in re.findall(r"(?:\. ){3,}\.? ?(\d+)", first)]
    assert listed == pages


def test_contents_over_two_pages_numbers_each_entry_with_its_heading_page() -> None:
    """A contents list longer than a page (laid out once, its numbers drawn as the pages
    are written) numbers every entry, on both of its pages, with its heading's page,
    and links each number to the heading."""
    from briefing.write.doc import ListBlock, Toc

    blocks: list = [Toc()]
    for n in range(70):
        blocks.append(Heading(2, (Text(f"Section {n + 1} on export licences"),), f"s{n}"))
        points = tuple((Para((Text(f"Point {k} of section {n + 1}: the ministry extended the review. " * 2),)),) for k in range(3))
        blocks.append(ListBlock(points))
    pdf = reader(get_renderer("pdf").render(Doc(DocMeta(title="Long contents", as_of=date(2024, 5, 2)), tuple(blocks)), RenderOptions()))
    headings = [pdf.get_destination_page_number(item) + 1 for item in pdf.outline]
    listed = []
    for page in pdf.pages[:3]:
        listed += [int(n) for n in re.findall(r"(?:\. ){3,}\.? ?(\d+)", squash(page.extract_text()))]
    assert len(listed) == 70 and listed == headings
    assert len(set(headings)) > 3
    # the second contents page carries numbers too, each a link to its heading's page
    second = pdf.pages[1]
    links = [a.get_object() for a in second.get("/Annots", [])]
    assert len(links) >= 2 * sum(1 for _ in re.finditer(r"Section \d+ on export licences", squash(second.extract_text())))


def test_metadata(pdf_bytes: bytes) -> None:
    meta = reader(pdf_bytes).metadata
    assert meta.title == "US–China Relations: Weekly Brief — Blinken’s visit to Beijing and its aftermath"
    assert meta.subject == "Asia desk / TLP:CLEAR"
    assert meta["/CreationDate"].startswith("D:20240427000000")
    assert "Diplomacy" in meta["/Keywords"] and "Russia" in meta["/Keywords"]
    catalog = reader(pdf_bytes).trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]


def test_author_and_language_from_the_options(doc: Doc) -> None:
    pdf = reader(get_renderer("pdf").render(doc, RenderOptions(author="Asia Desk", language="de-DE")))
    assert pdf.metadata.author == "Asia Desk"
    assert pdf.trailer["/Root"]["/Lang"] == "de-DE"


def test_bookmarks_nest_as_the_headings_do(pdf_bytes: bytes) -> None:
    outline = reader(pdf_bytes).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:2] == ["Key points", "Diplomacy"]  # sections (Heading 1) at the top
    under_diplomacy = outline[outline.index(next(i for i in outline if getattr(i, "title", "") == "Diplomacy")) + 1]
    assert [i.title for i in under_diplomacy] == ["Talks in Beijing", "Next steps"]


def test_reproducible_bytes(doc: Doc, pdf_bytes: bytes) -> None:
    assert get_renderer("pdf").render(doc, RenderOptions()) == pdf_bytes


def test_letter_paper(doc: Doc) -> None:
    page = reader(get_renderer("pdf").render(doc, RenderOptions(paper="Letter"))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_unknown_paper_is_config_error(doc: Doc) -> None:
    with pytest.raises(ConfigError, match="paper"):
        get_renderer("pdf").render(doc, RenderOptions(paper="A5"))


def test_short_doc_renders_fast() -> None:
    """The pipeline re-renders to count pages; a short brief must be cheap."""
    renderer = get_renderer("pdf")
    short = Doc(DocMeta(title="Short", as_of=date(2024, 1, 1)),
                (Heading(1, (Text("One"),), "one"), Para((Text("Text."),))))  # fmt: skip
    renderer.render(short, RenderOptions())  # fonts registered once per process
    start = time.perf_counter()
    for _ in range(5):
        data = renderer.render(short, RenderOptions())
    assert (time.perf_counter() - start) / 5 < 0.25
    assert len(reader(data).pages) == 1


def test_long_brief_repeats_table_header() -> None:
    data = get_renderer("pdf").render(scaled_doc(120), RenderOptions())
    pdf = reader(data)
    pages_with_header = [
        i for i, page in enumerate(pdf.pages) if re.search(r"#\s*Title\s*Outlet\s*Date\s*URL", page.extract_text())
    ]
    assert len(pages_with_header) >= 2  # the sources table spans pages; its header repeats


def test_no_word_of_a_table_cell_is_broken_when_the_table_has_room() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefing.write import doc as d
    from briefing.write.render.pdf import _column_widths

    def row(*cells: str) -> tuple[tuple[d.Inline, ...], ...]:
        return tuple((d.Text(c),) for c in cells)

    long_title = "A headline long enough to take most of the table's width and then some more words"
    table = d.Table(header=row("#", "Title", "Outlet", "Date"),
                    rows=(row("1", long_title, "Harbourpostdaily", "undated (the page's 13 April 2024 is contradicted by its text)"),))
    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=8)
    widths = _column_widths(table, 450.0, (style, style), 3.0)
    assert abs(sum(widths) - 450.0) < 1e-6
    assert widths[2] >= stringWidth("Harbourpostdaily", "Helvetica", 8) + 6
