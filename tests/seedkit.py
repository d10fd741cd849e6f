"""Shared constants and helpers for tests on the seeds (imported by name, as
conftest modules in several folders cannot be told apart by import)."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXPECTATIONS = json.loads((ROOT / "tests" / "data" / "seed_expectations.json").read_text(encoding="utf-8"))
AS_OF = date(2024, 4, 30)
_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


def norm(text: str) -> str:
    """Curly or straight quote marks and whitespace normalised, case folded."""
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    return re.sub(r"\s+", " ", text).strip().casefold()
