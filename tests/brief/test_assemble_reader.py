"""Assembly chooses what a senior reader can trust: claims keep their attribution, the
bottom line is a lede, as-of is the latest used story (invented, wire-shaped articles)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from briefing.analyse.lede import lede_flaw
from briefing.pipeline import BuildOptions, build

from seedkit import write_articles

ARTICLES = {
    "one.txt": """Title: Beijing blames Washington for stalled military talks
Source: Harbour Post
Date: 2024-03-04

China's defence ministry on Monday suspended military talks with the United States after a naval collision near the strait.

The current difficulties in military exchanges between China and the United States are entirely the responsibility of Washington. This was stated by the Chinese defence ministry spokesperson at a press briefing on Monday.

In this photo provided by the U.S. Navy, a destroyer observes a Chinese patrol ship in the strait during military exchanges on Friday.

The U.S. and Chinese militaries have held military talks since 2019 under a hotline agreement.
""",
    "two.txt": """Title: U.S. and Chinese navies agree to restore a military hotline
Source: Dock Daily
Date: 2024-03-06

Mar. 6 (DDN) -- The U.S. and Chinese navies agreed on Wednesday to restore a military hotline that Beijing cut last year, officials said.

U.S. Admiral Rui Costa said the military channels with China would reopen within weeks. "We want the hotline with China working before the summer exercises," Costa said.
""",
    "three.txt": """Title: Old hotline story
Source: Dock Daily
Date: 2024-02-01

The U.S. and Chinese navies discussed a military hotline in talks on February 1, officials said. China and the United States agreed to meet again on military talks.
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = write_articles(tmp_path_factory.mktemp("in"), ARTICLES)
    out = tmp_path_factory.mktemp("out")
    result = build(BuildOptions(input_dir=folder, out_dir=out, jobs=1, audiences=("analyst",), since=date(2024, 3, 1), until=date(2024, 3, 7)))
    return {"data": result.data, "out": out}


def _points(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for s in data["sections"] for p in s["points"]] + data["key_points"]


def test_a_claim_keeps_the_sentence_that_says_whose_it_is(built: dict[str, Any]) -> None:
    claims = [p for p in _points(built["data"]) if p["text"].startswith("The current difficulties")]
    assert claims, "the claim is a point"
    for p in claims:
        assert p["attribution"] and p["attribution"]["text"].startswith("This was stated by the Chinese defence ministry spokesperson")
        assert not p["lede"]
    md = (built["out"] / "analyst.md").read_text(encoding="utf-8")
    line = next(line for line in md.splitlines() if "The current difficulties" in line)
    assert "This was stated by the Chinese defence ministry spokesperson" in line


def test_captions_datelines_and_background_never_lead_or_become_rows(built: dict[str, Any]) -> None:
    data = built["data"]
    for p in _points(data):
        assert not p["text"].startswith(("In this photo", "Mar. 6 (DDN)")), p["text"]
    for p in data["key_points"]:
        assert lede_flaw(p["text"]) is None, p["text"]
    # The dateline is skipped, the lede kept verbatim from where it starts.
    assert any(p["text"].startswith("The U.S. and Chinese navies agreed on Wednesday") for p in _points(data))
    for row in data["timeline"] + data["watch"]:
        assert not row["text"].startswith("In this photo"), row
        assert re.fullmatch(r"(\d{1,2}(–\d{1,2})? )?[A-Z][a-z]+ \d{4}.*|\d{4}", row["date"]), row["date"]


def test_as_of_is_the_latest_story_used_never_one_set_aside(built: dict[str, Any]) -> None:
    data = built["data"]
    assert data["as_of"] == "2024-03-06"
    outside = [a for a in data["articles"] if a["status"] != "used"]
    assert [a["title"] for a in outside] == ["Old hotline story"]


import re  # noqa: E402  (used by the timeline row check above)


def test_a_claim_is_judged_by_the_sentence_really_before_it_whatever_the_build_keeps() -> None:
    """`keep_needed` drops sentences no section takes; the sentence kept before a claim
    is then not always the one the article put before it."""
    from briefing.analyse import clean
    from briefing.analyse.article import analyse_document, keep_needed
    from briefing.brief.assemble import assemble
    from briefing.config import load_taxonomy
    from briefing.read import ingest
    from briefing.write.serialize import brief_to_dict

    body = (
        "China's defence ministry stated that military talks with the United States were suspended after the "
        "collision near the Taiwan Strait. The weather in the capital was cold and grey all week. The suspension "
        "of military talks with China is entirely the responsibility of the United States and its navy near Taiwan.\n\n"
        "The U.S. and Chinese militaries had held military talks since 2019 under a hotline agreement near Taiwan.\n"
    )
    doc = ingest.build_document("claims.txt", body, "txt", {}, "header")
    taxonomy, rules = load_taxonomy(None), clean.load_rules(None)
    full = (analyse_document("a01", doc, taxonomy, rules),)
    kept = tuple(keep_needed(a) for a in full)
    briefs = [brief_to_dict(assemble(a, (), taxonomy, date(2024, 3, 5))) for a in (full, kept)]
    assert briefs[0] == briefs[1]
    points = [p["text"] for s in briefs[0]["sections"] for p in s["points"]]
    assert any(p.startswith("The suspension of military talks") for p in points)
