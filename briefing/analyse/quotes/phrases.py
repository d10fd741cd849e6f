"""Speaker noun phrases: the grammar of the words before and after a speech cue.

`np_before` reads the phrase that ends right before a cue ("Name, a role, said"),
`np_after` the one right after it ("said Name, a role"), each with the appositive that
describes the speaker; `_np_ok` says whether words read as a speaker at all. Also the
token helpers (`clean_tok`, `is_cap`), the trie regex builder `alternation` and the
regexes for a cue or verb right after a name, shared by `cues` and `names`. A phrase here
is only text: `names` resolves it to a person or body.
"""

from __future__ import annotations

import re

from briefing.analyse.quotes.marks import ABBREV
from briefing.analyse.quotes.words import (
    BODY_NOUNS,
    CUE_VERBS,
    NAME_STOP_WORDS,
    NOT_NAME_WORDS,
    PERSON_NOUNS,
    PLACE_WORDS,
    PRONOUNS,
    TITLE_WORDS,
)


# ----------------------------------------------------------------- regexes and word sets
def alternation(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
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


VERBS = frozenset(CUE_VERBS)
PAREN_RE = re.compile(r"\s*\([^()]{0,40}\)")
_TOKEN_RE = re.compile(r"[^\s,;:]+")
DETERMINERS = frozenset("the a an one another some two three several many his her their its our".split())
_ADVERBS = frozenset(
    "also later then further once again previously recently simply flatly bluntly "
    "himself herself themselves itself has had have would will could may might "
    "however meanwhile repeatedly quickly last earlier now still even just only "
    "publicly privately separately frequently often already finally explicitly "
    "first never not did does do is was were since then soon promptly immediately "
    "quietly angrily bitterly".split()
)
_LINKS = frozenset("of for the and de da di du del der van von bin al le la y dos das".split())
_CLAUSE_BREAK_RE = re.compile(
    r"(?:[,;:()\[\]—–\"“”]|''|’’|\s-\s|(?<!\w)(?:that|and|but|while|when|because|after|"
    r"before|as|if|since|though|although|whereas|where|who|which|so|or|then)(?!\w))",
)
CUE_START_RE = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*)?(?:\w+ly\s+|also\s+|later\s+|then\s+|has\s+|had\s+)?"
    r"(?:" + alternation(VERBS) + r")\b"
)
# A finite verb right after a name: auxiliaries, regular pasts, and the irregular pasts
# news uses most ("met", "told", "held"), which make the name its clause's subject.
VERBISH_RE = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:has|had|is|was|will|would|did|\w+ed|met|told|left|made|took|gave|"
    r"held|sent|spoke|went|came|saw|led|won|lost|kept|brought|wrote|began|became|stood|sought|"
    r"flew|fought|paid|drew|chose|broke|struck|rose|knew|spent|sold|bought|built|felt|found|heard)\b"
)


# ----------------------------------------------------------------- tokens
def is_cap(tok: str) -> bool:
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


clean_tok = _CleanCache().__getitem__


def _strip_adverbs(words: list[str]) -> list[str]:
    while words and (clean_tok(words[-1]) in _ADVERBS or (
            words[-1].endswith("ly") and words[-1].islower() and len(words[-1]) > 4)):
        words = words[:-1]
    return words


# ----------------------------------------------------------------- noun phrases
def _np_ok(words: list[str]) -> bool:
    """Whether words (already without trailing adverbs) read as a speaker phrase."""
    if not words or len(words) > 12:
        return False
    last = clean_tok(words[-1])
    if len(words) == 1 and (last in PRONOUNS or last == "it"):
        return True
    first = clean_tok(words[0])
    if first in _PREPOSITIONS:
        return False  # "of Dayton", "in Ohio": a place or time, not a speaker
    if is_cap(words[-1]) and last not in NOT_NAME_WORDS:
        if first in DETERMINERS:
            return True
        # lower-case words before a name must read as a role ("opposition leader"), not
        # as a clause: no verbs or function words, and a title or person noun among them
        lows = [clean_tok(w) for w in words[:-1] if not is_cap(w)]
        if not lows:
            return True
        if any(w in NOT_NAME_WORDS and w not in _LINKS or w in VERBS or w in _ADVERBS
               for w in lows):
            return False
        return any(w in TITLE_WORDS or w in PERSON_NOUNS for w in lows) or (
            len(lows) <= 2 and not any(w.endswith(("ed", "ing")) for w in lows))
    head = desc_head(words)
    if head is None:
        return False
    if first in ("a", "an", "the") and 3 <= len(words) <= 6 and any(is_cap(w) for w in words[1:-1]) \
            and not any(clean_tok(w) in VERBS or clean_tok(w) in NOT_NAME_WORDS or w.endswith("ly")
                        for w in words[1:]):
        # "a China Coast Guard radio operator warned": an article, a proper name and a
        # noun before a speech verb is its subject whatever the head noun is
        return True
    return (first in DETERMINERS or first in TITLE_WORDS or is_cap(words[0])) and (
        head in PERSON_NOUNS or head in BODY_NOUNS)


