"""Keyword extraction: text in, ranked `Keyword`s out (YAKE; lower score = more relevant).

The only module that imports a YAKE implementation. Two engines propose candidates:
`yake-rust` (the default: a port of YAKE to Rust, several times faster) and `yake`, the
reference implementation in Python, chosen with `use_engine` (`--keywords yake`). Without
the Rust wheel the default falls back to `yake`. Extractors are built once per process
and per size, because building one loads its stop-word list.

YAKE proposes; a reader's tests dispose. A keyword shown to a reader names a topic, so
YAKE's candidates are filtered around it:
  * not only an actor's name: a country, a nationality, a title before a name, a person
    quoted in the text ("China", "Chinese", "President Joe Biden", "United States
    Secretary") says who, not what;
  * not a verb phrase or a cut phrase: it does not end in a verb ("Biden announced",
    "list featuring"), a weekday, or a function word ("series of"), does not start with
    one, and holds no -ly adverb ("unfairly control");
  * not a repeat: none contains, or is contained in, a better-ranked keyword, nor holds
    its words in another order ("visits Taiwan" after "Taiwan visit"; by words,
    singular and plural alike);
  * not an everyday word alone: a single lower-case word as common in English as "war",
    "support" or "island" (Zipf frequency EVERYDAY_ZIPF or more, from `wordfreq`) names
    no topic; "tariffs", "fentanyl", "sanctions" do.
Country and language names come from Babel's CLDR data; titles and speech verbs from
the quote word lists. No list of names is written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from briefing.analyse.quotes.words import CUE_PARTICIPLES, CUE_VERBS, TITLE_WORDS
from briefing.model import Keyword

__all__ = ["ENGINES", "EVERYDAY_ZIPF", "MAX_CHARS", "engine", "extract_keywords", "is_actor", "reads_as_topic", "use_engine"]

# Zipf 5 is a word used about once in every 10,000 words of English ("war", "visit",
# "military"); the words that name a week's news alone are rarer ("tariffs" 3.6).
EVERYDAY_ZIPF = 5.0

# Longest input handed to YAKE at once, cut at the last paragraph break before it. Its
# cost grows with the text (about 9 ms per 1,000 characters, the largest share of the
# per-article time), and it weights early positions anyway: a news story says what it is
# about in its lead. On the seeds and the scale corpus, 5.6 of the top 10 keywords of
# the first 4,000 characters are the whole article's (6.7 at 6,000, for half again the
# time), and the section keywords the briefs print come from their own sample (assemble.SECTION_CHARS).
MAX_CHARS = 4_000
# YAKE is asked for this many candidates per keyword wanted: the filters drop many.
_OVERSAMPLE = 5

_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split())
_VERBS = frozenset(CUE_VERBS) | frozenset(CUE_PARTICIPLES)
_TOKEN = re.compile(r"[\w’'-]+")
# A word after one of these is a noun ("the meeting").
_DETERMINERS = frozenset("the a an its their this that his her our of".split())
# A word after one of these is a verb: after a subject pronoun, a modal or "to".
_BEFORE_VERB = frozenset("he she it they we who which also will would could can to not did".split())
_ENDS_BEFORE_VERB = re.compile(r"\b(?:" + "|".join(sorted(_BEFORE_VERB)) + r")\s+$", re.I)
# English irregular past forms: closed-class grammar, like the stop words.
_IRREGULAR_PAST = frozenset(
    """met bought sold made took gave sent held went came saw left found kept led won began
    spoke wrote thought brought built fought flew grew knew rose struck stood sought spent
    paid lost meant put set cut hit let ran drew drove chose broke""".split()
)
_LINKS = frozenset({"of", "the", "and"})


# "auto" is yake-rust where its wheel is installed, else yake.
ENGINES = ("auto", "yake-rust", "yake")
_ENGINE = {"name": "auto"}


def use_engine(name: str) -> None:
    """Choose the YAKE implementation for this process (one of `ENGINES`)."""
    if name not in ENGINES:
        raise ValueError(f"unknown keyword engine {name!r} (one of: {', '.join(ENGINES)})")
    _ENGINE["name"] = name


def engine() -> str:
    """The engine `extract_keywords` runs: "yake-rust" or "yake"."""
    name = _ENGINE["name"]
    if name == "auto":
        return "yake-rust" if _rust_available() else "yake"
    return name


@lru_cache(maxsize=1)
def _rust_available() -> bool:
    try:
        import yake_rust  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=8)
def _extractor(top: int) -> object:
    import yake

    return yake.KeywordExtractor(lan="en", n=3, dedupLim=0.7, top=top, features=None)


@lru_cache(maxsize=1)
def _rust_extractor() -> object:
    import yake_rust

    # The reference's trigrams and English stop words, so that both engines cut
    # candidates at the same words. Its own de-duplication is off: it walks candidates
    # in an order that changes from one process to the next (scores summed in hash
    # order differ in their last bits), so near-duplicates are dropped here instead.
    return yake_rust.Yake(stopwords=set(_yake_stop_words()), ngrams=3, remove_duplicates=False)


# Candidates more alike than this (Levenshtein ratio, as YAKE's "seqm") count as one.
_DEDUP_LIMIT = 0.7


def _candidates(text: str, n: int) -> Iterator[tuple[float, str]]:
    """YAKE's `n` best (score, phrase) pairs of `text` from the chosen engine, best
    first (ties by phrase), near duplicates of a better one left out. Lazily, for the
    Rust engine: the caller stops once it has its keywords, and the near-duplicate
    check, which grows with the square of what was taken, stops with it."""
    if engine() == "yake":
        pairs = _extractor(n).extract_keywords(text)  # type: ignore[attr-defined]
        return iter(sorted((round(float(score), 6), phrase) for phrase, score in pairs))
    # Every candidate, so that the cut below, not the engine's, decides on ties; scores
    # rounded so that their last bits do not reorder them.
    every = _rust_extractor().get_n_best(text, n=1_000_000)  # type: ignore[attr-defined]
    return _distinct(sorted((round(float(score), 6), phrase) for phrase, score in every), n)


def _distinct(ranked: list[tuple[float, str]], n: int) -> Iterator[tuple[float, str]]:
    """The first `n` of `ranked` that are not near duplicates of one before them."""
    import jellyfish

    distance = jellyfish.levenshtein_distance
    seen: list[tuple[str, int]] = []
    for score, phrase in ranked:
        folded = phrase.casefold()
        size = len(folded)
        for other, other_size in seen:
            longest = max(size, other_size, 1)
            # Alike means a distance under (1 - limit) of the longer; it is at least the
            # difference in length, which rules most pairs out without computing it.
            if abs(size - other_size) < (1 - _DEDUP_LIMIT) * longest and 1 - distance(folded, other) / longest > _DEDUP_LIMIT:
                break
        else:
            yield score, phrase
            seen.append((folded, size))
            if len(seen) == n:
                return


@lru_cache(maxsize=1)
def _yake_stop_words() -> frozenset[str]:
    """The reference YAKE's English stop-word list, as it ships it."""
    import yake

    path = Path(yake.__file__).parent / "core" / "StopwordsList" / "stopwords_en.txt"
    try:
        words = path.read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        words = []
    return frozenset(w.casefold() for w in words)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """YAKE's own English stop words: the function words its candidates are cut at."""
    return _yake_stop_words() | frozenset("of the a an and or to in on for by with".split())


