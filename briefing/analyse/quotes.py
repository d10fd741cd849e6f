"""Direct quotations in an article, each with its speaker, the speaker's role and the cue.

In: an article's full text and (optionally) the paragraph spans to read, in order.
Out: `model.Quote` objects ordered by start offset, with `text == source[start:end]`
(quote marks excluded, never rewritten).

How (rules only, no statistical model, regexes compiled at import):
1. Marks. Double quote marks (straight, curly, low-9, guillemets) are classed as opening or
   closing by the characters around them (space before = opening, space or punctuation
   after = closing), falling back on their shape. Single marks only nest inside a quote.
   A quote left open at a paragraph's end continues when the next paragraph opens with a
   mark (the news convention for multi-paragraph quotes), else it is cut off there.
2. Cues. In the quote's own sentence a speech verb ("said", "told", "according to",
   "saying") links it to a noun phrase: "Q," Name said / "Q," said Name / Name said: "Q" /
   Name, a role, said "Q" / a role Name said "Q". A quote without its own cue takes the
   nearest speech event of its paragraph, then the previous paragraph's last one, then
   the next paragraph's first attributed quote.
3. Speakers. Noun phrases are split into role words and a name; full names and roles are
   registered in text order (pre-name titles and appositives), so a later surname-only
   mention, "Mr. Surname" or "Org's Surname" maps to the full name first given, and
   he/she/they or "the senator"-style descriptions map to the most recent fitting person.
4. Filters. Unattributed fragments inside a sentence, short quoted terms (1-4 words) and
   quoted titles are scare quotes, not quotations, and are left out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from briefing.model import Quote
from briefing.analyse.quote_words import (
    BODY_NOUNS,
    CUE_PARTICIPLES,
    CUE_PHRASES,
    CUE_VERBS,
    NAME_STOP_WORDS,
    NOT_NAME_WORDS,
    PERSON_NOUNS,
    PLACE_WORDS,
    PRONOUNS,
    TITLE_WORDS,
)

__all__ = ["extract_quotes"]

# ----------------------------------------------------------------- regexes
# Double marks, including the doubled apostrophe and backtick of ASCII-only text.
_MARK_RE = re.compile(r"''|``|[\"“”„‟«»]")
_OPEN_SHAPES = frozenset("“„‟«`")
_CLOSE_SHAPES = frozenset("”»")
_OPEN_BEFORE = frozenset(" \t\n\r\u00a0\u2009\u202f([{—–/‘\u202a\u200b")
_CLOSE_AFTER = frozenset(" \t\n\r\u00a0\u2009\u202f.,;:!?)]}—–…’-\u202c\u200b")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"\w+")

_UP = "A-ZÀ-ÖØ-Þ"
# Sentence ends: terminal punctuation (and closing marks), space, then a capital, digit or
# opening mark. Abbreviations are screened in `_sentence_start`.
_SENT_END_RE = re.compile(rf"[.!?][\"'”’)\]]*\s+(?=[{_UP}0-9\"“‘'(])")
_ABBREV = frozenset(
    "mr mrs ms dr sen rep reps gov gen lt col st jr sr u.s prof capt adm sgt rev vs etc "
    "inc corp co no mt ft sept oct nov dec jan feb aug u.k u.n d.c a.m p.m"
    .split()
)

def _alternation(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """A regex (without an outer group) matching exactly `words`, spaces matching `\\s+`,
    written as a trie: at each position the engine tests one character per branch instead
    of every word in turn (the word lists are long and these patterns scan whole
    articles). Matches the same strings as the plain longest-first alternation."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch])
                for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(trie)


_cue_words = sorted(set(CUE_VERBS) | set(CUE_PARTICIPLES), key=len, reverse=True)
_cue_phrases = sorted(CUE_PHRASES, key=len, reverse=True)
# Case-sensitive: "States" in "United States" is not the verb; sentence-initial phrases
# ("According to", "In a statement") get their capitalised form too.
_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:(?P<phrase>"
    + _alternation(_cue_phrases + [p[0].upper() + p[1:] for p in _cue_phrases])
    + r")|(?P<verb>"
    + _alternation(_cue_words)
    + r"))(?![\w'’-])"
)
_PARTICIPLES = frozenset(CUE_PARTICIPLES)
_VERBS = frozenset(CUE_VERBS)

_PAREN_RE = re.compile(r"\s*\([^()]{0,40}\)")
_TOKEN_RE = re.compile(r"[^\s,;:]+")
_DETERMINERS = frozenset("the a an one another some two three several many his her their its our".split())
_ARTICLES_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ADVERBS = frozenset(
    "also later then further once again previously recently simply flatly bluntly "
    "himself herself themselves itself has had have would will could may might "
    "however meanwhile repeatedly quickly last earlier now still even just only "
    "publicly privately separately frequently often already finally explicitly "
    "first never not did does do is was were since then soon promptly immediately "
    "quietly angrily bitterly".split()
)
_LINKS = frozenset("of for the and de da di du del der van von bin al le la y dos das".split())
_HONORIFICS = frozenset("mr mrs ms miss dr prof sen rep gov gen adm sir".split())
_POSS_RE = re.compile(r"^(.*?\S)[’']s?\s+(?=\S)")
_STATEMENT_RE = re.compile(
    r"^(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:statement|release|readout|communique|communiqué|"
    r"report|letter|post|tweet)\s+(?:from|by|of|issued by)\s+(?P<who>.+)$",
    re.IGNORECASE,
)
_CLAUSE_BREAK_RE = re.compile(
    r"(?:[,;:()\[\]—–\"“”]|''|’’|\s-\s|(?<!\w)(?:that|and|but|while|when|because|after|"
    r"before|as|if|since|though|although|whereas|where|who|which|so|or|then)(?!\w))",
)
# Runs of two or more capitalised words only (names worth registering far from quotes).
# The capital comes before the look-behind so that the engine can skip ahead to capitals.
_CAPSEQ2_RE = re.compile(
    rf"[{_UP}](?<![\w'’.-].)[\w'’.\-]*(?:\s+(?:(?:of|for|the|de|da|van|von|bin|al|del)\s+)?"
    rf"[{_UP}][\w'’.\-]*)+"
)
_CAPSEQ_RE = re.compile(
    rf"[{_UP}](?<![\w'’.-].)[\w'’.\-]*(?:\s+(?:(?:of|for|the|de|da|van|von|bin|al|del)\s+)?"
    rf"[{_UP}][\w'’.\-]*)*"
)


# ----------------------------------------------------------------- data
@dataclass(slots=True)
class _Raw:
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


@dataclass(slots=True)
class _Entity:
    name: str
    role: str | None
    kind: str  # "person" | "body"
    first_pos: int
    gender: str | None = None  # "m" | "f" when a title or honorific says so


# ----------------------------------------------------------------- paragraphs and marks
def _paragraphs(text: str, spans: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]]:
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


def _scan_marks(text: str, paras: list[tuple[int, int]]) -> list[_Raw]:
    out: list[_Raw] = []
    open_at = -1
    first = 0

    open_size = 1

    def emit(close: int, end: int, last: int, size: int = 0) -> None:
        s, e = _trimmed(text, open_at + open_size, end)
        if e > s:
            out.append(_Raw(s, e, open_at, close, close + size if close >= 0 else e, first, last))

    for pi, (ps, pe) in enumerate(paras):
        marks = [(m.start(), m.end() - m.start()) for m in _MARK_RE.finditer(text, ps, pe)]
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