def desc_head(words: list[str]) -> str | None:
    """Head noun of a description: the word before its first preposition."""
    for i, w in enumerate(words):
        if i and clean_tok(w) in ("of", "for", "at", "from", "with", "in", "to", "on", "who"):
            return clean_tok(words[i - 1])
    return clean_tok(words[-1]) if words else None


_CLAUSE_LOOKBACK = 200


def words_before(text: str, lo: int, hi: int) -> tuple[list[str], int]:
    """Words of the clause ending at `hi` (not before `lo`), and where it starts."""
    # The text after the last break, split off in C (a loop over the breaks in Python was
    # most of a quotation's cost in a paragraph without full stops), read back at most
    # _CLAUSE_LOOKBACK characters: a speaker phrase is a dozen words, and reading a whole
    # 600-character window for each quotation of such a paragraph costs 30 us each.
    seg = text[max(lo, hi - _CLAUSE_LOOKBACK) : hi]
    tail = _CLAUSE_BREAK_RE.split(seg)[-1]
    return tail.split(), hi - len(tail)


def np_before(text: str, lo: int, hi: int) -> tuple[str, int, str | None] | None:
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
            if 2 <= len(nw) <= 4 and all(is_cap(w) for w in nw) and not bodyish(nw):
                rwords, rstart = words_before(text, lo, comma)
                if rwords and any(clean_tok(w) in TITLE_WORDS or clean_tok(w) in PERSON_NOUNS
                                  for w in rwords):
                    return name_part, comma + 1 + text[comma + 1 : parts_end].find(nw[0]), \
                        " ".join(rwords)
        apps: list[str] = []
        # "Name, 30, of Town, State, who ..., said": ages, places and relative clauses
        # between a subject and its verb are skipped to find the head
        for _ in range(6):
            comma = text.rfind(",", lo, parts_end)
            part_lo = comma + 1 if comma >= 0 else lo
            words, wstart = words_before(text, part_lo, parts_end)
            chunk = text[wstart:parts_end].strip()
            if comma < 0:
                break
            if is_cap(chunk.split()[-1] if chunk.split() else "") and _np_ok(words) \
                    and text[part_lo:parts_end].strip() == chunk and apps \
                    and not _place_part(text, lo, comma, words):
                return chunk, wstart, _role_part(apps)
            apps.append(text[part_lo:parts_end].strip())
            parts_end = comma
        words, wstart = words_before(text, lo, parts_end)
        if apps and words and _np_ok(words) and is_cap(words[-1]):
            return " ".join(words), wstart, _role_part(apps)
        return None
    # only a phrase that ends with ")" can end with a parenthesis: the search is skipped
    # (it is tried at each of the 42 offsets) for the others
    paren = PAREN_RE.search(text, max(lo, seg_end - 42), seg_end) if text.endswith(")", 0, seg_end) else None
    if paren and paren.end() == seg_end:
        seg_end = paren.start()
    words, wstart = words_before(text, lo, seg_end)
    words = _strip_adverbs(words)
    if not _np_ok(words):
        return None
    if len(words) == 1 and words[0].lower() == "it" and _PASSIVE_IT_RE.match(text, wstart, hi):
        return None  # "it is said that", "it was reported": no one speaks
    joined = _coordination_start(text, lo, wstart) if all_cap(words) else wstart
    if joined < wstart:
        words, wstart = text[joined:seg_end].split(), joined
    return " ".join(words), wstart, None


def title_word(word: str) -> bool:
    """A title, singular or plural ("Senator", "Sens.", "Ministers")."""
    low = clean_tok(word)
    return low in TITLE_WORDS or (low.endswith("s") and low[:-1] in TITLE_WORDS)


_PASSIVE_IT_RE = re.compile(r"\s*[Ii]t\s+(?:is|was|were|are|has been|had been|have been)\b")


