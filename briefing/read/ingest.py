"""Ingest: a folder of saved articles in, `Document`s (and `Skipped` inputs) out.

`discover` lists the files (sorted, recursive, following symlinks that stay inside the
folder, each folder once);
`read_documents` reads one file into one Document, or several for a feed; `ingest` does
both and turns every unreadable file into a `Skipped` with a one-line reason, so one bad
file never stops a run. `inspect_file` shows what ingest makes of a single file.

Each format is read by its own library (see `READERS`): text and Markdown by
charset-normalizer decoding plus a header/front-matter reader; HTML by trafilatura; PDF
by pypdf; DOCX by python-docx; e-mail by the stdlib `email` package; RSS and Atom by
the stdlib XML parser with entity declarations refused. Metadata comes from the format's
own fields first, then from the text (`briefing.read.metadata`); `Document.origins` records
which.

Only the input folder is read: a symbolic link whose target lies outside it is skipped
("link outside the input folder") unless `follow_links` is set (`--follow-links`), and
FIFOs, sockets and devices are skipped as what they are, never opened (a FIFO would block
the read forever, /dev/zero never ends). Files are opened non-blocking and checked to be
regular files on the open descriptor, so one swapped for a FIFO after the walk cannot
block the run either.

Limits, so a stray huge file cannot stall a run: text-like files (txt, md, html, eml,
feeds) over `MAX_TEXT_BYTES` and binary documents (pdf, docx) over `MAX_BINARY_BYTES`
are skipped with their size in the reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from briefing.read import metadata
from briefing.errors import InputError
from briefing.model import Document, Skipped
from briefing.read import text as text_reader

MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_BINARY_BYTES = 25 * 1024 * 1024

Reader = Callable[[bytes, str], list[Document]]


# ---------------------------------------------------------------- discovery
def discover(folder: Path, follow_links: bool = False) -> tuple[list[Path], list[Skipped]]:
    """Every file under `folder` with a supported suffix, sorted by relative path.

    Hidden files and folders (".DS_Store", ".git") are passed over silently; files with
    other suffixes, special files and links leading out of the folder (unless
    `follow_links`) come back as `Skipped`. Each folder is read once: a link back to a
    folder already visited (a loop) is not entered again.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder.name or folder}: not a folder")
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in _walk(folder, follow_links, skipped):
        suffix = path.suffix.lower()
        if suffix in READERS:
            found.append(path)
        else:
            what = suffix if suffix else "(no suffix)"
            skipped.append(Skipped(_source(folder, path), f"unsupported file type {what}"))
    found.sort(key=lambda p: _source(folder, p))
    skipped.sort(key=lambda s: s.source)
    return found, skipped