# ----------------------------------------------------------------- sentences
_MAX_SENTENCE = 600
# "J.J." in "J.J. Rivera", "U.S." in "U.S. officials": dotted initials end no sentence
_INITIALS_RE = re.compile(r"^(?:\w\.)+\w$")


def _sentence_start(text: str, lo: int, hi: int) -> int:
    """Offset where the sentence containing `hi` starts (not before `lo`). Looks back at
    most _MAX_SENTENCE characters, so that long paragraphs stay linear."""
    if hi - lo > _MAX_SENTENCE:
        lo = hi - _MAX_SENTENCE
    best = lo
    for m in _SENT_END_RE.finditer(text, lo, min(len(text), hi + 1)):
        if m.end() > hi:
            break
        if text[m.start()] == ".":
            w = text[max(lo, m.start() - 6) : m.start()].rsplit(None, 1)
            word = w[-1].lower().lstrip("(\"“") if w else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()) or _INITIALS_RE.match(word):
                continue
        best = m.end()
    return best


def _sentence_end(text: str, lo: int, hi: int) -> int:
    hi = min(hi, lo + _MAX_SENTENCE)
    for m in _SENT_END_RE.finditer(text, lo, hi):
        if text[m.start()] == ".":
            w = text[max(lo, m.start() - 6) : m.start()].rsplit(None, 1)
            word = w[-1].lower().lstrip("(\"“") if w else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()) or _INITIALS_RE.match(word):
                continue
        return m.start() + 1
    return hi


# ----------------------------------------------------------------- noun phrases
def _is_cap(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or (tok[0] in "‘'" and len(tok) > 1 and tok[1].isupper()))


class _CleanCache(dict):
    """Token -> lower case without edge punctuation; a dict so that hits cost no Python
    call (tokens repeat a lot within and across articles)."""

    def __missing__(self, tok: str) -> str:
        low = tok.strip(".,;:’'\"“”()").lower()
        if len(self) > 200_000:
            self.clear()
        self[tok] = low
        return low


_clean_tok = _CleanCache().__getitem__


def _strip_adverbs(words: list[str]) -> list[str]:
    while words and (_clean_tok(words[-1]) in _ADVERBS or (
            words[-1].endswith("ly") and words[-1].islower() and len(words[-1]) > 4)):
        words = words[:-1]
    return words


def _np_ok(words: list[str]) -> bool:
    """Whether words (already without trailing adverbs) read as a speaker phrase."""
    if not words or len(words) > 12:
        return False
    last = _clean_tok(words[-1])
    if len(words) == 1 and (last in PRONOUNS or last == "it"):
        return True
    first = _clean_tok(words[0])
    if first in _PREPOSITIONS:
        return False  # "of Dayton", "in Ohio": a place or time, not a speaker
    if _is_cap(words[-1]) and last not in NOT_NAME_WORDS:
        if first in _DETERMINERS:
            return True
        # lower-case words before a name must read as a role ("opposition leader"), not
        # as a clause: no verbs or function words, and a title or person noun among them
        lows = [_clean_tok(w) for w in words[:-1] if not _is_cap(w)]
        if not lows:
            return True
        if any(w in NOT_NAME_WORDS and w not in _LINKS or w in _VERBS or w in _ADVERBS
               for w in lows):
            return False
        return any(w in TITLE_WORDS or w in PERSON_NOUNS for w in lows) or (
            len(lows) <= 2 and not any(w.endswith(("ed", "ing")) for w in lows))
    head = _desc_head(words)
    if head is None:
        return False
    return (first in _DETERMINERS or first in TITLE_WORDS or _is_cap(words[0])) and (
        head in PERSON_NOUNS or head in BODY_NOUNS)


def _desc_head(words: list[str]) -> str | None:
    """Head noun of a description: the word before its first preposition."""
    for i, w in enumerate(words):
        if i and _clean_tok(w) in ("of", "for", "at", "from", "with", "in", "to", "on", "who"):
            return _clean_tok(words[i - 1])
    return _clean_tok(words[-1]) if words else None


def _words_before(text: str, lo: int, hi: int) -> tuple[list[str], int]:
    """Words of the clause ending at `hi` (not before `lo`), and where it starts."""
    seg = text[lo:hi]
    cut = 0
    for m in _CLAUSE_BREAK_RE.finditer(seg):
        cut = m.end()
    start = lo + cut
    return seg[cut:].split(), start


def _np_before(text: str, lo: int, hi: int) -> tuple[str, int, str | None] | None:
    """Speaker phrase ending right before a cue at `hi`: (phrase, offset, appositive)."""
    seg_end = hi
    while seg_end > lo and text[seg_end - 1].isspace():
        seg_end -= 1
    # adverbs between a subject and its verb ("Name, a role, later said")
    while True:
        sp = text.rfind(" ", lo, seg_end)
        last = text[sp + 1 : seg_end]
        if sp < lo or not last.islower() or not (
                last in _ADVERBS or (last.endswith("ly") and len(last) > 4)):
            break
        seg_end = sp
        while seg_end > lo and text[seg_end - 1].isspace():
            seg_end -= 1
    # "Name, a role, said": the clause before the cue is an appositive
    if seg_end > lo and text[seg_end - 1] == ",":
        parts_end = seg_end - 1
        comma = text.rfind(",", lo, parts_end)
        if comma > lo:
            name_part = text[comma + 1 : parts_end].strip()
            nw = name_part.split()
            if 2 <= len(nw) <= 4 and all(_is_cap(w) for w in nw) and not _bodyish(nw):
                rwords, rstart = _words_before(text, lo, comma)
                if rwords and any(_clean_tok(w) in TITLE_WORDS or _clean_tok(w) in PERSON_NOUNS
                                  for w in rwords):
                    return name_part, comma + 1 + text[comma + 1 : parts_end].find(nw[0]), \
                        " ".join(rwords)
        apps: list[str] = []
        # "Name, 30, of Town, State, who ..., said": ages, places and relative clauses
        # between a subject and its verb are skipped to find the head
        for _ in range(6):
            comma = text.rfind(",", lo, parts_end)
            part_lo = comma + 1 if comma >= 0 else lo
            words, wstart = _words_before(text, part_lo, parts_end)
            chunk = text[wstart:parts_end].strip()
            if comma < 0:
                break
            if _is_cap(chunk.split()[-1] if chunk.split() else "") and _np_ok(words) \
                    and text[part_lo:parts_end].strip() == chunk and apps \
                    and not _place_part(text, lo, comma, words):
                return chunk, wstart, _role_part(apps)
            apps.append(text[part_lo:parts_end].strip())
            parts_end = comma
        words, wstart = _words_before(text, lo, parts_end)
        if apps and words and _np_ok(words) and _is_cap(words[-1]):
            return " ".join(words), wstart, _role_part(apps)
        return None
    paren = _PAREN_RE.search(text, max(lo, seg_end - 42), seg_end)
    if paren and paren.end() == seg_end:
        seg_end = paren.start()
    words, wstart = _words_before(text, lo, seg_end)
    words = _strip_adverbs(words)
    if not _np_ok(words):
        return None
    if len(words) == 1 and words[0].lower() == "it" and _PASSIVE_IT_RE.match(text, wstart, hi):
        return None  # "it is said that", "it was reported": no one speaks
    joined = _coordination_start(text, lo, wstart) if _all_cap(words) else wstart
    if joined < wstart:
        words, wstart = text[joined:seg_end].split(), joined
    return " ".join(words), wstart, None


