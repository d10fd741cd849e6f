"""Date mentions, the timeline and what to watch: every shape, with and without the
article's date, past and future tense, across the year boundary, and on the seeds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.model import Sentence
from briefing.brief.dates import find_date_mentions
from briefing.brief.timeline import timeline, what_to_watch

HERE = Path(__file__).parents[1]
SEEDS = HERE.parent / "seeds"
CASES = json.loads((HERE / "fixtures" / "timeline" / "cases.json").read_text(encoding="utf-8"))["cases"]


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def mentions(text: str, anchor: date | None):
    return find_date_mentions(text, 0, len(text), anchor)


@pytest.mark.parametrize("text,anchor,wanted,first,last,granularity,future", CASES)
def test_shapes(text, anchor, wanted, first, last, granularity, future) -> None:
    found = {m.text: m for m in mentions(text, day(anchor))}
    assert wanted in found, list(found)
    m = found[wanted]
    assert text[m.start : m.end] == wanted
    assert (m.start_date, m.end_date) == (day(first), day(last))
    assert m.granularity == granularity
    assert m.future is future
    assert m.resolved is (first is not None)


def test_relative_marks() -> None:
    (absolute,) = mentions("It happened in October 2018.", None)
    (relative,) = mentions("It happened last week.", date(2024, 4, 26))
    assert not absolute.relative and relative.relative


def test_qualifier_is_part_of_the_mention() -> None:
    (m,) = mentions("China had been spying since at least 2019.", None)
    assert m.text == "since at least 2019" and m.qualifier == "since"


def test_no_anchor_never_guesses_from_today() -> None:
    for text in ("They met on Friday.", "They met on June 18.", "They met last month.", "In May, talks began."):
        assert all(m.start_date is None for m in mentions(text, None)), text


@pytest.mark.parametrize(
    "text",
    [
        "You may think it is strong enough now.",
        "May be it is.",
        "The 20th century was long.",
        "It cost $2019 and 2,019 people came.",
        "He spent 5 days there and 100 entities were listed.",
        "March on, they said.",
    ],
)
def test_not_dates(text: str) -> None:
    assert mentions(text, date(2024, 4, 26)) == ()


def test_offsets_are_into_the_whole_text() -> None:
    text = "Header. The minister arrived on June 18. Footer on June 30."
    lo = text.index("The")
    hi = text.index("Footer")
    (m,) = find_date_mentions(text, lo, hi, date(2024, 7, 1))
    assert m.text == "June 18" and text[m.start : m.end] == "June 18" and lo <= m.start < m.end <= hi


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("0123456789 ,.-()–'’")
            + [" June ", "18", "Friday", " last ", "next ", "week", "year", "since ", "on the ", "th", "May", "2024"]
            + [" in ", "will ", " ago", "two ", " of ", "Dec", "31", "29 February"]
        ),
        max_size=40,
    ).map("".join),
    st.integers(-5, 130),
    st.integers(-5, 130),
    st.one_of(st.none(), st.dates(min_value=date(1, 2, 1), max_value=date(9998, 11, 30))),
)
def test_never_raises_and_offsets_hold(text: str, lo: int, hi: int, anchor: date | None) -> None:
    for m in find_date_mentions(text, lo, hi, anchor):
        assert max(0, lo) <= m.start < m.end <= min(len(text), max(hi, 0))
        assert text[m.start : m.end] == m.text
        assert (m.start_date is None) == (m.end_date is None)
        if m.start_date is not None:
            assert m.start_date <= m.end_date


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.dates()))
def test_arbitrary_text_never_raises(text: str, anchor: date | None) -> None:
    for m in find_date_mentions(text, 0, len(text), anchor):
        assert text[m.start : m.end] == m.text


# ------------------------------------------------------------------ seeds
def test_seed_000_friday_and_next_month() -> None:
    text = seed("000")
    found = mentions(text, date(2024, 4, 26))
    fridays = [m for m in found if m.text == "Friday (April 26)"]
    assert fridays and all(m.start_date == m.end_date == date(2024, 4, 26) for m in fridays)
    next_month = [m for m in found if m.text == "next month"]
    assert len(next_month) == 2
    for m in next_month:
        assert (m.start_date, m.end_date) == (date(2024, 5, 1), date(2024, 5, 31))
        assert m.future and m.granularity == "month"
    contexts = [text[m.start - 40 : m.end] for m in next_month]
    assert any("will be held" in c for c in contexts)
    assert any("plans to visit China" in c for c in contexts)
    since = next(m for m in found if m.text == "since 2022")
    assert since.qualifier == "since" and since.start_date == date(2022, 1, 1)
    last_week = next(m for m in found if m.text == "last week")
    assert (last_week.start_date, last_week.end_date) == (date(2024, 4, 15), date(2024, 4, 21))


def test_seed_004_scheduled_visit() -> None:
    text = seed("004")
    unknown = next(m for m in mentions(text, None) if m.text == "18-19 June")
    assert unknown.start_date is None and unknown.future
    anchored = next(m for m in mentions(text, date(2023, 6, 14)) if m.text == "18-19 June")
    assert (anchored.start_date, anchored.end_date) == (date(2023, 6, 18), date(2023, 6, 19))
    assert anchored.future and anchored.tense == "future"
    wednesday = next(m for m in mentions(text, date(2023, 6, 16)) if m.text == "Wednesday")
    assert wednesday.start_date == date(2023, 6, 14) and not wednesday.future


def test_seed_001_range_with_year_resolves_without_anchor() -> None:
    (m,) = mentions(seed("001"), None)
    assert m.text == "from April 24 to 26, 2024"
    assert (m.start_date, m.end_date) == (date(2024, 4, 24), date(2024, 4, 26))


def test_seed_002_year_less_dates_follow_the_anchor() -> None:
    found = mentions(seed("002"), date(2024, 4, 13))
    visit = next(m for m in found if m.text == "from June 18 to 19")
    assert (visit.start_date, visit.end_date) == (date(2024, 6, 18), date(2024, 6, 19)) and visit.future
    since_june = next(m for m in found if m.text == "Since June")
    assert since_june.start_date == date(2023, 6, 1)  # past tense, June not yet begun
    assert next(m for m in found if m.text == "October 2018").start_date == date(2018, 10, 1)


# ------------------------------------------------------------------ events
def sentences_of(article: str, text: str) -> list[tuple[str, Sentence]]:
    out = []
    pos = 0
    for n, part in enumerate(text.split(". "), 1):
        chunk = part if part.endswith(".") else part + "."
        start = text.index(part, pos)
        end = min(len(text), start + len(chunk))
        out.append((article, Sentence(f"{article}.p1.s{n}", start, end, text[start:end])))
        pos = end
    return out


A1 = (
    "The ministers met on Tuesday in Geneva. They agreed to extend the freeze. "
    "The ministers will meet again in Singapore on September 12. Elections are due next year."
)
A2 = "The ministers will meet again in Singapore on September 12. The freeze was first agreed in March 2023."
A3 = "Talks collapsed on Friday. The envoy said on June 18 that he would return."


def test_timeline_is_chronological_cited_and_merged() -> None:
    items = sentences_of("a01", A1) + sentences_of("a02", A2) + sentences_of("a03", A3)
    anchors = {"a01": date(2024, 6, 20), "a02": date(2024, 6, 21), "a03": None}
    rows = timeline(items, anchors)
    dates = [(r.start_date, r.end_date) for r in rows]
    assert dates == sorted(dates)
    assert [r.mention.text for r in rows] == ["March 2023", "Tuesday", "September 12", "next year"]
    sept = rows[2]
    assert sept.article == "a01" and sept.also == ("a02",)
    full = A1
    assert full[sept.start : sept.end] == sept.text
    assert full[sept.mention.start : sept.mention.end] == "September 12"
    assert sept.sentence_id == "a01.p1.s3"
    # a03 has no date: "Friday" and "June 18" cannot be placed and are left out.
    assert all(r.article != "a03" for r in rows)
    assert [r.mention.text for r in timeline(items, anchors, granularities=("day",))] == ["Tuesday", "September 12"]


def test_what_to_watch_keeps_forward_dates_after_as_of() -> None:
    items = sentences_of("a01", A1) + sentences_of("a02", A2)
    anchors = {"a01": date(2024, 6, 20), "a02": date(2024, 6, 21)}
    watch = what_to_watch(items, anchors, as_of=date(2024, 6, 22))
    assert [(w.mention.text, w.start_date) for w in watch] == [
        ("September 12", date(2024, 9, 12)),
        ("next year", date(2025, 1, 1)),
    ]
    assert watch[0].also == ("a02",)
    assert what_to_watch(items, anchors, as_of=date(2025, 12, 31)) == ()


def test_seed_watch_list() -> None:
    text = seed("000")
    sentence = Sentence("a00.p1.s1", 0, len(text), text)
    watch = what_to_watch([("a00", sentence)], {"a00": date(2024, 4, 26)}, as_of=date(2024, 4, 26))
    assert [w.mention.text for w in watch] == ["next month", "next month"] or all(
        w.start_date == date(2024, 5, 1) for w in watch
    )
    assert watch and all(w.future and w.start_date == date(2024, 5, 1) for w in watch)
