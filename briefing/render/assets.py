"""Where renderers find their style files: the user's copy first, then the shipped one.

In: `RenderOptions` and a file name under templates/styles/ ("reference.docx", "pdf.toml").
Out: the path to use. A user's templates folder (from `briefing init`) may hold
`styles/<name>`; `RenderOptions.templates_dir` may point at that folder or at its
`styles/` directly.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from . import RenderOptions

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def style_file(options: RenderOptions, name: str) -> Path:
    """The style file `name`: the user's override if present, else the shipped file."""
    if options.templates_dir is not None:
        for candidate in (options.templates_dir / "styles" / name, options.templates_dir / name):
            if candidate.is_file():
                return candidate
    return TEMPLATES_DIR / "styles" / name


def long_date(day: date) -> str:
    """'12 March 2025', independent of the process locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def safe_url(url: str) -> bool:
    """Only web and mail links become clickable; anything else prints as text."""
    return url.lower().startswith(("http://", "https://", "mailto:"))


def bookmark_name(prefix: str, key: str) -> str:
    """A bookmark / named destination for `key`: `prefix + key` when that is a valid Word
    bookmark name (letters, digits, underscore; at most 40 characters), else a cleaned,
    truncated form made unique by a short hash of `key`. Same name in DOCX and PDF."""
    clean = re.sub(r"[^A-Za-z0-9_]", "_", key)
    name = prefix + clean
    if clean == key and len(name) <= 40:
        return name
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{name[:31]}_{digest}"
