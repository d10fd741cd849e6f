"""The pipeline: a folder in, brief.json plus a DOCX and a PDF per audience out.

The order of the stages, each in its own package:
  1. `read`: discover the folder's files and read each into `Document`s;
  2. `analyse`: each document on its own (`analyse_document`: clean -> segment ->
     classify -> quotes -> keywords), a pure function run where `workers` puts it;
  3. `brief`: the corpus-wide reduce (wire copies, ranking, timeline) into one `Brief`,
     taking each analysis in as it arrives (`Assembly.add`), while the workers go on;
  4. `write`: per audience, template -> Markdown -> `Doc` -> DOCX and PDF within the
     template's page limit; every file written atomically, brief.json beside them.

Robustness: a file that cannot be read, or an article whose analysis fails or runs too
long, is skipped or set aside with a one-line reason and the build goes on; run-level
problems are `BriefingError`s (see errors.py for exit codes). The output folder is
locked, cleaned and checked for writing before the analysis starts, so an unwritable
`--out` fails in a second, not after the whole corpus.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Callable

from briefing.analyse import keywords
from briefing.analyse.article import set_aside
from briefing.brief import weekly
from briefing import forked
from briefing.brief.assemble import Assembly
from briefing.brief.digest import Digest
from briefing.brief.dates import FindMentions, find_date_mentions, memoised
from briefing.brief.changes import load_previous
from briefing.config import Taxonomy, load_taxonomy
from briefing.errors import ConfigError, InputError
from briefing.model import Brief, DocAnalysis, Document, Skipped
from briefing.read import ingest
from briefing.workers import POOL_THRESHOLD, Workers, analyse_pooled, analyse_task, pooled, read_task
from briefing.write.parallel import render_audiences
from briefing.write.layout import audiences as known_audiences
from briefing.write.layout import make_environment
from briefing.write.output import prepare
from briefing.write.render import RenderOptions
from briefing.write.serialize import brief_to_dict, dump

__all__ = ["POOL_THRESHOLD", "BuildOptions", "BuildResult", "build"]

DEFAULT_AUDIENCES = ("analyst", "principal", "press")
# Below this many dated sentences the weekly blocks take less time than a fork.
FORK_WEEKLY_AT = 2_000


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
    author: str | None = None  # document properties' author (default: the taxonomy's [brief] author)
    pdf_engine: str = "reportlab"  # or "libreoffice" (a tagged PDF made from the DOCX)
    follow_links: bool = False  # read symlinked files and folders outside input_dir
    keywords: str = "auto"  # keyword engine: "yake-rust", "yake" (the reference), "auto"
    executor: str = "local"  # where articles are analysed: "local" (process pool) or "dask"
    scheduler: str | None = None  # with "dask": the scheduler's address (default: a LocalCluster)


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


def analyse_folder(
    options: BuildOptions,
    taxonomy: Taxonomy,
    progress: Callable[[str, int], Callable[[], None]] | None = None,
    find: FindMentions = find_date_mentions,
) -> tuple[Brief, Digest]:
    """Read and analyse every file of the input folder and assemble the brief (`find`
    reads sentences' dates, see `Assembly`); with it, what the weekly blocks read."""
    assembly, skipped_ids = take_in(options, taxonomy, progress, find)
    return assembly.brief(skipped_ids, options.as_of, window=(options.since, options.until)), assembly.digest


def take_in(
    options: BuildOptions,
    taxonomy: Taxonomy,
    progress: Callable[[str, int], Callable[[], None]] | None = None,
    find: FindMentions = find_date_mentions,
) -> tuple[Assembly, tuple[tuple[str, Skipped], ...]]:
    """Read and analyse every file of the input folder into an `Assembly`; with it, the
    (article id, Skipped) of the files that could not be read."""
    paths, skipped = ingest.discover(options.input_dir, options.follow_links)
    if _out_inside(options):
        # Outputs written inside the input folder are not articles: leave them out.
        out = options.out_dir.resolve()
        paths = [p for p in paths if not _under(p, out)]
        skipped = [s for s in skipped if not _under(Path(s.source), out)]
    if not paths and not skipped:
        raise InputError(f"{options.input_dir}: no articles found (supported: .txt, .md, .html, .pdf, .docx, .eml, feeds)")
    jobs = options.jobs or os.cpu_count() or 1
    workers = _workers(options, jobs)
    assembly = Assembly(taxonomy, find)
    try:
        # Assembly takes each analysis in as it arrives, while the workers go on.
        skipped_ids = _read_and_analyse(options, paths, skipped, workers, progress, assembly.add)
    finally:
        workers.stop()
    if not assembly.on_topic:
        what = "no readable article" if not assembly.analysed else "no article on the brief's topics"
        err = InputError(f"{options.input_dir}: {what} ({len(skipped_ids)} skipped, {assembly.analysed} read)")
        err.skipped = [(s.source, s.reason) for _, s in skipped_ids]  # type: ignore[attr-defined]
        raise err
    return assembly, skipped_ids


def _workers(options: BuildOptions, jobs: int) -> Workers:
    init = (options.taxonomy, None, options.keywords)
    if options.executor == "dask":
        from briefing.dask_executor import DaskWorkers

        return DaskWorkers(jobs, init, options.scheduler)
    return Workers(jobs, init)


def _read_and_analyse(
    options: BuildOptions,
    paths: list[Path],
    skipped: list[Skipped],
    workers: Workers,
    progress: Callable[[str, int], Callable[[], None]] | None,
    take: Callable[[DocAnalysis], None],
) -> tuple[tuple[str, Skipped], ...]:
    """Read and analyse the files, handing each analysis to `take` as it arrives, in
    input order; returns the (article id, Skipped) of the files that could not be read."""
    noop = lambda: None  # noqa: E731
    tick = progress("Reading", len(paths)) if progress else noop
    tasks = [(p, ingest._source(options.input_dir, p)) for p in paths]
    documents: list[Document] = []
    for result in workers.map(read_task, tasks, tick):
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
    task = analyse_pooled if pooled(doc_tasks, workers.jobs) else analyse_task
    for analysis in workers.map(task, doc_tasks, tick):
        take(replace(analysis, document=metadata[analysis.id]))
    workers.close()
    for aid, d in metadata.items():
        if aid in outside:
            take(set_aside(aid, d, outside[aid]))
    return skipped_ids


def _out_inside(options: BuildOptions) -> bool:
    """Whether the output folder is inside the input folder."""
    return _under(options.out_dir, options.input_dir.resolve())


def _under(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def build(options: BuildOptions, progress: Callable[[str, int], Callable[[], None]] | None = None) -> BuildResult:
    """The whole job; nothing is written unless every output rendered."""
    if options.templates is not None and not Path(options.templates).is_dir():
        raise ConfigError(f"--templates {options.templates}: not a folder")
    taxonomy = load_taxonomy(options.taxonomy)
    _check_executor(options)
    keywords.use_engine(options.keywords)  # section keywords are extracted here
    if options.author is None:
        options = replace(options, author=taxonomy.author)
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
        from briefing.write.render.docx_package import check_reference

        check_reference(RenderOptions(reference_doc=options.reference_doc, templates_dir=options.templates))
    previous = load_previous(options.previous) if options.previous else None
    with prepare(options.out_dir) as folder:
        return _build(options, taxonomy, env, folder, previous, progress)


def _check_executor(options: BuildOptions) -> None:
    if options.keywords not in keywords.ENGINES:
        raise ConfigError(f"--keywords {options.keywords}: expected one of {', '.join(keywords.ENGINES)}")
    if options.executor not in ("local", "dask"):
        raise ConfigError(f"--executor {options.executor}: expected local or dask")
    if options.scheduler is not None and options.executor != "dask":
        raise ConfigError(f"--scheduler {options.scheduler}: needs --executor dask")
    if options.executor == "dask":
        from briefing.dask_executor import _client_class

        _client_class()  # distributed missing: one line now, not after reading the folder


def _build(
    options: BuildOptions,
    taxonomy: Taxonomy,
    env: Any,
    folder: Any,
    previous: dict[str, Any] | None,
    progress: Callable[[str, int], Callable[[], None]] | None,
) -> BuildResult:
    # Assembly (which page dates their own text contradicts) and the timeline read the
    # same section sentences' dates: one memo, each read once.
    find = memoised()
    # (Unpacked into the call: the assembly is named nowhere else, and goes once the
    # brief is made.)
    return _reduce_and_write(options, env, folder, previous, progress, *take_in(options, taxonomy, progress, find), find)


def _reduce_and_write(
    options: BuildOptions,
    env: Any,
    folder: Any,
    previous: dict[str, Any] | None,
    progress: Callable[[str, int], Callable[[], None]] | None,
    assembly: Assembly,
    skipped: tuple[tuple[str, Skipped], ...],
    find: FindMentions,
) -> BuildResult:
    # What assembly has taken in lives until the brief is made: the collector need not
    # walk it again at every full pass (nor touch, and so copy, the forked child's pages).
    gc.freeze()
    try:
        made = _brief_data(options, previous, assembly, skipped, find)
        # Rendering holds the brief's data, not what assembly and the weekly blocks read.
        del assembly, find
        return _write(options, env, folder, made, progress)
    finally:
        gc.unfreeze()


def _brief_data(
    options: BuildOptions,
    previous: dict[str, Any] | None,
    assembly: Assembly,
    skipped: tuple[tuple[str, Skipped], ...],
    find: FindMentions,
) -> tuple[Brief, dict[str, Any]]:
    window = (options.since, options.until)
    as_of, start, _ = assembly.period(options.as_of, window)
    # The timeline and the wire-copy groups need the articles, not the brief's sections:
    # a forked child works them out on the other core while this one ranks the points.
    fork = (options.jobs or os.cpu_count() or 1) > 1 and len(assembly.digest.dated) >= FORK_WEEKLY_AT
    made = forked.call(weekly.blocks, assembly.dates, assembly.used(), as_of, start or as_of, assembly.digest, find, fork=fork)
    try:
        brief = assembly.brief(skipped, as_of, window)
        data = weekly.apply(brief_to_dict(brief), made.result(), previous)
    finally:
        made.cancel()
    return brief, data


def _write(
    options: BuildOptions,
    env: Any,
    folder: Any,
    made: tuple[Brief, dict[str, Any]],
    progress: Callable[[str, int], Callable[[], None]] | None,
) -> BuildResult:
    brief, data = made
    files: dict[str, bytes | Callable[[BinaryIO], None]] = {}
    pages: dict[str, int] = {}
    dropped: dict[str, list[str]] = {}
    tick = progress("Rendering", len(options.audiences)) if progress else (lambda: None)
    # Audiences are independent: rendered side by side, one process each (see parallel).
    rendered = render_audiences(data, options.audiences, options, env, options.jobs or os.cpu_count() or 1, tick)
    for i, (audience, (markdown, outputs, page, drops)) in enumerate(zip(options.audiences, rendered)):
        files[f"{audience}.md"] = markdown.encode("utf-8")
        for fmt, blob in outputs.items():
            files[f"{audience}.{fmt}"] = blob
            if i == 0:
                # The first audience is also "the brief": brief.docx / brief.pdf.
                files[f"brief.{fmt}"] = blob
        if page is not None:
            pages[audience] = page
        if drops:
            dropped[audience] = drops
    data["dropped"] = dropped
    data["pages"] = pages
    # Serialised into its file as it is written, not held as text and then bytes.
    files["brief.json"] = lambda fh: dump(data, fh)
    written = folder.write(files)
    return BuildResult(brief, data, written, pages)
