"""Sections: one story's sentences in, section assignments (with the rule that fired) and
a verdict on the story out.

Rules come from the taxonomy file (`config.Taxonomy`); nothing here knows a section by
name. A story is judged on its own: an unrelated story appended to an article is set
aside even when the article around it is on-topic.
"""

from __future__ import annotations

from briefing.config import Taxonomy
from briefing.model import Assignment, Paragraph, Verdict


def _groups_by_sentence(taxonomy: Taxonomy, text: str, paragraphs: tuple[Paragraph, ...]) -> list[list[tuple[set[str], set[str]]]]:
    """Per paragraph, per sentence: (group ids, matched terms "group|term")."""
    matcher = taxonomy.matcher
    out = []
    for para in paragraphs:
        hits = matcher.find(text, para.start, para.end)
        per_sentence: list[tuple[set[str], set[str]]] = [(set(), set()) for _ in para.sentences]
        k = 0
        for start, _end, term, gids in hits:
            while k < len(para.sentences) and para.sentences[k].end <= start:
                k += 1
            if k == len(para.sentences):
                break
            if para.sentences[k].start <= start:
                per_sentence[k][0].update(gids)
                per_sentence[k][1].update(f"{g}|{term.casefold()}" for g in gids)
        out.append(per_sentence)
    return out


def classify_story(taxonomy: Taxonomy, text: str, paragraphs: tuple[Paragraph, ...]) -> Verdict:
    """Assign the sentences of one story to sections and judge the story.

    Args:
        taxonomy: the loaded taxonomy.
        text: the document text all offsets refer to.
        paragraphs: the story's paragraphs, segmented.

    Returns:
        A `Verdict`; assignments are ordered by sentence then taxonomy order.
    """
    groups = _groups_by_sentence(taxonomy, text, paragraphs)
    story_groups: set[str] = set()
    for para in groups:
        for gids, _ in para:
            story_groups |= gids
    n_sentences = sum(len(p) for p in groups) or 1

    assignments: list[Assignment] = []
    for para, para_groups in zip(paragraphs, groups):
        para_union: set[str] = set()
        for gids, _ in para_groups:
            para_union |= gids
        for sentence, (gids, terms) in zip(para.sentences, para_groups):
            for spec in taxonomy.sections:
                if f"exclude:{spec.id}" in gids:
                    continue
                best: tuple[float, str] | None = None
                for rule in spec.rules:
                    if f"rule:{rule.id}" not in gids or f"exclude:{rule.id}" in gids:
                        continue
                    scope = {"sentence": gids, "paragraph": para_union, "item": story_groups}[rule.context]
                    if not all(f"actor:{a}" in scope for a in rule.requires):
                        continue
                    distinct = sum(1 for t in terms if t.startswith(f"rule:{rule.id}|"))
                    weight = rule.weight * (1 + 0.25 * (distinct - 1))
                    if best is None or weight > best[0]:
                        best = (weight, rule.id)
                if best:
                    assignments.append(Assignment(sentence.id, spec.id, best[1], round(best[0], 4)))

    def share(group: str) -> float:
        return sum(1 for p in groups for gids, _ in p if any(g == group or g.startswith(group + ":") for g in gids)) / n_sentences

    missing = [a for a in taxonomy.requires if f"actor:{a}" not in story_groups]
    reason = None
    if missing:
        reason = "does not mention " + " or ".join(missing) + " (required actors)"
    else:
        for topic in taxonomy.off_topic:
            # Two sentences at least: one "flood of imports" is a metaphor, not weather.
            if share(f"offtopic:{topic.id}") >= topic.min_share and share(f"offtopic:{topic.id}") * n_sentences >= 2:
                reason = topic.reason
                break
    if reason is None:
        # Each required actor must run through the story, not be named once in passing:
        # a US–India defence story that mentions China in one sentence is not about
        # US–China relations.
        for actor in taxonomy.requires:
            actor_share = share(f"actor:{actor}")
            if actor_share < taxonomy.min_actor_share:
                reason = f"mentions {actor} in only {actor_share:.0%} of its sentences"
                break
    if reason is None and len({a.sentence_id for a in assignments}) < taxonomy.min_assigned_sentences:
        reason = "no section rule matched enough of its sentences"
    if reason:
        return Verdict(False, reason, (), ())
    order = {spec.id: i for i, spec in enumerate(taxonomy.sections)}
    sections = tuple(sorted({a.section for a in assignments}, key=order.__getitem__))
    return Verdict(True, None, tuple(assignments), sections)