def _title_word(word: str) -> bool:
    """A title, singular or plural ("Senator", "Sens.", "Ministers")."""
    low = _clean_tok(word)
    return low in TITLE_WORDS or (low.endswith("s") and low[:-1] in TITLE_WORDS)


_PASSIVE_IT_RE = re.compile(r"\s*[Ii]t\s+(?:is|was|were|are|has been|had been|have been)\b")


def _all_cap(words: list[str]) -> bool:
    return bool(words) and len(words) <= 4 and all(_is_cap(w) for w in words)


_COORD_RE = re.compile(r"(?:,\s*(?:and\s*)?|\s+(?:and|&)\s*)$")


def _coordination_start(text: str, lo: int, start: int) -> int:
    """Where a list of names that ends at `start` begins: "Tom Carper, Dianne Feinstein
    and Ben Cardin said" is said by all three. Each name is capitalised words (the first
    may carry a title: "Sens. Tom Carper"); anything else ends the list. Returns `start`
    when there is no list."""
    joined = start
    while True:
        m = _COORD_RE.search(text, max(lo, joined - 8), joined)
        # The last name is joined by "and" ("Frustrated, Sanders said" is no list).
        if not m or (joined == start and "and" not in m.group() and "&" not in m.group()):
            return joined
        words, wstart = _words_before(text, lo, m.start())
        titled = words[1:] if words and _title_word(words[0]) else words
        if not _all_cap(titled) or _bodyish(titled) or any(_clean_tok(w) in NOT_NAME_WORDS for w in titled):
            return joined
        joined = wstart


_PLACE_LEAD = frozenset("of from in near outside".split())
_PREPOSITIONS = frozenset("of from in near outside at to for with by on into about".split())


def _place_part(text: str, lo: int, comma: int, words: list[str]) -> bool:
    """Whether a capitalised comma part is a place: a known place word, or the state after
    a town ("of Dayton, Ohio")."""
    if len(words) <= 2 and all(_clean_tok(w) in PLACE_WORDS for w in words):
        return True
    prev = text.rfind(",", lo, comma)
    left = text[prev + 1 if prev >= 0 else lo : comma].split()
    return bool(left) and len(words) <= 2 and _clean_tok(left[0]) in _PLACE_LEAD


def _role_part(apps: list[str]) -> str | None:
    """The appositive to report as the role: the first that reads as one, else the one
    right after the name."""
    for a in reversed(apps):
        if _looks_like_role(a):
            return a
    return None


def _np_after(text: str, lo: int, hi: int) -> tuple[str, int, str | None] | None:
    """Speaker phrase right after a cue ("said Name, a role"), ending before `hi`."""
    pos = lo
    while pos < hi and text[pos].isspace():
        pos += 1
    m = _TOKEN_RE.match(text, pos)
    words: list[str] = []
    start = pos
    end = pos
    while m and m.start() < hi:
        tok = m.group()
        low = _clean_tok(tok)
        if words and low in NAME_STOP_WORDS and not (
                low in ("from", "by") and _clean_tok(words[-1]) in BODY_NOUNS):
            break
        if not words and low in ("that", "to", "it", "this", "in", "on", "as", "reporters"):
            return None
        if tok[0] in "\"“”":
            break
        if tok[0] == "(" and words:
            # "said Rep. Ana Ortiz (D-Tex.), a ...": the party label is not part of the name
            close = text.find(")", m.start(), min(hi, m.start() + 40))
            if close < 0:
                break
            end = close + 1
            if end >= hi or text[end] in ",;:.":
                break
            m = _TOKEN_RE.match(text, _skip_space(text, end))
            continue
        if low == "of" and len(words) >= 2 and all(_is_cap(w) for w in words) \
                and not any(_clean_tok(w) in TITLE_WORDS for w in words):
            break  # "said Lou Brandt of the Brandt Report": the name ends before "of"
        words.append(tok.rstrip(".") if tok.endswith(".") and len(tok) > 2
                     and tok[:-1].lower() not in _ABBREV and "." not in tok[:-1] else tok)
        end = m.end()
        if tok.endswith(".") and _clean_tok(tok) not in _ABBREV and len(tok) > 2 and "." not in tok[:-1]:
            break
        nxt = end
        if nxt < hi and text[nxt] in ",;:":
            break
        m = _TOKEN_RE.match(text, _skip_space(text, nxt))
        if len(words) >= 12:
            break
    if not words or not _np_ok(words):
        return None
    appos = None
    tail = text[end:hi]
    am = re.match(r"\s*\([^()]{0,40}\)", tail)
    if am:
        end += am.end()
        tail = text[end:hi]
    if tail.startswith(","):
        app_end = _appositive_end(text, end + 1, hi)
        cand = text[end + 1 : app_end].strip()
        if _looks_like_role(cand):
            appos = cand
    return " ".join(words), start, appos


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


_APPOS_END_RE = re.compile(r"[,;\"“”—(]|\.(?=\s|$)")


def _appositive_end(text: str, lo: int, hi: int) -> int:
    """Where an appositive starting at `lo` ends: the first comma, semicolon, quote mark,
    dash or parenthesis, or a full stop that ends a sentence (not an abbreviation's)."""
    for m in _APPOS_END_RE.finditer(text, lo, hi):
        i = m.start()
        if text[i] != ".":
            return i
        w = text[max(lo, i - 5) : i].rsplit(None, 1)
        if not (w and (w[-1].lower() in _ABBREV or len(w[-1]) == 1)):
            return i
    return hi


def _looks_like_role(s: str) -> bool:
    words = s.split()
    if not words or len(words) > 25:
        return False
    first = _clean_tok(words[0])
    if first in ("who", "which", "whose", "according", "adding", "saying", "and", "but",
                 "in", "on", "at", "when", "as", "while", "after", "before", "if"):
        return False
    if first.isdigit():
        return False
    if first in ("a", "an", "the") and len(words) > 1:
        return True
    if first in TITLE_WORDS or first in PERSON_NOUNS:
        return True
    return any(_clean_tok(w) in TITLE_WORDS or _clean_tok(w) in PERSON_NOUNS for w in words[:4])


# ----------------------------------------------------------------- phrase -> entity
def _split_name(words: list[str]) -> tuple[list[str], list[str]]:
    """(role words, name words) of a phrase like "Chinese Foreign Minister Wang Yi"."""
    n = len(words)
    i = n
    while i > 0:
        w = words[i - 1]
        low = _clean_tok(w)
        if _is_cap(w) and low not in TITLE_WORDS and low not in NOT_NAME_WORDS:
            i -= 1
            continue
        if low in ("bin", "al", "de", "van", "von", "da", "del") and i < n:
            i -= 1
            continue
        break
    name = words[i:]
    role = words[:i]
    while role and _clean_tok(role[0]) in _DETERMINERS:
        role = role[1:]
    # "Secretary of State Antony Blinken": capitals after "of" belong to the title
    if role and _clean_tok(role[-1]) in ("of", "for") and len(name) > 2:
        keep = 2
        role = role + name[:-keep]
        name = name[-keep:]
    elif role and _clean_tok(role[-1]) in ("of", "for") and len(name) == 2:
        role = role + name[:1]
        name = name[1:]
    return role, name


