"""No heading, nor the keyword or role line under it, ends a PDF page; the DOCX asks Word
and LibreOffice for the same (keep with next)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefing.write.doc import BlockQuote, Doc, DocMeta, Emph, Heading, ListBlock, Para, Table, Text, plain_text
from briefing.write.render import RenderOptions, get_renderer
from briefing.write.render.assets import kept_with_next

WORDS = ("ministry", "tariff", "delegation", "talks", "envoy", "export", "review", "summit", "licence", "strait",
         "patrol", "coast", "guard", "harbour", "treaty", "quota", "vessel", "senate", "budget", "council")  # fmt: skip
# Caption lines take their words from a list of their own, so that no line of body text
# can be mistaken for (the end of) a caption.
TAGS = ("semiconductors", "sanctions", "maritime", "fentanyl", "diplomacy", "drills", "visas", "rare-earths",
        "shipping", "elections", "airspace", "fisheries")  # fmt: skip
TITLE = "Weekly press lines"


def words(n: int, start: int = 0, vocabulary: tuple[str, ...] = WORDS) -> str:
    return " ".join(vocabulary[(start + i * 7) % len(vocabulary)] for i in range(n)).capitalize() + "."


def body_lines(page: Any, title: str) -> list[tuple[float, str]]:
    """The page's text lines below the running header and above the footer, top to
    bottom, as (height on the page, text)."""
    furniture = re.compile(rf"^(?:{re.escape(title)}|As of .*|Page \d+ of \d+|TLP:CLEAR)$")
    found: dict[float, list[str]] = {}

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: Any) -> None:
        if text.strip() and not furniture.match(text.strip()):
            y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            found.setdefault(y, []).append(text.strip())

    page.extract_text(visitor_text=visit)
    return sorted(((y, " ".join(parts)) for y, parts in found.items()), reverse=True)


def stranded(pdf: bytes, doc: Doc) -> list[tuple[int, str]]:
    """(page, text) for every page but the last that ends in a heading or in the caption
    line kept with it: its last lines, read upwards, make up the whole of one."""
    kept = {" ".join(plain_text(b.children).split()) for i, b in enumerate(doc.blocks) if i in kept_with_next(doc.blocks)}
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    out = []
    for number, page in enumerate(pages[:-1], start=1):
        tail = ""
        for _, line in reversed(body_lines(page, doc.meta.title)):
            tail = f"{line} {tail}".strip()
            if tail in kept:
                out.append((number, tail))
                break
            if not any(text.endswith(tail) for text in kept):
                break
    return out


def press_doc(groups: list[tuple[int, int, int]]) -> Doc:
    """A press brief's shape: "Who said what", then per speaker a heading, a role line
    and quotes; `groups` gives (role words, first quote words, further quotes)."""
    blocks: list[Any] = [Para((Emph((Text("Covering one week · 40 sources · 3 set aside"),)),)), Heading(2, (Text("Who said what"),), "who")]
    for n, (role, first, more) in enumerate(groups):
        blocks.append(Heading(3, (Text(f"Speaker number {n + 1}"),), f"sp{n}"))
        if role:
            blocks.append(Para((Emph((Text("Role: " + words(role, n, TAGS)),)),)))
        for k, length in enumerate([first] + [30] * more):
            quote = Para((Text(f"“{words(length, n + k)}”"),))
            blocks.append(BlockQuote((quote,), (Text(f"Speaker number {n + 1} [{k + 1}]"),)))
    return Doc(DocMeta(title=TITLE, as_of=date(2024, 5, 6), audience="press"), tuple(blocks))


def analyst_doc(groups: list[tuple[int, int, int]]) -> Doc:
    """An analyst brief's shape: sections with a keyword line and points, and a table."""
    blocks: list[Any] = []
    for n, (keywords, first, points) in enumerate(groups):
        blocks.append(Heading(2, (Text(f"Section number {n + 1}"),), f"s{n}"))
        if keywords:
            blocks.append(Para((Emph((Text("Keywords: " + words(keywords, n, TAGS)),)),)))
        items = tuple((Para((Text(words(length, n + k)),)),) for k, length in enumerate([first] + [25] * points))
        blocks.append(ListBlock(items))
    blocks.append(Heading(2, (Text("Who is who"),), "whos"))
    rows = tuple(((Text(f"Person {k}"),), (Text(words(12, k)),), (Text(str(k)),)) for k in range(30))
    blocks.append(Table(((Text("Speaker"),), (Text("Role"),), (Text("Quotes"),)), rows))
    return Doc(DocMeta(title=TITLE, as_of=date(2024, 5, 6), audience="analyst"), tuple(blocks))


