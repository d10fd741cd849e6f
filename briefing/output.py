"""Output files, written so that a reader never sees a half-written one.

Each file goes to a temporary file in the same folder (same file system, so the rename
is atomic), is flushed to disk, and is renamed over the old one only after every file
of the build has been written. A crash at any moment leaves the previous outputs whole
and at most a temporary file, which the next build removes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError

TMP_PREFIX = ".briefing-"


def write_files(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` (name -> bytes) into `out_dir`; returns the final paths, sorted."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot create output folder ({err.strerror or err.__class__.__name__})") from None
    for stale in out_dir.glob(f"{TMP_PREFIX}*"):
        stale.unlink(missing_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, blob in sorted(files.items()):
            fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".tmp", dir=out_dir)
            staged.append((name, Path(tmp)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for name, tmp in staged:
            os.replace(tmp, out_dir / name)
    except OSError as err:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{out_dir}: cannot write output ({err.strerror or err.__class__.__name__})") from None
    return [out_dir / name for name in sorted(files)]
