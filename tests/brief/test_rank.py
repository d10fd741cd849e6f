"""The ranking score: documented parts in [0, 1], weights as constants, deterministic ties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.brief import rank as r
from briefing.errors import ConfigError
from briefing.model import Keyword, Point, Quote


def test_default_weights_sum_to_one() -> None:
    w = r.DEFAULT_WEIGHTS
    assert math.isclose(w.section + w.keyword + w.corroboration + w.recency + w.brevity, 1.0)
    assert (w.section, w.keyword, w.corroboration, w.recency) == (
        r.W_SECTION,
        r.W_KEYWORD,
        r.W_CORROBORATION,
        r.W_RECENCY,
    )


def test_parts() -> None:
    assert r.section_relevance(1.0) == 1.0
    assert r.section_relevance(1.0, max_rule_weight=2.0) == 0.5
    assert r.section_relevance(5.0) == 1.0
    assert r.corroboration(1) == 0.0 and r.corroboration(0) == 0.0
    assert r.corroboration(2) == pytest.approx(1 / 3)
    assert r.corroboration(4) == 1.0 and r.corroboration(9) == 1.0
    assert r.recency(0) == 1.0
    assert r.recency(7) == pytest.approx(0.5)
    assert r.recency(-3) == 1.0  # dated after the as-of date
    assert r.recency(None) == r.RECENCY_UNKNOWN


def test_keyword_weight_is_relative_to_the_best_keyword() -> None:
    keywords = [Keyword("export controls", 0.01), Keyword("tariffs", 0.02), Keyword("balloon", 0.5)]
    both = "The US weighs tariffs and new export controls on chips."
    one = "New tariffs were announced."
    weak = "A balloon drifted."
    none = "Nothing relevant here."
    assert r.keyword_weight(both, keywords) == 0.75  # (1 + 0.5) / 2
    assert r.keyword_weight(one, keywords) == 0.25
    assert r.keyword_weight(weak, keywords) == pytest.approx(0.01)
    assert r.keyword_weight(none, keywords) == 0.0
    assert r.keyword_weight(both, []) == 0.0
    # Whole words only, normalised: "Export-Controls" matches, "tariffsx" does not.
    assert r.keyword_weight("Export-Controls tightened.", [("export controls", 0.0)]) == 0.5
    assert r.keyword_weight("tariffsx", [("tariffs", 0.1)]) == 0.0


def test_score_total_and_parts() -> None:
    total, parts = r.score(1.0, 0.5, 1 / 3, 0.5)
    assert [name for name, _ in parts] == ["section", "keyword", "corroboration", "recency", "brevity"]
    expected = 0.30 * 1 + 0.25 * 0.5 + 0.20 * (1 / 3) + 0.15 * 0.5 + 0.10 * 1
    assert total == pytest.approx(expected, abs=1e-6)
    total, parts = r.score(2.0, -1.0, float("nan"), 0.5)
    assert dict(parts) == {"section": 1.0, "keyword": 0.0, "corroboration": 0.0, "recency": 0.5, "brevity": 1.0}


def test_score_point_from_raw_inputs() -> None:
    total, parts = r.score_point(1.0, "New tariffs were announced.", [("tariffs", 0.02)], outlets=3, days=0)
    assert dict(parts) == {"section": 1.0, "keyword": 0.5, "corroboration": pytest.approx(2 / 3, abs=1e-6), "recency": 1.0, "brevity": 1.0, "standalone": 1.0}
    assert 0.0 <= total <= 1.0
    long = " ".join(["word"] * 60)
    assert dict(r.score_point(1.0, long, [], outlets=1, days=0)[1])["brevity"] == 0.0


def test_a_point_that_leans_on_the_sentence_before_ranks_below_the_same_news_said_whole() -> None:
    whole = "The Commerce Department added new tariffs on Chinese solar panels on Tuesday."
    for leaning in (
        "It added new tariffs on Chinese solar panels on Tuesday.",
        "However, the Commerce Department added new tariffs on Chinese solar panels.",
        "In particular, the Commerce Department added new tariffs on Chinese solar panels.",
        "The move added new tariffs on Chinese solar panels on Tuesday, officials said.",
        "The pair agreed on new tariffs on Chinese solar panels on Tuesday.",
    ):
        lean_total, lean_parts = r.score_point(1.0, leaning, [("tariffs", 0.02)], outlets=1, days=0)
        whole_total, _ = r.score_point(1.0, whole, [("tariffs", 0.02)], outlets=1, days=0)
        assert dict(lean_parts)["standalone"] == 0.0, leaning
        assert lean_total < whole_total
    # A sentence that opens on a time or place, or on a "then-" title, stands alone.
    for alone in (
        "In a long-awaited visit, the secretary of state arrived in Beijing on Sunday.",
        "Since then-President Obama left office, the talks have stalled.",
        "Thailand's trade minister said tariffs would rise.",
    ):
        assert dict(r.score_point(1.0, alone, [], outlets=1, days=0)[1])["standalone"] == 1.0, alone


@given(
    st.floats(allow_nan=True),
    st.floats(allow_nan=True),
    st.floats(allow_nan=True),
    st.floats(allow_nan=True),
)
def test_total_stays_in_unit_interval(a: float, b: float, c: float, d: float) -> None:
    total, parts = r.score(a, b, c, d)
    assert 0.0 <= total <= 1.0 + 1e-9
    assert all(0.0 <= v <= 1.0 for _, v in parts)


def test_weights_override_and_validation() -> None:
    w = r.weights_from({"recency": 0, "section": 0.5})
    assert (w.section, w.keyword, w.recency) == (0.5, r.W_KEYWORD, 0.0)
    total, _ = r.score(0, 0, 0, 1.0, w, brevity=0.0)
    assert total == 0.0
    for bad, message in (
        ({"freshness": 1}, "unknown weight"),
        ({"section": -1}, "negative"),
        ({"section": "high"}, "number"),
        ({"section": 0, "keyword": 0, "corroboration": 0, "recency": 0, "brevity": 0}, "above zero"),
    ):
        with pytest.raises(ConfigError, match=message):
            r.weights_from(bad, "taxonomy.toml [ranking]")


def point(article: str, start: int, score: float) -> Point:
    return Point("t", article, start, start + 1, f"{article}.p1.s1", "rule", score=score)


def test_rank_breaks_ties_by_article_then_offset() -> None:
    points = [point("a02", 5, 0.5), point("a01", 9, 0.5), point("a01", 3, 0.5), point("a03", 0, 0.9)]
    ranked = r.rank(points)
    assert [(p.article, p.start) for p in ranked] == [("a03", 0), ("a01", 3), ("a01", 9), ("a02", 5)]
    # Float noise is a tie, not an order.
    noisy = [point("a02", 0, 0.1 + 0.2), point("a01", 0, 0.3)]
    assert [p.article for p in r.rank(noisy)] == ["a01", "a02"]


def test_rank_quotes_with_external_scores() -> None:
    quotes = [Quote("x", 10, 11, article="a02"), Quote("y", 0, 1, article="a01")]
    assert [q.article for q in r.rank(quotes, [0.2, 0.2])] == ["a01", "a02"]
    assert [q.article for q in r.rank(quotes, [0.9, 0.2])] == ["a02", "a01"]
    with pytest.raises(ValueError):
        r.rank(quotes, [0.1])


@given(
    st.lists(st.tuples(st.sampled_from(["tariff", "export controls", "chip", "the", "", "rare earths"]), st.floats(0, 2)), max_size=6),
    st.lists(st.sampled_from(["tariff", "export", "controls", "chip", "rare", "earths", "on"]), max_size=12),
)
def test_keyword_weight_is_the_same_from_a_tuple_seen_before_a_list_or_a_generator(pairs, words) -> None:
    # Keyword tuples are prepared once and kept by identity; lists are prepared each time.
    sentence = " ".join(words)
    keywords = tuple(Keyword(t, s) for t, s in pairs)
    first = r.keyword_weight(sentence, keywords)
    assert r.keyword_weight(sentence, keywords) == first
    assert r.keyword_weight(sentence, list(keywords)) == first
    assert r.keyword_weight(sentence, iter(keywords)) == first
    assert r.keyword_weight(sentence, tuple(pairs)) == first
