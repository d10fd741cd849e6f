"""Any text and any nesting the layout may produce renders in both formats, and the
text comes back out literally (escaping, XML-illegal characters, nesting of lists)."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.write.doc import BlockQuote, Doc, DocMeta, Heading, ListBlock, Para, Strong, Text
from briefing.write.render import RenderOptions, get_renderer

AS_OF = date(2024, 4, 27)
# printable text incl. markup-like characters, quotes, accents and CJK
PRINTABLE = st.text(
    alphabet=st.one_of(
        st.sampled_from("<>&\"'*_{}[]#|\\/;“”‘’–—éüñçøł王毅习近平 "),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


def one_para_doc(text: str) -> Doc:
    return Doc(DocMeta(title="T", as_of=AS_OF),
               (Heading(1, (Text("H"),), "h"), Para((Text("["), Strong((Text(text),)), Text("]"))),))  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PRINTABLE)
def test_pdf_prints_any_text_literally(text: str) -> None:
    data = get_renderer("pdf").render(one_para_doc(text), RenderOptions())
    extracted = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert re.sub(r"\s+", "", text) in re.sub(r"\s+", "", extracted)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_docx_accepts_any_text(text: str) -> None:
    data = get_renderer("docx").render(one_para_doc(text), RenderOptions())
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    legal = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    assert "[" + legal + "]" in paragraphs


def nested_doc() -> Doc:
    inner = ListBlock(items=((Para((Text("inner a"),)),), (Para((Text("inner b"),)),)), ordered=True)
    outer = ListBlock(items=(
        (Para((Text("outer one"),)), inner, Para((Text("more about one"),))),
        (Para((Text("outer two"),)), BlockQuote((Para((Text("“quoted”"),)),), (Text("someone"),))),
    ))  # fmt: skip
    return Doc(DocMeta(title="Nested", as_of=AS_OF), (outer,))


def test_nested_lists_docx_levels() -> None:
    document = docx.Document(io.BytesIO(get_renderer("docx").render(nested_doc(), RenderOptions())))
    levels = {p.text: (p.style.name, p._p.pPr.numPr.ilvl.val if p._p.pPr.numPr is not None else None)
              for p in document.paragraphs}  # fmt: skip
    assert levels["outer one"] == ("List Bullet", 0)
    assert levels["inner a"] == ("List Number", 1)
    assert levels["more about one"][0] == "List Bullet"  # continuation: same item, no bullet
    assert levels["“quoted”"][0] == "Quote"


def test_nested_lists_pdf() -> None:
    data = get_renderer("pdf").render(nested_doc(), RenderOptions())
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for expected in ("outer one", "(a)", "inner a", "more about one", "“quoted”", "— someone"):
        assert expected in text
