"""Near-duplicate detection: wire copies of one story, and sentences carried by several outlets.

In:  texts as `(id, text)` pairs (articles or sentences), or `SentenceRef`s for the
     sentence-level merge.
Out: groups of ids that are the same copy (`duplicate_groups`), and sentence clusters that
     record a representative, every member and the distinct outlets (`merge_sentences`),
     so a key point can say how many outlets carried it and which.

Texts are compared by their prints (`briefing.analyse.prints`: normalised tokens and
hashed word shingles).

Which overlap measure, and why:

* Long texts (at least `SHORT_TOKENS` distinct tokens in both) are compared by shingle
  *containment*, |A ∩ B| / min(|A|, |B|). An outlet that republishes a wire story often
  cuts the last paragraphs or adds its own byline, an editor's note or a "read more" tail;
  Jaccard would count that length difference against the pair, containment does not.
* Short texts (a sentence, a headline) fall back to the Jaccard index of their sets of
  normalised tokens. A single changed word removes k shingles, which in a 20-word
  sentence is a quarter of them; at the token level it costs one or two tokens, so a
  lightly edited sentence still clears the threshold, and Jaccard (not containment) keeps
  a short fragment from matching every longer sentence that happens to contain it.

Groups are the connected components of the "is a copy of" pairs (single link), so a chain
of light edits ends up in one group.

Speed: no all-pairs comparison. Verbatim copies (the same normalised text) are grouped
by digest and only their first copy goes further. Short texts are paired with a prefix
filter (the All-Pairs method: tokens ordered rarest first; two sets with Jaccard >= t must
share a token among the first |x| - ceil(t·|x|) + 1 of each), which is exact. Long texts
are paired by MinHash banding over their shingle samples (see `BANDS`), and every
candidate pair is then verified on those samples, with arrays. A build makes each
story's `TextPrint` in the worker that analysed it, so the text is not needed here.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from itertools import chain
from operator import or_
from typing import TYPE_CHECKING, Any

from briefing.analyse.prints import (
    _EMPTY,
    DEFAULT_THRESHOLD,
    SHORT_TOKENS,
    VERIFY_MODULUS,
    TextPrint,
    _containment,
    _sample,
    text_print,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Cluster",
    "SentenceRef",
    "duplicate_groups",
    "merge_sentences",
]



class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            # Smaller root wins, so the structure does not depend on the order of unions.
            if ri < rj:
                self.parent[rj] = ri
            else:
                self.parent[ri] = rj


# How many earlier texts one short text is checked against (see `_join_short`).
MAX_SHORT_CANDIDATES = 64


# Texts whose candidate pairs are tested together (see `_join_short`): bounds the pair
# arrays (16 bytes a pair, ~60 pairs a text) whatever the number of texts.
_SHORT_BLOCK = 4096


def _join_short(
    token_sets: Sequence[frozenset[str]],
    members: Sequence[int],
    threshold: float,
    uf: _UnionFind,
    same_long: Callable[[int, int], bool],
    sizes: Sequence[int],
) -> None:
    """Join the short texts that are copies: candidate pairs by All-Pairs prefix
    filtering on token Jaccard, each verified (by `same_long` when both texts are long
    enough for shingles).

    A text's candidates do not depend on which pairs were joined before, so they are
    gathered first (`_short_candidates`), their overlap bound tested in arrays, and only
    the few pairs that pass it are verified one by one: a sentence meets ~60 candidates
    and is a copy of one at most, and the Python steps per candidate were most of the
    cost of merging a corpus's sentences."""
    import numpy as np

    if not members:
        return
    n = max(members) + 1
    lengths = np.zeros(n, dtype=np.int64)
    lengths[members] = [len(token_sets[i]) for i in members]
    is_long = np.zeros(n, dtype=np.bool_)
    is_long[members] = [sizes[i] >= SHORT_TOKENS for i in members]
    masks = np.zeros(n, dtype=np.uint64)
    masks[members] = _token_masks(token_sets, members)
    find, union = uf.find, uf.union
    floor = threshold - 1e-12
    block_i: list[int] = []
    block_j: list[int] = []
    for i, candidates in _short_candidates(token_sets, members, threshold):
        block_i.extend([i] * len(candidates))
        block_j.extend(candidates)
        if len(block_i) < _SHORT_BLOCK * MAX_SHORT_CANDIDATES:
            continue
        _verify_short(np, block_i, block_j, lengths, is_long, masks, threshold, token_sets, find, union, floor, same_long)
        block_i, block_j = [], []
    _verify_short(np, block_i, block_j, lengths, is_long, masks, threshold, token_sets, find, union, floor, same_long)


