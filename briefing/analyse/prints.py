"""A text's print for near-duplicate detection, made where the text is (in the worker
that analysed the article), so the corpus-wide grouping in `briefing.brief.dedupe` never
needs the text itself.

In:  one text. Out: its normalised tokens (`normalise_tokens`), shingles (`shingles`), a
`Fingerprint` to compare with `overlap`, or the `TextPrint` that `duplicate_groups` reads.

Normalisation (`normalise_tokens`): casefold, curly quotes and apostrophes made straight,
apostrophes inside words dropped ("Blinken’s" -> "blinkens"), dotted abbreviations joined
("U.S." -> "us"), every other punctuation mark a word break. Shingles are word k-grams
hashed with CRC-32, never Python's `hash()`, whose per-process salt would make results
differ from run to run. CRC-32 is three times faster than blake2b here (0.6 ms against
1.5 ms for an 11 kB article); with ~2,000 shingles per article a chance collision between
two articles shifts their overlap by about 1e-3.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import methodcaller

__all__ = [
    "DEFAULT_THRESHOLD",
    "SHORT_TOKENS",
    "Fingerprint",
    "TextPrint",
    "fingerprint",
    "normalise_tokens",
    "overlap",
    "shingles",
    "similarity",
    "text_print",
]

DEFAULT_THRESHOLD = 0.85
# Below this many distinct tokens a text is "short" and compared by token Jaccard.
SHORT_TOKENS = 60
_EMPTY = array("I")
# Texts with more shingles than this are verified on a consistent 1-in-4 sample of them,
# which keeps memory linear and small for 10,000 articles; the estimate of containment
# from ~450 sampled shingles of an average article is within a few hundredths.
FULL_LIMIT = 1000
VERIFY_MODULUS = 4

# Apostrophe look-alikes made straight. Double quotes need no mapping: like every other
# punctuation mark they only break words. (str.replace is several times faster than
# str.translate with a dict, which dominated the cost of normalising an article.)
_APOSTROPHES = ("\u2019", "\u2018", "\u201a", "\u201b", "\u2032", "\u00b4", "`")
# A dotted abbreviation, "U.S." or "U.K.": one word, so that it matches "US".
_ACRONYM = re.compile(r"\b(?:[^\W\d_]\.){2,}")
# A word, with apostrophes inside it ("don't", "blinken's") kept for now.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_DROP_APOSTROPHE = methodcaller("replace", "'", "")


def normalise_tokens(text: str) -> tuple[str, ...]:
    """The words of `text`: casefolded, quotes straightened, punctuation stripped."""
    for mark in _APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "'")
    if "." in text:
        text = _ACRONYM.sub(lambda m: m.group().replace(".", ""), text)
    folded = text.casefold()
    words = _WORD.findall(folded)
    if "'" in folded:
        # An apostrophe inside a word is dropped: "blinken's" -> "blinkens".
        return tuple(map(_DROP_APOSTROPHE, words))
    return tuple(words)


def _hash(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _shingle_hashes(tokens: Sequence[str], k: int) -> list[int]:
    """CRC-32 of each k-gram "w1 w2 ... wk", computed on slices of one encoded buffer
    (no per-shingle string joins: this is the hot loop for 10,000 articles)."""
    if not tokens:
        return []
    if len(tokens) < k:
        # A text shorter than one shingle is its own single shingle, so it is never empty.
        return [_hash(" ".join(tokens))]
    lengths = list(map(len, tokens))
    buf = " ".join(tokens).encode("utf-8")
    if len(buf) != sum(lengths) + len(tokens) - 1:
        lengths = [len(t.encode("utf-8")) for t in tokens]
    # Token i starts at starts[i] (each token and its space summed before it); the
    # shingle from token i ends one byte (the space) before token i + k starts. Every
    # step is a map over C callables: no Python bytecode runs per shingle.
    starts = list(accumulate(map((1).__add__, lengths), initial=0))
    ends = map((-1).__add__, starts[k:])
    return list(map(zlib.crc32, map(memoryview(buf).__getitem__, map(slice, starts, ends))))


def _shingles_of(tokens: Sequence[str], k: int) -> frozenset[int]:
    return frozenset(_shingle_hashes(tokens, k))


def shingles(text: str, k: int = 5) -> frozenset[int]:
    """Hashes of the normalised word k-grams of `text` (stable across runs and machines)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    return _shingles_of(normalise_tokens(text), k)


def _containment(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    common = len(a & b)
    # |a ∪ b| counted, not built: the union set cost as much as the intersection.
    return common / (len(a) + len(b) - common)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What `overlap` compares: a text's distinct normalised tokens and its shingles."""

    tokens: frozenset[str]
    shingles: frozenset[int]


def fingerprint(text: str, k: int = 5) -> Fingerprint:
    """Compute once, compare many times (`overlap`)."""
    toks = normalise_tokens(text)
    return Fingerprint(frozenset(toks), _shingles_of(toks, k))


def overlap(a: Fingerprint, b: Fingerprint) -> float:
    """Overlap in [0, 1] by the measure `duplicate_groups` uses: token Jaccard if either
    text is short, shingle containment otherwise."""
    if min(len(a.tokens), len(b.tokens)) < SHORT_TOKENS:
        return _jaccard(a.tokens, b.tokens)
    return _containment(a.shingles, b.shingles)


def similarity(a: str, b: str, k: int = 5) -> float:
    """Overlap of two texts in [0, 1] (see `overlap`)."""
    return overlap(fingerprint(a, k), fingerprint(b, k))

def _sample(s: frozenset[int]) -> frozenset[int]:
    """The consistent sample a long text is verified on."""
    return frozenset(h for h in s if not h % VERIFY_MODULUS)


@dataclass(frozen=True, slots=True)
class TextPrint:
    """What duplicate detection reads of one text, computed where the text is (a build
    computes it in the worker that analysed the article, so the text need not be kept).

    `digest` identifies the normalised text; `size` is its number of distinct tokens;
    `tokens` are those tokens when the text is short enough to be compared by Jaccard at
    `threshold`; `shingles` its sorted verification sample (all shingles when few, empty
    for a short text), `sampled` whether it is a sample.
    """

    digest: bytes
    size: int
    tokens: frozenset[str]
    shingles: array[int]
    sampled: bool
    threshold: float
    k: int


def text_print(text: str, threshold: float = DEFAULT_THRESHOLD, k: int = 5) -> TextPrint:
    """The `TextPrint` of `text`, for `duplicate_groups` at the same threshold and k."""
    toks = normalise_tokens(text)
    digest = hashlib.blake2b(" ".join(toks).encode(), digest_size=16).digest()
    distinct = frozenset(toks)
    # Jaccard >= t with a short text bounds the other's size by SHORT_TOKENS / t, so only
    # texts up to that size take part in the token pass and need their tokens.
    tokens = distinct if len(distinct) <= SHORT_TOKENS / threshold else frozenset()
    shingles, sampled = _EMPTY, False
    if len(distinct) >= SHORT_TOKENS:
        full = _shingles_of(toks, k)
        sampled = len(full) >= FULL_LIMIT
        shingles = array("I", sorted(_sample(full) if sampled else full))
    return TextPrint(digest, len(distinct), tokens, shingles, sampled, threshold, k)
