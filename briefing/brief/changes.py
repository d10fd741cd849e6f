"""What changed since the last brief.

In:  this brief's sections (`SectionBrief`s, or their brief.json dicts) and the previous
     brief.json, parsed (`load_previous` reads and checks it).
Out: `Changes`: every section and key point marked "new", "continuing" or "dropped",
     with counts, as data a template prints as a "Changed since last brief" block
     (`changes_to_dict`), and `annotate` to put the marks on the brief's own points.

A point is "continuing" when a previous point says the same thing: normalised-text
overlap of at least `THRESHOLD` (0.85, the wire-copy measure of `briefing.brief.dedupe`: token
Jaccard for sentence-length texts, shingle containment for longer ones), not exact
equality, so a light edit, a changed quote mark or an outlet's rewording of one word
still counts as the same point. Points are paired one to one, best overlap first, a
pair within the same section preferred on ties; a point that moved section is still
"continuing" and records where it was (`previous_section`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from briefing.analyse.prints import fingerprint, overlap
from briefing.errors import InputError
from briefing.model import Point, SectionBrief

__all__ = [
    "THRESHOLD",
    "Changes",
    "PointChange",
    "SectionChange",
    "annotate",
    "changes_to_dict",
    "compare",
    "load_previous",
]

THRESHOLD = 0.85
NEW, CONTINUING, DROPPED = "new", "continuing", "dropped"


@dataclass(frozen=True, slots=True)
class PointChange:
    """A key point and its mark. For a "dropped" point the text and citation are the
    previous brief's; for a "continuing" one `previous_text` is what it said then."""

    text: str
    article: str
    start: int
    end: int
    section: str
    status: str
    similarity: float = 0.0
    previous_section: str | None = None
    previous_text: str | None = None


@dataclass(frozen=True, slots=True)
class SectionChange:
    """A section and its mark: `points` are this brief's (new or continuing), `dropped`
    the previous brief's points in this section that nothing continues."""

    id: str
    title: str
    status: str
    points: tuple[PointChange, ...]
    dropped: tuple[PointChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Changes:
    """Sections in this brief's order, then the dropped sections in the previous order."""

    sections: tuple[SectionChange, ...]
    new: int
    continuing: int
    dropped: int
    previous_as_of: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.new or self.dropped) or any(s.status != CONTINUING for s in self.sections)


# ------------------------------------------------------------------ reading
def _fail(path: Path, what: str) -> InputError:
    return InputError(f"{path}: not a usable previous brief: {what}")