@lru_cache(maxsize=1)
def _polity_names() -> frozenset[tuple[str, ...]]:
    """Country, territory and language names as word tuples (("united", "states"),)."""
    from babel import Locale

    locale = Locale("en")
    names = list(locale.territories.values()) + list(locale.languages.values())
    out = {tuple(w.casefold() for w in _TOKEN.findall(n)) for n in names}
    # Their adjectival forms: "Chinese" is a language; "Taiwanese", "Philippine" are not.
    return frozenset(n for n in out if n)


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    from babel import Locale

    return frozenset(n.casefold() for n in Locale("en").languages.values())


def _is_language(word: str) -> bool:
    """"Chinese", "Russian": a nationality adjective, which goes before a noun."""
    return word.casefold() in _languages()


def _only_polities(words: list[str]) -> bool:
    """Whether the words are one or more whole polity names, end to end."""
    names = _polity_names()
    i = 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            if tuple(words[i : i + n]) in names:
                i += n
                break
        else:
            return False
    return True


def _words(phrase: str) -> list[str]:
    return _TOKEN.findall(phrase)


def _stem(word: str) -> str:
    w = word.casefold()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=8)
def _actor_stems(actors: tuple[str, ...]) -> tuple[dict[str, list[list[str]]], frozenset[str]]:
    """The stems of the names of several words, by each stem they hold, and every stem
    of every name: worked out once per list of actors, not once per candidate phrase
    (a corpus quotes thousands of people, and each section weighs about fifty phrases)."""
    by_stem: dict[str, list[list[str]]] = {}
    names: set[str] = set()
    for a in actors:
        stems = [_stem(w) for w in _words(a)]
        names.update(stems)
        if len(stems) > 1:
            for w in set(stems):
                by_stem.setdefault(w, []).append(stems)
    return by_stem, frozenset(names)


