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
from typing import assert_never

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefing.write import doc as d
from briefing.errors import ConfigError
from briefing.write.render import RenderOptions
from briefing.write.render.assets import (
    bookmark_name,
    collect_anchors,
    column_weights,
    heading_level,
    heading_shift,
    kept_with_next,
    long_date,
    safe_url,
)
from briefing.write.render.docx_xml import (
    PAPER_TWIPS,
    R_NS,
    XML_NS,
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
from briefing.write.render.docx_package import (
    clear_body,
    core_properties,
    drop_thumbnail,
    header_footer,
    open_reference,
    reproducible_zip,
    set_page,
    style_table,
    text_width,
    update_fields_on_open,
)



# ---------------------------------------------------------------- inlines
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
def numbering_props(ppr: etree._Element, num_id: str, level: int) -> None:
    numpr = el(ppr, "numPr")
    el(numpr, "ilvl", val=str(level))
    el(numpr, "numId", val=num_id)


def block_to_docx(block: d.Block, parent: etree._Element, wr: Writer, para_style: str = "Body Text",
                  depth: int = 0) -> None:  # fmt: skip
    match block:
        case d.Heading(level=level, children=children, id=heading_id):
            p, _ = paragraph(parent, f"Heading {heading_level(level, wr.heading_shift)}", wr)
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
    """A w:num of its own for each list, as Word makes one per list: numbered lists
    restart (startOverride), and an editor renumbering or restyling one list leaves the
    others alone."""
    numbering = wr.document.part.numbering_part.element
    abstract_id = wr.num_for_style.get(style)
    if abstract_id is None:
        abstract_id = style_abstract_num(wr, style) or add_abstract_num(numbering, ordered=start is not None)
        wr.num_for_style[style] = abstract_id
    nums = numbering.findall(w("num"))
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


def toc_to_docx(title: str, parent: etree._Element, wr: Writer) -> None:
    """A TOC field, its result pre-filled with linked heading entries and the page each
    heading has in the laid-out document (the PDF layout, whose page metrics the shipped
    reference document shares): Word rebuilds the field on open (w:updateFields);
    LibreOffice shows this result until Tools > Update."""
    p, _ = paragraph(parent, "TOC Heading", wr)
    run(p, title, frozenset(), wr)
    entries = wr.toc_entries
    if not entries:
        p, _ = paragraph(parent, "Body Text", wr)
        field(p, 'TOC \\o "1-3" \\h \\z \\u', "Update this field to list the contents.", wr)
        return
    last = len(entries) - 1
    for i, heading in enumerate(entries):
        level = heading_level(heading.level, wr.heading_shift)
        style = f"toc {level}" if f"toc {level}" in wr.styles else "Normal"
        p, _ = paragraph(parent, style, wr)
        if i == 0:
            el(el(p, "r"), "fldChar", fldCharType="begin")
            instr = el(el(p, "r"), "instrText")
            instr.text = ' TOC \\o "1-3" \\h \\z \\u '
            instr.set(f"{{{XML_NS}}}space", "preserve")
            el(el(p, "r"), "fldChar", fldCharType="separate")
        key = bookmark_name("h_", heading.id)
        link = el(p, "hyperlink", anchor=key, history="1")
        run(link, d.plain_text(heading.children), frozenset(), wr)
        if key in wr.toc_pages:  # the page as laid out; Word recomputes it on open
            run(p, f"\t{wr.toc_pages[key]}", frozenset(), wr)
        if i == last:
            el(el(p, "r"), "fldChar", fldCharType="end")


# ---------------------------------------------------------------- renderer
def collect_headings(blocks: tuple[d.Block, ...]) -> list[d.Heading]:
    return [block for block in blocks if isinstance(block, d.Heading)]


def toc_pages(doc: d.Doc, options: RenderOptions) -> dict[str, int]:
    """Heading pages for the contents list, from the PDF layout; none without a Toc."""
    if not any(isinstance(block, d.Toc) for block in doc.blocks):
        return {}
    from briefing.write.render.pdf import RENDERER as PDF

    return PDF.heading_pages(doc, options)


class DocxRenderer:
    suffix = ".docx"

    def render(self, doc: d.Doc, options: RenderOptions) -> bytes:
        paper = options.paper.lower()
        if paper not in PAPER_TWIPS:
            raise ConfigError(f"unknown paper size {options.paper!r} (known: A4, Letter)")
        document, path, _ = open_reference(options)
        styles = style_table(document, path)
        # A user's reference document keeps its own page setup, if it has one.
        set_page(document, paper, keep=options.reference_doc is not None)
        headings = collect_headings(doc.blocks)
        wr = Writer(document, styles, collect_anchors(doc.blocks), text_width(document),
                    toc_entries=headings, heading_shift=heading_shift(doc.blocks),
                    toc_pages=toc_pages(doc, options))  # fmt: skip
        body = clear_body(document)
        sect = body.find(w("sectPr"))
        if sect is not None:
            body.remove(sect)  # re-appended last, after the content
        title_block(doc.meta, body, wr)
        kept = kept_with_next(doc.blocks)
        for i, block in enumerate(doc.blocks):
            block_to_docx(block, body, wr)
            if i in kept and not isinstance(block, d.Heading):
                # A heading's keyword or role line stays on the page of what it
                # introduces, as the heading styles do (keepNext in the reference).
                keep_next(body[-1])
        if sect is not None:
            body.append(sect)

        header_footer(doc, wr)
        core_properties(doc, document, options)
        update_fields_on_open(document)
        drop_thumbnail(document)
        buffer = io.BytesIO()
        document.save(buffer)
        return reproducible_zip(buffer.getvalue())


def keep_next(p: etree._Element) -> None:
    """Keep paragraph `p` on the page of the next one (w:keepNext, after its style)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.SubElement(p, w("pPr"))
        p.insert(0, ppr)
    style = ppr.find(w("pStyle"))
    keep = etree.Element(w("keepNext"))
    if style is None:
        ppr.insert(0, keep)
    else:
        style.addnext(keep)


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
