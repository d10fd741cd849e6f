"""Fonts for the PDF renderer: the shipped TrueType families and per-character fallback.

In: a family key from the PDF style sheet ("serif" or "sans") and text.
Out: registered reportlab font names, and the text split into runs by the font that has
glyphs for it (`font_runs`), so CJK names such as 王毅 are set in the fallback font
instead of printing as boxes.

Fonts are registered once per process (parsing a TTF costs milliseconds, and the
pipeline renders repeatedly while it trims a brief to its page limit); the large CJK
font is loaded only when some text needs it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Found through the import system, as installed (wheel, editable or checkout); reportlab
# opens the files by name.
FONT_DIR = resources.files("briefing") / "data" / "fonts"

# family key -> (registered base name, files for regular, bold, italic, bold italic)
FAMILIES: dict[str, tuple[str, tuple[str, str, str, str]]] = {
    "serif": (
        "BriefingSerif",
        ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    ),
    "sans": (
        "BriefingSans",
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ),
}
FALLBACK_NAME = "BriefingCJK"
FALLBACK_FILE = "DroidSansFallback.ttf"
_SUFFIXES = ("", "-Bold", "-Italic", "-BoldItalic")


@cache
def family(key: str) -> str:
    """Register the family `key` (all four faces) and return its regular font name;
    <b> and <i> in paragraph markup then pick the right face through the mapping."""
    base, files = FAMILIES[key]
    for suffix, file in zip(_SUFFIXES, files):
        pdfmetrics.registerFont(TTFont(base + suffix, str(FONT_DIR / file)))
    for (bold, italic), suffix in zip(((0, 0), (1, 0), (0, 1), (1, 1)), _SUFFIXES):
        addMapping(base, bold, italic, base + suffix)
    return base


@cache
def fallback() -> str:
    """Register the CJK fallback font; it has one face, used for bold and italic too."""
    pdfmetrics.registerFont(TTFont(FALLBACK_NAME, str(FONT_DIR / FALLBACK_FILE)))
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(FALLBACK_NAME, bold, italic, FALLBACK_NAME)
    return FALLBACK_NAME


@cache
def _cmap(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def covers(font_name: str, text: str) -> bool:
    """Whether `font_name` has a glyph for every character of `text` (whitespace aside)."""
    cmap = _cmap(font_name)
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def font_runs(text: str, base: str) -> list[tuple[str | None, str]]:
    """Split `text` into runs: (None, run) for text the base font covers, and
    (fallback font name, run) for characters only the fallback has. Characters neither
    font has stay with the base font (they print as its missing-glyph box)."""
    base_cmap = _cmap(base)
    if all(ord(ch) in base_cmap or ch.isspace() for ch in text):
        return [(None, text)] if text else []
    fb_cmap = _cmap(fallback())
    runs: list[tuple[str | None, str]] = []
    for ch in text:
        code = ord(ch)
        font = FALLBACK_NAME if code not in base_cmap and code in fb_cmap else None
        if ch.isspace() and runs:
            font = runs[-1][0]  # spaces join the run they sit in
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs
