"""PDF renderer: a `Doc` in, the bytes of a print-ready PDF out (reportlab platypus).

What the output holds: embedded TrueType fonts (DejaVu, with a CJK fallback per run of
characters), an outline entry per heading nested by level, a clickable contents list for
`Toc` blocks, a header (banner, title, as-of date) and footer (banner, "Page X of Y") on
every page, internal links from `Cite` to `Anchor` and external links from `Link`, and
tables whose header row repeats. Styles come from templates/styles/pdf.toml (keyed by
`doc.STYLE_NAMES`). The same `Doc` and options give byte-identical output: reportlab's
invariant mode, with the creation date set to `meta.as_of`.

All article text is XML-escaped before reportlab's paragraph parser sees it; only this
module writes markup.
"""

from __future__ import annotations

import calendar
import io
import time
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, assert_never
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from briefing.write import doc as d
from briefing.errors import ConfigError, RenderError
from briefing.write.render import RenderOptions, fonts
from briefing.write.render.pdf_keep import with_room
from briefing.write.render.pdf_contents import Contents, draw_deferred, seed_contents
from briefing.write.render.pdf_styles import Sheet, load_sheet
from briefing.write.render.assets import (
    bookmark_name,
    collect_anchors,
    column_weights,
    document_title,
    heading_level,
    heading_shift,
    long_date,
    safe_url,
    style_file,
)

PAPER = {"a4": A4, "letter": LETTER}

# ---------------------------------------------------------------- inlines
@dataclass
class Context:
    """What inline and block rendering need to know about the whole document."""

    sheet: Sheet
    anchors: frozenset[str]  # article ids that have an Anchor (Cite targets)
    width: float  # available frame width, points
    placed: set[str] = field(default_factory=set)  # anchors already placed (no duplicates)
    shift: int = 0  # heading levels lifted so that sections are Heading 1


def text_to_pdf(text: str, font: str) -> str:
    """Escape plain text for reportlab markup, switching font for runs (CJK) the
    paragraph's font has no glyphs for."""
    out: list[str] = []
    for run_font, run in fonts.font_runs(text, font):
        escaped = escape(run)
        out.append(escaped if run_font is None else f'<font name="{run_font}">{escaped}</font>')
    return "".join(out)


def _link(markup: str, href: str, ctx: Context) -> str:
    if ctx.sheet.link_underline:
        markup = f"<u>{markup}</u>"
    return f"<a href={quoteattr(href)} color={quoteattr(ctx.sheet.link_color)}>{markup}</a>"


def inline_to_pdf(node: d.Inline, font: str, ctx: Context) -> str:
    match node:
        case d.Text(text=text):
            return text_to_pdf(text, font)
        case d.Strong(children=children):
            return f"<b>{inlines_to_pdf(children, font, ctx)}</b>"
        case d.Emph(children=children):
            return f"<i>{inlines_to_pdf(children, font, ctx)}</i>"
        case d.Link(children=children, url=url):
            inner = inlines_to_pdf(children, font, ctx)
            return _link(inner, url, ctx) if safe_url(url) else inner
        case d.Cite(article_id=article_id, label=label):
            visible = text_to_pdf(cite_text(label), font)
            if article_id not in ctx.anchors:
                return visible  # a link to a missing destination would break the PDF
            return _link(visible, "#" + bookmark_name("src_", article_id), ctx)
        case d.Anchor(article_id=article_id, label=label):
            visible = text_to_pdf(label, font)
            if article_id in ctx.placed:
                return visible
            ctx.placed.add(article_id)
            return f'<a name="{bookmark_name("src_", article_id)}"/>{visible}'
        case _:
            assert_never(node)


def inlines_to_pdf(nodes: tuple[d.Inline, ...], font: str, ctx: Context) -> str:
    return "".join(inline_to_pdf(node, font, ctx) for node in nodes)


