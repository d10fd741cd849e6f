"""One article's analysis: the per-article stage of the pipeline, a pure function of
(document, configuration) that runs in a worker process, or on a cluster, as is.

In: a `Document` (read by `briefing.read`) and the taxonomy and cleaning rules.
Out: a `DocAnalysis`: each story of the document (the article, and any unrelated story
appended to it) cleaned, segmented, classified, and, when on topic, with its quotes,
keywords and wire-copy print. `keep_needed` trims it to what the corpus-wide stage reads.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.analyse import lede
from briefing.analyse import clean as cleaning
from briefing.analyse import keywords, prints, quotes, segment
from briefing.analyse.classify import classify_story
from briefing.config import Taxonomy
from briefing.model import DocAnalysis, Document, StoryAnalysis, Verdict

__all__ = ["analyse_document", "keep_needed", "set_aside"]


def analyse_document(article_id: str, document: Document, taxonomy: Taxonomy, rules: cleaning.CleanRules) -> DocAnalysis:
    """Every per-article stage for one document. Pure: depends only on its arguments."""
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
        numbered += len(paragraphs)
        verdict = classify_story(taxonomy, document.text, paragraphs, item.title or (document.title if item.index == 0 else "") or "")
        found: tuple = ()
        kws: tuple = ()
        text_print = None
        if verdict.on_topic:
            found = quotes.extract_quotes(document.text, [(p.start, p.end) for p in paragraphs])
            story_text = segment.story_text(document.text, paragraphs)
            # An appended story's keywords come from its lead (a quarter of the
            # article's YAKE budget), so a page carrying many costs about one article.
            kws = keywords.extract_keywords(story_text, limit=keywords.MAX_CHARS if item.index == 0 else keywords.MAX_CHARS // 4)
            text_print = prints.text_print(story_text)
        stories.append(StoryAnalysis(story_id, item.index, item.title, verdict, paragraphs, found, kws, text_print))
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
            keep |= {s.id for s in flat for q in story.quotes if s.start < q.end and q.start < s.end}
            paragraphs = tuple(
                replace(p, sentences=tuple(s for s in p.sentences if s.id in keep)) for p in story.paragraphs
            )
        else:
            paragraphs = tuple(replace(p, sentences=()) for p in story.paragraphs)
        stories.append(replace(story, paragraphs=paragraphs))
    return replace(analysis, stories=tuple(stories))


def set_aside(article_id: str, document: Document, reason: str) -> DocAnalysis:
    """A document set aside before or instead of its analysis, with `reason`."""
    return DocAnalysis(article_id, document, (StoryAnalysis(article_id, 0, document.title, Verdict(False, reason, (), ()), (), (), ()),))