def _lookup(name_words: list[str], registry: dict[str, _Entity],
            surnames: dict[str, _Entity]) -> _Entity | None:
    cleaned = list(map(_clean_tok, name_words))
    key = " ".join(cleaned)
    if key in registry:
        return registry[key]
    toks = [w for w in cleaned if w not in _HONORIFICS]
    if len(toks) == 1 and toks[0] in surnames:
        return surnames[toks[0]]
    if len(toks) == 1 and ("^" + toks[0]) in surnames:
        # family name first ("Wang" for "Wang Yi"), when no full name ends with it
        return surnames["^" + toks[0]]
    if toks and " ".join(toks) in registry:
        return registry[" ".join(toks)]
    return None


_TRAILING_LINK_RE = re.compile(r"(?:\s+(?:of|for|the|and|at|to|in))+$", re.IGNORECASE)


def _drop_article(s: str | None) -> str | None:
    if not s:
        return None
    s = _ARTICLES_RE.sub("", s.strip().strip(",").strip())
    s = _TRAILING_LINK_RE.sub("", s)
    return s or None


# ----------------------------------------------------------------- registry
class _Context:
    """What one article says about its people: registry of names, roles and mentions."""

    __slots__ = ("text", "registry", "surnames", "mentions", "mention_pos", "subjects",
                 "subject_pos", "para_starts", "speakers")

    def __init__(self, text: str) -> None:
        self.text = text
        self.registry: dict[str, _Entity] = {}
        self.surnames: dict[str, _Entity] = {}
        self.mentions: list[tuple[int, _Entity]] = []
        self.mention_pos: list[int] = []
        self.subjects: list[tuple[int, _Entity]] = []
        self.subject_pos: list[int] = []
        self.para_starts: list[int] = []
        self.speakers: list[tuple[int, _Entity]] = []

    def register(self, role_words: list[str], name_words: list[str], pos: int,
                 appos: str | None = None, kind: str = "person",
                 single: bool = False) -> _Entity | None:
        names = [w.strip(",;:()\"“”") for w in name_words]
        names = [w[:-2] if w.endswith(("’s", "'s")) else w for w in names]
        names = [w for w in names if w]
        gender = _gender(role_words + names[:1]) or _gender((appos or "").split()[:4])
        while names and _clean_tok(names[0]) in _HONORIFICS:
            names = names[1:]
        if not names:
            return None
        ent = _lookup(names, self.registry, self.surnames)
        if ent is None and (len(names) >= 2 or single):
            role = _drop_article(" ".join(role_words)) if role_words else None
            role = role or _drop_article(appos)
            ent = _Entity(" ".join(names), role, kind, pos, gender)
            self.registry[" ".join(_clean_tok(w) for w in names)] = ent
            if kind == "person":
                last = _clean_tok(names[-1])
                if last in ("jr", "sr", "ii", "iii") and len(names) > 2:
                    last = _clean_tok(names[-2])
                self.surnames.setdefault(last, ent)
                if len(names) == 2:
                    self.surnames.setdefault("^" + _clean_tok(names[0]), ent)
        elif ent is not None and ent.role is None:
            role = _drop_article(" ".join(role_words)) if role_words else None
            ent.role = role or _drop_article(appos)
        if ent is not None and ent.gender is None:
            ent.gender = gender
        return ent


_MALE = frozenset("mr he his him sir lord king prince father son husband brother man "
                  "spokesman congressman chairman councilman businessman".split())
_FEMALE = frozenset("mrs ms miss she her dame lady queen princess mother daughter wife "
                    "sister woman spokeswoman congresswoman chairwoman councilwoman "
                    "businesswoman".split())


def _gender(words: list[str]) -> str | None:
    for w in words:
        low = _clean_tok(w)
        if low in _MALE:
            return "m"
        if low in _FEMALE:
            return "f"
    return None


_TITLE_NAME_RE = re.compile(
    rf"(?<![\w'’-])((?:[{_UP}][\w'’.\-]*\s+|(?:of|for|the)\s+)*?"
    rf"(?:[{_UP}][\w.\-]*|[a-z][\w\-]*))\s+([{_UP}][\w'’\-]+(?:\s+[{_UP}][\w'’\-]+){{1,3}})"
)


def _build_context(text: str, paras: list[tuple[int, int]], raws: list[_Raw]) -> _Context:
    ctx = _Context(text)
    ctx.para_starts = [ps for ps, _ in paras]
    quoted = [(r.start, r.end) for r in raws]
    qi = 0
    mentions: list[tuple[int, _Entity, bool]] = []
    # Lone capitalised words matter only as pronoun antecedents, which are looked for in
    # a quote's paragraph and the one before it; names after the last quote never matter.
    open_ = [r for r in raws if r.speaker_np is None or r.speaker_np.lower() in PRONOUNS]
    near = {r.first for r in open_} | {r.first - 1 for r in open_} | {r.last for r in open_}
    last_para = max(r.last for r in raws)
    cue_start, cue_end, verbish = _CUE_START_RE.match, _CUE_END_RE.search, _VERBISH_RE.match
    for pi, (ps, pe) in enumerate(paras):
        if pi > last_para:
            break
        singles = pi in near
        # names inside quotes are never registered: scan only the text between them
        while qi < len(quoted) and quoted[qi][1] <= ps:
            qi += 1
        segs = []
        lo = ps
        k = qi
        while k < len(quoted) and quoted[k][0] < pe:
            if quoted[k][0] > lo:
                segs.append((lo, quoted[k][0]))
            lo = max(lo, quoted[k][1])
            k += 1
        if lo < pe:
            segs.append((lo, pe))
        capseq = _CAPSEQ_RE if singles else _CAPSEQ2_RE
        for lo, hi in segs:
            for m in capseq.finditer(text, lo, hi):
                s, e = m.start(), m.end()
                if not singles:
                    # far from any quote a name matters only for the registry: keep runs with
                    # some sign of a person (a title, an appositive, a cue next to it)
                    g = m.group()
                    if " " not in g:
                        continue
                    if not (text.startswith(", ", e) or cue_start(text[e : e + 40])
                            or any(w.lower().rstrip(".") in TITLE_WORDS for w in g.split())
                            or _TITLE_END_RE.search(text, max(ps, s - 30), s)
                            or cue_end(text, max(ps, s - 24), s)):
                        continue
                words = m.group().split()
                if len(words) == 1:
                    # fast path: a lone capitalised word matters only as a known name, a
                    # speaker next to a cue, or a subject before a verb
                    low = _clean_tok(words[0])
                    if low in NOT_NAME_WORDS and low not in _HONORIFICS:
                        continue
                    if low not in ctx.surnames and ("^" + low) not in ctx.surnames:
                        tail = text[e : e + 40]
                        if not (verbish(tail) or cue_start(tail) or tail.startswith(", ")
                                or cue_end(text, max(ps, s - 24), s)):
                            continue
                shape = _run_shape(m.group())
                if shape is None:
                    continue
                rel_s, rel_e, words, role, name = shape
                e = s + rel_e
                s += rel_s
                role_lead = _lower_title_before(text, ps, s)
                if role_lead:
                    role = role_lead + role
                tail = text[e : min(pe, e + 200)]
                appos = None
                after_appos = tail
                if tail.startswith(", "):
                    app_end = _appositive_end(text, e + 1, min(pe, e + 200))
                    cand = text[e + 1 : app_end].strip()
                    if _looks_like_role(cand):
                        appos = cand
                        after_appos = text[app_end : min(pe, app_end + 60)].lstrip(",")
                if appos is None and tail.startswith(", "):
                    # an insertion (", who ...,", ", 31,") between a subject and its verb
                    comma = tail.find(", ", 2, 150)
                    if comma > 0:
                        after_appos = tail[comma + 1 : comma + 60]
                if _PREP_END_RE.search(text, max(ps, s - 12), s):
                    # "ambassador to Jordan, said": the object of a preposition
                    cue_next = False
                    tail = after_appos = ""
                else:
                    cue_next = bool(cue_start(tail) or (
                        after_appos is not tail and cue_start(after_appos)))
                cue_before = bool(cue_end(text, max(ps, s - 24), s))
                subj = cue_next or cue_before or bool(verbish(tail) or (
                    after_appos is not tail and verbish(after_appos)))
                person = bool(role) or appos is not None or cue_next or cue_before
                honor = _clean_tok(words[0]) in _HONORIFICS
                if len(name) >= 2 and (person or honor):
                    ent = ctx.register(role, name, s, appos)
                else:
                    ent = _lookup([w.strip(",;:") for w in name], ctx.registry, ctx.surnames)
                    if ent is None and (subj or honor) and (
                            len(name) >= 2 or honor or person or _maybe_person(name[0])):
                        ent = ctx.register(role, name, s, appos, single=True)
                    elif ent is not None and ent.gender is None:
                        ent.gender = _gender(role[-1:] + words[:1])
                if ent is not None and ent.kind == "person":
                    mentions.append((s, ent, subj))
    ctx.mentions = [(p, ent) for p, ent, _ in mentions]
    ctx.subjects = [(p, ent) for p, ent, subj in mentions if subj]
    ctx.mention_pos = [p for p, _ in ctx.mentions]
    ctx.subject_pos = [p for p, _ in ctx.subjects]
    return ctx