def is_actor(phrase: str, actors: Iterable[str] = (), text: str = "") -> bool:
    """Whether the phrase only names who: a polity or nationality ("China", "Russia and
    China"), a single capitalised name, a title with a name ("President Tsai"), the name
    of someone quoted, or a name the text gives a title or a speech verb."""
    words = _words(phrase)
    if not words:
        return False
    lowered = [w.casefold() for w in words]
    capitalised = all(w[:1].isupper() for w in words if w.casefold() not in _LINKS)
    # "President Tsai Ing-wen", "spokesperson Matthew Miller": a title and a name.
    if any(w in TITLE_WORDS for w in lowered) and all(
        w[:1].isupper() or w.casefold() in TITLE_WORDS or w.casefold() in _LINKS for w in words
    ):
        return True
    if not capitalised:
        return False
    if len(words) == 1:
        return True
    stems = [_stem(w) for w in words]
    by_stem, names = _actor_stems(tuple(actors))
    # Only a name sharing a word with the phrase can sit inside it or around it.
    near = {id(a): a for w in set(stems) for a in by_stem.get(w, ())}
    if any(_overlaps(a, stems) for a in near.values()):
        return True  # a quoted person's name with a piece of their title ("State Antony Blinken")
    rest = [w for w in lowered if w not in _LINKS and w not in TITLE_WORDS and _stem(w) not in names]
    if not rest or _only_polities(rest):
        return True
    if text:
        # Looked up where the phrase occurs, not with an alternation of every title
        # scanned over the whole text once per candidate (which was a third of the build).
        for start in _find(phrase, text, fold=True):
            before = text[max(0, start - 40) : start].split()
            if before and before[-1].rstrip(".").casefold() in TITLE_WORDS:
                return True
        if any(w in _VERBS for w in _words_after(words[-1], text)):
            return True
    return False


