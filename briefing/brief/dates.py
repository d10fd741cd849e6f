"""Date expressions in a sentence, resolved against the article's own date.

In:  text with a span to read (a sentence), and the article's own date (`anchor`) or None.
Out: `DateMention`s — every date expression in the span with its exact offsets, the date
     or date range it resolves to, how precise it is, whether it was relative to the
     article's date and whether it points forward (`briefing.brief.timeline` makes the
     brief's timeline and "what to watch" rows from them).

Shapes read (compiled regular expressions, no dateparser: it costs about a millisecond a
call and, with no base date, guesses from today's clock, which a brief must never do):

  "June 18", "June 18, 2024", "18 June 2024", "June 18th", "18th of June",
  ranges "June 18-19", "June 18 to 19", "18-19 June", "April 24 to 26, 2024",
  "June 30 to July 2"; with a weekday: "Friday (April 26)", "Friday, April 26";
  "October 2018", "February this year", "December last year", "last February";
  "in May", "since June" (a month alone only after a preposition, so the verb "may" and
  the name "May" at a sentence start are not dates); "in 2019", "since 2019", "by 2025";
  "last week", "this month", "next year", "earlier this year", "early last year",
  "yesterday", "today", "tomorrow", "two weeks ago"; "on Wednesday", "last Friday",
  "Friday's meeting"; "on the 14th".

Resolution against the anchor (never against today's date):

* A month-day without a year takes the anchor's year, unless the sentence is past tense
  and that puts it more than `SLACK_DAYS` (31) after the anchor — then the year before
  ("on December 28" in an article of January 3); or it is future tense and that puts it
  more than `SLACK_DAYS` before the anchor — then the year after ("will meet on
  January 5" in an article of December 20). With no tense cue, the nearest of the three
  candidate years wins. A month without a year follows the same rule, except that in the
  past tense a month that has not begun by the anchor is last year's ("talks in May were
  long" in an article of April 26).
* A weekday is the nearest such day on or before the anchor when the verb is past (or
  there is no cue: news reports what happened), on or after it for a future verb; "last
  Friday" is 1-7 days before, "next Friday" 1-7 days after.
* "on the 14th" is that day of the anchor's month, or of the month before (past) / after
  (future) when the day has not come yet / has passed.
* Weeks run Monday to Sunday.
With no anchor, dates carrying a year resolve; the rest are kept with `start_date` None.

Tense is read from the sentence: the cue nearest the mention among future cues ("will",
"is due to", "plans to", "scheduled", "expected to", "set to", "would", "upcoming") and
past cues ("was", "had", "said", verbs in -ed, common irregular past forms); the
mention's own words ("last", "ago", "next", "tomorrow") decide first.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta


__all__ = ["SLACK_DAYS", "DateMention", "FindMentions", "find_date_mentions", "may_mention", "memoised"]

SLACK_DAYS = 31


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression: `text == source[start:end]`.

    `start_date`/`end_date` are the first and last day it covers (equal for one day),
    both None when it cannot be resolved (a relative or year-less date with no anchor).
    `granularity` is "day", "week", "month" or "year". `relative` is True when the date
    depends on the article's date ("last week", "Friday", "June 18" with no year).
    `tense` is "past", "future" or "unknown" (from the sentence); `future` is True when the
    mention points forward: future tense, or no tense cue and a date after the anchor.
    `qualifier` is "since", "until", "by", "before", "after" or "from" when one precedes
    the date and is part of `text`.
    """

    text: str
    start: int
    end: int
    start_date: date | None
    end_date: date | None
    granularity: str
    relative: bool
    tense: str
    future: bool
    qualifier: str | None = None

    @property
    def resolved(self) -> bool:
        return self.start_date is not None


# ------------------------------------------------------------------ patterns
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
}  # fmt: skip

# Capitalised only: "may" the verb and "march" the noun are not months.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
    r"(?![A-Za-z])"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])"
