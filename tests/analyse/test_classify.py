"""Which stories the brief uses and which sections they go to, on invented articles shaped
like real coverage: names and capitals more often than countries, short wire items,
traps full of "U.S." and "China" that are about something else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.actors import introduced_names
from briefing.analyse.classify import classify_story
from briefing.analyse.segment import segment
from briefing.config import load_taxonomy
from briefing.model import Span, Verdict

TAXONOMY = load_taxonomy()


def judge(text: str, title: str = "") -> Verdict:
    blocks = []
    pos = 0
    for block in text.split("\n\n"):
        blocks.append(Span(pos, pos + len(block)))
        pos += len(block) + 2
    return classify_story(TAXONOMY, text, segment("a01", text, tuple(blocks)), title)


def test_drills_around_taiwan_need_no_us_mention() -> None:
    text = (
        "TAIPEI — The People's Liberation Army began two days of drills around Taiwan on Thursday, "
        "sending warships and fighter jets to encircle the island.\n\n"
        "The Eastern Theater Command said the exercises were a punishment for separatist acts.\n\n"
        "Taiwan's defence ministry said it had scrambled aircraft and put missile units on alert.\n\n"
        "President Hsu Ming-lan said the island would not be intimidated by Beijing."
    )
    verdict = judge(text, "Chinese military encircles Taiwan in large-scale drills")
    assert verdict.on_topic, verdict.reason
    assert verdict.sections == ("taiwan",)


def test_a_person_introduced_with_a_title_stands_for_their_country() -> None:
    # A protest between the two sides needs both in the sentence; in the last one the US
    # side is only "Orwell", introduced in the first.
    text = (
        "U.S. Commerce Secretary Dana Orwell said on Tuesday that chipmakers must stop selling "
        "advanced processors to Chinese firms.\n\n"
        "The new export controls cover semiconductors designed to get around the earlier rules.\n\n"
        "Orwell warned Beijing against retaliation."
    )
    verdict = judge(text, "Commerce chief vows tighter chip rules")
    assert verdict.on_topic, verdict.reason
    last = "a01.p3.s1"
    assert [a.section for a in verdict.assignments if a.sentence_id == last] == ["relations"]
    unnamed = judge(text.replace("Orwell warned", "She warned"), "Commerce chief vows tighter chip rules")
    assert not [a for a in unnamed.assignments if a.sentence_id == last]


def test_introduced_names_and_their_parts_are_registered_per_actor() -> None:
    text = "Chinese Foreign Minister Gao Wen met Lena Brandt, the U.S. ambassador, in Beijing."
    hits = [(0, 7, "china"), (text.index("U.S."), text.index("U.S.") + 4, "us"), (text.index("Beijing"), text.index("Beijing") + 7, "china")]
    names = introduced_names(text, hits, [len(text)])
    assert names == {"china": {"Gao Wen", "Gao", "Wen"}, "us": {"Lena Brandt", "Lena", "Brandt"}}


def test_a_short_item_with_one_substantive_quoted_sentence_is_used() -> None:
    text = (
        "President Hale said the United States and China had agreed to curb fentanyl precursor "
        "exports. \"This will save lives,\" Hale said."
    )
    verdict = judge(text, "US and China agree fentanyl curbs")
    assert verdict.on_topic, verdict.reason
    assert "fentanyl" in verdict.sections


def test_a_sports_story_full_of_both_countries_is_set_aside_as_sports() -> None:
    text = (
        "The United States and China finished level on 40 gold medals each at the Olympics.\n\n"
        "U.S. swimmers won the last gold medal of the championship in the relay final.\n\n"
        "China's divers took the podium in every event of the tournament.\n\n"
        "American athletes scored the most medals overall for a fourth straight Olympics.\n\n"
        "Chinese athletes said the rivalry with the U.S. team pushed them to new records."
    )
    verdict = judge(text, "US and China tie for most Olympic golds")
    assert not verdict.on_topic
    assert verdict.reason == "sports results, not policy"


def test_a_summit_held_during_the_olympics_is_diplomacy() -> None:
    text = (
        "BEIJING — Chinese President Zhao Lin and Russian President Oleg Markov met on Friday "
        "hours before the Olympics opening ceremony and declared a partnership with no limits.\n\n"
        "The two leaders said they opposed any further enlargement of NATO and backed Russia's "
        "demands over Ukraine.\n\n"
        "Zhao said China and Russia would deepen cooperation on energy and trade.\n\n"
        "Markov said Moscow would supply more gas to China under a new 30-year contract.\n\n"
        "Western leaders stayed away from the Olympics in protest over human rights."
    )
    verdict = judge(text, "China and Russia declare 'no limits' partnership")
    assert verdict.on_topic, verdict.reason
    assert "russia" in verdict.sections


def test_weather_words_in_a_diplomatic_row_do_not_make_it_a_weather_story() -> None:
    text = (
        "China urged the United States to handle the airship incident calmly, after U.S. jets "
        "shot down the craft off the Atlantic coast.\n\n"
        "Beijing said the airship was used for weather research and strayed off course because "
        "of strong winds and its limited steering.\n\n"
        "China lodged a protest with the U.S. embassy, calling the response an overreaction.\n\n"
        "Washington said the craft had violated U.S. airspace and sovereignty.\n\n"
        "A foreign ministry spokesperson said the weather had blown it far from its route."
    )
    verdict = judge(text, "China protests US downing of airship")
    assert verdict.on_topic, verdict.reason


def test_a_us_india_story_naming_china_once_is_set_aside() -> None:
    text = (
        "WASHINGTON — Indian Prime Minister Ravi Kumar arrived for a state visit on Wednesday, "
        "with defence deals and technology partnerships on the agenda.\n\n"
        "The two governments are expected to sign agreements on jet engines and space research.\n\n"
        "Kumar will address a joint meeting of Congress on Thursday.\n\n"
        "Officials said the visit would deepen ties between the world's largest democracies.\n\n"
        "Indian firms plan to invest in American factories and universities.\n\n"
        "Some analysts see the partnership as a hedge against China's growing influence in the region.\n\n"
        "A state dinner at the White House will close the visit."
    )
    verdict = judge(text, "Indian leader begins state visit to Washington")
    assert not verdict.on_topic
    assert "passing" in (verdict.reason or "") or "no sentence" in (verdict.reason or ""), verdict.reason


def test_a_domestic_chinese_story_is_set_aside() -> None:
    text = (
        "China's population fell for a third straight year in 2025, the statistics bureau said.\n\n"
        "Births dropped to a record low as young people delayed marriage.\n\n"
        "Beijing has offered cash payments and longer parental leave to reverse the decline.\n\n"
        "Demographers said the shrinking workforce would weigh on the economy for decades."
    )
    verdict = judge(text, "China's population shrinks again")
    assert not verdict.on_topic


def test_a_bare_list_of_issues_puts_a_story_in_no_extra_section() -> None:
    text = (
        "U.S. Secretary of State Mara Quill met Chinese Foreign Minister Gao Wen in Beijing on "
        "Monday for talks on stabilising relations.\n\n"
        "The two countries remain at odds over trade, human rights, Russia's war in Ukraine and Taiwan.\n\n"
        "Quill said the talks were candid and that both sides would keep communication channels open.\n\n"
        "Gao said the relationship was at a crossroads and urged Washington to respect China's core interests."
    )
    verdict = judge(text, "Top US diplomat holds talks in Beijing")
    assert verdict.on_topic, verdict.reason
    assert not {"trade", "russia", "taiwan"} & set(verdict.sections), verdict.sections


def test_a_passing_mention_of_another_issue_does_not_add_its_section() -> None:
    text = (
        "The Treasury sanctioned five China-based companies on Tuesday for supplying fentanyl "
        "precursor chemicals to drug cartels.\n\n"
        "Officials said the chemicals are the first link of a fentanyl supply chain that ends in "
        "American cities.\n\n"
        "Beijing condemned the sanctions and said it had tightened controls on precursor chemicals."
    )
    verdict = judge(text, "US sanctions Chinese firms over fentanyl")
    assert verdict.on_topic, verdict.reason
    assert verdict.sections == ("fentanyl",)


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(5)))
def test_the_verdict_ignores_paragraph_order_beyond_the_lead(order: list[int]) -> None:
    """Whether a story is used does not depend on how its later paragraphs are ordered."""
    lead = "China's coast guard fired water cannon at a Philippine supply boat near Second Thomas Shoal on Saturday."
    rest = [
        "Manila summoned the Chinese ambassador to protest the attack.",
        "The boat was carrying food to troops stationed on a grounded warship.",
        "Beijing said the vessel had entered Chinese waters without permission.",
        "The Philippine coast guard said two crew members were hurt.",
        "The shoal lies within the Philippines' exclusive economic zone.",
    ]
    text = "\n\n".join([lead] + [rest[i] for i in order])
    verdict = judge(text, "Chinese vessels blast Philippine boat with water cannon")
    assert verdict.on_topic
    assert verdict.sections == ("south_china_sea",)


@pytest.mark.parametrize("context", ["sentence", "paragraph", "item", "story"])
def test_every_rule_context_is_accepted_by_the_taxonomy(context: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.toml"
    path.write_text(
        '[actors]\nus = ["U.S."]\n\n[[sections]]\nid = "s"\ntitle = "S"\n\n  [[sections.rules]]\n'
        f'  id = "s.r"\n  terms = ["x"]\n  requires = ["us"]\n  context = "{context}"\n',
        encoding="utf-8",
    )
    assert load_taxonomy(path).sections[0].rules[0].context == context


def test_a_headline_naming_china_over_a_story_about_india_is_set_aside() -> None:
    text = (
        "U.S. Defense Secretary Carl Mendez arrived in New Delhi on Monday after the Shangri-La Dialogue.\n\n"
        "Mendez and Indian Defence Minister Arun Rao signed a roadmap for joint production of armoured vehicles.\n\n"
        "The deal frees India from its reliance on Russian weapons and is seen as balancing China.\n\n"
        "Rao said Indian factories would build engines for the U.S. Navy's support ships.\n\n"
        "The two ministers also agreed to share more maritime intelligence in the Indian Ocean.\n\n"
        "Mendez later toured a shipyard in Mumbai that repairs American supply vessels.\n\n"
        "He is due to return to Washington on Thursday."
    )
    verdict = judge(text, "A defence roadmap with India, aimed at China and Russia")
    assert not verdict.on_topic, verdict.sections


def test_a_promo_headline_inside_the_body_is_no_point() -> None:
    text = (
        "China and Russia agreed on Tuesday to expand trade in energy and grain, the Kremlin said.\n\n"
        "China, Russia Pledge Deeper Ties as Putin Hails Partnership\n\n"
        "Trade between the two countries rose by a quarter last year as Moscow turned east."
    )
    verdict = judge(text, "China and Russia expand trade")
    assert verdict.on_topic, verdict.reason
    assert "a01.p2.s1" not in {a.sentence_id for a in verdict.assignments}


@settings(max_examples=400, deadline=None)
@given(
    # runs of words of every length around the pattern's 40 and 80 characters, between marks
    st.lists(st.tuples(st.integers(0, 90), st.sampled_from([",", ", ", ",  ", ";", ".", "!", "\n", ":", "?", ", and "])),
             max_size=12),
    st.data(),
)
def test_enumerations_are_what_the_list_pattern_finds(pieces: list[tuple[int, str]], data: st.DataObject) -> None:
    from briefing.analyse.classify import _LIST_RE, enumerations

    text = "".join(("word " * 20)[:n] + mark for n, mark in pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert enumerations(text, start, end) == [m.span() for m in _LIST_RE.finditer(text, start, end)]
