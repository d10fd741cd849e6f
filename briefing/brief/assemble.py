"""Assemble: the per-article analyses in, one `Brief` out.

Chooses key points per section (verbatim sentences, ranked, diverse, each cited), files
quotes under sections, builds the article list (used, off-topic with why, skipped with
why) and the period covered. The order of everything is a pure function of the input,
so the same corpus gives the same brief.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Iterable

from briefing.config import Taxonomy
from briefing.model import (
    ArticleRecord,
    Assignment,
    Brief,
    DocAnalysis,
    Keyword,
    Point,
    Quote,
    SectionBrief,
    Sentence,
    Skipped,
    StoryAnalysis,
)
from briefing.analyse import keywords as kw
from briefing.analyse import lede
from briefing.brief import rank
from briefing.brief.anchors import contradicts, dated_sentences
from briefing.brief.dates import FindMentions, find_date_mentions
from briefing.brief.dedupe import SentenceRef, merge_sentences
from briefing.brief.digest import Digest
from briefing.analyse.segment import first_in_paragraph

# brief.json keeps this many ranked points per section (the audit trail); templates
# print the first few. The rest are what a page or a reader may reach for next.
MAX_POINTS_PER_SECTION = 25
KEY_POINTS = 5
KEYWORDS_PER_SECTION = 6
# Share of the shorter text's words the longer one holds when two sentences or quotes of
# one story say the same thing (a page printing a quote twice with a word changed, a lede
# restated in a summary).
REPEAT_SHARE = 0.8
# How many quotes of one speaker in one article are compared with each other.
_REPEAT_WINDOW = 200
SECTION_CHARS = 6_000
# Each taxonomy term a point adds to its section's points counts this much, up to three.
TERM_BONUS, MAX_NEW_TERMS = 0.12, 3
# Sentences shorter or longer than this (in words) make poor key points: fragments,
# datelines, or run-on paragraphs that a reader cannot take in at a glance.
MIN_POINT_WORDS, MAX_POINT_WORDS = 8, 70
# List markers ("- ", "2. ") and run-in labels ("Trade Concerns: ", "Biden-Xi Summit: ")
# open many summary paragraphs; the point starts after them and stays verbatim.
_LEAD_MARKER = re.compile(
    r"^(?:[-–—•*]\s+|\d{1,2}[.)]\s+)?"
    r"(?:[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|the|on|in|for|to|&)){0,4}:\s+(?=[A-Z]))?"
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Candidate:
    section: str
    story: str  # the story's id
    sentence: Sentence
    rule: str
    weight: float
    attribution: Sentence | None = None
    # Which of its section's defining terms it names (see `Assembly._terms`).
    terms: frozenset[str] = frozenset()


def _trim(sentence: Sentence) -> tuple[int, str]:
    """Drop a dateline or stamp ("Nov. 14 (UPI) -- ") and a list marker ("- ", "2. ")
    from the start: the point starts after them and stays verbatim."""
    return _trim_text(sentence.text)


@lru_cache(maxsize=1 << 16)
def _trim_text(text: str) -> tuple[int, str]:
    # Cached by text: every wire copy of a sentence trims the same.
    offset = lede.prefix_end(text)
    m = _LEAD_MARKER.match(text, offset)
    if m and m.end() > offset:
        offset = m.end()
    return offset, text[offset:]


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _quoted_share(sentence: Sentence, quoted: _QuotedChars) -> float:
    """Share of a sentence inside the story's quotes: a sentence that is mostly a quote
    belongs with the quotes, not the key points (which are the outlet's own words)."""
    return quoted.within(sentence.start, sentence.end) / max(sentence.end - sentence.start, 1)


def _story_candidates(story: StoryAnalysis) -> list[tuple[Assignment, Sentence, Sentence | None]]:
    """(assignment, sentence, attribution) of each sentence an on-topic story placed in
    a section, less those that carry on another's claim."""
    where = {s.id: s for para in story.paragraphs for s in para.sentences}
    pairs = _neighbours(story)
    after = {a.id: b for a, b in pairs}
    before = {b.id: a for a, b in pairs}
    out = []
    for a in story.verdict.assignments:
        sentence = where[a.sentence_id]
        prior = before.get(sentence.id)
        if prior is not None and lede.continues_claim(sentence.text, prior.text):
            # A party's position carried on from "X stated that ..." reads as the
            # brief's own voice alone; the sentence that names X can be chosen.
            continue
        out.append((a, sentence, _attribution(sentence, after.get(sentence.id))))
    return out


def _neighbours(story: StoryAnalysis) -> list[tuple[Sentence, Sentence]]:
    """Pairs of sentences that follow each other in one paragraph. The analysis keeps
    only the sentences assembly reads (`keep_needed`), so two kept sentences side by
    side in the list may have had others between them: their numbers say."""
    out = []
    for para in story.paragraphs:
        numbered = [(int(s.id.rsplit(".s", 1)[1]), s) for s in para.sentences]
        out.extend((a, b) for (i, a), (j, b) in zip(numbered, numbered[1:]) if j == i + 1)
    return out


def _attribution(sentence: Sentence, following: Sentence | None) -> Sentence | None:
    """The next sentence when it only says whose claim `sentence` is ("This was stated
    by the ministry's spokesperson."): a party's claim is never the brief's own voice."""
    if following is None or lede.has_attribution(sentence.text):
        return None
    return following if lede.attributes_previous(following.text) else None


def _point(c: _Candidate, score: float, parts: tuple[tuple[str, float], ...], outlets: tuple[str, ...]) -> Point:
    offset, text = _trim(c.sentence)
    return Point(
        text=text,
        article=c.story,
        start=c.sentence.start + offset,
        end=c.sentence.end,
        sentence_id=c.sentence.id,
        rule=c.rule,
        score=score,
        score_parts=parts,
        outlets=outlets,
        attribution=c.attribution,
    )


def _select_points(
    candidates: list[_Candidate],
    taxonomy: Taxonomy,
    keywords_by_section: dict[str, tuple[Keyword, ...]],
    dates: dict[str, date | None],
    outlets: dict[str, str | None],
    as_of: date,
) -> dict[str, list[Point]]:
    """Round-robin over sections, each taking its best remaining sentence, so a sentence
    appears once in the brief and every section gets its strongest material."""
    scored: dict[str, list[tuple[float, tuple[tuple[str, float], ...], _Candidate]]] = defaultdict(list)
    # The same wire sentence (85% overlap or more) in several stories is one point,
    # carried by all their outlets; each cluster is shown once.
    refs = {
        c.sentence.id: SentenceRef(c.story, c.sentence.id, c.sentence.text, c.sentence.start, c.sentence.end, outlets.get(c.story), dates.get(c.story))
        for c in candidates
    }
    cluster_of: dict[str, int] = {}
    carriers: dict[int, tuple[str, ...]] = {}
    for i, cluster in enumerate(merge_sentences(list(refs.values()))):
        carriers[i] = cluster.outlets + tuple(f"{m.article} (outlet unknown)" for m in cluster.members if not m.outlet)
        for m in cluster.members:
            cluster_of[m.sentence_id] = i
    max_weight = max((c.weight for c in candidates), default=1.0) or 1.0
    # Wire copies give many candidates the same inputs; each is scored once.
    score_cache: dict[tuple[object, ...], tuple[float, tuple[tuple[str, float], ...]]] = {}
    for c in candidates:
        article_date = dates.get(c.story)
        inputs = (
            c.weight,
            _trim(c.sentence)[1],
            c.section,
            len(carriers[cluster_of[c.sentence.id]]),
            (as_of - article_date).days if article_date else None,
        )
        if inputs not in score_cache:
            weight, text, section, n_outlets, days = inputs
            score_cache[inputs] = rank.score_point(
                weight, text, keywords_by_section.get(section, ()), outlets=n_outlets, days=days, max_rule_weight=max_weight
            )
        score, parts = score_cache[inputs]
        scored[c.section].append((score, parts, c))
    for items in scored.values():
        items.sort(key=lambda x: (-x[0], x[2].story, x[2].sentence.start))

    chosen: dict[str, list[Point]] = {s.id: [] for s in taxonomy.sections}
    used: set[int] = set()
    covered: dict[str, set[str]] = defaultdict(set)
    # A story that says the same thing twice ("The US is considering trade measures
    # against China, including tariffs and ..." in its lede and again in its summary)
    # gives a section one point: a later sentence of the same story that repeats four
    # fifths of a chosen one's words is passed over.
    said: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    word_cache: dict[str, frozenset[str]] = {}

    def words_of(text: str) -> frozenset[str]:
        if text not in word_cache:
            word_cache[text] = frozenset(_WORD.findall(text.lower()))
        return word_cache[text]

    def restates(sid: str, c: _Candidate) -> bool:
        mine = words_of(c.sentence.text)
        return any(
            story == c.story and _repeats(mine, theirs)
            for story, theirs in said[sid]
        )

    # Lazy greedy (as CELF does): a section's candidates wait in a heap keyed by an upper
    # bound of what they can score, their score plus the term bonus last worked out (at
    # first the largest), then by rank. A bonus only falls as the section's points cover
    # more terms, and a sentence passed over (its cluster used, or its story said it
    # already) stays passed over; so a top whose bonus, worked out again, is unchanged is
    # the best, ties going to the better ranked, as a scan of the whole ranked list for
    # each point chooses. That scan made 25 points cost 25 passes over the section.
    heaps = {sid: [(-(score + MAX_NEW_TERMS * TERM_BONUS), pos) for pos, (score, _, _) in enumerate(items)] for sid, items in scored.items()}

    def best(sid: str) -> tuple[float, tuple[tuple[str, float], ...], _Candidate] | None:
        heap, items = heaps.get(sid, []), scored.get(sid, [])
        while heap:
            bound, pos = heap[0]
            score, parts, c = items[pos]
            if cluster_of[c.sentence.id] in used or restates(sid, c):
                heapq.heappop(heap)
                continue
            # A sentence that names the section's terms its points lack (tariffs, then
            # export controls, then overcapacity) beats a slightly stronger one that
            # repeats what the section already says.
            total = score + min(len(c.terms - covered[sid]), MAX_NEW_TERMS) * TERM_BONUS
            if -total == bound:
                heapq.heappop(heap)
                return score, parts, c
            heapq.heapreplace(heap, (-total, pos))
        return None

    progress = True
    while progress:
        progress = False
        for spec in taxonomy.sections:
            sid = spec.id
            if len(chosen[sid]) >= MAX_POINTS_PER_SECTION:
                continue
            found = best(sid)
            if found is None:
                continue
            score, parts, c = found
            used.add(cluster_of[c.sentence.id])
            said[sid].append((c.story, words_of(c.sentence.text)))
            covered[sid] |= c.terms
            chosen[sid].append(_point(c, score, parts, carriers[cluster_of[c.sentence.id]]))
            progress = True
    return chosen


def _quote_sections(story: StoryAnalysis, order: dict[str, int]) -> list[Quote]:
    """File each quote under the section its paragraph frames it with.

    The journalist's own words around a quote say what it is about ("On China's aid to
    Russia, ... warned"), while the quote's words may wander (sanctions, in a quote
    about Russia). So sentences mostly inside quotes are left out when the paragraph
    has others; the paragraph's first sentence counts double, as it sets the topic. The
    story's main section is the fallback.
    """
    by_sentence: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for a in story.verdict.assignments:
        by_sentence[a.sentence_id].append((a.section, a.weight))
    story_weight: Counter[str] = Counter()
    for pairs in by_sentence.values():
        for sec, w in pairs:
            story_weight[sec] += w
    main = min(story_weight, key=lambda s: (-story_weight[s], order[s])) if story_weight else None
    # Linear in the story: each sentence's quoted share is counted once, and quotes over
    # the same paragraphs share their weighing (a paragraph of a thousand quotes was
    # cubic: every quote weighed every sentence against every quote).
    paragraphs = story.paragraphs
    para_ends = [p.end for p in paragraphs]
    quoted = _QuotedChars(story.quotes)
    framed: dict[tuple[int, int], str | None] = {}
    out = []
    for q in story.quotes:
        first = bisect.bisect_right(para_ends, q.start)
        last = first
        while last < len(paragraphs) and paragraphs[last].start < q.end:
            last += 1
        if (first, last) not in framed:
            weights: Counter[str] = Counter()
            for framing_only in (True, False):
                for para in paragraphs[first:last]:
                    for s in para.sentences:
                        if framing_only and quoted.within(s.start, s.end) > 0.5 * (s.end - s.start):
                            continue
                        for sec, w in by_sentence.get(s.id, ()):
                            weights[sec] += w * (2.0 if first_in_paragraph(s) else 1.0)
                if weights:
                    break
            framed[first, last] = min(weights, key=lambda s: (-weights[s], order[s])) if weights else main
        out.append(replace(q, article=story.id, section=framed[first, last]))
    return out


class _QuotedChars:
    """How many characters of a span lie inside a story's quotes, by bisection over their
    sorted starts (quotes of one story do not overlap; if they did, each is summed on its
    own, as a plain sum over all of them would)."""

    def __init__(self, quotes: tuple[Quote, ...]) -> None:
        spans = sorted((q.start, q.end) for q in quotes)
        self.disjoint = all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def within(self, start: int, end: int) -> int:
        if not self.disjoint:
            return sum(max(0, min(end, e) - max(start, s)) for s, e in self.spans)
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        total = 0
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            total += max(0, min(end, e) - max(start, s))
            i += 1
        return total


def _rank_quotes(quotes: list[Quote]) -> list[Quote]:
    """Named speakers first, then those with a role, then longer (more substantive)
    quotes; ties by article and position. `quotes` hold one per wording already (see
    `Assembly._take_quote`)."""
    unique = _without_repeats(_full_names(sorted(quotes, key=lambda q: (q.article, q.start))))

    def key(q: Quote) -> tuple[int, int, int, str, int]:
        words = len(_WORD.findall(q.text))
        return (q.speaker is None, q.role is None, -min(words, 40), q.article, q.start)

    return sorted(unique, key=key)


def _full_names(quotes: list[Quote]) -> list[Quote]:
    """A person an article names by surname only ("Biden said") is the one person the
    corpus names in full with that surname ("Joe Biden"), with that role when the article
    gave none; a surname two full names share stays as written."""
    by_surname: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for q in quotes:
        if q.speaker_kind == "person" and q.speaker and " " in q.speaker and " and " not in q.speaker:
            by_surname[q.speaker.rsplit(" ", 1)[1]].add((q.speaker, q.role))
    out = []
    for q in quotes:
        if q.speaker_kind == "person" and q.speaker and " " not in q.speaker:
            full = {name for name, _ in by_surname.get(q.speaker, ())}
            if len(full) == 1:
                name = full.pop()
                roles = sorted({r for n, r in by_surname[q.speaker] if r})
                q = replace(q, speaker=name, role=q.role or (roles[0] if len(roles) == 1 else None))
        out.append(q)
    return out


def _repeats(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    shorter = min(len(a), len(b))
    return bool(shorter) and len(a & b) >= REPEAT_SHARE * shorter


def _without_repeats(quotes: list[Quote]) -> list[Quote]:
    """The quotes less those an article repeats with a word changed or a sentence added
    ("at the same time funding" / "eat the same time fueling ... This is what's keeping
    the war going."): of two by one speaker in one article, the first stays (the later
    is the page's copy). Compared
    within (article, speaker) only, at most _REPEAT_WINDOW each, so the cost stays linear."""
    groups: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, q in enumerate(quotes):
        groups[(q.article, q.speaker)].append(i)
    dropped: set[int] = set()
    for members in groups.values():
        members = members[:_REPEAT_WINDOW]
        words = {i: set(_WORD.findall(quotes[i].text.lower())) for i in members}
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if a in dropped or b in dropped:
                    continue
                if _repeats(words[a], words[b]):
                    dropped.add(b)
    return [q for i, q in enumerate(quotes) if i not in dropped]


# Words of a headline-less story's first sentence that name it in a sources list.
OPENING_WORDS = 12


def _opening(story: StoryAnalysis) -> str | None:
    """The first words of a story's first sentence (kept for it by the analysis): how a
    reader recognises a page that carries no headline."""
    for paragraph in story.paragraphs:
        for sentence in paragraph.sentences:
            words = sentence.text.split()
            return " ".join(words) if len(words) <= OPENING_WORDS else " ".join(words[:OPENING_WORDS]).rstrip(",;:") + " …"
    return None


class _Strongest:
    """A section's strongest sentences, up to SECTION_CHARS, which its keywords come
    from: YAKE's cost grows with its input, and the top of a section says what it is
    about. Kept as they arrive, best first: a sentence is in while the ones before it
    hold fewer than SECTION_CHARS characters, and one pushed out stays out."""

    def __init__(self) -> None:
        self.items: list[tuple[tuple[float, str, int], str]] = []
        self.chars = 0

    def add(self, rank: tuple[float, str, int], text: str) -> None:
        bisect.insort(self.items, (rank, text))
        self.chars += len(text)
        while len(self.items) > 1 and self.chars - len(self.items[-1][1]) >= SECTION_CHARS:
            self.chars -= len(self.items.pop()[1])

    def texts(self) -> list[str]:
        return [text for _, text in self.items]


def assemble(
    analyses: Iterable[DocAnalysis],
    skipped: tuple[tuple[str, Skipped], ...],
    taxonomy: Taxonomy,
    as_of: date | None = None,
    window: tuple[date | None, date | None] = (None, None),
    find: FindMentions = find_date_mentions,
) -> Brief:
    """Build the `Brief` from the analyses (see `Assembly`, which takes them in one at
    a time, as a build's workers send them)."""
    assembly = Assembly(taxonomy, find)
    for analysis in analyses:
        assembly.add(analysis)
    return assembly.brief(skipped, as_of, window)


class Assembly:
    """The corpus-wide reduce, fed one analysis at a time.

    `add` does what one story decides alone (its record, whether its page date holds,
    its quotes' sections and context, which of its sentences can be points and the terms
    they name) while the workers go on with the next articles, and keeps only that: the
    analysis itself can go. `brief` then does what needs the whole corpus (wire copies,
    keywords, ranking). The result is a pure function of the analyses in their order.
    """

    def __init__(self, taxonomy: Taxonomy, find: FindMentions = find_date_mentions) -> None:
        """`find` reads a sentence's dates; a `dates.memoised()` shared with the weekly
        blocks' timeline reads each section sentence once in the build."""
        self.taxonomy = taxonomy
        self.find = find
        self.order = {s.id: i for i, s in enumerate(taxonomy.sections)}
        self.records: list[ArticleRecord] = []
        self.dates: dict[str, date | None] = {}
        self.outlets: dict[str, str | None] = {}
        # Of the quotes that say the same words (wire copies), only the first by article
        # and position is ever shown: one per wording is kept, by a digest of it.
        self.quotes: dict[bytes, Quote] = {}
        # The sentences that can stand as a point; of the others, only what the
        # section's keywords and the count of each section's stories read.
        self.candidates: list[_Candidate] = []
        self.keyword_text: dict[str, _Strongest] = defaultdict(_Strongest)
        self.section_stories: Counter[str] = Counter()
        self.term_sets: dict[frozenset[str], frozenset[str]] = {}
        self.digest = Digest()  # what the weekly blocks read
        self.analysed = 0
        self.on_topic = 0
        # A section's defining terms are those of its strongest rules (tariffs, export
        # controls), not of its broad catch-all rule (trade, economy).
        self.rule_groups = {
            spec.id: {f"rule:{r.id}" for r in spec.rules if r.weight >= 0.9 * max(x.weight for x in spec.rules)}
            for spec in taxonomy.sections
        }
        # By text: wire copies repeat each sentence in up to 20 stories, decided once.
        self.fits: dict[bytes, bool] = {}
        self.terms: dict[tuple[str, str], frozenset[str]] = {}

    def add(self, analysis: DocAnalysis) -> None:
        """Take in one article's analysis (articles in input order)."""
        self.analysed += 1
        doc = analysis.document
        for story in analysis.stories:
            dated = dated_sentences(story) if story.verdict.on_topic else []
            # A page date the article's own text contradicts (a re-post's stamp) dates
            # nothing: the story counts as undated, and brief.json keeps the page's date.
            misdated = doc.date is not None and story.verdict.on_topic and contradicts(dated, doc.date, self.find)
            self.dates[story.id] = None if misdated else doc.date
            self.outlets[story.id] = doc.outlet
            self.records.append(_record(analysis, story, self.dates[story.id], misdated))
            if story.verdict.on_topic:
                self.on_topic += 1
                self.digest.take(analysis, story, dated)
                for q in _with_context(_quote_sections(story, self.order), story):
                    self._take_quote(q)
                self._take_candidates(story)

    def _take_quote(self, q: Quote) -> None:
        words = _norm(q.text)
        if not words:
            return
        key = hashlib.blake2b(words.encode("utf-8"), digest_size=16).digest()
        kept = self.quotes.get(key)
        if kept is None or (q.article, q.start) < (kept.article, kept.start):
            self.quotes[key] = q

    def _take_candidates(self, story: StoryAnalysis) -> None:
        quoted: _QuotedChars | None = None
        sections = set()
        for a, sentence, attribution in _story_candidates(story):
            sections.add(a.section)
            self.keyword_text[a.section].add((-a.weight, story.id, sentence.start), sentence.text)
            if not self._fits(sentence.text):
                continue
            quoted = quoted or _QuotedChars(story.quotes)
            if _quoted_share(sentence, quoted) <= 0.4:
                self.candidates.append(_Candidate(a.section, story.id, sentence, a.rule, a.weight, attribution, self._terms(a.section, sentence.text)))
        self.section_stories.update(sections)

    def _fits(self, text: str) -> bool:
        # Keyed by a digest: the texts of the sentences that do not fit are not kept.
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        found = self.fits.get(key)
        if found is None:
            found = self.fits[key] = MIN_POINT_WORDS <= len(_WORD.findall(text)) <= MAX_POINT_WORDS and (
                # Fragments, datelines, stamps, bylines and captions cannot stand as a point.
                lede.flaw(_trim_text(text)[1]) is None
            )
        return found

    def _terms(self, section: str, text: str) -> frozenset[str]:
        key = (section, text)
        found = self.terms.get(key)
        if found is None:
            groups = self.rule_groups[section]
            found = frozenset(term for _, _, term, gids in self.taxonomy.matcher.find(text) if gids & groups)
            # Most sentences name the same few terms: one set object for each.
            found = self.terms[key] = self.term_sets.setdefault(found, found)
        return found

    def period(
        self, as_of: date | None = None, window: tuple[date | None, date | None] = (None, None)
    ) -> tuple[date, date | None, date | None]:
        """The brief's date and the period it covers: `window` where given, else the
        dates of the stories it uses (None when none is dated)."""
        used = sorted(d for r in self.records if r.status == "used" and (d := r.date) is not None)
        # As of the latest story the brief uses: an article set aside (outside the
        # window, off-topic) says nothing about how current the brief is.
        as_of = as_of or (used[-1] if used else date.today())
        return as_of, window[0] or (used[0] if used else None), window[1] or (used[-1] if used else None)

    def used(self) -> frozenset[str]:
        """The stories the brief uses."""
        return frozenset(r.id for r in self.records if r.status == "used")

    def brief(
        self,
        skipped: tuple[tuple[str, Skipped], ...] = (),
        as_of: date | None = None,
        window: tuple[date | None, date | None] = (None, None),
    ) -> Brief:
        """The brief of every analysis taken in.

        Args:
            skipped: (article id, Skipped) for inputs that could not be read.
            as_of: the brief's date; default the latest article date.
            window: the --since/--until window, which the period line states when given.
        """
        taxonomy, dates, candidates = self.taxonomy, self.dates, self.candidates
        records = list(self.records)
        for aid, skip in skipped:
            records.append(ArticleRecord(aid, skip.source, None, None, None, None, "skipped", skip.reason))
        records.sort(key=lambda r: _id_key(r.id))

        as_of, period_start, period_end = self.period(as_of, window)
        quotes = _rank_quotes(list(self.quotes.values()))

        # The people quoted are actors, not topics: their names are no keyword.
        actors = sorted({q.speaker for q in quotes if q.speaker})
        keywords_by_section = {
            sid: kw.extract_keywords(" ".join(texts), top=KEYWORDS_PER_SECTION, limit=SECTION_CHARS, actors=actors)
            for sid, texts in ((sid, self.keyword_text[sid].texts()) for sid in self.keyword_text)
        }
        points = _select_points(candidates, taxonomy, keywords_by_section, dates, self.outlets, as_of)

        sections = []
        for spec in taxonomy.sections:
            sec_points = tuple(points[spec.id])
            sec_quotes = tuple(q for q in quotes if q.section == spec.id)
            if not sec_points and not sec_quotes:
                continue
            arts = tuple(sorted({p.article for p in sec_points} | {q.article for q in sec_quotes}, key=_id_key))
            sections.append(SectionBrief(spec.id, spec.title, sec_points, sec_quotes, keywords_by_section.get(spec.id, ()), arts))

        shown = {s.id for s in sections}
        return Brief(
            title=taxonomy.title,
            as_of=as_of,
            period_start=period_start,
            period_end=period_end,
            articles=tuple(records),
            sections=tuple(sections),
            # By identity of the section a quote was filed under: comparing every quote
            # with every section's quotes was quadratic (90,000 quotes in a week of 10,000).
            quotes=tuple(q for q in quotes if q.section in shown),
            key_points=_bottom_line(sections, self.section_stories, dates),
        )


def _record(analysis: DocAnalysis, story: StoryAnalysis, dated: date | None, misdated: bool) -> ArticleRecord:
    doc = analysis.document
    appended = story.index > 0
    reason = story.verdict.reason
    if appended and reason:
        reason = f"unrelated story appended to the article, judged on its own: {reason}"
    span = (story.paragraphs[0].start, story.paragraphs[-1].end) if appended and story.paragraphs else None
    return ArticleRecord(
        id=story.id,
        source=doc.source,
        # An unrelated story appended to a page is not something the analyst chose to
        # read: it is listed by place, not by its headline.
        title=(story.title or doc.title) if not appended or story.verdict.on_topic else None,
        outlet=doc.outlet,
        date=dated,
        url=doc.url,
        status="used" if story.verdict.on_topic else "off_topic",
        reason=reason,
        sections=story.verdict.sections,
        parent=analysis.id if appended else None,
        span=span,
        origins=doc.origins,
        page_date=doc.date if misdated else None,
        opening=_opening(story) if story.verdict.on_topic and not (story.title or doc.title) else None,
    )


def _bottom_line(sections: list[SectionBrief], stories: Counter[str], dates: dict[str, date | None]) -> tuple[Point, ...]:
    """One line per main development: in each section, the best point that reads as a
    lede (who did what; no caption, dateline, background or opening adverbial),
    preferring what more outlets carried, then the point's score (which counts recency).
    Sections this period's articles say most about come first."""
    leaders: list[tuple[int, Point]] = []
    for s in sections:
        ledes = [p for p in s.points if lede.lede_flaw(p.text, dates.get(p.article)) is None]
        if ledes:
            best = min(ledes, key=lambda p: (-min(len(p.outlets), rank.CORROBORATION_FULL), -p.score, p.article, p.start))
            leaders.append((stories[s.id], best))
    leaders.sort(key=lambda x: (-x[0], -min(len(x[1].outlets), rank.CORROBORATION_FULL), -x[1].score, x[1].article, x[1].start))
    return tuple(p for _, p in leaders[:KEY_POINTS])


def _with_context(quotes: list[Quote], story: StoryAnalysis) -> list[Quote]:
    """A quote that is not a whole sentence (it starts in lower case, or stops short of
    its sentence's end) carries the sentences around it, to be shown inline: the one that
    holds it, or the run of a paragraph's sentences it spans ("said China “can't ...
    Cold War. This is what's keeping the war going.”")."""
    out = []
    for q in quotes:
        body = q.text.strip()
        # News hands a whole quoted sentence to its speaker with a comma ("...,” he said).
        whole = body[:1].isupper() and bool(re.search(r"(?:[.!?…]|,)[\"'”’)]*$", body))
        holder = None if whole else _holder(story, q)
        # (Verbatim only: a run of sentences is joined by single spaces.)
        verbatim = holder is not None and holder.end - holder.start == len(holder.text)
        if holder is not None and verbatim and lede.cut_off(holder.text) and holder.end > q.end:
            # The page cut the sentence off after the quote ("... “provocative actions in
            # the Taiwan Strait” and in t"): the context stops with the quote's mark.
            cut = q.end - holder.start
            cut += 1 if holder.text[cut : cut + 1] in _CLOSING else 0
            holder = replace(holder, end=holder.start + cut, text=holder.text[:cut])
        if holder is not None and holder.end - holder.start > q.end - q.start:
            q = replace(q, context=holder)
        out.append(q)
    return out


_CLOSING = frozenset("”’\"'»")


def _holder(story: StoryAnalysis, q: Quote) -> Sentence | None:
    for para in story.paragraphs:
        if not (para.start <= q.start < para.end):
            continue
        first = next((s for s in para.sentences if s.start <= q.start < s.end), None)
        last = next((s for s in para.sentences if s.start < q.end <= s.end), None)
        if first is None or last is None:
            return None
        if first is last:
            return first
        run = [s for s in para.sentences if first.start <= s.start and s.end <= last.end]
        # The parent holds sentences, not the article's text: the run is its sentences
        # with the space between them shown as one space (offsets stay the article's).
        return Sentence(id=first.id, start=first.start, end=last.end, text=" ".join(s.text for s in run))
    return None


def _id_key(article_id: str) -> tuple[int, int]:
    """"a03" < "a03.i2" < "a04": appended stories sort right after their article."""
    head, _, tail = article_id.partition(".i")
    return (int(head[1:]) if head[1:].isdigit() else 0, int(tail) if tail.isdigit() else 0)
