"""Sections: one story's sentences in, section assignments (with the rule that fired) and
a verdict on the story out.

Rules come from the taxonomy file (`config.Taxonomy`); nothing here knows a section by
name. A story is judged on its own: an unrelated story appended to an article is set
aside even when the article around it is on-topic.

How a story is judged, as a reader would:
1. Actors. Each sentence mentions the actor groups whose terms it holds, and the people
   the story introduced with an actor's title (`actors.introduced_names`). An actor is
   *salient* in the story when its headline or lead names it and its body does again,
   or it runs through the story (`min_actor_share` of its sentences).
2. Sections. A rule places a sentence when one of its terms is there and each actor it
   requires is present in its context: the sentence, the paragraph, anywhere in the
   story (`item`), or salient in the story (`story`). A sentence whose section terms
   all sit in an enumeration ("at odds over trade, human rights and Taiwan") is no
   section's; one that names several issues belongs to those its rules weigh most; a
   short line without a sentence's final punctuation (a heading) is no section's.
3. Verdict. A story is used when its lead, or a fair share of its sentences
   (`min_section_share`), is about the brief's issues; a short item (a few sentences)
   needs one such sentence. An off-topic topic (sports, weather) sets it aside only when
   the story is about it: named in its headline or lead, in `min_share` of its sentences
   and in more of them than the brief's issues are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.analyse.actors import introduced_names, name_pattern
from briefing.config import Rule, Taxonomy
from briefing.model import Assignment, Paragraph, Verdict

# Sentences that count as a story's lead, and the most a story may have to be a short
# item that one sentence about the brief's issues can carry.
LEAD_SENTENCES = 3
SHORT_ITEM = 3
# A sentence is about the issues its rules weigh most: a section whose best rule weighs
# less than this share of the sentence's best is a passing mention there ("sanctions on
# fentanyl traffickers" is counternarcotics, not trade).
SECONDARY_SHARE = 0.75
# A sentence ends with terminal punctuation, perhaps inside closing marks; a short line
# without it is a heading, a promo link or a credit, never a point. (A long one is a
# sentence whose end the page lost.)
HEADING_WORDS = 15
_ENDED_RE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
# An enumeration: three items or more, the first two (at least) ended by commas.
_LIST_RE = re.compile(r"(?:[^,;:.!?]{1,40},\s+){2,}[^;:.!?]{1,80}")

Hits = list[tuple[set[str], set[str]]]


TermHit = tuple[int, int, str, frozenset[str]]


def _groups_by_sentence(
    taxonomy: Taxonomy, text: str, paragraphs: tuple[Paragraph, ...]
) -> tuple[list[Hits], list[tuple[int, int, str]], list[list[TermHit]]]:
    """Per paragraph, per sentence: (group ids, matched terms "group|term"); the
    position and group of every actor term; and each paragraph's term hits."""
    matcher = taxonomy.matcher
    out = []
    actor_hits: list[tuple[int, int, str]] = []
    para_hits: list[list[TermHit]] = []
    for para in paragraphs:
        hits = matcher.find(text, para.start, para.end)
        para_hits.append(hits)
        per_sentence: Hits = [(set(), set()) for _ in para.sentences]
        k = 0
        for start, end, term, gids in hits:
            actors, labels = _hit_labels(term, gids)
            actor_hits.extend((start, end, a) for a in actors)
            while k < len(para.sentences) and para.sentences[k].end <= start:
                k += 1
            if k == len(para.sentences):
                break
            if para.sentences[k].start <= start:
                per_sentence[k][0].update(gids)
                per_sentence[k][1].update(labels)
        out.append(per_sentence)
    return out, actor_hits, para_hits


