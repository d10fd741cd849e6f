"""Command line: a thin Typer app over `pipeline`.

Every expected failure is a `BriefingError`: printed as one line on stderr, exit code by
kind (see README "Exit codes"). Pretty tracebacks with locals are off, so even a bug
never dumps article text or internals on the terminal.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Callable, Iterator, Optional

import typer

from briefing.errors import EXIT_BUG, EXIT_INTERRUPTED, BriefingError, ConfigError, OutputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help, as click prints it: "-q, --quiet  No progress bar", without the type
    # column ("<bool>") of the rich layout. -h everywhere, as users expect.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn a folder of news articles into a traceable policy brief (JSON, DOCX, PDF).",
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefing")
    except PackageNotFoundError:  # a source checkout run without installing
        from briefing import __version__

        return __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {_version()}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Print the version and exit.", callback=_show_version, is_eager=True)
    ] = False,
) -> None:
    """Turn a folder of news articles into a traceable policy brief (JSON, DOCX, PDF)."""


def _shipped_audiences() -> str:
    # Listed from the shipped folder without importing the template machinery, so that
    # `--help` stays instant.
    from briefing.config import TEMPLATES_DIR

    names = sorted(p.name.removesuffix(".md.j2") for p in (TEMPLATES_DIR / "audiences").glob("*.md.j2"))
    return ", ".join(names)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _echo_err(line: str) -> None:
    try:
        typer.echo(_one_line(line), err=True)
    except OSError:
        pass  # stderr closed: the exit code still tells


def _fail(message: str, code: int) -> None:
    _echo_err(f"briefing: {message}")
    raise typer.Exit(code)


# Set by the signal handlers: a library that catches the KeyboardInterrupt and raises
# something else (reportlab mid-layout: "forward reference") still ends the run as an
# interrupt, exit 130.
_SIGNALLED: list[int] = []


def _terminate(signum: int, frame: object) -> None:
    _SIGNALLED.append(signum)
    raise KeyboardInterrupt


@contextmanager
def _errors() -> Iterator[None]:
    # SIGTERM (a scheduler stopping the job) ends the run like Ctrl-C: workers stopped,
    # temporary files removed, previous outputs left as they were.
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
        previous_int = signal.signal(signal.SIGINT, _terminate)
    except ValueError:  # not the main thread (tests): leave signals alone
        previous = previous_int = None
    _SIGNALLED.clear()
    try:
        try:
            yield
        except (Exception, typer.Exit) as err:
            if _SIGNALLED and not isinstance(err, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            raise
    except BriefingError as err:
        # "No readable article": say why each file was skipped, one line each, first.
        for source, reason in getattr(err, "skipped", ()):
            _echo_err(f"skipped {source}: {reason}")
        _fail(str(err) or err.__class__.__name__, err.exit_code)
    except KeyboardInterrupt:
        if previous is None:
            _fail("interrupted; previous outputs left as they were", EXIT_INTERRUPTED)
        _echo_err("briefing: interrupted; previous outputs left as they were")
        # Nothing is left to do: outputs are written atomically, temporary files were
        # removed and the workers stopped while unwinding. The interpreter's exit
        # handlers are skipped: the process pool's, racing its killed workers, can
        # print a traceback of its own ("Bad file descriptor").
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(EXIT_INTERRUPTED)
    except typer.Exit:
        raise
    except BrokenPipeError:
        # `briefing build ... | head`: the reader left; not an error of the build.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        raise typer.Exit(0) from None
    except RecursionError:
        _fail("internal error (RecursionError: input nested too deeply); please report it", EXIT_BUG)
    except MemoryError:
        _fail("out of memory; try fewer --jobs or a smaller folder", EXIT_BUG)
    except Exception as err:  # noqa: BLE001 - a bug still gets one line, not a traceback
        detail = _one_line(str(err))[:200]
        _fail(f"internal error ({err.__class__.__name__}{': ' + detail if detail else ''}); please report it", EXIT_BUG)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGINT, previous_int)


def _parse_date(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value}: expected a date as YYYY-MM-DD") from None


def _window(since: Optional[str], until: Optional[str], week: Optional[str]) -> dict[str, Optional[date]]:
    if week:
        if since or until:
            raise ConfigError("--week: use either --week or --since/--until")
        try:
            year, number = week.upper().split("-W")
            monday = date.fromisocalendar(int(year), int(number), 1)
            sunday = date.fromisocalendar(int(year), int(number), 7)
        except ValueError:
            raise ConfigError(f"--week {week}: expected an ISO week such as 2024-W17") from None
        return {"since": monday, "until": sunday}
    lo, hi = _parse_date(since, "--since"), _parse_date(until, "--until")
    if lo and hi and lo > hi:
        raise ConfigError(f"--since {since} is after --until {until}")
    return {"since": lo, "until": hi}


def _progress(quiet: bool) -> Optional[Callable[[str, int], Callable[[], None]]]:
    """A rich progress bar on stderr, only for a person watching a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    )
    bar.start()

    def start(label: str, total: int) -> Callable[[], None]:
        # One stage at a time: a new stage replaces the finished one's bar. The bar
        # stays live until the build ends (`_stop_progress`).
        for old in list(bar.task_ids):
            bar.remove_task(old)
        task = bar.add_task(label, total=max(total, 0))
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if done <= total:
                bar.update(task, completed=done)

        return tick

    start.bar = bar  # type: ignore[attr-defined]
    return start