_SHAPES: dict[str, tuple[int, int, list[str], list[str], list[str]] | None] = {}


def _run_shape(run: str) -> tuple[int, int, list[str], list[str], list[str]] | None:
    """What a capitalised run says by itself, cached (runs repeat): (start and end of the
    name part relative to the run, its words, role words, name words); None when it
    holds no name or names a body ("White House"). Callers must not mutate the lists."""
    got = _SHAPES.get(run, False)
    if got is not False:
        return got  # type: ignore[return-value]
    words = run.split()
    rel_s, rel_e = 0, len(run)
    # a sentence end inside the run ("Capitol Hill. Sanders") ends the name
    for i, w in enumerate(words[:-1]):
        if w.endswith(".") and len(w) > 2 and "." not in w[:-1] \
                and w[:-1].lower() not in _ABBREV:
            words = words[: i + 1]
            rel_e = len(" ".join(words))
            break
    if words and words[-1].endswith(".") and len(words[-1]) > 2 \
            and "." not in words[-1][:-1] and words[-1][:-1].lower() not in _ABBREV:
        words[-1] = words[-1][:-1]
    # leading sentence words are not names ("However", "The")
    while words and _clean_tok(words[0]) in NOT_NAME_WORDS \
            and _clean_tok(words[0]) not in _HONORIFICS:
        rel_s = run.find(words[1], rel_s) if len(words) > 1 else rel_e
        words = words[1:]
    shape = None
    if words:
        role, name = _split_name(words)
        if name and not _bodyish(name):
            shape = (rel_s, rel_e, words, role, name)
    if len(_SHAPES) > 100_000:
        _SHAPES.clear()
    _SHAPES[run] = shape
    return shape


def _lower_title_before(text: str, lo: int, pos: int) -> list[str]:
    """Lower-case role words right before a name ("Democratic strategist", "foreign
    minister"), which the capitalised-sequence scan does not include."""
    # quick exit: the word right before must be a lower-case title or person noun
    k = pos - 1
    while k > lo and text[k] == " ":
        k -= 1
    if k <= lo or not text[k].islower():
        return []
    sp = text.rfind(" ", max(lo, k - 30), k)
    w = text[sp + 1 : k + 1]
    if w not in TITLE_WORDS and w not in PERSON_NOUNS:
        return []
    seg = text[max(lo, pos - 60) : pos].split()
    out: list[str] = []
    while seg:
        w = seg[-1]
        low = _clean_tok(w)
        if w.islower() and (low in TITLE_WORDS or low in PERSON_NOUNS) and not w.endswith((",", ".")):
            out.insert(0, w)
            seg.pop()
            continue
        if out and w.islower() and len(out) < 4 and low not in NOT_NAME_WORDS and low not in _VERBS \
                and low not in _ADVERBS and not w.endswith((",", ".", ":", "ed", "ing")) and len(low) > 2:
            out.insert(0, w)  # "foreign" in "foreign minister"
            seg.pop()
            continue
        if out and _is_cap(w) and not w.endswith((",", ".", ":")) and low not in NOT_NAME_WORDS:
            out.insert(0, w)
            seg.pop()
            continue
        break
    return out


_CUE_START_RE = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*)?(?:\w+ly\s+|also\s+|later\s+|then\s+|has\s+|had\s+)?"
    r"(?:" + _alternation(_VERBS) + r")\b"
)
_VERBISH_RE = re.compile(r"^\s*(?:\([^()]{0,40}\)\s*)?(?:has|had|is|was|will|would|did|\w+ed)\b")


_CUE_END_RE = re.compile(
    r"(?<![\w'’-])(?:" + _alternation(_VERBS) + r")\s+$"
)


_TITLE_END_RE = re.compile(
    r"(?<![\w'’-])(?:" + _alternation(TITLE_WORDS | PERSON_NOUNS) + r")\s+$"
)
_PREP_END_RE = re.compile(r"(?<![\w'’-])(?:to|of|in|at|for|from|with|by|on|into|against)\s+$")


def _maybe_person(word: str) -> bool:
    """A lone capitalised subject may be a person unless it is an acronym or a place."""
    w = word.strip(",.;:’'")
    if len(w) < 3 or w.isupper() or w.lower() in PLACE_WORDS:
        return False
    return True


def _followed_by_cue(tail: str) -> bool:
    return bool(_CUE_START_RE.match(tail))


def _followed_by_verb(tail: str) -> bool:
    return bool(_VERBISH_RE.match(tail))


def _bodyish(name: list[str]) -> bool:
    return any(_clean_tok(w) in BODY_NOUNS for w in name)


