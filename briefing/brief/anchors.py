"""Which article dates can anchor the article's own relative dates.

A page's date is often not its article's: a "Release time" stamp of a re-post, a crawl
date, an archive's date. Read against such a date, "in May this year, the two sides
held talks" lands months after the page was supposedly written, and "will visit from
June 18 to 19" becomes a visit still to come. A reader notices the contradiction: an
article cannot report as done what happens after it was written. An article whose own
past-tense relative dates fall after its date has a date that resolves nothing: the
brief lists it as undated (keeping the page's date for audit), it does not make the
brief's "as of" or "covering" dates, and its dated rows keep only the dates that carry
their year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from briefing.analyse.lede import flaw, prefix_end
from briefing.brief.dates import FindMentions, find_date_mentions
from briefing.model import Sentence, StoryAnalysis

__all__ = ["contradicts", "dated_sentences"]

# A day-level slip (a time zone, "on the 14th" read one month off) is not a contradiction.
_SLACK = timedelta(days=7)


def dated_sentences(story: StoryAnalysis) -> list[Sentence]:
    """The story's sentences that can date an event: those placed in a section, less
    captions, bylines and cut-off lines; a lede's dateline ("TAIPEI, Taiwan —") is cut
    off the sentence, which stays verbatim from there."""
    assigned = {a.sentence_id for a in story.verdict.assignments}
    out = []
    for p in story.paragraphs:
        for s in p.sentences:
            if s.id not in assigned:
                continue
            cut = prefix_end(s.text)
            if cut:
                s = replace(s, text=s.text[cut:], start=s.start + cut)
            if _flawless(s.text):
                out.append(s)
    return out


@lru_cache(maxsize=1 << 16)
def _flawless(text: str) -> bool:
    # By text: wire copies repeat a sentence in up to 20 stories.
    return flaw(text) is None


def contradicts(sentences: Iterable[Sentence], anchor: date, find: FindMentions = find_date_mentions) -> bool:
    """Whether the sentences report, in the past tense, a relative date after `anchor`;
    `find` reads the dates (a `dates.memoised()` shares them with another reader)."""
    limit = anchor + _SLACK
    for sentence in sentences:
        for m in find(sentence.text, 0, len(sentence.text), anchor):
            if m.relative and m.tense == "past" and m.start_date is not None and m.start_date > limit:
                return True
    return False
