"""Which article dates can anchor the article's own relative dates.

A page's date is often not its article's: a "Release time" stamp of a re-post, a crawl
date, an archive's date. Read against such a date, "in May this year, the two sides
held talks" lands months after the page was supposedly written, and "will visit from
June 18 to 19" becomes a visit still to come. A reader notices the contradiction: an
article cannot report as done what happens after it was written. An article whose own
past-tense relative dates fall after its date has a date that resolves nothing;
its dated rows keep only the dates that carry their year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from briefing.brief.dates import FindMentions, find_date_mentions
from briefing.model import Sentence

__all__ = ["trusted_anchors"]

# A day-level slip (a time zone, "on the 14th" read one month off) is not a contradiction.
_SLACK = timedelta(days=7)


def contradicts(sentences: Iterable[Sentence], anchor: date, find: FindMentions = find_date_mentions) -> bool:
    """Whether the sentences report, in the past tense, a relative date after `anchor`."""
    limit = anchor + _SLACK
    for sentence in sentences:
        for m in find(sentence.text, 0, len(sentence.text), anchor):
            if m.relative and m.tense == "past" and m.start_date is not None and m.start_date > limit:
                return True
    return False


def trusted_anchors(
    anchors: Mapping[str, date | None], sentences: Iterable[tuple[str, Sentence]], find: FindMentions = find_date_mentions
) -> dict[str, date | None]:
    """`anchors` with None for every article whose own sentences contradict its date;
    `find` reads the dates (a `dates.memoised()` shares them with the timeline)."""
    by_article: dict[str, list[Sentence]] = {}
    for article, sentence in sentences:
        if anchors.get(article) is not None:
            by_article.setdefault(article, []).append(sentence)
    out = dict(anchors)
    for article, own in by_article.items():
        anchor = anchors[article]
        if anchor is not None and contradicts(own, anchor, find):
            out[article] = None
    return out
