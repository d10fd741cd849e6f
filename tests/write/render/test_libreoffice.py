"""What LibreOffice makes of our DOCX: the page limit holds there too, and
`--pdf-engine libreoffice` gives a tagged PDF. Skipped where soffice is missing."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefing.write.doc import Doc
from briefing.write.render import RenderOptions, get_renderer

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def lo_pages(docx_files: list[Path], tmp: Path) -> dict[str, int]:
    """`soffice --headless --convert-to pdf`, as an editor opening the DOCX would lay it out."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(tmp / "lo"), *map(str, docx_files)], check=True, capture_output=True, timeout=300)  # fmt: skip
    return {f.stem: len(PdfReader(tmp / "lo" / f"{f.stem}.pdf").pages) for f in docx_files}


def test_every_audience_docx_keeps_to_its_pdf_page_count(seed_build: dict[str, Any], tmp_path: Path) -> None:
    out = seed_build["out"]
    pdf_pages = seed_build["result"].pages
    pages = lo_pages([out / f"{audience}.docx" for audience in pdf_pages], tmp_path)
    assert pages["principal"] == 1  # the principal's one page, in the DOCX too
    for audience, count in pages.items():
        assert count <= pdf_pages[audience], (audience, count, pdf_pages[audience])


def _structure(reader: PdfReader) -> Counter[str]:
    found: Counter[str] = Counter()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if "/S" in node:
            found[str(node["/S"])] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                stack.append(kid)
    return found


def test_libreoffice_engine_makes_a_tagged_pdf(doc: Doc) -> None:
    blob = get_renderer("pdf").render(doc, RenderOptions(pdf_engine="libreoffice", author="Asia Desk"))
    reader = PdfReader(io.BytesIO(blob))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en-GB"
    tags = _structure(reader)
    assert tags["/H1"] >= 3 and tags["/H2"] >= 1 and tags["/LI"] >= 3 and tags["/Table"] >= 1
    assert reader.metadata.title == "US–China Relations: Weekly Brief — Blinken’s visit to Beijing and its aftermath"
    assert reader.metadata.author == "Asia Desk"
    assert [o.title for o in reader.outline if not isinstance(o, list)][:2] == ["Key points", "Diplomacy"]


BOARD = """{% extends "base.md.j2" %}
{% set audience = "board" %}
{% set subtitle = "Board brief" %}
{% set banner = "TLP:AMBER" %}
{% set page_limit = 2 %}
{% set include_sections = ["taiwan", "trade"] %}
{% block whos_who %}{% endblock %}
"""


def test_a_two_page_audience_is_two_pages_in_libreoffice(tmp_path: Path) -> None:
    """The README's board brief: fitted to two pages on the PDF, two in the DOCX too."""
    from seedkit import AS_OF, SEEDS

    from briefing.pipeline import BuildOptions, build

    templates = tmp_path / "tpl"
    (templates / "audiences").mkdir(parents=True)
    (templates / "audiences" / "board.md.j2").write_text(BOARD, encoding="utf-8")
    out = tmp_path / "out"
    result = build(BuildOptions(input_dir=SEEDS, out_dir=out, audiences=("board",), templates=templates, as_of=AS_OF, jobs=1))
    assert result.pages["board"] == 2
    assert lo_pages([out / "board.docx"], tmp_path)["board"] <= 2