def cite_text(label: str) -> str:
    """A citation prints as "[3]" unless its label already brings its own brackets."""
    return label if label[:1] in "[(" else f"[{label}]"


# ---------------------------------------------------------------- blocks
class CachedParagraph(Paragraph):
    """A paragraph that breaks its lines once per width. reportlab asks a paragraph for
    its size each time a table, a KeepTogether or the frame measures it (three times
    each in a large brief, once more to draw a table cell), and line breaking was the
    largest part of the layout; the size depends on the width alone."""

    _wrapped: tuple[float, Any, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == availWidth:
            self.width, self.blPara, self.height = wrapped
            return availWidth, wrapped[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if getattr(self, "width", None) == availWidth:  # not the "cannot fit" answer
            self._wrapped = (availWidth, self.blPara, self.height)
        return size


class HeadingParagraph(CachedParagraph):
    """A heading: after it is placed, the document template adds its outline entry,
    named destination and contents-list entry."""

    def __init__(self, markup: str, style: ParagraphStyle, level: int, title: str, key: str):
        super().__init__(markup, style)
        self.outline = (level, title, markup, key)


def para(inlines: tuple[d.Inline, ...], style: ParagraphStyle, ctx: Context, prefix: str = "") -> Paragraph:
    return CachedParagraph(prefix + inlines_to_pdf(inlines, style.fontName, ctx), style)


def block_to_pdf(block: d.Block, ctx: Context, para_style: str = "Body Text", depth: int = 0) -> list[Flowable]:
    styles = ctx.sheet.styles
    match block:
        case d.Heading(level=level, children=children, id=heading_id):
            level = heading_level(level, ctx.shift)
            style = styles[f"Heading {level}"]
            markup = inlines_to_pdf(children, style.fontName, ctx)
            return [HeadingParagraph(markup, style, level, d.plain_text(children), bookmark_name("h_", heading_id))]
        case d.Para(children=children):
            return [para(children, styles[para_style], ctx)]
        case d.ListBlock():
            return [list_to_pdf(block, ctx, depth)]
        case d.BlockQuote():
            return [quote_to_pdf(block, ctx, depth)]
        case d.Table():
            return [table_to_pdf(block, ctx)]
        case d.Toc(title=title):
            return toc_to_pdf(title, ctx)
        case _:
            assert_never(block)


def list_to_pdf(block: d.ListBlock, ctx: Context, depth: int) -> Flowable:
    style_name = "List Number" if block.ordered else "List Bullet"
    style = ctx.sheet.styles[style_name]
    indent = style.leftIndent or 16
    items = []
    for item in block.items:
        flowables: list[Flowable] = []
        for child in item:
            # the list flowable indents its items; the paragraph style's indent would add to it
            flowables.extend(block_to_pdf(child, ctx, para_style=f"{style_name} item", depth=depth + 1))
        items.append(ListItem(flowables or [Spacer(0, 0)]))
    common = dict(
        leftIndent=indent,
        bulletFontName=style.fontName.split("-")[0],
        bulletFontSize=style.fontSize,
        bulletColor=style.textColor,
        spaceAfter=style.spaceAfter if depth == 0 else 0,
    )
    if block.ordered:
        # as the reference document's numbering: 1. / (a) / i. by depth
        kind, fmt = (("1", "%s."), ("a", "(%s)"), ("i", "%s."))[depth % 3]
        return ListFlowable(items, bulletType=kind, start=block.start, bulletFormat=fmt, **common)
    return ListFlowable(items, bulletType="bullet", start="•" if depth == 0 else "–", **common)


# reportlab sets each table cell's font even when the cell holds paragraphs; without
# this the default (unembedded Helvetica) lands in the page resources
_TABLE_FONT = ("FONT", (0, 0), (-1, -1), "BriefingSerif")


def quote_to_pdf(block: d.BlockQuote, ctx: Context, depth: int) -> Flowable:
    styles = ctx.sheet.styles
    raw = ctx.sheet.raw["Quote"]
    rule_width = float(raw.get("rule_width", 0))
    padding = 10.0
    inner = Context(ctx.sheet, ctx.anchors, ctx.width - padding - 6, ctx.placed)
    content: list[Flowable] = []
    for child in block.children:
        content.extend(block_to_pdf(child, inner, para_style="Quote", depth=depth + 1))
    if block.attribution:
        attribution = d.plain_text(block.attribution).lstrip()
        dash = "" if attribution[:1] in "—–-" else "— "
        content.append(para(block.attribution, styles["Quote Attribution"], ctx, prefix=dash))
    commands: list[tuple[Any, ...]] = [
        _TABLE_FONT,
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    if rule_width > 0:
        color = colors.HexColor(raw.get("rule_color", "#999999"))
        commands.append(("LINEBEFORE", (0, 0), (0, -1), rule_width, color))
    table = Table(
        [[content]],
        colWidths=[ctx.width - 6],
        style=TableStyle(commands),
        hAlign="RIGHT",
        splitInRow=1,
        spaceBefore=2,
        spaceAfter=styles["Quote"].spaceAfter + 6,
    )
    # A quote moves to the next page whole rather than leave its rule, or its first line
    # without the speaker, at the foot of this one; one taller than a page still splits.
    return KeepTogether([table])


def _column_widths(block: d.Table, width: float, styles: tuple[ParagraphStyle, ParagraphStyle], pad: float) -> list[float]:
    """Widths in proportion to `column_weights`, each at least its longest word as set
    in its font ("Meritnews24" is not broken into "Meritnews2 / 4"); the room a narrow
    column needs is taken from the columns with more than theirs."""
    weights = column_weights(block)
    total = sum(weights)
    widths = [width * w / total for w in weights]
    header, cell = styles
    need = [0.0] * len(widths)
    for row, style in [(block.header, header)] + [(r, cell) for r in block.rows]:
        for col, inlines in enumerate(row[: len(need)]):
            for word in d.plain_text(inlines).split():
                need[col] = max(need[col], stringWidth(word, style.fontName, style.fontSize) + 2 * pad + 1)
    short = sum(max(0.0, n - w) for n, w in zip(need, widths))
    spare = sum(max(0.0, w - n) for n, w in zip(need, widths))
    if short <= 0 or short > spare:
        return widths  # nothing to move, or words too long for any layout: proportional
    return [n if w < n else w - (w - n) * short / spare for n, w in zip(need, widths)]


def table_to_pdf(block: d.Table, ctx: Context) -> Flowable:
    sheet = ctx.sheet
    raw = sheet.raw["Table Grid"]
    cell = sheet.styles["Table Grid"]
    header_style = ParagraphStyle(
        "Table Grid header",
        parent=cell,
        fontName=fonts.family("sans") + "-Bold" if cell.fontName.startswith("BriefingSans") else cell.fontName,
        textColor=colors.HexColor(raw.get("header_color", "#000000")),
    )
    ncols = max(len(row) for row in (block.header, *block.rows)) if (block.header or block.rows) else 0
    if ncols == 0:
        return Spacer(0, 0)

    def row_to_pdf(row: tuple[tuple[d.Inline, ...], ...], style: ParagraphStyle) -> list[Flowable]:
        cells = [para(inlines, style, ctx) for inlines in row]
        return cells + [CachedParagraph("", style)] * (ncols - len(cells))

    data = ([row_to_pdf(block.header, header_style)] if block.header else []) + [
        row_to_pdf(row, cell) for row in block.rows
    ]
    pad = float(raw.get("padding", 3))
    grid = colors.HexColor(raw.get("grid_color", "#999999"))
    commands: list[tuple[Any, ...]] = [
        _TABLE_FONT,
        ("GRID", (0, 0), (-1, -1), float(raw.get("grid_width", 0.5)), grid),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    if block.header and "header_background" in raw:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(raw["header_background"])))
    return Table(
        data,
        colWidths=_column_widths(block, ctx.width, (header_style, cell), pad),
        repeatRows=1 if block.header else 0,
        style=TableStyle(commands),
        hAlign="LEFT",
        splitInRow=1,
        spaceBefore=4,
        spaceAfter=8,
    )


def toc_to_pdf(title: str, ctx: Context) -> list[Flowable]:
    styles = ctx.sheet.styles
    normal = styles["Normal"]
    toc = Contents(
        dotsMinLevel=0,
        tableStyle=TableStyle([_TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]),
    )  # fmt: skip
    toc.levelStyles = [
        ParagraphStyle(
            f"TOC {n + 1}",
            parent=normal,
            leftIndent=14 * n + 14,
            firstLineIndent=-14,
            spaceBefore=2 if n == 0 else 0,
            spaceAfter=0,
            fontName=normal.fontName.split("-")[0] + ("-Bold" if n == 0 else ""),
        )
        for n in range(3)
    ]
    heading = CachedParagraph(text_to_pdf(title, styles["TOC Heading"].fontName), styles["TOC Heading"])
    return [heading, toc, Spacer(0, 8)]


def title_block(meta: d.DocMeta, ctx: Context) -> list[Flowable]:
    styles = ctx.sheet.styles
    out: list[Flowable] = [CachedParagraph(text_to_pdf(meta.title, styles["Title"].fontName), styles["Title"])]
    sub = styles["Subtitle"]
    lines = [text_to_pdf(meta.subtitle, sub.fontName)] if meta.subtitle else []
    dated = f"As of {long_date(meta.as_of)}"
    if meta.audience:
        dated += f" · Prepared for {meta.audience}"
    lines.append(text_to_pdf(dated, sub.fontName))
    out.append(CachedParagraph("<br/>".join(lines), sub))
    return out


# ---------------------------------------------------------------- page furniture
def _timestamp(day: Any) -> TimeStamp:
    """reportlab's invariant time stamp, moved to 00:00 UTC of `day`."""
    stamp = TimeStamp(invariant=1)
    seconds = calendar.timegm(day.timetuple())
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp


class BriefTemplate(BaseDocTemplate):
    """One frame per page; header and footer drawn around it; headings reported to the
    outline and the contents list as they are placed."""

    def __init__(self, buffer: io.BytesIO, doc: d.Doc, sheet: Sheet, pagesize: tuple[float, float],
                 options: RenderOptions | None = None):  # fmt: skip
        page = sheet.page
        options = options or RenderOptions()
        subject = " / ".join(part for part in (doc.meta.audience, doc.meta.banner) if part)
        # Keywords a catalogue can index: the sections the brief covers.
        keywords = [d.plain_text(b.children) for b in doc.blocks if isinstance(b, d.Heading)]
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=page["margin_left_mm"] * mm,
            rightMargin=page["margin_right_mm"] * mm,
            topMargin=page["margin_top_mm"] * mm,
            bottomMargin=page["margin_bottom_mm"] * mm,
            title=document_title(doc.meta),
            author=options.author,
            subject=subject,
            keywords=keywords,
            lang=options.language or None,
            displayDocTitle=1,  # viewers show the title, not the file name (PDF/UA)
            creator="briefing",
            invariant=1,
            pageCompression=1,
            initialFontName=fonts.family("serif"),  # else every page names unembedded Helvetica
        )
        self.brief = doc
        self.sheet = sheet
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.draw_header)])
        self._last_level = -1
        self._base_level = 1  # heading levels arrive lifted (`heading_shift`)
        self.heading_pages: dict[str, int] = {}  # bookmark -> page
        self.contents: list[Contents] = []  # contents lists, numbered when pages are written
        self.pages = 0  # pages laid out so far

    def beforeDocument(self) -> None:
        self._last_level = -1
        self.canv.showOutline()

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        level, title, markup, key = outline
        level = min(level - self._base_level, self._last_level + 1)  # as pdf_contents.outline_levels
        self._last_level = level
        top = min(self.frame._y + flowable.height + flowable.style.spaceBefore + 4, self.pagesize[1])
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        self.heading_pages[key] = self.page
        self.notify("TOCEntry", (level, markup, self.page, key))

    def _line(self, canv: Canvas, style_name: str, markup_left: str, markup_right: str, y: float) -> None:
        style = self.sheet.styles[style_name]
        left = ParagraphStyle("left", parent=style, alignment=TA_LEFT, spaceBefore=0, spaceAfter=0)
        right = ParagraphStyle("right", parent=style, alignment=TA_RIGHT, spaceBefore=0, spaceAfter=0)
        for markup, st in ((markup_left, left), (markup_right, right)):
            if markup:
                p = Paragraph(markup, st)
                _, h = p.wrap(self.width, style.leading * 2)
                p.drawOn(canv, self.leftMargin, y - h)

    def draw_header(self, canv: Canvas, _doc: BaseDocTemplate) -> None:
        meta = self.brief.meta
        styles = self.sheet.styles
        canv.saveState()
        y = self.pagesize[1] - self.sheet.page["header_top_mm"] * mm
        if meta.banner:
            banner = styles["Banner"]
            p = Paragraph(text_to_pdf(meta.banner, banner.fontName), banner)
            _, h = p.wrap(self.width, banner.leading * 2)
            p.drawOn(canv, self.leftMargin, y - h)
            y -= h + 2
        header = styles["Header"]
        self._line(canv, "Header", text_to_pdf(meta.title, header.fontName),
                   text_to_pdf(f"As of {long_date(meta.as_of)}", header.fontName), y)  # fmt: skip
        y -= header.leading + 3
        canv.setStrokeColor(colors.HexColor("#bfbfbf"))
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, y, self.leftMargin + self.width, y)
        canv.restoreState()

    def draw_footer(self, canv: Canvas, page: int, total: int) -> None:
        meta = self.brief.meta
        footer = self.sheet.styles["Footer"]
        banner = self.sheet.styles["Banner"]
        canv.saveState()
        y = self.sheet.page["footer_bottom_mm"] * mm
        canv.setStrokeColor(colors.HexColor("#bfbfbf"))
        canv.setLineWidth(0.5)
        canv.line(self.leftMargin, y + footer.leading + 2, self.leftMargin + self.width, y + footer.leading + 2)
        left = ""
        if meta.banner:
            left = text_to_pdf(meta.banner.upper() if banner.textTransform else meta.banner, banner.fontName)
            left = f'<font name="{banner.fontName}" color="#{banner.textColor.hexval()[2:]}">{left}</font>'
        self._line(canv, "Footer", left, f"Page {page} of {total}", y + footer.leading)
        canv.restoreState()


