"""The /proc helpers of ``grader.sandbox.processes``, on real processes forked here.

Every child forked by ``child`` lives only as long as its test: it blocks reading a pipe
whose other end the test holds, so it exits as soon as the test lets it go or dies.
"""
import contextlib
import ctypes
import json
import os
import platform
import select
import signal
import threading
import time

import pytest

from grader.sandbox.processes import (
    children_of,
    descendants_by_uid,
    kill_until_gone,
    memory_of,
    parent_of,
    process_alive,
    processes_of,
    resident_of,
    shed_memory,
    tasks_of,
)
from grader.sandbox.uids import LESSON_UIDS, STUDENT_UIDS, runner_uid

ROOT = os.geteuid() == 0
SPARE_UID = runner_uid(STUDENT_UIDS - 1) + LESSON_UIDS - 1  # the last uids of this process's slots: unused
SYS_EXIT = {"x86_64": 60, "aarch64": 93}.get(platform.machine())  # exit() of one thread
MB = 1 << 20
needs_root = pytest.mark.skipif(not ROOT, reason="switching a child to another uid needs root")
pytestmark = pytest.mark.timeout(60)


def _become(uid: int) -> None:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


@contextlib.contextmanager
def child(body=None, uid: int | None = None):
    """Fork a child that switches to ``uid``, runs ``body(hold)`` (``hold``: the fd to block
    on), sends back what it returns and waits for the test to end; yields (pid, that value)."""
    ready_r, ready_w = os.pipe()
    hold_r, hold_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(ready_r)
            os.close(hold_w)
            if uid is not None:
                _become(uid)
            value = body(hold_r) if body else None
            os.write(ready_w, json.dumps(value).encode() + b"\n")
            os.read(hold_r, 1)
        finally:
            os._exit(0)
    os.close(ready_w)
    os.close(hold_r)
    try:
        with os.fdopen(ready_r) as fh:
            line = fh.readline()
        assert line, "the child died before it was ready"
        yield pid, json.loads(line)
    finally:
        os.close(hold_w)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _forks(n: int, own_group: bool = False):
    """A body that forks ``n`` grandchildren blocked on the same pipe; returns their pids."""
    def body(hold):
        if own_group:
            os.setpgid(0, 0)
        pids = []
        for _ in range(n):
            pid = os.fork()
            if pid == 0:
                os.read(hold, 1)
                os._exit(0)
            pids.append(pid)
        return pids
    return body


