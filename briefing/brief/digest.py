"""What the weekly blocks read of the articles, kept as each analysis arrives: the on-topic
stories' sentences that can date an event, and their wire-copy prints.

The build takes these in while the workers are still analysing (see
`assemble.Assembly`), and lets each analysis go once it is taken in: the parent never
holds a corpus of analyses, only this and what assembly itself keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from briefing.analyse.segment import story_text
from briefing.brief.anchors import dated_sentences
from briefing.brief.dates import may_mention
from briefing.model import DocAnalysis, Sentence, StoryAnalysis

__all__ = ["Digest"]


@dataclass
class Digest:
    # (story id, sentence) of every on-topic story that can date an event, in input order
    dated: list[tuple[str, Sentence]] = field(default_factory=list)
    # (story id, `analyse.prints.TextPrint` or the story's text) of every on-topic story
    prints: list[tuple[str, object]] = field(default_factory=list)

    @classmethod
    def of(cls, analyses: Iterable[DocAnalysis]) -> Digest:
        digest = cls()
        for analysis in analyses:
            for story in analysis.stories:
                if story.verdict.on_topic:
                    digest.take(analysis, story, dated_sentences(story))
        return digest

    def take(self, analysis: DocAnalysis, story: StoryAnalysis, dated: list[Sentence]) -> None:
        """An on-topic story, with its `anchors.dated_sentences`."""
        # Only those that may name a date are kept: the others make no timeline row.
        self.dated.extend((story.id, s) for s in dated if may_mention(s.text))
        # The print is made in the worker (see analyse_document); the text is there otherwise.
        made = story.text_print if story.text_print is not None else story_text(analysis.document.text, story.paragraphs)
        self.prints.append((story.id, made))
