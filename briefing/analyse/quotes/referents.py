"""What a pronoun, a description or a document stands for in a quote's article.

"he"/"she" is the antecedent the text makes clear, "they" the two people just named, "the
senator" the last person with that role (or, bare, the paragraph's subject), "the
president added" the last speaker who fits, "it" the body last named, "the readout" the
body that issued it. Each looks back a bounded distance (a paragraph or two, or a fixed
number of characters or mentions), so a quote costs the same however long the article.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from briefing.analyse.quotes.marks import UP, WordIndex
from briefing.analyse.quotes.phrases import DETERMINERS, clean_tok, is_cap, words_before
from briefing.analyse.quotes.words import BODY_NOUNS

if TYPE_CHECKING:
    from briefing.analyse.quotes.names import _Context, _Entity

__all__ = [
    "ISSUED_RE",
    "THE_DOCUMENT_RE",
    "issuer_of",
    "last_speaker",
    "pair_before",
    "paragraph_subject",
    "pronoun_antecedent",
    "recent_body",
    "recent_person",
]

_DOCUMENTS = "statement|release|readout|communique|communiqué|report|letter|post|tweet"
# "the readout reports further", after "the White House readout": the document speaks for
# the body that issued it, named where the document was first mentioned.
THE_DOCUMENT_RE = re.compile(rf"^the\s+(?:\w+\s+)?(?P<doc>{_DOCUMENTS})$", re.IGNORECASE)
ISSUED_RE = re.compile(rf"^(?:the\s+)?(?P<who>[{UP}][\w.’'-]*(?:\s+[{UP}][\w.’'-]*){{1,4}})\s+(?:{_DOCUMENTS})$")
_ISSUER_BEFORE_RE = {
    doc: re.compile(rf"(?P<who>(?:[{UP}][\w.’'-]*\s+){{1,4}}?)(?:[a-z]+\s+)?{doc}\b"
                    rf"|\b{doc}\s+(?:from|by|of|issued by)\s+(?:the\s+)?(?P<who2>(?:[{UP}][\w.’'-]*\s*){{1,5}})")
    for doc in _DOCUMENTS.split("|")
}


def issuer_of(text: str, pos: int, doc: str) -> str | None:
    """The capitalised body named with the last mention of `doc` before `pos` (within the
    three paragraphs' worth of text a reader keeps in mind), without a leading "The"."""
    last = None
    for m in _ISSUER_BEFORE_RE[doc].finditer(text, max(0, pos - 3000), pos):
        last = m
    if last is None:
        return None
    who = (last.group("who") or last.group("who2") or "").split()
    if who and who[0].lower() == "the":
        who = who[1:]
    if who and who[0].lower().rstrip("’'s") in DETERMINERS:
        return None
    return " ".join(who).rstrip("’'s ,") or None


_NEXT_WORD_RE = re.compile(r" (\w+)")
_NP_LEAD_RE = re.compile(rf"(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[{UP}][\w.-]*['’]s?)\s+)?(?:[\w-]+\s+){{0,3}}$")


def recent_body(ctx: _Context, pos: int) -> str | None:
    """The organisation or document named last before `pos` (where an "it" speaks),
    looking no further back than the previous paragraph: "China's foreign ministry",
    "the letter", "the Pentagon". None when there is none."""
    text = ctx.text
    # both blank lines looked for in the 600 characters only: from the text's start, a
    # paragraph of a megabyte was searched back to it for every "it said"
    floor = max(pos - 600, 0)
    lo = text.rfind("\n\n", floor, max(0, text.rfind("\n\n", floor, pos)))
    lo = max(lo, floor)
    if ctx.body_words is None:
        ctx.body_words = WordIndex(text, BODY_NOUNS)
    heads = ctx.body_words.unquoted(lo, pos)
    if not heads:
        return None
    # The sentence's first body is its subject more often than not: "China's foreign
    # ministry issued a statement" speaks as the ministry, not as the statement.
    sentence = max(text.rfind(". ", lo, heads[-1].start()), text.rfind("\n", lo, heads[-1].start())) + 1
    head = next(m for m in heads if m.start() >= sentence or m is heads[-1])
    words, _ = words_before(text, lo, head.start())
    lead = _NP_LEAD_RE.search(" ".join(words[-4:]) + (" " if words else ""))
    # Keep the phrase from its determiner, possessive or first capital on.
    # The whole head: "State department", "Foreign Ministry", not "State".
    head_end = head.end()
    while (more := _NEXT_WORD_RE.match(text, head_end, pos)) and more.group(1).lower() in ctx.body_words.vocabulary:
        head_end = more.end()
    tokens = ((lead.group(0) if lead else "") + text[head.start() : head_end]).split()
    for i, w in enumerate(tokens):
        if clean_tok(w) in ("the", "its", "their") or is_cap(w):
            tokens = tokens[i:]
            break
    else:
        tokens = tokens[-1:]
    if len(tokens) > 1 and clean_tok(tokens[0]) == "the" and is_cap(tokens[1]):
        tokens = tokens[1:]  # "the Pentagon" -> "Pentagon", as named bodies are written
    return " ".join(tokens)


def pronoun_antecedent(ctx: _Context, pos: int, gender: str) -> _Entity | None:
    """The person "he"/"she" at a quote opening at `pos` refers to, when the text makes it
    clear: the last fitting subject earlier in the same paragraph; else the previous
    paragraph's last quoted speaker or its only fitting subject. None when unclear (the speaker is then left as the pronoun)."""
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
    # the previous paragraph's subjects only, found by bisection (subjects are in text
    # order): reading all before it made each pronoun cost the article's subjects
    k = bisect.bisect_left(ctx.subject_pos, plo, 0, j)
    prev = {id(e): e for p, e in ctx.subjects[k:j] if plo <= p < lo and fits(e)}
    if len(prev) == 1:
        return next(iter(prev.values()))
    return None


def pair_before(ctx: _Context, pos: int) -> tuple[_Entity, _Entity] | None:
    """The two people "they" at `pos` stands for, when this paragraph (before `pos`) and
    the one before it name exactly two ("Xi ... met his counterpart Putin")."""
    pi = bisect.bisect_right(ctx.para_starts, pos) - 1
    if pi < 0:
        return None
    lo = ctx.para_starts[max(0, pi - 1)]
    people: dict[int, _Entity] = {}
    i = bisect.bisect_left(ctx.mention_pos, pos)
    while i > 0 and ctx.mention_pos[i - 1] >= lo:
        i -= 1
        ent = ctx.mentions[i][1]
        people.setdefault(id(ent), ent)
        if len(people) > 2:
            return None
    if len(people) != 2:
        return None
    first, second = sorted(people.values(), key=lambda e: e.first_pos)
    return first, second


def last_speaker(ctx: _Context, pos: int, head: str) -> _Entity | None:
    """The quoted speaker of this paragraph or the one before whose role fits `head`
    ("the president added" after Biden's quote, though Xi was named since): a reader
    follows who is speaking before who was mentioned last."""
    pi = bisect.bisect_right(ctx.para_starts, pos) - 1
    lo = ctx.para_starts[max(0, pi - 1)] if pi >= 0 else 0
    for p, ent in reversed(ctx.speakers):
        if p >= pos:
            continue
        if p < lo:
            break
        if ent.role and head in ent.role.lower():
            return ent
    return None


def paragraph_subject(ctx: _Context, pos: int) -> _Entity | None:
    """The person a description whose role the text never gave ("The diplomat said",
    after "Blinken said.") stands for: the last person subject earlier in the same
    paragraph, as a reader takes it. None when the paragraph has none."""
    i = bisect.bisect_left(ctx.subject_pos, pos)
    pi = bisect.bisect_right(ctx.para_starts, pos) - 1
    if i == 0 or pi < 0 or ctx.subject_pos[i - 1] < ctx.para_starts[pi]:
        return None
    return ctx.subjects[i - 1][1]


def recent_person(ctx: _Context, pos: int, head: str | None,
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
