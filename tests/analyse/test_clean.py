"""Cleaning on the saved web pages in seeds/ and on made-up pages of other sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.clean import clean, kept_text, load_rules
from briefing.errors import ConfigError
from briefing.read.ingest import read_document
from briefing.model import Document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> Document:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_document(path, path.name)


def all_kept(doc: Document) -> str:
    return "\n\n".join(kept_text(doc, item) for item in clean(doc).items)


def doc_of(text: str, title: str | None = None) -> Document:
    return Document(source="t.txt", text=text, format="txt", title=title)


def test_seed_000_drops_subscribe_box_and_keeps_key_concepts() -> None:
    doc = seed("000")
    cleaned = clean(doc)
    kept = all_kept(doc)
    assert "Discover more from Meritnews24" not in kept
    assert "Subscribe to get the latest posts" not in kept
    assert "Key Concepts" in kept  # a summary is content
    assert cleaned.items[0].title == "US-China Relations Deterioration"
    assert {r.rule for r in cleaned.removed} == {"subscribe", "dateline"}
    # The dateline is cut from the lede, which then starts at its subject.
    (dateline,) = [r for r in cleaned.removed if r.rule == "dateline"]
    assert doc.text[dateline.start : dateline.end] == "Washington — "
    assert any(doc.text[b.start :].startswith("The recent visit of US Secretary of State") for b in cleaned.items[0].blocks)


def test_seed_002_appended_stories_are_separate_items() -> None:
    doc = seed("002")
    cleaned = clean(doc)
    main = kept_text(doc, cleaned.items[0])
    for off_topic in ("Russian central bank", "ruble", "Fukushima", "EG. 5", "Threads users", "only been five days"):
        assert off_topic not in main
    assert "Release time" not in main
    assert main.rstrip().endswith("healthy and stable development track.")
    assert cleaned.items[0].title.startswith("Can there be a window of slight improvement")
    assert len(cleaned.items) == 6
    titles = [item.title or "" for item in cleaned.items[1:]]
    assert "Fukushima" in titles[0] and "Russian central bank" in titles[1]
    assert "Defense Minister Visits India" in titles[4]
    for item in cleaned.items[1:]:
        assert len(item.blocks) == 1  # the headline is the title, its repeat removed
    assert sum(r.rule == "repeated_headline" for r in cleaned.removed) == 5


def test_seed_003_drops_share_bar_search_widget_and_testimonials() -> None:
    doc = seed("003")
    cleaned = clean(doc)
    kept = all_kept(doc)
    for chrome in (
        "Share on facebook", "Share on email", "Search past entries by date", "The breadth of SinoInsider",
        "Unique insights are available frequently", "Thank you for your information and analysis",
        "long may it thrive", "James Newman", "Liu Cheng-chuan", "Deputy Director of the Centre for Geopolitics",
    ):  # fmt: skip
        assert chrome not in kept, chrome
    assert "Progress is hard. It takes time" in kept
    assert kept.count("Despite appearances, Secretary Blinken’s visit to China has not done much") == 2  # standfirst once + closing paragraph
    assert kept.rstrip().endswith("probability of Black Swan events.")
    rules = {r.rule for r in cleaned.removed}
    assert {"share_buttons", "search_widget", "testimonials", "repeated_line"} <= rules
    assert len(cleaned.items) == 1


def test_seed_004_breadcrumb_source_and_navigation() -> None:
    doc = seed("004")
    cleaned = clean(doc)
    kept = all_kept(doc)
    assert "Post navigation" not in kept and "Home »" not in kept and "Source: theguardian" not in kept
    title = "Blinken visit seeks to ease fraught US relationship with China"
    assert cleaned.items[0].title == title
    assert kept.count(title) == 0  # the headline is the item's title, not a paragraph
    span = cleaned.items[0].title_span
    assert span is not None and doc.text[span.start : span.end] == title


def test_seed_001_keeps_everything() -> None:
    doc = seed("001")
    cleaned = clean(doc)
    assert len(cleaned.items) == 1
    assert "Key Points:" in kept_text(doc, cleaned.items[0])


def test_removed_spans_index_the_text_and_name_rules() -> None:
    for prefix in ("000", "002", "003", "004"):
        doc = seed(prefix)
        cleaned = clean(doc)
        for r in cleaned.removed:
            assert doc.text[r.start : r.end].strip() and r.rule
        for item in cleaned.items:
            for b in item.blocks:
                assert doc.text[b.start : b.end].strip() == doc.text[b.start : b.end]
                assert not any(r.start <= b.start < r.end for r in cleaned.removed)


OTHER_SITE = """News › World › Asia
Ministers agree on new shipping rules