def _short_candidates(
    token_sets: Sequence[frozenset[str]], members: Sequence[int], threshold: float
) -> Iterable[tuple[int, list[int]]]:
    """Each short text with the earlier texts it is to be compared with: those sharing
    a token of its prefix (All-Pairs), large enough for Jaccard >= threshold, at most
    MAX_SHORT_CANDIDATES of them, the latest under each token first."""
    freq = Counter(chain.from_iterable(token_sets[i] for i in members))
    # Smallest first, so every indexed text is no larger than the one probing (the size
    # filter below relies on it). The pairs found do not depend on the order.
    order = sorted(members, key=lambda i: (len(token_sets[i]), i))
    # Per token, the texts indexed under it and their sizes, both in `order` (so sizes
    # ascending, which lets a bisection apply the size filter to a whole posting list).
    index: dict[str, tuple[list[int], list[int]]] = {}
    # Rarest first, ties by the token: one rank per token, looked up in C while sorting.
    rank = {t: r for r, t in enumerate(sorted(freq, key=lambda t: (freq[t], t)))}
    by_rank = rank.__getitem__
    for i in order:
        size = len(token_sets[i])
        if size == 0:
            continue
        toks = sorted(token_sets[i], key=by_rank)
        prefix = size - math.ceil(threshold * size - 1e-9) + 1
        # Size filter: Jaccard >= t needs |small| >= t·|large|.
        least = threshold * size - 1e-9
        gathered: list[int] = []
        for tok in toks[:prefix]:
            entry = index.get(tok)
            if entry is None:
                index[tok] = ([i], [size])
                continue
            postings, posting_sizes = entry
            # The latest texts under a token are the nearest in size; a text meets at most
            # MAX_SHORT_CANDIDATES of them, so templated prose (every sentence sharing
            # its rarest words with hundreds of others) costs linear time. A copy missed
            # here is still joined through the copies it did meet.
            cut = max(len(postings) - MAX_SHORT_CANDIDATES, bisect_left(posting_sizes, least))
            gathered.extend(reversed(postings[cut:]))
            postings.append(i)
            posting_sizes.append(size)
        if gathered:
            # The first MAX_SHORT_CANDIDATES distinct texts, in the order met.
            yield i, list(dict.fromkeys(gathered))[:MAX_SHORT_CANDIDATES]


def _verify_short(
    np: Any,
    block_i: list[int],
    block_j: list[int],
    lengths: np.ndarray,
    is_long: np.ndarray,
    masks: np.ndarray,
    threshold: float,
    token_sets: Sequence[frozenset[str]],
    find: Callable[[int], int],
    union: Callable[[int, int], None],
    floor: float,
    same_long: Callable[[int, int], bool],
) -> None:
    """Join the candidate pairs (block_i[k], block_j[k]) that are copies."""
    if not block_i:
        return
    pi = np.array(block_i, dtype=np.intp)
    pj = np.array(block_j, dtype=np.intp)
    size, theirs = lengths[pi], lengths[pj]
    mine_mask, their_mask = masks[pi], masks[pj]
    # Jaccard >= t needs |a ∩ b| >= t·(|a| + |b|) / (1 + t); a text's tokens whose bits
    # the other's mask lacks are not in the other. (The same float steps as one pair at
    # a time.) Pairs of two long texts are compared on shingles instead, unbounded here.
    need = threshold * (size + theirs) / (1 + threshold) - 1e-9
    fits = (size - _popcount(np, mine_mask & ~their_mask) >= need) & (theirs - _popcount(np, their_mask & ~mine_mask) >= need)
    both_long = is_long[pi] & is_long[pj]
    keep = np.flatnonzero(fits | both_long)
    for i, j, long_pair in zip(pi[keep].tolist(), pj[keep].tolist(), both_long[keep].tolist()):
        if find(i) == find(j):
            continue  # already one group, most often through a copy met before
        if long_pair:
            if same_long(i, j):
                union(j, i)
            continue
        mine, other = token_sets[i], token_sets[j]
        # Jaccard, |a ∪ b| counted rather than built.
        common = len(mine & other)
        if common / (len(mine) + len(other) - common) >= floor:
            union(j, i)


