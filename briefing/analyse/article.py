"""One article's analysis: the per-article stage of the pipeline, a pure function of
(document, configuration) that runs in a worker process, or on a cluster, as is.

In: a `Document` (read by `briefing.read`) and the taxonomy and cleaning rules.
Out: a `DocAnalysis`: each story of the document (the article, and any unrelated story
appended to it) cleaned, segmented, classified, and, when on topic, with its quotes
and wire-copy print. `keep_needed` trims it to what the corpus-wide stage reads.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from briefing.analyse import lede
from briefing.analyse import clean as cleaning
from briefing.analyse import prints, quotes, segment
from briefing.analyse.classify import classify_story
from briefing.config import Taxonomy
from briefing.model import DocAnalysis, Document, Paragraph, Quote, Sentence, StoryAnalysis, Verdict

__all__ = ["analyse_document", "keep_needed", "set_aside", "MAX_PARAGRAPHS", "MAX_SENTENCES",
           "MAX_ASSIGNED", "MAX_QUOTES", "MAX_KEPT_CHARS"]

# What one story may hand the corpus-wide stage, which runs in the parent outside the
# worker's time limit: assembly, wire-copy detection, the timeline and ranking read each
# story's placed sentences, their neighbours and its quotes. A story over any of these is
# set aside whole, with the reason, so that what one file costs the build is bounded by
# construction (the longest story of the labelled dev sets has 89 sentences, 38
# paragraphs, 68 placed sentences and 13 quotes; these allow 10 to 20 times that).
MAX_PARAGRAPHS = 1_000
MAX_SENTENCES = 2_000
MAX_ASSIGNED = 500  # sentences placed in sections
MAX_QUOTES = 1_000
MAX_KEPT_CHARS = 300_000  # characters of the sentences kept for assembly


def _over(what: str, count: int, limit: int, limit_name: str = "the limit") -> str:
    return f"too long to weigh as one story: {count:,} {what}, over {limit_name} of {limit:,}; set aside"


_SENTENCE_END_RE = re.compile(r"[.!?]\s")


def _over_length_raw(text: str) -> str | None:
    """Why a text is too long to clean at all, or None: twice the limits, counted in C
    on the text as read (cleaning a file of 50,000 one-line paragraphs took 7 s before
    the paragraphs could be counted)."""
    blocks = text.count("\n\n") + 1
    if blocks > 2 * MAX_PARAGRAPHS:
        return _over("paragraphs", blocks, 2 * MAX_PARAGRAPHS, "the limit before cleaning")
    ends = len(_SENTENCE_END_RE.findall(text))
    if ends > 2 * MAX_SENTENCES:
        return _over("sentences", ends, 2 * MAX_SENTENCES, "the limit before cleaning")
    return None


def _over_length(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """Why a story is too long to analyse at all, or None."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        return _over("paragraphs", len(paragraphs), MAX_PARAGRAPHS)
    n = sum(len(p.sentences) for p in paragraphs)
    return _over("sentences", n, MAX_SENTENCES) if n > MAX_SENTENCES else None


