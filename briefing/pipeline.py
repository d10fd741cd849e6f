"""The pipeline: a folder in, brief.json plus a DOCX and a PDF per audience out.

  1. discover and read files (per file, in a process pool);
  2. analyse each document: clean -> segment -> classify -> quotes -> keywords
     (`analyse_document`, one pure function, so it maps on a pool, Dask or Ray as is);
  3. assemble one `Brief`;
  4. per audience: template -> Markdown -> `Doc` -> DOCX and PDF, trimmed to the
     template's page limit;
  5. write every file atomically.

Robustness: a file that cannot be read, or an article whose analysis fails or runs too
long, is skipped or set aside with a one-line reason and the build goes on; run-level
problems are `BriefingError`s (see errors.py for exit codes). The output folder is
locked, cleaned and checked for writing before the analysis starts, so an unwritable
`--out` fails in a second, not after the whole corpus.

Scale: the per-article stages run in a process pool (`--jobs`); each worker loads the
configuration once, and tasks are sent in chunks so that pickling stays a small share
of the work.
"""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from briefing.analyse import clean as cleaning
from briefing.brief import dedupe
from briefing.read import ingest
from briefing.analyse import keywords, quotes, segment
from briefing.brief.assemble import assemble
from briefing.analyse.classify import classify_story
from briefing.config import Taxonomy, load_taxonomy
from briefing.write.context import drop_keys, item_text, template_context
from briefing.write.doc import Doc
from briefing.errors import BriefingError, ConfigError, InputError, RenderError
from briefing.write.layout import audiences as known_audiences
from briefing.write.layout import make_environment, parse_markdown, render_markdown
from briefing.model import Brief, DocAnalysis, Document, Skipped, StoryAnalysis, Verdict
from briefing.write.output import prepare
from briefing.write.render import RenderOptions, get_renderer
from briefing.write.serialize import brief_to_dict, dumps
from briefing.brief import weekly
from briefing.brief.changes import load_previous

T = TypeVar("T")
R = TypeVar("R")
DEFAULT_AUDIENCES = ("analyst", "principal", "press")
# Below this many files a process pool costs more to start than it saves.
POOL_THRESHOLD = 16
# An article whose analysis takes longer than this is set aside, not waited for.
ARTICLE_TIME_LIMIT = 60.0


@dataclass(frozen=True)
class BuildOptions:
    input_dir: Path
    out_dir: Path
    audiences: tuple[str, ...] = DEFAULT_AUDIENCES
    taxonomy: Path | None = None
    templates: Path | None = None
    reference_doc: Path | None = None
    paper: str = "A4"
    as_of: date | None = None
    jobs: int = 0  # 0 = number of cores
    formats: tuple[str, ...] = ("docx", "pdf")
    since: date | None = None  # the week's window: articles dated outside are set aside
    until: date | None = None
    previous: Path | None = None  # an earlier brief.json to mark changes against


