"""DOCX: paragraphs in document order, via python-docx.

In: the file's bytes. Out: one Document whose text is the non-empty paragraphs of the
body (headings included, as paragraphs of their own) separated by blank lines, plus
table cells row by row; metadata from the core properties (title, author, created:
origin "docx-core"). Headers, footers, footnotes, comments and text boxes are not read.

Limits, checked in the ZIP directory before anything is inflated (so a bomb is refused
in milliseconds): at most `MAX_MEMBERS` members, none over `MAX_MEMBER_BYTES` and all
together under `MAX_INFLATED_BYTES` uncompressed. zipfile never returns more than a
member's declared size (a member lying about it fails its CRC check), so the declared
sizes bound what is read. At most `MAX_PARAGRAPHS` paragraphs (table cells included)
are read. XML parts go through python-docx's lxml parser, which
resolves no entities, loads no DTD and never touches the network. Style names are
looked up once per style, not once per paragraph, so reading is linear in paragraphs.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime

from briefing.errors import BriefingError, InputError
from briefing.model import Document

MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_INFLATED_BYTES = 128 * 1024 * 1024
# A 500-page report has about 10,000 paragraphs; python-docx spends ~100 us on each.
MAX_PARAGRAPHS = 30_000


def read_docx(data: bytes, source: str) -> list[Document]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from briefing.read.ingest import build_document

    if not data.startswith(b"PK"):
        raise InputError(f"{source}: not a DOCX file (not a ZIP package)")
    check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{source}: corrupt DOCX ({type(exc).__name__})") from None
    except Exception as exc:  # lxml errors on broken XML parts
        raise InputError(f"{source}: corrupt DOCX ({type(exc).__name__})") from None
    _check_paragraphs(document, source)
    blocks: list[str] = []
    heading_title: str | None = None
    style_names: dict[str | None, str] = {}
    for para in document.paragraphs:
        text = " ".join(para.text.split())
        if not text:
            continue
        if heading_title is None:
            style = _style_name(document, para, style_names)
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


def check_package(package: bytes | str | os.PathLike[str], source: str,
                  error: type[BriefingError] = InputError, what: str = "DOCX") -> None:
    """Refuse a package whose ZIP directory promises too many members or too many bytes,
    before any member is inflated. `package` is the file's bytes or its path (a path is
    first refused when the file alone is over the inflated limit, so that a huge
    directory is never read). The error is `error` (an `InputError` for an article, a
    `RenderError` for a reference document), one line naming `source`."""
    if not isinstance(package, bytes):
        size = os.stat(package).st_size
        if size > MAX_INFLATED_BYTES:
            raise error(f"{source}: {what} file of {size / 1_048_576:.0f} MB, over the {MAX_INFLATED_BYTES // 1_048_576} MB limit")
    try:
        with zipfile.ZipFile(io.BytesIO(package) if isinstance(package, bytes) else package) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise error(f"{source}: corrupt {what} ({type(exc).__name__})") from None
    if len(members) > MAX_MEMBERS:
        raise error(f"{source}: {what} package has {len(members)} parts, over the limit of {MAX_MEMBERS}")
    biggest = max(members, key=lambda m: m.file_size, default=None)
    if biggest is not None and biggest.file_size > MAX_MEMBER_BYTES:
        raise error(
            f"{source}: {what} part {biggest.filename} inflates to {biggest.file_size / 1_048_576:.0f} MB, "
            f"over the {MAX_MEMBER_BYTES // 1_048_576} MB limit (a ZIP bomb?)"
        )
    total = sum(m.file_size for m in members)
    if total > MAX_INFLATED_BYTES:
        raise error(
            f"{source}: {what} inflates to {total / 1_048_576:.0f} MB, over the {MAX_INFLATED_BYTES // 1_048_576} MB limit (a ZIP bomb?)"
        )


def _check_paragraphs(document: object, source: str) -> None:
    from docx.oxml.ns import qn

    body = document.element.body  # type: ignore[attr-defined]
    count = 0
    for _ in body.iter(qn("w:p")):
        count += 1
        if count > MAX_PARAGRAPHS:
            raise InputError(f"{source}: DOCX has over {MAX_PARAGRAPHS:,} paragraphs, the limit for one article")


def _style_name(document: object, para: object, cache: dict[str | None, str]) -> str:
    """The paragraph's style name; python-docx's own lookup scans every style of the
    package for each paragraph, which made long documents take minutes."""
    style_id = para._p.style  # type: ignore[attr-defined]
    if style_id not in cache:
        style = para.style  # type: ignore[attr-defined]
        cache[style_id] = (style.name if style is not None else "") or ""
    return cache[style_id]


# Names that programs write into "author" by default: no byline.
_DEFAULT_AUTHORS = {"python-docx", "microsoft office user", "unknown", "administrator", "user", "author"}


def _author(value: str | None) -> str | None:
    name = (value or "").strip()
    return name if name and name.lower() not in _DEFAULT_AUTHORS else None


def _plausible(created: datetime) -> bool:
    # python-docx's own template carries this creation stamp: not the article's date.
    return created.year >= 1990 and created.replace(tzinfo=None) != datetime(2013, 12, 23, 23, 15)
