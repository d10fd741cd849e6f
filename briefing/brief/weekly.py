"""What a weekly reader asks first: what changed, when things happened, what comes next,
and which articles are the same wire copy. brief.json data and what assembly kept of the
articles (`digest.Digest`) in; the same data with `changes`, `timeline`, `watch` and
`duplicates` added out.

Dates are read against each article's own date (`timeline.py`), never today's clock;
only sentences that landed in a section feed the timeline, so its rows are on topic.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from briefing.brief.changes import CONTINUING, changes_to_dict, compare
from briefing.brief.dates import FindMentions
from briefing.brief.dedupe import duplicate_groups
from briefing.analyse.quotes.words import NOT_NAME_WORDS, TITLE_WORDS
from briefing.brief.digest import Digest
from briefing.brief.timeline import Event, timeline, upcoming


def _long(d: date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _when(e: Event) -> str:
    """The row's date in the documents' one style, long form: "13 April 2024",
    "18–19 June 2023", "April 2024"."""
    if e.granularity == "month":
        return e.start_date.strftime("%B %Y")
    if e.granularity == "year":
        return str(e.start_date.year)
    a, b = e.start_date, e.end_date
    if a == b:
        return _long(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {a.strftime('%B')} {a.year}"
    if a.year == b.year:
        return f"{a.day} {a.strftime('%B')} – {b.day} {b.strftime('%B')} {a.year}"
    return f"{_long(a)} – {_long(b)}"


def _event_dict(e: Event) -> dict[str, Any]:
    return {
        "date": _when(e),
        "start_date": e.start_date.isoformat(),
        "end_date": e.end_date.isoformat(),
        "granularity": e.granularity,
        "text": e.text,
        "article": e.article,
        "sentence": e.sentence_id,
        "start": e.start,
        "end": e.end,
        "mention": {"text": e.mention.text, "start": e.mention.start, "end": e.mention.end, "relative": e.mention.relative},
        "also": list(e.also),
    }


_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")


# A date this long before its article's own is background ("the last visit was in
# October 2018"), not an event of the period.
BACKGROUND_DAYS = 365
_DEADLINE = frozenset({"before", "by", "until"})


def _aside(e: Event, anchors: dict[str, date | None], start: date) -> bool:
    """Whether the row is a background aside: "since June" (a state, not an event), a
    past deadline ("committed China to buy ... before December 31, 2021": the date of
    no event), or a date long before the article that mentions it. An undated article is read
    against the start of the period the brief covers (its as-of date when no story is
    dated): a row years before it is background too."""
    anchor = anchors.get(e.article) or start
    deadline = e.mention.qualifier in _DEADLINE and not e.future
    return e.mention.qualifier == "since" or deadline or (anchor - e.end_date).days > BACKGROUND_DAYS


def _names(text: str) -> set[str]:
    """Capitalised words that name someone or somewhere: not a title, month or weekday."""
    return {w for w in _NAME.findall(text) if w.casefold() not in TITLE_WORDS and w.casefold() not in NOT_NAME_WORDS}


def _reported_done(event: Event, happened: _Happened) -> bool:
    """Whether the corpus reports `event` as past: a past-tense row on the same days of
    the year naming the same people or places. A page's wrong year (a visit "from June
    18 to 19" read against the year a page was stored) must not become next week's."""
    return event.granularity == "day" and happened.overlaps(event)


def _day_of_year(month: int, day: int) -> int:
    # A leap year, so 29 February has its place.
    return date(2000, month, day).timetuple().tm_yday


# A past row spanning more days of the year than this is looked up by scanning (rare),
# not indexed day by day.
_INDEXED_SPAN = 31


