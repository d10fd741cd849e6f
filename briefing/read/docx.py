"""DOCX: paragraphs in document order, via python-docx.

In: the file's bytes. Out: one Document whose text is the non-empty paragraphs of the
body (headings included, as paragraphs of their own) separated by blank lines, plus
table cells row by row; metadata from the core properties (title, author, created:
origin "docx-core"). Headers, footers, footnotes, comments and text boxes are not read.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from briefing.errors import InputError
from briefing.model import Document


def read_docx(data: bytes, source: str) -> list[Document]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from briefing.read.ingest import build_document

    if not data.startswith(b"PK"):
        raise InputError(f"{source}: not a DOCX file (not a ZIP package)")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{source}: corrupt DOCX ({type(exc).__name__})") from None
    except Exception as exc:  # lxml errors on broken XML parts
        raise InputError(f"{source}: corrupt DOCX ({type(exc).__name__})") from None
    blocks: list[str] = []
    heading_title: str | None = None
    for para in document.paragraphs:
        text = " ".join(para.text.split())
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        if heading_title is None and (style == "Title" or style.startswith("Heading")):
            heading_title = text
        blocks.append(text)
    for table in document.tables:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                t = " ".join(cell.text.split())
                if t and t not in cells:  # merged cells repeat their text
                    cells.append(t)
            if cells:
                blocks.append(" | ".join(cells))
    text = "\n\n".join(blocks)
    if not text.strip():
        raise InputError(f"{source}: DOCX without any text")
    core = document.core_properties
    fields: dict[str, object] = {
        "title": (core.title or "").strip() or None,
        "author": _author(core.author),
    }
    if core.created is not None and _plausible(core.created):
        fields["date"] = core.created.date()
    doc = build_document(source, text, "docx", fields, "docx-core")
    if doc.title is None and heading_title:
        from dataclasses import replace

        doc = replace(doc, title=heading_title, origins=(*doc.origins, ("title", "text")))
    return [doc]


# Names that programs write into "author" by default: no byline.
_DEFAULT_AUTHORS = {"python-docx", "microsoft office user", "unknown", "administrator", "user", "author"}


def _author(value: str | None) -> str | None:
    name = (value or "").strip()
    return name if name and name.lower() not in _DEFAULT_AUTHORS else None


def _plausible(created: datetime) -> bool:
    # python-docx's own template carries this creation stamp: not the article's date.
    return created.year >= 1990 and created.replace(tzinfo=None) != datetime(2013, 12, 23, 23, 15)
