"""Who a story is about: the taxonomy's actor groups, found as a reader finds them.

In:  the taxonomy's term hits for one story (positions of actor terms such as "U.S.",
     "Chinese", "Beijing", "the Pentagon") and the story's text.
Out: per sentence, the actor groups it mentions, counting people by name: a person
     introduced with an actor's title ("U.S. Secretary of State Antony Blinken",
     "Chinese Foreign Minister Wang Yi", "Wang Yi, China's top diplomat") stands for that
     actor in every later mention of the full name or any part of it ("Blinken",
     "Mr. Wang") in the same story.

Which words mark which actor is the taxonomy's data; this module only knows the grammar
of an introduction: an actor word, a few title words ending in a title ("minister",
"secretary of state", "spokeswoman": the quote extractor's list of titles), then a
capitalised name; or a name, a comma, then the actor word and a title.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from briefing.analyse.quotes.words import BODY_NOUNS, TITLE_WORDS

__all__ = ["introduced_names", "name_pattern"]

# The words after an actor term, up to the first mark that ends a noun phrase.
_AFTER_RE = re.compile(r"(?:['’]s)?((?:\s+[\w.'’-]+){1,9})")
_BEFORE_RE = re.compile(r"((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+),\s+(?:the\s+|a\s+|an\s+)?$")
_NAME_WORD_RE = re.compile(r"[A-Z][a-z][\w'’-]*$|[A-Z][a-z]?-[A-Z]?[a-z]+$")
# Title words that only open a title ("vice president", "deputy minister").
_OPENERS = frozenset("vice deputy under assistant acting former top senior chief".split())
_NOT_NAMES = TITLE_WORDS | BODY_NOUNS | frozenset(
    "the a an of for and in on at to by with from as his her their its mr mrs ms dr".split()
)
_WINDOW = 120


_WORDISH_RE = re.compile(r"[\w'’.-]+")
_CUT_RE = re.compile(r"[,;:()\"“”—–]|\.\s")


def _title_end(words: Sequence[str]) -> int:
    """Index after the title that `words` open with ("Secretary of State", "top
    diplomat", "Foreign Ministry spokeswoman"), or -1 when they do not name a title."""
    # Most actor terms are followed by no title at all: one set probe per word says so.
    if not any(w.lower().strip(".") in TITLE_WORDS for w in words[:7]):
        return -1
    end = -1
    i = 0
    while i < len(words) and i < 7:
        low = words[i].lower().strip(".")
        if low in TITLE_WORDS and low not in _OPENERS:
            end = i + 1
            # "Secretary of State", "Minister of Foreign Affairs": the "of" phrase is
            # part of the title when its words are capitalised.
            j = i + 1
            if j < len(words) and words[j] == "of":
                k = j + 1
                while k < len(words) and words[k][:1].isupper() and words[k].lower() not in TITLE_WORDS and k - j <= 3:
                    k += 1
                if k > j + 1 and k < len(words) and _NAME_WORD_RE.match(words[k]):
                    end = k
        elif not _WORDISH_RE.fullmatch(words[i]):
            break
        i += 1
    return end


def _name_at(words: Sequence[str], start: int) -> tuple[str, ...]:
    name: list[str] = []
    for w in words[start : start + 3]:
        if not _NAME_WORD_RE.match(w) or w.lower() in _NOT_NAMES:
            break
        name.append(w)
    return tuple(name)


def introduced_names(text: str, actor_hits: Iterable[tuple[int, int, str]], stops: Sequence[int]) -> dict[str, set[str]]:
    """Names introduced with an actor's title, by actor group.

    Args:
        text: the document text.
        actor_hits: (start, end, actor group) of each actor term in the story.
        stops: sorted offsets where a sentence ends; an introduction never crosses one.

    Returns:
        actor group -> the names (full names and their parts of three letters or more).
    """
    found: dict[str, set[str]] = {}
    for start, end, actor in actor_hits:
        k = bisect.bisect_right(stops, end)
        limit = min(stops[k] if k < len(stops) else len(text), end + _WINDOW)
        names: list[tuple[str, ...]] = []
        m = _AFTER_RE.match(text, end, limit)
        if m:
            raw = m.group(1)
            cut = _CUT_RE.search(raw)
            words = (raw[: cut.start()] if cut else raw).split()
            t = _title_end(words)
            if t > 0:
                names.append(_name_at(words, t))
        before = _BEFORE_RE.search(text, max(0, start - 60), start)
        if before:
            words = text[end:limit].split()
            if _title_end([w.strip(",.;:") for w in words[:7]]) > 0:
                names.append(_name_at(before.group(1).split(), 0))
        for name in names:
            if len(name) >= 2:
                bucket = found.setdefault(actor, set())
                bucket.add(" ".join(name))
                bucket.update(w for w in name if len(w) >= 3)
    # A word that introduces people of two actors names neither.
    shared = set()
    groups = list(found.values())
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            shared |= a & b
    return {actor: names - shared for actor, names in found.items() if names - shared}


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A case-sensitive whole-word pattern for `names`, longest first."""
    ordered = sorted(set(names), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])")
