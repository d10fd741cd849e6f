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
from briefing.read.docx import check_package
from briefing.write.render import RenderOptions
from briefing.config import TEMPLATES_DIR
from briefing.write.render.assets import document_title, long_date, style_file
from briefing.write.render.docx_styles import adopt_styles, missing_styles, notice_adopted, style_table
from briefing.write.render.docx_xml import (
    _AFTER_UPDATE_FIELDS,
    DC_NS,
    DCTERMS_NS,
    MARKER,
    PAPER_TWIPS,
    W_NS,
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



# The shipped reference document's margins (twips), for a reference that sets none.
DEFAULT_MARGINS = {"top": 1531, "right": 1247, "bottom": 1361, "left": 1247, "header": 567, "footer": 680, "gutter": 0}


# ---------------------------------------------------------------- reference document
def open_reference(options: RenderOptions) -> tuple[docx.document.Document, Path, list[str]]:
    """The reference document with every style the renderer uses, and the names of the
    styles it lacked (taken from the defaults, as pandoc does)."""
    path = options.reference_doc if options.reference_doc is not None else style_file(options, "reference.docx")
    if not path.is_file():
        raise RenderError(f"{path}: reference document not found")
    # the limits an article's DOCX is held to: a reference is as untrusted as one
    check_package(path, str(path), RenderError, "reference document")
    try:
        document = docx.Document(str(path))
    except Exception as err:  # python-docx raises zip, XML, KeyError or ValueError for bad files
        reason = (str(err).splitlines() or [""])[0][:160]
        raise RenderError(f"{path}: not a usable .docx reference document ({type(err).__name__}: {reason})") from None
    ensure_numbering(document)
    missing = missing_styles(document)
    if missing:
        defaults = style_file(options, "reference.docx")
        if defaults == path:
            defaults = TEMPLATES_DIR / "styles" / "reference.docx"
        check_package(defaults, str(defaults), RenderError, "reference document")
        adopt_styles(document, missing, defaults)
    return document, path, missing


def ensure_numbering(document: docx.document.Document) -> None:
    """A numbering part for the lists, where the reference has none (LibreOffice saves
    none for a document without lists; python-docx cannot make one)."""
    try:
        document.part.part_related_by(RT.NUMBERING)
        return
    except KeyError:
        pass
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}"/>'.encode()
    part = NumberingPart.load(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, blob, document.part.package)
    document.part.relate_to(part, RT.NUMBERING)


def check_reference(options: RenderOptions) -> None:
    """Fail now, in one line, on a reference document that rendering would refuse, so a
    long build does not end on it; name once the styles it lacks."""
    document, path, missing = open_reference(options)
    style_table(document, path)
    notice_adopted(path, missing)


def clear_body(document: docx.document.Document) -> etree._Element:
    """Drop the reference document's content, keep its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    return body


def set_page(document: docx.document.Document, paper: str, keep: bool = False) -> None:
    """The paper size `paper`, keeping the margins; with `keep` (a user's reference
    document), only where the document sets no page size of its own (pandoc's reference
    sets none), then with the shipped margins too."""
    body = document.element.body
    sect = body.find(w("sectPr"))
    if sect is None:
        sect = el(body, "sectPr")
    size = sect.find(w("pgSz"))
    if size is not None and keep:
        return
    width, height = PAPER_TWIPS[paper]
    if size is None:
        size = etree.Element(w("pgSz"))
        # CT_SectPr: header/footer references, footnotePr, endnotePr, type, then pgSz, pgMar
        refs = [c for c in sect if c.tag in (w("headerReference"), w("footerReference"), w("footnotePr"), w("endnotePr"), w("type"))]
        if refs:
            refs[-1].addnext(size)
        else:
            sect.insert(0, size)
        if sect.find(w("pgMar")) is None:
            size.addnext(etree.Element(w("pgMar"), {w(k): str(v) for k, v in DEFAULT_MARGINS.items()}))
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


def core_properties(doc: d.Doc, document: docx.document.Document, options: RenderOptions) -> None:
    """Title (the audience's: "US–China Relations — Principal's brief"), subject,
    author (`options.author`, empty by default), language and dates; nothing from the
    reference document or this machine (last-modified-by, revision)."""
    meta = doc.meta
    # LibreOffice relates its core properties with another type URI
    # (".../officedocument/2006/relationships/metadata/core-properties"), which
    # python-docx does not know: it would add a second docProps/core.xml.
    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype != RT.CORE_PROPERTIES and rel.reltype.lower().endswith("/metadata/core-properties"):
            del rels[rid]
    core = document.core_properties._element  # creates the part if the reference lacks one
    for child in list(core):
        core.remove(child)
    stamp = f"{meta.as_of.isoformat()}T00:00:00Z"

    def add(ns: str, tag: str, text: str, w3cdtf: bool = False) -> None:
        node = etree.SubElement(core, f"{{{ns}}}{tag}")
        node.text = clean(text)
        if w3cdtf:
            node.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")

    add(DC_NS, "title", document_title(meta))
    subject = " / ".join(part for part in (meta.audience, meta.banner) if part)
    if subject:
        add(DC_NS, "subject", subject)
    if options.author:
        add(DC_NS, "creator", options.author)
    if options.language:
        add(DC_NS, "language", options.language)
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
    names = list(dict.fromkeys(src.namelist()))
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
