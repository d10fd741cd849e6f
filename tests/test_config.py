"""The taxonomy's term matcher against a plain reading of what it promises: at each
token, left to right, the longest term that starts there (case-sensitive for acronyms,
a trailing `*` a stem), its tokens on one line; a found term's tokens open nothing."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.config import TermMatcher, load_taxonomy

_TOKEN = re.compile(r"\w+|[.\-'’]")

GROUPS = (
    ("actor:us", ("U.S.", "United States", "Washington", "American*", "US")),
    ("actor:cn", ("China", "Chinese", "Beijing", "People's Republic of China", "PRC")),
    ("rule:trade", ("tariff*", "trade war", "export controls", "South China Sea")),
    ("rule:sea", ("South China", "military-to-military talks", "sea lane*")),
)
WORDS = ["U", ".", "S", "US", "us", "United", "States", "states", "Washington", "American", "Americans",
         "america", "China", "china", "Chinese", "Beijing", "People", "'s", "’s", "Republic", "of", "PRC",
         "prc", "tariff", "Tariffs", "tariffed", "trade", "war", "export", "controls", "South", "Sea",
         "military", "-", "to", "talks", "sea", "lanes", "lane", "the", "and", "said",
         # whole terms and their overlaps, so that longest-match choices come up often
         "South China Sea", "South China", "south china sea lanes", "People's Republic of China",
         "People’s Republic", "U.S.", "u.s.", "trade war", "military-to-military talks", "export\ncontrols"]
SEPARATORS = [" ", " ", " ", "", ", ", "\n", "  ", "; "]


def _reference(matcher: TermMatcher, text: str) -> list[tuple[int, int, str, frozenset[str]]]:
    terms = []  # (sensitive, tokens, is stem, term, groups)
    for gid, group_terms in matcher.groups:
        for term in group_terms:
            letters = [c for c in term if c.isalpha()]
            sensitive = len(letters) <= 4 and all(c.isupper() for c in letters)
            words = tuple(_TOKEN.findall(term.rstrip("*").replace("’", "'")))
            terms.append((sensitive, words, term.endswith("*"), term, gid))
    tokens = [(m.group().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)]

    def fits(i: int, sensitive: bool, words: tuple[str, ...], stem: bool) -> bool:
        if i + len(words) > len(tokens) or "\n" in text[tokens[i][1] : tokens[i + len(words) - 1][2]]:
            return False
        got = [t for t, _, _ in tokens[i : i + len(words)]]
        want = list(words)
        if not sensitive:
            got, want = [w.casefold() for w in got], [w.casefold() for w in want]
        return got[:-1] == want[:-1] and (got[-1].startswith(want[-1]) if stem else got[-1] == want[-1])

    hits = []
    i = 0
    while i < len(tokens):
        found = [t for t in terms if fits(i, t[0], t[1], t[2])]
        if not found:
            i += 1
            continue
        n = max(len(t[1]) for t in found)
        longest = [t for t in found if len(t[1]) == n]
        # One term (and every group naming it) at a position: exact before stem,
        # case-sensitive before folded, as the matcher documents.
        best = min(longest, key=lambda t: (not t[0], t[2]))
        gids = frozenset(t[4] for t in longest if t[:3] == best[:3] or t[3] == best[3])
        hits.append((tokens[i][1], tokens[i + n - 1][2], best[3], gids))
        i += n
    return hits


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40))
def test_matches_are_the_longest_term_at_each_position(pieces: list[tuple[str, str]]) -> None:
    matcher = TermMatcher(GROUPS)
    text = "".join(w + s for w, s in pieces)
    got = matcher.find(text)
    want = _reference(matcher, text)
    assert [(a, b, gids) for a, b, _, gids in got] == [(a, b, gids) for a, b, _, gids in want]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30), st.data())
def test_a_window_is_matched_as_if_it_were_the_whole_text(pieces: list[tuple[str, str]], data: st.DataObject) -> None:
    matcher = TermMatcher(GROUPS)
    text = "".join(w + s for w, s in pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    shifted = [(a + start, b + start, t, g) for a, b, t, g in matcher.find(text[start:end])]
    assert matcher.find(text, start, end) == shifted


def test_the_shipped_taxonomy_finds_its_terms_in_a_sentence() -> None:
    matcher = load_taxonomy().matcher
    text = "U.S. tariffs on Chinese steel rose, and Beijing answered in the South China Sea."
    found = [(text[a:b], term) for a, b, term, _ in matcher.find(text)]
    assert ("U.S.", "U.S.") in found and ("Beijing", "Beijing") in found
    assert any(span == "tariffs" for span, _ in found)
    assert "South China Sea" in [span for span, _ in found]
