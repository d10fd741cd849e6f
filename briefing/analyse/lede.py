"""Whether a sentence can stand alone in front of a senior reader.

In:  a sentence's text (and, for background, its article's date).
Out: a reason it cannot lead (`flaw`, `lede_flaw`), or None; where the "who did what"
     part of a sentence ends (`who_did_what_end`); whether a sentence is a party's claim
     whose attribution sits in the next sentence (`attributes_previous`).

These are shape tests on one sentence: they choose among what analysis kept, and they
remove nothing from the article. A bottom line is a lede (a subject, then what it did),
so captions, datelines, page-store stamps, bylines, fragments cut mid-word, background
asides and sentences that open on an adverbial or a pronoun do not qualify.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "attributes_previous",
    "continues_claim",
    "cut_off",
    "flaw",
    "has_attribution",
    "leans_on_previous",
    "lede_flaw",
    "prefix_end",
    "reports_speech",
    "who_did_what_end",
]

_DATELINE = re.compile(
    # "Nov. 14 (UPI) --", "WASHINGTON (Reuters) -", "BEIJING, June 3 (Xinhua) --"
    r"^(?:[A-Z][\w.]*[ ,]+){0,4}(?:\d{1,2}[ ,]*)?\([A-Za-z][\w .&-]{1,24}\)\s*(?:--|[-–—])"
    # "BEIJING —", "TAIPEI, Taiwan —"
    r"|^[A-Z]{3,}(?:(?:[ ,]+[A-Za-z]+){0,3}\s*(?:--|[–—])\s|(?:,\s*[A-Za-z]+){1,3}(?:--|[–—])(?=[A-Z]))"
)
_STAMP = re.compile(r"(?:^|\s)date\s+\d{4}-\d{2}-\d{2}\b|^\d{4}-\d{2}-\d{2}\b")
_BYLINE = re.compile(r"^by\s+[A-Z]|\b\d+\s+min(?:ute)?s?\s+read\b|\bnews desk\b", re.I)
_CAPTION = re.compile(
    r"\bin (?:this|a|the) (?:photo|picture|image|file photo|handout photo|video)\b"
    r"|\b(?:photo|picture|image)s? (?:by|courtesy|credit|provided by|taken)\b"
    r"|\((?:AP|AFP|Reuters|Getty|EPA|Xinhua)?\s*(?:Photo|Images|Pool)\b"
    r"|^\d+ of \d+\s*[|:]|^(?:FILE|PHOTO|Photo|File)\s*[:-]|\bpictured\b|\bseen in this\b|\bpose[sd]? for (?:a )?photos?\b"
    # An embedded post's text or its caption carries a hashtag; news prose does not.
    r"|(?<![\w&])#[A-Za-z]\w+",
    re.I,
)
# Captions describe a picture in the present tense with its date: "X speaks in the Rose
# Garden on Tuesday, May 14". News prose reports in the past tense.
_SCENE_VERB = re.compile(
    r"\b(?:speaks|listens|gestures|waves|looks on|poses|arrives|walks|shakes hands|"
    r"greets|smiles|salutes|applauds|prays)\b"
)
_WHEN = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b"
)
# "Flags in the hall of the palace, where the ceremony will take place.": a noun phrase
# and a place with no verb of its own is a picture's label.
_VERBLESS_WHERE = re.compile(r"^([^,]{3,160}), where\b")
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|"
    r"does|do|did|met|made|took|gave|sent|held|went|came|saw|left|found|kept|led|won|began|"
    r"spoke|wrote|told|said|bought|sold|built|fought|flew|grew|knew|rose|struck|stood|sought|"
    r"spent|paid|lost|meant|put|set|cut|hit|let|ran|drew|drove|chose|broke|says)\b"
    r"|\b[a-z]{3,}(?:ed|es)\b"
)
# Background, not this period's news: what has long been so, what happened "since".
_BACKGROUND = re.compile(
    r"\b(?:has|have|had) (?:long|been)\b|\bsince (?:\d{4}|the|its|his|her|their|[A-Z])"
    r"|\bfor (?:years|decades|months)\b|\bin recent (?:years|months|decades)\b|\bhistorically\b"
    r"|\b(?:initially|originally|first) (?:started|began|launched)\b"
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# A lede opens on its subject. Function words that open an adverbial or a subordinate
# clause ("From the perspective of", "At the summit in", "Soon after", "But"), or a
# pronoun whose referent is in an earlier sentence, do not say who did what.
_WEAK_START = frozenset(
    """after although and as at because before besides but by despite during even for from
    however if in meanwhile moreover nevertheless nonetheless of on once or since so soon
    still then though thus to under unlike until upon when whereas while with within without
    yet also instead here there he she it they this that these those his her its their we i
    you one such just shortly earlier later last next amid following ahead about around over
    against between through throughout according given beyond among toward towards like
    behind along across prior""".split()
)
# "The move aims to ...", "The decision follows ...": a noun that stands for something an
# earlier sentence told; the sentence cannot lead without it.
_BACK_NOUN = re.compile(
    r"^(?:The|This|That|Such|These|Those) (?:latest |new |recent )?(?:move|moves|decision|step|steps|measure|"
    r"measures|announcement|remarks?|comments?|statement|incident|development|action|actions|"
    r"response|effort|initiative|news|report|episode|exchange)\b"
)
# The sentence itself names who says so.
_ATTRIBUTION = re.compile(
    # Lower case on purpose: "the United States" is no "states".
    r"\b(?:said|says|say|stated|told|tells|added|adds|claimed|claims|[Aa]ccording to|"
    r"insisted|argued|warned|noted|announced|declared|alleged|accused|asserted|maintained|"
    r"wrote|reported|quoted|cited)\b",
)
# A sentence that only attributes the one before it: "This was stated by the ministry's
# spokesperson at a press conference.", "So said the foreign minister on Monday."
_BACK_REFERENCE = re.compile(
    r"^(?:This|That|These|Those|Such|The (?:remarks?|statement|comments?|words|position|claim|"
    r"assertion|accusation))\b[^.;]{0,40}?\b(?:was|were|has been|had been)\s+"
    r"(?:(?:also|further|then)\s+)?(?:stated|said|made|announced|expressed|voiced|delivered|"
    r"claimed|declared|asserted|noted|emphasized|emphasised|stressed|written|posted|published)\b"
    r"|^So (?:said|says|stated)\b"
    r"|^(?:He|She|They) (?:said|says|stated|added|claimed|insisted|argued|told reporters)[.,]?\s*$",
)
_WORD = re.compile(r"[\w’'-]+")
# What a wire or a page store puts before a lede: "Nov. 14 (UPI) -- ", "MANILA — ",
# "date 2023-06-19 ". The point starts after it, and stays verbatim.
_PREFIX = re.compile(
    r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+)?"
    r"(?:(?:[A-Z][\w.]*[ ,]+){0,4}(?:\d{1,2}[ ,]*)?\([A-Za-z][\w .&-]{1,24}\)\s*(?:--|[-–—])\s*"
    # "TAIPEI, Taiwan—China kicked off ...": a web copy may lose the space after the dash.
    r"|[A-Z]{3,}(?:(?:[ ,]+[A-Za-z]+){0,3}\s*(?:--|[–—])\s+|(?:,\s*[A-Za-z]+){1,3}(?:--|[–—])(?=[A-Z])))?"
)


def prefix_end(text: str) -> int:
    """Where a lede starts after a dateline or page-store stamp (0 when none)."""
    m = _PREFIX.match(text)
    return m.end() if m and m.end() < len(text) and text[m.end() : m.end() + 1].isupper() else 0


def cut_off(text: str) -> bool:
    """Whether the text stops short of a sentence's end (an excerpt cut mid-word)."""
    return not _complete(text.strip())