_DAY = _DAYNUM + r"(?:st|nd|rd|th)?(?![\d%:])"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?![\d%])"
_DASH = r"\s*(?:-|–|—|to|through|until|till|and)\s*"
_QUAL = r"(?:(?P<qual>[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Bb]efore|[Aa]fter|[Ff]rom)\s+(?:at\s+least\s+)?)?"
# A weekday written with its date: "Friday (April 26)", "Friday, April 26".
def _wd_open(p: str) -> str:
    return rf"(?:(?P<{p}_wd>{_WEEKDAY})(?:,\s*|\s*(?P<{p}_paren>\()\s*|\s+))?"


def _wd_close(p: str) -> str:
    # The closing parenthesis belongs to the mention only when the opening one does.
    return rf"(?({p}_paren)\s*\))"

_EARLY = r"(?:(?:[Ee]arly|[Ll]ate|[Mm]id|[Tt]he\s+(?:end|beginning|start|middle)\s+of)[\s-]+)?"

_PATTERN = re.compile(
    _QUAL
    + r"(?:"
    # month day [- day | - month day] [, year]
    + rf"(?P<md>{_wd_open('md')}(?P<md_m>{_MONTH})\s*(?P<md_d>{_DAY})"
    + rf"(?:{_DASH}(?:(?P<md_m2>{_MONTH})\s*)?(?P<md_d2>{_DAY}))?"
    + rf"(?:,?\s+(?P<md_y>{_YEAR}))?{_wd_close('md')})"
    # day [- day] [of] month [year]
    + rf"|(?P<dm>{_wd_open('dm')}(?:the\s+)?(?P<dm_d>{_DAY})(?:{_DASH}(?P<dm_d2>{_DAY}))?"
    + rf"\s+(?:of\s+)?(?P<dm_m>{_MONTH})(?:,?\s+(?P<dm_y>{_YEAR}))?{_wd_close('dm')})"
    # month year
    + rf"|(?P<my>{_EARLY}(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_y>{_YEAR}))"
    # month this/last/next year
    + rf"|(?P<mr>{_EARLY}(?P<mr_m>{_MONTH})\s+(?P<mr_r>this|last|next)\s+year)"
    # last/next/this month-name
    + rf"|(?P<rm>(?P<rm_r>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<rm_m>{_MONTH}))"
    # N days/weeks/months/years ago
    + r"|(?P<ago>(?P<ago_n>\d{1,2}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|"
    + r"[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Ss]everal)\s+(?P<ago_u>day|week|month|year)s?\s+ago\b)"
    # last/next/this week|month|year, earlier/later this ..., early last year
    + r"|(?P<rel>(?P<rel_e>(?:[Ee]arl(?:y|ier)|[Ll]ate(?:r)?|[Mm]id)[\s-]+)?"
    + r"(?P<rel_r>[Ll]ast|[Nn]ext|[Tt]his|[Tt]he\s+coming|[Cc]oming)\s+"
    + r"(?P<rel_u>week(?:end)?|month|year)\b)"
    + r"|(?P<ydt>\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)\b)"
    # weekday, possibly last/next/this, possibly possessive
    + rf"|(?P<wk>(?:(?P<wk_r>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<wk_d>{_WEEKDAY})(?:['’]s)?\b)"
    # on the 14th
    + rf"|(?P<th>(?<![\w-])(?:[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil|[Ff]rom)\s+the\s+(?P<th_d>{_DAYNUM})(?:st|nd|rd|th)\b"
    + r"(?!\s+(?:century|centuries|anniversary|floor|round|session|plenum|congress|party|amendment|"
    + r"time\s+(?!local)|of\s+(?:the|a|an|this|its|their|his|her)\b)))"
    # month alone or year alone: kept only after a preposition (checked in code, so that a
    # consumed preposition cannot hide "May this year" or "October 2018" starting later)
    + rf"|(?P<mo>{_EARLY}(?P<mo_m>{_MONTH}))"
    + rf"|(?P<yr>(?<![\w$£€¥.,-]){_EARLY}(?P<yr_y>{_YEAR})(?!\s*(?:-|–)\s*\d)(?!,\d))"
    + r")"
)
_KINDS = ("md", "dm", "my", "mr", "rm", "ago", "rel", "ydt", "wk", "th", "mo", "yr")
_NEEDS_PREP = {"mo", "yr"}
# The words that make a bare month or year a date: "in May", "during 2019", "of 2019".
_PREP_BEFORE = re.compile(
    r"(?:^|\W)(?:[Ii]n|[Ff]or|[Dd]uring|[Tt]hrough(?:out)?|[Oo]f|[Ss]ince|[Uu]ntil|[Bb]y|[Bb]efore|"
    r"[Aa]fter|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id)[\s-]$"
)
_EARLY_AT = re.compile(r"(?:[Ee]arly|[Ll]ate|[Mm]id|[Tt]he\s+(?:end|beginning|start|middle)\s+of)[\s-]+")
# Words every date shape contains (its "core"), and how far before them a shape can start ("since at
# least Wednesday (April 26", "the beginning of May").
_DIGITS = re.compile(r"\d+")
# Found with str.find, which is several times faster than one regex alternation over an
# 11 kB article; "eek" finds "week" and "Week", "ear" finds "year", and so on.
_CORE_WORDS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "eek", "onth", "ear", "esterday", "oday", "omorrow", "onight",
)  # fmt: skip


