"""Quote marks, paragraphs and sentence bounds: where an article's quotations are.

`paragraphs` cuts the text into paragraph spans and `scan_marks` pairs the double quote
marks in them into `Raw` records, one per quotation, not yet attributed (step 1 of the
package docstring), at most `MAX_MARKS` of them (`clip_to_marks`). `Sentences` bounds
the sentence around an offset; `unquoted_matches` keeps the cue scans out of quoted
text; `WordIndex` finds a vocabulary's words in a window. `UP` (capital letters) and `ABBREV` are shared with the other modules' regexes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from itertools import islice
from dataclasses import dataclass

# ----------------------------------------------------------------- regexes
# Double marks, including the doubled apostrophe and backtick of ASCII-only text. Written
# as single literals, not a character class: an alternation of literals gives the engine
# the set of first characters, so it skips text without a mark in C (twice as fast).
MARK_RE = re.compile(r"''|``|\"|“|”|„|‟|«|»")
_OPEN_SHAPES = frozenset("“„‟«`")
_CLOSE_SHAPES = frozenset("”»")
_OPEN_BEFORE = frozenset(" \t\n\r\u00a0\u2009\u202f([{—–/‘\u202a\u200b")
_CLOSE_AFTER = frozenset(" \t\n\r\u00a0\u2009\u202f.,;:!?)]}—–…’-\u202c\u200b")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_RE = re.compile(r"[^\n]+")
UP = "A-ZÀ-ÖØ-Þ"
# Sentence ends: terminal punctuation (and closing marks), space, then a capital, digit or
# opening mark. Abbreviations are screened in `Sentences`.
_SENT_END_RE = re.compile(rf"[.!?][\"'”’)\]]*\s+(?=[{UP}0-9\"“‘'(])")
ABBREV = frozenset(
    "mr mrs ms dr sen rep reps gov gen lt col st jr sr u.s prof capt adm sgt rev vs etc "
    "inc corp co no mt ft sept oct nov dec jan feb aug u.k u.n d.c a.m p.m"
    .split()
)


# ----------------------------------------------------------------- data
@dataclass(slots=True)
class Raw:
    start: int  # inner text start
    end: int  # inner text end
    open_pos: int  # offset of the opening mark
    close_pos: int  # offset of the closing mark, -1 when cut off
    close_end: int  # offset just after the closing mark (or the quote's end)
    first: int  # paragraph index of the opening mark
    last: int  # paragraph index where the quote ends
    speaker_np: str | None = None
    np_pos: int = -1
    cue: str | None = None
    own_cue: bool = False
    kind: str = "direct"


# ----------------------------------------------------------------- paragraphs and marks
def paragraphs(text: str, spans: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
    n = len(text)
    if spans is None:
        if _BLANK_LINE_RE.search(text):
            raw: list[tuple[int, int]] = []
            pos = 0
            for m in _BLANK_LINE_RE.finditer(text):
                raw.append((pos, m.start()))
                pos = m.end()
            raw.append((pos, n))
        else:
            raw = [(m.start(), m.end()) for m in _LINE_RE.finditer(text)]
    else:
        raw = [(max(0, int(s)), min(n, int(e))) for s, e in spans]
    out = []
    for s, e in raw:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _role_of_mark(text: str, pos: int, size: int, ps: int, pe: int, is_open: bool) -> bool:
    """True when the mark at `pos` opens a quote (given whether one is open now)."""
    if pos == ps:
        return True
    if pos + size >= pe:
        return False
    before, after = text[pos - 1], text[pos + size]
    open_ctx = before in _OPEN_BEFORE
    close_ctx = after in _CLOSE_AFTER
    if open_ctx and not close_ctx:
        return True
    if close_ctx and not open_ctx:
        return False
    ch = text[pos]
    if ch in _OPEN_SHAPES:
        return True
    if ch in _CLOSE_SHAPES:
        return False
    return not is_open


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# Quote marks read per text. A news story has a few hundred at most (112 in the longest
# of a dev set of 147 wire stories, one in 68 characters in the densest); every mark
# costs up to 30 us of Python, so a text of half a million unpaired marks took 25 us a
# character. At most one mark per CHARS_PER_MARK characters of the text (beyond the first
# MARKS_BASE) and MAX_MARKS in all are read, which keeps the extractor under 3 us a
# character on any text; marks beyond the budget are read as text (`clip_to_marks`;
# `briefing.analyse.article` sets such an article aside first).
MAX_MARKS = 10_000
MARKS_BASE = 20
CHARS_PER_MARK = 12


def count_marks(text: str, spans: Sequence[tuple[int, int]]) -> int:
    """The quote marks in the `spans` of `text`, counted in C."""
    return sum(len(MARK_RE.findall(text, s, e)) for s, e in spans)


def mark_budget(spans: Sequence[tuple[int, int]]) -> int:
    """How many quote marks the extractor reads in paragraphs `spans`."""
    return min(MAX_MARKS, MARKS_BASE + sum(e - s for s, e in spans) // CHARS_PER_MARK)


def clip_to_marks(text: str, paras: list[tuple[int, int]], budget: int | None = None
                  ) -> list[tuple[int, int]]:
    """The paragraphs up to the first quote mark over `budget` (`mark_budget` of them by
    default), the last one cut there: every later stage (cues, names, speech events)
    then reads only what was scanned."""
    if budget is None:
        budget = mark_budget(paras)
    # one count from the first paragraph to the last first: when they are in order and
    # apart it holds at least their marks, and a news story is far under its budget, so
    # most texts need no count per paragraph
    if paras and in_order(paras) and len(MARK_RE.findall(text, paras[0][0], paras[-1][1])) <= budget:
        return paras
    for pi, (ps, pe) in enumerate(paras):
        n = len(MARK_RE.findall(text, ps, pe))
        if n > budget:
            cut = next(islice(MARK_RE.finditer(text, ps, pe), budget, None)).start()
            return paras[:pi] + ([(ps, cut)] if cut > ps else [])
        budget -= n
    return paras


def in_order(paras: list[tuple[int, int]]) -> bool:
    """Whether paragraph spans come in text order without overlapping (as `paragraphs`
    makes them from blank lines; given spans need not)."""
    return all(paras[i][1] <= paras[i + 1][0] for i in range(len(paras) - 1))


def _marks_by_paragraph(text: str, paras: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """(offset, size) of each paragraph's marks, as a scan of each paragraph finds them.

    One scan from the first paragraph to the last instead of one a paragraph: a story's
    paragraphs are mostly short and hold no mark, so the calls, not the scanning, cost.
    The two scans agree unless a match reaches across a paragraph's edge (a doubled
    apostrophe split by adjacent spans), when each paragraph is scanned on its own."""
    out: list[list[tuple[int, int]]] = [[] for _ in paras]
    if not paras:
        return out
    if in_order(paras):
        pi = 0
        for m in MARK_RE.finditer(text, paras[0][0], paras[-1][1]):
            s, e = m.span()
            while s >= paras[pi][1]:
                pi += 1  # no match starts at or past the last paragraph's end
            if s >= paras[pi][0] and e <= paras[pi][1]:
                out[pi].append((s, e - s))
            elif e > paras[pi][0]:
                break  # across an edge (one wholly between paragraphs is no paragraph's)
        else:
            return out
        out = [[] for _ in paras]
    for pi, (ps, pe) in enumerate(paras):
        out[pi] = [(m.start(), m.end() - m.start()) for m in MARK_RE.finditer(text, ps, pe)]
    return out


def scan_marks(text: str, paras: list[tuple[int, int]]) -> list[Raw]:
    out: list[Raw] = []
    open_at = -1
    first = 0

    open_size = 1

    def emit(close: int, end: int, last: int, size: int = 0) -> None:
        s, e = _trimmed(text, open_at + open_size, end)
        if e > s:
            out.append(Raw(s, e, open_at, close, close + size if close >= 0 else e, first, last))

    by_para = _marks_by_paragraph(text, paras)
    for pi, (ps, pe) in enumerate(paras):
        marks = by_para[pi]
        if not marks and open_at < 0:
            continue
        idx = 0
        if open_at >= 0:
            # A quote left open by the previous paragraph: continued only if this one
            # reopens it at its very start; otherwise it was cut off there.
            if marks and marks[0][0] == ps:
                idx = 1
            else:
                emit(-1, paras[pi - 1][1], pi - 1)
                open_at = -1
        for pos, size in marks[idx:]:
            opening = _role_of_mark(text, pos, size, ps, pe, open_at >= 0)
            if open_at < 0:
                if opening:
                    open_at, open_size, first = pos, size, pi
            elif not opening:
                emit(pos, pos, pi, size)
                open_at = -1
            elif pos > open_at + open_size:
                # An opening mark inside an open quote: the closing mark was missing.
                emit(-1, pos, pi)
                open_at, open_size, first = pos, size, pi
        if open_at >= 0 and pi == len(paras) - 1:
            emit(-1, pe, pi)
            open_at = -1
    return out


# ----------------------------------------------------------------- quoted spans
def unquoted_matches(pattern: re.Pattern[str], text: str, ps: int, pe: int,
                     quoted: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """Matches of `pattern` in text[ps:pe] outside the `quoted` spans (sorted by start)."""
    k = bisect.bisect_left(quoted, (ps, -1))
    if k > 0 and quoted[k - 1][1] > ps:
        k -= 1
    lo = ps
    while k < len(quoted) and quoted[k][0] < pe:
        if quoted[k][0] > lo:
            yield from pattern.finditer(text, lo, quoted[k][0])
        lo = max(lo, quoted[k][1])
        k += 1
    if lo < pe:
        yield from pattern.finditer(text, lo, pe)


class Unquoted:
    """The matches of `pattern` outside the quoted spans, found once per paragraph and
    then looked up by offset. The cue scans ask about a window around every quotation;
    rescanning it each time costs the window's quotes per quotation, which a paragraph of
    thousands of short quotes (or unpaired marks) makes quadratic."""

    __slots__ = ("pattern", "text", "paras", "starts", "quoted", "found")

    def __init__(self, pattern: re.Pattern[str], text: str, paras: list[tuple[int, int]],
                 quoted: list[tuple[int, int]]) -> None:
        self.pattern, self.text, self.paras, self.quoted = pattern, text, paras, quoted
        self.starts = [ps for ps, _ in paras]
        self.found: dict[int, tuple[list[int], list[re.Match[str]]]] = {}

    def _paragraph(self, lo: int) -> tuple[list[int], list[re.Match[str]]]:
        pi = max(0, bisect.bisect_right(self.starts, lo) - 1)
        if pi not in self.found:
            ps, pe = self.paras[pi]
            ms = list(unquoted_matches(self.pattern, self.text, ps, pe, self.quoted))
            self.found[pi] = ([m.start() for m in ms], ms)
        return self.found[pi]

    def forward(self, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """Matches inside text[lo:hi] (one paragraph's), first to last."""
        starts, ms = self._paragraph(lo)
        for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            if ms[i].end() <= hi:
                yield ms[i]

    def backward(self, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """Matches inside text[lo:hi] (one paragraph's), last to first."""
        starts, ms = self._paragraph(lo)
        for i in range(bisect.bisect_left(starts, hi) - 1, bisect.bisect_left(starts, lo) - 1, -1):
            if ms[i].end() <= hi:
                yield ms[i]


# ----------------------------------------------------------------- sentences
_MAX_SENTENCE = 600
# "J.J." in "J.J. Rivera", "U.S." in "U.S. officials": dotted initials end no sentence
_INITIALS_RE = re.compile(r"^(?:\w\.)+\w$")


def _screened(text: str, lo: int, dot: int) -> bool:
    """Whether the full stop at `dot` is an abbreviation's or an initial's (no sentence
    end), reading the word before it no further back than `lo`."""
    return _screen[text[max(lo, dot - 6) : dot]]


class _ScreenCache(dict):
    """The screen by the (at most six) characters it reads: endings such as " said" or
    "ident" repeat across sentences and articles, and a hit costs no Python call."""

    def __missing__(self, before: str) -> bool:
        w = before.rsplit(None, 1)
        word = w[-1].lower().lstrip("(\"“") if w else ""
        got = word in ABBREV or (len(word) == 1 and word.isalpha()) or bool(_INITIALS_RE.match(word))
        if len(self) > 100_000:
            self.clear()
        self[before] = got
        return got


_screen = _ScreenCache()


class Sentences:
    """The sentence ends of a text, found once, then looked up by bisection.

    `start` and `end` answer what a scan of the window around an offset would (looking at
    most _MAX_SENTENCE characters away), but a window rescanned for every quotation costs
    600 characters per quotation, 20 us a character on a paragraph of short quotes. A
    match of `_SENT_END_RE` depends only on the text from its first character (no other
    terminal mark fits inside one), so the matches of a window are those of the whole
    text that lie inside it. Only the abbreviation screen depends on the window, through
    the six characters it reads before a full stop: matches that near a window's edge
    are screened again."""

    __slots__ = ("text", "starts", "ends", "ok_starts", "ok_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in _SENT_END_RE.finditer(text)]
        self.starts: list[int] = [s for s, _ in spans]
        self.ends: list[int] = [e for _, e in spans]
        screen = _screen
        # matches that pass the screen read in full
        ok = [(s, e) for s, e in spans if text[s] != "." or not screen[text[max(0, s - 6) : s]]]
        self.ok_starts: list[int] = [s for s, _ in ok]
        self.ok_ends: list[int] = [e for _, e in ok]

    def _ok(self, lo: int, s: int) -> bool:
        return self.text[s] != "." or not _screened(self.text, lo, s)

    def start(self, lo: int, hi: int) -> int:
        """Offset where the sentence containing `hi` starts (not before `lo`)."""
        if hi - lo > _MAX_SENTENCE:
            lo = hi - _MAX_SENTENCE
        # the last sentence end inside text[lo:hi] whose screen reads no further back
        # than lo, else one of the (at most three) matches within six characters of lo
        i = bisect.bisect_right(self.ok_ends, hi) - 1
        if i >= 0 and self.ok_starts[i] >= lo + 6:
            return self.ok_ends[i]
        best = lo
        j = bisect.bisect_left(self.starts, lo)
        while j < len(self.starts) and self.starts[j] < lo + 6 and self.ends[j] <= hi:
            if self._ok(lo, self.starts[j]):
                best = self.ends[j]
            j += 1
        return best

    def end(self, lo: int, hi: int) -> int:
        """Offset just after the terminal mark ending the sentence that runs from `lo`,
        or `hi` (at most _MAX_SENTENCE characters on) when none ends before it."""
        hi = min(hi, lo + _MAX_SENTENCE)
        # a match ends before `hi` when the character its look-ahead reads is in the window
        j = bisect.bisect_left(self.starts, lo)
        while j < len(self.starts) and self.starts[j] < lo + 6 and self.ends[j] < hi:
            if self._ok(lo, self.starts[j]):
                return self.starts[j] + 1
            j += 1
        i = bisect.bisect_left(self.ok_starts, lo + 6)
        if i < len(self.ok_starts) and self.ok_ends[i] < hi:
            return self.ok_starts[i] + 1
        return hi


# ----------------------------------------------------------------- words
_WORD_RUN_RE = re.compile(r"(?<![\w'’-])[\w'’-]+")
_WORD_CHAR_RE = re.compile(r"[\w'’-]")


class WordIndex:
    """Where the words of a vocabulary (whole words, any case) occur in a text: found
    once, then looked up by window. Looking for the 122 body nouns in the window of each
    "it said" (as an alternation tried at every offset) cost 0.5 ms a quotation."""

    __slots__ = ("text", "vocabulary", "starts", "found")

    def __init__(self, text: str, vocabulary: frozenset[str]) -> None:
        self.text = text
        self.vocabulary = frozenset(w.lower() for w in vocabulary)
        self.found = [m for m in _WORD_RUN_RE.finditer(text) if m.group().lower() in self.vocabulary]
        self.starts = [m.start() for m in self.found]

    def unquoted(self, lo: int, pos: int) -> list[re.Match[str]]:
        """The words of text[lo:pos] outside a quotation opened after `lo` (more “ than ”
        before them, or an odd number of straight marks), the marks counted once from
        word to word rather than from `lo` for each."""
        text = self.text
        if 0 < pos < len(text) and _WORD_CHAR_RE.match(text, pos - 1) and _WORD_CHAR_RE.match(text, pos):
            # a word running on past `pos`: the window's last word is cut there, the text's is not
            words = [m for m in _WORD_RUN_RE.finditer(text, lo, pos) if m.group().lower() in self.vocabulary]
        else:
            words = self.found[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, pos)]
        out = []
        opened = closed = straight = 0
        at = lo
        for m in words:
            s = m.start()
            opened += text.count("“", at, s)
            closed += text.count("”", at, s)
            straight += text.count('"', at, s)
            at = s
            if not (opened > closed or straight % 2 == 1):
                out.append(m)
        return out