# A sentence ends in terminal punctuation, perhaps inside closing quotes or brackets;
# one that does not was cut off (an excerpt's end, a broken paragraph).
_CLOSERS = "\"'”’)]"


def _complete(stripped: str) -> bool:
    # From the end: a pattern searched for at the end tries every position first.
    rest = stripped.rstrip(_CLOSERS)
    return bool(rest) and rest[-1] in ".!?…"


# Every match of `_CAPTION` or `_BYLINE` holds one of these words, as IGNORECASE folds
# letters ("İ" and "ı" to i, "ſ" to s, the Kelvin sign to k) or opens on a digit: in a
# text that has none, the scan of every position for each branch, most of the cost of
# `flaw`, is skipped.
_FOLDS = (("İ", "i"), ("ı", "i"), ("ſ", "s"), ("\u212a", "k"))


def _folded(text: str) -> str:
    if not text.isascii():  # (ASCII has none of the folds)
        for letter, plain in _FOLDS:
            text = text.replace(letter, plain)
    return text.lower()
_CAPTION_WORDS = ("photo", "picture", "image", "video", "file", "seen in this", "(", "#")
_BYLINE_WORDS = ("min", "news desk")


def _caption(text: str, folded: str) -> bool:
    hinted = text[:1].isdigit() or any(w in folded for w in _CAPTION_WORDS)
    return hinted and _CAPTION.search(text) is not None