def _popcount(np: Any, values: np.ndarray) -> np.ndarray:
    """Set bits of each uint64, as int64 (so that differences may go below zero)."""
    if hasattr(np, "bitwise_count"):  # numpy 2
        return np.bitwise_count(values).astype(np.int64)
    bits = np.unpackbits(np.ascontiguousarray(values).view(np.uint8).reshape(-1, 8), axis=1)
    return bits.sum(axis=1, dtype=np.int64)


def _token_masks(token_sets: Sequence[frozenset[str]], members: Sequence[int]) -> list[int]:
    """A 64-bit mask of each member's tokens, for the overlap bound of `_verify_short`.
    (Python's string hashes vary between runs; the bound holds whatever the hashes.)
    One bit per distinct token, hashed once, not once per text it is in."""
    bit: dict[str, int] = {}
    for i in members:
        for tok in token_sets[i]:
            if tok not in bit:
                bit[tok] = 1 << (hash(tok) & 63)
    get = bit.__getitem__
    return [reduce(or_, map(get, token_sets[i]), 0) for i in members]


# MinHash banding for long texts: BANDS bands of ROWS hashes each. Two texts whose sampled
# shingle sets have Jaccard J share a band with probability 1 - (1 - J**ROWS)**BANDS:
# 0.9995 at J = 0.85, 0.22 at J = 0.5, 0.0002 at J = 0.2. Only those candidates are
# verified exactly, so texts that merely share boilerplate or a few paragraphs (a corpus
# of one wire service's variations) are not compared pair by pair.
BANDS, ROWS = 16, 6
# At most this many texts of one LSH bucket are paired with the rest of it (see
# `_minhash_candidates`).
MAX_BUCKET = 32
# Candidate pairs are verified in batches of about this many gathered shingles, which
# bounds the temporary arrays (8 bytes each) whatever the number of candidates.
_BATCH = 1 << 20


