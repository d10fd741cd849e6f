"""Direct quotations in an article, each with its speaker, the speaker's role and the cue.

In: an article's full text and (optionally) the paragraph spans to read, in order.
Out: `model.Quote` objects ordered by start offset, with `text == source[start:end]`
(quote marks excluded, never rewritten).

How (rules only, no statistical model, regexes compiled at import; the word lists are in
`words.py`):
1. Marks (`marks.py`). Double quote marks (straight, curly, low-9, guillemets) are classed
   as opening or closing by the characters around them (space before = opening, space or
   punctuation after = closing), falling back on their shape. Single marks only nest
   inside a quote. A quote left open at a paragraph's end continues when the next
   paragraph opens with a mark (the news convention for multi-paragraph quotes), else it
   is cut off there.
2. Cues (`cues.py`, reading noun phrases with the grammar of `phrases.py`). In the quote's
   own sentence a speech verb ("said", "told", "according to", "saying") links it to a
   noun phrase: "Q," Name said / "Q," said Name / Name said: "Q" / Name, a role, said "Q" /
   a role Name said "Q". A quote without its own cue takes the nearest speech event of
   its paragraph, then the previous paragraph's last one, then the next paragraph's first
   attributed quote (that fallback is `extract_quotes`, here).
3. Speakers (`names.py`). Noun phrases are split into role words and a name; full names
   and roles are registered in text order (pre-name titles and appositives), so a later
   surname-only mention, "Mr. Surname" or "Org's Surname" maps to the full name first
   given, and he/she/they or "the senator"-style descriptions map to the most recent
   fitting person. What is shown (`display.py`): a defined acronym as the body it stands
   for, no relative clause or quote tail in a speaker or role.
4. Filters (`_keep`, here). Unattributed fragments inside a sentence, short quoted terms
   (1-4 words) and quoted titles are scare quotes, not quotations, and are left out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from briefing.analyse.quotes.cues import attribute, paragraph_events
from briefing.analyse.quotes.marks import (
    Raw,
    Sentences,
    clip_to_marks,
    count_marks,
    in_order,
    mark_budget,
    paragraphs,
    scan_marks,
)
from briefing.analyse.quotes.display import acronyms, tidy
from briefing.analyse.quotes.names import build_context, mention_of, resolve
from briefing.analyse.quotes.phrases import clean_tok
from briefing.model import Quote

__all__ = ["count_marks", "extract_quotes", "mark_budget"]


# ----------------------------------------------------------------- filters
_WORD_RE = re.compile(r"\w+")
_SPACES_RE = re.compile(r"\s+")
_ENDS_SENTENCE_RE = re.compile(r"[.!?…,;:—-][\"'”’)]*\s*$")
# Pronouns resolve by the quote's own place, so their resolution is not shared.
_HE_SHE_RE = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)


# Eleven words or more: the rules below only ask whether a quote has up to ten, so a long
# quote is not split into its words. Tried at word starts only: from inside a long word
# the search would reread the word at each of its characters.
_ELEVEN_WORDS_RE = re.compile(r"(?<!\w)\w+(?:\W+\w+){10}")


def _keep(r: Raw, text: str, has_speaker: bool) -> bool:
    body = text[r.start : r.end]
    if _ELEVEN_WORDS_RE.search(body):
        n, words = 11, None
    else:
        words = _WORD_RE.findall(body)
        n = len(words)
    if n == 0:
        return False
    if words is not None and not r.own_cue and body.rstrip(",")[-1:] not in ".?!" \
            and sum(1 for w in words if w[0].isupper()) >= max(2, 0.6 * n):
        return False  # a title ("The Art of the Deal"), a chant ("U-S-A!"), not speech
    if r.kind == "fragment":
        # a quoted phrase inside a sentence is a quotation only when a cue attributes it
        # or when it is long enough to be speech rather than a term
        n = len(body.split())
        return (r.own_cue and n >= 5) or (has_speaker and n >= 6)
    if n <= 4 and not (has_speaker and (r.own_cue or body.rstrip()[-1:] in ".?!,")):
        return False
    return True


# ----------------------------------------------------------------- entry point
def extract_quotes(text: str, spans: Sequence[tuple[int, int]] | None = None) -> tuple[Quote, ...]:
    """Direct quotations of `text` (in the paragraphs `spans`, or blank-line blocks)."""
    if not text:
        return ()
    paras = clip_to_marks(text, paragraphs(text, spans))
    if not paras:
        return ()
    raws = scan_marks(text, paras)
    if not raws:
        return ()
    sentences = Sentences(text)
    cue_index = attribute(text, paras, raws, sentences)
    if not in_order(paras):
        cue_index = None  # it finds a paragraph by bisection: speech events scan their own
    ctx = build_context(text, paras, raws)
    quoted = [(r.open_pos, r.close_end) for r in raws]
    events_cache: dict[int, list[tuple[int, str, str]]] = {}

    def events(pi: int) -> list[tuple[int, str, str]]:
        if pi not in events_cache:
            ps, pe = paras[pi]
            events_cache[pi] = paragraph_events(text, ps, pe, quoted, sentences, cue_index)
        return events_cache[pi]

    # speakers for quotes without a cue of their own: the nearest earlier speaker of the
    # paragraph (a quote's or a speech event's), a later cued quote of the paragraph, the
    # previous paragraph's last speaker, the next paragraph's opening cued quote
    by_para: dict[int, list[Raw]] = {}
    for q in raws:
        by_para.setdefault(q.first, []).append(q)

    def para_speakers(pi: int) -> list[tuple[int, str, str | None, int]]:
        got = [(e[0], e[1], e[2], e[0]) for e in events(pi)]
        got += [(q.open_pos, q.speaker_np, q.cue, q.np_pos) for q in by_para.get(pi, ())
                if q.speaker_np is not None]
        got.sort(key=lambda x: x[0])
        return got

    last_quote_spk: dict[int, Raw] = {}  # paragraph -> its latest quote with a speaker
    # Each paragraph's quotes with a cue of their own, by start: found by bisection, as
    # a scan per quote is quadratic in a paragraph of many unattributed quotes.
    cued = {pi: [q for q in qs if q.own_cue] for pi, qs in by_para.items()}
    cued_starts = {pi: [q.start for q in qs] for pi, qs in cued.items()}

    def prior_speaker(r: Raw) -> tuple[int, str, str | None, int] | None:
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
        k = bisect.bisect_right(cued_starts.get(r.first, ()), r.start)
        if k < len(cued.get(r.first, ())):
            q = cued[r.first][k]
            r.speaker_np, r.np_pos, r.cue = q.speaker_np, q.np_pos, q.cue
            continue
        if r.first > 0 and r.open_pos == paras[r.first][0]:
            prev = para_speakers(r.first - 1)
            if prev:
                _, r.speaker_np, r.cue, r.np_pos = prev[-1]
                continue
        nxt = cued.get(r.last + 1)
        if nxt and paras[r.last + 1][0] == nxt[0].open_pos:
            q = nxt[0]
            r.speaker_np, r.np_pos, r.cue = q.speaker_np, q.np_pos, q.cue

    defined = acronyms(text) if "(" in text else {}
    out = []
    # Quotes without a cue share the phrase they borrowed: resolved once per phrase, cue
    # and offset. Only he, she and they depend on the quote's own offset (and on the speakers
    # before it), so those are resolved each time.
    resolved: dict[tuple[str, int, str | None], tuple[tuple[str | None, str | None, str | None], object]] = {}
    for r in raws:
        speaker = role = kind = None
        if r.speaker_np:
            key = (r.speaker_np, r.np_pos, r.cue)
            got = resolved.get(key)
            if got is None:
                who = resolve(r.speaker_np, r.np_pos, ctx, r.cue, r.open_pos)
                ent = None
                if who[2] == "person" and who[0] is not None:
                    ent = ctx.registry.get(" ".join(clean_tok(w) for w in who[0].split()))
                got = (who, ent)
                if not _HE_SHE_RE.search(r.speaker_np):
                    resolved[key] = got
            (speaker, role, kind), ent = got
            if ent is not None:
                ctx.speakers.append((r.open_pos, ent))  # type: ignore[arg-type]
        if r.close_pos < 0 and not _ENDS_SENTENCE_RE.search(text, r.start, r.end):
            # Cut off by the page mid-sentence ("... meet the moment. We c"): the quote is
            # what was said up to its last whole sentence, when it has one.
            cut = max(text.rfind(". ", r.start, r.end), text.rfind("? ", r.start, r.end), text.rfind("! ", r.start, r.end))
            if cut > r.start:
                r.end = cut + 1
        if not _keep(r, text, speaker is not None):
            continue
        if speaker in defined:
            speaker = defined[speaker]  # the body's name as the article spells it out
        speaker, role = tidy(speaker, role, kind)
        mention = mention_of(r.speaker_np) if r.speaker_np else speaker
        out.append(Quote(text=text[r.start : r.end], start=r.start, end=r.end,
                         speaker=speaker, role=role, speaker_kind=kind,
                         cue=_SPACES_RE.sub(" ", r.cue) if r.cue else None,
                         mention=mention or speaker))
    out.sort(key=lambda q: q.start)
    return tuple(out)