@app.command()
def build(
    folder: Annotated[Path, typer.Argument(metavar="FOLDER", help="Folder of articles (.txt, .md, .html, .pdf, .docx, .eml, RSS/Atom).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Output folder.")] = Path("out"),
    audience: Annotated[
        str,
        typer.Option(
            metavar="NAMES",
            help=f"Comma-separated audiences: {_shipped_audiences()}, or one of --templates "
            "(`briefing audiences` lists them).",
        ),
    ] = "analyst,principal,press",
    date_: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", help="As-of date YYYY-MM-DD (default: latest article date).")] = None,
    taxonomy: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Taxonomy TOML to use instead of the shipped one.")] = None,
    templates: Annotated[Optional[Path], typer.Option(metavar="DIR", help="Folder of templates overriding the shipped ones (see `briefing init`).")] = None,
    reference_doc: Annotated[Optional[Path], typer.Option("--reference-doc", metavar="FILE", help="DOCX whose styles, page setup, header and footer to use; styles it lacks come from the shipped ones.")] = None,
    paper: Annotated[str, typer.Option(metavar="A4|Letter", help="Paper size.")] = "A4",
    jobs: Annotated[int, typer.Option(metavar="N", help="Processes for the per-article stages, and for the audiences rendered side by side (0 = number of cores; 1 = all in this process).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar (it shows only when stderr is a terminal).")] = False,
    since: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Keep articles dated on or after this day.")] = None,
    until: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD", help="Keep articles dated on or before this day.")] = None,
    week: Annotated[Optional[str], typer.Option(metavar="YYYY-Www", help="ISO week, e.g. 2024-W17 (sets --since and --until).")] = None,
    previous: Annotated[Optional[Path], typer.Option(metavar="FILE", help="An earlier brief.json to mark what changed.")] = None,
    author: Annotated[
        Optional[str], typer.Option(metavar="NAME", help="Author in the DOCX and PDF properties (default: the taxonomy's [brief] author, else none).")
    ] = None,
    pdf_engine: Annotated[
        str,
        typer.Option(
            "--pdf-engine",
            metavar="reportlab|libreoffice",
            help="reportlab (default: fast, byte-reproducible, untagged) or libreoffice "
            "(a tagged PDF/UA converted from the DOCX; needs soffice).",
        ),
    ] = "reportlab",
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Read symbolic links that lead outside FOLDER (skipped by default).")] = False,
    keywords: Annotated[
        str, typer.Option(metavar="auto|yake-rust|yake", help="Keyword engine: yake-rust (fast), yake (the reference), auto (yake-rust if installed).")
    ] = "auto",
    executor: Annotated[
        str, typer.Option(metavar="local|dask", help="Where articles are analysed: local processes, or Dask distributed (pip install 'briefing[dask]').")
    ] = "local",
    scheduler: Annotated[
        Optional[str], typer.Option(metavar="ADDRESS", help="Dask scheduler to use with --executor dask, e.g. tcp://host:8786 (default: a local cluster of --jobs workers).")
    ] = None,
) -> None:
    """Build brief.json and a DOCX and a PDF per audience from FOLDER into --out."""
    with _errors():
        from briefing.pipeline import BuildOptions, build as run

        if paper not in ("A4", "Letter"):
            raise ConfigError(f"--paper {paper}: expected A4 or Letter")
        if pdf_engine not in ("reportlab", "libreoffice"):
            raise ConfigError(f"--pdf-engine {pdf_engine}: expected reportlab or libreoffice")
        if pdf_engine == "libreoffice":
            from briefing.write.render.pdf_libreoffice import soffice

            soffice()  # missing: one line now, not after the analysis
        audiences = tuple(a.strip() for a in audience.split(",") if a.strip())
        if not audiences:
            raise ConfigError("--audience: name at least one audience")
        options = BuildOptions(
            input_dir=folder,
            out_dir=out,
            audiences=audiences,
            taxonomy=taxonomy,
            templates=templates,
            reference_doc=reference_doc,
            paper=paper,
            as_of=_parse_date(date_, "--date"),
            jobs=max(0, jobs),
            previous=previous,
            author=author,
            pdf_engine=pdf_engine,
            follow_links=follow_links,
            keywords=keywords,
            executor=executor,
            scheduler=scheduler,
            **_window(since, until, week),
        )
        progress = _progress(quiet)
        try:
            result = run(options, progress)
        finally:
            _stop_progress(progress)
        for a in result.data["articles"]:
            if a["status"] == "skipped":
                _echo_err(f"skipped {a['source']}: {a['reason']}")
        pages = ", ".join(f"{k} {v} p." for k, v in result.pages.items())
        typer.echo(f"Wrote {len(result.files)} files to {out}/ ({pages})")
        for path in result.files:
            typer.echo(f"  {path}")
        typer.echo(result.summary())


