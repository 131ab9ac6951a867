"""How many trusted workers use the GPU at once (``grader grade --cuda-jobs``): ``share_gpu``
makes ``n`` slot files in the run's folder before the workers fork; a worker takes one
(an exclusive ``flock``) before its first CUDA test and keeps it until it exits, when the
kernel lets it go (also when the worker is killed).  A slot covers what a worker holds on
the GPU until then: its own CUDA context and its runners'.  CPU tests never wait."""
from __future__ import annotations

import os
import time
from pathlib import Path

SLOT_POLL_SECONDS = 0.05

_folder: Path | None = None
_count = 0
_held: int | None = None   # this process's slot (its open file)


def share_gpu(folder: Path, n: int) -> None:
    """Let at most ``n`` of the processes forked from here after this call use the GPU at once."""
    global _folder, _count
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"slot-{i}").touch()
    _folder, _count = folder, n


def hold_gpu_slot() -> None:
    """Wait for a free slot and keep it until this process ends (no bound set: return at once)."""
    global _held
    if _folder is None or _held is not None:
        return
    import fcntl  # POSIX only, and needed only here: the grader's Windows fallback loads this module too

    while True:
        for i in range(_count):
            fd = os.open(_folder / f"slot-{i}", os.O_RDWR)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            _held = fd
            return
        time.sleep(SLOT_POLL_SECONDS)