def canvas_maker(template: BriefTemplate) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say
    "Page X of Y", and that dates the file at `meta.as_of`."""

    class BriefCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _timestamp(template.brief.meta.as_of)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            template.pages = len(self._held)
            # destinations made on later pages must name those pages, as if each held
            # page had been emitted; the counter is rewound before the replay below
            self._doc.pageCounter += 1
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            self._doc.pageCounter -= total
            # Links drawn now (contents page numbers) are numbered after every link the
            # layout made: a held page's own counter would name one twice.
            annotations = self._annotationCount
            for state in self._held:
                self.__dict__.update(state)
                self._annotationCount = annotations
                template.draw_footer(self, self.getPageNumber(), total)
                draw_deferred(self, self.getPageNumber(), template.contents, template.heading_pages)
                annotations = self._annotationCount
                Canvas.showPage(self)
            Canvas.save(self)

    return BriefCanvas


# ---------------------------------------------------------------- renderer
def first_piece(block: d.Block, flowables: list[Flowable], ctx: Context) -> list[Flowable]:
    """What of `block` must share a page with the headings above it: a list's first
    item, a table's header and first row, anything else whole (a quote moves whole)."""
    # Measured copies place no anchors: only the block itself does, where it is drawn.
    measure = replace(ctx, placed=set())
    match block:
        case d.ListBlock(items=items) if len(items) > 1:
            return [list_to_pdf(replace(block, items=items[:1]), measure, 0)]
        case d.Table(rows=rows) if len(rows) > 1:
            return [table_to_pdf(replace(block, rows=rows[:1]), measure)]
        case d.Toc():
            return []
        case _:
            return flowables


