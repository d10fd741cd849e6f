"""Who a speaker phrase names: the article's registry of people and bodies, and resolution.

`build_context` registers full names and roles in text order (pre-name titles,
appositives, subjects next to a verb) in a `_Context`; `resolve` turns a speaker phrase
into (speaker, role, kind): a later surname-only mention, "Mr. Surname" or "Org's Surname"
maps to the full name first given, he/she to the antecedent the text makes clear, "the
senator"-style descriptions to the most recent person with that role, "it" to the body
last named, a list of names to each resolved on its own. `mention_of` gives the phrase as
written at the cue (step 3 of the package docstring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.analyse.quotes.marks import ABBREV, UP, Raw, WordIndex
from briefing.analyse.quotes.phrases import (
    CUE_START_RE,
    DETERMINERS,
    PAREN_RE,
    VERBISH_RE,
    VERBS,
    all_cap,
    alternation,
    appositive_end,
    bodyish,
    clean_tok,
    desc_head,
    is_cap,
    looks_like_role,
    lower_title_before,
    title_word,
)
from briefing.analyse.quotes.referents import (
    ISSUED_RE,
    THE_DOCUMENT_RE,
    issuer_of,
    last_speaker,
    pair_before,
    paragraph_subject,
    pronoun_antecedent,
    recent_body,
    recent_person,
)
from briefing.analyse.quotes.words import (
    NOT_NAME_WORDS,
    PERSON_NOUNS,
    PLACE_WORDS,
    PRONOUNS,
    TITLE_WORDS,
)

# ----------------------------------------------------------------- regexes
_ARTICLES_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_HONORIFICS = frozenset("mr mrs ms miss dr prof sen rep gov gen adm sir".split())
_POSS_RE = re.compile(r"^(.*?\S)[’']s?\s+(?=\S)")
_STATEMENT_RE = re.compile(
    r"^(?:a|an|the)\s+(?:\w+\s+){0,2}?(?:statement|release|readout|communique|communiqué|"
    r"report|letter|post|tweet)\s+(?:from|by|of|issued by)\s+(?P<who>.+)$",
    re.IGNORECASE,
)

# Runs of two or more capitalised words only (names worth registering far from quotes).
# The capital comes before the look-behind so that the engine can skip ahead to capitals.
_CAPSEQ2_RE = re.compile(
    rf"[{UP}](?<![\w'’.-].)[\w'’.\-]*(?:\s+(?:(?:of|for|the|de|da|van|von|bin|al|del)\s+)?"
    rf"[{UP}][\w'’.\-]*)+"
)
_CAPSEQ_RE = re.compile(
    rf"[{UP}](?<![\w'’.-].)[\w'’.\-]*(?:\s+(?:(?:of|for|the|de|da|van|von|bin|al|del)\s+)?"
    rf"[{UP}][\w'’.\-]*)*"
)


# ----------------------------------------------------------------- data
@dataclass(slots=True)
class _Entity:
    name: str
    role: str | None
    kind: str  # "person" | "body"
    first_pos: int
    gender: str | None = None  # "m" | "f" when a title or honorific says so


# ----------------------------------------------------------------- phrase -> entity
def _split_name(words: list[str]) -> tuple[list[str], list[str]]:
    """(role words, name words) of a phrase like "Chinese Foreign Minister Wang Yi"."""
    n = len(words)
    i = n
    while i > 0:
        w = words[i - 1]
        low = clean_tok(w)
        if is_cap(w) and low not in TITLE_WORDS and low not in NOT_NAME_WORDS:
            i -= 1
            continue
        if low in ("bin", "al", "de", "van", "von", "da", "del") and i < n:
            i -= 1
            continue
        break
    name = words[i:]
    role = words[:i]
    while role and clean_tok(role[0]) in DETERMINERS:
        role = role[1:]
    # "Secretary of State Antony Blinken": capitals after "of" belong to the title
    if role and clean_tok(role[-1]) in ("of", "for") and len(name) > 2:
        keep = 2
        role = role + name[:-keep]
        name = name[-keep:]
    elif role and clean_tok(role[-1]) in ("of", "for") and len(name) == 2:
        role = role + name[:1]
        name = name[1:]
    return role, name


def _lookup(name_words: list[str], registry: dict[str, _Entity],
            surnames: dict[str, _Entity]) -> _Entity | None:
    return _find(_keys[tuple(name_words)], registry, surnames)


def _find(keys: tuple[str, str | None, str | None, str | None], registry: dict[str, _Entity],
          surnames: dict[str, _Entity]) -> _Entity | None:
    """The entity the words of `keys` (`_keys`) name: the full name as registered, a
    lone surname (or family name first: "Wang" for "Wang Yi", when no full name ends
    with it), or the name without honorifics."""
    key, single, caret, rest = keys
    got = registry.get(key)
    if got is not None:
        return got
    if single is not None:
        got = surnames.get(single)
        if got is None:
            got = surnames.get(caret)  # type: ignore[arg-type]
        if got is not None:
            return got
    if rest is not None:
        return registry.get(rest)
    return None


class _KeyCache(dict):
    """Name words -> (registry key, lone surname, its family-name-first key, key without
    honorifics): what `_find` looks up, worked out once per name (names repeat in an
    article and across articles)."""

    def __missing__(self, words: tuple[str, ...]) -> tuple[str, str | None, str | None, str | None]:
        cleaned = [clean_tok(w) for w in words]
        toks = [w for w in cleaned if w not in _HONORIFICS]
        single = toks[0] if len(toks) == 1 else None
        got = (" ".join(cleaned), single, "^" + single if single is not None else None,
               " ".join(toks) if toks else None)
        if len(self) > 100_000:
            self.clear()
        self[words] = got
        return got


_keys = _KeyCache()


_TRAILING_LINK_RE = re.compile(r"(?:\s+(?:of|for|the|and|at|to|in))+$", re.IGNORECASE)


def _drop_article(s: str | None) -> str | None:
    if not s:
        return None
    s = _ARTICLES_RE.sub("", s.strip().strip(",").strip())
    s = _TRAILING_LINK_RE.sub("", s)
    return s or None


# ----------------------------------------------------------------- registry
class _Context:
    """What one article says about its people: registry of names, roles and mentions."""

    __slots__ = ("text", "registry", "surnames", "mentions", "mention_pos", "subjects",
                 "subject_pos", "para_starts", "speakers", "body_words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.registry: dict[str, _Entity] = {}
        self.surnames: dict[str, _Entity] = {}
        self.mentions: list[tuple[int, _Entity]] = []
        self.mention_pos: list[int] = []
        self.subjects: list[tuple[int, _Entity]] = []
        self.subject_pos: list[int] = []
        self.para_starts: list[int] = []
        self.speakers: list[tuple[int, _Entity]] = []
        self.body_words: WordIndex | None = None  # made when an "it" first speaks

    def register(self, role_words: list[str], name_words: list[str], pos: int,
                 appos: str | None = None, kind: str = "person",
                 single: bool = False, prepared: tuple | None = None) -> _Entity | None:
        # `prepared`: the `_register_names` entry of `name_words`, when the caller has it
        lead, names, keys = prepared or _register_names[tuple(name_words)]
        gender = _gender(role_words) or lead or _gender((appos or "").split()[:4])
        if not names:
            return None
        ent = _find(keys, self.registry, self.surnames)
        if ent is None and (len(names) >= 2 or single):
            role = _drop_article(" ".join(role_words)) if role_words else None
            role = role or _drop_article(appos)
            ent = _Entity(" ".join(names), role, kind, pos, gender)
            self.registry[keys[0]] = ent
            if kind == "person":
                last = clean_tok(names[-1])
                if last in ("jr", "sr", "ii", "iii") and len(names) > 2:
                    last = clean_tok(names[-2])
                self.surnames.setdefault(last, ent)
                if len(names) == 2:
                    self.surnames.setdefault("^" + clean_tok(names[0]), ent)
        elif ent is not None and ent.role is None:
            role = _drop_article(" ".join(role_words)) if role_words else None
            ent.role = role or _drop_article(appos)
        if ent is not None and ent.gender is None:
            ent.gender = gender
        return ent


class _RegisterNames(dict):
    """Name words as a run gives them -> (the gender their first word says, the name
    without punctuation, possessive and honorifics, its `_keys`): `register` reads
    the same names over and over."""

    def __missing__(self, words: tuple[str, ...]) -> tuple[str | None, tuple[str, ...], tuple]:
        names = [w.strip(",;:()\"“”") for w in words]
        names = [w[:-2] if w.endswith(("’s", "'s")) else w for w in names]
        names = [w for w in names if w]
        lead = _gender(names[:1])
        while names and clean_tok(names[0]) in _HONORIFICS:
            names = names[1:]
        got = (lead, tuple(names), _keys[tuple(names)] if names else ("", None, None, None))
        if len(self) > 100_000:
            self.clear()
        self[words] = got
        return got


_register_names = _RegisterNames()


_MALE = frozenset("mr he his him sir lord king prince father son husband brother man "
                  "spokesman congressman chairman councilman businessman".split())
_FEMALE = frozenset("mrs ms miss she her dame lady queen princess mother daughter wife "
                    "sister woman spokeswoman congresswoman chairwoman councilwoman "
                    "businesswoman".split())


def _gender(words: list[str]) -> str | None:
    for w in words:
        low = clean_tok(w)
        if low in _MALE:
            return "m"
        if low in _FEMALE:
            return "f"
    return None


def build_context(text: str, paras: list[tuple[int, int]], raws: list[Raw]) -> _Context:
    ctx = _Context(text)
    ctx.para_starts = [ps for ps, _ in paras]
    quoted = [(r.start, r.end) for r in raws]
    qi = 0
    mentions: list[tuple[int, _Entity, bool]] = []
    # Lone capitalised words matter only as pronoun antecedents, which are looked for in
    # a quote's paragraph and the one before it; names after the last quote never matter.
    # The same holds for a bare description ("the diplomat"), resolved to the paragraph's subject.
    open_ = [r for r in raws if r.speaker_np is None or r.speaker_np.lower() in PRONOUNS
             or (r.speaker_np.lower().startswith("the ") and r.speaker_np.count(" ") == 1)]
    near = {r.first for r in open_} | {r.first - 1 for r in open_} | {r.last for r in open_}
    last_para = max(r.last for r in raws)
    cue_start, verbish = CUE_START_RE.match, VERBISH_RE.match
    cue_at, verbish_at, titled, surnames = _CUE_AT_RE.match, _VERBISH_AT_RE.match, _titled, ctx.surnames
    shapes = _SHAPES
    for pi, (ps, pe) in enumerate(paras):
        if pi > last_para:
            break
        singles = pi in near
        # names inside quotes are never registered: scan only the text between them
        while qi < len(quoted) and quoted[qi][1] <= ps:
            qi += 1
        segs = []
        lo = ps
        k = qi
        while k < len(quoted) and quoted[k][0] < pe:
            if quoted[k][0] > lo:
                segs.append((lo, quoted[k][0]))
            lo = max(lo, quoted[k][1])
            k += 1
        if lo < pe:
            segs.append((lo, pe))
        capseq = _CAPSEQ_RE if singles else _CAPSEQ2_RE
        for lo, hi in segs:
            for m in capseq.finditer(text, lo, hi):
                s, e = m.start(), m.end()
                g = m.group()
                if not singles:
                    # far from any quote a name matters only for the registry: keep runs with
                    # some sign of a person (a title, an appositive, a cue next to it)
                    if " " not in g:
                        continue
                    if not (text.startswith(", ", e) or cue_at(text, e, e + 40) or titled[g]
                            or _titled_or_cued(text, ps, s)):
                        continue
                elif not _SPACE_RE.search(g):
                    # fast path: a lone capitalised word matters only as a known name, a
                    # speaker next to a cue, or a subject before a verb
                    low = clean_tok(g)
                    if low in _NOT_NAMES:
                        continue
                    if low not in surnames and ("^" + low) not in surnames:
                        if not (verbish_at(text, e, e + 40) or cue_at(text, e, e + 40)
                                or text.startswith(", ", e) or _cued(text, ps, s)):
                            continue
                shape = shapes.get(g, False)
                if shape is False:
                    shape = _run_shape(g)
                if shape is None:
                    continue
                rel_s, rel_e, words, role, name, honor, name_keys, prepared = shape
                e = s + rel_e
                s += rel_s
                role_lead = lower_title_before(text, ps, s)
                if not role_lead and text.startswith(", ", e) and text[max(ps, s - 2) : s] == ", ":
                    # "China's top diplomat, Wang Yi, met": the role apposed before the name
                    role_lead = lower_title_before(text, ps, s - 2)
                if role_lead:
                    role = role_lead + role
                tail = text[e : min(pe, e + 200)]
                appos = None
                after_appos = tail
                if tail.startswith(", "):
                    app_end = appositive_end(text, e + 1, min(pe, e + 200))
                    cand = text[e + 1 : app_end].strip()
                    if looks_like_role(cand):
                        appos = cand
                        after_appos = text[app_end : min(pe, app_end + 60)].lstrip(",")
                if appos is None and tail.startswith(", "):
                    # an insertion (", who ...,", ", 31,") between a subject and its verb
                    comma = tail.find(", ", 2, 150)
                    if comma > 0:
                        after_appos = tail[comma + 1 : comma + 60]
                before, at = _word_before(text, max(ps, s - 24), s)
                if before in _PREPS and at >= s - 12:
                    # "ambassador to Jordan, said": the object of a preposition
                    cue_next = False
                    tail = after_appos = ""
                else:
                    cue_next = bool(cue_start(tail) or (
                        after_appos is not tail and cue_start(after_appos)))
                cue_before = before in VERBS
                subj = cue_next or cue_before or bool(verbish(tail) or (
                    after_appos is not tail and verbish(after_appos)))
                person = bool(role) or appos is not None or cue_next or cue_before
                if len(name) >= 2 and (person or honor):
                    ent = ctx.register(role, name, s, appos, prepared=prepared)
                else:
                    ent = _find(name_keys, ctx.registry, surnames)
                    if ent is None and (subj or honor) and (
                            len(name) >= 2 or honor or person or _maybe_person(name[0])):
                        ent = ctx.register(role, name, s, appos, single=True, prepared=prepared)
                    elif ent is not None and ent.gender is None:
                        ent.gender = _gender(role[-1:] + words[:1])
                if ent is not None and ent.kind == "person":
                    mentions.append((s, ent, subj or _opens_clause(text, ps, m.start(), after_appos)))
    ctx.mentions = [(p, ent) for p, ent, _ in mentions]
    ctx.subjects = [(p, ent) for p, ent, subj in mentions if subj]
    ctx.mention_pos = [p for p, _ in ctx.mentions]
    ctx.subject_pos = [p for p, _ in ctx.subjects]
    return ctx


# A known person who opens a sentence and is followed by a lower-case word ("Nancy Pelosi
# left Taiwan", "Pelosi (D-Calif.), the first ..., courted") is that sentence's subject in
# news prose whatever the verb is; function words after the name mean it is not.
_CLAUSE_NEXT_RE = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?!(?:and|or|of|in|on|at|to|for|with|from|by|as)\b)[a-z]")
_SENTENCE_END_BEFORE_RE = re.compile(r"(?:^|[.!?][\"”’)]?\s+)$")


def _opens_clause(text: str, ps: int, s: int, after: str) -> bool:
    if s > ps and not _SENTENCE_END_BEFORE_RE.search(text, max(ps, s - 4), s):
        return False
    return bool(_CLAUSE_NEXT_RE.match(after))


# `CUE_START_RE` and `VERBISH_RE` read at an offset of the text (`match(text, pos,
# endpos)`) rather than on a slice from it: the same matches, one string copy fewer.
_CUE_AT_RE = re.compile(CUE_START_RE.pattern.removeprefix("^"))
_VERBISH_AT_RE = re.compile(VERBISH_RE.pattern.removeprefix("^"))
_SPACE_RE = re.compile(r"\s")
# Lone words that are never a name; honorifics are ("Mr." alone may be Mr. Surname's).
_NOT_NAMES = NOT_NAME_WORDS - _HONORIFICS


class _TitledCache(dict):
    """Capitalised run -> whether a word of it is a title ("Foreign Minister Wang Yi")."""

    def __missing__(self, run: str) -> bool:
        got = any(w.lower().rstrip(".") in TITLE_WORDS for w in run.split())
        if len(self) > 100_000:
            self.clear()
        self[run] = got
        return got


_titled = _TitledCache()

_SHAPES: dict[str, tuple | None] = {}


def _run_shape(run: str) -> tuple | None:
    """What a capitalised run says by itself, cached (runs repeat): (start and end of the
    name part relative to the run, its words, role words, name words, whether it opens
    with an honorific, the name's `_keys` and `_register_names`); None when it holds no
    name or names a body ("White House"). Callers must not mutate the lists."""
    got = _SHAPES.get(run, False)
    if got is not False:
        return got  # type: ignore[return-value]
    words = run.split()
    rel_s, rel_e = 0, len(run)
    # a sentence end inside the run ("Capitol Hill. Sanders") ends the name
    for i, w in enumerate(words[:-1]):
        if w.endswith(".") and len(w) > 2 and "." not in w[:-1] \
                and w[:-1].lower() not in ABBREV:
            words = words[: i + 1]
            rel_e = len(" ".join(words))
            break
    if words and words[-1].endswith(".") and len(words[-1]) > 2 \
            and "." not in words[-1][:-1] and words[-1][:-1].lower() not in ABBREV:
        words[-1] = words[-1][:-1]
    # leading sentence words are not names ("However", "The")
    while words and clean_tok(words[0]) in NOT_NAME_WORDS \
            and clean_tok(words[0]) not in _HONORIFICS:
        rel_s = run.find(words[1], rel_s) if len(words) > 1 else rel_e
        words = words[1:]
    shape = None
    if words:
        role, name = _split_name(words)
        if name and not bodyish(name):
            # and what `build_context` asks of the name by itself: an honorific first, the
            # keys to look it up by, the names `register` keeps
            shape = (rel_s, rel_e, words, role, name, clean_tok(words[0]) in _HONORIFICS,
                     _keys[tuple(w.strip(",;:") for w in name)], _register_names[tuple(name)])
    if len(_SHAPES) > 100_000:
        _SHAPES.clear()
    _SHAPES[run] = shape
    return shape


_CUE_END_RE = re.compile(
    r"(?<![\w'’-])(?:" + alternation(VERBS) + r")\s+$"
)


_TITLE_END_RE = re.compile(
    r"(?<![\w'’-])(?:" + alternation(TITLE_WORDS | PERSON_NOUNS) + r")\s+$"
)
_PREP_END_RE = re.compile(r"(?<![\w'’-])(?:to|of|in|at|for|from|with|by|on|into|against)\s+$")
_PREPS = frozenset("to of in at for from with by on into against".split())
_TITLES_AND_PERSONS = TITLE_WORDS | PERSON_NOUNS

# The three patterns above ask one thing: which word stands (whole, in their window)
# right before the spaces before a name. Read once, that word is looked up in each set,
# rather than each alternation tried at every offset of its window for every name.
# (Read with string methods: a regex for "a word, then spaces, at the end" is tried at
# every offset of the window and backtracks through each word, 8 us a call.)
_WORDISH_RE = re.compile(r"[\w'’-]")
_WORDISH_RUN_RE = re.compile(r"[\w'’-]+")


def _word_before(text: str, lo: int, s: int) -> tuple[str, int]:
    """The whole word that ends right before the whitespace before `s` and starts at or
    after `lo`, with its offset; ("", s) when there is none."""
    if s <= lo or not text[s - 1].isspace():
        return "", s
    seg = text[lo:s].rstrip()
    if not seg:
        return "", s
    chunk = seg.rsplit(None, 1)[-1]
    j = lo + len(seg) - len(chunk)
    if not _WORDISH_RUN_RE.fullmatch(chunk):
        # punctuation inside the chunk ("(spokesman"): the word is its wordish tail
        k = len(chunk)
        while k > 0 and _WORDISH_RE.match(chunk, k - 1):
            k -= 1
        if k == len(chunk):
            return "", s
        return chunk[k:], j + k
    if j == lo and lo > 0 and _WORDISH_RE.match(text, lo - 1):
        return "", s  # the word begins before the window
    return chunk, j


def _cued(text: str, ps: int, s: int) -> bool:
    """`_CUE_END_RE.search(text, max(ps, s - 24), s)`: a cue verb right before `s`."""
    return _word_before(text, max(ps, s - 24), s)[0] in VERBS


def _titled_or_cued(text: str, ps: int, s: int) -> bool:
    """`_TITLE_END_RE.search(text, max(ps, s - 30), s) or _cued(text, ps, s)`."""
    word, at = _word_before(text, max(ps, s - 30), s)
    return word in _TITLES_AND_PERSONS or (word in VERBS and at >= s - 24)


def _maybe_person(word: str) -> bool:
    """A lone capitalised subject may be a person unless it is an acronym or a place."""
    w = word.strip(",.;:’'")
    if len(w) < 3 or w.isupper() or w.lower() in PLACE_WORDS:
        return False
    return True


# ----------------------------------------------------------------- resolution
def mention_of(np: str) -> str | None:
    """The speaker phrase as written at the cue with its appositive, if any ("John Doe, a
    senior fellow"), without parentheses."""
    appos = None
    if "\x00" in np:
        np, appos = np.split("\x00", 1)
    np = PAREN_RE.sub("", np).strip(" ,;:")
    if appos and np:
        return f"{np}, {appos.strip(' ,;:')}"
    return np or None


def resolve(np: str, pos: int, ctx: _Context, cue: str | None, quote_pos: int = -1
            ) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, kind) for a speaker phrase found at `pos`."""
    np, appos, low, fixed, listed = _phrase_front[np]
    if low == "it":
        # "It said" / "it read": the organisation or document the text last named.
        body = recent_body(ctx, pos)
        return (body, None, "body") if body else (np, None, "pronoun")
    if low in PRONOUNS:
        if low in ("i", "we"):
            return np, None, "pronoun"
        if low in ("he", "she"):
            ent = pronoun_antecedent(ctx, quote_pos, {"he": "m", "she": "f"}[low])
            if ent is not None:
                return ent.name, ent.role, "person"
        if low == "they":
            pair = pair_before(ctx, quote_pos)
            if pair is not None:
                return f"{pair[0].name} and {pair[1].name}", None, "person"
        return np, None, "pronoun"
    if fixed is not None:
        return fixed  # a statement's or a document's issuer, named in the phrase
    dm = THE_DOCUMENT_RE.match(np)
    if dm:
        issuer = issuer_of(ctx.text, pos, dm.group("doc").lower())
        if issuer:
            return issuer, None, "body"
    group = _resolve_group(np, pos, ctx, cue) if listed else None
    if group is not None:
        return group
    words = np.split()
    # "Cornell University's Carlson", "Trump's campaign manager Kellyanne Conway"
    poss_role: list[str] = []
    pm = _POSS_RE.match(np)
    if pm and len(words) > 1:
        rest = np[pm.end():].split()
        if rest and (is_cap(rest[-1])):
            poss_role = pm.group(0).split()
            words = rest
    role_w, name_w = _split_name(words)
    first = clean_tok(words[0]) if words else ""
    if name_w and not (first in DETERMINERS and desc_head(words) in PERSON_NOUNS
                       and not is_cap(words[-2] if len(words) > 1 else "")):
        if first in DETERMINERS and any(
                clean_tok(w) in ("of", "for", "at", "from", "with") for w in role_w):
            return np, None, "person" if desc_head(words) in PERSON_NOUNS else "body"
        ent = _lookup([w.strip(",;:") for w in name_w], ctx.registry, ctx.surnames)
        if ent is not None:
            return ent.name, ent.role, ent.kind
        role = role_w[:]
        if poss_role and role_w:
            role = poss_role + role_w
        names = [w[:-2] if w.endswith(("’s", "'s")) else w for w in name_w]
        if names and clean_tok(names[0]) in _HONORIFICS and len(names) > 1:
            names = names[1:]
        name = " ".join(names).strip(" ,")
        role_s = _drop_article(" ".join(role)) or _drop_article(appos)
        if bodyish(name_w) or (first == "the" and not role_w) or (
                len(names) == 1 and cue and cue.lower() in ("reported", "reports")):
            # a named body ("the White House" -> "White House", "Xinhua")
            return name, role_s, "body"
        return name, role_s, "person"
    # a description: "the senator", "a State Department official"
    head = desc_head(words)
    if first == "the" and head in PERSON_NOUNS and len(words) <= 4:
        ent = last_speaker(ctx, pos, head) or recent_person(ctx, pos, head)
        if ent is None and len(words) == 2 and not head.endswith("s"):
            # a bare singular "the diplomat": modifiers ("the former top aide") or a
            # plural ("the attendees") name someone other than the paragraph's subject
            ent = paragraph_subject(ctx, pos)
        if ent is not None:
            return ent.name, ent.role, "person"
    kind = "person" if head in PERSON_NOUNS else "body"
    role = _drop_article(appos)
    return np, role, kind


_CONJUNCTS_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")


class _PhraseFront(dict):
    """Speaker phrase -> what `resolve` reads from the phrase alone, before the article:
    (phrase without appositive and parentheses, appositive, lower case, the answer when
    the phrase names a statement's or a document's issuer, whether it may be a list of
    names). Phrases repeat (quotes borrow their speaker's), and each read is a few
    regexes."""

    def __missing__(self, raw: str) -> tuple:
        np, appos = raw, None
        if "\x00" in np:
            np, appos = np.split("\x00", 1)
        np = PAREN_RE.sub("", np).strip(" ,;:")
        low = np.lower()
        fixed = None
        if low != "it" and low not in PRONOUNS:
            sm = _STATEMENT_RE.match(np)
            if sm:
                fixed = (sm.group("who").strip(), None, "body")
            else:
                im = ISSUED_RE.match(np)
                if im:
                    # "the White House readout" speaks as the White House
                    fixed = (im.group("who"), None, "body")
        got = (np, appos, low, fixed, _may_be_list(np))
        if len(self) > 100_000:
            self.clear()
        self[raw] = got
        return got


_phrase_front = _PhraseFront()


def _may_be_list(np: str) -> bool:
    """Whether `_resolve_group` can find a list of names in `np`: two parts or more,
    each capitalised (what it checks before resolving any)."""
    parts = [p for p in _CONJUNCTS_RE.split(np) if p]
    if len(parts) < 2:
        return False
    first = parts[0].split()
    if len(first) > 1 and title_word(first[0]):
        parts[0] = " ".join(first[1:])
    return all(all_cap(p.split()) for p in parts)


def _resolve_group(np: str, pos: int, ctx: _Context, cue: str | None) -> tuple[str | None, str | None, str | None] | None:
    """(speakers, shared role, kind) for a list of names ("Sens. Tom Carper, Dianne
    Feinstein and Ben Cardin"), each resolved on its own; None when `np` is no such list."""
    parts = [p for p in _CONJUNCTS_RE.split(np) if p]
    if len(parts) < 2:
        return None
    # A title before the first name is the whole list's ("Senators A, B and C").
    first = parts[0].split()
    title = first[0] if len(first) > 1 and title_word(first[0]) else None
    if title:
        parts[0] = " ".join(first[1:])
    if not all(all_cap(p.split()) for p in parts):
        return None
    resolved = [resolve(p, pos, ctx, cue) for p in parts]
    names = [r[0] for r in resolved if r[0]]
    if len(names) != len(parts):
        return None
    speaker = ", ".join(names[:-1]) + " and " + names[-1]
    roles = {r[1] for r in resolved}
    role = title or (roles.pop() if len(roles) == 1 else None)
    kind = "person" if all(r[2] == "person" for r in resolved) else "body"
    return speaker, role, kind
