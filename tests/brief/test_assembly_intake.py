"""What assembly keeps of each analysis as it arrives equals what a pass over the whole
corpus would pick."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.brief.assemble import SECTION_CHARS, Assembly, _Strongest
from briefing.config import load_taxonomy
from briefing.model import Quote

_RANKS = st.tuples(st.sampled_from([-1.0, -0.9, -0.6]), st.sampled_from(["a01", "a02", "a03.i2", "a10"]), st.integers(0, 5000))
_TEXTS = st.text(alphabet="abc ", min_size=1, max_size=900)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_RANKS, _TEXTS), max_size=80))
def test_strongest_sentences_are_the_prefix_a_sort_of_all_of_them_gives(items: list[tuple[tuple[float, str, int], str]]) -> None:
    kept = _Strongest()
    for rank, text in items:
        kept.add(rank, text)
    # The reference: every sentence, sorted, taken while fewer than SECTION_CHARS came before.
    expected, chars = [], 0
    for _, text in sorted(items):
        if chars < SECTION_CHARS:
            expected.append(text)
            chars += len(text)
    assert kept.texts() == expected


def _quote(text: str, article: str, start: int) -> Quote:
    return Quote(text=text, start=start, end=start + len(text), article=article, speaker="Ana Ruiz")


def test_one_quote_per_wording_is_kept_the_first_by_article_and_position_whatever_the_order() -> None:
    wire = "We will not accept new tariffs on our steel exports,"
    copies = [_quote(wire, "a07", 410), _quote(wire.upper(), "a02", 900), _quote(wire, "a02", 120), _quote("  ", "a01", 5)]
    for order in (copies, copies[::-1]):
        assembly = Assembly(load_taxonomy(None))
        for q in order:
            assembly._take_quote(q)
        assert [(q.article, q.start) for q in assembly.quotes.values()] == [("a02", 120)]
