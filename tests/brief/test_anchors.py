"""An article date that the article's own past-tense dates contradict anchors nothing."""

from __future__ import annotations

from datetime import date

from briefing.brief.anchors import contradicts
from briefing.brief.timeline import timeline, what_to_watch
from briefing.model import Sentence


def _sentences(article: str, texts: list[str]) -> list[tuple[str, Sentence]]:
    out = []
    pos = 0
    for i, text in enumerate(texts, 1):
        out.append((article, Sentence(id=f"{article}.p{i}.s1", start=pos, end=pos + len(text), text=text)))
        pos += len(text) + 2
    return out


REPOST = [
    "The foreign minister will visit Hanoi from July 8 to 9, the ministry announced.",
    "In June this year, the two deputy ministers held six hours of talks in Geneva.",
    "The last visit by a foreign minister was in October 2019.",
]


def test_a_past_event_after_the_page_date_sets_the_date_aside() -> None:
    # Stamped 2 March: "In June this year ... held" cannot have been written then.
    assert contradicts([s for _, s in _sentences("a01", REPOST)], date(2025, 3, 2))


def test_consistent_dates_keep_their_anchor() -> None:
    consistent = [REPOST[0], "In February this year, the two deputy ministers held talks in Geneva."]
    assert not contradicts([s for _, s in _sentences("a01", consistent)], date(2025, 3, 2))


def test_a_planned_event_in_the_future_tense_is_no_contradiction() -> None:
    plans = ["The two sides will hold talks in June this year, officials said."]
    assert not contradicts([s for _, s in _sentences("a01", plans)], date(2025, 3, 2))


def test_without_a_trusted_anchor_only_dates_with_a_year_remain() -> None:
    sentences = _sentences("a01", REPOST)
    # Assembly lists a contradicted page date as none: the article is undated.
    anchors: dict[str, date | None] = {"a01": None}
    rows = timeline(sentences, anchors)
    assert [r.text for r in rows] == [REPOST[2]]
    assert what_to_watch(sentences, anchors, date(2025, 3, 2)) == ()
    # read against the page's date, the visit would be a watch item
    assert what_to_watch(sentences, {"a01": date(2025, 3, 2)}, date(2025, 3, 2))


def test_a_ledes_dateline_is_cut_off_its_timeline_sentence() -> None:
    from briefing.brief.anchors import dated_sentences
    from briefing.model import Assignment, Paragraph, StoryAnalysis, Verdict

    text = "LISBON, Portugal—The trade minister met her counterpart on 3 March 2025."
    sentence = Sentence(id="a01.p1.s1", start=40, end=40 + len(text), text=text)
    verdict = Verdict(on_topic=True, reason=None, assignments=(Assignment("a01.p1.s1", "trade", "tariffs", 1.0),), sections=("trade",))
    story = StoryAnalysis("a01", 0, None, verdict, (Paragraph("a01.p1", 40, sentence.end, (sentence,)),), ())
    [dated] = dated_sentences(story)
    assert dated.text == "The trade minister met her counterpart on 3 March 2025."
    assert dated.start == 40 + len("LISBON, Portugal—") and dated.end == sentence.end
