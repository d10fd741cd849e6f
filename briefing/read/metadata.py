"""Metadata read from an article's own words: dates, outlets, bylines, headlines.

In: plain text (a header block, or the body of an article as ingested). Out: plain
values (`datetime.date`, `str`, or None) that `ingest` records on a `Document` with the
origin "header", "front-matter" or "text". Nothing here knows any particular site: every
pattern is a general web-copy convention ("Release time: …", "Source: …", "Discover more
from …", "By Jane Doe").

Dates are parsed by dateparser with fixed settings (English only, absolute dates only,
month-day-year for all-numeric dates, first day of the month when the day is missing but
a day is required anyway), so the same text always gives the same date, whatever the day
it runs.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

# Month names and abbreviations, for finding a date inside a longer line.
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
# The date-shaped substrings we hand to dateparser. Only absolute forms: a relative
# phrase ("2 hours ago") says nothing once the file is saved.
_DATE_RE = re.compile(
    r"(?<![\d-])(?:"
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
    r"|" + _WEEKDAY + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|" + _WEEKDAY + r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+\d{4}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"
    r")(?![\d])",
    re.IGNORECASE,
)
_CJK_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")

_DATEPARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "MDY",
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}

# A line that labels a date: "Release time:Apr 13, 2024", "Published 3 May 2024",
# "date 2024-05-23", "Posted on …", "Updated: …".
_DATE_LABEL = re.compile(
    r"^\s*(?:release(?:d)?\s*(?:time|date)?|publish(?:ed)?(?:\s+(?:on|at|time|date))?|"
    r"posted(?:\s+on)?|updated(?:\s+on)?|last\s+updated|date(?:line)?|time|"
    r"first\s+published(?:\s+on)?|发布时间)\s*[:：\-–—|]?\s*",
    re.IGNORECASE,
)
# "Source: theguardian", "Via: Reuters", "Originally published by X".
_SOURCE_LINE = re.compile(
    r"^\s*(?:source|via|originally\s+published\s+(?:by|in|at|on)|courtesy(?:\s+of)?)\s*[:：]?\s*"
    r"(?P<name>[^\s:][^:]{0,60}?)\s*\.?\s*$",
    re.IGNORECASE,
)
_DISCOVER = re.compile(r"^\s*discover\s+more\s+from\s+(?P<name>.{1,60}?)\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<name>[A-Z][^.|]{1,50}?)\s*(?:\.|,|\||all rights reserved|$)",
    re.IGNORECASE,
)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|van|von|der|da|al|bin|la|le)"
_BYLINE = re.compile(
    r"^\s*(?:by|written\s+by|author|reporting\s+by)\s*[:：]?\s+"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+" + _NAME_WORD + r"){0,4}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'’.-]*(?:\s+" + _NAME_WORD + r"){0,4})*)\s*"
    r"(?:[,|–—-]\s*.{0,60})?$"
)


@lru_cache(maxsize=4096)
def parse_date(value: str) -> date | None:
    """The first absolute date in `value`, or None. Never raises."""
    if not value:
        return None
    text = value.strip()[:200]
    m = _CJK_DATE.search(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    candidates = [m.group(0) for m in _DATE_RE.finditer(text)]
    if not candidates:
        candidates = [text] if len(text) <= 40 else []
    for cand in candidates:
        parsed = _dateparse(cand)
        if parsed is not None:
            return parsed
    return None


def _dateparse(text: str) -> date | None:
    import dateparser  # slow to import: only when a date is actually needed

    try:
        parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return None
    if not isinstance(parsed, datetime):
        return None
    if not 1900 <= parsed.year <= 2200:
        return None
    return parsed.date()


def date_from_lines(lines: list[str]) -> date | None:
    """A date from a labelled line ("Release time: …") or a line that is only a date."""
    for line in lines:
        stripped = line.strip()
        if not stripped or len(stripped) > 120:
            continue
        label = _DATE_LABEL.match(stripped)
        if label and _DATE_RE.search(stripped[label.end() :]):
            found = parse_date(stripped[label.end() :])
            if found:
                return found
        m = _DATE_RE.search(stripped)
        if m and len(stripped) - len(m.group(0)) <= 25:
            # A short line that is mostly a date: "April 26, 2024 | 5 min read".
            found = parse_date(m.group(0))
            if found:
                return found
    return None


def outlet_from_line(line: str) -> str | None:
    """The outlet named by a "Source: X" / "Discover more from X" / "© X" line."""
    stripped = line.strip()
    if not stripped or len(stripped) > 90:
        return None
    for pattern in (_DISCOVER, _SOURCE_LINE, _COPYRIGHT):
        m = pattern.match(stripped)
        if m:
            name = m.group("name").strip(" .,:;|-–—")
            # A URL or a sentence is not an outlet name.
            if name and len(name.split()) <= 6 and not _DATE_RE.search(name):
                return _strip_url(name)
    return None


def _strip_url(name: str) -> str:
    m = re.match(r"^(?:https?://)?(?:www\.)?([\w-]+)\.[\w.]+(?:/.*)?$", name)
    return m.group(1) if m and "." in name and " " not in name else name


def byline_from_line(line: str) -> str | None:
    """The author named by a "By Jane Doe" line."""
    stripped = line.strip()
    if len(stripped) > 100:
        return None
    m = _BYLINE.match(stripped)
    return m.group("name").strip() if m else None


def text_metadata(body: str) -> dict[str, object]:
    """Date, outlet and author found in the body's own lines.

    Dates and bylines are looked for near the top (where sites print them), outlets near
    both ends (a "Source:" credit or "Discover more from" box usually closes the page).
    """
    lines = [ln for ln in body.split("\n") if ln.strip()]
    head, tail = lines[:12], lines[-12:]
    found: dict[str, object] = {}
    d = date_from_lines(head) or date_from_lines(tail)
    if d:
        found["date"] = d
    for line in list(reversed(tail)) + head:
        outlet = outlet_from_line(line)
        if outlet:
            found["outlet"] = outlet
            break
    for line in head:
        author = byline_from_line(line)
        if author:
            found["author"] = author
            break
    return found


_TAG_SEP = re.compile(r"\s+\|\s+")


def headline_text(line: str) -> str:
    """A headline line as a title: markdown marks off, a trailing " | tag | tag" list off."""
    text = re.sub(r"^\s*#{1,6}\s+", "", line).strip()
    text = text.strip("*_ ").strip()
    parts = _TAG_SEP.split(text)
    return parts[0].strip() if parts else text


def looks_like_headline(line: str) -> bool:
    """Short, no final period: how a headline differs from a paragraph."""
    text = headline_text(line)
    if not text or len(text) > 200:
        return False
    words = text.split()
    if not 2 <= len(words) <= 30:
        return False
    if text.endswith((".", ";", ",")) and not text.endswith("..."):
        return False
    return any(ch.isalpha() for ch in text)