By Ana Pereira | Reuters
Published: 3 March 2025

Transport ministers from twelve countries agreed on Tuesday to new rules for container shipping.

Image: A cargo ship near Rotterdam. Photograph: Jane Roe/AFP
Image: A cargo ship near Rotterdam. Photograph: Jane Roe/AFP

The rules take effect next year, officials said.
Advertisement
Critics said the deal did not go far enough.

Tweet
Email
Related articles
Storm hits coast
Markets rally
"""


def test_other_site_chrome_is_removed_generally() -> None:
    doc = doc_of(OTHER_SITE)
    cleaned = clean(doc)
    kept = kept_text(doc, cleaned.items[0])
    assert cleaned.items[0].title == "Ministers agree on new shipping rules"
    assert kept.split("\n\n") == [
        "Transport ministers from twelve countries agreed on Tuesday to new rules for container shipping.",
        "The rules take effect next year, officials said.",
        "Critics said the deal did not go far enough.",
    ]
    rules = {r.rule for r in cleaned.removed}
    assert {"breadcrumb", "metadata_line", "photo_credit", "advertisement", "share_buttons", "post_navigation"} <= rules


def test_testimonials_need_a_run() -> None:
    single = doc_of(
        "Leaders met on Monday to talk trade and climate policy for hours.\n"
        "They said little afterwards about any of the talks or plans.\n"
        "“We made real progress on every single issue today,” the minister said.\n"
        "“A great read every morning for my whole team.”\nJane Doe, Analyst, Acme Bank\n"
    )
    assert "Jane Doe" in kept_text(single, clean(single).items[0])
    run = doc_of(
        "Leaders met on Monday to talk trade and climate policy for hours.\n"
        "They said little afterwards about any of the talks or plans.\n"
        "“The Weekly Lens is a great read every morning for my whole team.”\nJane Doe, Analyst, Acme Bank\n"
        "“I never miss an issue of The Weekly Lens, it is indispensable.”\nJohn Roe, Director, Some Institute\n"
    )
    kept = kept_text(run, clean(run).items[0])
    assert "Weekly Lens" not in kept and "John Roe" not in kept


def test_tagged_headline_splits_only_when_unrelated() -> None:
    main = "\n".join(
        f"The finance ministers discussed tariffs on steel and solar panels, paragraph {i}." for i in range(5)
    )
    related = "\nMore on steel tariffs | Trade | Steel\nThe finance ministers said the steel tariffs on solar panels would stay, paragraph after paragraph of it.\n"
    unrelated = "\nVolcano erupts in Iceland | Nature | Iceland\nLava flowed toward a fishing town overnight as residents evacuated their homes and roads closed near the volcano, the coast guard said on Sunday.\n"
    assert len(clean(doc_of(main + related)).items) == 1
    items = clean(doc_of(main + unrelated)).items
    assert len(items) == 2 and items[1].title == "Volcano erupts in Iceland"


def test_markdown_markers_are_outside_blocks_and_wrapped_lines_join() -> None:
    text = (
        "# Heading of the story\n\n"
        "- first point of the list\n- second point\n\n"
        "This paragraph was wrapped at a fixed width by the\n"
        "program that saved it, so its lines must be joined\n"
        "into one block again.\n"
    )
    doc = doc_of(text)
    item = clean(doc).items[0]
    assert item.title == "Heading of the story"
    assert [doc.text[b.start : b.end] for b in item.blocks] == [
        "first point of the list",
        "second point",
        "This paragraph was wrapped at a fixed width by the\nprogram that saved it, so its lines must be joined\ninto one block again.",
    ]


def test_rules_file_unknown_key_and_inherit(tmp_path: Path) -> None:
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rules]]\nname = "x"\npatterns = ["a"]\nmatch = "b"\n')
    with pytest.raises(ConfigError, match="unknown key 'match'"):
        load_rules(bad)
    bad.write_text("[limits]\nmax_words = 3\n")
    with pytest.raises(ConfigError, match="max_words"):
        load_rules(bad)
    bad.write_text('[[rules]]\nname = "x"\npatterns = ["(unclosed"]\n')
    with pytest.raises(ConfigError, match="bad pattern"):
        load_rules(bad)
    extra = tmp_path / "extra.toml"
    extra.write_text('inherit = true\n[[rules]]\nname = "promo"\npatterns = ["watch our podcast.*"]\n')
    rules = load_rules(extra)
    assert {r.name for r in rules.rules} >= {"promo", "share_buttons"}
    doc = doc_of("A real first paragraph about the budget vote today.\nWatch our podcast now\nAnother real paragraph here.")
    assert [r.rule for r in clean(doc, rules).removed] == ["promo"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.integers(0, 50))
def test_clean_never_raises_and_spans_are_valid(text: str, body_start: int) -> None:
    doc = Document(source="x.txt", text=text, format="txt", body_start=body_start)
    cleaned = clean(doc)
    assert cleaned.items and cleaned.items[0].index == 0
    for item in cleaned.items:
        for b in item.blocks:
            assert 0 <= b.start < b.end <= len(text)


# ---------------------------------------------------------------- chrome around the lede
LEDE = "The foreign ministry said on Monday that talks would resume next month."


@pytest.mark.parametrize(
    "prefix",
    [
        "WASHINGTON (Reuters) – ",
        "MANILA — ",
        "BEIJING, April 26, 2024 (BSS/AFP) - ",
        "BEIJING, July 21 (Xinhua) -- ",
        "NEW DELHI: ",
        "Nov. 14 (UPI) -- ",
        "Taipei — ",
        "date 2024-06-19 ",
        "date 2024-06-19 SEOUL, June 3 (Yonhap) -- ",
    ],
)
def test_datelines_and_stamps_are_cut_from_the_lede_with_exact_offsets(prefix: str) -> None:
    text = "Talks to resume\n\n" + prefix + LEDE + "\n\nBoth sides confirmed the date in statements."
    doc = doc_of(text, "Talks to resume")
    cleaned = clean(doc)
    starts = [doc.text[b.start : b.end] for b in cleaned.items[0].blocks]
    assert LEDE in starts
    cut = [r for r in cleaned.removed if r.rule in ("dateline", "stamp")]
    assert "".join(doc.text[r.start : r.end] for r in cut) == prefix


@pytest.mark.parametrize(
    "lede",
    [
        "Blinken — the first secretary of state to visit in five years — met Xi on Monday.",
        "U.S. - China relations have improved, officials said.",
        "TikTok has until January to find a buyer, the court said.",
    ],
)
def test_a_lede_that_only_looks_like_a_dateline_is_kept_whole(lede: str) -> None:
    doc = doc_of("Headline here\n\n" + lede + "\n\nA second paragraph follows here.", "Headline here")
    blocks = [doc.text[b.start : b.end] for b in clean(doc).items[0].blocks]
    assert lede in blocks


@pytest.mark.parametrize(
    "line",
    [
        "1 of 7 | The president meets the visiting premier on Wednesday for talks at an estate outside the capital. Photo by Jane Roe/Agency",
        "License Photo",
        "In this photo provided by the Navy, a destroyer sails through the strait on Saturday, June 3, 2023, as a warship cuts across its path.",
        "March 21, 2023. Flags in the hall of the palace where the signing ceremony of joint documents will take place. - News Agency, 1920, 20.09.2023",
        "CC BY 4.0 / Ministry of Defence / The flags of the two countries",
        "The two leaders shake hands at the summit (pictured) before their talks.",
        "17 April 2023 - 14:22 Jane Roe, John Doe and Ann Lee",
        "by The News Desk February 19, 2023 3:01 AM 1 min read",
        "Prime Minister Ana Ruiz (C) and Finance Minister Tomas Berg (R) arrive for a cabinet meeting in Lisbon on Monday.",
        "Delegates (L-R) pose for a group photograph before the opening session.",
    ],
)
def test_captions_credits_and_timestamped_bylines_never_reach_the_story(line: str) -> None:
    text = "Talks to resume\n\n" + line + "\n\n" + LEDE + "\n\nBoth sides confirmed the date in statements."
    kept = all_kept(doc_of(text, "Talks to resume"))
    assert line not in kept and LEDE in kept


def test_a_sentence_broken_into_blocks_by_a_link_is_one_block_again() -> None:
    text = (
        "Ferry talks stall\n\n"
        "During the crossing a patrol plane circled. A harbour master on the radio\n\n"
        "warned\n\n"
        "the ferry crews to turn back.\n\n"
        "Officials did not comment.\n\n"
        "the port authority said on Friday that it would review the rules for small ferries.\n"
    )
    doc = doc_of(text)
    blocks = [doc.text[b.start : b.end] for b in clean(doc).items[0].blocks]
    assert blocks[0] == "During the crossing a patrol plane circled. A harbour master on the radio\n\nwarned\n\nthe ferry crews to turn back."
    assert blocks[1:] == ["Officials did not comment.", "the port authority said on Friday that it would review the rules for small ferries."]


def test_a_credit_line_takes_its_caption_with_it() -> None:
    caption = "Foreign Minister Ana Ruiz and her Japanese counterpart arrive for talks in Lisbon, the capital, on Monday."
    text = f"Talks to resume\n\n{caption}\n(Ministry of Foreign Affairs)\n\n{LEDE}\n\n(The talks were first reported by a wire service.)"
    kept = all_kept(doc_of(text, "Talks to resume"))
    assert caption not in kept and "Ministry of Foreign Affairs" not in kept and LEDE in kept
    # a parenthesised sentence of the story is no credit
    assert "(The talks were first reported by a wire service.)" in kept


_CHROME_WORDS = ["Share", "on", "Facebook", "Twitter", "Subscribe", "to", "our", "newsletter", "Advertisement",
                 "Photo:", "Reuters", "Getty", "Images", "Home", ">", "World", "Related", "articles", "|", "•",
                 "Read", "more", "Sign", "up", "cookies", "AP", "(AP)", "said", "the", "minister", "2024", "—"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CHROME_WORDS), min_size=1, max_size=12), st.sampled_from([" ", "  ", " | ", ": "]))
def test_a_rule_matches_a_line_whole_as_one_of_its_patterns_would(words: list[str], sep: str) -> None:
    from briefing.analyse.clean import _default_rules, _whole_line

    line = sep.join(words)
    for rule in _default_rules().rules:
        assert bool(_whole_line(rule.patterns)(line)) == any(p.fullmatch(line) for p in rule.patterns), rule.name


def test_patterns_whose_groups_are_referred_to_are_tried_one_by_one() -> None:
    import re

    from briefing.analyse.clean import _whole_line

    # Joined, "(\w+) \1" would refer to the other pattern's group and never match.
    patterns = (re.compile(r"x+", re.I), re.compile(r"(\w+) \1", re.I))
    assert _whole_line(patterns)("again again")
    assert not _whole_line(patterns)("again and again")
    assert _whole_line(patterns)("XX")
