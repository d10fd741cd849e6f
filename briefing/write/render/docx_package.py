"""The parts of a DOCX around its body: the reference document (styles, page setup), the
header and footer, core properties, the fields refreshed on open, and a zip whose bytes
depend only on its content."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefing.write import doc as d
from briefing.errors import RenderError
from briefing.write.render import RenderOptions
from briefing.write.render.assets import long_date, style_file
from briefing.write.render.docx_xml import (
    _AFTER_UPDATE_FIELDS,
    DC_NS,
    DCTERMS_NS,
    MARKER,
    PAPER_TWIPS,
    STYLE_KIND,
    XSI_NS,
    Writer,
    bookmark,
    clean,
    el,
    end_bookmark,
    field,
    paragraph,
    run,
    w,
)



# ---------------------------------------------------------------- reference document
def open_reference(options: RenderOptions) -> tuple[docx.document.Document, Path]:
    path = options.reference_doc if options.reference_doc is not None else style_file(options, "reference.docx")
    if not path.is_file():
        raise RenderError(f"{path}: reference document not found")
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises zip, XML, KeyError or ValueError for bad files
        reason = (str(err).splitlines() or [""])[0][:160]
        raise RenderError(f"{path}: not a usable .docx reference document ({type(err).__name__}: {reason})") from None
    return document, path


def check_reference(options: RenderOptions) -> None:
    """Fail now, in one line, on a reference document that rendering would refuse, so a
    long build does not end on it."""
    document, path = open_reference(options)
    style_table(document, path)


def style_table(document: docx.document.Document, path: Path) -> dict[str, str]:
    """Style names (lower case) to style ids, checked to hold every name in STYLE_NAMES."""
    found: dict[str, tuple[str, str]] = {}
    for style in document.styles.element.findall(w("style")):
        name = style.find(w("name"))
        style_id = style.get(w("styleId"))
        if name is not None and style_id:
            found.setdefault(name.get(w("val"), "").lower(), (style_id, style.get(w("type"), "paragraph")))
    missing = [name for name in d.STYLE_NAMES if name.lower() not in found]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise RenderError(f"{path}: reference document lacks style {names} (every style in the shipped reference.docx is needed)")
    for name in d.STYLE_NAMES:
        want = STYLE_KIND.get(name, "paragraph")
        if found[name.lower()][1] != want:
            raise RenderError(f"{path}: style {name!r} in the reference document is a {found[name.lower()][1]} style, not a {want} style")
    return {name: style_id for name, (style_id, _) in found.items()}


def clear_body(document: docx.document.Document) -> etree._Element:
    """Drop the reference document's content, keep its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    return body


def set_page(document: docx.document.Document, paper: str) -> None:
    """The shipped reference is A4; for Letter, change size and keep the margins."""
    sect = document.element.body.find(w("sectPr"))
    size = sect.find(w("pgSz")) if sect is not None else None
    if size is not None:
        width, height = PAPER_TWIPS[paper]
        size.set(w("w"), str(width))
        size.set(w("h"), str(height))


def text_width(document: docx.document.Document) -> int:
    section = document.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin
        return max(int(width / 635), 1440)  # EMU -> twips
    except TypeError:  # page size not set in the reference document
        return 9026


# ---------------------------------------------------------------- header, footer, properties
def _drop_own_paragraphs(container: etree._Element) -> None:
    """Remove what an earlier run of this renderer wrote (when the reference document is
    itself a rendered brief), and empty paragraphs; keep the user's own content."""
    for p in container.findall(w("p")):
        marked = any(b.get(w("name"), "").startswith(MARKER) for b in p.iter(w("bookmarkStart")))
        empty = not any(True for _ in p.iter(w("r"), w("hyperlink"), w("fldSimple")))
        if marked or empty:
            container.remove(p)


