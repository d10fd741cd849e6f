"""A documented score for key points and quotes.

In:  plain numbers and strings — the weight of the taxonomy rule that placed the sentence,
     the sentence's text and its section's YAKE keywords, how many outlets carried it,
     and how many days lie between the article's date and the brief's as-of date — so
     ranking depends on no other stage.
Out: the total and its parts as ((name, value), ...), ready for `Point.score` and
     `Point.score_parts` in brief.json; and a deterministic order.

    score = W_SECTION        * section_relevance     (rule weight / strongest rule weight)
          + W_KEYWORD        * keyword_weight        (section keywords the sentence contains)
          + W_CORROBORATION  * corroboration         (outlets beyond the first)
          + W_RECENCY        * recency               (halves every RECENCY_HALF_LIFE days)
          + W_BREVITY        * brevity               (short enough to read at a glance)

Each part is in [0, 1] and the default weights sum to 1, so the score is in [0, 1] too.
Weights are module constants; `weights_from` builds them from a mapping (a taxonomy
file's `[ranking]` table, for instance) and rejects unknown names and negative values.

* section_relevance = min(1, rule_weight / max_rule_weight): a rule of the taxonomy's
  strongest weight gives 1.
* keyword_weight: YAKE scores are lower-is-better and scale-free, so each section keyword
  counts relative to the section's best one (best / score, in (0, 1]); the sum over the
  keywords the sentence contains (whole words, normalised) saturates at
  KEYWORD_SATURATION, so two strong keywords are a full mark.
* corroboration = min(1, (outlets - 1) / (CORROBORATION_FULL - 1)): a single source is 0,
  four or more distinct outlets are 1.
* recency = 0.5 ** (days / RECENCY_HALF_LIFE) for days >= 0 (a date after the as-of date
  counts as 0 days); an unknown date gets RECENCY_UNKNOWN, neither rewarded nor buried.
* brevity = 1 up to BREVITY_WORDS words, falling linearly to 0 at twice that: a senior
  reader takes in a 25-word sentence at a glance, a 60-word one not.

A key point must stand alone: `score_point` multiplies the total of a sentence that
leans on the one before it ("It also ...", "However, ...", "The move ...";
`lede.leans_on_previous`) by LEANING_FACTOR and records the part as "standalone" 0 (1
otherwise), so such a sentence is shown only where its section has nothing better.

Ties are broken by article id, then start offset (`order_key`, `rank`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from briefing.analyse.lede import leans_on_previous
from briefing.analyse.prints import normalise_tokens
from briefing.errors import ConfigError
from briefing.model import Keyword

__all__ = [
    "CORROBORATION_FULL",
    "DEFAULT_WEIGHTS",
    "KEYWORD_SATURATION",
    "LEANING_FACTOR",
    "RECENCY_HALF_LIFE",
    "RECENCY_UNKNOWN",
    "W_CORROBORATION",
    "W_KEYWORD",
    "W_RECENCY",
    "W_SECTION",
    "W_BREVITY",
    "brevity",
    "Weights",
    "corroboration",
    "keyword_weight",
    "order_key",
    "rank",
    "recency",
    "score",
    "score_point",
    "section_relevance",
    "weights_from",
]

W_SECTION = 0.30
W_KEYWORD = 0.25
W_CORROBORATION = 0.20
W_RECENCY = 0.15
W_BREVITY = 0.10
BREVITY_WORDS = 30

KEYWORD_SATURATION = 2.0
CORROBORATION_FULL = 4
RECENCY_HALF_LIFE = 7.0
RECENCY_UNKNOWN = 0.5
LEANING_FACTOR = 0.5
# Scores equal to this many decimals are ties (float noise must not decide an order).
_PLACES = 6


@dataclass(frozen=True, slots=True)
class Weights:
    section: float = W_SECTION
    keyword: float = W_KEYWORD
    corroboration: float = W_CORROBORATION
    recency: float = W_RECENCY
    brevity: float = W_BREVITY


DEFAULT_WEIGHTS = Weights()


def weights_from(mapping: Mapping[str, Any], where: str = "ranking") -> Weights:
    """Weights from a mapping such as {"section": 0.5, "recency": 0}; names not given keep
    their defaults. `ConfigError` (one line, naming `where`) on an unknown name, a value
    that is not a number, a negative value, or all weights zero."""
    known = {"section", "keyword", "corroboration", "recency", "brevity"}
    values = {name: getattr(DEFAULT_WEIGHTS, name) for name in known}
    for name, value in mapping.items():
        if name not in known:
            raise ConfigError(f"{where}: unknown weight {name!r} (expected one of {', '.join(sorted(known))})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ConfigError(f"{where}.{name}: must be a number")
        if value < 0:
            raise ConfigError(f"{where}.{name}: must not be negative")
        values[name] = float(value)
    if not any(values.values()):
        raise ConfigError(f"{where}: at least one weight must be above zero")
    return Weights(**values)


def _unit(x: float) -> float:
    if math.isnan(x):
        return 0.0
    return min(1.0, max(0.0, x))


def section_relevance(rule_weight: float, max_rule_weight: float = 1.0) -> float:
    if max_rule_weight <= 0:
        return 0.0
    return _unit(rule_weight / max_rule_weight)


@lru_cache(maxsize=4096)
def _keyword_tokens(text: str) -> tuple[str, ...]:
    # A section's few keywords are matched against thousands of its sentences.
    return tuple(normalise_tokens(text))


def _needles(keywords: Iterable[Keyword | tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Each usable keyword as " k1 k2 " (its tokens, spaced) with its share of the best
    score: what `keyword_weight` looks for in a sentence."""
    pairs = [(k.text, k.score) if isinstance(k, Keyword) else (str(k[0]), float(k[1])) for k in keywords]
    pairs = [(t, s) for t, s in pairs if _keyword_tokens(t) and math.isfinite(s)]
    if not pairs:
        return ()
    # YAKE can return 0 for a keyword; treat it as the best possible score, not a division by zero.
    best = min(max(s, 1e-9) for _, s in pairs)
    return tuple((" " + " ".join(_keyword_tokens(t)) + " ", best / max(s, 1e-9)) for t, s in pairs)