class PdfRenderer:
    suffix = ".pdf"

    def __init__(self) -> None:
        # The DOCX's contents list needs the PDF's heading pages: the same document laid
        # out twice was a third of the render time of a large brief. One layout is kept.
        self._last: tuple[d.Doc, RenderOptions, tuple[bytes, dict[str, int]]] | None = None

    def render(self, doc: d.Doc, options: RenderOptions) -> bytes:
        return self._laid_out(doc, options)[0]

    def heading_pages(self, doc: d.Doc, options: RenderOptions) -> dict[str, int]:
        """The page each heading lands on (by bookmark name): what a DOCX contents list
        shows until Word or LibreOffice recomputes it."""
        return self._laid_out(doc, options)[1]

    def _laid_out(self, doc: d.Doc, options: RenderOptions) -> tuple[bytes, dict[str, int]]:
        last = self._last
        if last is not None and last[0] is doc and last[1] == options:
            return last[2]
        pdf, template = self.lay_out(doc, options)
        result = (pdf, dict(template.heading_pages))
        self._last = (doc, options, result)
        return result

    def count_pages(self, doc: d.Doc, options: RenderOptions) -> int:
        """The pages `doc` takes, from its layout alone: a page-limit search lays a
        document out many times only to count its pages, and needs neither the file
        (fonts subset, streams compressed) nor to read it back."""
        _, template = self.lay_out(doc, options, write=False)
        return template.pages

    def lay_out(self, doc: d.Doc, options: RenderOptions, write: bool = True) -> tuple[bytes, BriefTemplate]:
        paper = PAPER.get(options.paper.lower())
        if paper is None:
            raise ConfigError(f"unknown paper size {options.paper!r} (known: A4, Letter)")
        sheet = load_sheet(style_file(options, "pdf.toml"))
        buffer = io.BytesIO()
        template = BriefTemplate(buffer, doc, sheet, paper, options)
        ctx = Context(sheet, collect_anchors(doc.blocks), template.width, shift=heading_shift(doc.blocks))
        rendered = [block_to_pdf(block, ctx) for block in doc.blocks]
        # No heading, nor its keyword or role line, ends a page (see pdf_keep).
        story: list[Flowable] = title_block(doc.meta, ctx) + with_room(doc.blocks, rendered, partial(first_piece, ctx=ctx))
        if not doc.blocks:
            story.append(Spacer(0, 1))
        # One pass, contents list included (see pdf_contents): its entries are known
        # before layout and its page numbers are drawn as the held pages are written.
        template.contents = seed_contents(story, [f.outline for f in story if isinstance(f, HeadingParagraph)])
        template._doSave = write  # reportlab's switch (multiBuild's too) for laying out only
        try:
            template.build(story, canvasmaker=canvas_maker(template))
        except Exception as err:  # reportlab raises bare LayoutError/ValueError for unplaceable content
            message = str(err).splitlines()[0] if str(err) else type(err).__name__
            raise RenderError(f"{doc.meta.title!r}: cannot lay out PDF ({type(err).__name__}: {message[:200]})") from err
        return buffer.getvalue(), template


RENDERER = PdfRenderer()