# ----------------------------------------------------------------- attribution
def _find_cue_np(text: str, lo: int, hi: int, quoted: list[tuple[int, int]],
                 side: str) -> tuple[str, int, str | None, str] | None:
    """A cue in text[lo:hi] and its speaker phrase. side="right": the first cue, right after
    a closing mark; side="left": the last cue before an opening mark."""
    cues = [m for m in _unquoted_matches(_CUE_RE, text, lo, hi, quoted)
            if not _noun_use(text, m)]
    if not cues:
        return None
    if side == "right":
        cues = cues[:1]
    else:
        cues = cues[::-1][:2]
    for m in cues:
        phrase = m.group("phrase")
        word = m.group().lower()
        cue = re.sub(r"\s+", " ", m.group())
        if phrase is not None and word.startswith("according"):
            got = _np_after(text, m.end(), hi)
            if got:
                return got[0], got[1], got[2], cue
            continue
        if phrase is not None and word.startswith("in "):
            continue
        if word in _PARTICIPLES:
            got = _participle_subject(text, lo, m.start(), word)
            if got:
                return got[0], got[1], got[2], cue
            continue
        before_text = text[lo : m.start()]
        if side == "right" and len(before_text.split()) > 14:
            return None
        if _COORD_END_RE.search(before_text):
            # "Name smiled and said", "was prompted to say": the clause's subject speaks
            got = _participle_subject(text, lo, m.start(), "")
            if got:
                return got[0], got[1], got[2], cue
        got = _np_before(text, lo, m.start())
        if got and (side == "left" or _np_clean_gap(text, lo, got[1])):
            return got[0], got[1], got[2], cue
        if side == "right" and got is None:
            # '"Q," the bespectacled, 71-year-old diplomat said'
            gap = before_text.strip(" ,\t\n")
            gw = gap.split()
            if gw and len(gw) <= 8 and _clean_tok(gw[0]) in _DETERMINERS \
                    and not any(_clean_tok(w) in _VERBS or _clean_tok(w) in ("and", "but", "that")
                                for w in gw):
                return gap.rstrip(","), lo + before_text.find(gap), None, cue
        # After "told" comes who was told, never who spoke ("who told Congress: ...").
        if (not before_text.strip(" ,\t\n\"“”") or side == "left") and word not in ("told", "tells", "tell"):
            end = hi
            got = _np_after(text, m.end(), end)
            if got:
                return got[0], got[1], got[2], cue
    return None


_POSSESSIVE_END_RE = re.compile(r"\w(?:['’]s|s['’])\s+$")
_NOT_NOUNS = frozenset("said told say says".split())


def _noun_use(text: str, m: re.Match[str]) -> bool:
    """A cue word after a possessive is a noun ("the editor's note", "Trump's remarks")."""
    return m.group("verb") is not None and m.group().lower() not in _NOT_NOUNS \
        and bool(_POSSESSIVE_END_RE.search(text, max(0, m.start() - 30), m.start()))


