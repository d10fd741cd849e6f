"""Shared constants and helpers for tests on the seeds (imported by name, as
conftest modules in several folders cannot be told apart by import)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXPECTATIONS = json.loads((ROOT / "tests" / "data" / "seed_expectations.json").read_text(encoding="utf-8"))
AS_OF = date(2024, 4, 30)
_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """An input folder holding `articles` (file name -> text)."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def norm(text: str) -> str:
    """Curly or straight quote marks and whitespace normalised, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    return re.sub(r"\s+", " ", text).strip().casefold()


def run_cli(*args: str, timeout: float = 300, **kw: object) -> subprocess.CompletedProcess[str]:
    """`python -m briefing ARGS` as a user runs it, output captured as text."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=dict(os.environ, COLUMNS="200"),
        **kw,
    )