def may_mention(text: str) -> bool:
    """Whether `text` holds a word every date shape is built around (a digit, a month,
    a weekday, "week", ...): where it does not, `find_date_mentions` finds nothing."""
    return _DIGITS.search(text) is not None or any(word in text for word in _CORE_WORDS)


def _core_positions(text: str, lo: int, hi: int) -> list[int]:
    out = [m.start() for m in _DIGITS.finditer(text, lo, hi)]
    find = text.find
    for word in _CORE_WORDS:
        i = find(word, lo, hi)
        while i != -1:
            out.append(i)
            i = find(word, i + 1, hi)
    out.sort()
    return out


_LOOKBACK = 40
# The words a shape can begin with (`_QUAL`, `_wd_open`, `_MONTH`, `_EARLY`, the
# relative words, the numbers of "two weeks ago", "on the 14th"); any other shape begins
# with a digit. A shape's first word is always followed by a character that is not an
# ASCII letter, so "the word here" is the whole run of ASCII letters. Most word starts
# before a core ("covering", "goods", "percent") begin no shape: skipping them spares
# three in four tries of the big pattern, each as dear as a failed match of 12 branches.
_CAPITALISED_FIRST = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
)  # fmt: skip
# Written either way: "since", "Since".
_FIRST_WORDS = (
    "since", "until", "till", "by", "before", "after", "from", "on",
    "the", "early", "earlier", "late", "later", "mid", "last", "next", "this", "coming",
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "several", "yesterday", "today", "tomorrow", "tonight",
)  # fmt: skip
_FIRST = "|".join(sorted({*_CAPITALISED_FIRST, *_FIRST_WORDS, *(w.capitalize() for w in _FIRST_WORDS)}, key=lambda w: (-len(w), w)))
# Where the big pattern may match: word starts that can begin a shape.
_SHAPE_START = re.compile(rf"(?<![\w'’])(?:\d|(?:{_FIRST})(?![A-Za-z]))")
# The same test at a core, which need not start a word.
_SHAPE_AT = re.compile(rf"\d|(?:{_FIRST})(?![A-Za-z])")

