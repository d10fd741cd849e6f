"""Speech cues: which speaker phrase each quotation belongs to (step 2 of the package docstring).

`attribute` classes each quotation as a direct quote or a fragment of a sentence and looks
for its own cue ("said", "according to", "saying") in its sentence, right or left of the
marks, with the noun phrase that cue links it to (`_find_cue_np`, `_participle_subject`).
`paragraph_events` lists a paragraph's speech events outside its quotes, which quotes
without a cue of their own borrow in `extract_quotes`.
"""

from __future__ import annotations

import bisect
import re
from itertools import islice

from briefing.analyse.quotes.marks import (
    MARK_RE,
    UP,
    Raw,
    Sentences,
    Unquoted,
    unquoted_matches,
)
from briefing.analyse.quotes.phrases import (
    CUE_START_RE,
    DETERMINERS,
    VERBISH_RE,
    VERBS,
    alternation,
    clean_tok,
    lower_title_before,
    np_after,
    np_before,
)
from briefing.analyse.quotes.words import (
    CUE_PARTICIPLES,
    CUE_PHRASES,
    CUE_VERBS,
    NOT_NAME_WORDS,
    PRONOUNS,
)

# ----------------------------------------------------------------- regexes
_cue_words = sorted(set(CUE_VERBS) | set(CUE_PARTICIPLES), key=len, reverse=True)
_cue_phrases = sorted(CUE_PHRASES, key=len, reverse=True)
# Case-sensitive: "States" in "United States" is not the verb; sentence-initial phrases
# ("According to", "In a statement") get their capitalised form too.
_CUE_RE = re.compile(
    r"(?<![\w'’-])(?:(?P<phrase>"
    + alternation(_cue_phrases + [p[0].upper() + p[1:] for p in _cue_phrases])
    + r")|(?P<verb>"
    + alternation(_cue_words)
    + r"))(?![\w'’-])"
)
_PARTICIPLES = frozenset(CUE_PARTICIPLES)
_SPACES_RE = re.compile(r"\s+")


# ----------------------------------------------------------------- cue and speaker phrase
def _find_cue_np(text: str, lo: int, hi: int, unquoted: Unquoted,
                 side: str) -> tuple[str, int, str | None, str] | None:
    """A cue in text[lo:hi] and its speaker phrase. side="right": the first cue, right after
    a closing mark; side="left": the last cue before an opening mark."""
    found = unquoted.forward(lo, hi) if side == "right" else unquoted.backward(lo, hi)
    cues = list(islice((m for m in found if not _noun_use(text, m)), 1 if side == "right" else 2))
    for m in cues:
        phrase = m.group("phrase")
        word = m.group().lower()
        cue = _SPACES_RE.sub(" ", m.group())
        if phrase is not None and word.startswith("according"):
            got = np_after(text, m.end(), hi)
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
        # searched from just before the trailing words: from the window's start, the
        # search tried every offset of up to 600 characters for each quotation
        if _coordinated_end(before_text):
            # "Name smiled and said", "was prompted to say": the clause's subject speaks
            got = _participle_subject(text, lo, m.start(), "")
            if got:
                return got[0], got[1], got[2], cue
        got = np_before(text, lo, m.start())
        if got and (side == "left" or _np_clean_gap(text, lo, got[1]) or _closes_sentence(text, got[1], m.end())):
            return got[0], got[1], got[2], cue
        if side == "right" and got is None:
            # '"Q," the bespectacled, 71-year-old diplomat said'
            gap = before_text.strip(" ,\t\n")
            gw = gap.split()
            if gw and len(gw) <= 8 and clean_tok(gw[0]) in DETERMINERS \
                    and not any(clean_tok(w) in VERBS or clean_tok(w) in ("and", "but", "that")
                                for w in gw):
                return gap.rstrip(","), lo + before_text.find(gap), None, cue
        # After "told" comes who was told, never who spoke ("who told Congress: ..."); so
        # after "warned"/"urged" when the cue comes first ("warns the ship against “..."),
        # while '"...," warned the minister' names the speaker.
        if (not before_text.strip(" ,\t\n\"“”") or side == "left") and word not in _ADDRESSED[side]:
            end = hi
            got = np_after(text, m.end(), end)
            if got:
                return got[0], got[1], got[2], cue
    return None


_TOLD = frozenset({"told", "tells", "tell"})
_ADDRESSED = {"right": _TOLD, "left": _TOLD | {"warned", "warns", "warn", "urged", "urges", "urge",
                                                "asked", "asks", "ask", "reminded", "reminds"}}