def _tabs(ppr: etree._Element, style_name: str, wr: Writer, stops: list[tuple[str, int]]) -> None:
    """Paragraph tab stops; the style's own stops are cleared so ours are the only ones."""
    tabs = el(ppr, "tabs")
    positions = {pos for _, pos in stops}
    for st in wr.document.styles.element.findall(w("style")):
        if st.get(w("styleId")) == wr.style_id(style_name):
            for tab in st.iterfind(f"{w('pPr')}/{w('tabs')}/{w('tab')}"):
                pos = tab.get(w("pos"))
                if pos and int(pos) not in positions:
                    el(tabs, "tab", val="clear", pos=pos)
    for kind, pos in stops:
        el(tabs, "tab", val=kind, pos=str(pos))


def header_footer(doc: d.Doc, wr: Writer) -> None:
    meta = doc.meta
    section = wr.document.sections[-1]
    header = section.header
    footer = section.footer
    header.is_linked_to_previous = False
    footer.is_linked_to_previous = False
    hdr = header._element
    ftr = footer._element
    _drop_own_paragraphs(hdr)
    _drop_own_paragraphs(ftr)
    marks = 0

    def marked(container: etree._Element, style: str) -> tuple[etree._Element, etree._Element]:
        nonlocal marks
        marks += 1
        p, ppr = paragraph(container, style, wr)
        _, bid = bookmark(p, f"{MARKER}{marks}", wr)
        end_bookmark(p, bid)
        return p, ppr

    if meta.banner:
        p, _ = marked(hdr, "Banner")
        run(p, meta.banner, frozenset(), wr)
    p, ppr = marked(hdr, "Header")
    _tabs(ppr, "Header", wr, [("right", wr.text_width)])
    run(p, meta.title, frozenset(), wr)
    run(p, "\t" + f"As of {long_date(meta.as_of)}", frozenset(), wr)

    p, ppr = marked(ftr, "Footer")
    _tabs(ppr, "Footer", wr, [("right", wr.text_width)])
    if meta.banner:
        run(p, meta.banner, frozenset({"b"}), wr)
    run(p, "\tPage ", frozenset(), wr)
    field(p, "PAGE", "1", wr)
    run(p, " of ", frozenset(), wr)
    field(p, "NUMPAGES", "1", wr)


def core_properties(doc: d.Doc, document: docx.document.Document) -> None:
    """Title, subject and dates only: no author, last-modified-by or revision from the
    reference document or this machine."""
    meta = doc.meta
    core = document.core_properties._element  # creates the part if the reference lacks one
    for child in list(core):
        core.remove(child)
    stamp = f"{meta.as_of.isoformat()}T00:00:00Z"

    def add(ns: str, tag: str, text: str, w3cdtf: bool = False) -> None:
        node = etree.SubElement(core, f"{{{ns}}}{tag}")
        node.text = clean(text)
        if w3cdtf:
            node.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")

    add(DC_NS, "title", meta.title)
    subject = " / ".join(part for part in (meta.audience, meta.banner) if part)
    if subject:
        add(DC_NS, "subject", subject)
    add(DCTERMS_NS, "created", stamp, w3cdtf=True)
    add(DCTERMS_NS, "modified", stamp, w3cdtf=True)


def update_fields_on_open(document: docx.document.Document) -> None:
    """w:updateFields makes Word (and LibreOffice) recompute the TOC and page fields."""
    settings = document.settings.element
    existing = settings.find(w("updateFields"))
    if existing is not None:
        existing.set(w("val"), "true")
        return
    node = el(settings, "updateFields", val="true")
    for name in _AFTER_UPDATE_FIELDS:
        successor = settings.find(w(name))
        if successor is not None:
            successor.addprevious(node)
            return


def drop_thumbnail(document: docx.document.Document) -> None:
    """A reference document's preview image would show its own first page."""
    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>briefing</Application></Properties>"
)


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times, attributes and order; replace the
    extended properties (application name, company, editing time) with a fixed one."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    ordered = first + sorted(n for n in names if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in ordered:
            content = APP_XML if name == "docProps/app.xml" else src.read(name)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            dst.writestr(info, content, compresslevel=6)
    return out.getvalue()