_LABELS: dict[tuple[str, frozenset[str]], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_ANCESTORS: dict[str, tuple[str, ...]] = {}


def _hit_labels(term: str, gids: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The actor groups a term hit names and its "group|term" labels; the same few terms
    recur in every story, so each is spelled out once per process."""
    key = (term, gids)
    known = _LABELS.get(key)
    if known is None:
        folded = term.casefold()
        known = (tuple(g[6:] for g in gids if g.startswith("actor:")), tuple(f"{g}|{folded}" for g in gids))
        if len(_LABELS) < 100_000:
            _LABELS[key] = known
    return known


def _ancestors(group: str) -> tuple[str, ...]:
    """`group` and the groups it is under: "actor:us" -> ("actor:us", "actor")."""
    known = _ANCESTORS.get(group)
    if known is None:
        known = (group, *(group[:i] for i, c in enumerate(group) if c == ":"))
        if len(_ANCESTORS) < 100_000:
            _ANCESTORS[group] = known
    return known


def _add_people(text: str, paragraphs: tuple[Paragraph, ...], groups: list[Hits], actor_hits: list[tuple[int, int, str]]) -> None:
    """Mark the sentences that name a person the story introduced as an actor's."""
    stops = sorted(s.end for p in paragraphs for s in p.sentences)
    for actor, names in introduced_names(text, actor_hits, stops).items():
        pattern = name_pattern(names)
        if pattern is None:
            continue
        for para, per_sentence in zip(paragraphs, groups):
            for sentence, (gids, _) in zip(para.sentences, per_sentence):
                if f"actor:{actor}" not in gids and pattern.search(text, sentence.start, sentence.end):
                    gids.add(f"actor:{actor}")


_PUNCT_RE = re.compile(r"[,;:.!?]")
_ITEM_CHARS = 40  # the most characters of an enumeration's first item, as in _LIST_RE


def enumerations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans `_LIST_RE.finditer(text, start, end)` finds, found from the commas.

    Tried at every character, the pattern reads up to 40 characters ahead of each one
    (a fifth of a story's classification). An item runs up to the first punctuation
    mark, so a match can only start where that mark is a comma, and every start from 40
    characters before that comma (or the run's start) matches alike: the leftmost of
    them is where `finditer` would have found it, and the match is read from there.
    """
    out: list[tuple[int, int]] = []
    pos = start  # where `finditer` would search next
    run = start  # where the current run of characters without punctuation began
    for mark in _PUNCT_RE.finditer(text, start, end):
        c = mark.start()
        if c < pos:
            continue
        if text[c] == "," and c > run:
            found = _LIST_RE.match(text, max(run, c - _ITEM_CHARS), end)
            if found:
                out.append(found.span())
                pos = run = found.end()
                continue
        run = c + 1
    return out


def _listed_rules(text: str, start: int, end: int, hits: list[TermHit]) -> set[str]:
    """Rule groups whose terms in the sentence all sit in an enumeration of issues
    ("at odds over trade, the pandemic, human rights and Taiwan"): passing mentions."""
    # Every match holds two commas at least (the pattern's two items end with one).
    lists = enumerations(text, start, end)
    if not lists:
        return set()
    inside: dict[str, bool] = {}
    for s, e, _, gids in hits:
        if s < start or e > end:
            continue
        listed = any(a <= s and e <= b for a, b in lists)
        for g in gids:
            if g.startswith("rule:"):
                inside[g] = inside.get(g, True) and listed
    return {g for g, listed in inside.items() if listed}


# Per rule: (rule, its group id, its exclusion's, the actor groups it requires, the
# prefix of its matched terms); per section: (id, exclusion group, rules).
RulePlan = tuple[tuple[str, str, tuple[tuple[Rule, str, str, tuple[str, ...], str], ...]], ...]
_PLANS: dict[int, tuple[Taxonomy, RulePlan, frozenset[str]]] = {}


def _rule_plan(taxonomy: Taxonomy) -> tuple[RulePlan, frozenset[str]]:
    """The group ids each rule is checked against, spelled out once per taxonomy rather
    than for every rule at every sentence; and every rule's group id."""
    cached = _PLANS.get(id(taxonomy))
    if cached is None or cached[0] is not taxonomy:
        plan = tuple(
            (spec.id, f"exclude:{spec.id}", tuple(
                (rule, f"rule:{rule.id}", f"exclude:{rule.id}", tuple(f"actor:{a}" for a in rule.requires), f"rule:{rule.id}|")
                for rule in spec.rules
            ))
            for spec in taxonomy.sections
        )
        rule_groups = frozenset(r[1] for _, _, rules in plan for r in rules)
        if len(_PLANS) > 8:  # a long-lived process loading many taxonomies
            _PLANS.clear()
        cached = _PLANS[id(taxonomy)] = (taxonomy, plan, rule_groups)
    return cached[1], cached[2]


def _sentence_counts(flat: list[set[str]]) -> dict[str, int]:
    """How many sentences name each group or a group under it ("actor" for "actor:us"):
    one pass, so that a share is a lookup however many groups are asked about."""
    counts: dict[str, int] = {}
    for gids in flat:
        named = set(gids)
        for g in gids:
            named.update(_ancestors(g))
        for g in named:
            counts[g] = counts.get(g, 0) + 1
    return counts


def classify_story(taxonomy: Taxonomy, text: str, paragraphs: tuple[Paragraph, ...], title: str = "") -> Verdict:
    """Assign the sentences of one story to sections and judge the story.

    Args:
        taxonomy: the loaded taxonomy.
        text: the document text all offsets refer to.
        paragraphs: the story's paragraphs, segmented.
        title: the story's headline, read as part of its lead.

    Returns:
        A `Verdict`; assignments are ordered by sentence then taxonomy order.
    """
    plan, rule_groups = _rule_plan(taxonomy)
    groups, actor_hits, para_hits = _groups_by_sentence(taxonomy, text, paragraphs)
    _add_people(text, paragraphs, groups, actor_hits)
    flat = [gids for para in groups for gids, _ in para]
    n_sentences = len(flat) or 1
    story_groups: set[str] = set().union(*flat) if flat else set()
    headline = {g for _, _, _, gids in taxonomy.matcher.find(title) for g in gids} if title else set()
    lead_groups = headline.union(*flat[:LEAD_SENTENCES]) if flat else headline
    counts = _sentence_counts(flat)

    def share(group: str) -> float:
        return counts.get(group, 0) / n_sentences

    # Named in the headline or lead and again in the body, or running through the story:
    # a headline's "aimed at China" over a story about India names China once.
    salient = {
        g for g in story_groups
        if g.startswith("actor:") and (share(g) >= taxonomy.min_actor_share or (g in lead_groups and share(g) * n_sentences >= 2))
    }

    assignments: list[Assignment] = []
    index = 0
    lead_assigned = False
    for para, para_groups, hits in zip(paragraphs, groups, para_hits):
        para_union: set[str] | None = None
        for sentence, (gids, terms) in zip(para.sentences, para_groups):
            index += 1
            if gids.isdisjoint(rule_groups):
                continue  # no rule's term: no section's, whatever else holds
            if not _ENDED_RE.search(sentence.text) and len(sentence.text.split()) < HEADING_WORDS:
                continue
            if para_union is None:
                para_union = set().union(*(g for g, _ in para_groups))
            scopes = {"sentence": gids, "paragraph": para_union, "item": story_groups, "story": salient}
            enumerates = sentence.text.count(",") >= 2 and any(g.startswith("rule:") for g in gids)
            listed = _listed_rules(text, sentence.start, sentence.end, hits) if enumerates else set()
            placed: list[Assignment] = []
            for section_id, section_excluded, rules in plan:
                if section_excluded in gids:
                    continue
                best: tuple[float, str] | None = None
                for rule, group, excluded, requires, term_prefix in rules:
                    if group not in gids or excluded in gids or group in listed:
                        continue
                    scope = scopes[rule.context]
                    if not all(a in scope for a in requires):
                        continue
                    distinct = sum(1 for t in terms if t.startswith(term_prefix))
                    weight = rule.weight * (1 + 0.25 * (distinct - 1))
                    if best is None or weight > best[0]:
                        best = (weight, rule.id)
                if best:
                    placed.append(Assignment(sentence.id, section_id, best[1], round(best[0], 4)))
            top = max((a.weight for a in placed), default=0.0)
            placed = [a for a in placed if a.weight >= SECONDARY_SHARE * top]
            assignments.extend(placed)
            lead_assigned = lead_assigned or (bool(placed) and index <= LEAD_SENTENCES)

    reason = _set_aside_because(taxonomy, flat, n_sentences, salient, lead_groups, assignments, lead_assigned, share)
    if reason:
        return Verdict(False, reason, (), ())
    order = {spec.id: i for i, spec in enumerate(taxonomy.sections)}
    sections = tuple(sorted({a.section for a in assignments}, key=order.__getitem__))
    return Verdict(True, None, tuple(assignments), sections)


def _set_aside_because(
    taxonomy: Taxonomy,
    flat: list[set[str]],
    n_sentences: int,
    salient: set[str],
    lead_groups: set[str],
    assignments: list[Assignment],
    lead_assigned: bool,
    share: Callable[[str], float],
) -> str | None:
    """Why the story is not the brief's business, or None when it is."""
    missing = [a for a in taxonomy.requires if f"actor:{a}" not in salient]
    if missing:
        return "is not about " + " or ".join(missing) + " (required actors)"
    assigned = len({a.sentence_id for a in assignments})
    for topic in taxonomy.off_topic:
        group = f"offtopic:{topic.id}"
        count = round(share(group) * n_sentences)
        # Two sentences at least: one "flood of imports" is a metaphor, not weather; and
        # the story must be about the topic, not set during it (a summit held during the
        # Olympics is diplomacy).
        if share(group) >= topic.min_share and count >= 2 and group in lead_groups and count > assigned:
            return topic.reason
    if not assignments:
        return "no sentence about the brief's issues"
    needed = 1 if len(flat) <= SHORT_ITEM else taxonomy.min_assigned_sentences
    if assigned < needed:
        return f"only {assigned} of its {len(flat)} sentences about the brief's issues"
    if not lead_assigned and assigned / n_sentences < taxonomy.min_section_share:
        return f"mentions the brief's issues in passing ({assigned} of {len(flat)} sentences, none in its lead)"
    return None
