"""Dates a reader can rely on: long form in every row; no 'upcoming' event the corpus
reports as past (invented sentences)."""

from __future__ import annotations

from datetime import date

from briefing.brief.timeline import timeline, upcoming
from briefing.brief.weekly import _Happened, _reported_done, _when
from briefing.model import Sentence


def _s(sid: str, text: str) -> tuple[str, Sentence]:
    return sid.split(".")[0], Sentence(sid, 0, len(text), text)


def test_rows_print_long_dates() -> None:
    events = timeline(
        [_s("a01.p1.s1", "The minister will visit Lisbon from June 18 to 19, 2024."),
         _s("a01.p2.s1", "The minister met her counterpart on 3 March 2024.")],
        {"a01": date(2024, 3, 4)},
    )
    assert sorted(_when(e) for e in events) == ["18–19 June 2024", "3 March 2024"]


def test_an_event_reported_as_past_is_not_upcoming() -> None:
    # One page read with the wrong year announces a visit that another reports done.
    sentences = [_s("a01.p1.s1", "Minister Ferreira will visit Lisbon from June 18 to 19."),
                 _s("a02.p1.s1", "Minister Ferreira visited Lisbon on June 19, 2023, and met the mayor.")]
    events = timeline(sentences, {"a01": date(2024, 6, 1), "a02": date(2023, 6, 20)})
    ahead = upcoming(events, date(2024, 6, 2))
    assert ahead  # read alone, the visit looks upcoming
    happened = _Happened([e for e in events if not e.future])
    assert all(_reported_done(e, happened) for e in ahead)
    other = timeline([_s("a03.p1.s1", "Minister Costa will visit Porto from June 18 to 19.")], {"a03": date(2024, 6, 1)})
    assert not any(_reported_done(e, happened) for e in upcoming(other, date(2024, 6, 2)))


def test_background_asides_are_no_timeline_rows() -> None:
    from briefing.brief.weekly import _aside

    anchors = {"a01": date(2024, 3, 4)}
    events = timeline(
        [_s("a01.p1.s1", "The last such visit was in October 2018, during a previous government."),
         _s("a01.p2.s1", "Since June, contacts between the two ministries have grown."),
         _s("a01.p3.s1", "The minister met her counterpart on 3 March 2024.")],
        anchors,
    )
    assert [_when(e) for e in events if not _aside(e, anchors, date(2024, 3, 1))] == ["3 March 2024"]


def test_a_past_deadline_dates_no_event() -> None:
    from briefing.brief.weekly import _aside

    anchors: dict[str, date | None] = {"a01": date(2024, 3, 4)}
    events = timeline(
        [_s("a01.p1.s1", "The deal committed the port to buy 40 cranes before December 31, 2023, officials said."),
         _s("a01.p2.s1", "The minister signed the crane deal on 1 March 2024.")],
        anchors,
    )
    assert [_when(e) for e in events if not _aside(e, anchors, date(2024, 3, 1))] == ["1 March 2024"]


def test_an_undated_article_is_read_against_the_period_it_is_briefed_in() -> None:
    from briefing.brief.weekly import _aside

    # The page has no date: its years-old aside is still background in a March 2024 brief.
    anchors: dict[str, date | None] = {"a01": None}
    events = timeline(
        [_s("a01.p1.s1", "The last such visit was in October 2018, during a previous government."),
         _s("a01.p2.s1", "The minister met her counterpart on 3 March 2024.")],
        anchors,
    )
    assert [_when(e) for e in events if not _aside(e, anchors, date(2024, 3, 1))] == ["3 March 2024"]
    assert len([e for e in events if not _aside(e, anchors, date(2019, 1, 1))]) == 2