class _Happened:
    """Past day rows indexed by (day of the year, name), so each forward row is checked
    against the rows on its own days that share a name: comparing every forward row with
    every past one was quadratic (10,000 articles: seconds to minutes). Same answer as
    that scan: a past day row on overlapping days of the year sharing a name."""

    def __init__(self, events: list[Event]) -> None:
        self.index: set[tuple[int, str]] = set()
        self.rest: list[tuple[tuple[int, int], tuple[int, int], set[str]]] = []
        for h in events:
            if h.granularity != "day":
                continue
            a, b = (h.start_date.month, h.start_date.day), (h.end_date.month, h.end_date.day)
            names = _names(h.text)
            if not names:
                continue
            lo, hi = _day_of_year(*a), _day_of_year(*b)
            if lo <= hi <= lo + _INDEXED_SPAN:
                self.index.update((d, n) for d in range(lo, hi + 1) for n in names)
            else:
                self.rest.append((a, b, names))

    def overlaps(self, event: Event) -> bool:
        names = _names(event.text)
        if not names:
            return False
        lo, hi = (event.start_date.month, event.start_date.day), (event.end_date.month, event.end_date.day)
        if any(a <= hi and lo <= b and names & mine for a, b, mine in self.rest):
            return True
        first, last = _day_of_year(*lo), _day_of_year(*hi)
        if first <= last <= first + _INDEXED_SPAN:
            return any((d, n) in self.index for d in range(first, last + 1) for n in names)
        # A long or inverted span of the forward row: every indexed day it may meet.
        return any(
            (d, n) in self.index for d in range(1, 367) for n in names if _meets(d, lo, hi)
        )


def _meets(day: int, lo: tuple[int, int], hi: tuple[int, int]) -> bool:
    when = date(2000, 1, 1) + timedelta(days=day - 1)
    return lo <= (when.month, when.day) <= hi


def _mark_changes(data: dict[str, Any], previous: dict[str, Any]) -> None:
    changes = compare(data["sections"], previous)
    by_section = {c.id: c for c in changes.sections}
    for section in data["sections"]:
        change = by_section.get(section["id"])
        if change is None:
            continue
        section["status"] = change.status
        for point, mark in zip(section["points"], change.points):
            point["status"] = mark.status
    data["changes"] = changes_to_dict(changes)
    continuing = {p["id"] for s in data["sections"] for p in s["points"] if p.get("status") == CONTINUING}
    for point in data["key_points"]:
        point["status"] = CONTINUING if point["id"] in continuing else "new"


def extend(
    data: dict[str, Any], digest: Digest, previous: dict[str, Any] | None, find: FindMentions | None = None
) -> dict[str, Any]:
    """Add the weekly blocks to the brief's data (in place, and returned). `digest` is
    what assembly kept of the articles (`Digest.of(analyses)` makes it from analyses).
    `find` reads a sentence's dates: pass the `dates.memoised()` assembly used, and each
    section sentence is read once."""
    # Assembly has already set aside a page date its own article contradicts.
    anchors = {a["id"]: date.fromisoformat(a["date"]) if a["date"] else None for a in data["articles"]}
    used = frozenset(a["id"] for a in data["articles"] if a["status"] == "used")
    as_of = date.fromisoformat(data["as_of"])
    start = date.fromisoformat(data["period"]["start"]) if data["period"]["start"] else as_of
    return apply(data, blocks(anchors, used, as_of, start, digest, find), previous)


def blocks(
    anchors: dict[str, date | None],
    used: frozenset[str],
    as_of: date,
    start: date,
    digest: Digest,
    find: FindMentions | None = None,
) -> dict[str, Any]:
    """The weekly blocks that need only the articles, not the brief's sections: timeline,
    watch, wire-copy groups (and each copy's group). So they can be worked out while
    the brief is (see `pipeline`).

    Args:
        anchors: each story's date (None: undated), after assembly's check of page dates.
        used: the stories the brief uses.
        as_of, start: the brief's date and the start of its period (its as-of date when
            no story is dated).
    """
    sentences = [(sid, s) for sid, s in digest.dated if sid in used]
    events = tuple(e for e in timeline(sentences, anchors, ("day", "week", "month"), find) if not _aside(e, anchors, start))
    happened = _Happened([e for e in events if not e.future])
    groups = [list(g) for g in duplicate_groups(digest.prints) if len(g) > 1]
    return {
        "timeline": [_event_dict(e) for e in events if not e.future or e.end_date <= as_of],
        "watch": [_event_dict(e) for e in upcoming(events, as_of) if not _reported_done(e, happened)],
        "duplicates": groups,
        # Each copy names its group by the group's first id, not by listing the others:
        # a wire story run by 2,000 outlets would otherwise make 4 million entries.
        "copy_group": {aid: g[0] for g in groups for aid in g},
    }


def apply(data: dict[str, Any], made: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Add `blocks`' result to the brief's data, and the changes against `previous`."""
    data["timeline"] = made["timeline"]
    data["watch"] = made["watch"]
    data["duplicates"] = made["duplicates"]
    for article in data["articles"]:
        article["copy_group"] = made["copy_group"].get(article["id"])
    if previous is not None:
        _mark_changes(data, previous)
    return data