_FUTURE_CUE = re.compile(
    # "will"/"would" take the verb phrase after them, so "held" in "will be held" is not
    # read as a past cue.
    r"\b(?:(?:will|won['’]t|shall|would)(?:\s+not)?(?:\s+(?:be|have))?(?:\s+[a-z]+)?|"
    r"to\s+be\s+[a-z]+(?:ed|ing)|(?:is|are|was|were)\s+(?:due|expected|scheduled|set|slated|"
    r"poised|going)\s+to|due\s+to\s+(?:arrive|visit|meet|travel|hold|begin|start|take|be)|"
    r"(?:scheduled|slated|planned|set)\s+(?:for|to)|plans?\s+to|planning\s+to|intends?\s+to|"
    r"expected\s+to|upcoming|forthcoming|to\s+be\s+held|will\s+be\s+held|next|coming)\b|['’]ll\b"
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|has\s+been|have\s+been|ago|earlier|last|previously|"
    r"said|told|met|held|went|came|took|made|gave|saw|began|left|spoke|shot|flew|sent|wrote|"
    r"struck|broke|became|brought|found|thought|led|won|lost|put|set\s+out|hit|fell|rose|"
    r"paid|sought|fought|kept|meant|felt|stood|ran|chose|drove|grew|knew|threw|"
    r"(?!(?:expected|scheduled|planned|slated|proposed|intended|anticipated|need|feed|seed|"
    r"speed|bed|red|shed|led|wed|bred|fled|indeed|exceed|proceed|succeed|united|limited|"
    r"related|based|concerned|interested|advanced|detailed|committed|unprecedented|"
    r"heightened|increased|renewed|continued|sustained|armed|red)\b)[a-z]{2,}ed)\b"
)
_CLAUSE_BREAK = re.compile(
    r",\s*(?:and|but|while|whereas|which|where|who|although|though|as|when|after|before)\b|[–—:]"
)
_MENTION_PAST = re.compile(r"\b(?:[Ll]ast|ago|[Yy]esterday|[Ee]arlier|[Tt]he\s+past)\b")
_MENTION_FUTURE = re.compile(r"\b(?:[Nn]ext|[Tt]omorrow|[Ll]ater|[Cc]oming|[Tt]onight)\b")


