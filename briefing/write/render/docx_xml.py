"""WordprocessingML building blocks for the DOCX renderer: namespaces, element helpers and
the writer's state (numbering, bookmarks, relationships) while a body is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import docx
from lxml import etree

from briefing.write import doc as d

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
    heading_shift: int = 0  # levels every heading is lifted by (sections are Heading 1)
    toc_pages: dict[str, int] = field(default_factory=dict)  # heading bookmark -> page

    def style_id(self, name: str) -> str:
        return self.styles[name.lower()]

    def bookmark_id(self) -> str:
        self.next_bookmark += 1
        return str(self.next_bookmark)


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


def paragraph(parent: etree._Element, style: str, wr: Writer) -> tuple[etree._Element, etree._Element]:
    """A new w:p with its style; returns (p, pPr)."""
    p = el(parent, "p")
    ppr = el(p, "pPr")
    el(ppr, "pStyle", val=wr.style_id(style))
    return p, ppr


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
