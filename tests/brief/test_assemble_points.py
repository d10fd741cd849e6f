"""A story that says one thing twice gives its section one point (invented, web-shaped text)."""

from __future__ import annotations

from pathlib import Path

from briefing.pipeline import BuildOptions, build

PAGE = """Title: Washington weighs tariffs on Chinese steel
Source: Harbour Post
Date: 2024-03-04

The United States is considering trade measures against China, including new tariffs on Chinese steel and export controls on port cranes, while raising concerns about Chinese overcapacity.

The Commerce Department said on Monday that imports of Chinese steel had doubled in a year and that tariffs of up to 25% were under study.

Officials said export controls on port cranes sold to China would be decided with allies before the summer.

In short, The United States is considering trade measures against China, including tariffs on Chinese steel and export controls.
"""


def test_a_restated_lede_is_one_point(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    data = build(BuildOptions(input_dir=folder, out_dir=tmp_path / "out", jobs=1, formats=())).data
    points = [p["text"] for s in data["sections"] for p in s["points"]]
    assert sum("considering trade measures" in p for p in points) == 1
    assert any(p.startswith("The Commerce Department said") for p in points)