def _minhash_candidates(reduced: Sequence[array[int]], members: Sequence[int]) -> Iterable[tuple[int, np.ndarray]]:
    """Candidate pairs among long texts: texts whose MinHash signatures agree on a band.

    Yields, for each text, its candidates of a larger index (positions in `members`,
    ascending), once each however many bands they share. Produced one text at a time:
    10,000 variations of one wire service make millions of candidate pairs, which as one
    array took a few hundred megabytes.

    A long text that contains a much shorter one entirely has a low Jaccard overlap with
    it and may be missed; wire copies are of similar length, and that is what this finds.
    """
    import numpy as np

    # Fixed multipliers: the same texts always give the same candidates.
    rng = np.random.default_rng(20240426)
    mult = rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
    add = rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
    signatures = np.empty((len(members), BANDS * ROWS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row, i in enumerate(members):
            values = np.frombuffer(reduced[i], dtype=np.uint32).astype(np.uint64)
            signatures[row] = ((np.outer(mult, values) + add[:, None]) >> np.uint64(32)).min(axis=1)
    # Per band, the texts sorted by bucket (equal values on all ROWS of the band, as the
    # band's byte strings were compared before) and each text's run in that order.
    orders, run_start, run_end = [], [], []
    for band in range(BANDS):
        _, bucket = np.unique(signatures[:, band * ROWS : (band + 1) * ROWS], axis=0, return_inverse=True)
        bucket = bucket.reshape(-1)
        order = np.argsort(bucket, kind="stable")
        edges = np.concatenate(([0], np.flatnonzero(np.diff(bucket[order])) + 1, [len(order)]))
        run = np.repeat(np.arange(len(edges) - 1), np.diff(edges))
        starts, ends = np.empty(len(order), np.int64), np.empty(len(order), np.int64)
        starts[order], ends[order] = edges[run], edges[run + 1]
        # A bucket's first MAX_BUCKET texts (its smallest indices) are paired with all of
        # it, the others with no one else in it: a bucket of one wire service's thousand
        # variations yields thousands of pairs, not half a million, and a copy still
        # meets the bucket's representatives (and its copies share other bands).
        place = np.empty(len(order), np.int64)
        place[order] = np.arange(len(order)) - edges[run]
        ends[place >= MAX_BUCKET] = starts[place >= MAX_BUCKET]
        orders.append(order)
        run_start.append(starts)
        run_end.append(ends)
    del signatures
    for row in range(len(members)):
        mates = [orders[b][run_start[b][row] : run_end[b][row]] for b in range(BANDS) if run_end[b][row] - run_start[b][row] > 1]
        if mates:
            partners = np.unique(np.concatenate(mates))
            partners = partners[partners > row]
            if len(partners):
                yield row, partners


def _containment_matches(
    reduced: Sequence[array[int]],
    sampled: Sequence[bool],
    members: Sequence[int],
    threshold: float,
    group_of: Callable[[int], int] = lambda i: i,
) -> Iterable[tuple[int, int]]:
    """The pairs of long texts among `members` whose shingle containment reaches
    `threshold`, found among the MinHash candidates.

    Exactly the test `_containment` makes on the two texts' shingle sets (both on the
    verification sample if either text is sampled), counted with arrays: shingle hashes
    are renumbered densely, a text's shingles are marked in a flag array and each
    partner's are looked up in it. Python set intersections of ~450 shingles, one per
    candidate, took minutes for 10,000 articles of one wire service's variations, and a
    frozenset per article held hundreds of megabytes.
    """
    import numpy as np

    members = [i for i in members if len(reduced[i])]
    if len(members) < 2:
        return
    lengths = np.array([len(reduced[i]) for i in members], dtype=np.int64)
    hashes = np.concatenate([np.frombuffer(reduced[i], dtype=np.uint32) for i in members])
    # Two representations of each text: all its shingles as stored, and its verification
    # sample (the same for a text that is already sampled).
    values = np.unique(hashes)
    dense = np.searchsorted(values, hashes).astype(np.int32)
    in_sample = hashes % VERIFY_MODULUS == 0
    del hashes
    full_start = np.concatenate(([0], np.cumsum(lengths)))
    sample_start = np.concatenate(([0], np.cumsum(in_sample)))[full_start]
    sample_flat = dense[in_sample]
    del in_sample
    flags = np.zeros(len(values), dtype=np.bool_)
    del values
    floor = threshold - 1e-12
    is_sampled = np.array([sampled[i] for i in members], dtype=np.bool_)

    for a, partners in _minhash_candidates(reduced, members):
        # A candidate already in a's group (a copy of a copy of it) needs no check:
        # checked against the group, a wire story run by 20 outlets costs 20, not 190.
        mine_group = group_of(members[a])
        partners = partners[np.fromiter((group_of(members[int(r)]) != mine_group for r in partners), np.bool_, len(partners))]
        if not len(partners):
            continue
        on_sample = is_sampled[partners] | is_sampled[a]
        for use_sample in (False, True):
            rows = partners[on_sample == use_sample]
            if not len(rows):
                continue
            flat, start = (sample_flat, sample_start) if use_sample else (dense, full_start)
            mine = flat[start[a] : start[a + 1]]
            flags[mine] = True
            step = max(1, _BATCH // max(1, len(mine)))
            for lo in range(0, len(rows), step):
                part = rows[lo : lo + step]
                begins, ends = start[part], start[part + 1]
                sizes = ends - begins
                # Positions of every partner's shingles in `flat`, one run per partner.
                offsets = np.cumsum(sizes) - sizes
                where = np.arange(int(sizes.sum()), dtype=np.int64) + np.repeat(begins - offsets, sizes)
                hits = np.concatenate(([0], np.cumsum(flags[flat[where]], dtype=np.int64)))
                common = hits[offsets + sizes] - hits[offsets]
                smaller = np.minimum(sizes, len(mine))
                # The same float division as `_containment`; an empty set never matches.
                ok = (smaller > 0) & (common / np.maximum(smaller, 1) >= floor)
                for r in part[ok]:
                    yield members[a], members[int(r)]
            flags[mine] = False



def _components(
    texts: Iterable[str | TextPrint], n: int, threshold: float, k: int, joined: Iterable[tuple[int, int]] = ()
) -> list[list[int]]:
    """Connected components of "is a copy of" over the `n` texts (or their prints), by
    index.

    Each component's indices ascending, components ordered by their smallest index.
    `joined` are pairs of indices to treat as one text whatever their content.
    """
    uf = _UnionFind(n)
    for i, j in joined:
        uf.union(i, j)
    # Verbatim copies (after normalising) are grouped by a hash lookup; only the first
    # copy of each text takes part in the pairwise passes, which a sentence carried by a
    # thousand articles would otherwise make quadratic. So only first copies need token
    # sets and shingles: the others are unioned here and then never looked at, and news
    # wires repeat sentences so much that most of a corpus's sentences are later copies.
    first_text: dict[str, int] = {}
    first_copy: dict[bytes, int] = {}
    # Distinct tokens, for first copies small enough to be compared by Jaccard.
    token_sets: list[frozenset[str]] = [frozenset()] * n
    sizes: list[int] = [0] * n
    # Long texts keep only their verification sample (all shingles when few), as compact
    # sorted arrays: the full shingle sets of 10,000 articles would take gigabytes, and
    # millions of live set objects slow every garbage collection.
    reduced: list[array[int]] = [_EMPTY] * n
    sampled: list[bool] = [False] * n
    # One string object per distinct token across all token sets.
    vocabulary: dict[str, str] = {}
    small: list[int] = []
    long_: list[int] = []
    for i, text in enumerate(texts):
        if isinstance(text, str):
            # The same raw text normalises the same: skip the work for exact repeats.
            j = first_text.setdefault(text, i)
            if j != i:
                uf.union(j, i)
                continue
            tp = text_print(text, threshold, k)
        else:
            if (text.threshold, text.k) != (threshold, k):
                raise ValueError("a TextPrint made for another threshold or k")
            tp = text
        j = first_copy.setdefault(tp.digest, i)
        if j != i:
            uf.union(j, i)
            continue
        sizes[i] = tp.size
        if tp.size <= SHORT_TOKENS / threshold:
            # Two passes over one unchanged set meet its items in the same order.
            token_sets[i] = frozenset(map(vocabulary.setdefault, tp.tokens, tp.tokens))
            small.append(i)
        if tp.size >= SHORT_TOKENS:
            reduced[i], sampled[i] = tp.shingles, tp.sampled
            long_.append(i)
    del first_text, first_copy, vocabulary

    as_set: dict[int, frozenset[int]] = {}
    as_sample: dict[int, frozenset[int]] = {}

    def shingle_set(i: int, on_sample: bool) -> frozenset[int]:
        # Built once per text, not once per comparison: a text meets many candidates.
        if i not in as_set:
            as_set[i] = frozenset(reduced[i])
        if not on_sample or sampled[i]:
            return as_set[i]
        if i not in as_sample:
            as_sample[i] = _sample(as_set[i])
        return as_sample[i]

    def same_long(i: int, j: int) -> bool:
        # One sampled, the other not: compare both on the same sample.
        on_sample = sampled[i] or sampled[j]
        return _containment(shingle_set(i, on_sample), shingle_set(j, on_sample)) >= threshold - 1e-12

    _join_short(token_sets, small, threshold, uf, same_long, sizes)
    as_set.clear()
    as_sample.clear()
    # Groups are connected components, so which pairs are verified first does not matter.
    for i, j in _containment_matches(reduced, sampled, long_, threshold, uf.find):
        uf.union(i, j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    # Smaller root wins in every union, so each root is its component's smallest index
    # and dict order (first seen, by increasing index) is the order of smallest indices.
    return list(groups.values())


def duplicate_groups(
    texts: Sequence[tuple[str, str | TextPrint]], threshold: float = DEFAULT_THRESHOLD, k: int = 5
) -> tuple[tuple[str, ...], ...]:
    """Group ids whose texts (or their `text_print`s) overlap by at least `threshold`.

    Returns every id exactly once: each group's ids sorted, groups sorted by their first
    id, so the result is the same whatever the input order. An id given twice is one text
    (its texts are merged into its group). Single texts are groups of one.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    # The same id given twice is one text.
    first_of: dict[str, int] = {}
    joined = []
    for i, (tid, _) in enumerate(texts):
        j = first_of.setdefault(tid, i)
        if j != i:
            joined.append((j, i))
    components = _components((text for _, text in texts), len(texts), threshold, k, joined)
    groups = (tuple(sorted({texts[i][0] for i in members})) for members in components)
    return tuple(sorted(groups, key=lambda g: g[0]))


# ------------------------------------------------------------------ sentence level
@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A sentence as the merge sees it: where it is and who published it.

    `start`/`end` index into the article's `Document.text`; `date` is the article's date
    (None when unknown) and `outlet` its publisher (None when unknown).
    """

    article: str
    sentence_id: str
    text: str
    start: int = 0
    end: int = 0
    outlet: str | None = None
    date: date | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    """Sentences that are one wire copy.

    `representative` is the copy to show and cite: from the earliest-dated article
    (undated articles last), then the smallest article id, then the first in the text.
    `members` are every copy in that same order; `articles` the distinct article ids;
    `outlets` the distinct known outlet names, sorted. `sources` counts distinct
    publishers, an article with no known outlet counting as its own source, so two
    unattributed articles are never mistaken for one.
    """

    representative: SentenceRef
    members: tuple[SentenceRef, ...]
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    sources: int

    @property
    def single_source(self) -> bool:
        return self.sources <= 1


def _ref_order(ref: SentenceRef) -> tuple[object, ...]:
    return (ref.date is None, ref.date or date.min, ref.article, ref.start, ref.sentence_id)


def merge_sentences(
    items: Sequence[SentenceRef], threshold: float = DEFAULT_THRESHOLD
) -> tuple[Cluster, ...]:
    """Merge sentences that are copies of one another (overlap >= `threshold`).

    Every input appears in exactly one cluster; clusters come in the order of their
    representatives (same order as `Cluster.representative`).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    # Grouped by index: no id strings or (id, text) pairs for hundreds of thousands of
    # sentences. Members come in input order before the stable sort below.
    # Copies printed word for word are one text to compare: a wire story in 20 outlets
    # asks the similarity search about each of its sentences once, not 20 times.
    first_of: dict[str, int] = {}
    distinct: list[str] = []
    same: list[list[int]] = []
    for i, ref in enumerate(items):
        k = first_of.setdefault(ref.text, len(distinct))
        if k == len(distinct):
            distinct.append(ref.text)
            same.append([])
        same[k].append(i)
    clusters = []
    for group_of_texts in _components(distinct, len(distinct), threshold, 5):
        group = [i for k in group_of_texts for i in same[k]]
        members = tuple(sorted((items[i] for i in group), key=_ref_order))
        by_fold: dict[str, str] = {}
        for m in members:
            if m.outlet and m.outlet.strip():
                by_fold.setdefault(m.outlet.strip().casefold(), m.outlet.strip())
        outlets = tuple(sorted(by_fold.values(), key=str.casefold))
        sources = len(
            {
                m.outlet.strip().casefold() if m.outlet and m.outlet.strip() else "\0" + m.article
                for m in members
            }
        )
        clusters.append(
            Cluster(
                representative=members[0],
                members=members,
                articles=tuple(sorted({m.article for m in members})),
                outlets=outlets,
                sources=sources,
            )
        )
    clusters.sort(key=lambda c: _ref_order(c.representative))
    return tuple(clusters)
