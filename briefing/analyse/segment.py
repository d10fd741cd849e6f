"""Segmentation: kept blocks in, paragraphs of sentences out, all as offsets.

In: a document id ("a03"), the document's text, and the kept block spans from `clean`.
Out: `Paragraph`s ("a03.p1", 1-based, in block order, empty blocks skipped) holding
`Sentence`s ("a03.p1.s1") whose `text == text[start:end]`.

The sentence splitter is rule based and linear: a break candidate is a run of terminal
marks (. ! ? … and their full-width forms) with any closing quotes or brackets after it;
it is a break unless the word before is an abbreviation or initial (Mr., Gen., U.S., J.),
the next word starts in lower case, or the next token is a number after an abbreviation
("No. 5", "Jan. 6"). After an initialism (U.S.) or a company suffix (Inc.) it breaks only
before a word that usually opens a sentence ("the U.S. The talks…").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.model import Paragraph, Sentence, Span

# Titles and other abbreviations that are never the end of a sentence.
_NEVER_END = frozenset(
    """mr mrs ms mx dr prof gen lt col maj capt cpt sgt cmdr adm brig rep sen gov pres
    rev fr sr jr st mt ft hon amb supt insp det gen. messrs mme mlle
    no nos vol vols fig figs pp p para art sec ch approx ca cf vs v
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Abbreviations that can also close a sentence.
_MAYBE_END = frozenset("inc ltd co corp llc plc bros etc al dept univ est govt intl".split())
# Words that commonly open an English sentence; after an ambiguous abbreviation a break
# is assumed only before one of these.
_STARTERS = frozenset(
    """the a an this that these those it its he she they we i you his her their our my
    but and or so yet however meanwhile in on at for as if when while after before since
    there here what why how who where some many most one two both all no not now then
    still also yet last next this such according despite although though other another
    each every nor mr mrs ms dr officials analysts critics""".split()
)

_TERMINAL = re.compile(
    r"(?:\.{2,}|…|[.!?]+|[。！？]+)[\"'”’»」』)\]]*"
)
_WORD_BEFORE = re.compile(r"([^\s\"'“‘(\[]*)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S" of "U.S.", "e.g" of "e.g."
_SPEAKER_AFTER = re.compile(
    r"(?:[A-Z][\w’'.-]*\s+){1,3}(?:said|says|asked|asks|added|adds|told|wrote|writes|"
    r"noted|notes|explained|continued|replied|stated|argued|warned|insisted|recalled)\b"
)
_OPENERS = "\"'“‘«「『([¿¡"
# Compiled once: `re.match(pattern, ...)` looks its pattern up in a cache at every call,
# and these run at every full stop.
_NEXT_WORD = re.compile(r"[\w’'-]+")
_LOWER_RUN_END = re.compile(r"[a-z]{2,}$")
_LIST_NUMBER = re.compile(r"\d{1,2}")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (start, end) inside text[start:end], trimmed of whitespace,
    in order and non-overlapping. A paragraph without a final mark ends at `end`."""
    start = max(0, start)
    end = min(len(text), end)
    out: list[tuple[int, int]] = []
    sent_start = start
    for m in _TERMINAL.finditer(text, start, end):
        cut = m.end()
        if not _is_break(text, sent_start, m, end):
            continue
        s, e = _trim(text, sent_start, cut)
        if s < e:
            out.append((s, e))
        sent_start = cut
    s, e = _trim(text, sent_start, end)
    if s < e:
        out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    # str.strip's whitespace is str.isspace's; measured by length, in C.
    if s >= e:
        return s, e
    chunk = text[s:e]
    left = chunk.lstrip()
    s += len(chunk) - len(left)
    return s, s + len(left.rstrip())


def _is_break(text: str, sent_start: int, m: re.Match[str], end: int) -> bool:
    marks = m.group(0)
    cut = m.end()
    if cut >= end:
        return False  # the paragraph's end closes the last sentence anyway
    if marks[0] in "。！？":
        return True
    nxt = text[cut]
    if not nxt.isspace():
        # "China.This": a missing space between two sentences; anything else (8.5, U.S.,
        # example.com, "?!") is inside a token.
        return (
            marks == "."
            and nxt.isupper()
            and cut + 1 < end
            and text[cut + 1].islower()
            and _LOWER_RUN_END.search(text[max(sent_start, m.start() - 20) : m.start()]) is not None
        )
    # Next visible character and word.
    j = cut
    while j < end and text[j].isspace():
        j += 1
    if j >= end:
        return False
    first = text[j]
    k = j
    while k < end and text[k] in _OPENERS:
        k += 1
    word_m = _NEXT_WORD.match(text[k:min(end, k + 40)])
    next_word = word_m.group(0) if word_m else ""
    if first.islower():
        return False
    if marks[-1] in "\"'”’»」』" and ("?" in marks or "!" in marks) and _SPEAKER_AFTER.match(text, j, min(end, j + 80)):
        return False  # '"So why now?" Wu said.': the attribution belongs to the quote
    if marks[0] in "!?…" or marks.startswith(".."):
        # "?” he asked" was caught above (lower case); otherwise a capital opens a sentence.
        return first.isupper() or first in _OPENERS or first.isdigit() or not first.isalpha() and not first.isdigit()
    # A single period: look at the word it closes.
    before = _WORD_BEFORE.search(text, max(sent_start, m.start() - 64), m.start())
    word = before.group(1) if before else ""
    bare = word.rstrip(".").lower()
    if marks == "." or marks[0] == ".":
        if not word:
            return True
        if _LIST_NUMBER.fullmatch(word) and text[sent_start:m.start()].strip() == word:
            return False  # "1. Background": a list number
        if bare in _NEVER_END and marks == ".":
            return False
        if len(word) == 1 and word.isalpha() and word.isupper() and marks == ".":
            return False  # an initial: "John F. Kennedy"
        if first.isdigit() and marks == "." and not word[-1:].isdigit():
            return False  # "No. 5", "EG. 5"
        if (_INITIALISM.match(word) or bare in _MAYBE_END) and marks == ".":
            return next_word.lower() in _STARTERS or first in _OPENERS
    return first.isupper() or first.isdigit() or first in _OPENERS or not first.isalpha()


def story_text(text: str, paragraphs: Sequence[Paragraph]) -> str:
    """A story's text as keywords and wire-copy detection read it: its paragraphs, one
    per line."""
    return "\n".join(text[p.start : p.end] for p in paragraphs)


def first_in_paragraph(sentence: Sentence) -> bool:
    """Whether the sentence opens its paragraph, from its id alone (analyses keep only
    the sentences later stages read, so its position in `Paragraph.sentences` is not it)."""
    return sentence.id.endswith(".s1")


def segment(doc_id: str, text: str, blocks: Sequence[Span]) -> tuple[Paragraph, ...]:
    """Paragraphs with sentences for the given kept blocks, ids "<doc_id>.p<n>.s<m>"."""
    paragraphs: list[Paragraph] = []
    for block in blocks:
        s, e = _trim(text, max(0, block.start), min(len(text), block.end))
        if s >= e:
            continue
        pid = f"{doc_id}.p{len(paragraphs) + 1}"
        sentences = tuple(
            Sentence(id=f"{pid}.s{n}", start=a, end=b, text=text[a:b])
            for n, (a, b) in enumerate(split_sentences(text, s, e), 1)
        )
        paragraphs.append(Paragraph(id=pid, start=s, end=e, sentences=sentences))
    return tuple(paragraphs)