def reads_as_topic(phrase: str, text: str = "") -> bool:
    """Whether the phrase reads as a noun phrase: it neither starts nor ends with a
    function word, does not end in a verb or a weekday, and holds no -ly adverb. A last
    word in -ed or -ing is a verb unless `text` uses it as a noun ("the meeting")."""
    words = [w.casefold() for w in _words(phrase)]
    if not words:
        return False
    stop = _stop_words()
    first, last = words[0], words[-1]
    if first in stop or last in stop or last in _WEEKDAYS or first in _WEEKDAYS:
        return False
    if any(w in _VERBS or w in _IRREGULAR_PAST for w in words):
        return False
    if any(len(w) > 4 and w.endswith("ly") for w in words) or "to" in words:
        return False
    # A lower-case word right after a name ("Pelosi visits Taiwan") is its verb when the
    # text uses it as one elsewhere.
    raw = _words(phrase)
    if any(w[:1] in "’'" for w in raw):
        return False  # a possessive split off its noun ("industry ’s access")
    for w, after in zip(raw, raw[1:]):
        if w[:1].islower() and w.endswith("ing") and after[:1].isupper():
            return False  # "arming Taiwan", "helping Russia": a verb and its object
    for before, w, after in zip(raw, raw[1:], raw[2:]):
        if before[:1].isupper() and w[:1].islower() and after[:1].isupper() and w.casefold() not in stop:
            return False  # "Pelosi visits Taiwan": a name, its verb, its object
    if len(raw) > 1 and raw[-2][:1].isupper() and raw[-1][:1].islower() and not _is_language(raw[-2]):
        # "Russia build", "Speaker Pelosi visits": a name and then one lower-case word is
        # a subject and its verb, unless the text puts that word after a determiner.
        if not (text and _after_one_of(raw[-1], text, _DETERMINERS)):
            return False
    for before, w in zip(raw, raw[1:]):
        if before[:1].isupper() and w[:1].islower() and text and _after_one_of(w, text, _BEFORE_VERB):
            return False
    if text and raw[0][:1].islower() and len(raw) > 1 and _starts_with_verb(phrase, text):
        # "to" is also a preposition ("chemicals sold to drug cartels"): a word the text
        # puts after a determiner elsewhere ("the drug") is a noun.
        if not _after_one_of(raw[0], text, _DETERMINERS):
            return False
    if text and not _ends_a_phrase(raw[-1], text):
        return False
    for w in (first, last):
        if len(w) > 4 and w.endswith(("ed", "ing")):
            if not (text and _after_one_of(w, text, _DETERMINERS)):
                return False
    return True


def _starts_with_verb(phrase: str, text: str) -> bool:
    """Whether every time the text uses the phrase, a verb's subject, a modal or "to"
    comes before it ("the push to instate direct communications"): its first word is
    a verb and the phrase a verb and its object."""
    found = False
    for start in _find(phrase, text, edge="token"):
        found = True
        if not _ENDS_BEFORE_VERB.search(text, max(0, start - 20), start):
            return False
    return found


def _ends_a_phrase(word: str, text: str) -> bool:
    """Whether the text ever ends a phrase on `word`: it is followed by punctuation, a
    function word or the end, not always by another content word ("series of major"
    is always followed by what is major)."""
    stop = _stop_words()
    found = False
    for start in _find(word, text, edge="token"):
        found = True
        end = start + len(word)
        nxt = _TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
        if nxt is None:
            return True
        after = nxt.group()
        if word[:1].isupper():
            # A name goes on while capitalised words follow ("San" -> "Francisco").
            if not after[:1].isupper():
                return True
        elif after.casefold() != "of" and (
            after.casefold() in stop or after[:1].isupper() or after.casefold() in _VERBS or after.endswith(("ed", "ing"))
        ):
            return True
    return not found


# ------------------------------------------------------- where a phrase occurs
# The filters ask, for each of some fifty candidates per text, where a phrase occurs
# and what stands around it. A regular expression per phrase cost more to compile than
# to run (half the keyword time); these searches answer the same with `str.find`.


def _is_word_char(c: str) -> bool:
    """What `\\w` matches."""
    return c.isalnum() or c == "_"


def _is_token_char(c: str) -> bool:
    return _is_word_char(c) or c in "’'-"


@lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """The text in lower case, when that keeps every offset (it nearly always does)."""
    low = text.lower()
    return low if len(low) == len(text) else None


def _find(needle: str, text: str, fold: bool = False, edge: str = "word") -> list[int]:
    """Where `needle` occurs in `text`, left to right and not overlapping, as
    `re.finditer` finds it: bounded like `\\b...\\b` (edge "word"), `...\\b` (edge
    "end") or with no letter, digit, apostrophe or hyphen touching it (edge "token");
    `fold` ignores case."""
    haystack = text
    if fold:
        low = _lowered(text)
        if low is None or len(needle.lower()) != len(needle):
            return [m.start() for m in re.finditer(_EDGES[edge].format(re.escape(needle)), text, re.I)]
        haystack, needle = low, needle.lower()
    if not needle:
        return []
    out = []
    n, size = len(text), len(needle)
    i = haystack.find(needle)
    while i >= 0:
        end = i + size
        if edge == "token":
            ok = (i == 0 or not _is_token_char(text[i - 1])) and (end == n or not _is_token_char(text[end]))
        else:
            ok = (edge == "end" or _boundary(text, i)) and _boundary(text, end)
        if ok:
            out.append(i)
            i = haystack.find(needle, end)
        else:
            i = haystack.find(needle, i + 1)
    return out