def analyse_document(article_id: str, document: Document, taxonomy: Taxonomy, rules: cleaning.CleanRules) -> DocAnalysis:
    """Every per-article stage for one document. Pure: depends only on its arguments.

    A document with a story over the limits above (`MAX_PARAGRAPHS` ...) or with more
    quote marks than the extractor reads for its length is set aside, with the reason."""
    too_long = _over_length_raw(document.text)
    if too_long:
        return set_aside(article_id, document, too_long)
    cleaned = cleaning.clean(document, rules)
    stories = []
    numbered = 0
    for item in cleaned.items:
        story_id = article_id if item.index == 0 else f"{article_id}.i{item.index + 1}"
        paragraphs = segment.segment(story_id, document.text, item.blocks)
        if item.index > 0 and not paragraphs:
            # An appended "story" with no text (cleaning can split off such items) has
            # nothing to judge and no span to cite; listing it would only add noise.
            continue
        too_long = _over_length(paragraphs)
        if too_long:
            return set_aside(article_id, document, too_long)
        numbered += len(paragraphs)
        verdict = classify_story(taxonomy, document.text, paragraphs, item.title or (document.title if item.index == 0 else "") or "")
        found: tuple = ()
        text_print = None
        if verdict.on_topic:
            if len(verdict.assignments) > MAX_ASSIGNED:
                return set_aside(article_id, document, _over("sentences placed in sections", len(verdict.assignments), MAX_ASSIGNED))
            spans = [(p.start, p.end) for p in paragraphs]
            marks = quotes.count_marks(document.text, spans)
            if marks > quotes.mark_budget(spans):
                # the extractor would read only the first of them: not silently
                return set_aside(article_id, document, _over("quote marks", marks, quotes.mark_budget(spans),
                                                             "the limit for its length"))
            found = quotes.extract_quotes(document.text, spans)
            if len(found) > MAX_QUOTES:
                return set_aside(article_id, document, _over("quotes", len(found), MAX_QUOTES))
            # No keywords per article: the documents show a section's, drawn from its
            # sentences in assembly, and nothing reads an article's (they were two fifths
            # of the analysis time).
            text_print = prints.text_print(segment.story_text(document.text, paragraphs))
        stories.append(StoryAnalysis(story_id, item.index, item.title, verdict, paragraphs, found, text_print))
    return DocAnalysis(article_id, document, tuple(stories), cleaned.removed)


def keep_needed(analysis: DocAnalysis) -> DocAnalysis:
    """What assembly and the weekly blocks read of an analysis, and nothing more.

    A brief of 10,000 articles holds every analysis until assembly; most sentences are
    in no section and are never read again (a quote's section is framed by assigned
    sentences only), and a story set aside needs only its verdict and span. Dropping
    them here, in the worker, cuts what travels back by a third and what the build holds
    by over a quarter (on the scale benchmark's corpus).
    """
    stories = []
    for story in analysis.stories:
        if story.verdict.on_topic:
            keep = {a.sentence_id for a in story.verdict.assignments}
            # Assembly also reads a sentence either side of an assigned one that says whose
            # claim it is ("This was stated by ...", "X stated that ...") and the sentence that holds a quote (shown around it).
            flat = [s for p in story.paragraphs for s in p.sentences]
            pairs = list(zip(flat, flat[1:]))
            keep |= {b.id for a, b in pairs if a.id in keep and lede.attributes_previous(b.text)} | {
                a.id for a, b in pairs if b.id in keep and lede.reports_speech(a.text)
            }
            keep |= _quoted_sentences(flat, story.quotes)
            if flat and not (story.title or analysis.document.title):
                # A page without a headline is named in the sources by its first words.
                keep.add(flat[0].id)
            kept = sum(len(s.text) for s in flat if s.id in keep)
            if kept > MAX_KEPT_CHARS:
                return set_aside(analysis.id, analysis.document, _over("characters of placed and quoted sentences", kept, MAX_KEPT_CHARS))
            paragraphs = tuple(
                replace(p, sentences=tuple(s for s in p.sentences if s.id in keep)) for p in story.paragraphs
            )
        else:
            paragraphs = tuple(replace(p, sentences=()) for p in story.paragraphs)
        stories.append(replace(story, paragraphs=paragraphs))
    return replace(analysis, stories=tuple(stories))


def _quoted_sentences(flat: list[Sentence], found: tuple[Quote, ...]) -> set[str]:
    """Ids of the sentences that overlap a quote; both are in text order, so one merge
    pass (each quote from the first sentence that may overlap it), not every pair."""
    starts = [s.start for s in flat]
    out: set[str] = set()
    for q in found:
        i = max(0, bisect.bisect_right(starts, q.start) - 1)
        while i < len(flat) and flat[i].start < q.end:
            if q.start < flat[i].end:
                out.add(flat[i].id)
            i += 1
    return out


def set_aside(article_id: str, document: Document, reason: str) -> DocAnalysis:
    """A document set aside before or instead of its analysis, with `reason`."""
    return DocAnalysis(article_id, document, (StoryAnalysis(article_id, 0, document.title, Verdict(False, reason, (), ()), (), ()),))
