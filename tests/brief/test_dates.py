"""The memoised date reader: the same mentions as a fresh read, each text read once
(invented sentences)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.brief import dates
from briefing.brief.digest import Digest
from briefing.brief.anchors import contradicts
from briefing.brief.timeline import timeline
from briefing.model import Sentence

_PIECES = st.sampled_from(
    ["The envoy", "will visit Lisbon", "met officials", "on June 18", "last week", "in May", "next Friday",
     "from 3 to 5 March 2024", "two weeks ago", "said", ",", ".", "talks", "since 2019", "tomorrow"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12).map(" ".join), st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2026, 12, 31))))
def test_memoised_reads_what_a_fresh_read_does(text: str, anchor: date | None) -> None:
    find = dates.memoised()
    first = find(text, 0, len(text), anchor)
    assert first == dates.find_date_mentions(text, 0, len(text), anchor)
    assert find(text, 0, len(text), anchor) is first


def _count_reads(monkeypatch) -> list[tuple[str, date | None]]:
    """Every (text, anchor) the date reader is asked to read, from now on."""
    calls: list[tuple[str, date | None]] = []
    real = dates.find_date_mentions

    def counting(text: str, start: int = 0, end: int | None = None, anchor: date | None = None):
        calls.append((text, anchor))
        return real(text, start, end, anchor)

    monkeypatch.setattr(dates, "find_date_mentions", counting)
    return calls


def test_the_contradiction_check_and_timeline_share_one_read_per_sentence(monkeypatch) -> None:
    calls = _count_reads(monkeypatch)
    texts = ["The ministers met in Geneva last Tuesday.", "Talks will resume on 9 May 2024."]
    sentences = [(aid, Sentence(f"{aid}.p1.s{i}", 0, len(t), t)) for aid in ("a01", "a02") for i, t in enumerate(texts)]
    anchors = {"a01": date(2024, 4, 26), "a02": date(2024, 4, 26)}
    find = dates.memoised()
    trusted = {aid: None if contradicts([s for a, s in sentences if a == aid], d, find) else d for aid, d in anchors.items()}
    events = timeline(sentences, trusted, ("day", "week", "month"), find)
    # Two articles carry the same two sentences on one date: two reads, not eight.
    assert sorted(calls) == sorted((t, date(2024, 4, 26)) for t in texts)
    assert [e.start_date for e in events] == [date(2024, 4, 23), date(2024, 5, 9)]
    assert [e.also for e in events] == [("a02",), ("a02",)]


def test_a_build_reads_each_section_sentence_once_across_assembly_and_the_timeline(monkeypatch) -> None:
    from briefing.analyse import clean
    from briefing.analyse.article import analyse_document, keep_needed
    from briefing.brief import weekly
    from briefing.brief.assemble import assemble
    from briefing.config import load_taxonomy
    from briefing.read import ingest
    from briefing.write.serialize import brief_to_dict

    from seedkit import SEEDS

    taxonomy, rules = load_taxonomy(None), clean.load_rules(None)
    docs = [d for p in sorted(SEEDS.glob("*.txt")) for d in ingest.read_documents(p, p.name)]
    # The seeds dated, so that assembly checks each page date against its text.
    docs = [replace(d, date=date(2024, 4, 26)) for d in docs]
    analyses = tuple(keep_needed(analyse_document(f"a{i + 1:02d}", d, taxonomy, rules)) for i, d in enumerate(docs))
    calls = _count_reads(monkeypatch)
    find = dates.memoised()
    data = weekly.extend(brief_to_dict(assemble(analyses, (), taxonomy, date(2024, 4, 30), find=find)), Digest.of(analyses), None, find)
    assert calls and len(calls) == len(set(calls))
    shared = len(calls)
    calls.clear()
    weekly.extend(brief_to_dict(assemble(analyses, (), taxonomy, date(2024, 4, 30), find=dates.memoised())), Digest.of(analyses), None, dates.memoised())
    assert len(calls) > shared  # with a memo each, the same sentences are read twice
    assert data["timeline"] == weekly.extend(brief_to_dict(assemble(analyses, (), taxonomy, date(2024, 4, 30))), Digest.of(analyses), None)["timeline"]
