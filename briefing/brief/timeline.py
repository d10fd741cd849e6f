"""The brief's timeline and what to watch: dated sentences as cited rows.

In:  sentences (with their article ids) and each article's own date.
Out: `Event` rows, each cited to article, sentence and offsets, merged across wire copies:
     the chronological `timeline` and the `upcoming` / `what_to_watch` list. Dates are
     read by `briefing.brief.dates`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from briefing.brief.dates import DateMention, FindMentions, memoised
from briefing.analyse.prints import TextPrint, text_print
from briefing.brief.dedupe import duplicate_groups
from briefing.model import Sentence

__all__ = ["Event", "timeline", "upcoming", "what_to_watch"]


@dataclass(frozen=True, slots=True)
class Event:
    """A row of the timeline or the watch list: a dated sentence, cited.

    `start`/`end` are the sentence's offsets in its article's text; `mention` the date
    expression (offsets in the same text). `also` lists other articles that carried the
    same sentence for the same date (merged copies).
    """

    start_date: date
    end_date: date
    granularity: str
    text: str
    article: str
    sentence_id: str
    start: int
    end: int
    mention: DateMention
    future: bool
    also: tuple[str, ...] = ()


# ------------------------------------------------------------------ events
SentenceInput = Sentence | tuple[str, Sentence]


def _article_of(item: SentenceInput) -> tuple[str, Sentence]:
    if isinstance(item, tuple):
        return item
    # Sentence ids are "a03.p2.s1": the article id is the part before the first dot.
    return item.id.split(".", 1)[0], item


def _events(
    sentences: Iterable[SentenceInput], anchor_by_article: Mapping[str, date | None], find: FindMentions | None = None
) -> list[Event]:
    events: list[Event] = []
    # Wire copies repeat a sentence across articles of one date: it is read once.
    find = find or memoised()
    for item in sentences:
        article, sentence = _article_of(item)
        anchor = anchor_by_article.get(article)
        seen: set[tuple[date, date]] = set()
        for mention in find(sentence.text, 0, len(sentence.text), anchor):
            if mention.start_date is None or mention.end_date is None:
                continue
            key = (mention.start_date, mention.end_date)
            if key in seen:
                continue  # one row per date per sentence
            seen.add(key)
            shifted = _shifted(mention, sentence.start)
            events.append(
                Event(
                    start_date=mention.start_date,
                    end_date=mention.end_date,
                    granularity=mention.granularity,
                    text=sentence.text,
                    article=article,
                    sentence_id=sentence.id,
                    start=sentence.start,
                    end=sentence.end,
                    mention=shifted,
                    future=mention.future,
                )
            )
    return events


def _shifted(m: DateMention, by: int) -> DateMention:
    # Built field by field: `dataclasses.replace` (which inspects the fields on every
    # call) cost more than reading the dates, once per timeline row.
    return DateMention(
        m.text, m.start + by, m.end + by, m.start_date, m.end_date, m.granularity, m.relative, m.tense, m.future, m.qualifier
    )


def _with_also(e: Event, also: tuple[str, ...]) -> Event:
    return Event(
        e.start_date, e.end_date, e.granularity, e.text, e.article, e.sentence_id, e.start, e.end, e.mention, e.future, also
    )


def _merge(events: Sequence[Event]) -> tuple[Event, ...]:
    """Chronological, with copies of one sentence for one date merged into the first."""
    by_date: dict[tuple[date, date, str], list[Event]] = {}
    for event in events:
        by_date.setdefault((event.start_date, event.end_date, event.granularity), []).append(event)
    # A sentence's print is made once, however many dates it gives rows for and however
    # many articles carry it.
    prints: dict[str, TextPrint] = {}
    out: list[Event] = []
    for group in by_date.values():
        keyed = {f"{i:06d}": e for i, e in enumerate(group)}
        texts = [(k, prints.get(e.text) or prints.setdefault(e.text, text_print(e.text))) for k, e in keyed.items()]
        for ids in duplicate_groups(texts):
            members = sorted((keyed[k] for k in ids), key=lambda e: (e.article, e.start, e.sentence_id))
            first = members[0]
            also = tuple(sorted({e.article for e in members[1:]} - {first.article}))
            out.append(_with_also(first, also))
    out.sort(key=lambda e: (e.start_date, e.end_date, e.article, e.start, e.mention.start))
    return tuple(out)


def timeline(
    sentences: Iterable[SentenceInput],
    anchor_by_article: Mapping[str, date | None],
    granularities: Iterable[str] = ("day", "week", "month", "year"),
    find: FindMentions | None = None,
) -> tuple[Event, ...]:
    """Dated events in chronological order, one row per (sentence, date), copies merged.

    `sentences` are `(article_id, Sentence)` pairs or `Sentence`s whose id starts with the
    article id; `anchor_by_article` gives each article's date (None or absent: unknown, so
    only dates with a year are kept). `granularities` limits the rows (e.g. ("day",)).
    `find` reads the dates (default: a fresh `dates.memoised()`); pass one already used
    on the same sentences to read them once.
    """
    wanted = set(granularities)
    return _merge([e for e in _events(sentences, anchor_by_article, find) if e.granularity in wanted])


def upcoming(events: Iterable[Event], as_of: date) -> tuple[Event, ...]:
    """The events that point forward and are not over by `as_of`, in date order."""
    return tuple(
        sorted(
            (e for e in events if e.future and e.end_date > as_of),
            key=lambda e: (e.start_date, e.end_date, e.article, e.start, e.mention.start),
        )
    )


def what_to_watch(
    sentences: Iterable[SentenceInput], anchor_by_article: Mapping[str, date | None], as_of: date
) -> tuple[Event, ...]:
    """Forward-pointing dated mentions (scheduled visits, talks, deadlines, "next month")
    that end after `as_of`, resolved and cited, in date order, copies merged."""
    return upcoming(_merge(_events(sentences, anchor_by_article)), as_of)
