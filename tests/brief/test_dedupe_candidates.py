"""The short-text pass of near-duplicate grouping, gathered in one go and tested in
arrays, joins exactly what the one-candidate-at-a-time loop it replaced joined, also past
the candidate cap (templated sentences sharing their rarest words with many others)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.prints import SHORT_TOKENS
from briefing.brief import dedupe
from briefing.brief.dedupe import MAX_SHORT_CANDIDATES, _join_short, _UnionFind


def _reference_join_short(
    token_sets: Sequence[frozenset[str]],
    members: Sequence[int],
    threshold: float,
    uf: _UnionFind,
    same_long: Callable[[int, int], bool],
    sizes: Sequence[int],
) -> None:
    """The loop as it was: each candidate met, capped and tested in turn."""
    freq: dict[str, int] = defaultdict(int)
    for i in members:
        for tok in token_sets[i]:
            freq[tok] += 1
    order = sorted(members, key=lambda i: (len(token_sets[i]), i))
    index: dict[str, list[int]] = defaultdict(list)
    rank = {t: r for r, t in enumerate(sorted(freq, key=lambda t: (freq[t], t)))}
    for i in order:
        mine = token_sets[i]
        toks = sorted(mine, key=rank.__getitem__)
        size = len(toks)
        if size == 0:
            continue
        prefix = size - math.ceil(threshold * size - 1e-9) + 1
        least = threshold * size - 1e-9
        seen: set[int] = set()
        for tok in toks[:prefix]:
            postings = index[tok]
            for j in reversed(postings[-MAX_SHORT_CANDIDATES:]):
                if len(seen) >= MAX_SHORT_CANDIDATES:
                    break
                theirs = token_sets[j]
                if j in seen or len(theirs) < least:
                    continue
                seen.add(j)
                if uf.find(i) == uf.find(j):
                    continue
                if sizes[i] < SHORT_TOKENS or sizes[j] < SHORT_TOKENS:
                    common = len(mine & theirs)
                    if common / (size + len(theirs) - common) >= threshold - 1e-12:
                        uf.union(j, i)
                elif same_long(i, j):
                    uf.union(j, i)
            postings.append(i)


def _groups(join: Callable[..., None], token_sets: list[frozenset[str]], threshold: float) -> list[int]:
    uf = _UnionFind(len(token_sets))
    sizes = [len(t) for t in token_sets]
    # Long pairs: "copies" when they share their first token (any fixed rule will do).
    same_long = lambda i, j: min(token_sets[i]) == min(token_sets[j])  # noqa: E731
    join(token_sets, list(range(len(token_sets))), threshold, uf, same_long, sizes)
    return [uf.find(i) for i in range(len(token_sets))]


def _templated(rnd: random.Random, n: int, vocab: int, length: tuple[int, int]) -> list[frozenset[str]]:
    """Sentences from one template: a shared frame, a few words changed in each."""
    frame = [f"w{k}" for k in range(length[1])]
    out = []
    for _ in range(n):
        words = frame[: rnd.randint(*length)]
        for _ in range(rnd.randint(0, 4)):
            words[rnd.randrange(len(words))] = f"v{rnd.randrange(vocab)}"
        out.append(frozenset(words))
    return out


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 400), st.integers(3, 300), st.sampled_from([0.5, 0.7, 0.85, 1.0]))
def test_short_pass_joins_what_the_one_at_a_time_loop_joined(seed: int, n: int, vocab: int, threshold: float) -> None:
    rnd = random.Random(seed)
    token_sets = _templated(rnd, n, vocab, (1, 30))
    assert _groups(_join_short, token_sets, threshold) == _groups(_reference_join_short, token_sets, threshold)


def test_long_texts_past_the_cap_and_small_blocks_join_alike(monkeypatch) -> None:
    # Texts of 60-70 tokens take the shingle test; 600 texts of one template meet the
    # cap; blocks of a few texts split the candidate pairs across many array passes.
    rnd = random.Random(5)
    token_sets = _templated(rnd, 600, 40, (55, 70)) + _templated(rnd, 300, 500, (5, 20))
    expected = _groups(_reference_join_short, token_sets, 0.85)
    assert _groups(_join_short, token_sets, 0.85) == expected
    monkeypatch.setattr(dedupe, "_SHORT_BLOCK", 3)
    assert _groups(_join_short, token_sets, 0.85) == expected
    assert len(set(expected)) < len(token_sets)


def test_the_array_overlap_bound_counts_bits_as_python_does() -> None:
    import numpy as np

    values = [0, 1, 2**63, 2**64 - 1, 0x5555_5555_5555_5555, 12345678901234567]
    counts = dedupe._popcount(np, np.array(values, dtype=np.uint64)).tolist()
    assert counts == [v.bit_count() for v in values]

    class NoBitwiseCount:
        def __getattr__(self, name: str) -> object:
            if name == "bitwise_count":
                raise AttributeError(name)
            return getattr(np, name)

    # numpy before 2.0 has no bitwise_count.
    assert dedupe._popcount(NoBitwiseCount(), np.array(values, dtype=np.uint64)).tolist() == counts
