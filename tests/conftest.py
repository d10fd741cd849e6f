"""Shared fixtures: the seeds built once per test session, into a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seedkit import AS_OF, SEEDS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The README's main job: every audience, DOCX and PDF, from seeds/."""
    from briefing.pipeline import BuildOptions, build

    out = tmp_path_factory.mktemp("out")
    result = build(BuildOptions(input_dir=SEEDS, out_dir=out, as_of=AS_OF, jobs=1))
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    return {"out": out, "data": data, "result": result}


@pytest.fixture(scope="session")
def seed_texts(seed_build: dict[str, Any]) -> dict[str, str]:
    """Article id -> the text its offsets index into."""
    from briefing.read.ingest import read_documents

    texts = {}
    for a in seed_build["data"]["articles"]:
        if a["status"] != "skipped":
            texts[a["id"]] = read_documents(Path(a["source"]), a["source"])[0].text
    return texts
