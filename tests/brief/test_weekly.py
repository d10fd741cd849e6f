"""The weekly blocks end to end: wire copies merged, timeline, what to watch, changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from seedkit import SEEDS


def _build(folder: Path, out: Path, **options: Any) -> dict[str, Any]:
    from briefing.pipeline import BuildOptions, build

    build(BuildOptions(input_dir=folder, out_dir=out, audiences=("analyst",), jobs=1, formats=("pdf",), **options))
    return json.loads((out / "brief.json").read_text(encoding="utf-8"))


def test_wire_copies_are_one_point_with_all_their_outlets(tmp_path: Path) -> None:
    body = (SEEDS / "004_80314923cb317ff3.txt").read_text(encoding="utf-8")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Source: Wire One\nDate: 2023-06-14\n\n" + body, encoding="utf-8")
    # A second outlet runs the same copy with a light edit.
    (corpus / "b.txt").write_text("Source: Daily Two\nDate: 2023-06-14\n\n" + body.replace("long-awaited", "much-anticipated"), encoding="utf-8")
    data = _build(corpus, tmp_path / "out")
    assert [sorted(g) for g in data["duplicates"]] == [["a01", "a02"]]
    assert {a["id"]: a["copy_group"] for a in data["articles"] if not a.get("parent")} == {"a01": "a01", "a02": "a01"}
    points = [p for s in data["sections"] for p in s["points"]]
    texts = [p["text"] for p in points]
    assert len(texts) == len(set(texts))  # each wire sentence once
    assert all(p["outlets"] == ["Daily Two", "Wire One"] and not p["single_source"] for p in points)


def test_timeline_and_watch_are_dated_against_each_article(tmp_path: Path) -> None:
    data = _build(SEEDS, tmp_path / "out", as_of=date(2024, 4, 26))
    rows = data["timeline"]
    assert rows == sorted(rows, key=lambda e: (e["start_date"], e["end_date"]))
    used = {a["id"] for a in data["articles"] if a["status"] == "used"}
    assert all(e["article"] in used for e in rows)
    watch = data["watch"]
    assert all(e["end_date"] > "2024-04-26" for e in watch)
    # The visit "from June 18 to 19" is in a page stamped April 2024 whose own text
    # reports talks "in May this year" as held: that stamp is not the article's date, so
    # the visit (June 2023) is no event to watch.
    assert not any("June 18" in e["text"] for e in watch)
    # "The last time a Secretary of State visited China was ... in October 2018", in an
    # undated article of a 2024 brief, is background, no row.
    assert not any(e["date"] == "October 2018" for e in rows)


def test_changes_against_a_previous_brief(tmp_path: Path) -> None:
    first = _build(SEEDS, tmp_path / "first", as_of=date(2024, 4, 26))
    previous = tmp_path / "previous.json"
    # Last week's brief had one point that is gone now and lacked the fentanyl section.
    first["sections"] = [s for s in first["sections"] if s["id"] != "fentanyl"]
    first["sections"][0]["points"].append({"id": "x", "text": "A summit was cancelled at short notice by both sides.", "article": "a09", "start": 0, "end": 10})
    previous.write_text(json.dumps(first), encoding="utf-8")
    data = _build(SEEDS, tmp_path / "second", as_of=date(2024, 4, 26), previous=previous)
    changes = data["changes"]
    assert changes["sections_new"] == ["fentanyl"]
    assert changes["counts"]["dropped"] == 1
    statuses = {s["id"]: s["status"] for s in data["sections"]}
    assert statuses["fentanyl"] == "new" and statuses["trade"] == "continuing"
    markdown = (tmp_path / "second" / "analyst.md").read_text(encoding="utf-8")
    assert "## Changed since last brief" in markdown


def test_bad_previous_brief_is_one_line_error(tmp_path: Path) -> None:
    import pytest

    from briefing.errors import InputError

    bad = tmp_path / "old.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="old.json") as info:
        _build(SEEDS, tmp_path / "out", previous=bad)
    assert "\n" not in str(info.value)


def test_a_build_keeps_only_what_assembly_reads_and_loses_nothing() -> None:
    """The build holds `keep_needed` of each analysis (the sentences no section takes are
    dropped in the worker); on the seeds that is a fraction of the sentences, and the
    brief, timeline and wire-copy groups are the same as from the whole analyses."""
    from briefing.analyse import clean
    from briefing.read import ingest
    from briefing.brief import weekly
    from briefing.brief.assemble import assemble
    from briefing.brief.digest import Digest
    from briefing.config import load_taxonomy
    from briefing.analyse.article import analyse_document, keep_needed
    from briefing.write.serialize import brief_to_dict

    taxonomy, rules = load_taxonomy(None), clean.load_rules(None)
    docs = [d for p in sorted(SEEDS.glob("*.txt")) for d in ingest.read_documents(p, p.name)]
    full = tuple(analyse_document(f"a{i + 1:02d}", d, taxonomy, rules) for i, d in enumerate(docs))
    kept = tuple(keep_needed(a) for a in full)

    def count(analyses: tuple[Any, ...]) -> int:
        return sum(len(p.sentences) for a in analyses for s in a.stories for p in s.paragraphs)

    assert count(kept) < 0.8 * count(full)
    # The seeds are undated: briefed as of early 2019, their 2018 and 2021 dates are rows.
    as_of = date(2019, 1, 1)
    results = [weekly.extend(brief_to_dict(assemble(a, (), taxonomy, as_of)), Digest.of(a), None) for a in (full, kept)]
    assert results[0] == results[1]
    assert results[0]["timeline"] and any(s["points"] for s in results[0]["sections"])
