"""Keywords a reader can use: YAKE's candidates filtered around it (invented text)."""

from __future__ import annotations

import pytest

from briefing.analyse.keywords import _repeats, _stem, _words, extract_keywords, is_actor, reads_as_topic

# A section's worth of invented, wire-shaped text: an actor named in every sentence,
# a titled person, weekday datelines and verb phrases YAKE likes to propose.
SECTION = """
Portugal imposed new export controls on marine turbines on Tuesday, the trade ministry said.
President Ana Ferreira announced Tuesday that the export controls would cover turbine blades.
Portugal said the export controls target turbine blades sold to state shipyards.
Ferreira said Portugal would review the export controls in a series of major reviews.
The turbine blades are made by three firms facing a series of major lawsuits.
Portuguese officials said the shipyards unfairly control the market for turbine blades.
The shipyards said the export controls on turbine blades would cost them orders.
Portugal announced Tuesday a review of turbine blades and export controls.
"""


@pytest.fixture(scope="module")
def keywords() -> list[str]:
    return [k.text for k in extract_keywords(SECTION, top=6, actors=["Ana Ferreira"])]


def test_at_most_six(keywords: list[str]) -> None:
    assert 0 < len(keywords) <= 6


def test_no_keyword_is_only_an_actor(keywords: list[str]) -> None:
    for k in keywords:
        assert not is_actor(k, ["Ana Ferreira"], SECTION), k
    assert is_actor("Portugal") and is_actor("Portuguese") and is_actor("United States")
    assert is_actor("President Ana Ferreira") and is_actor("Ana Ferreira", ["Ana Ferreira"])
    assert is_actor("State Ana Ferreira", ["Ana Ferreira"])  # a name with a piece of a title
    assert not is_actor("export controls") and not is_actor("South China Sea")


def test_no_keyword_contains_another(keywords: list[str]) -> None:
    words = [k.casefold().split() for k in keywords]
    for i, a in enumerate(words):
        for j, b in enumerate(words):
            if i != j:
                n = len(a)
                assert not any(b[x : x + n] == a for x in range(len(b) - n + 1)), (keywords[i], keywords[j])


def test_no_keyword_ends_in_a_verb_weekday_or_function_word(keywords: list[str]) -> None:
    for k in keywords:
        last = k.split()[-1].casefold()
        assert last not in {"said", "announced", "tuesday", "of", "the", "major", "control"}, k
    assert "export controls" in [k.casefold() for k in keywords]


# A week of island news where YAKE proposes words as common as "island", "war" and
# "support" alone.
ISLAND = """
The minister's Azores visit drew protests from the island's fishing unions on Monday.
Protesters said the minister visits Azores ports while the war over fishing quotas goes on.
The fishing unions said the Azores visit ignored their support for new fishing quotas.
The island's fishing quotas were cut after the war of words with the fleet owners.
Fleet owners said the Azores visit would decide the fishing quotas and the island's support.
The minister visits Azores harbours again next month to discuss fishing quotas.
"""


def test_no_keyword_is_an_everyday_word_alone() -> None:
    keywords = [k.text for k in extract_keywords(ISLAND, top=6)]
    assert not {"island", "war", "support", "visit"} & {k.casefold() for k in keywords}, keywords
    assert any("quotas" in k for k in keywords), keywords


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Taiwan visit", "visits Taiwan", True),
        ("export controls", "new export controls", True),
        ("fishing quotas", "quota fishing", True),
        ("fishing quotas", "fishing unions", False),
        ("coast guard ship", "guard coast vessels", False),
    ],
)
def test_a_keyword_in_other_words_is_a_repeat(a: str, b: str, same: bool) -> None:
    stems = [[_stem(w) for w in _words(k)] for k in (a, b)]
    assert _repeats(*stems) is same


@pytest.mark.parametrize(
    "phrase",
    ["Ferreira announced Tuesday", "President Ferreira speaks", "shipyards unfairly control", "series of",
     "series of major", "facing a series", "blades involved", "Portugal imposed", "Ferreira visits Lisbon"],
)
def test_verb_and_cut_phrases_are_no_topic(phrase: str) -> None:
    text = SECTION + " Ferreira visits Lisbon often. The blades involved cost more."
    assert not reads_as_topic(phrase, text)


def test_a_noun_in_ing_stays_when_the_text_uses_it_as_one() -> None:
    text = "The ministers held a meeting on turbine blades. The meeting ended early."
    assert reads_as_topic("port meeting", text)
    assert not reads_as_topic("port meeting", "They are meeting at the port.")


def test_no_text_no_keywords() -> None:
    assert extract_keywords("") == ()
    assert extract_keywords("of the and to in") == ()


