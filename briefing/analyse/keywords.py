"""Keyword extraction: text in, ranked `Keyword`s out (YAKE; lower score = more relevant).

The only module that imports yake. Extractors are built once per process and per size,
because building one loads its stop-word list from disk.
"""

from __future__ import annotations

from functools import lru_cache

from briefing.model import Keyword

# Longest input handed to YAKE at once, cut at the last paragraph break before it. Its
# cost grows with the text (about 9 ms per 1,000 characters, the largest share of the
# per-article time), and it weights early positions anyway: a news story says what it is
# about in its lead. On the seeds and the scale corpus, 5.6 of the top 10 keywords of
# the first 4,000 characters are the whole article's (6.7 at 6,000, for half again the
# time), and the section keywords the briefs print come from their own sample (assemble.SECTION_CHARS).
MAX_CHARS = 4_000


@lru_cache(maxsize=8)
def _extractor(top: int) -> object:
    import yake

    return yake.KeywordExtractor(lan="en", n=3, dedupLim=0.7, top=top, features=None)


def extract_keywords(text: str, top: int = 10, limit: int = MAX_CHARS) -> tuple[Keyword, ...]:
    """The `top` keywords of the first `limit` characters of `text`, most relevant
    first; ties broken by text so the order never depends on dictionary iteration."""
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        text = text[: cut if cut > limit // 2 else limit]
    if not text.strip():
        return ()
    try:
        pairs = _extractor(top * 2).extract_keywords(text)  # type: ignore[attr-defined]
    except (ValueError, ZeroDivisionError, IndexError):
        # YAKE divides by term statistics that degenerate on text made only of
        # stop words or punctuation; such text simply has no keywords.
        return ()
    ranked = sorted(((round(float(s), 6), p) for p, s in pairs), key=lambda x: (x[0], x[1]))
    kept: list[Keyword] = []
    for score, phrase in ranked:
        # YAKE lists "United States", then "United" and "States" again; a phrase whose
        # words sit inside a better-ranked phrase adds nothing for a reader.
        padded = f" {phrase.casefold()} "
        if any(padded in f" {k.text.casefold()} " for k in kept):
            continue
        kept.append(Keyword(phrase, score))
        if len(kept) == top:
            break
    return tuple(kept)