@dataclass
class BuildResult:
    brief: Brief
    data: dict[str, Any]
    files: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line: articles (the inputs: files, or feed items) used, off-topic and
        skipped; stories appended to them, when any; sections; quotes; files written."""
        return summarise(self.data, len(self.files))


def summarise(data: dict[str, Any], files: int) -> str:
    articles = {"used": 0, "off_topic": 0, "skipped": 0}
    appended = {"used": 0, "off_topic": 0, "skipped": 0}
    outside = 0
    for a in data["articles"]:
        (appended if a.get("parent") else articles)[a["status"]] += 1
        if not a.get("parent") and a["status"] == "off_topic" and (a.get("reason") or "").startswith("dated "):
            outside += 1
    line = (
        f"{articles['used']} articles used, {articles['off_topic']} off-topic"
        + (f" ({outside} outside the window)" if outside else "")
        + f", {articles['skipped']} skipped"
    )
    if sum(appended.values()):
        line += f" (+ {sum(appended.values())} appended stories: {appended['used']} used, {appended['off_topic']} off-topic)"
    sections = sum(1 for s in data["sections"] if s.get("points") or s.get("quotes"))
    return f"{line}; {sections} sections; {len(data['quotes'])} quotes; {files} files written"


# ---------------------------------------------------------------- per-article stage
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
        verdict = classify_story(taxonomy, document.text, paragraphs)
        found: tuple = ()
        kws: tuple = ()
        text_print = None
        if verdict.on_topic:
            found = quotes.extract_quotes(document.text, [(p.start, p.end) for p in paragraphs])
            story_text = segment.story_text(document.text, paragraphs)
            # An appended story's keywords come from its lead (a quarter of the
            # article's YAKE budget), so a page carrying many costs about one article.
            kws = keywords.extract_keywords(story_text, limit=keywords.MAX_CHARS if item.index == 0 else keywords.MAX_CHARS // 4)
            text_print = dedupe.text_print(story_text)
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
            paragraphs = tuple(
                replace(p, sentences=tuple(s for s in p.sentences if s.id in keep)) for p in story.paragraphs
            )
        else:
            paragraphs = tuple(replace(p, sentences=()) for p in story.paragraphs)
        stories.append(replace(story, paragraphs=paragraphs))
    return replace(analysis, stories=tuple(stories))


def _failed(article_id: str, document: Document, err: Exception) -> DocAnalysis:
    """A document whose analysis hit a bug is set aside, not fatal to the run."""
    return _set_aside(article_id, document, f"could not be analysed ({err.__class__.__name__})")


# Workers load the configuration once, not once per article.
_WORKER: dict[str, Any] = {}


def _init_worker(taxonomy_path: Path | None, rules_path: Path | None, in_pool: bool = False) -> None:
    if in_pool:
        # Ctrl-C reaches the whole process group: the parent handles it and stops the
        # pool; a worker printing its own KeyboardInterrupt traceback would only be noise.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _WORKER.get("key") != (taxonomy_path, rules_path):
        _WORKER["taxonomy"] = load_taxonomy(taxonomy_path)
        _WORKER["rules"] = cleaning.load_rules(rules_path)
        _WORKER["key"] = (taxonomy_path, rules_path)


class _TooSlow(Exception):
    pass


def _with_time_limit(seconds: float, fn: Callable[[], R]) -> R:
    """`fn()`, interrupted with `_TooSlow` after `seconds` (on the main thread only:
    signals cannot reach others, where it simply runs to the end)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        return fn()

    def expire(signum: int, frame: object) -> None:
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _analyse_task(task: tuple[str, Document]) -> DocAnalysis:
    article_id, document = task
    try:
        return keep_needed(
            _with_time_limit(
                ARTICLE_TIME_LIMIT,
                lambda: analyse_document(article_id, document, _WORKER["taxonomy"], _WORKER["rules"]),
            )
        )
    except BriefingError:
        raise
    except _TooSlow:
        return _set_aside(article_id, document, f"analysis took longer than {ARTICLE_TIME_LIMIT:g} s; set aside")
    except RecursionError:
        return _set_aside(article_id, document, "could not be analysed (structure nested too deeply)")
    except MemoryError:
        return _set_aside(article_id, document, "could not be analysed (out of memory)")
    except Exception as err:  # noqa: BLE001 - one bad article must not stop the brief
        return _failed(article_id, document, err)


def _analyse_pooled(task: tuple[str, Document]) -> DocAnalysis:
    """`_analyse_task` in a worker: the result travels without its document."""
    result = _analyse_task(task)
    return replace(result, document=Document(result.document.source, "", result.document.format))


def _pooled(items: list[Any], jobs: int) -> bool:
    return jobs > 1 and len(items) >= POOL_THRESHOLD


def _read_task(task: tuple[Path, str]) -> list[Document] | Skipped:
    path, source = task
    try:
        return ingest.read_documents(path, source)
    except InputError as err:
        return Skipped(source, ingest._reason(str(err), source))
    except Exception as err:  # noqa: BLE001 - a reader bug on one file skips that file
        return Skipped(source, f"cannot be read ({err.__class__.__name__})")