_POSSESSIVE_END_RE = re.compile(r"\w(?:['’]s|s['’])\s+$")
_NOT_NOUNS = frozenset("said told say says".split())


def _noun_use(text: str, m: re.Match[str]) -> bool:
    """A cue word after a possessive is a noun ("the editor's note", "Trump's remarks")."""
    return m.group("verb") is not None and m.group().lower() not in _NOT_NOUNS \
        and _possessive_before(text, max(0, m.start() - 30), m.start())


# The two end-anchored patterns are read with string methods: a search for "... then
# spaces, at the end" tries every offset of its window and backtracks through each word.
_WORD_CHAR_RE = re.compile(r"\w")


def _possessive_before(text: str, lo: int, st: int) -> bool:
    """`_POSSESSIVE_END_RE.search(text, lo, st)`: "Trump's " or "officials' " before `st`."""
    if st <= lo or not text[st - 1].isspace():
        return False
    j = lo + len(text[lo:st].rstrip())
    return j - 3 >= lo and text[j - 2 : j] in ("'s", "’s", "s'", "s’") \
        and _WORD_CHAR_RE.match(text, j - 3) is not None


_COORD_END_RE = re.compile(r"(?:\w\s+(?:and|but)|\bto)\s+$")


def _coordinated_end(before: str) -> bool:
    """`_COORD_END_RE.search(before, max(0, len(before.rstrip()) - 80))`: the text ends
    with "and"/"but" after a word, or with "to", then spaces."""
    t = before.rstrip()
    if len(t) == len(before):
        return False
    if t.endswith("to"):
        if len(t) == 2 or _WORD_CHAR_RE.match(t, len(t) - 3) is None:
            return True
    if t.endswith(("and", "but")):
        u = t[:-3]
        v = u.rstrip()
        if len(v) < len(u) and v and _WORD_CHAR_RE.match(v, len(v) - 1) is not None \
                and len(v) - 1 >= max(0, len(t) - 80):
            return True
    return False


_SENTENCE_CLOSE_RE = re.compile(r"[ \t]*[.!?](?:\s|$)")


def _closes_sentence(text: str, np_start: int, cue_end: int) -> bool:
    """", Blinken said." at the end of the sentence that holds the quote: the speaker and
    cue of the whole sentence ("The U.S. “would welcome ...” in resolving the conflict,
    Blinken said."), whatever words come between the closing mark and them."""
    return text[max(0, np_start - 3) : np_start + 1].rstrip().endswith(",") and bool(_SENTENCE_CLOSE_RE.match(text, cue_end))


def _np_clean_gap(text: str, lo: int, np_start: int) -> bool:
    return not text[lo:np_start].strip(" ,\t\n\"“”—-")


_SUBJ_CAND_RE = re.compile(
    rf"(?<![\w'’-])(?:[Hh]e|[Ss]he|[Tt]hey|[{UP}][\w'’.\-]*(?:\s+[{UP}][\w'’.\-]*)*)(?![\w'’-])"
)


_ADVERB_GAP = re.compile(r"\s+(?:[a-z]+ly\s+)?")


def _followed_by_cue(tail: str) -> bool:
    return bool(CUE_START_RE.match(tail))


def _followed_by_verb(tail: str) -> bool:
    return bool(VERBISH_RE.match(tail))


_PARTICIPLE_REACH = 300


def _participle_subject(text: str, lo: int, hi: int, word: str) -> tuple[str, int, str | None] | None:
    """Subject of "..., saying: 'Q'": the last noun phrase of the sentence that a verb
    follows (or, for "quoted X as saying", the object of "quoted")."""
    # A participle's subject stands in its own clause: 300 characters back is further
    # than any in the dev sets, and the cue search below is a regex over this window
    # (over the sentence's whole 600 it was the dearest scan of a page of participles).
    lo = max(lo, hi - _PARTICIPLE_REACH)
    seg = text[lo:hi]
    if word == "saying":
        q = re.search(r"\bquot(?:ed|es|ing)\s+", seg)
        if q and re.search(r"\bas\s*$", seg):
            got = np_after(text, lo + q.end(), hi)
            if got:
                return got
    # "Name said, adding: ..." -> the finite cue's subject
    cues = [m for m in _CUE_RE.finditer(text, lo, hi) if m.group().lower() in VERBS]
    if cues:
        got = np_before(text, lo, cues[-1].start())
        if got:
            return got
    best = None
    for m in _SUBJ_CAND_RE.finditer(text, lo, hi):
        words = m.group().split()
        while words and clean_tok(words[0]) in NOT_NAME_WORDS and clean_tok(words[0]) not in PRONOUNS:
            words = words[1:]
        if not words:
            continue
        tail = text[m.end() : min(hi, m.end() + 60)]
        # "with spokesman Glen Caplin saying," / "footage of Clinton asking,": the noun
        # phrase right before the participle (an adverb may sit between) is its subject.
        if _ADVERB_GAP.fullmatch(text, m.end(), hi):
            start = m.end() - len(" ".join(words))
            best = (" ".join(lower_title_before(text, lo, start) + words), start, None)
            continue
        if _followed_by_verb(tail) or _followed_by_cue(tail) or (
                tail.startswith(", ") and _followed_by_verb(tail[tail.find(",", 2) + 1 :]
                                                            if tail.find(",", 2) > 0 else "")):
            start = m.end() - len(" ".join(words))
            role = lower_title_before(text, lo, start)
            best = (" ".join(role + words), start, None)
    return best


