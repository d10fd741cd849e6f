"""Who's who: one row per person or body however the articles name them (invented
speakers, real-shaped names and roles)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from briefing.write.speakers import whos_who

ORDER = {f"a{i:02d}": i for i in range(1, 20)}


def _q(speaker: str, role: str | None, article: str, n: int = 0) -> dict[str, Any]:
    return {"id": f"{article}.q{n}", "speaker": speaker, "role": role, "article": article, "text": "…"}


def test_one_body_named_in_two_word_orders_is_one_row() -> None:
    rows = whos_who([_q("Lisbon Port authority", None, "a03"), _q("Port Authority of Lisbon", None, "a01"),
                     _q("Lisbon Port authority", None, "a03", 1)], ORDER)
    assert [(r["speaker"], len(r["quotes"]), r["articles"]) for r in rows] == [("Lisbon Port authority", 3, ["a01", "a03"])]


def test_a_short_first_name_with_the_same_surname_and_role_is_the_same_person() -> None:
    rows = whos_who([_q("Berto Almeida", "Portuguese Trade Minister", "a09"),
                     _q("Roberto Almeida", "Portuguese Trade Minister", "a02"),
                     _q("Roberto Almeida", "Portuguese trade minister", "a04", 1)], ORDER)
    assert [(r["speaker"], r["role"], r["articles"]) for r in rows] == [("Roberto Almeida", "Portuguese Trade Minister", ["a02", "a04", "a09"])]


def test_namesakes_in_the_same_post_stay_two_people() -> None:
    rows = whos_who([_q("Li Xi", "spokesperson", "a01"), _q("Wang Xi", "spokesperson", "a02"),
                     _q("Ana Costa", "Mayor of Porto", "a03"), _q("Rui Costa", "Navy admiral", "a04")], ORDER)
    assert sorted(r["speaker"] for r in rows) == ["Ana Costa", "Li Xi", "Rui Costa", "Wang Xi"]


@given(st.lists(st.tuples(st.sampled_from(["Ana Costa", "Rui Costa", "Costa", "Port of Lisbon", "Lisbon port"]),
                          st.sampled_from([None, "Mayor", "Navy admiral"]), st.sampled_from(sorted(ORDER))), max_size=30))
def test_every_quote_is_in_exactly_one_row_and_rows_are_most_quoted_first(quotes: list[tuple[str, str | None, str]]) -> None:
    given_quotes = [_q(s, r, a, i) for i, (s, r, a) in enumerate(quotes)]
    rows = whos_who(given_quotes, ORDER)
    assert sorted(q["id"] for r in rows for q in r["quotes"]) == sorted(q["id"] for q in given_quotes)
    assert [len(r["quotes"]) for r in rows] == sorted((len(r["quotes"]) for r in rows), reverse=True)
    for r in rows:
        assert r["articles"] == sorted(set(r["articles"]), key=ORDER.__getitem__)


def test_a_description_heads_its_row_capitalised() -> None:
    rows = whos_who([_q("the senior official", None, "a01")], ORDER)
    assert rows[0]["speaker"] == "The senior official"