class _Workers:
    """Ordered maps, in one process pool when it pays, for reading and then analysing.

    One pool, started by the first map while the parent is still small: a forked worker
    begins with a copy of the parent's page table, and workers forked after the corpus
    was read would each count it again.
    """

    def __init__(self, jobs: int, init: tuple[Any, ...]) -> None:
        self.jobs = jobs
        self.init = init
        self.pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[T], R], items: list[T], tick: Callable[[], None]) -> Iterator[R]:
        """`fn` over `items`, in order. `items` is emptied as the tasks are handed out,
        so that what they carry (article texts) is freed once processed."""
        if not _pooled(items, self.jobs):
            _init_worker(*self.init)
            items.reverse()
            while items:
                yield fn(items.pop())
                tick()
            return
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_init_worker, initargs=(*self.init, True))
        # Chunks amortise pickling and queue round trips, yet stay small enough that the
        # progress bar moves and the last chunks do not leave a core idle.
        chunk = max(1, min(16, len(items) // (self.jobs * 16)))
        try:
            # The pool takes every task at once; from here its work items hold them.
            results = self.pool.map(fn, items, chunksize=chunk)
            items.clear()
            for result in results:
                yield result
                tick()
        except BrokenProcessPool:
            self.stop()
            raise BriefingError("a worker process died (killed, or out of memory?); try fewer --jobs") from None
        except BaseException:
            # Ctrl-C, SIGTERM, or an error: stop the workers now rather than let them
            # finish every queued article.
            self.stop()
            raise

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    def stop(self) -> None:
        if self.pool is not None:
            _stop(self.pool)
            self.pool = None


def _stop(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)


# ---------------------------------------------------------------- whole build
def _outside_window(document: Document, options: BuildOptions) -> str | None:
    d = document.date
    if d is None or (options.since is None and options.until is None):
        return None
    if (options.since and d < options.since) or (options.until and d > options.until):
        lo = options.since.isoformat() if options.since else "…"
        hi = options.until.isoformat() if options.until else "…"
        return f"dated {d.isoformat()}, outside the brief's window {lo} – {hi}"
    return None


def _set_aside(article_id: str, document: Document, reason: str) -> DocAnalysis:
    return DocAnalysis(article_id, document, (StoryAnalysis(article_id, 0, document.title, Verdict(False, reason, (), ()), (), (), ()),))


def analyse_folder(
    options: BuildOptions,
    taxonomy: Taxonomy,
    progress: Callable[[str, int], Callable[[], None]] | None = None,
) -> tuple[Brief, tuple[DocAnalysis, ...]]:
    """Read and analyse every file of the input folder and assemble the brief."""
    paths, skipped = ingest.discover(options.input_dir)
    if _out_inside(options):
        # Outputs written inside the input folder are not articles: leave them out.
        out = options.out_dir.resolve()
        paths = [p for p in paths if not _under(p, out)]
        skipped = [s for s in skipped if not _under(Path(s.source), out)]
    if not paths and not skipped:
        raise InputError(f"{options.input_dir}: no articles found (supported: .txt, .md, .html, .pdf, .docx, .eml, feeds)")
    jobs = options.jobs or os.cpu_count() or 1
    workers = _Workers(jobs, (options.taxonomy, None))
    try:
        analyses, skipped_ids = _read_and_analyse(options, paths, skipped, workers, progress)
    finally:
        workers.stop()
    if not any(s.verdict.on_topic for a in analyses for s in a.stories):
        what = "no readable article" if not analyses else "no article on the brief's topics"
        err = InputError(f"{options.input_dir}: {what} ({len(skipped_ids)} skipped, {len(analyses)} read)")
        err.skipped = [(s.source, s.reason) for _, s in skipped_ids]  # type: ignore[attr-defined]
        raise err
    brief = assemble(analyses, skipped_ids, taxonomy, options.as_of, window=(options.since, options.until))
    return brief, analyses


def _read_and_analyse(
    options: BuildOptions,
    paths: list[Path],
    skipped: list[Skipped],
    workers: _Workers,
    progress: Callable[[str, int], Callable[[], None]] | None,
) -> tuple[tuple[DocAnalysis, ...], tuple[tuple[str, Skipped], ...]]:
    noop = lambda: None  # noqa: E731
    tick = progress("Reading", len(paths)) if progress else noop
    tasks = [(p, ingest._source(options.input_dir, p)) for p in paths]
    documents: list[Document] = []
    for result in workers.map(_read_task, tasks, tick):
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            documents.extend(result)
    # Ids follow the sorted source names, skipped files included, so an id names the
    # same file from one run to the next.
    entries: list[tuple[str, Document | Skipped]] = sorted(
        [(d.source, d) for d in documents] + [(s.source, s) for s in skipped], key=lambda e: e[0]
    )
    width = max(2, len(str(len(entries))))
    ids = [f"a{i + 1:0{width}d}" for i in range(len(entries))]
    doc_tasks = [(aid, e) for aid, (_, e) in zip(ids, entries) if isinstance(e, Document)]
    skipped_ids = tuple((aid, e) for aid, (_, e) in zip(ids, entries) if isinstance(e, Skipped))
    # Assembly reads an article's metadata, never its text (wire-copy detection reads the
    # story's print, made with the analysis): texts go to the workers with the tasks and
    # are not kept here, which for 10,000 articles is over 100 MB.
    metadata = {aid: replace(d, text="") for aid, d in doc_tasks}
    outside = {aid: reason for aid, d in doc_tasks if (reason := _outside_window(d, options))}
    doc_tasks = [t for t in doc_tasks if t[0] not in outside]
    del documents, entries
    tick = progress("Analysing", len(doc_tasks)) if progress else noop
    # Workers send results back without the document (the parent has its metadata):
    # half the pickling.
    task = _analyse_pooled if _pooled(doc_tasks, workers.jobs) else _analyse_task
    analyses = tuple(replace(a, document=metadata[a.id]) for a in workers.map(task, doc_tasks, tick))
    workers.close()
    analyses += tuple(_set_aside(aid, d, outside[aid]) for aid, d in metadata.items() if aid in outside)
    return analyses, skipped_ids


def _out_inside(options: BuildOptions) -> bool:
    """Whether the output folder is inside the input folder."""
    return _under(options.out_dir, options.input_dir.resolve())


def _under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def render_audience(
    data: dict[str, Any], audience: str, options: BuildOptions, env: Any
) -> tuple[str, Doc, dict[str, bytes], list[str]]:
    """Template -> Markdown -> Doc -> files for one audience. When the template sets a
    page limit, the lowest-ranked content is dropped (whole items, never part of a
    sentence) until the PDF fits; the dropped keys are returned."""
    render_opts = RenderOptions(paper=options.paper, reference_doc=options.reference_doc, templates_dir=options.templates)
    template = f"audiences/{audience}.md.j2"
    as_of = date.fromisoformat(data["as_of"])

    def attempt(drop: frozenset[str]) -> tuple[str, Doc]:
        markdown = render_markdown(env, audience, template_context(data, drop))
        return markdown, parse_markdown(markdown, template, as_of)

    markdown, doc = attempt(frozenset())
    dropped: list[str] = []
    pdf = get_renderer("pdf")
    if doc.meta.page_limit:
        limit = doc.meta.page_limit
        pdf_bytes = pdf.render(doc, render_opts)
        if _pages(pdf_bytes) > limit:
            # Only what the page shows can make it longer.
            shown = " ".join(markdown.replace("**", "").replace("\\", "").split())
            keys = [k for k in drop_keys(data) if " ".join(item_text(data, k).split()) in shown]
            lo, hi = 1, len(keys)
            best: tuple[int, str, Doc] | None = None
            # Pages only fall as more is dropped: binary-search the fewest drops.
            while lo <= hi:
                mid = (lo + hi) // 2
                md_mid, doc_mid = attempt(frozenset(keys[:mid]))
                if _pages(pdf.render(doc_mid, render_opts)) <= limit:
                    best, hi = (mid, md_mid, doc_mid), mid - 1
                else:
                    lo = mid + 1
            if best is None:
                # Even without every droppable item it does not fit (a long source
                # list, say): print the shortest version and say so in brief.json.
                markdown, doc = attempt(frozenset(keys))
                best = (len(keys), markdown, doc)
                dropped.append(f"over_limit:{limit}")
            n, markdown, doc = best
            dropped = keys[:n] + dropped
    outputs = {fmt: _render(fmt, doc, render_opts, audience) for fmt in options.formats}
    return markdown, doc, outputs, dropped


def _render(fmt: str, doc: Doc, render_opts: RenderOptions, audience: str) -> bytes:
    try:
        return get_renderer(fmt).render(doc, render_opts)
    except BriefingError:
        raise
    except RecursionError:
        raise RenderError(f"{audience}.{fmt}: cannot render (content nested too deeply)") from None
    except (ValueError, TypeError, LookupError, ArithmeticError, AttributeError, AssertionError) as err:
        # A renderer library refusing the content (a table cell too large for a page,
        # a glyph it cannot map): name the file instead of a traceback.
        detail = " ".join(str(err).split())[:160]
        raise RenderError(f"{audience}.{fmt}: cannot render ({err.__class__.__name__}: {detail})") from None


def _pages(pdf_bytes: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


def build(options: BuildOptions, progress: Callable[[str, int], Callable[[], None]] | None = None) -> BuildResult:
    """The whole job; nothing is written unless every output rendered."""
    if options.templates is not None and not Path(options.templates).is_dir():
        raise ConfigError(f"--templates {options.templates}: not a folder")
    taxonomy = load_taxonomy(options.taxonomy)
    env = make_environment(options.templates)
    available = known_audiences(options.templates)
    for audience in options.audiences:
        if audience not in available:
            raise ConfigError(f"--audience {audience}: no template audiences/{audience}.md.j2 (available: {', '.join(available) or 'none'})")
    if not Path(options.input_dir).is_dir():
        raise InputError(f"{options.input_dir}: not a folder" if Path(options.input_dir).exists() else f"{options.input_dir}: no such folder")
    if options.out_dir.resolve() == Path(options.input_dir).resolve():
        raise ConfigError(f"--out {options.out_dir}: is the input folder; its outputs would be read as articles next time")
    # What would fail after the analysis fails before it.
    if options.reference_doc is not None and "docx" in options.formats:
        from briefing.write.render.docx import check_reference

        check_reference(RenderOptions(reference_doc=options.reference_doc, templates_dir=options.templates))
    previous = load_previous(options.previous) if options.previous else None
    with prepare(options.out_dir) as folder:
        return _build(options, taxonomy, env, folder, previous, progress)


def _build(
    options: BuildOptions,
    taxonomy: Taxonomy,
    env: Any,
    folder: Any,
    previous: dict[str, Any] | None,
    progress: Callable[[str, int], Callable[[], None]] | None,
) -> BuildResult:
    brief, analyses = analyse_folder(options, taxonomy, progress)
    data = weekly.extend(brief_to_dict(brief), analyses, previous)
    files: dict[str, bytes] = {}
    pages: dict[str, int] = {}
    dropped: dict[str, list[str]] = {}
    tick = progress("Rendering", len(options.audiences)) if progress else (lambda: None)
    for i, audience in enumerate(options.audiences):
        markdown, _doc, outputs, drops = render_audience(data, audience, options, env)
        tick()
        files[f"{audience}.md"] = markdown.encode("utf-8")
        for fmt, blob in outputs.items():
            files[f"{audience}.{fmt}"] = blob
            if i == 0:
                # The first audience is also "the brief": brief.docx / brief.pdf.
                files[f"brief.{fmt}"] = blob
        if "pdf" in outputs:
            pages[audience] = _pages(outputs["pdf"])
        if drops:
            dropped[audience] = drops
    data["dropped"] = dropped
    data["pages"] = pages
    files["brief.json"] = dumps(data).encode("utf-8")
    written = folder.write(files)
    return BuildResult(brief, data, written, pages)