# The last keyword tuples seen, by identity: a section's keywords are scored against
# thousands of its sentences, and preparing them was most of the cost of a score. Only
# tuples are kept (a list may change between calls); holding each one keeps its id from
# being reused while it is here.
_PREPARED: dict[int, tuple[object, tuple[tuple[str, float], ...]]] = {}
_PREPARED_MAX = 64


def _prepared(keywords: Iterable[Keyword | tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    if type(keywords) is not tuple:
        return _needles(keywords)
    hit = _PREPARED.get(id(keywords))
    if hit is not None and hit[0] is keywords:
        return hit[1]
    needles = _needles(keywords)
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.clear()
    _PREPARED[id(keywords)] = (keywords, needles)
    return needles


def keyword_weight(sentence: str, keywords: Iterable[Keyword | tuple[str, float]], words: Sequence[str] | None = None) -> float:
    """How strongly the sentence carries its section's keywords (see module docstring).
    `words`, when given, are the sentence's `normalise_tokens`."""
    needles = _prepared(keywords)
    if not needles:
        return 0.0
    # Tokens hold no spaces, so a keyword's tokens appear in order in the sentence's
    # exactly when " k1 k2 " is a substring of " w1 w2 ... wn ": one C-level search.
    joined = " " + " ".join(normalise_tokens(sentence) if words is None else words) + " "
    total = 0.0
    for needle, share in needles:
        if needle in joined:
            total += share
    return _unit(total / KEYWORD_SATURATION)


def corroboration(outlets: int) -> float:
    if outlets <= 1:
        return 0.0
    return _unit((outlets - 1) / (CORROBORATION_FULL - 1))


def recency(days: float | None) -> float:
    if days is None or (isinstance(days, float) and math.isnan(days)):
        return RECENCY_UNKNOWN
    return _unit(0.5 ** (max(0.0, float(days)) / RECENCY_HALF_LIFE))


def brevity(words: int) -> float:
    if words <= BREVITY_WORDS:
        return 1.0
    return max(0.0, 1 - (words - BREVITY_WORDS) / BREVITY_WORDS)


def score(
    section_relevance: float,
    keyword_weight: float,
    corroboration: float,
    recency: float,
    weights: Weights = DEFAULT_WEIGHTS,
    brevity: float = 1.0,
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The weighted total of the five parts (each clamped to [0, 1]) and the parts."""
    parts = (
        ("section", round(_unit(section_relevance), _PLACES)),
        ("keyword", round(_unit(keyword_weight), _PLACES)),
        ("corroboration", round(_unit(corroboration), _PLACES)),
        ("recency", round(_unit(recency), _PLACES)),
        ("brevity", round(_unit(brevity), _PLACES)),
    )
    w = (weights.section, weights.keyword, weights.corroboration, weights.recency, weights.brevity)
    total = sum(wi * v for wi, (_, v) in zip(w, parts))
    return round(total, _PLACES), parts


def score_point(
    rule_weight: float,
    sentence: str,
    keywords: Iterable[Keyword | tuple[str, float]],
    outlets: int,
    days: float | None,
    *,
    max_rule_weight: float = 1.0,
    weights: Weights = DEFAULT_WEIGHTS,
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """`score` from the raw inputs, less for a sentence that leans on the one before
    (see the module docstring): one call per key point."""
    words = normalise_tokens(sentence)
    total, parts = score(
        section_relevance(rule_weight, max_rule_weight),
        keyword_weight(sentence, keywords, words),
        corroboration(outlets),
        recency(days),
        weights,
        brevity(len(words)),
    )
    if leans_on_previous(sentence):
        return round(total * LEANING_FACTOR, _PLACES), parts + (("standalone", 0.0),)
    return total, parts + (("standalone", 1.0),)


class _Cited(Protocol):
    article: str
    start: int


T = TypeVar("T", bound=_Cited)


def order_key(total: float, article: str, start: int) -> tuple[float, str, int]:
    """Highest score first; equal scores by article id, then offset."""
    return (-round(total, _PLACES), article, start)


def rank(items: Iterable[T], scores: Iterable[float] | None = None) -> tuple[T, ...]:
    """Items (points, quotes: anything with `article` and `start`) best first. Scores come
    from `scores` (same order as `items`) or, when None, from each item's `score`."""
    listed = list(items)
    values = list(scores) if scores is not None else [float(getattr(i, "score")) for i in listed]
    if len(values) != len(listed):
        raise ValueError("one score per item")
    order = sorted(range(len(listed)), key=lambda i: order_key(values[i], listed[i].article, listed[i].start))
    return tuple(listed[i] for i in order)
