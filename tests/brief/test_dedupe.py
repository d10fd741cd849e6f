"""Near-duplicates: a wire story and two lightly edited copies from other outlets are one
group, an unrelated story stays apart; sentences carried by several outlets are merged and
say which outlets carried them."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.analyse.prints import normalise_tokens, shingles, similarity
from briefing.brief.dedupe import SentenceRef, duplicate_groups, merge_sentences

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dedupe"


def fixture_texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.txt"))]


def test_normalisation_folds_case_quotes_and_punctuation() -> None:
    assert normalise_tokens("Blinken’s “FIRST” visit—don't stop.") == (
        "blinkens",
        "first",
        "visit",
        "dont",
        "stop",
    )
    assert normalise_tokens("Blinken's \"first\" visit - don’t stop") == normalise_tokens(
        "Blinken’s “FIRST” visit—don't stop."
    )


def test_shingles_are_stable_and_normalised() -> None:
    a = shingles("The ministers will meet again in Singapore in September.")
    b = shingles("the  MINISTERS will meet again, in Singapore in September")
    assert a == b
    # Values fixed across runs and machines (CRC-32, not the salted built-in hash).
    assert shingles("one two three", k=3) == frozenset({2015744983})
    assert len(shingles("a b c d e f g", k=5)) == 3
    assert shingles("short", k=5) != frozenset()  # shorter than k: one shingle
    assert shingles("") == frozenset()


def test_wire_copies_group_and_unrelated_story_stays_apart() -> None:
    groups = duplicate_groups(fixture_texts())
    assert groups == (("copy_outlet_b", "copy_outlet_c", "wire"), ("unrelated",))


def test_containment_tolerates_a_cut_tail_and_an_added_note() -> None:
    texts = dict(fixture_texts())
    # Outlet B cut the last two paragraphs, outlet C added an editor's note.
    assert similarity(texts["wire"], texts["copy_outlet_b"]) >= 0.9
    assert similarity(texts["wire"], texts["copy_outlet_c"]) >= 0.9
    assert similarity(texts["wire"], texts["unrelated"]) < 0.1


def test_threshold_is_respected() -> None:
    texts = fixture_texts()
    assert all(len(g) == 1 for g in duplicate_groups(texts, threshold=0.99))


def test_short_texts_fall_back_to_token_jaccard() -> None:
    a = "The freeze bars participants from raising duties on steel, aluminium and solar panels."
    b = "The freeze bars participants from raising duties on steel, aluminum and solar panels."
    c = "The freeze bars participants from raising duties on steel."
    assert similarity(a, b) == 12 / 14
    groups = duplicate_groups([("a", a), ("b", b), ("c", c)])
    assert groups == (("a", "b"), ("c",))


def test_same_id_twice_is_one_text() -> None:
    assert duplicate_groups([("x", "alpha beta"), ("x", "gamma delta")]) == (("x",),)


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_groups_are_invariant_to_input_order(rnd: random.Random) -> None:
    texts = fixture_texts() + [
        ("s1", "Ministers agreed on Tuesday to extend the freeze."),
        ("s2", "Ministers agreed on Tuesday to extend the tariff freeze."),
        ("s3", "Nothing else happened."),
    ]
    expected = duplicate_groups(texts)
    shuffled = list(texts)
    rnd.shuffle(shuffled)
    assert duplicate_groups(shuffled) == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.text(max_size=80)), max_size=12))
def test_every_id_appears_once(texts: list[tuple[str, str]]) -> None:
    groups = duplicate_groups(texts)
    flat = [i for g in groups for i in g]
    assert sorted(flat) == sorted({i for i, _ in texts})
    assert list(groups) == sorted(groups, key=lambda g: g[0])


# ------------------------------------------------------------------ sentences
def test_merge_sentences_counts_outlets_and_picks_earliest() -> None:
    wire = "Trade ministers from twelve countries agreed on Tuesday to extend a temporary freeze on new tariffs."
    edited = "Trade ministers from twelve countries agreed Tuesday to extend a temporary freeze on new tariffs."
    refs = [
        SentenceRef("a02", "a02.p1.s1", edited, 0, len(edited), "Outlet B", date(2024, 5, 2)),
        SentenceRef("a01", "a01.p1.s1", wire, 10, 10 + len(wire), "Wire", date(2024, 5, 1)),
        SentenceRef("a03", "a03.p2.s1", wire, 50, 50 + len(wire), "outlet b", date(2024, 5, 3)),
        SentenceRef("a04", "a04.p1.s1", "The city council voted to expand the night bus network.", 0, 55, None, None),
        SentenceRef("a05", "a05.p1.s1", wire, 0, len(wire), None, None),
    ]
    clusters = merge_sentences(refs)
    assert len(clusters) == 2
    carried, single = clusters
    assert carried.representative.article == "a01"  # earliest-dated article
    assert [m.article for m in carried.members] == ["a01", "a02", "a03", "a05"]  # undated last
    assert carried.articles == ("a01", "a02", "a03", "a05")
    assert carried.outlets == ("Outlet B", "Wire")  # case-insensitive, sorted
    assert carried.sources == 3  # Wire, Outlet B, and the unattributed a05
    assert not carried.single_source
    assert single.single_source and single.sources == 1 and single.outlets == ()


def test_sentence_repeated_in_one_article_is_single_source() -> None:
    s = "Despite appearances, the visit has not done much to thaw relations."
    refs = [
        SentenceRef("a03", "a03.p1.s1", s, 0, len(s), "Outlet", None),
        SentenceRef("a03", "a03.p2.s1", s, 80, 80 + len(s), "Outlet", None),
    ]
    (cluster,) = merge_sentences(refs)
    assert cluster.single_source
    assert cluster.representative.sentence_id == "a03.p1.s1"
    assert len(cluster.members) == 2


# ------------------------------------------------------------------ repeats
def test_many_verbatim_and_near_copies_group_like_distinct_texts() -> None:
    """Only the first copy of a verbatim repeat is compared pairwise; later copies (the
    same words after normalising) must still land in the group of their near copies."""
    wire = "Trade ministers from twelve countries agreed on Tuesday to extend a temporary freeze on new tariffs."
    near = "Trade ministers from twelve countries agreed Tuesday to extend a temporary freeze on new tariffs."
    other = "The city council voted on Monday to expand the night bus network to the northern suburbs."
    other_near = "The city council voted on Monday to expand the night bus network to the eastern suburbs."
    lone = "Rain is expected over the weekend in most of the country."
    texts = []
    for r in range(40):
        texts.append((f"w{r:02d}", wire if r % 2 else wire.upper().replace(" ", "  ")))
        texts.append((f"o{r:02d}", other))
        texts.append((f"l{r:02d}", lone + " "))
    # The near copies come last, so they meet the first copies only in the pairwise pass.
    texts += [("n", near), ("p", other_near)]
    story = (FIXTURES / "wire.txt").read_text(encoding="utf-8")
    cut = "\n\n".join(story.split("\n\n")[:-2])
    texts += [(f"s{r}", story) for r in range(5)] + [("cut", cut), ("unrelated", (FIXTURES / "unrelated.txt").read_text(encoding="utf-8"))]
    rnd = random.Random(3)
    rnd.shuffle(texts)
    groups = duplicate_groups(texts)
    assert groups == (
        ("cut", "s0", "s1", "s2", "s3", "s4"),
        tuple(f"l{r:02d}" for r in range(40)),
        ("n",) + tuple(f"w{r:02d}" for r in range(40)),
        tuple(f"o{r:02d}" for r in range(40)) + ("p",),
        ("unrelated",),
    )

    refs = [SentenceRef(f"a{i % 7}", f"a{i % 7}.s{i}", t, i, i + len(t), f"Outlet {i % 3}", None) for i, (_, t) in enumerate(texts) if len(t) < 200]
    clusters = merge_sentences(refs)
    assert sorted(len(c.members) for c in clusters) == [40, 41, 41]
    for c in clusters:
        # Members in citation order: article, then position in the text.
        assert list(c.members) == sorted(c.members, key=lambda m: (m.article, m.start))
        assert c.sources == 3


def test_prints_made_apart_group_like_the_texts() -> None:
    """A build computes each story's print in the worker that read it and groups the
    prints later: the groups are those of the texts themselves."""
    from briefing.analyse.prints import text_print

    texts = fixture_texts()
    assert duplicate_groups([(tid, text_print(t)) for tid, t in texts]) == duplicate_groups(texts)
    mixed = [(tid, text_print(t) if i % 2 else t) for i, (tid, t) in enumerate(texts)]
    assert duplicate_groups(mixed) == duplicate_groups(texts)
    with pytest.raises(ValueError):
        duplicate_groups([(tid, text_print(t)) for tid, t in texts], threshold=0.5)


# ------------------------------------------------------------------ growth
def _variations(n: int, seed: int = 3) -> list[tuple[str, str]]:
    """One wire service's variations: a long shared body and a paragraph of their own,
    too different to be copies but alike enough to share LSH buckets."""
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    base = rnd.choices(vocab, k=400)
    return [(f"v{i:05d}", " ".join(base + rnd.choices(vocab, k=150))) for i in range(n)]


def _candidate_pairs(texts: list[tuple[str, str]]) -> int:
    from briefing.analyse.prints import text_print
    from briefing.brief.dedupe import _minhash_candidates

    reduced = [text_print(t).shingles for _, t in texts]
    return sum(len(p) for _, p in _minhash_candidates(reduced, list(range(len(reduced)))))


def test_candidate_pairs_grow_less_than_quadratically() -> None:
    # Every pair shares buckets here: without a cap on what a bucket yields, doubling
    # the texts quadruples the pairs.
    small, large = _candidate_pairs(_variations(400)), _candidate_pairs(_variations(800))
    assert large < 3 * small
    assert all(len(g) == 1 for g in duplicate_groups(_variations(300)))


def test_a_wire_story_in_more_outlets_than_a_bucket_holds_is_one_group() -> None:
    from briefing.brief.dedupe import MAX_BUCKET

    rnd = random.Random(11)
    vocab = [f"w{i}" for i in range(4000)]
    story = rnd.choices(vocab, k=500)
    copies = []
    for i in range(3 * MAX_BUCKET):
        words = list(story)
        # Each outlet trims the end and changes a word or two.
        words = words[: len(words) - rnd.randrange(0, 30)]
        for _ in range(2):
            words[rnd.randrange(len(words))] = rnd.choice(vocab)
        copies.append((f"c{i:03d}", " ".join(words)))
    others = [(f"o{i:03d}", " ".join(rnd.choices(vocab, k=500))) for i in range(50)]
    groups = duplicate_groups(copies + others)
    assert tuple(sorted(c for c, _ in copies)) in groups
    assert sum(len(g) > 1 for g in groups) == 1


def _jaccard_groups(texts: list[tuple[str, str]], threshold: float) -> set[tuple[str, ...]]:
    """Connected components of token Jaccard >= threshold over all pairs: what the
    prefix filter and its overlap bounds must find while no text meets more candidates
    than the cap."""
    tokens = [frozenset(normalise_tokens(t)) for _, t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i):
            a, b = tokens[i], tokens[j]
            if (a or b) and len(a & b) / len(a | b) >= threshold - 1e-12:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[str]] = {}
    for i, (tid, _) in enumerate(texts):
        groups.setdefault(root(i), []).append(tid)
    return {tuple(sorted(g)) for g in groups.values()}


_SHORT_WORDS = st.lists(st.sampled_from([f"word{i}" for i in range(14)]), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(st.lists(_SHORT_WORDS, min_size=2, max_size=30), st.sampled_from([0.5, 0.7, 0.85]))
def test_short_texts_group_as_all_pairs_jaccard(words: list[list[str]], threshold: float) -> None:
    # Fewer texts than the candidate cap: the filters may skip a pair only when it cannot
    # reach the threshold, so the groups are those of comparing every pair.
    texts = [(f"t{i:02d}", " ".join(w)) for i, w in enumerate(words)]
    assert set(duplicate_groups(texts, threshold=threshold)) == _jaccard_groups(texts, threshold)
