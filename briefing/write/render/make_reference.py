"""Generate templates/styles/reference.docx, the house style of the Word output.

In: nothing (the style definitions below). Out: a small, valid .docx whose styles.xml
defines every name in `doc.STYLE_NAMES` (plus the "toc 1-3" entry styles), list
numbering for "List Bullet" and "List Number", an A4 page and an empty header and footer.
Its body is a specimen: one paragraph per style, so a user can restyle it in Word or
LibreOffice and pass the result as `--reference-doc` (as with pandoc).

Run `python -m briefing.write.render.make_reference [output]` to regenerate; output is
byte-identical each time.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from briefing.config import TEMPLATES_DIR

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

BODY_FONT = "Cambria"
HEAD_FONT = "Calibri"
EAST_ASIA_FONT = "SimSun"
NAVY = "1F3864"
ACCENT = "2F5496"
GREY = "595959"
BANNER_RED = "A50021"

# A4 and the margins of the PDF style sheet (pdf.toml [page]: 22 mm sides, 27 mm top,
# 24 mm bottom; header 10 mm and footer 12 mm from the edges), in twips. The sizes,
# line heights and spacing below are pdf.toml's too, lines set "at least" the PDF's
# leading: where Word or LibreOffice has the fonts' metrics (or, lacking Cambria and
# Calibri, falls back to the DejaVu faces the PDF embeds), the DOCX breaks lines and
# pages as the PDF does, so the page limit fitted on the PDF holds for the DOCX.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_LR, MARGIN_TOP, MARGIN_BOTTOM = 1247, 1531, 1361
HEADER_FROM_EDGE, FOOTER_FROM_EDGE = 567, 680
TEXT_W = PAGE_W - 2 * MARGIN_LR


# Lines a little tighter than the PDF's: word processors lay out tables, contents lists
# and list indents slightly differently, and a page limit fitted on the PDF must not
# spill onto one more page of the DOCX (a 2-page brief had 3 lines over at 100 %).
LINE_FACTOR = 0.96


def _spacing(before: float = 0, after: float = 0, leading: float | None = None) -> str:
    """w:spacing from points: space before and after, and a minimum line height (the
    PDF's leading times LINE_FACTOR)."""
    line = f' w:line="{round(leading * LINE_FACTOR * 20)}" w:lineRule="atLeast"' if leading else ""
    return f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}"{line}/>'


def _fonts(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>'


def paragraph_style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: str = "",
    rpr: str = "",
    default: bool = False,
    ui_priority: int | None = None,
) -> str:
    attrs = ' w:default="1"' if default else ""
    parts = [f'<w:style w:type="paragraph"{attrs} w:styleId="{style_id}"><w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def _rpr(font: str | None = None, size_pt: float | None = None, color: str | None = None,
         bold: bool = False, italic: bool = False, caps: bool = False, spacing: int | None = None) -> str:  # fmt: skip
    # element order follows CT_RPr: rFonts, b, bCs, i, iCs, caps, color, spacing, sz, szCs
    out = []
    if font:
        out.append(_fonts(font))
    if bold:
        out.append("<w:b/><w:bCs/>")
    if italic:
        out.append("<w:i/><w:iCs/>")
    if caps:
        out.append("<w:caps/>")
    if color:
        out.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        out.append(f'<w:spacing w:val="{spacing}"/>')
    if size_pt:
        half = round(size_pt * 2)
        out.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    return "".join(out)


def _heading(level: int, size: float, color: str, before: float, after: float, leading: float) -> str:
    ppr = f'<w:keepNext/><w:keepLines/>{_spacing(before, after, leading)}<w:outlineLvl w:val="{level - 1}"/>'
    return paragraph_style(f"Heading{level}", f"heading {level}", next_style="BodyText", ppr=ppr,
                           rpr=_rpr(HEAD_FONT, size, color, bold=True), ui_priority=9)  # fmt: skip