# ------------------------------------------------------------------ date arithmetic
def _month_no(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= year <= 9999:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _week_of(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _pick_year(month: int, day: int, anchor: date, tense: str, last_day: int | None = None) -> int | None:
    """The year of a year-less date, by the rule in the module docstring."""
    same = _safe_date(anchor.year, month, day)
    if tense == "past":
        # A month (last_day given) that has not begun by the anchor is last year's; a day
        # gets SLACK_DAYS of grace for articles dated a little before what they report.
        slack = 0 if last_day else SLACK_DAYS
        if same is None or same > anchor + timedelta(days=slack):
            return anchor.year - 1
        return anchor.year
    if tense == "future":
        # For a month, compare its last day: "in April" written on April 20 is this April.
        probe = _safe_date(anchor.year, month, last_day or day)
        if probe is None or probe < anchor - timedelta(days=SLACK_DAYS):
            return anchor.year + 1
        return anchor.year
    best = None
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is None:
            continue
        distance = abs((candidate - anchor).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _weekday_date(weekday: int, anchor: date, tense: str, modifier: str | None) -> date:
    if modifier == "last":
        back = (anchor.weekday() - weekday) % 7 or 7
        return anchor - timedelta(days=back)
    if modifier == "next":
        ahead = (weekday - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=ahead)
    if tense == "future":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    if (weekday - anchor.weekday()) % 7 == 1:
        return anchor + timedelta(days=1)  # a dateline a time zone behind the event's day
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _day_int(s: str) -> int:
    return int(s.rstrip("stndrh"))


# ------------------------------------------------------------------ tense
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n")
_TENSE_REACH = 250


def _sentence_window(text: str, lo: int, hi: int, m_start: int, m_end: int) -> tuple[int, int]:
    """The sentence around a mention, at most _TENSE_REACH characters either side: cues
    in other sentences say nothing about it, and scanning them would make a whole-text
    call quadratic."""
    left = max(lo, m_start - _TENSE_REACH)
    for brk in _SENTENCE_BREAK.finditer(text, left, m_start):
        left = brk.end()
    right = min(hi, m_end + _TENSE_REACH)
    brk = _SENTENCE_BREAK.search(text, m_end, right)
    if brk is not None:
        right = brk.start() + 1
    return left, right


def _tense(text: str, lo: int, hi: int, m_start: int, m_end: int) -> str:
    """Tense of the clause around text[m_start:m_end], reading only text[lo:hi]."""
    lo, hi = _sentence_window(text, lo, hi, m_start, m_end)
    own = text[m_start:m_end]
    if _MENTION_FUTURE.search(own):
        return "future"
    if _MENTION_PAST.search(own):
        return "past"
    best: tuple[int, int, str] | None = None
    future_spans: list[tuple[int, int]] = []
    for regex, tense, rank in ((_FUTURE_CUE, "future", 0), (_PAST_CUE, "past", 1)):
        for cue in regex.finditer(text, lo, hi):
            if cue.start() < m_end and cue.end() > m_start:
                continue  # inside the mention itself
            if rank == 0:
                future_spans.append(cue.span())
            elif any(a <= cue.start() and cue.end() <= b for a, b in future_spans):
                continue  # part of a future verb phrase ("will be held")
            distance = m_start - cue.end() if cue.end() <= m_start else cue.start() - m_end
            # A clause break between cue and mention makes the cue less relevant: the verb
            # of another clause ("in January 2021, and he will also ...") is not its verb.
            between = text[cue.end() : m_start] if cue.end() <= m_start else text[m_end : cue.start()]
            if "." in between or ";" in between:
                distance += 1000
            elif _CLAUSE_BREAK.search(between):
                distance += 200
            key = (distance, rank, tense)
            if best is None or key < best:
                best = key
    return best[2] if best else "unknown"


# ------------------------------------------------------------------ finding
def find_date_mentions(
    text: str, start: int = 0, end: int | None = None, anchor: date | None = None
) -> tuple[DateMention, ...]:
    """Every date expression in `text[start:end]`, in text order, offsets into `text`."""
    n = len(text)
    end = n if end is None else end
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if start == end:
        return ()
    out: list[DateMention] = []
    pos = start  # matches do not overlap: the next one starts at or after `pos`
    # The shape starts before the latest core, found as the cores need them: each core
    # reads only its own _LOOKBACK window, never the rest of a long text.
    starts: list[int] = []
    scanned = start
    tried: dict[int, re.Match[str] | None] = {}
    for p in _core_positions(text, start, end):
        if p < pos:
            continue
        # Every shape contains a core word (a month, a weekday, a digit, "week", ...) and
        # starts at most _LOOKBACK characters before it. Trying the big pattern only at
        # the word starts just before each core is equivalent to scanning every position
        # (the leftmost match still wins) and twenty times faster; only at the starts
        # that can begin a shape (`_SHAPE_START`), and once each however many cores
        # follow it, as the match at a start does not depend on the core.
        lo = max(pos, p - _LOOKBACK)
        if scanned < p:
            # Read to `end`, not to `p`: a word cut at the core ("T|onight") may begin a
            # shape. A start at or after `p` is found again from `p` next time.
            for m in _SHAPE_START.finditer(text, max(scanned, lo), end):
                if m.start() >= p:
                    break
                starts.append(m.start())
            scanned = p
        candidates = starts[bisect_left(starts, lo) :]
        if _SHAPE_AT.match(text, p, end) is not None:
            candidates.append(p)
        for w in candidates:
            m = tried[w] if w in tried else tried.setdefault(w, _PATTERN.match(text, w, end))
            if m is None or m.end() <= p:
                continue
            try:
                mention = _mention(text, m, start, end, anchor)
            except (ValueError, OverflowError):
                # Arithmetic past year 1 or 9999 (an absurd anchor): keep it unresolved.
                mention = _mention(text, m, start, end, None)
            if mention is not None:
                out.append(mention)
                pos = m.end()
            break
    return tuple(out)


FindMentions = Callable[[str, int, int | None, date | None], tuple[DateMention, ...]]


def memoised() -> FindMentions:
    """`find_date_mentions` that reads each (text, span, anchor) once. The weekly blocks
    read every section sentence twice (which article dates can anchor, then the
    timeline) and wire copies repeat a sentence in up to 20 articles of one date; the
    memo lives as long as the function returned, not the process."""
    memo: dict[tuple[str, int, int | None, date | None], tuple[DateMention, ...]] = {}

    def find(text: str, start: int = 0, end: int | None = None, anchor: date | None = None) -> tuple[DateMention, ...]:
        key = (text, start, end, anchor)
        found = memo.get(key)
        if found is None:
            found = memo[key] = find_date_mentions(text, start, end, anchor)
        return found

    return find


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one shape of mention resolves to; `tense` is set when the mention's own words
    ("last", "ago", "tomorrow") decide it, overriding the sentence's."""

    start: date | None
    end: date | None = None
    granularity: str = "day"
    relative: bool = False
    tense: str | None = None


Group = Callable[[str], "str | None"]


def _month_day(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading | None:
    """"June 18", "18 June 2024", ranges "June 18-19", "June 30 to July 2"."""
    month = _month_no(g(f"{kind}_m"))
    day = _day_int(g(f"{kind}_d"))
    month2 = _month_no(g("md_m2")) if kind == "md" and g("md_m2") else month
    day2 = _day_int(g(f"{kind}_d2")) if g(f"{kind}_d2") else None
    if day2 is not None and day2 < day and month2 == month:
        return None  # "June 18-5" is not a range
    year_s = g(f"{kind}_y")
    year = int(year_s) if year_s else (_pick_year(month, day, anchor, tense) if anchor is not None else None)
    start = end = None
    if year is not None:
        start = _safe_date(year, month, day)
        if start is not None:
            end = start
            if day2 is not None:
                end_year = year + 1 if (month2, day2) < (month, day) else year
                end = max(_safe_date(end_year, month2, day2) or start, start)
    return _Reading(start, end, relative=not year_s)


def _month_of_year(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"October 2018"."""
    return _Reading(*_month_span(int(g("my_y")), _month_no(g("my_m"))), granularity="month")


def _month_this_year(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"February this year", "December last year"."""
    if anchor is None:
        return _Reading(None, granularity="month", relative=True)
    offset = {"this": 0, "last": -1, "next": 1}[g("mr_r").lower()]
    return _Reading(*_month_span(anchor.year + offset, _month_no(g("mr_m"))), granularity="month", relative=True)


def _last_month_named(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"last February", "next May"."""
    if anchor is None:
        return _Reading(None, granularity="month", relative=True)
    which = g("rm_r").lower()
    month = _month_no(g("rm_m"))
    if which == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif which == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return _Reading(*_month_span(year, month), granularity="month", relative=True)


def _ago(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"two weeks ago"."""
    word = g("ago_n").lower()
    count = int(word) if word.isdigit() else _NUMBERS[word]
    unit = g("ago_u").lower()
    span: tuple[date | None, date | None] = (None, None)
    if anchor is not None:
        if unit == "day":
            span = (anchor - timedelta(days=count),) * 2
        elif unit == "week":
            span = _week_of(anchor - timedelta(days=7 * count))
        elif unit == "month":
            span = _month_span(*_add_months(anchor, -count))
        else:
            span = (date(anchor.year - count, 1, 1), date(anchor.year - count, 12, 31))
    return _Reading(*span, granularity=unit, relative=True, tense="past")


def _this_or_next(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"last week", "this month", "next year", "the coming weekend"."""
    which = re.sub(r"\s+", " ", g("rel_r").lower())
    unit = g("rel_u").lower()
    offset = {"last": -1, "next": 1, "this": 0, "the coming": 1, "coming": 1}[which]
    span: tuple[date | None, date | None] = (None, None)
    if anchor is not None:
        if unit == "week":
            span = _week_of(anchor + timedelta(days=7 * offset))
        elif unit == "weekend":
            monday, _ = _week_of(anchor + timedelta(days=7 * offset))
            span = (monday + timedelta(days=5), monday + timedelta(days=6))
        elif unit == "month":
            span = _month_span(*_add_months(anchor, offset))
        else:
            span = (date(anchor.year + offset, 1, 1), date(anchor.year + offset, 12, 31))
    said = "future" if offset > 0 else "past" if offset < 0 else None
    return _Reading(*span, granularity="week" if unit.startswith("week") else unit, relative=True, tense=said)


def _day_word(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"yesterday", "today", "tonight", "tomorrow"."""
    shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g("ydt").lower()]
    said = None if not shift else "past" if shift < 0 else "future"
    day = anchor + timedelta(days=shift) if anchor is not None else None
    return _Reading(day, day, relative=True, tense=said)


def _weekday(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"on Wednesday", "last Friday", "Friday's meeting"."""
    modifier = g("wk_r").lower() if g("wk_r") else None
    said = {"next": "future", "last": "past"}.get(modifier or "")
    day = None
    if anchor is not None:
        day = _weekday_date(_WEEKDAYS[g("wk_d")[:3].lower()], anchor, said or tense, modifier)
    return _Reading(day, day, relative=True, tense=said)


def _day_of_month(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"on the 14th": this month's, or the month before or after by tense."""
    if anchor is None:
        return _Reading(None, relative=True)
    day = _day_int(g("th_d"))
    if tense == "future":
        year, month = (anchor.year, anchor.month) if day >= anchor.day else _add_months(anchor, 1)
    else:
        year, month = (anchor.year, anchor.month) if day <= anchor.day else _add_months(anchor, -1)
    d = _safe_date(year, month, day)
    return _Reading(d, d, relative=True)


def _bare_month(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"in May", "since June"."""
    span: tuple[date | None, date | None] = (None, None)
    if anchor is not None:
        month = _month_no(g("mo_m"))
        year = _pick_year(month, 1, anchor, tense, last_day=calendar.monthrange(anchor.year, month)[1])
        if year is not None:
            span = _month_span(year, month)
    return _Reading(*span, granularity="month", relative=True)


def _year(g: Group, kind: str, anchor: date | None, tense: str) -> _Reading:
    """"in 2019", "by 2025"."""
    year = int(g("yr_y"))
    return _Reading(date(year, 1, 1), date(year, 12, 31), granularity="year")


# One reader per named group of `_PATTERN`.
_READERS: dict[str, Callable[[Group, str, date | None, str], _Reading | None]] = {
    "md": _month_day,
    "dm": _month_day,
    "my": _month_of_year,
    "mr": _month_this_year,
    "rm": _last_month_named,
    "ago": _ago,
    "rel": _this_or_next,
    "ydt": _day_word,
    "wk": _weekday,
    "th": _day_of_month,
    "mo": _bare_month,
    "yr": _year,
}


def _qualifier(text: str, m: re.Match[str], kind: str) -> tuple[bool, str | None]:
    """The mention's qualifier ("since", "by", "until"...), and whether the match stands:
    a month or a year alone is a date only after a preposition."""
    qual = m.group("qual").lower() if m.group("qual") else None
    body_start = m.start(kind)
    if kind in _NEEDS_PREP and qual is None:
        if _EARLY_AT.match(text, body_start) is None and not _PREP_BEFORE.search(text, max(0, body_start - 12), body_start):
            return False, None
    return True, "until" if qual == "till" else qual


def _points_forward(start: date | None, end: date | None, tense: str, anchor: date | None) -> bool:
    if anchor is not None and end is not None and end < anchor:
        return False  # over before the article was written, whatever the verb says
    return tense == "future" or (tense == "unknown" and anchor is not None and start is not None and start > anchor)


def _mention(text: str, m: re.Match[str], lo: int, hi: int, anchor: date | None) -> DateMention | None:
    """The `DateMention` for one match of `_PATTERN`: which shape it is, its qualifier,
    the sentence's tense, the date it resolves to against `anchor`, whether it is ahead."""
    kind = next((name for name in _KINDS if m.group(name) is not None), None)
    if kind is None:
        return None
    stands, qual = _qualifier(text, m, kind)
    if not stands:
        return None
    tense = _tense(text, lo, hi, m.start(), m.end())
    reading = _READERS[kind](m.group, kind, anchor, tense)
    if reading is None:
        return None
    tense = reading.tense or tense
    start = reading.start
    end = None if start is None else (reading.end or start)
    return DateMention(
        text=text[m.start():m.end()],
        start=m.start(),
        end=m.end(),
        start_date=start,
        end_date=end,
        granularity=reading.granularity,
        relative=reading.relative,
        tense=tense,
        future=_points_forward(start, end, tense, anchor),
        qualifier=qual,
    )
