"""Changed since the last brief: sections and points marked new, continuing or dropped,
light edits still continuing; a bad previous brief is one clear error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.brief.changes import annotate, changes_to_dict, compare, load_previous
from briefing.errors import InputError
from briefing.model import Point, SectionBrief

PREVIOUS = Path(__file__).parents[1] / "fixtures" / "changes" / "previous.json"


def point(text: str, article: str, start: int = 0) -> Point:
    return Point(text=text, article=article, start=start, end=start + len(text), sentence_id=f"{article}.p1.s1", rule="r")


def current() -> tuple[SectionBrief, ...]:
    return (
        SectionBrief(
            "trade",
            "Trade and technology",
            (
                # Lightly edited: curly quotes, one word changed.
                point("The U.S. is weighing trade measures against China, including potential tariffs and controls on semiconductor technology.", "b01"),
                point("Beijing announced export licences for gallium and germanium would be tightened from August.", "b02"),
            ),
            (),
        ),
        SectionBrief(
            "russia",
            "Russia",
            (
                # The Taiwan point, now filed under another section: continuing, moved.
                point("Qin Gang told Blinken in a phone call that the US should stop interfering in China’s internal affairs.", "b04", 5),
            ),
            (),
        ),
        SectionBrief("taiwan", "Taiwan", (point("Taiwan's president said the island would keep the status quo.", "b05"),), ()),
    )


def test_load_previous_reads_the_fixture() -> None:
    data = load_previous(PREVIOUS)
    assert [s["id"] for s in data["sections"]] == ["trade", "taiwan", "climate"]


def test_marks_sections_and_points() -> None:
    changes = compare(current(), load_previous(PREVIOUS))
    by_id = {s.id: s for s in changes.sections}
    assert [s.id for s in changes.sections] == ["trade", "russia", "taiwan", "climate"]
    assert by_id["trade"].status == "continuing"
    assert by_id["russia"].status == "new"
    assert by_id["climate"].status == "dropped"
    edited, fresh = by_id["trade"].points
    assert edited.status == "continuing" and 0.85 <= edited.similarity < 1.0
    assert edited.previous_text.startswith("The US is considering")
    assert fresh.status == "new"
    (moved,) = by_id["russia"].points
    assert moved.status == "continuing" and moved.previous_section == "taiwan"
    assert [p.text[:8] for p in by_id["trade"].dropped] == ["Official"]
    assert [p.article for p in by_id["climate"].dropped] == ["a05"]
    assert (changes.new, changes.continuing, changes.dropped) == (2, 2, 2)
    assert changes.previous_as_of == "2024-04-19" and changes.changed


def test_unrelated_rewrite_is_not_continuing() -> None:
    prev = {"sections": [{"id": "s", "title": "S", "points": [{"text": "The talks collapsed on Friday after a row over subsidies.", "article": "a", "start": 0, "end": 10}]}]}
    now = [{"id": "s", "title": "S", "points": [{"text": "The talks resumed on Monday with a new offer on subsidies.", "article": "b", "start": 0, "end": 10}]}]
    changes = compare(now, prev)
    assert [p.status for p in changes.sections[0].points] == ["new"]
    assert changes.dropped == 1


def test_one_previous_point_continues_at_most_once() -> None:
    text = "Ministers agreed to extend the freeze on new tariffs for six months."
    prev = {"sections": [{"id": "s", "title": "S", "points": [{"text": text, "article": "a", "start": 0, "end": 1}]}]}
    now = [{"id": "s", "title": "S", "points": [{"text": text, "article": "b", "start": 0, "end": 1}, {"text": text, "article": "c", "start": 0, "end": 1}]}]
    statuses = [p.status for p in compare(now, prev).sections[0].points]
    assert statuses == ["continuing", "new"]


def test_annotate_and_dict() -> None:
    sections = current()
    changes = compare(sections, load_previous(PREVIOUS))
    marked = annotate(sections, changes)
    assert [s.status for s in marked] == ["continuing", "new", "continuing"]
    assert [p.status for p in marked[0].points] == ["continuing", "new"]
    data = changes_to_dict(changes)
    json.dumps(data)  # plain data
    assert data["counts"] == {"new": 2, "continuing": 2, "dropped": 2}
    assert data["sections_new"] == ["russia"] and data["sections_dropped"] == ["climate"]
    russia = next(s for s in data["sections"] if s["id"] == "russia")
    assert russia["continuing"][0]["previous_section"] == "taiwan"


def test_no_previous_points_means_everything_new() -> None:
    changes = compare(current(), {"sections": []})
    assert changes.continuing == 0 and changes.dropped == 0 and changes.new == 4
    assert all(s.status == "new" for s in changes.sections)


@pytest.mark.parametrize(
    "content,message",
    [
        ("{not json", "invalid JSON at line 1"),
        ("[]", "top level is not an object"),
        ('{"quotes": []}', '"sections" is missing'),
        ('{"sections": [{"title": "x", "points": []}]}', "sections[0].id"),
        ('{"sections": [{"id": "a", "points": [{"text": "t", "article": "a", "start": "0", "end": 1}]}]}', "sections[0].points[0].start"),
        ('{"sections": [{"id": "a", "points": [{"article": "a", "start": 0, "end": 1}]}]}', "sections[0].points[0].text"),
        ('{"sections": [], "quotes": {}}', '"quotes" is not a list'),
    ],
)
def test_bad_previous_is_one_line_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "brief.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_previous(path)
    text = str(err.value)
    assert "\n" not in text and str(path) in text and message in text


def test_missing_or_binary_previous(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_previous(tmp_path / "nope.json")
    bad = tmp_path / "bin.json"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="bin.json"):
        load_previous(bad)
