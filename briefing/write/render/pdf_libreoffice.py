"""A tagged PDF (PDF/UA) made by LibreOffice from our own DOCX: `--pdf-engine libreoffice`.

reportlab, the default engine, writes no structure tree (it has no API for marked
content or a StructTreeRoot), so its PDFs carry bookmarks and metadata but no tags.
LibreOffice's PDF export does: headings, lists, tables and reading order from the DOCX,
with PDF/UA conformance and the document's title and language.

In: a `Doc` and `RenderOptions`. Out: PDF bytes. Needs `soffice` on PATH. Unlike
reportlab's, LibreOffice's output carries its own time stamp and file identifier, so it
is not byte-identical from one run to the next.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from briefing.errors import ConfigError, RenderError
from briefing.write import doc as d
from briefing.write.render import RenderOptions

# writer_pdf_Export's filter options, as JSON (LibreOffice 7.4 and later).
EXPORT = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"},
    "DocumentTitle": {"type": "string", "value": ""},
}
TIMEOUT = 180.0


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ConfigError("--pdf-engine libreoffice: LibreOffice (soffice) not found on PATH")
    return found


class LibreOfficePdfRenderer:
    suffix = ".pdf"

    def render(self, doc: d.Doc, options: RenderOptions) -> bytes:
        from briefing.write.render.docx import RENDERER as DOCX

        program = soffice()
        docx_bytes = DOCX.render(doc, options)
        with tempfile.TemporaryDirectory(prefix="briefing-lo-") as tmp:
            folder = Path(tmp)
            source = folder / "brief.docx"
            source.write_bytes(docx_bytes)
            # A profile of its own: a LibreOffice the user has open, or a parallel
            # build, would otherwise hold the profile lock and the conversion would fail.
            profile = (folder / "profile").as_uri()
            target = f"pdf:writer_pdf_Export:{json.dumps(EXPORT)}"
            try:
                done = subprocess.run(
                    [program, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                     "--convert-to", target, "--outdir", str(folder / "pdf"), str(source)],
                    capture_output=True, text=True, timeout=TIMEOUT,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                raise RenderError(f"{doc.meta.title!r}: LibreOffice took longer than {TIMEOUT:g} s to make the PDF") from None
            out = folder / "pdf" / "brief.pdf"
            if done.returncode != 0 or not out.is_file():
                detail = " ".join((done.stderr or done.stdout).split())[:160]
                raise RenderError(f"{doc.meta.title!r}: LibreOffice could not make the PDF ({detail or done.returncode})")
            return out.read_bytes()


RENDERER = LibreOfficePdfRenderer()
