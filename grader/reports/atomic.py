"""Report files are written whole or not at all: into a temporary file next to the
target, flushed to disk, then renamed over it.  A grader killed at any moment leaves
each file either as it was or complete."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

PART = ".part"


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Replace ``path`` with ``data`` (text is written as UTF-8) in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:50]}.", suffix=PART, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files a killed writer left under ``folder``; how many."""
    stale = [p for p in folder.rglob(f".*{PART}") if p.is_file() and not p.is_symlink()]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)
