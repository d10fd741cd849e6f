"""Output files, written so that a reader never sees a half-written one.

Each file goes to a temporary file in the same folder (same file system, so the rename
is atomic), named `.briefing-*.tmp` (hidden, never one of the final names), is flushed
to disk, and is renamed over the old one only after every file of the build has been
written; brief.json, the index of the build, is renamed last, and the folder itself is
synced so that the renames survive a power cut.

A crash at any moment (even SIGKILL) therefore leaves every final name either the
previous build's complete file or the new build's complete file, plus at most some
`.briefing-*.tmp` files, which the next build removes before it writes anything.

While a build runs it holds an exclusive lock on the output folder (filelock on
`.briefing-lock.tmp` inside it: flock on POSIX, msvcrt on Windows, released by the
system if the process dies, the file removed on release), so two builds into one folder
cannot remove each other's temporary files: the second fails at once with an
`OutputError`. A killed build leaves the lock file, named like a temporary file; the
next build takes it over. `prepare` takes the lock, cleans up and checks that the folder can be
written before the (possibly long) analysis starts.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock, Timeout

from briefing.errors import OutputError

TMP_PREFIX = ".briefing-"
TMP_SUFFIX = ".tmp"
LOCK_NAME = f"{TMP_PREFIX}lock{TMP_SUFFIX}"
LAST = "brief.json"
# Folders can be opened (to fsync the renames into them) on POSIX only.
_O_DIRECTORY = getattr(os, "O_DIRECTORY", None)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()


def _why(err: OSError) -> str:
    return err.strerror or err.__class__.__name__


class OutputFolder:
    """An output folder, created, locked for this process and cleaned of stale
    temporary files. Use as a context manager, or call `close()`."""

    def __init__(self, out_dir: Path) -> None:
        self.path = Path(out_dir)
        self._fd: int | None = None
        self._lock: FileLock | None = None
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{self.path}: exists and is not a folder")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(f"{self.path}: cannot create output folder ({_why(err)})") from None
        self._take_lock()
        if _O_DIRECTORY is not None:
            try:
                self._fd = os.open(self.path, os.O_RDONLY | _O_DIRECTORY)
            except OSError as err:
                self.close()
                raise OutputError(f"{self.path}: cannot open output folder ({_why(err)})") from None
        try:
            self.remove_stale()
            self._probe()
        except BaseException:
            self.close()
            raise

    def _take_lock(self) -> None:
        # thread_local=False: the lock belongs to the build, whichever thread closes it.
        lock = FileLock(self.path / LOCK_NAME, timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError(f"{self.path}: another build is writing to this folder") from None
        except OSError as err:
            raise OutputError(f"{self.path}: cannot lock output folder ({_why(err)})") from None
        self._lock = lock

    def remove_stale(self) -> int:
        """Remove temporary files a killed build left behind; returns how many."""
        removed = 0
        try:
            entries = list(os.scandir(self.path))
        except OSError as err:
            raise OutputError(f"{self.path}: cannot read output folder ({_why(err)})") from None
        for entry in entries:
            if entry.name == LOCK_NAME:
                continue  # ours, held: removed when released
            if entry.name.startswith(TMP_PREFIX) and entry.name.endswith(TMP_SUFFIX) and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                    removed += 1
                except FileNotFoundError:
                    pass
                except OSError as err:
                    raise OutputError(f"{entry.path}: cannot remove stale temporary file ({_why(err)})") from None
        return removed

    def _probe(self) -> None:
        """Fail now, not after the analysis, when the folder cannot take files."""
        try:
            fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=self.path)
            os.close(fd)
            os.unlink(tmp)
        except OSError as err:
            raise OutputError(f"{self.path}: cannot write output ({_why(err)})") from None

    def write(self, files: Mapping[str, bytes | Callable[[BinaryIO], None]]) -> list[Path]:
        """Write `files` (name -> bytes, or a function that writes the file's bytes to
        the open file it is given, so a large file need not be held whole); returns the
        final paths, sorted by name."""
        for name in files:
            if not name or "/" in name or name.startswith(".") or name in ("..",):
                raise OutputError(f"{name!r}: not a plain file name for the output folder")
        order = sorted(files, key=lambda n: (n == LAST, n))
        staged: list[tuple[str, str]] = []
        try:
            for name in order:
                fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=self.path)
                staged.append((name, tmp))
                try:
                    with os.fdopen(fd, "wb") as fh:
                        content = files[name]
                        if callable(content):
                            content(fh)
                        else:
                            fh.write(content)
                        fh.flush()
                        os.fsync(fh.fileno())
                    os.chmod(tmp, _MODE)
                except OSError as err:
                    raise OutputError(f"{self.path / name}: cannot write ({_why(err)})") from None
            for name, tmp in staged:
                target = self.path / name
                if target.is_dir() and not target.is_symlink():
                    raise OutputError(f"{target}: is a folder; cannot replace it with the output file")
                try:
                    os.replace(tmp, target)
                except OSError as err:
                    raise OutputError(f"{target}: cannot write ({_why(err)})") from None
            self._sync()
        finally:
            # Whatever happened (an error, Ctrl-C), no temporary file is left behind;
            # after a successful rename its name is gone already.
            for _, tmp in staged:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
        return [self.path / name for name in sorted(files)]

    def _sync(self) -> None:
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError:
                pass  # some file systems cannot sync a folder; the renames are done

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._lock is not None:
            # The file goes while still locked, so the folder holds only the outputs;
            # filelock retries a lock taken on an unlinked file, so no build can be
            # left holding a lock on a name that is gone. (Windows cannot unlink an
            # open file; its lock removes the file on release.)
            try:
                os.unlink(self.path / LOCK_NAME)
            except OSError:
                pass
            try:
                self._lock.release()
            except OSError:
                pass  # the folder went away: nothing left to unlock
            self._lock = None

    def __enter__(self) -> "OutputFolder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prepare(out_dir: Path) -> OutputFolder:
    """Create, lock and clean `out_dir`, checking it can be written."""
    return OutputFolder(out_dir)


def write_files(out_dir: Path, files: Mapping[str, bytes | Callable[[BinaryIO], None]]) -> list[Path]:
    """Write `files` (name -> bytes) into `out_dir`; returns the final paths, sorted."""
    with OutputFolder(out_dir) as folder:
        return folder.write(files)