_COORD_END_RE = re.compile(r"(?:\w\s+(?:and|but)|\bto)\s+$")


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls in one of `spans` (sorted by start, not overlapping)."""
    i = bisect.bisect_right(spans, (pos, len(spans) and 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _np_clean_gap(text: str, lo: int, np_start: int) -> bool:
    return not text[lo:np_start].strip(" ,\t\n\"“”—-")


_SUBJ_CAND_RE = re.compile(
    rf"(?<![\w'’-])(?:[Hh]e|[Ss]he|[Tt]hey|[{_UP}][\w'’.\-]*(?:\s+[{_UP}][\w'’.\-]*)*)(?![\w'’-])"
)


_ADVERB_GAP = re.compile(r"\s+(?:[a-z]+ly\s+)?")


def _participle_subject(text: str, lo: int, hi: int, word: str) -> tuple[str, int, str | None] | None:
    """Subject of "..., saying: 'Q'": the last noun phrase of the sentence that a verb
    follows (or, for "quoted X as saying", the object of "quoted")."""
    seg = text[lo:hi]
    if word == "saying":
        q = re.search(r"\bquot(?:ed|es|ing)\s+", seg)
        if q and re.search(r"\bas\s*$", seg):
            got = _np_after(text, lo + q.end(), hi)
            if got:
                return got
    # "Name said, adding: ..." -> the finite cue's subject
    cues = [m for m in _CUE_RE.finditer(text, lo, hi) if m.group().lower() in _VERBS]
    if cues:
        got = _np_before(text, lo, cues[-1].start())
        if got:
            return got
    best = None
    for m in _SUBJ_CAND_RE.finditer(text, lo, hi):
        words = m.group().split()
        while words and _clean_tok(words[0]) in NOT_NAME_WORDS and _clean_tok(words[0]) not in PRONOUNS:
            words = words[1:]
        if not words:
            continue
        tail = text[m.end() : min(hi, m.end() + 60)]
        # "with spokesman Glen Caplin saying," / "footage of Clinton asking,": the noun
        # phrase right before the participle (an adverb may sit between) is its subject.
        if _ADVERB_GAP.fullmatch(text, m.end(), hi):
            start = m.end() - len(" ".join(words))
            best = (" ".join(_lower_title_before(text, lo, start) + words), start, None)
            continue
        if _followed_by_verb(tail) or _followed_by_cue(tail) or (
                tail.startswith(", ") and _followed_by_verb(tail[tail.find(",", 2) + 1 :]
                                                            if tail.find(",", 2) > 0 else "")):
            start = m.end() - len(" ".join(words))
            role = _lower_title_before(text, lo, start)
            best = (" ".join(role + words), start, None)
    return best


def _attribute(text: str, paras: list[tuple[int, int]], raws: list[_Raw]) -> None:
    quoted = [(r.open_pos, r.close_end) for r in raws]
    for r in raws:
        ps, pe = paras[r.first]
        sent = _sentence_start(text, ps, r.open_pos)
        left = text[sent : r.open_pos].strip()
        if left and not left.endswith((":", ",")) and not (left.endswith(("—", "-")) and len(left) < 3):
            r.kind = "fragment"
        elif left.endswith(",") and not _CUE_RE.search(text, sent, r.open_pos):
            r.kind = "fragment"
        if r.kind == "fragment":
            # a quoted fragment belongs to the sentence around it: its cue comes first
            got = _find_cue_np(text, sent, r.open_pos, quoted, "left")
            if got:
                r.speaker_np, r.np_pos, appos, r.cue = got
                r.own_cue = True
                r.speaker_np = _with_appos(r.speaker_np, appos)
                continue
        # right side: after the closing mark, up to the next quote or the sentence's end
        if r.close_pos >= 0:
            ps, pe = paras[r.last]
            nxt = _MARK_RE.search(text, r.close_end, pe)
            hi = nxt.start() if nxt else pe
            hi = min(hi, _sentence_end(text, r.close_end, hi))
            got = _find_cue_np(text, r.close_end, hi, quoted, "right")
            if got:
                r.speaker_np, r.np_pos, appos, r.cue = got
                r.own_cue = True
                r.speaker_np = _with_appos(r.speaker_np, appos)
        if r.speaker_np is None and left and r.kind != "fragment":
            got = _find_cue_np(text, sent, r.open_pos, quoted, "left")
            if got:
                r.speaker_np, r.np_pos, appos, r.cue = got
                r.own_cue = True
                r.speaker_np = _with_appos(r.speaker_np, appos)


def _with_appos(np: str, appos: str | None) -> str:
    return np + "\x00" + appos if appos else np


def _unquoted_matches(pattern: re.Pattern[str], text: str, ps: int, pe: int,
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


def _paragraph_events(text: str, ps: int, pe: int, quoted: list[tuple[int, int]]
                      ) -> list[tuple[int, str, str]]:
    """Speech events of a paragraph outside its quotes: (offset, phrase, cue)."""
    out = []
    for m in _unquoted_matches(_CUE_RE, text, ps, pe, quoted):
        if _noun_use(text, m):
            continue
        word = m.group().lower()
        if m.group("phrase") is not None or word in _PARTICIPLES:
            continue
        lo = _sentence_start(text, ps, m.start())
        # not back across a quote that closed before the cue
        i = bisect.bisect_left(quoted, (m.start(), -1)) - 1
        if i >= 0 and lo < quoted[i][1] <= m.start():
            lo = quoted[i][1]
        got = _np_before(text, lo, m.start())
        if got is None and not text[lo : m.start()].strip(" ,"):
            got = _np_after(text, m.end(), min(pe, m.end() + 200))
        if got:
            out.append((m.start(), _with_appos(got[0], got[2]), m.group()))
    return out


# ----------------------------------------------------------------- resolution
def _mention(np: str) -> str | None:
    """The speaker phrase as written at the cue with its appositive, if any ("John Doe, a
    senior fellow"), without parentheses."""
    appos = None
    if "\x00" in np:
        np, appos = np.split("\x00", 1)
    np = _PAREN_RE.sub("", np).strip(" ,;:")
    if appos and np:
        return f"{np}, {appos.strip(' ,;:')}"
    return np or None


def _resolve(np: str, pos: int, ctx: _Context, cue: str | None, quote_pos: int = -1
             ) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, kind) for a speaker phrase found at `pos`."""
    appos = None
    if "\x00" in np:
        np, appos = np.split("\x00", 1)
    np = _PAREN_RE.sub("", np).strip(" ,;:")
    low = np.lower()
    if low == "it":
        # "It said" / "it read": the organisation or document the text last named.
        body = _recent_body(ctx.text, pos)
        return (body, None, "body") if body else (np, None, "pronoun")
    if low in PRONOUNS:
        if low in ("i", "we"):
            return np, None, "pronoun"
        if low in ("he", "she"):
            ent = _pronoun_antecedent(ctx, quote_pos, {"he": "m", "she": "f"}[low])
            if ent is not None:
                return ent.name, ent.role, "person"
        return np, None, "pronoun"
    sm = _STATEMENT_RE.match(np)
    if sm:
        who = sm.group("who").strip()
        return who, None, "body"
    group = _resolve_group(np, pos, ctx, cue)
    if group is not None:
        return group
    words = np.split()
    # "Cornell University's Carlson", "Trump's campaign manager Kellyanne Conway"
    poss_role: list[str] = []
    pm = _POSS_RE.match(np)
    if pm and len(words) > 1:
        rest = np[pm.end():].split()
        if rest and (_is_cap(rest[-1])):
            poss_role = pm.group(0).split()
            words = rest
    role_w, name_w = _split_name(words)
    first = _clean_tok(words[0]) if words else ""
    if name_w and not (first in _DETERMINERS and _desc_head(words) in PERSON_NOUNS
                       and not _is_cap(words[-2] if len(words) > 1 else "")):
        if first in _DETERMINERS and any(
                _clean_tok(w) in ("of", "for", "at", "from", "with") for w in role_w):
            return np, None, "person" if _desc_head(words) in PERSON_NOUNS else "body"
        ent = _lookup([w.strip(",;:") for w in name_w], ctx.registry, ctx.surnames)
        if ent is not None:
            return ent.name, ent.role, ent.kind
        role = role_w[:]
        if poss_role and role_w:
            role = poss_role + role_w
        names = [w[:-2] if w.endswith(("’s", "'s")) else w for w in name_w]
        if names and _clean_tok(names[0]) in _HONORIFICS and len(names) > 1:
            names = names[1:]
        name = " ".join(names).strip(" ,")
        role_s = _drop_article(" ".join(role)) or _drop_article(appos)
        if _bodyish(name_w) or (first == "the" and not role_w) or (
                len(names) == 1 and cue and cue.lower() in ("reported", "reports")):
            # a named body ("the White House" -> "White House", "Xinhua")
            return name, role_s, "body"
        return name, role_s, "person"
    # a description: "the senator", "a State Department official"
    head = _desc_head(words)
    if first == "the" and head in PERSON_NOUNS and len(words) <= 4:
        ent = _recent_person(ctx, pos, head)
        if ent is not None:
            return ent.name, ent.role, "person"
    kind = "person" if head in PERSON_NOUNS else "body"
    role = _drop_article(appos)
    return np, role, kind


_CONJUNCTS_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")


def _resolve_group(np: str, pos: int, ctx: _Context, cue: str | None) -> tuple[str | None, str | None, str | None] | None:
    """(speakers, shared role, kind) for a list of names ("Sens. Tom Carper, Dianne
    Feinstein and Ben Cardin"), each resolved on its own; None when `np` is no such list."""
    parts = [p for p in _CONJUNCTS_RE.split(np) if p]
    if len(parts) < 2:
        return None
    # A title before the first name is the whole list's ("Senators A, B and C").
    first = parts[0].split()
    title = first[0] if len(first) > 1 and _title_word(first[0]) else None
    if title:
        parts[0] = " ".join(first[1:])
    if not all(_all_cap(p.split()) for p in parts):
        return None
    resolved = [_resolve(p, pos, ctx, cue) for p in parts]
    names = [r[0] for r in resolved if r[0]]
    if len(names) != len(parts):
        return None
    speaker = ", ".join(names[:-1]) + " and " + names[-1]
    roles = {r[1] for r in resolved}
    role = title or (roles.pop() if len(roles) == 1 else None)
    kind = "person" if all(r[2] == "person" for r in resolved) else "body"
    return speaker, role, kind


_BODY_HEAD_RE = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(BODY_NOUNS, key=len, reverse=True)) + r")(?![\w'’-])", re.I)
_NP_LEAD_RE = re.compile(rf"(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[{_UP}][\w.-]*['’]s?)\s+)?(?:[\w-]+\s+){{0,3}}$")


def _recent_body(text: str, pos: int) -> str | None:
    """The organisation or document named last before `pos` (where an "it" speaks),
    looking no further back than the previous paragraph: "China's foreign ministry",
    "the letter", "the Pentagon". None when there is none."""
    lo = text.rfind("\n\n", 0, max(0, text.rfind("\n\n", 0, pos)))
    lo = max(lo, pos - 600, 0)
    heads = [m for m in _BODY_HEAD_RE.finditer(text, lo, pos) if not _inside_quote(text, lo, m.start())]
    if not heads:
        return None
    # The sentence's first body is its subject more often than not: "China's foreign
    # ministry issued a statement" speaks as the ministry, not as the statement.
    sentence = max(text.rfind(". ", lo, heads[-1].start()), text.rfind("\n", lo, heads[-1].start())) + 1
    head = next(m for m in heads if m.start() >= sentence or m is heads[-1])
    words, _ = _words_before(text, lo, head.start())
    lead = _NP_LEAD_RE.search(" ".join(words[-4:]) + (" " if words else ""))
    # Keep the phrase from its determiner, possessive or first capital on.
    tokens = ((lead.group(0) if lead else "") + head.group(0)).split()
    for i, w in enumerate(tokens):
        if _clean_tok(w) in ("the", "its", "their") or _is_cap(w):
            tokens = tokens[i:]
            break
    else:
        tokens = tokens[-1:]
    if len(tokens) > 1 and _clean_tok(tokens[0]) == "the" and _is_cap(tokens[1]):
        tokens = tokens[1:]  # "the Pentagon" -> "Pentagon", as named bodies are written
    return " ".join(tokens)


