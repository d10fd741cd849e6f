"""The outputs accepted by other software: LibreOffice opens the DOCX and prints it,
poppler rasterises the PDF. Skipped, with the reason, where the tool is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")


def ink_fraction(png: Path) -> float:
    """Share of pixels that are not (near) white."""
    from PIL import Image  # pillow comes with reportlab

    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    return sum(histogram[:200]) / sum(histogram)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_docx_to_pdf(tmp_path: Path, docx_bytes: bytes) -> None:
    source = tmp_path / "brief.docx"
    source.write_bytes(docx_bytes)
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs do not collide
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    converted = tmp_path / "brief.pdf"
    assert converted.exists(), f"soffice failed: {result.stdout} {result.stderr}"
    reader = pypdf.PdfReader(converted)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "US–China Relations: Weekly Brief" in text
    assert "<b>Section 301</b>" in text
    assert "王毅" in text
    assert "Secondary sanctions on Chinese banks." in text
    assert f"Page 1 of {len(reader.pages)}" in text  # PAGE and NUMPAGES fields evaluated


@pytest.mark.skipif(PDFTOPPM is None, reason="poppler-utils (pdftoppm) is not installed")
def test_pdftoppm_renders_first_page(tmp_path: Path, pdf_bytes: bytes) -> None:
    source = tmp_path / "brief.pdf"
    source.write_bytes(pdf_bytes)
    subprocess.run([PDFTOPPM, "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=60)  # fmt: skip
    png = tmp_path / "page.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ink_fraction(png) > 0.01  # text, rules and the table print: the page is not blank