def load_previous(path: Path) -> dict[str, Any]:
    """The previous brief.json, parsed and checked; `InputError` with one line naming the
    file when it cannot be read, is not JSON, or lacks the sections and points."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read previous brief: {err.strerror or err}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail(path, "not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise _fail(path, f"invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    check_previous(data, path)
    return data


def check_previous(data: Any, path: Path | str = "previous brief") -> None:
    """Raise `InputError` naming `path` unless `data` has the brief.json shape this module
    reads: {"sections": [{"id", "title", "points": [{"text", "article", "start", "end"}]}]}."""
    where = Path(path)
    if not isinstance(data, dict):
        raise _fail(where, "the top level is not an object")
    sections = data.get("sections")
    if not isinstance(sections, list):
        raise _fail(where, '"sections" is missing or not a list')
    for i, section in enumerate(sections):
        if not isinstance(section, dict):
            raise _fail(where, f"sections[{i}] is not an object")
        if not isinstance(section.get("id"), str) or not section["id"]:
            raise _fail(where, f'sections[{i}].id is missing or not a string')
        if "title" in section and not isinstance(section["title"], (str, type(None))):
            raise _fail(where, f"sections[{i}].title is not a string")
        points = section.get("points", [])
        if not isinstance(points, list):
            raise _fail(where, f"sections[{i}].points is not a list")
        for j, point in enumerate(points):
            at = f"sections[{i}].points[{j}]"
            if not isinstance(point, dict):
                raise _fail(where, f"{at} is not an object")
            for key, kind in (("text", str), ("article", str), ("start", int), ("end", int)):
                value = point.get(key)
                if not isinstance(value, kind) or isinstance(value, bool):
                    raise _fail(where, f"{at}.{key} is missing or not {'a string' if kind is str else 'an integer'}")
    if "quotes" in data and not isinstance(data["quotes"], list):
        raise _fail(where, '"quotes" is not a list')


# ------------------------------------------------------------------ comparing
@dataclass(frozen=True, slots=True)
class _P:
    section: str
    text: str
    article: str
    start: int
    end: int


def _section_fields(section: SectionBrief | Mapping[str, Any]) -> tuple[str, str, list[_P]]:
    if isinstance(section, SectionBrief):
        sid, title = section.id, section.title
        points = [_P(sid, p.text, p.article, p.start, p.end) for p in section.points]
    else:
        sid = str(section["id"])
        title = str(section.get("title") or sid)
        points = [
            _P(sid, str(p["text"]), str(p.get("article", "")), int(p.get("start", 0)), int(p.get("end", 0)))
            for p in section.get("points", [])
        ]
    return sid, title, points


def compare(
    current_sections: Sequence[SectionBrief | Mapping[str, Any]],
    previous: Mapping[str, Any],
    threshold: float = THRESHOLD,
) -> Changes:
    """Mark this brief's sections and points against the previous brief (see module)."""
    current = [_section_fields(s) for s in current_sections]
    before = [_section_fields(s) for s in previous.get("sections", [])]
    now_points = [p for _, _, ps in current for p in ps]
    old_points = [p for _, _, ps in before for p in ps]
    now_fp = [fingerprint(p.text) for p in now_points]
    old_fp = [fingerprint(p.text) for p in old_points]

    pairs: list[tuple[float, bool, int, int]] = []
    for i, a in enumerate(now_fp):
        for j, b in enumerate(old_fp):
            if not a.tokens & b.tokens:
                continue
            score = overlap(a, b)
            if score >= threshold - 1e-12:
                pairs.append((score, now_points[i].section == old_points[j].section, i, j))
    # Best overlap first; same section first on ties; then document order: deterministic.
    pairs.sort(key=lambda t: (-t[0], not t[1], t[2], t[3]))
    match: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for score, _, i, j in pairs:
        if i in match or j in taken:
            continue
        match[i] = (j, score)
        taken.add(j)

    old_ids = {sid for sid, _, _ in before}
    now_ids = {sid for sid, _, _ in current}
    changes: list[SectionChange] = []
    dropped_by_section: dict[str, list[PointChange]] = {}
    for j, p in enumerate(old_points):
        if j not in taken:
            dropped_by_section.setdefault(p.section, []).append(
                PointChange(p.text, p.article, p.start, p.end, p.section, DROPPED)
            )
    index = 0
    counts = {NEW: 0, CONTINUING: 0, DROPPED: sum(len(v) for v in dropped_by_section.values())}
    for sid, title, points in current:
        marked = []
        for p in points:
            if index in match:
                j, score = match[index]
                old = old_points[j]
                marked.append(
                    PointChange(
                        p.text, p.article, p.start, p.end, sid, CONTINUING, round(score, 4),
                        previous_section=old.section, previous_text=old.text,
                    )
                )
            else:
                marked.append(PointChange(p.text, p.article, p.start, p.end, sid, NEW))
            counts[marked[-1].status] += 1
            index += 1
        status = CONTINUING if sid in old_ids else NEW
        changes.append(SectionChange(sid, title, status, tuple(marked), tuple(dropped_by_section.get(sid, ()))))
    for sid, title, _ in before:
        if sid not in now_ids:
            changes.append(SectionChange(sid, title, DROPPED, (), tuple(dropped_by_section.get(sid, ()))))
    as_of = previous.get("as_of")
    return Changes(
        sections=tuple(changes),
        new=counts[NEW],
        continuing=counts[CONTINUING],
        dropped=counts[DROPPED],
        previous_as_of=as_of if isinstance(as_of, str) else None,
    )


def annotate(sections: Sequence[SectionBrief], changes: Changes) -> tuple[SectionBrief, ...]:
    """The sections with `status` set on each section and point from `changes`."""
    by_id = {c.id: c for c in changes.sections if c.status != DROPPED}
    out = []
    for section in sections:
        change = by_id.get(section.id)
        if change is None:
            out.append(section)
            continue
        points: list[Point] = [
            replace(p, status=c.status) if (c.text, c.article, c.start) == (p.text, p.article, p.start) else p
            for p, c in zip(section.points, change.points)
        ]
        out.append(replace(section, status=change.status, points=tuple(points)))
    return tuple(out)


def _point_dict(p: PointChange) -> dict[str, Any]:
    d: dict[str, Any] = {"text": p.text, "article": p.article, "start": p.start, "end": p.end, "status": p.status}
    if p.status == CONTINUING:
        d["similarity"] = p.similarity
        if p.previous_section != p.section:
            d["previous_section"] = p.previous_section
        if p.previous_text != p.text:
            d["previous_text"] = p.previous_text
    return d


def changes_to_dict(changes: Changes) -> dict[str, Any]:
    """Plain JSON data for brief.json and templates: counts, the sections that came and
    went, and per section the new, continuing and dropped points."""
    return {
        "previous_as_of": changes.previous_as_of,
        "counts": {"new": changes.new, "continuing": changes.continuing, "dropped": changes.dropped},
        "sections_new": [s.id for s in changes.sections if s.status == NEW],
        "sections_dropped": [s.id for s in changes.sections if s.status == DROPPED],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "status": s.status,
                "new": [_point_dict(p) for p in s.points if p.status == NEW],
                "continuing": [_point_dict(p) for p in s.points if p.status == CONTINUING],
                "dropped": [_point_dict(p) for p in s.dropped],
            }
            for s in changes.sections
        ],
    }
