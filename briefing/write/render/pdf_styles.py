"""The PDF style sheet: templates/styles/pdf.toml (or the user's copy) in, validated
reportlab `ParagraphStyle`s keyed by `doc.STYLE_NAMES` and page settings out. Every key
is checked; an unknown key or a bad value is a one-line `ConfigError` naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefing.write import doc as d
from briefing.config import read_toml
from briefing.errors import ConfigError
from briefing.write.render import fonts

_NUM = (int, float)
PARA_KEYS: dict[str, type | tuple[type, ...]] = {
    "based_on": str,
    "font": str,
    "size": _NUM,
    "leading": _NUM,
    "space_before": _NUM,
    "space_after": _NUM,
    "color": str,
    "left_indent": _NUM,
    "right_indent": _NUM,
    "first_line_indent": _NUM,
    "align": str,
    "keep_with_next": bool,
    "bold": bool,
    "italic": bool,
    "text_transform": str,
}
EXTRA_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "Quote": {"rule_color": str, "rule_width": _NUM},
    "Table Grid": {
        "grid_color": str,
        "grid_width": _NUM,
        "header_background": str,
        "header_color": str,
        "padding": _NUM,
    },
}
CHAR_STYLES: dict[str, dict[str, type | tuple[type, ...]]] = {
    "Hyperlink": {"color": str, "underline": bool},
}
PAGE_KEYS = {
    "margin_top_mm": _NUM,
    "margin_bottom_mm": _NUM,
    "margin_left_mm": _NUM,
    "margin_right_mm": _NUM,
    "header_top_mm": _NUM,
    "footer_bottom_mm": _NUM,
}
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@dataclass(frozen=True)
class Sheet:
    """The parsed style sheet: ParagraphStyles by name plus the non-paragraph settings."""

    styles: dict[str, ParagraphStyle]
    raw: dict[str, dict[str, Any]]  # resolved settings per style (after based_on)
    page: dict[str, float]
    link_color: str
    link_underline: bool


_SHEETS: dict[tuple[Path, int, int], Sheet] = {}


def load_sheet(path: Path) -> Sheet:
    """Parse and validate the PDF style sheet at `path` (cached per file version)."""
    try:
        stat = path.stat()
    except OSError as err:
        raise ConfigError(f"{path}: cannot read PDF style sheet ({err.strerror})") from None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _SHEETS:
        _SHEETS.clear()
        _SHEETS[key] = _parse_sheet(path)
    return _SHEETS[key]


def _check(path: Path, section: str, table: Any, allowed: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{section}] must be a table of settings")
    for name, value in table.items():
        if name not in allowed:
            raise ConfigError(
                f"{path}: unknown key {name!r} in [{section}] (allowed: {', '.join(sorted(allowed))})"
            )
        want = allowed[name]
        if isinstance(value, bool) and want is not bool or not isinstance(value, want):
            raise ConfigError(f"{path}: [{section}] {name} has the wrong type ({value!r})")
    return table


def _parse_sheet(path: Path) -> Sheet:
    data = read_toml(path, "PDF style sheet")
    known = set(d.STYLE_NAMES) | {"page"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown style {unknown[0]!r} (styles are those of the reference document)")
    missing = [name for name in d.STYLE_NAMES if name not in data]
    if missing:
        raise ConfigError(f"{path}: missing style(s) {', '.join(missing)}")
    page = _check(path, "page", data.get("page", {}), PAGE_KEYS)
    missing_page = sorted(set(PAGE_KEYS) - set(page))
    if missing_page:
        raise ConfigError(f"{path}: [page] lacks {', '.join(missing_page)}")

    tables: dict[str, dict[str, Any]] = {}
    for name in d.STYLE_NAMES:
        allowed = CHAR_STYLES.get(name) or {**PARA_KEYS, **EXTRA_KEYS.get(name, {})}
        tables[name] = _check(path, name, data[name], allowed)

    resolved: dict[str, dict[str, Any]] = {}

    def resolve(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
        if name in resolved:
            return resolved[name]
        if name in seen:
            raise ConfigError(f"{path}: based_on loop {' -> '.join((*seen, name))}")
        table = tables[name]
        parent_name = table.get("based_on", None if name == "Normal" else "Normal")
        if parent_name is not None and (parent_name not in tables or parent_name in CHAR_STYLES):
            raise ConfigError(f"{path}: [{name}] based_on {parent_name!r} is not a paragraph style")
        base = dict(resolve(parent_name, (*seen, name))) if parent_name else {}
        # extras (rules, grid) belong to their own style, never inherited
        base = {k: v for k, v in base.items() if k in PARA_KEYS}
        base.update({k: v for k, v in table.items() if k != "based_on"})
        resolved[name] = base
        return base

    styles: dict[str, ParagraphStyle] = {}
    for name in d.STYLE_NAMES:
        if name in CHAR_STYLES:
            continue
        styles[name] = _paragraph_style(path, name, resolve(name, ()))
    for name in ("List Bullet", "List Number"):
        styles[f"{name} item"] = ParagraphStyle(f"{name} item", parent=styles[name], leftIndent=0)
    link = tables["Hyperlink"]
    return Sheet(
        styles=styles,
        raw=resolved,
        page={k: float(v) for k, v in page.items()},
        link_color=_color(path, "Hyperlink", link.get("color", "#0000ee")),
        link_underline=bool(link.get("underline", False)),
    )


def _color(path: Path, section: str, value: str) -> str:
    try:
        colors.HexColor(value)
    except (ValueError, TypeError):
        raise ConfigError(f"{path}: [{section}] colour {value!r} is not #rrggbb") from None
    return value


def _paragraph_style(path: Path, name: str, s: dict[str, Any]) -> ParagraphStyle:
    family_key = s.get("font", "serif")
    if family_key not in fonts.FAMILIES:
        raise ConfigError(f"{path}: [{name}] font {family_key!r} unknown (use one of: {', '.join(fonts.FAMILIES)})")
    align = s.get("align", "left")
    if align not in ALIGN:
        raise ConfigError(f"{path}: [{name}] align {align!r} unknown (use one of: {', '.join(ALIGN)})")
    transform = s.get("text_transform", "none")
    if transform not in ("none", "uppercase"):
        raise ConfigError(f"{path}: [{name}] text_transform {transform!r} unknown (none, uppercase)")
    base = fonts.family(family_key)
    face = base + {(False, False): "", (True, False): "-Bold", (False, True): "-Italic", (True, True): "-BoldItalic"}[
        (bool(s.get("bold")), bool(s.get("italic")))
    ]
    size = float(s.get("size", 10))
    return ParagraphStyle(
        name,
        fontName=face,
        fontSize=size,
        leading=float(s.get("leading", size * 1.25)),
        spaceBefore=float(s.get("space_before", 0)),
        spaceAfter=float(s.get("space_after", 0)),
        textColor=colors.HexColor(_color(path, name, s.get("color", "#000000"))),
        leftIndent=float(s.get("left_indent", 0)),
        rightIndent=float(s.get("right_indent", 0)),
        firstLineIndent=float(s.get("first_line_indent", 0)),
        alignment=ALIGN[align],
        keepWithNext=int(bool(s.get("keep_with_next", False))),
        textTransform=None if transform == "none" else transform,
        bulletFontName=face,
        bulletFontSize=size,
    )