def _byline(text: str, folded: str) -> bool:
    hinted = folded.startswith("by") or any(w in folded for w in _BYLINE_WORDS)
    return hinted and _BYLINE.search(text) is not None


def _stamp(text: str) -> bool:
    return ("date" in text or text[:1].isdigit()) and _STAMP.search(text) is not None


def flaw(text: str) -> str | None:
    """Why `text` cannot be shown as a key point or a timeline row at all, or None: it
    is a fragment, a dateline, a page-store stamp, a byline or a photo caption."""
    t = text.strip()
    if not t:
        return "empty"
    if _stamp(t):
        return "stamp"
    if _DATELINE.search(t):
        return "dateline"
    folded = _folded(t)
    if _byline(t, folded):
        return "byline"
    # A teaser cut off by its page ends in an ellipsis outside any quotation: "... between
    # U.S. Secretary..." (a speaker's trailing off, inside the quote, is speech).
    if not _complete(t) or t[0].islower() or t.endswith(("...", "…")):
        return "fragment"
    if _caption(t, folded) or (_SCENE_VERB.search(t) and _WHEN.search(t)):
        return "caption"
    m = _VERBLESS_WHERE.match(t)
    if m and not _FINITE.search(m.group(1)):
        return "caption"
    return None


# Speech that carries on from what its speaker said before: "Wang further added that
# ...", "The ministry also said ..." opens a follow-on paragraph, not a story.
_CONTINUES = re.compile(
    r"^(?:[\w’'.,-]+\s+){1,6}?(?:(?:also|further|again|later)\s+added\b|added(?=\s+that\b|\s*[,:“\"]))"
    r"|^(?:[\w’'.,-]+\s+){1,6}?(?:also|further|again)\s+(?:said|says|noted|stressed|warned|told|emphasi[sz]ed|pointed out)\b"
)


def lede_flaw(text: str, article_date: date | None = None) -> str | None:
    """Why `text` cannot be a bottom-line line, or None. On top of `flaw`: background
    (what has long been so, or a year before the article's own), an opening adverbial or
    pronoun in place of a subject, speech carried on from before ("X further added")."""
    found = flaw(text)
    if found:
        return found
    if _BACKGROUND.search(text):
        return "background"
    if article_date is not None and any(int(y) < article_date.year for y in _YEAR.findall(text)):
        return "background"
    words = _WORD.findall(text)
    if not words or words[0].casefold() in _WEAK_START or _BACK_NOUN.match(text.lstrip()):
        return "no subject"
    if _CONTINUES.match(text.lstrip()):
        return "continues"
    return None