_SPECIAL = (
    (stat.S_ISFIFO, "FIFO (named pipe)"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


def _special(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is, or None."""
    return next((name for test, name in _SPECIAL if test(mode)), None)


def _walk(folder: Path, follow_links: bool, skipped: list[Skipped]) -> Iterator[Path]:
    root = os.path.realpath(folder)
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            continue  # a symlink loop, or a second link to a folder already read
        seen.add(key)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(_source(folder, current), f"folder cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            source = _source(folder, path)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    if not os.path.exists(target):
                        skipped.append(Skipped(source, "broken symbolic link"))
                        continue
                    if not follow_links and os.path.commonpath([root, target]) != root:
                        skipped.append(Skipped(source, "link outside the input folder (not followed; --follow-links to read it)"))
                        continue
                mode = path.stat().st_mode
                if stat.S_ISDIR(mode):
                    stack.append(path)
                elif stat.S_ISREG(mode):
                    yield path
                else:
                    skipped.append(Skipped(source, f"{_special(mode) or 'special file'}, not read"))
            except OSError:
                skipped.append(Skipped(source, "cannot be read"))


def _source(folder: Path, path: Path) -> str:
    """The file's path as the user would write it: the folder as given, then the
    path inside it ("seeds/000.txt")."""
    try:
        return (folder / path.relative_to(folder)).as_posix()
    except ValueError:
        return path.name


# ---------------------------------------------------------------- reading
def ingest(folder: Path, follow_links: bool = False) -> tuple[list[Document], list[Skipped]]:
    """All documents of a folder; every file that cannot be read is a `Skipped`."""
    folder = Path(folder)
    paths, skipped = discover(folder, follow_links)
    docs: list[Document] = []
    for path in paths:
        source = _source(folder, path)
        try:
            docs.extend(read_documents(path, source))
        except InputError as exc:
            skipped.append(Skipped(source, _reason(str(exc), source)))
    skipped.sort(key=lambda s: s.source)
    return docs, skipped


def _reason(message: str, source: str) -> str:
    # Skipped already names the file: keep only what is wrong.
    for prefix in (f"{source}: ", f"{Path(source).name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def read_document(path: Path, source: str) -> Document:
    """One file as one Document (for a feed: its first item). Raises `InputError`."""
    return read_documents(path, source)[0]


def read_documents(path: Path, source: str) -> list[Document]:
    """One file as Documents: one for an article, one per item for a feed
    (sources "feed.xml#1", "feed.xml#2", …). Raises `InputError` with a one-line message
    naming the file; never anything else."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(f"{source}: unsupported file type {suffix or '(no suffix)'}")
    data = _read_bytes(path, source, suffix)
    try:
        docs = reader(data, source)
    except InputError:
        raise
    except RecursionError:
        raise InputError(f"{source}: structure nested too deeply to read") from None
    except MemoryError:
        raise InputError(f"{source}: too large to read") from None
    except Exception as exc:  # a library choking on a corrupt file is a bad input, not a bug
        raise InputError(f"{source}: cannot read {suffix[1:]} file ({type(exc).__name__}: {_short(exc)})") from None
    if not docs:
        raise InputError(f"{source}: no article text found")
    return docs


def _short(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return msg[:120] if msg else "no details"


def _read_bytes(path: Path, source: str, suffix: str) -> bytes:
    limit = MAX_BINARY_BYTES if suffix in (".pdf", ".docx") else MAX_TEXT_BYTES
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{source}: {_special(st.st_mode) or 'not a regular file'}, not read")
        # Non-blocking, then checked on the descriptor: a file swapped for a FIFO since
        # the stat above must not block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{source}: {_special(st.st_mode) or 'not a regular file'}, not read")
            if st.st_size > limit:
                raise InputError(
                    f"{source}: file is {st.st_size / 1_048_576:.1f} MB, over the "
                    f"{limit // 1_048_576} MB limit for {suffix[1:]} files"
                )
            data = fh.read(limit + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{source}: file not found") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > limit:
        raise InputError(f"{source}: file is over the {limit // 1_048_576} MB limit for {suffix[1:]} files")
    return data


# ---------------------------------------------------------------- building Documents
def build_document(
    source: str,
    text: str,
    fmt: str,
    fields: dict[str, object],
    origin: str,
    body_start: int = 0,
) -> Document:
    """A Document from a format's own fields (recorded with `origin`), completed from the
    body's text (origin "text") for whatever the format did not say."""
    values: dict[str, object] = {}
    origins: list[tuple[str, str]] = []
    for key in ("title", "outlet", "date", "url", "author"):
        value = fields.get(key)
        if key == "date" and isinstance(value, str):
            value = metadata.parse_date(value)
        if isinstance(value, str):
            value = " ".join(value.split())
        if value:
            values[key] = value
            origins.append((key, origin))
    body = text[body_start:]
    missing = [k for k in ("date", "outlet", "author") if k not in values]
    if missing:
        found = metadata.text_metadata(body)
        for key in missing:
            if key in found:
                values[key] = found[key]
                origins.append((key, "text"))
    if "title" not in values:
        title = _headline_from_body(body)
        if title:
            values["title"] = title
            origins.append(("title", "text"))
    d = values.get("date")
    return Document(
        source=source,
        text=text,
        format=fmt,
        title=values.get("title"),  # type: ignore[arg-type]
        outlet=values.get("outlet"),  # type: ignore[arg-type]
        date=d if isinstance(d, date) else None,
        url=values.get("url"),  # type: ignore[arg-type]
        author=values.get("author"),  # type: ignore[arg-type]
        body_start=body_start,
        origins=tuple(origins),
    )


def _headline_from_body(body: str) -> str | None:
    """The first line that is not site chrome, when it reads like a headline."""
    from briefing.analyse.clean import is_chrome_line

    checked = 0
    for line in body.split("\n"):
        if not line.strip():
            continue
        if is_chrome_line(line.strip()):
            continue
        checked += 1
        if metadata.looks_like_headline(line) and not line.strip().endswith(":"):
            return metadata.headline_text(line)
        if checked >= 1:
            return None
    return None


# ---------------------------------------------------------------- per-format readers
def _read_text(fmt: str) -> Reader:
    def reader(data: bytes, source: str) -> list[Document]:
        text = text_reader.decode_text(data, source)
        fields, body_start, origin = text_reader.read_header(text)
        if not text[body_start:].strip():
            raise InputError(f"{source}: no article text after the metadata header")
        return [build_document(source, text, fmt, dict(fields), origin or "header", body_start)]

    return reader


def _read_html(data: bytes, source: str) -> list[Document]:
    from briefing.read.html import extract_html

    text, fields = extract_html(data, source)
    text = text_reader.normalise_newlines(text)
    mapped: dict[str, object] = {
        "title": fields.get("title"),
        "outlet": fields.get("sitename"),
        "date": fields.get("date"),
        "url": fields.get("url"),
        "author": fields.get("author"),
    }
    return [build_document(source, text, "html", mapped, "html-meta")]


def _lazy(module: str, func: str) -> Reader:
    def reader(data: bytes, source: str) -> list[Document]:
        import importlib

        return getattr(importlib.import_module(module), func)(data, source)  # type: ignore[no-any-return]

    return reader


READERS: dict[str, Reader] = {
    ".txt": _read_text("txt"),
    ".text": _read_text("txt"),
    ".md": _read_text("md"),
    ".markdown": _read_text("md"),
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    ".pdf": _lazy("briefing.read.pdf", "read_pdf"),
    ".docx": _lazy("briefing.read.docx", "read_docx"),
    ".eml": _lazy("briefing.read.mail", "read_eml"),
    ".xml": _lazy("briefing.read.feed", "read_feed"),
    ".rss": _lazy("briefing.read.feed", "read_feed"),
    ".atom": _lazy("briefing.read.feed", "read_feed"),
}


# ---------------------------------------------------------------- inspect
def inspect_file(path: Path) -> dict[str, object]:
    """What ingest makes of one file, as JSON-able data (for `briefing inspect FILE`).
    Raises `InputError` when the file cannot be read."""
    path = Path(path)
    docs = read_documents(path, path.name)
    return {
        "file": path.name,
        "documents": [
            {
                "source": d.source,
                "format": d.format,
                "title": d.title,
                "outlet": d.outlet,
                "date": d.date.isoformat() if d.date else None,
                "url": d.url,
                "author": d.author,
                "origins": {k: v for k, v in d.origins},
                "body_start": d.body_start,
                "chars": len(d.text),
                "header": d.text[: d.body_start],
                "text": d.text[d.body_start :],
            }
            for d in docs
        ],
    }