def _stop_progress(progress: Optional[Callable[[str, int], Callable[[], None]]]) -> None:
    bar = getattr(progress, "bar", None)
    if bar is not None:
        bar.stop()


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to create with editable copies.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")] = False,
) -> None:
    """Write editable copies of the templates, the taxonomy and the style files."""
    with _errors():
        from briefing.config import shipped_files

        files = list(shipped_files())
        if not files:
            raise BriefingError("no shipped templates found: the installation is incomplete; reinstall briefing")
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: exists and is not a folder")
        # Every refusal before the first write: a half-written folder helps nobody.
        taken = [folder.joinpath(*name.split("/")) for name, _ in files if folder.joinpath(*name.split("/")).exists()]
        if taken and not force:
            raise OutputError(f"{taken[0]}: exists (use --force to overwrite)")
        for name, resource in files:
            dest = folder.joinpath(*name.split("/"))
            try:
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(resource.read_bytes())
            except OSError as err:
                raise OutputError(f"{dest}: cannot write ({err.strerror or err.__class__.__name__})") from None
        typer.echo(f"Wrote {len(files)} files to {folder}/; use them with --templates {folder} --taxonomy {folder / 'taxonomy.toml'}")
        for name, _ in files:
            typer.echo(f"  {folder / name}")


@app.command("audiences")
def list_audiences(
    templates: Annotated[Optional[Path], typer.Option(metavar="DIR", help="Also list the audiences of this templates folder.")] = None,
) -> None:
    """List the audiences --audience accepts: one per audiences/NAME.md.j2 template."""
    with _errors():
        if templates is not None and not templates.is_dir():
            raise ConfigError(f"--templates {templates}: not a folder")
        for name in _audience_names(templates):
            typer.echo(name)


@app.command()
def inspect(
    path: Annotated[Path, typer.Argument(help="An article file, or a built brief's Markdown (out/analyst.md).")],
) -> None:
    """Print what ingest makes of FILE (metadata, origins, text) as JSON, or, for a
    brief's .md output, its document tree."""
    with _errors():
        if path.suffix == ".md" and path.name.split(".")[0] in _audience_names():
            from dataclasses import asdict

            from briefing.write.layout import parse_markdown

            text = path.read_text(encoding="utf-8")
            doc = parse_markdown(text, path.name, date(1970, 1, 1))
            typer.echo(json.dumps(asdict(doc), ensure_ascii=False, indent=2, default=str))
            return
        from briefing.read.ingest import inspect_file

        typer.echo(json.dumps(inspect_file(path), ensure_ascii=False, indent=2, default=str))


def _audience_names(templates: Optional[Path] = None) -> list[str]:
    from briefing.write.layout import audiences

    return audiences(templates)


@app.command()
def explain(
    item_id: Annotated[str, typer.Argument(help="A point id (a03.p2.s1) or quote id (a03.q812) from brief.json.")],
    brief: Annotated[Path, typer.Option(help="The brief.json to read.")] = Path("out/brief.json"),
) -> None:
    """Why a point or quote is in the brief, and where it came from."""
    with _errors():
        from briefing.write.explain import explain as run

        typer.echo(run(brief, item_id))


def main() -> None:  # pragma: no cover - console entry for `python -m briefing`
    app()
