"""The index of past timeline rows answers as the pairwise scan it replaced."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.brief.dates import DateMention
from briefing.brief.timeline import Event
from briefing.brief.weekly import _Happened, _names

_PLACES = ["Geneva", "Osaka", "Brasilia", "Talbot", "Marwick"]


def _event(start: date, days: int, names: list[str], granularity: str = "day") -> Event:
    end = start + timedelta(days=days)
    text = "envoys met in " + " and ".join(names) + "." if names else "envoys met."
    mention = DateMention(text="then", start=0, end=4, start_date=start, end_date=end, granularity=granularity, relative=False, tense="past", future=False)
    return Event(start, end, granularity, text, "a01", "a01.p1.s1", 0, len(text), mention, False)


def _pairwise(event: Event, happened: list[Event]) -> bool:
    """The scan that was quadratic in the corpus, kept here as the specification."""
    names = _names(event.text)
    lo, hi = (event.start_date.month, event.start_date.day), (event.end_date.month, event.end_date.day)

    def overlaps(h: Event) -> bool:
        a, b = (h.start_date.month, h.start_date.day), (h.end_date.month, h.end_date.day)
        return h.granularity == "day" and a <= hi and lo <= b

    return any(overlaps(h) and names & _names(h.text) for h in happened)


_events = st.builds(
    _event,
    st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)),
    st.sampled_from([0, 0, 1, 2, 6, 40, 200]),
    st.lists(st.sampled_from(_PLACES), max_size=2),
    st.sampled_from(["day", "day", "day", "month"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_events, max_size=12), st.lists(_events, min_size=1, max_size=6))
def test_index_answers_as_the_pairwise_scan(past: list[Event], ahead: list[Event]) -> None:
    index = _Happened(past)
    for event in ahead:
        assert index.overlaps(event) == _pairwise(event, past)


def test_a_row_on_the_same_days_naming_the_same_place_is_reported_done() -> None:
    past = [_event(date(2023, 6, 18), 1, ["Geneva"])]
    index = _Happened(past)
    assert index.overlaps(_event(date(2024, 6, 19), 0, ["Geneva"]))
    assert not index.overlaps(_event(date(2024, 6, 19), 0, ["Osaka"]))
    assert not index.overlaps(_event(date(2024, 6, 21), 0, ["Geneva"]))
