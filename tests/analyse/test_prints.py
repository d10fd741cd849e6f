"""A text's shingles are the CRC-32 of its word k-grams as UTF-8 "w1 w2 ... wk", however
they are computed."""

from __future__ import annotations

import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.prints import _shingle_hashes, normalise_tokens

_WORDS = st.sampled_from(["trade", "us", "blinkens", "déjà", "北京", "x1", "𝔸b", "a"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.integers(1, 7))
def test_shingle_hashes_are_the_crc_of_each_joined_k_gram(tokens: list[str], k: int) -> None:
    if not tokens:
        want: list[int] = []
    elif len(tokens) < k:
        want = [zlib.crc32(" ".join(tokens).encode())]
    else:
        want = [zlib.crc32(" ".join(tokens[i : i + k]).encode()) for i in range(len(tokens) - k + 1)]
    assert _shingle_hashes(tokens, k) == want


def test_apostrophes_inside_words_are_dropped_and_others_break_words() -> None:
    assert normalise_tokens("Blinken’s visit to the U.S. 'went well'") == ("blinkens", "visit", "to", "the", "us", "went", "well")
