"""PDF: the text layer, via pypdf.

In: the file's bytes. Out: one Document whose text is the pages' extracted text, lines
rejoined into paragraphs (a blank line where a line ends a sentence well short of the
page's usual line width) and pages separated by a blank line; metadata from the PDF's
document information (title, author, creation date: origin "pdf-meta"). A PDF whose pages
carry no text (a scan) is refused: reading it needs OCR, which this tool does not do.
"""

from __future__ import annotations

import io
import re

from briefing.errors import InputError
from briefing.model import Document

_MAX_PAGES = 300


def read_pdf(data: bytes, source: str) -> list[Document]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    from briefing.read.ingest import build_document

    if not data.lstrip().startswith(b"%PDF"):
        raise InputError(f"{source}: not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise InputError(f"{source}: encrypted PDF, needs a password")
            except InputError:
                raise
            except Exception:
                raise InputError(f"{source}: encrypted PDF that cannot be opened") from None
        pages = []
        for page in reader.pages[:_MAX_PAGES]:
            pages.append(_reflow(page.extract_text() or ""))
        info = reader.metadata
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(f"{source}: corrupt PDF ({type(exc).__name__})") from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise InputError(f"{source}: scanned PDF without a text layer")
    fields: dict[str, object] = {}
    if info is not None:
        fields["title"] = _clean_meta(info.get("/Title"))
        fields["author"] = _clean_meta(info.get("/Author"))
        created = _clean_meta(info.get("/CreationDate"))
        m = re.match(r"^D?:?(\d{4})(\d{2})(\d{2})", created or "")
        if m:
            fields["date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return [build_document(source, text, "pdf", fields, "pdf-meta")]


def _clean_meta(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    # Producers often fill Title with a file name: that is no headline.
    if not text or re.search(r"\.(docx?|pdf|indd|txt|rtf)$", text, re.IGNORECASE) or text.lower() == "untitled":
        return None
    return text


def _reflow(page: str) -> str:
    """Mark paragraph ends in a page's lines: a line that ends a sentence and stops well
    short of the usual width closes its paragraph."""
    lines = [ln.rstrip() for ln in page.replace("\r", "\n").split("\n")]
    widths = sorted(len(ln) for ln in lines if ln.strip())
    if not widths:
        return ""
    usual = widths[int(len(widths) * 0.8)] if len(widths) > 4 else widths[-1]
    out: list[str] = []
    for ln in lines:
        if not ln.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln.strip())
        if ln.rstrip()[-1:] in ".!?”\"’:" and len(ln) < usual * 0.85:
            out.append("")
    return "\n".join(out).strip()