def _wait_until(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True


def test_process_alive_live_zombie_and_reaped():
    """A running child is alive; once it exited it is dead although not reaped (a zombie
    still in /proc), and dead once reaped."""
    with child() as (pid, _):
        assert process_alive(pid)
    zombie = os.fork()
    if zombie == 0:
        os._exit(0)
    try:
        assert _wait_until(lambda: not process_alive(zombie))
        assert os.path.exists(f"/proc/{zombie}"), "not reaped yet: still listed"
    finally:
        os.waitpid(zombie, 0)
    assert not process_alive(zombie)


@pytest.mark.skipif(SYS_EXIT is None, reason="exit() of one thread is called by its number")
def test_process_alive_while_a_thread_outlives_the_main_thread():
    """Main thread exited ("Z" in /proc/<pid>/stat) but another thread runs: alive."""
    ready_r, ready_w = os.pipe()
    hold_r, hold_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(hold_w)
        os.close(ready_r)
        threading.Thread(target=os.read, args=(hold_r, 1)).start()  # ends when the test closes hold_w
        os.write(ready_w, b"1")
        ctypes.CDLL(None).syscall(SYS_EXIT, 0)
        os._exit(0)  # not reached
    os.close(ready_w)
    os.close(hold_r)
    try:
        assert os.read(ready_r, 1) == b"1"
        assert _wait_until(lambda: _main_state(pid) == "Z")
        assert process_alive(pid)
    finally:
        os.close(hold_w)
        os.close(ready_r)
        os.waitpid(pid, 0)
    assert not process_alive(pid)


def _main_state(pid: int) -> str:
    # Parsed here on purpose: every helper of processes.py looks past the main thread.
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()[0]


def test_parent_of_is_the_parent_not_the_process_group():
    """A child in a process group of its own: its parent is this process."""
    with child(lambda hold: os.setpgid(0, 0)) as (pid, _):
        assert os.getpgid(pid) == pid != os.getpid()
        assert parent_of(pid) == os.getpid()


def test_parent_of_a_gone_process_is_none():
    with child() as (pid, _):
        pass
    assert parent_of(pid) is None


def test_children_of_lists_children_forked_by_any_thread():
    """Children of this process, also one forked from a thread other than the main one."""
    found = []
    with child() as (first, _):
        def fork_from_thread():
            with child() as (second, _):
                found.extend([second, children_of(os.getpid())])
        thread = threading.Thread(target=fork_from_thread)
        thread.start()
        thread.join()
        second, listed = found
        assert {first, second} <= set(listed)
        assert children_of(first) == []


def test_processes_of_by_uid():
    """By owner: this process and its live children are found under our uid, nothing under
    an unused uid; a zombie is not listed."""
    with child() as (pid, _):
        assert {os.getpid(), pid} <= set(processes_of({os.getuid()}))
        assert processes_of({SPARE_UID}) == []
    zombie = os.fork()
    if zombie == 0:
        os._exit(0)
    try:
        assert _wait_until(lambda: zombie not in processes_of({os.getuid()}))
    finally:
        os.waitpid(zombie, 0)


@pytest.mark.security
@needs_root
def test_processes_of_another_uid():
    with child(_forks(2), uid=SPARE_UID) as (pid, grandchildren):
        assert sorted(processes_of({SPARE_UID})) == sorted([pid, *grandchildren])


def test_processes_of_with_parent():
    """``parent=``: the live children of that process, whatever their uid and process group."""
    with child(_forks(2, own_group=True)) as (pid, grandchildren):
        assert sorted(processes_of(set(), parent=pid)) == sorted(grandchildren)


@pytest.mark.security
@needs_root
def test_tasks_of_counts_threads_of_every_process_of_a_uid():
    """What RLIMIT_NPROC counts: 2 processes of the uid, one with 3 more threads: 5 tasks."""
    def body(hold):
        _forks(1)(hold)
        for _ in range(3):
            threading.Thread(target=os.read, args=(hold, 1), daemon=True).start()
        return None

    uid = SPARE_UID - 1
    assert tasks_of(uid) == 0
    with child(body, uid=uid):
        assert tasks_of(uid) == 5


def test_resident_and_memory_of_a_child_that_touched_50_mb():
    """Both measures see the 50 MB a child wrote to; the proportional one is not larger, and
    a gone process holds nothing."""
    def body(hold):
        global _block
        _block = bytearray(b"\1" * (50 * MB))
        return None

    with child(body) as (pid, _):
        assert resident_of(pid) >= 50 * MB
        assert 50 * MB <= memory_of(pid) <= resident_of(pid)
    assert resident_of(pid) == 0 and memory_of(pid) == 0


def test_pages_shared_with_the_parent_do_not_put_a_child_over_its_limit():
    """A child forked from a parent holding 300 MB (as runners from the zygote, whose torch a
    CUDA runner shares) is not over a limit its resident memory passes; once it holds 300 MB
    of its own as well, it is, and is killed."""
    shared = bytearray(b"\1" * (300 * MB))

    def own(hold):
        global _block
        _block = bytearray(b"\2" * (300 * MB))
        return None

    with child() as (sharing, _), child(own) as (owning, _):
        limit = resident_of(sharing) * 3 // 4
        assert not shed_memory([sharing], limit, last=sharing) and process_alive(sharing)
        assert shed_memory([owning], limit, last=owning) and _wait_until(lambda: not process_alive(owning))
    assert len(shared) == 300 * MB


@pytest.mark.security
@needs_root
def test_kill_until_gone_outlasts_a_process_that_keeps_forking():
    """Every process of the uid is gone, also those forked between two passes."""
    def body(hold):
        if os.fork() == 0:  # a forker: a new child every few milliseconds, until the test ends
            while not select.select([hold], [], [], 0.003)[0]:
                if os.fork() == 0:
                    os.read(hold, 1)
                    os._exit(0)
            os._exit(0)
        return None

    uid = SPARE_UID - 2
    with child(body, uid=uid):
        assert _wait_until(lambda: len(processes_of({uid})) > 10)
        kill_until_gone({uid})
        assert processes_of({uid}) == []


def test_descendants_by_uid_walks_the_tree_and_filters_by_uid():
    """Children and grandchildren owned by the uid asked for; a uid nobody has gives none."""
    me = os.getuid()
    with child(_forks(2)) as (pid, grandchildren):
        assert {pid, *grandchildren} <= set(descendants_by_uid(os.getpid(), {me})[me])
        assert sorted(descendants_by_uid(pid, {me})[me]) == sorted(grandchildren)
        assert descendants_by_uid(os.getpid(), {SPARE_UID}) == {SPARE_UID: []}


def _switch_children(uid: int, n: int, grandchildren: int = 0):
    """A body for ``child``: fork ``n`` children that switch to ``uid``, each forking
    ``grandchildren`` of its own; returns every pid below it."""
    def body(hold):
        (switched_r, switched_w), pids = os.pipe(), []
        for _ in range(n):
            pid = os.fork()
            if pid == 0:
                _become(uid)
                below = []
                for _ in range(grandchildren):
                    if (grand := os.fork()) == 0:
                        os.read(hold, 1)
                        os._exit(0)
                    below.append(grand)
                os.write(switched_w, json.dumps(below).encode() + b"\n")
                os.read(hold, 1)
                os._exit(0)
            pids.append(pid)
        with os.fdopen(switched_r) as said:
            return pids + [p for _ in range(n) for p in json.loads(said.readline())]
    return body


@pytest.mark.security
@needs_root
def test_descendants_of_a_uid_are_found_through_its_own_processes():
    """The processes of the uid asked for, and theirs (a runner's processes: it holds no privilege,
    so all of them are its uid's, below it or, orphaned, below the zygote); what lies below a
    process of another uid is not walked (the other runners below one zygote)."""
    with child(_switch_children(SPARE_UID, 2, grandchildren=2)) as (pid, below):
        assert sorted(descendants_by_uid(pid, {SPARE_UID})[SPARE_UID]) == sorted(below)
        assert descendants_by_uid(os.getpid(), {SPARE_UID}) == {SPARE_UID: []}   # below root's: not walked
        both = descendants_by_uid(os.getpid(), {SPARE_UID, os.getuid()})   # root's walked: theirs found
        assert pid in both[os.getuid()] and sorted(both[SPARE_UID]) == sorted(below)
