"""Fixtures of the rendering tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest


@pytest.fixture
def data(seed_build: dict[str, Any]) -> dict[str, Any]:
    """The seeds' brief as rendering gets it (before the build adds pages and drops)."""
    d = copy.deepcopy(seed_build["data"])
    d.pop("dropped", None)
    d.pop("pages", None)
    return d
