"""Finding and killing a runner's processes through /proc (Linux), and tying a
process's life to its parent's (``die_with_parent``).

A process counts as alive while any of its threads runs: a process whose main
thread has exited shows state ``Z`` in ``/proc/<pid>/stat`` although its other
threads go on, so every thread is looked at before calling it dead.
"""
from __future__ import annotations

import ctypes
import os
import signal
import time

from ..limits import KILL_WAIT_SECONDS

DEAD = ("Z", "X")  # states in /proc/<pid>/stat: zombie, dead
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when ``parent`` (its parent) dies, so that a
    killed command leaves nothing of it running; exit now if it is already gone."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _state(path: str) -> str:
    with open(path) as fh:
        return fh.read().rsplit(")", 1)[1].split()[0]


def process_alive(pid: int) -> bool:
    """True while any thread of ``pid`` is neither a zombie nor dead."""
    try:
        if _state(f"/proc/{pid}/stat") not in DEAD:
            return True
        for tid in os.listdir(f"/proc/{pid}/task"):
            if _state(f"/proc/{pid}/task/{tid}/stat") not in DEAD:
                return True
    except (OSError, IndexError):
        pass
    return False


def parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return int(fh.read().rsplit(")", 1)[1].split()[1])  # after the name: state, ppid, pgrp, ...
    except (OSError, IndexError, ValueError):
        return None


def processes_of(uids: set[int], parent: int | None = None) -> list[int]:
    """Live processes owned by one of ``uids``, or whose parent is ``parent``."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            owned = os.stat(f"/proc/{name}").st_uid in uids
        except OSError:
            continue
        if (owned or (parent is not None and parent_of(int(name)) == parent)) and process_alive(int(name)):
            found.append(int(name))
    return found


def tasks_of(uid: int) -> int:
    """Threads of all processes owned by ``uid`` (what RLIMIT_NPROC counts)."""
    n = 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.stat(f"/proc/{name}").st_uid == uid:
                    n += len(os.listdir(f"/proc/{name}/task"))
            except OSError:
                pass
    return n


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def resident_of(pid: int) -> int:
    """Bytes resident for ``pid`` (pages shared with others counted in full; cheap to read)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def memory_of(pid: int) -> int:
    """Bytes of memory ``pid`` accounts for: its proportional share of resident pages
    (pages shared with the zygote or siblings count once in all), 0 when gone.  Costs
    a walk of its page tables (milliseconds), so look at ``resident_of`` first."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return resident_of(pid)


def shed_memory(pids: list[int], limit: int, last: int | None) -> bool:
    """Keep ``pids`` together within ``limit`` bytes (``memory_of``: pages they share with the
    zygote that forked them count in part, so a CUDA runner is not charged for the zygote's
    torch): past it, SIGKILL them largest first, ``last`` last, until under; whether any was."""
    if sum(map(resident_of, pids)) <= limit:
        return False  # resident memory is an upper bound of the exact (proportional) one
    sizes = {pid: memory_of(pid) for pid in pids}
    total, killed = sum(sizes.values()), False
    for pid in sorted(pids, key=lambda p: (p == last, -sizes[p])):
        if total <= limit:
            break
        kill(pid)
        total -= sizes[pid]
        killed = True
    return killed


def kill_until_gone(uids: set[int], parent: int | None = None, wait: float = KILL_WAIT_SECONDS) -> None:
    """SIGKILL the processes ``processes_of`` finds, again and again, until none is left
    (a fork bomb may add some between two passes) or ``wait`` seconds have passed."""
    end = time.monotonic() + wait
    while time.monotonic() < end:
        left = processes_of(uids, parent)
        if not left:
            return
        for pid in left:
            kill(pid)
        time.sleep(0.002)


def children_of(pid: int) -> list[int]:
    """Direct children of ``pid`` (forked by any of its threads)."""
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                found += [int(child) for child in fh.read().split()]
    except (OSError, ValueError):
        pass
    return found


def descendants_by_uid(pid: int, uids: set[int]) -> dict[int, list[int]]:
    """Live descendants of ``pid`` owned by one of ``uids``, by uid (each uid asked for has
    its list): far cheaper than a pass over all of /proc, and complete below a child
    subreaper (orphans are re-parented to it).  Only processes of ``uids`` are walked further
    down: a process cannot give its children another user's uid (runners hold no privilege),
    so the other runners below a zygote and their processes are skipped whole."""
    found: dict[int, list[int]] = {uid: [] for uid in uids}
    todo = children_of(pid)
    while todo:
        child = todo.pop()
        try:
            uid = os.stat(f"/proc/{child}").st_uid
        except OSError:
            continue
        if uid not in found:
            continue
        todo += children_of(child)
        if process_alive(child):
            found[uid].append(child)
    return found
