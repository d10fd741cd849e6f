"""DOCX renderer: a `Doc` in, the bytes of a Word document out.

Like pandoc's `--reference-doc`, the styles, page setup, header and footer come from a
reference document (the shipped templates/styles/reference.docx, the user's copy under
`RenderOptions.templates_dir`, or `RenderOptions.reference_doc`); its body is discarded
and the brief is written in its place using only the style names in `doc.STYLE_NAMES`.

What the output holds: headings by style (with bookmarks), bulleted and numbered lists
(each numbered list restarts: its own w:num with a startOverride), tables with a
repeating header row, a TOC field that Word/LibreOffice refresh on open (w:updateFields),
internal hyperlinks from `Cite` to the bookmark an `Anchor` places, external hyperlinks,
a header (banner, title, as-of date) and footer (banner, "Page X of Y" as PAGE/NUMPAGES
fields), and core properties dated `meta.as_of`. The zip is written with fixed entry
times and order, so the same input gives the same bytes.

python-docx opens and saves the package; the body is built as WordprocessingML with lxml.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import assert_never

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefing.write import doc as d
from briefing.errors import ConfigError, RenderError
from briefing.write.render import RenderOptions
from briefing.write.render.assets import bookmark_name, collect_anchors, column_weights, long_date, safe_url, style_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

PAPER_TWIPS = {"a4": (11906, 16838), "letter": (12240, 15840)}
MARKER = "_Briefing"  # bookmark prefix marking header/footer paragraphs this renderer wrote
# characters XML 1.0 cannot hold; article text is untrusted
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# settings.xml children that must follow w:updateFields (CT_Settings sequence)
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
    "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip
# style kinds the renderer relies on (everything else in STYLE_NAMES is a paragraph style)
STYLE_KIND = {"Hyperlink": "character", "Table Grid": "table"}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def el(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    """A w: element (appended to `parent` if given) with w: attributes."""
    attributes = {w(k): v for k, v in attrs.items()}
    if parent is None:
        return etree.Element(w(tag), attributes, nsmap={"w": W_NS, "r": R_NS})
    return etree.SubElement(parent, w(tag), attributes)


# ---------------------------------------------------------------- state
@dataclass
class Writer:
    """What block and inline rendering need while writing one document."""

    document: docx.document.Document
    styles: dict[str, str]  # lower-case style name -> styleId
    anchors: frozenset[str]
    text_width: int  # twips
    next_bookmark: int = 0
    placed: set[str] = field(default_factory=set)  # anchors already bookmarked
    bookmarks: set[str] = field(default_factory=set)
    num_for_style: dict[str, str] = field(default_factory=dict)  # style name -> abstractNumId
    toc_entries: list[d.Heading] = field(default_factory=list)

    def style_id(self, name: str) -> str:
        return self.styles[name.lower()]

    def bookmark_id(self) -> str:
        self.next_bookmark += 1
        return str(self.next_bookmark)


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


# ---------------------------------------------------------------- inlines
def clean(text: str) -> str:
    return _XML_BAD.sub("", text)


def add_text(run: etree._Element, text: str) -> None:
    """Text into a run; line breaks and tabs become w:br and w:tab."""
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            el(run, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                el(run, "tab")
            if piece:
                t = el(run, "t")
                t.text = piece
                t.set(f"{{{XML_NS}}}space", "preserve")


def run(parent: etree._Element, text: str, marks: frozenset[str], wr: Writer) -> etree._Element:
    r = el(parent, "r")
    if marks:
        rpr = el(r, "rPr")  # CT_RPr order: rStyle, ..., b, ..., i
        if "link" in marks:
            el(rpr, "rStyle", val=wr.style_id("Hyperlink"))
        if "b" in marks:
            el(rpr, "b")
        if "i" in marks:
            el(rpr, "i")
    add_text(r, text)
    return r


def bookmark(parent: etree._Element, name: str, wr: Writer) -> tuple[etree._Element, str]:
    """Open a bookmark; returns (start element, id) — the caller closes it with `end_bookmark`."""
    bid = wr.bookmark_id()
    start = el(parent, "bookmarkStart", id=bid, name=name)
    wr.bookmarks.add(name)
    return start, bid


def end_bookmark(parent: etree._Element, bid: str) -> None:
    el(parent, "bookmarkEnd", id=bid)


def inline_to_docx(node: d.Inline, parent: etree._Element, wr: Writer, marks: frozenset[str] = frozenset()) -> None:
    in_link = "link" in marks
    match node:
        case d.Text(text=text):
            if text:
                run(parent, text, marks, wr)
        case d.Strong(children=children):
            inlines_to_docx(children, parent, wr, marks | {"b"})
        case d.Emph(children=children):
            inlines_to_docx(children, parent, wr, marks | {"i"})
        case d.Link(children=children, url=url):
            if in_link or not safe_url(url):
                inlines_to_docx(children, parent, wr, marks)
                return
            rid = wr.document.part.relate_to(clean(url), RT.HYPERLINK, is_external=True)
            link = el(parent, "hyperlink", history="1")
            link.set(f"{{{R_NS}}}id", rid)
            inlines_to_docx(children, link, wr, marks | {"link"})
        case d.Cite(article_id=article_id, label=label):
            text = cite_text(label)
            if in_link or article_id not in wr.anchors:
                run(parent, text, marks, wr)
                return
            link = el(parent, "hyperlink", anchor=bookmark_name("src_", article_id), history="1")
            run(link, text, marks | {"link"}, wr)
        case d.Anchor(article_id=article_id, label=label):
            if article_id in wr.placed:
                run(parent, label, marks, wr)
                return
            wr.placed.add(article_id)
            _, bid = bookmark(parent, bookmark_name("src_", article_id), wr)
            run(parent, label, marks, wr)
            end_bookmark(parent, bid)
        case _:
            assert_never(node)


def inlines_to_docx(nodes: tuple[d.Inline, ...], parent: etree._Element, wr: Writer,
                    marks: frozenset[str] = frozenset()) -> None:  # fmt: skip
    for node in nodes:
        inline_to_docx(node, parent, wr, marks)


def cite_text(label: str) -> str:
    """A citation prints as "[3]" unless its label already brings its own brackets."""
    return label if label[:1] in "[(" else f"[{label}]"


# ---------------------------------------------------------------- blocks
def paragraph(parent: etree._Element, style: str, wr: Writer) -> tuple[etree._Element, etree._Element]:
    """A new w:p with its style; returns (p, pPr)."""
    p = el(parent, "p")
    ppr = el(p, "pPr")
    el(ppr, "pStyle", val=wr.style_id(style))
    return p, ppr


def numbering_props(ppr: etree._Element, num_id: str, level: int) -> None:
    numpr = el(ppr, "numPr")
    el(numpr, "ilvl", val=str(level))
    el(numpr, "numId", val=num_id)


def block_to_docx(block: d.Block, parent: etree._Element, wr: Writer, para_style: str = "Body Text",
                  depth: int = 0) -> None:  # fmt: skip
    match block:
        case d.Heading(level=level, children=children, id=heading_id):
            p, _ = paragraph(parent, f"Heading {min(max(level, 1), 3)}", wr)
            _, bid = bookmark(p, bookmark_name("h_", heading_id), wr)
            inlines_to_docx(children, p, wr)
            end_bookmark(p, bid)
        case d.Para(children=children):
            p, _ = paragraph(parent, para_style, wr)
            inlines_to_docx(children, p, wr)
        case d.ListBlock():
            list_to_docx(block, parent, wr, depth)
        case d.BlockQuote():
            quote_to_docx(block, parent, wr, depth)
        case d.Table():
            table_to_docx(block, parent, wr)
        case d.Toc(title=title):
            toc_to_docx(title, parent, wr)
        case _:
            assert_never(block)


def list_to_docx(block: d.ListBlock, parent: etree._Element, wr: Writer, depth: int) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    num_id = new_num(wr, style, depth, block.start if block.ordered else None)
    level = min(depth, 8)
    for item in block.items:
        first = True
        for child in item:
            if isinstance(child, d.Para):
                p, ppr = paragraph(parent, style, wr)
                if first:
                    numbering_props(ppr, num_id, level)
                else:  # a further paragraph of the same item: no number, same indent
                    numbering_props(ppr, "0", 0)
                    el(ppr, "ind", left=str(360 * (level + 1)), hanging="0")
                inlines_to_docx(child.children, p, wr)
            else:
                block_to_docx(child, parent, wr, para_style=style, depth=depth + 1)
            first = False


def new_num(wr: Writer, style: str, depth: int, start: int | None) -> str:
    """A w:num for one list. Numbered lists get their own num with a startOverride, so
    each restarts (Word continues numbering across lists that share a num)."""
    numbering = wr.document.part.numbering_part.element
    abstract_id = wr.num_for_style.get(style)
    if abstract_id is None:
        abstract_id = style_abstract_num(wr, style) or add_abstract_num(numbering, ordered=start is not None)
        wr.num_for_style[style] = abstract_id
    nums = numbering.findall(w("num"))
    if start is None and depth == 0:
        for num in nums:  # bullets need no restart: reuse the style's own num
            if num.find(w("abstractNumId")).get(w("val")) == abstract_id and num.find(w("lvlOverride")) is None:
                return num.get(w("numId"))
    num_id = str(max((int(n.get(w("numId"))) for n in nums), default=0) + 1)
    num = el(numbering, "num", numId=num_id)
    el(num, "abstractNumId", val=abstract_id)
    if start is not None:
        override = el(num, "lvlOverride", ilvl=str(min(depth, 8)))
        el(override, "startOverride", val=str(start))
    cleanup = numbering.find(w("numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(num)  # the schema wants it last
    return num_id


def style_abstract_num(wr: Writer, style: str) -> str | None:
    """The abstractNum the reference document links to `style`, if any."""
    numbering = wr.document.part.numbering_part.element
    sid = wr.style_id(style)
    for st in wr.document.styles.element.findall(w("style")):
        if st.get(w("styleId")) != sid:
            continue
        num_id = st.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        if num_id is None:
            return None
        for num in numbering.findall(w("num")):
            if num.get(w("numId")) == num_id.get(w("val")):
                return num.find(w("abstractNumId")).get(w("val"))
    return None


def add_abstract_num(numbering: etree._Element, ordered: bool) -> str:
    """A bullet or decimal definition for a reference document that links none."""
    existing = [int(a.get(w("abstractNumId"))) for a in numbering.findall(w("abstractNum"))]
    abstract_id = str(max(existing, default=-1) + 1)
    abstract = el(numbering, "abstractNum", abstractNumId=abstract_id)
    el(abstract, "multiLevelType", val="hybridMultilevel")
    for level in range(9):
        lvl = el(abstract, "lvl", ilvl=str(level))
        el(lvl, "start", val="1")
        el(lvl, "numFmt", val="decimal" if ordered else "bullet")
        el(lvl, "lvlText", val=f"%{level + 1}." if ordered else "•")
        el(lvl, "lvlJc", val="left")
        el(el(lvl, "pPr"), "ind", left=str(360 * (level + 1)), hanging="360")
    first_num = numbering.find(w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # all abstractNums precede all nums
    return abstract_id


def quote_to_docx(block: d.BlockQuote, parent: etree._Element, wr: Writer, depth: int) -> None:
    for child in block.children:
        block_to_docx(child, parent, wr, para_style="Quote", depth=depth)
    if block.attribution:
        p, _ = paragraph(parent, "Quote Attribution", wr)
        if d.plain_text(block.attribution).lstrip()[:1] not in ("—", "–", "-"):
            run(p, "— ", frozenset(), wr)
        inlines_to_docx(block.attribution, p, wr)


def column_widths(block: d.Table, width: int) -> list[int]:
    weights = column_weights(block)
    total = sum(weights)
    widths = [width * wt // total for wt in weights]
    widths[-1] += width - sum(widths)
    return widths


def table_to_docx(block: d.Table, parent: etree._Element, wr: Writer) -> None:
    rows = (block.header, *block.rows) if block.header else block.rows
    if not rows or not any(rows):
        return
    widths = column_widths(block, wr.text_width)
    tbl = el(parent, "tbl")
    tblpr = el(tbl, "tblPr")
    el(tblpr, "tblStyle", val=wr.style_id("Table Grid"))
    el(tblpr, "tblW", w="5000", type="pct")
    el(tblpr, "tblLook", val="04A0", firstRow="1" if block.header else "0", lastRow="0", firstColumn="0",
       lastColumn="0", noHBand="1", noVBand="1")  # fmt: skip
    grid = el(tbl, "tblGrid")
    for width in widths:
        el(grid, "gridCol", w=str(width))
    for index, row in enumerate(rows):
        tr = el(tbl, "tr")
        is_header = index == 0 and bool(block.header)
        trpr = el(tr, "trPr")
        el(trpr, "cantSplit")
        if is_header:
            el(trpr, "tblHeader")  # repeated at the top of each page
        for col, width in enumerate(widths):
            tc = el(tr, "tc")
            el(el(tc, "tcPr"), "tcW", w=str(width), type="dxa")
            p = el(tc, "p")
            if col < len(row):
                inlines_to_docx(row[col], p, wr, frozenset({"b"}) if is_header else frozenset())
    # Word needs a paragraph between a table and whatever follows (another table, the end)
    el(parent, "p")


def field(p: etree._Element, instruction: str, result: str | None, wr: Writer) -> None:
    """A complete field in one paragraph: begin, instruction, separate, result, end."""
    el(el(p, "r"), "fldChar", fldCharType="begin")
    instr = el(el(p, "r"), "instrText")
    instr.text = f" {instruction} "
    instr.set(f"{{{XML_NS}}}space", "preserve")
    el(el(p, "r"), "fldChar", fldCharType="separate")
    if result is not None:
        run(p, result, frozenset(), wr)
    el(el(p, "r"), "fldChar", fldCharType="end")


def toc_to_docx(title: str, parent: etree._Element, wr: Writer) -> None:
    """A TOC field, its result pre-filled with linked heading entries without page
    numbers: Word rebuilds the field on open (w:updateFields); LibreOffice keeps this
    result until Tools > Update, so it must read sensibly as it is. (PAGEREF fields in
    the entries would not help: LibreOffice leaves their placeholder in place too.)"""
    p, _ = paragraph(parent, "TOC Heading", wr)
    run(p, title, frozenset(), wr)
    entries = [b for b in wr.toc_entries if 1 <= b.level <= 3]
    if not entries:
        p, _ = paragraph(parent, "Body Text", wr)
        field(p, 'TOC \\o "1-3" \\h \\z \\u', "Update this field to list the contents.", wr)
        return
    last = len(entries) - 1
    for i, heading in enumerate(entries):
        style = f"toc {heading.level}" if f"toc {heading.level}" in wr.styles else "Normal"
        p, _ = paragraph(parent, style, wr)
        if i == 0:
            el(el(p, "r"), "fldChar", fldCharType="begin")
            instr = el(el(p, "r"), "instrText")
            instr.text = ' TOC \\o "1-3" \\h \\z \\u '
            instr.set(f"{{{XML_NS}}}space", "preserve")
            el(el(p, "r"), "fldChar", fldCharType="separate")
        link = el(p, "hyperlink", anchor=bookmark_name("h_", heading.id), history="1")
        run(link, d.plain_text(heading.children), frozenset(), wr)
        if i == last:
            el(el(p, "r"), "fldChar", fldCharType="end")


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


# ---------------------------------------------------------------- renderer
def collect_headings(blocks: tuple[d.Block, ...]) -> list[d.Heading]:
    return [block for block in blocks if isinstance(block, d.Heading)]


class DocxRenderer:
    suffix = ".docx"

    def render(self, doc: d.Doc, options: RenderOptions) -> bytes:
        paper = options.paper.lower()
        if paper not in PAPER_TWIPS:
            raise ConfigError(f"unknown paper size {options.paper!r} (known: A4, Letter)")
        document, path = open_reference(options)
        styles = style_table(document, path)
        if options.reference_doc is None:
            set_page(document, paper)  # a user's reference document keeps its own page setup
        wr = Writer(document, styles, collect_anchors(doc.blocks), text_width(document),
                    toc_entries=collect_headings(doc.blocks))  # fmt: skip
        body = clear_body(document)
        sect = body.find(w("sectPr"))
        if sect is not None:
            body.remove(sect)  # re-appended last, after the content
        title_block(doc.meta, body, wr)
        for block in doc.blocks:
            block_to_docx(block, body, wr)
        if sect is not None:
            body.append(sect)

        header_footer(doc, wr)
        core_properties(doc, document)
        update_fields_on_open(document)
        drop_thumbnail(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return reproducible_zip(buffer.getvalue())


def title_block(meta: d.DocMeta, parent: etree._Element, wr: Writer) -> None:
    p, _ = paragraph(parent, "Title", wr)
    run(p, meta.title, frozenset(), wr)
    p, _ = paragraph(parent, "Subtitle", wr)
    if meta.subtitle:
        run(p, meta.subtitle, frozenset(), wr)
        el(el(p, "r"), "br")
    dated = f"As of {long_date(meta.as_of)}"
    if meta.audience:
        dated += f" · Prepared for {meta.audience}"
    run(p, dated, frozenset(), wr)


RENDERER = DocxRenderer()
