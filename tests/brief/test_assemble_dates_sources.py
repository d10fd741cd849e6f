"""A page date its own article contradicts dates nothing, and a page without a headline
is named by its first words (invented, real-shaped articles)."""

from __future__ import annotations

from typing import Any

import pytest

from briefing.pipeline import BuildOptions, build

from seedkit import write_articles

ARTICLES = {
    "dated.txt": """Title: U.S. and Chinese navies agree to restore a military hotline
Source: Dock Daily
Date: 2025-01-10

The U.S. and Chinese navies agreed on Friday to restore a military hotline between their commanders, officials said.

U.S. Admiral Rui Costa said the military talks with China would resume within weeks.
""",
    # A re-post stamped weeks after it was written: "In May this year ... held" cannot
    # have been written on 2 March.
    "repost.txt": """Title: Can the military channel between China and the U.S. reopen?
Date: 2025-03-02

China and the United States will hold military talks on maritime safety in Hawaii, the ministry announced.

In May this year, the two defence ministers held military talks in Singapore on the sidelines of a regional forum.
""",
    "no_headline.txt": """Chinese and American defence officials resumed military talks in Beijing this week after a long pause in contacts.

The military talks covered the hotline between the two militaries and maritime safety in the strait.
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = write_articles(tmp_path_factory.mktemp("in"), ARTICLES)
    out = tmp_path_factory.mktemp("out")
    result = build(BuildOptions(input_dir=folder, out_dir=out, jobs=1, audiences=("analyst",)))
    return {"data": result.data, "markdown": (out / "analyst.md").read_text(encoding="utf-8")}


def _article(data: dict[str, Any], source_end: str) -> dict[str, Any]:
    return next(a for a in data["articles"] if a["source"].endswith(source_end))


def test_a_contradicted_page_date_makes_neither_as_of_nor_the_period(built: dict[str, Any]) -> None:
    data = built["data"]
    repost = _article(data, "repost.txt")
    assert repost["status"] == "used"
    assert repost["date"] is None and repost["page_date"] == "2025-03-02"
    assert data["as_of"] == "2025-01-10"
    assert data["period"] == {"start": "2025-01-10", "end": "2025-01-10"}
    assert "Covering 10 January 2025 \\(2 of 3 sources undated\\)" in built["markdown"]
    assert "undated \\(the page\\'s 2 March 2025 is contradicted by its text\\)" in built["markdown"]


def test_a_page_without_a_headline_is_named_by_its_first_words(built: dict[str, Any]) -> None:
    data = built["data"]
    page = _article(data, "no_headline.txt")
    assert page["title"] is None
    assert page["opening"] == "Chinese and American defence officials resumed military talks in Beijing this week …"
    assert "“Chinese and American defence officials resumed military talks in Beijing this week …” \\(no headline\\)" in built["markdown"]
    assert "Untitled article" not in built["markdown"]