def test_a_speaker_whose_first_quote_is_long_starts_the_next_page_with_it() -> None:
    """The case seen in a press brief: a heading and role line near the foot of a page,
    a quote too long for what is left."""
    doc = press_doc([(8, 40, 1), (6, 30, 2), (10, 60, 0), (5, 200, 1), (7, 160, 0), (9, 180, 1), (6, 150, 0)])
    pdf = get_renderer("pdf").render(doc, RenderOptions())
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 1
    assert stranded(pdf, doc) == []


# Each example lays out a few pages: few examples, and no long shrinking.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # fmt: skip
@given(
    shape=st.sampled_from([press_doc, analyst_doc]),
    groups=st.lists(st.tuples(st.integers(0, 30), st.integers(5, 220), st.integers(0, 3)), min_size=3, max_size=9),
)
def test_no_page_ends_in_a_heading_or_its_caption_line(shape: Any, groups: list[tuple[int, int, int]]) -> None:
    doc = shape(groups)
    assert stranded(get_renderer("pdf").render(doc, RenderOptions()), doc) == []


def test_the_check_sees_a_stranded_heading() -> None:
    """The checker itself: a heading forced to the foot of a page is reported."""
    from briefing.write.render import pdf as pdf_module

    doc = press_doc([(8, 40, 1), (6, 30, 2), (10, 60, 0), (5, 200, 1), (7, 160, 0), (9, 180, 1), (6, 150, 0)])
    from reportlab.platypus import CondPageBreak

    def fixed_room(blocks: Any, rendered: Any, _first: Any) -> list[Any]:
        # As before the room was measured: 110 points reserved before each heading.
        story: list[Any] = []
        for i, (block, group) in enumerate(zip(blocks, rendered)):
            story += ([CondPageBreak(110)] if i and isinstance(block, Heading) else []) + group
        return story

    original = pdf_module.with_room
    pdf_module.with_room = fixed_room  # type: ignore[assignment]
    try:
        found = stranded(get_renderer("pdf").render(doc, RenderOptions(paper="Letter")), doc)
        found += stranded(get_renderer("pdf").render(doc, RenderOptions()), doc)
    finally:
        pdf_module.with_room = original
    assert found


@pytest.mark.parametrize("audience", ["analyst", "principal", "press"])
def test_seed_documents_end_no_page_in_a_heading(seed_build: dict[str, Any], audience: str) -> None:
    from briefing.write.layout import parse_markdown

    out: Path = seed_build["out"]
    doc = parse_markdown((out / f"{audience}.md").read_text(encoding="utf-8"), f"audiences/{audience}.md.j2",
                         date.fromisoformat(seed_build["data"]["as_of"]))  # fmt: skip
    assert stranded((out / f"{audience}.pdf").read_bytes(), doc) == []


def test_docx_keeps_headings_and_their_caption_line_with_the_next_paragraph() -> None:
    doc = press_doc([(8, 40, 1), (0, 30, 0)])
    with zipfile.ZipFile(io.BytesIO(get_renderer("docx").render(doc, RenderOptions()))) as z:
        body = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
    role = re.search(r"<w:p>(?:(?!</w:p>).)*Role: (?:(?!</w:p>).)*</w:p>", body)
    assert role and "<w:keepNext/>" in role.group(0)
    # a body paragraph that is no caption line is not held to the next
    covering = re.search(r"<w:p>(?:(?!</w:p>).)*Covering one week(?:(?!</w:p>).)*</w:p>", body)
    assert covering and "<w:keepNext/>" not in covering.group(0)
    for level in (1, 2):
        style = re.search(rf'<w:style [^>]*w:styleId="Heading{level}".*?</w:style>', styles, re.S)
        assert style and "<w:keepNext/>" in style.group(0)