def test_a_verb_and_its_object_after_to_is_no_topic() -> None:
    text = SECTION + " Lisbon refused a push to restore shipyard inspections. The ministry will expand port audits."
    assert not reads_as_topic("restore shipyard inspections", text)
    assert not reads_as_topic("expand port audits", text)
    # Used once after "to", once as a noun phrase: it stays.
    assert reads_as_topic("shipyard inspections", text + " The shipyard inspections resumed.")
    # "to" as a preposition before a noun the text also puts after "the".
    sold = "The blades were sold to turbine makers. The turbine spins."
    assert reads_as_topic("turbine makers", sold)
    assert not reads_as_topic("turbine makers", sold.replace("The turbine spins.", "It spins."))


@pytest.mark.parametrize("engine", ["yake", "yake-rust"])
def test_both_engines_give_the_filtered_keywords(engine: str) -> None:
    from briefing.analyse import keywords as kw

    pytest.importorskip("yake_rust" if engine == "yake-rust" else "yake")
    try:
        kw.use_engine(engine)
        assert kw.engine() == engine
        found = [k.text for k in extract_keywords(SECTION, top=6, actors=["Ana Ferreira"])]
    finally:
        kw.use_engine("auto")
    assert "export controls" in [k.casefold() for k in found]
    assert not any(is_actor(k, ["Ana Ferreira"], SECTION) for k in found)
    scores = [k.score for k in extract_keywords(SECTION, top=6)]
    assert scores == sorted(scores)


def test_unknown_engine_is_refused() -> None:
    from briefing.analyse import keywords as kw

    with pytest.raises(ValueError, match="rake"):
        kw.use_engine("rake")


def test_auto_is_yake_without_the_rust_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from briefing.analyse import keywords as kw

    monkeypatch.setitem(sys.modules, "yake_rust", None)
    kw._rust_available.cache_clear()
    try:
        assert kw.engine() == "yake"
        assert extract_keywords(SECTION, top=3)
    finally:
        monkeypatch.undo()
        kw._rust_available.cache_clear()


# ------------------------------------------ the phrase searches and the patterns they replace
import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefing.analyse import keywords as _kw  # noqa: E402

# Letters of either case, digits, the characters at a word's edge, spaces and newlines,
# and a letter whose lower case is longer ("İ").
_TEXT = st.text(alphabet="abAB1 _-'’.\n\tİ", max_size=40)
_NEEDLE = st.text(alphabet="abAB1_-'’.İ", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_NEEDLE, _TEXT, st.booleans(), st.sampled_from(["word", "end", "token"]))
def test_find_is_finditer(needle: str, text: str, fold: bool, edge: str) -> None:
    pattern = _kw._EDGES[edge].format(re.escape(needle))
    expected = [m.start() for m in re.finditer(pattern, text, re.I if fold else 0)]
    _kw._lowered.cache_clear()
    assert _kw._find(needle, text, fold=fold, edge=edge) == expected


@settings(max_examples=300, deadline=None)
@given(_NEEDLE, _TEXT)
def test_words_after_is_finditer(word: str, text: str) -> None:
    expected = [m.group(1) for m in re.finditer(rf"\b{re.escape(word)}\s+(\w+)\b", text)]
    assert _kw._words_after(word, text) == expected


@settings(max_examples=300, deadline=None)
@given(_NEEDLE, st.text(alphabet="abAB ab.\n-", max_size=40))
def test_after_one_of_is_search(word: str, text: str) -> None:
    before = frozenset({"ab", "a", "b"})
    pattern = rf"\b(?:{'|'.join(sorted(before))})\s+{re.escape(word)}\b"
    _kw._lowered.cache_clear()
    assert _kw._after_one_of(word, text, before) == bool(re.search(pattern, text, re.I))


def test_yake_rust_candidates_are_the_same_in_every_process() -> None:
    """The Rust engine sums scores in hash order, which changes per process: its
    candidates, scores and order must not."""
    import subprocess
    import sys

    pytest.importorskip("yake_rust")
    text = SECTION * 3 + "\n".join(
        f"Harbour {name} reported {n} turbine shipments to the {place} yards on Friday."
        for n, (name, place) in enumerate(zip(["Aveiro", "Sines", "Leixões", "Setúbal"], ["northern", "southern", "river", "island"]))
    )
    code = (
        "import sys; from briefing.analyse import keywords as k; k.use_engine('yake-rust'); "
        "print(repr(list(k._candidates(sys.stdin.read(), 40))))"
    )
    runs = {subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True).stdout for _ in range(4)}
    assert len(runs) == 1
    assert "export controls" in runs.pop()