def styles_xml() -> str:
    toc_tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
    styles = [
        # defaults every style inherits: body font, size, spacing (kept out of Normal so
        # that the table style's tighter spacing applies inside tables)
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{EAST_ASIA_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"/>'
        '<w:sz w:val="20"/><w:szCs w:val="20"/>'
        '<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{_spacing(0, 5, 14)}"
        "</w:pPr></w:pPrDefault></w:docDefaults>",
        # body colour on Normal, not in the defaults: LibreOffice applies table-style and
        # default run properties as direct formatting in tables, over the Hyperlink style
        paragraph_style("Normal", "Normal", based_on=None, default=True, ppr="<w:widowControl/>",
                        rpr='<w:color w:val="1A1A1A"/>', ui_priority=0),  # fmt: skip
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        paragraph_style("BodyText", "Body Text", ppr=_spacing(0, 6, 14), ui_priority=1),
        paragraph_style("Title", "Title", next_style="Subtitle",
                        ppr=f"<w:keepNext/>{_spacing(0, 4, 27)}",
                        rpr=_rpr(HEAD_FONT, 22, NAVY, bold=True), ui_priority=10),  # fmt: skip
        paragraph_style("Subtitle", "Subtitle", next_style="BodyText",
                        ppr=f"<w:keepNext/>{_spacing(0, 14, 16)}",
                        rpr=_rpr(HEAD_FONT, 12.5, GREY), ui_priority=11),  # fmt: skip
        # The brief's title is the Title; its sections are Heading 1, their parts Heading 2.
        _heading(1, 12, NAVY, 12, 4, 15),
        _heading(2, 10.5, ACCENT, 9, 3, 13.5),
        _heading(3, 10, ACCENT, 6, 2, 13),
        paragraph_style("ListBullet", "List Bullet",
                        ppr=f'<w:numPr><w:numId w:val="1"/></w:numPr>{_spacing(0, 3, 14)}'),  # fmt: skip
        paragraph_style("ListNumber", "List Number",
                        ppr=f'<w:numPr><w:numId w:val="2"/></w:numPr>{_spacing(0, 3, 14)}'),  # fmt: skip
        paragraph_style("Quote", "Quote", next_style="QuoteAttribution",
                        ppr='<w:keepNext/><w:pBdr><w:left w:val="single" w:sz="16" w:space="6" w:color="8EAADB"/>'
                            f'</w:pBdr>{_spacing(0, 2, 14)}<w:ind w:left="160"/>',
                        rpr=_rpr(italic=True, color="262626"), ui_priority=29),  # fmt: skip
        paragraph_style("QuoteAttribution", "Quote Attribution", next_style="BodyText",
                        ppr='<w:pBdr><w:left w:val="single" w:sz="16" w:space="6" w:color="8EAADB"/></w:pBdr>'
                            f'{_spacing(0, 8, 11)}<w:ind w:left="160"/>',
                        rpr=_rpr(HEAD_FONT, 8.5, GREY)),  # fmt: skip
        paragraph_style("Caption", "caption", next_style="BodyText", ppr=_spacing(3, 8, 11),
                        rpr=_rpr(HEAD_FONT, 8.5, GREY, italic=True), ui_priority=35),  # fmt: skip
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="39"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:rPr>{_rpr(HEAD_FONT, 8)}</w:rPr>"
        '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="60" w:type="dxa"/><w:left w:w="60" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{NAVY}"/></w:rPr>'
        '<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DDE4EF"/></w:tcPr></w:tblStylePr></w:style>',
        paragraph_style("Header", "header", ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
                        rpr=_rpr(HEAD_FONT, 8, GREY)),  # fmt: skip
        paragraph_style("Footer", "footer", ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
                        rpr=_rpr(HEAD_FONT, 8, GREY)),  # fmt: skip
        f'<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:rPr><w:color w:val="{ACCENT}"/></w:rPr></w:style>',
        paragraph_style("Banner", "Banner",
                        ppr='<w:spacing w:after="40" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
                        rpr=_rpr(HEAD_FONT, 8, BANNER_RED, bold=True, caps=True, spacing=10)),  # fmt: skip
        paragraph_style("TOCHeading", "TOC Heading", next_style="BodyText",
                        ppr=f'<w:keepNext/>{_spacing(6, 6, 15)}<w:outlineLvl w:val="9"/>',
                        rpr=_rpr(HEAD_FONT, 12, NAVY, bold=True), ui_priority=39),  # fmt: skip
        paragraph_style("TOC1", "toc 1", next_style="BodyText",
                        ppr=f'{toc_tabs}<w:spacing w:before="60" w:after="20"/>', rpr=_rpr(bold=True), ui_priority=39),
        paragraph_style("TOC2", "toc 2", next_style="BodyText",
                        ppr=f'{toc_tabs}<w:spacing w:after="20"/><w:ind w:left="220"/>', ui_priority=39),
        paragraph_style("TOC3", "toc 3", next_style="BodyText",
                        ppr=f'{toc_tabs}<w:spacing w:after="20"/><w:ind w:left="440"/>', ui_priority=39),
    ]  # fmt: skip
    return f'{XML_DECL}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(styles)}</w:styles>'


def _level(ilvl: int, fmt: str, text: str, font: str | None = None) -> str:
    left = 360 + 360 * ilvl
    rpr = f"<w:rPr>{_fonts(font)}</w:rPr>" if font else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>')  # fmt: skip


def numbering_xml() -> str:
    bullets = "".join(_level(i, "bullet", "•–▪"[i % 3], BODY_FONT) for i in range(9))
    numbers = "".join(
        _level(i, ("decimal", "lowerLetter", "lowerRoman")[i % 3], f"%{i + 1}." if i % 3 != 1 else f"(%{i + 1})")
        for i in range(9)
    )
    return (
        f'{XML_DECL}<w:numbering xmlns:w="{W_NS}">'
        f'<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5B1E0001"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{bullets}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5B1E0002"/><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{numbers}</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        "</w:numbering>"
    )


def settings_xml() -> str:
    return (
        f'{XML_DECL}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
        'w:val="15"/></w:compat></w:settings>'
    )


def _p(style_id: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def document_xml() -> str:
    specimen = [
        _p("Banner", "Banner: handling marking"),
        _p("Title", "Title of the brief"),
        _p("Subtitle", "Subtitle: period and audience"),
        _p("TOCHeading", "TOC Heading"),
        _p("TOC1", "toc 1\t1"),
        _p("TOC2", "toc 2\t1"),
        _p("Heading1", "Heading 1"),
        _p("BodyText", "Body Text: the paragraphs of the brief. Edit the styles, not this text; the body of this "
                       "document is replaced when a brief is rendered."),  # fmt: skip
        _p("Heading2", "Heading 2"),
        _p("ListBullet", "List Bullet"),
        _p("ListBullet", "List Bullet"),
        _p("ListNumber", "List Number"),
        _p("ListNumber", "List Number"),
        _p("Heading3", "Heading 3"),
        _p("Quote", "“Quote: a quotation set off from the text.”"),
        _p("QuoteAttribution", "— Quote Attribution: speaker, role [1]"),
        _p("Normal", "Normal"),
        '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t xml:space="preserve">A </w:t></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Hyperlink</w:t></w:r>'
        '<w:r><w:t xml:space="preserve"> character style.</w:t></w:r></w:p>',
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{TEXT_W // 2}"/><w:gridCol w:w="{TEXT_W - TEXT_W // 2}"/></w:tblGrid>'
        '<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>Table Grid</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>header row</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        _p("Caption", "Caption"),
    ]
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/>'
        f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_LR}" w:bottom="{MARGIN_BOTTOM}" w:left="{MARGIN_LR}" '
        f'w:header="{HEADER_FROM_EDGE}" w:footer="{FOOTER_FROM_EDGE}" w:gutter="0"/><w:cols w:space="708"/></w:sectPr>'
    )
    return f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{"".join(specimen)}{sect}</w:body></w:document>'


def _hdrftr(tag: str, style_id: str) -> str:
    return f'{XML_DECL}<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr></w:p></w:{tag}>'


CT = "application/vnd.openxmlformats-officedocument"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts() -> list[tuple[str, str]]:
    """(member name, content) in the order they are written."""
    content_types = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{CT}.wordprocessingml.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{CT}.wordprocessingml.styles+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{CT}.wordprocessingml.numbering+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{CT}.wordprocessingml.settings+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{CT}.wordprocessingml.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{CT}.wordprocessingml.footer+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{CT}.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{RT}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    doc_rels = (
        f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{RT}/numbering" Target="numbering.xml"/>'
        f'<Relationship Id="rId3" Type="{RT}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rId4" Type="{RT}/header" Target="header1.xml"/>'
        f'<Relationship Id="rId5" Type="{RT}/footer" Target="footer1.xml"/>'
        "</Relationships>"
    )
    core = (
        f'{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>briefing reference document</dc:title>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>'
    )
    app = (
        f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>briefing</Application></Properties>"
    )
    return [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("docProps/app.xml", app),
        ("docProps/core.xml", core),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/document.xml", document_xml()),
        ("word/footer1.xml", _hdrftr("ftr", "Footer")),
        ("word/header1.xml", _hdrftr("hdr", "Header")),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/styles.xml", styles_xml()),
    ]


def build() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else TEMPLATES_DIR / "styles" / "reference.docx"
    out.write_bytes(build())
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