# What a sentence opens on when it carries on from the one before: a pronoun or
# demonstrative for its subject, or a connective that answers or extends it.
_LEANING_WORD = frozenset(
    """he she it they this that these those his her its their them we i you such also but
    and or so yet still then thus hence however meanwhile moreover nevertheless nonetheless
    instead furthermore additionally likewise similarly besides otherwise accordingly
    consequently regardless""".split()
)
_LEANING_PHRASE = re.compile(
    r"(?:In (?:particular|addition|turn|response|return|contrast|fact|short|other words|that case)|"
    r"As a result|For (?:example|instance|its part|his part|her part|their part)|At the same time|"
    r"On the other hand|By contrast|Even so|That said|After that|Before that|Since then|"
    r"Despite this|Despite that|Because of this|To that end|Not only that|"
    r"The (?:pair|duo|latter|former)|Both of them)\b(?!-)"
)


def leans_on_previous(text: str) -> bool:
    """Whether the sentence needs the one before it to be understood: it opens on a
    pronoun or demonstrative ("It also ...", "These measures ..."), on a connective
    ("However, ...", "In particular, ..."), or on a noun that points back ("The move
    ..."). Shown alone as a point it reads as an answer to a question not asked."""
    t = text.lstrip(" \"“‘'(")
    words = _WORD.findall(t[:40])
    if not words:
        return False
    first = re.split(r"[’']", words[0].casefold())[0]  # "It's" leans as "It" does
    return first in _LEANING_WORD or bool(_LEANING_PHRASE.match(t) or _BACK_NOUN.match(t))


def has_attribution(text: str) -> bool:
    """Whether the sentence names its own source ("..., the ministry said")."""
    return bool(_ATTRIBUTION.search(text))


# Reported speech that runs on into the next sentence: "The spokesperson stated that ...".
_REPORTS_THAT = re.compile(
    r"\b(?:said|says|stated|states|told \w+|argued|insisted|claimed|warned|noted|added|stressed|"
    r"emphasized|emphasised|declared|asserted|maintained|reiterated) that\b|:\s*$"
)
# The words of a party's position: blame, duty and resolve, not reported events.
_CLAIM = re.compile(
    r"\b(?:responsibility|responsible|blame|fault|entirely|solely|must|should|never|firmly|"
    r"resolutely|oppose[sd]?|urge[sd]?|demand[sd]?|bottom lines?|provocation|provocative|"
    r"interference|hegemon\w*|red lines?)\b",
    re.I,
)


def continues_claim(text: str, previous: str) -> bool:
    """Whether `text` is a party's position carried on from reported speech in the
    sentence before ("The ministry stated that ... . The difficulties are entirely the
    responsibility of ..."): shown alone it would read as the brief's own voice."""
    return not has_attribution(text) and bool(_REPORTS_THAT.search(previous)) and bool(_CLAIM.search(text))


def reports_speech(text: str) -> bool:
    """Whether the sentence reports speech that may run on ("X stated that ...")."""
    return bool(_REPORTS_THAT.search(text))


def attributes_previous(text: str) -> bool:
    """Whether `text` is only the attribution of the sentence before it."""
    return bool(_BACK_REFERENCE.search(text.strip()))


_CLAUSE_END = re.compile(r"[,;:]\s|\s[–—]\s")
_RELATIVE = re.compile(r"(?:who|which|whose|whom)\b")


def who_did_what_end(text: str) -> int | None:
    """Where the part of a lede that says who did what ends: the first clause break
    after at least four words, when the words before it open on a subject and carry a
    verb. None when no such part exists (the sentence then goes without bold)."""
    words = _WORD.findall(text)
    if not words or words[0].casefold() in _WEAK_START:
        return None
    for m in _CLAUSE_END.finditer(text):
        head = text[: m.start()]
        if _RELATIVE.match(text, m.end()):
            return None  # "Yellen, who ...": the subject's description, not its act
        if len(head.split()) < 4:
            continue
        return m.start() if _FINITE.search(head) or has_attribution(head) else None
    return len(text) if _FINITE.search(text) and len(words) <= 30 else None