# ----------------------------------------------------------------- attribution
def attribute(text: str, paras: list[tuple[int, int]], raws: list[Raw], sentences: Sentences) -> Unquoted:
    """Each quotation's own cue and speaker phrase, set on its `Raw`. Returns the index of
    cues outside the quotes, which `paragraph_events` reads again."""
    quoted = [(r.open_pos, r.close_end) for r in raws]
    unquoted = Unquoted(_CUE_RE, text, paras, quoted)
    for r in raws:
        ps, pe = paras[r.first]
        sent = sentences.start(ps, r.open_pos)
        left = text[sent : r.open_pos].strip()
        if left and not left.endswith((":", ",")) and not (left.endswith(("—", "-")) and len(left) < 3):
            r.kind = "fragment"
        elif left.endswith(",") and not _CUE_RE.search(text, sent, r.open_pos):
            r.kind = "fragment"
        if r.kind == "fragment":
            # a quoted fragment belongs to the sentence around it: its cue comes first
            got = _find_cue_np(text, sent, r.open_pos, unquoted, "left")
            if got:
                r.speaker_np, r.np_pos, appos, r.cue = got
                r.own_cue = True
                r.speaker_np = _with_appos(r.speaker_np, appos)
                continue
        # right side: after the closing mark, up to the next quote or the sentence's end
        if r.close_pos >= 0:
            ps, pe = paras[r.last]
            nxt = MARK_RE.search(text, r.close_end, pe)
            hi = nxt.start() if nxt else pe
            hi = min(hi, sentences.end(r.close_end, hi))
            got = _find_cue_np(text, r.close_end, hi, unquoted, "right")
            if got:
                r.speaker_np, r.np_pos, appos, r.cue = got
                r.own_cue = True
                r.speaker_np = _with_appos(r.speaker_np, appos)
        if r.speaker_np is None and left and r.kind != "fragment":
            got = _find_cue_np(text, sent, r.open_pos, unquoted, "left")
            if got:
                r.speaker_np, r.np_pos, appos, r.cue = got
                r.own_cue = True
                r.speaker_np = _with_appos(r.speaker_np, appos)
    return unquoted


def _with_appos(np: str, appos: str | None) -> str:
    """The phrase with its appositive after a NUL, split off again by `names.resolve`
    and `names.mention_of`."""
    return np + "\x00" + appos if appos else np


def paragraph_events(text: str, ps: int, pe: int, quoted: list[tuple[int, int]],
                     sentences: Sentences, unquoted: Unquoted | None = None) -> list[tuple[int, str, str]]:
    """Speech events of a paragraph outside its quotes: (offset, phrase, cue). `unquoted`,
    the index `attribute` made of the same `quoted` spans, saves scanning for cues again."""
    out = []
    found = unquoted.forward(ps, pe) if unquoted is not None else unquoted_matches(_CUE_RE, text, ps, pe, quoted)
    for m in found:
        if _noun_use(text, m):
            continue
        word = m.group().lower()
        if m.group("phrase") is not None or word in _PARTICIPLES:
            continue
        lo = sentences.start(ps, m.start())
        # not back across a quote that closed before the cue
        i = bisect.bisect_left(quoted, (m.start(), -1)) - 1
        if i >= 0 and lo < quoted[i][1] <= m.start():
            lo = quoted[i][1]
        got = np_before(text, lo, m.start())
        if got is None and not text[lo : m.start()].strip(" ,"):
            got = np_after(text, m.end(), min(pe, m.end() + 200))
        if got:
            out.append((m.start(), _with_appos(got[0], got[2]), m.group()))
    return out
