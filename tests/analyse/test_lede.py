"""The shape tests that choose a bottom line, points and timeline rows (invented text)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from briefing.analyse import lede

from briefing.analyse.lede import attributes_previous, flaw, has_attribution, lede_flaw, prefix_end, who_did_what_end


@pytest.mark.parametrize(
    "text, why",
    [
        ("In this photo released by the coast guard, a patrol vessel shadows a supply boat near the shoal.", "caption"),
        ("Banners in the great hall of the old palace, where the summit dinner will take place.", "caption"),
        ("The minister speaks at the harbour in Lisbon on Tuesday, March 4, announcing new port fees.", "caption"),
        ("3 of 9 | The two delegations shake hands before the trade round in Geneva.", "caption"),
        ("The trade minister walks over to her counterpart to say hello at the #PortForum24 in Lisbon.", "caption"),
        ("Mar. 3 (WNS) -- The trade minister met her counterpart for three hours on Monday.", "dateline"),
        ("LISBON — The trade minister met her counterpart for three hours on Monday.", "dateline"),
        ("LISBON, Portugal—The trade minister met her counterpart for three hours on Monday.", "dateline"),
        ("date 2022-05-11 The trade minister met her counterpart for three hours on Monday.", "stamp"),
        ("by The Harbour Post news desk March 3, 2022 4:10 PM 2 min read The minister said the talks went well.", "byline"),
        ("The envoy said she also raised concerns over the \u201cunsafe manoeuvres in the strait\u201d and in t", "fragment"),
        ("and then the talks ended without a statement from either side.", "fragment"),
        ("Officials stressed that the Thursday meeting between the trade minister and her Lisbon...", "fragment"),
        ("The harbour authority said the new port fees would apply from June …", "fragment"),
    ],
)
def test_flaw_names_what_cannot_stand_alone(text: str, why: str) -> None:
    assert flaw(text) == why


def test_a_speaker_trailing_off_inside_the_quote_is_no_cut_off_teaser() -> None:
    assert flaw("“We will not wait for them forever …” the trade minister said at the harbour on Monday.") is None
    assert flaw("The trade minister said: “We will not wait for them forever …”") is None


@pytest.mark.parametrize(
    "text",
    [
        "The trade minister met her counterpart for three hours on Monday and agreed to resume talks.",
        "Coast guard ships fired water cannon at a supply boat near the shoal, the ministry said.",
        "Lawmakers passed a bill on Thursday that bars the sale of port cranes to state-owned firms.",
        "The trade minister added new fees on port cranes on Monday, the ministry said.",
    ],
)
def test_news_sentences_have_no_flaw_and_read_as_ledes(text: str) -> None:
    assert flaw(text) is None
    assert lede_flaw(text, date(2024, 3, 4)) is None


@pytest.mark.parametrize(
    "text",
    [
        "From the perspective of the port authority, it is possible to keep raising fees.",
        "At the summit in Lisbon, the two ministers agreed to meet again in the autumn.",
        "Soon after the announcement, the coast guard said it had tracked 40 vessels near the reef.",
        "Just before the visit, parliament passed a number of bills on port security.",
        "He said the talks would resume after the holiday.",
        "The move aims to ease pressure on the ferry operators before the summer season.",
        "The decision follows weeks of talks between the port authority and the unions.",
    ],
)
def test_a_lede_opens_on_its_subject(text: str) -> None:
    assert lede_flaw(text) == "no subject"


@pytest.mark.parametrize(
    "text",
    [
        "Costa further added that there is no room for compromise on the port fees.",
        "The harbour authority also said it would study the decision on Monday.",
        "Minister Ana Costa added that the talks would resume in the autumn.",
        "Costa added: “The talks will resume in the autumn.”",
    ],
)
def test_speech_carried_on_from_before_is_no_lede(text: str) -> None:
    assert flaw(text) is None
    assert lede_flaw(text) == "continues"


def test_background_is_no_bottom_line() -> None:
    assert lede_flaw("The agency has long limited the export of port cranes to the region.") == "background"
    assert lede_flaw("The ministry has warned the shipyard since the 2021 accident at the dock.") == "background"
    # A year before the article's own marks a background paragraph.
    assert lede_flaw("The two sides signed a fisheries pact in 2019 that lapsed last spring.", date(2024, 3, 4)) == "background"
    assert lede_flaw("The two sides signed a fisheries pact in 2024 that runs for five years.", date(2024, 3, 4)) is None


def test_a_claim_is_attributed_by_the_sentence_after_it() -> None:
    claim = "The current tensions at the border are entirely the fault of the neighbouring state."
    assert not has_attribution(claim)
    assert attributes_previous("This was stated by the defence ministry's spokesperson at a briefing on Thursday.")
    assert attributes_previous("So said the foreign minister on Monday.")
    assert not attributes_previous("The ministry said the patrols would continue through the summer.")
    assert has_attribution("The patrols will continue, the ministry said.")


def test_bold_marks_who_did_what_or_nothing() -> None:
    text = "The trade minister met her counterpart for three hours, agreeing to resume talks."
    end = who_did_what_end(text)
    assert end is not None and text[:end] == "The trade minister met her counterpart for three hours"
    assert who_did_what_end("From the perspective of the port authority, fees may rise.") is None
    assert who_did_what_end("At the summit in Lisbon on Monday, the two ministers agreed to meet again.") is None
    assert who_did_what_end("The minister, who arrived in Lisbon on Monday, has focused on port fees.") is None


def test_a_dateline_prefix_is_skipped_verbatim() -> None:
    text = "Mar. 3 (WNS) -- The trade minister met her counterpart on Monday."
    assert text[prefix_end(text):] == "The trade minister met her counterpart on Monday."
    assert prefix_end("The trade minister met her counterpart on Monday.") == 0
    stamped = "date 2022-05-11 The minister met her counterpart."
    assert stamped[prefix_end(stamped):] == "The minister met her counterpart."
    glued = "LISBON, Portugal—The trade minister met her counterpart on Monday."
    assert glued[prefix_end(glued):] == "The trade minister met her counterpart on Monday."
    # Two countries joined by a dash open a sentence; they are no dateline.
    assert prefix_end("USA—Portugal trade grew on Monday.") == 0


@given(st.text(max_size=200))
def test_shape_tests_never_fail_on_any_text(text: str) -> None:
    flaw(text)
    lede_flaw(text, date(2024, 1, 1))
    end = who_did_what_end(text)
    assert end is None or 0 < end <= len(text)
    assert 0 <= prefix_end(text) <= len(text)


def test_a_position_carried_on_from_reported_speech_is_a_claim() -> None:
    from briefing.analyse.lede import continues_claim

    before = "The ministry's spokesperson previously stated that dialogue cannot be without principles."
    assert continues_claim("The current tensions are entirely the responsibility of the neighbouring state.", before)
    assert not continues_claim("The talks ended on Monday without a joint statement.", before)
    assert not continues_claim("The tensions are entirely its fault, the ministry said.", before)
    assert not continues_claim("The current tensions are entirely the responsibility of the neighbour.", "The talks ended.")


# The patterns `flaw` used to search every text with; its quicker checks must agree.
_REF_COMPLETE = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?]$")
_REF_TRAILS_OFF = re.compile(r"(?:\.\.\.|…)\s*$")
_PIECES = st.sampled_from(
    ["In this photo", "in a file photo", "PHOTO: ", "Photos by", "(AP Photo)", "(Pool", "pıctured", "pİcture", "ſeen in thiſ",
     "poses for photos", "#Taiwan", "&#39;", "3 of 12 |", "1 of 4:", "FILE - ", "By Ana Ruiz", "by ana", "5 mın read",
     "2 MINUTES READ", "news deſk", "News Desk", "date 2024-05-01", "2024-05-01 ", "xdate 2024-05-01", "ＰＨＯＴＯ", "\u212a",
     "Beijing said", " tariffs ", ".", "!", "?", "…", "...", "”", "’", ")", "]", '"', "'", " ", "\n", "Wang Yi", "arrives", "Monday"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_the_quick_checks_find_what_the_patterns_find(text: str) -> None:
    t = text.strip()
    folded = lede._folded(t)
    assert lede._caption(t, folded) == bool(lede._CAPTION.search(t))
    assert lede._byline(t, folded) == bool(lede._BYLINE.search(t))
    assert lede._stamp(t) == bool(lede._STAMP.search(t))
    assert lede._complete(t) == bool(_REF_COMPLETE.search(t))
    assert t.endswith(("...", "…")) == bool(_REF_TRAILS_OFF.search(t))
    assert lede.cut_off(text) == (not _REF_COMPLETE.search(t))
