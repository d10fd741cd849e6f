"""The name scan's shortcuts answer as the patterns they replaced: each is checked
against the straightforward regex on random news-shaped text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.quotes import names
from briefing.analyse.quotes.names import (
    _CUE_AT_RE,
    _CUE_END_RE,
    _PREP_END_RE,
    _PREPS,
    _TITLE_END_RE,
    _VERBISH_AT_RE,
    _cued,
    _lookup,
    _titled_or_cued,
    _word_before,
)
from briefing.analyse.quotes.phrases import CUE_START_RE, VERBISH_RE, VERBS, clean_tok

# Pieces that put titles, verbs, prepositions and names against each other and against
# the window edges: hyphens, apostrophes, newlines, parentheses.
_PIECES = ["said", "told", " ", "  ", "\n", "minister", "deputy", "of", "to", "Lee", "Kim",
           "spokeswoman", "officials'", "-", "’", "'", "(", ")", ",", ".", "x", "é", "said-",
           "Mr.", "Foreign", "\t", "later", "has", "ambassador", "a", "warned", "1"]
_texts = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def _spot(data: st.DataObject, text: str) -> tuple[int, int]:
    s = data.draw(st.integers(0, len(text)))
    ps = data.draw(st.integers(0, s))
    return ps, s


@settings(max_examples=400, deadline=None)
@given(_texts, st.data())
def test_the_word_before_a_name_answers_as_each_ends_with_pattern(text: str, data: st.DataObject) -> None:
    ps, s = _spot(data, text)
    assert _cued(text, ps, s) == bool(_CUE_END_RE.search(text, max(ps, s - 24), s))
    assert _titled_or_cued(text, ps, s) == bool(
        _TITLE_END_RE.search(text, max(ps, s - 30), s) or _CUE_END_RE.search(text, max(ps, s - 24), s))
    before, at = _word_before(text, max(ps, s - 24), s)
    assert (before in _PREPS and at >= s - 12) == bool(_PREP_END_RE.search(text, max(ps, s - 12), s))
    assert (before in VERBS) == bool(_CUE_END_RE.search(text, max(ps, s - 24), s))


@settings(max_examples=300, deadline=None)
@given(_texts, st.data())
def test_cue_and_verb_read_in_place_match_the_slice(text: str, data: st.DataObject) -> None:
    e = data.draw(st.integers(0, len(text)))
    for width in (40, 200):
        assert bool(_CUE_AT_RE.match(text, e, e + width)) == bool(CUE_START_RE.match(text[e : e + width]))
        assert bool(_VERBISH_AT_RE.match(text, e, e + width)) == bool(VERBISH_RE.match(text[e : e + width]))


def _plain_lookup(words: list[str], registry: dict, surnames: dict):
    """What `_lookup` did before its keys were cached."""
    cleaned = [clean_tok(w) for w in words]
    key = " ".join(cleaned)
    if key in registry:
        return registry[key]
    toks = [w for w in cleaned if w not in names._HONORIFICS]
    if len(toks) == 1 and toks[0] in surnames:
        return surnames[toks[0]]
    if len(toks) == 1 and ("^" + toks[0]) in surnames:
        return surnames["^" + toks[0]]
    if toks and " ".join(toks) in registry:
        return registry[" ".join(toks)]
    return None


_NAME_WORDS = ["Mr.", "Dr", "Lee", "Kim", "Wang", "Yi", "Osei", "Ama", "lee", "Kim,", "Sen."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_NAME_WORDS), max_size=4),
       st.lists(st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=3), max_size=6))
def test_cached_name_keys_find_what_the_plain_lookup_found(words: list[str], known: list[list[str]]) -> None:
    registry, surnames = {}, {}
    for i, name in enumerate(known):
        cleaned = [clean_tok(w) for w in name]
        registry.setdefault(" ".join(cleaned), i)
        surnames.setdefault(cleaned[-1], i)
        surnames.setdefault("^" + cleaned[0], i)
    assert _lookup(words, registry, surnames) == _plain_lookup(words, registry, surnames)


def test_a_title_or_cue_before_a_name_in_news_text() -> None:
    text = "The deputy foreign minister Ama Osei met Lee. On Monday, said Kim Park, it rained."
    osei = text.index("Ama")
    assert _titled_or_cued(text, 0, osei)
    assert not _cued(text, 0, osei)
    kim = text.index("Kim")
    assert _cued(text, 0, kim) and _titled_or_cued(text, 0, kim)
    # the cue must stand inside the window: a paragraph starting mid-word hides it
    assert not _cued(text, kim - 3, kim)
    lee = text.index("Lee")
    assert not _titled_or_cued(text, 0, lee)
    assert re.search(r"met\s+$", text[:lee])


# ---------------------------------------------------------------- cue shortcuts
from briefing.analyse.quotes.cues import (  # noqa: E402
    _COORD_END_RE,
    _POSSESSIVE_END_RE,
    _coordinated_end,
    _possessive_before,
)

_CUE_PIECES = ["Trump's", "officials'", "officials’", "’s", "s'", "'s", "s", " ", "  ", "\n",
               "and", "but", "to", "band", "into", "x", "_", "é", "-", ",", "said", "smiled", "9"]
_cue_texts = st.lists(st.sampled_from(_CUE_PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_cue_texts, st.data())
def test_possessive_and_coordination_ends_answer_as_their_patterns(text: str, data: st.DataObject) -> None:
    st_ = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, st_))
    assert _possessive_before(text, lo, st_) == bool(_POSSESSIVE_END_RE.search(text, lo, st_))
    before = text[:st_]
    assert _coordinated_end(before) == bool(_COORD_END_RE.search(before, max(0, len(before.rstrip()) - 80)))


def test_a_long_run_of_spaces_before_and_keeps_the_window() -> None:
    # the word before "and" must start within 80 characters of the end
    near = "Lee" + " " * 70 + "and "
    far = "Lee" + " " * 90 + "and "
    for before in (near, far):
        assert _coordinated_end(before) == bool(_COORD_END_RE.search(before, max(0, len(before.rstrip()) - 80)))
    assert _coordinated_end("The minister smiled and ") and not _coordinated_end("the band ")