def all_cap(words: list[str]) -> bool:
    return bool(words) and len(words) <= 4 and all(is_cap(w) for w in words)


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
        words, wstart = words_before(text, lo, m.start())
        titled = words[1:] if words and title_word(words[0]) else words
        if not all_cap(titled) or bodyish(titled) or any(clean_tok(w) in NOT_NAME_WORDS for w in titled):
            return joined
        joined = wstart


_PLACE_LEAD = frozenset("of from in near outside".split())
_PREPOSITIONS = frozenset("of from in near outside at to for with by on into about".split())


def _place_part(text: str, lo: int, comma: int, words: list[str]) -> bool:
    """Whether a capitalised comma part is a place: a known place word, or the state after
    a town ("of Dayton, Ohio")."""
    if len(words) <= 2 and all(clean_tok(w) in PLACE_WORDS for w in words):
        return True
    prev = text.rfind(",", lo, comma)
    left = text[prev + 1 if prev >= 0 else lo : comma].split()
    return bool(left) and len(words) <= 2 and clean_tok(left[0]) in _PLACE_LEAD


def _role_part(apps: list[str]) -> str | None:
    """The appositive to report as the role: the first that reads as one, else the one
    right after the name."""
    for a in reversed(apps):
        if looks_like_role(a):
            return a
    return None


def np_after(text: str, lo: int, hi: int) -> tuple[str, int, str | None] | None:
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
        low = clean_tok(tok)
        if words and low in NAME_STOP_WORDS and not (
                low in ("from", "by") and clean_tok(words[-1]) in BODY_NOUNS):
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
        if low == "of" and len(words) >= 2 and all(is_cap(w) for w in words) \
                and not any(clean_tok(w) in TITLE_WORDS for w in words):
            break  # "said Lou Brandt of the Brandt Report": the name ends before "of"
        words.append(tok.rstrip(".") if tok.endswith(".") and len(tok) > 2
                     and tok[:-1].lower() not in ABBREV and "." not in tok[:-1] else tok)
        end = m.end()
        if tok.endswith(".") and clean_tok(tok) not in ABBREV and len(tok) > 2 and "." not in tok[:-1]:
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
        app_end = appositive_end(text, end + 1, hi)
        cand = text[end + 1 : app_end].strip()
        if looks_like_role(cand):
            appos = cand
    return " ".join(words), start, appos


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


_APPOS_END_RE = re.compile(r"[,;\"“”—(]|\.(?=\s|$)")


def appositive_end(text: str, lo: int, hi: int) -> int:
    """Where an appositive starting at `lo` ends: the first comma, semicolon, quote mark,
    dash or parenthesis, or a full stop that ends a sentence (not an abbreviation's)."""
    for m in _APPOS_END_RE.finditer(text, lo, hi):
        i = m.start()
        if text[i] != ".":
            return i
        w = text[max(lo, i - 5) : i].rsplit(None, 1)
        if not (w and (w[-1].lower() in ABBREV or len(w[-1]) == 1)):
            return i
    return hi


def looks_like_role(s: str) -> bool:
    words = s.split()
    if not words or len(words) > 25:
        return False
    first = clean_tok(words[0])
    if first in ("who", "which", "whose", "according", "adding", "saying", "and", "but",
                 "in", "on", "at", "when", "as", "while", "after", "before", "if"):
        return False
    if first.isdigit():
        return False
    if first in ("a", "an", "the") and len(words) > 1:
        return True
    if first in TITLE_WORDS or first in PERSON_NOUNS:
        return True
    return any(clean_tok(w) in TITLE_WORDS or clean_tok(w) in PERSON_NOUNS for w in words[:4])


def bodyish(name: list[str]) -> bool:
    return any(clean_tok(w) in BODY_NOUNS for w in name)


def lower_title_before(text: str, lo: int, pos: int) -> list[str]:
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
        low = clean_tok(w)
        if w.islower() and (low in TITLE_WORDS or low in PERSON_NOUNS) and not w.endswith((",", ".")):
            out.insert(0, w)
            seg.pop()
            continue
        if out and w.islower() and len(out) < 4 and low not in NOT_NAME_WORDS and low not in VERBS \
                and low not in _ADVERBS and not w.endswith((",", ".", ":", "ed", "ing")) and len(low) > 2:
            out.insert(0, w)  # "foreign" in "foreign minister"
            seg.pop()
            continue
        if out and is_cap(w) and not w.endswith((",", ".", ":")) and low not in NOT_NAME_WORDS:
            out.insert(0, w)
            seg.pop()
            continue
        break
    return out