# The same searches as patterns, for the rare text whose lower case is longer.
_EDGES = {"word": r"\b{}\b", "end": r"{}\b", "token": r"(?<![\w’'-]){}(?![\w’'-])"}


def _boundary(text: str, i: int) -> bool:
    """Whether `\\b` matches at offset i."""
    before = i > 0 and _is_word_char(text[i - 1])
    after = i < len(text) and _is_word_char(text[i])
    return before != after


def _words_after(word: str, text: str) -> list[str]:
    """The word after each use of `word` (case as written), when only spaces are
    between them: `re.finditer(r"\\bWORD\\s+(\\w+)")`'s groups."""
    out = []
    n, size = len(text), len(word)
    i = text.find(word) if word else -1
    while i >= 0:
        j = i + size
        k = j
        while k < n and text[k].isspace():
            k += 1
        m = k
        while m < n and _is_word_char(text[m]):
            m += 1
        if _boundary(text, i) and k > j and m > k:
            out.append(text[k:m])
            i = text.find(word, m)
        else:
            i = text.find(word, i + 1)
    return out


def _after_one_of(word: str, text: str, before: frozenset[str]) -> bool:
    """Whether the text uses `word` (any case) right after one of the words `before`,
    spaces between: `re.search(r"\\b(?:BEFORE)\\s+WORD\\b", text, re.I)`."""
    for start in _find(word, text, fold=True, edge="end"):
        j = start
        while j > 0 and text[j - 1].isspace():
            j -= 1
        i = j
        while i > 0 and _is_word_char(text[i - 1]):
            i -= 1
        if j < start and text[i:j].lower() in before:
            return True
    return False


def _everyday_word(phrase: str) -> bool:
    """Whether the phrase is one lower-case word of everyday English."""
    words = _words(phrase)
    if len(words) != 1 or not words[0].islower() or "-" in words[0]:
        return False
    from wordfreq import zipf_frequency

    return zipf_frequency(words[0], "en") >= EVERYDAY_ZIPF


def _repeats(a: list[str], b: list[str]) -> bool:
    """Whether one stem sequence says what the other does: one sits inside the other,
    or both hold the same words in another order."""
    return _overlaps(a, b) or sorted(a) == sorted(b)


def _overlaps(a: list[str], b: list[str]) -> bool:
    """Whether one word sequence sits inside the other."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def extract_keywords(text: str, top: int = 10, limit: int = MAX_CHARS, actors: Iterable[str] = ()) -> tuple[Keyword, ...]:
    """The `top` keywords of the first `limit` characters of `text`, most relevant
    first; ties broken by text so the order never depends on dictionary iteration.
    `actors` are names known to be people or bodies (the speakers quoted)."""
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        text = text[: cut if cut > limit // 2 else limit]
    if not text.strip():
        return ()
    try:
        ranked = _candidates(text, top * _OVERSAMPLE)
    except (ValueError, ZeroDivisionError, IndexError):
        # YAKE divides by term statistics that degenerate on text made only of
        # stop words or punctuation; such text simply has no keywords.
        return ()
    actors = tuple(actors)
    kept: list[tuple[Keyword, list[str]]] = []
    for score, phrase in ranked:
        phrase = phrase.strip(" .,;:!?\"'“”‘’()")
        if is_actor(phrase, actors, text) or not reads_as_topic(phrase, text) or _everyday_word(phrase):
            continue
        stems = [_stem(w) for w in _words(phrase)]
        # YAKE lists "United States", then "United" and "States" again, or "export
        # controls" and "new export controls": a phrase inside another, or around
        # it, or its words in another order, adds nothing for a reader. The
        # better-ranked one stays.
        if any(_repeats(stems, other) for _, other in kept):
            continue
        kept.append((Keyword(phrase, score), stems))
        if len(kept) == top:
            break
    return tuple(k for k, _ in kept)