def _inside_quote(text: str, lo: int, pos: int) -> bool:
    """Whether `pos` is inside a quotation opened after `lo` and not closed before it."""
    seg = text[lo:pos]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


def _pronoun_antecedent(ctx: _Context, pos: int, gender: str) -> _Entity | None:
    """The person "he"/"she" at a quote opening at `pos` refers to, when the text makes it
    clear: the last fitting subject earlier in the same paragraph; else the previous
    paragraph's last quoted speaker or its only fitting subject. None when unclear (the
    speaker is then left as the pronoun)."""
    pi = bisect.bisect_right(ctx.para_starts, pos) - 1
    if pi < 0:
        return None
    lo = ctx.para_starts[pi]
    fits = lambda e: e.gender is None or e.gender == gender  # noqa: E731
    i = bisect.bisect_left(ctx.subject_pos, pos)
    j = i
    while j > 0 and ctx.subject_pos[j - 1] >= lo:
        j -= 1
        ent = ctx.subjects[j][1]
        if fits(ent):
            return ent
    if pi == 0:
        return None
    plo = ctx.para_starts[pi - 1]
    last_spk = [e for p, e in ctx.speakers if plo <= p < lo]
    if last_spk and fits(last_spk[-1]):
        return last_spk[-1]
    prev = {id(e): e for p, e in ctx.subjects[:j] if plo <= p < lo and fits(e)}
    if len(prev) == 1:
        return next(iter(prev.values()))
    return None


def _recent_person(ctx: _Context, pos: int, head: str | None,
                   gender: str | None = None) -> _Entity | None:
    """The most recent fitting person before `pos`: for a pronoun, the last person who was
    a sentence subject (of a fitting gender when known); for a description ("the
    senator"), the last person whose role contains its head noun."""
    if head is None:
        i = bisect.bisect_left(ctx.subject_pos, pos)
        while i > 0:
            i -= 1
            ent = ctx.subjects[i][1]
            if pos - ctx.subjects[i][0] > 4000:
                break
            if gender is None or ent.gender is None or ent.gender == gender:
                return ent
        i = bisect.bisect_left(ctx.mention_pos, pos)
        if i > 0:
            return ctx.mentions[i - 1][1]
        return None
    i = bisect.bisect_left(ctx.mention_pos, pos)
    seen = 0
    while i > 0 and seen < 40:
        i -= 1
        seen += 1
        ent = ctx.mentions[i][1]
        if ent.role and head in ent.role.lower():
            return ent
    return None


# ----------------------------------------------------------------- filters
def _keep(r: _Raw, text: str, has_speaker: bool) -> bool:
    body = text[r.start : r.end]
    words = _WORD_RE.findall(body)
    n = len(words)
    if n == 0:
        return False
    if r.kind == "fragment":
        # a quoted phrase inside a sentence is a quotation only when a cue attributes it
        # or when it is long enough to be speech rather than a term
        return (r.own_cue and n >= 5) or (has_speaker and n >= 8)
    if n <= 4 and not (has_speaker and (r.own_cue or body.rstrip()[-1:] in ".?!,")):
        return False
    caps = sum(1 for w in words if w[0].isupper())
    if not r.own_cue and n <= 10 and caps >= max(2, 0.6 * n) and body[-1:] not in ".?!,":
        return False  # a title ("The Art of the Deal"), not speech
    return True


# ----------------------------------------------------------------- entry point
def extract_quotes(text: str, spans: Sequence[tuple[int, int]] | None = None) -> tuple[Quote, ...]:
    """Direct quotations of `text` (in the paragraphs `spans`, or blank-line blocks)."""
    if not text:
        return ()
    paras = _paragraphs(text, spans)
    if not paras:
        return ()
    raws = _scan_marks(text, paras)
    if not raws:
        return ()
    _attribute(text, paras, raws)
    ctx = _build_context(text, paras, raws)
    quoted = [(r.open_pos, r.close_end) for r in raws]
    events_cache: dict[int, list[tuple[int, str, str]]] = {}

    def events(pi: int) -> list[tuple[int, str, str]]:
        if pi not in events_cache:
            ps, pe = paras[pi]
            events_cache[pi] = _paragraph_events(text, ps, pe, quoted)
        return events_cache[pi]

    # speakers for quotes without a cue of their own: the nearest earlier speaker of the
    # paragraph (a quote's or a speech event's), a later cued quote of the paragraph, the
    # previous paragraph's last speaker, the next paragraph's opening cued quote
    by_para: dict[int, list[_Raw]] = {}
    for q in raws:
        by_para.setdefault(q.first, []).append(q)

    def para_speakers(pi: int) -> list[tuple[int, str, str | None, int]]:
        got = [(e[0], e[1], e[2], e[0]) for e in events(pi)]
        got += [(q.open_pos, q.speaker_np, q.cue, q.np_pos) for q in by_para.get(pi, ())
                if q.speaker_np is not None]
        got.sort(key=lambda x: x[0])
        return got

    last_quote_spk: dict[int, _Raw] = {}  # paragraph -> its latest quote with a speaker

    def prior_speaker(r: _Raw) -> tuple[int, str, str | None, int] | None:
        ev = events(r.first)
        i = bisect.bisect_left(ev, (r.open_pos,)) - 1
        best = (ev[i][0], ev[i][1], ev[i][2], ev[i][0]) if i >= 0 else None
        q = last_quote_spk.get(r.first)
        if q is not None and (best is None or q.open_pos > best[0]):
            best = (q.open_pos, q.speaker_np, q.cue, q.np_pos)
        return best

    for r in raws:
        if r.speaker_np is not None:
            last_quote_spk[r.first] = r
            continue
        prior = prior_speaker(r)
        if prior:
            _, r.speaker_np, r.cue, r.np_pos = prior
            last_quote_spk[r.first] = r
            continue
        later = [q for q in by_para.get(r.first, ()) if q.start > r.start and q.own_cue]
        if later:
            q = later[0]
            r.speaker_np, r.np_pos, r.cue = q.speaker_np, q.np_pos, q.cue
            continue
        if r.first > 0 and r.open_pos == paras[r.first][0]:
            prev = para_speakers(r.first - 1)
            if prev:
                _, r.speaker_np, r.cue, r.np_pos = prev[-1]
                continue
        nxt = [q for q in by_para.get(r.last + 1, ()) if q.own_cue]
        if nxt and paras[r.last + 1][0] == nxt[0].open_pos:
            q = nxt[0]
            r.speaker_np, r.np_pos, r.cue = q.speaker_np, q.np_pos, q.cue

    out = []
    for r in raws:
        speaker = role = kind = None
        if r.speaker_np:
            speaker, role, kind = _resolve(r.speaker_np, r.np_pos, ctx, r.cue, r.open_pos)
            if kind == "person":
                ent = ctx.registry.get(" ".join(_clean_tok(w) for w in speaker.split()))
                if ent is not None:
                    ctx.speakers.append((r.open_pos, ent))
        if not _keep(r, text, speaker is not None):
            continue
        mention = _mention(r.speaker_np) if r.speaker_np else speaker
        out.append(Quote(text=text[r.start : r.end], start=r.start, end=r.end,
                         speaker=speaker, role=role, speaker_kind=kind,
                         cue=re.sub(r"\s+", " ", r.cue) if r.cue else None,
                         mention=mention or speaker))
    out.sort(key=lambda q: q.start)
    return tuple(out)
