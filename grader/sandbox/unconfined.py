"""Runners without a sandbox, where this host allows no confinement (``layers``): macOS, Windows.

A student's own code on the student's own machine needs no sandbox against itself, so there
``grader check`` runs each lesson's runner as a plain child process: a fresh interpreter
(spawned, never forked: macOS's system libraries are not safe to fork, Windows cannot) that
speaks the same ``wire`` and runs the same ``runner.Runner``, so the tests, timeouts, reports,
crash detection and per-test reseeding are those of the sandbox.  What still holds: student
code never runs in the process that holds expected values, only data crosses, the wall-clock
timeout kills the runner (on Linux and macOS its whole process group), the runner works in a
private folder holding a copy of the lesson's files, and it sets on itself the limits the OS
offers (CPU time, file size, open files; memory on Linux; none on Windows).  What does not:
it runs as the user, with the user's files and network.  ``grader grade`` refuses to grade a
class this way unless told ``--unconfined``, and every report's protections say so.

The transport is the same on every OS (Windows has no fd passing and no SOCK_SEQPACKET): the
trusted side listens on a loopback TCP port; each runner, given a one-time token on its
standard input, loads torch and the lessons' libraries, connects back and presents the token
(a connection without it is dropped), then waits for its lesson.  One warm runner is kept
waiting ahead, so a lesson's runner starts at once; while none is ready, ``ready`` is False
and ``client.LessonRunner`` starts the test's clock once one is, as it does for the zygote.
"""
from __future__ import annotations

import dataclasses
import hmac
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from ..limits import ACCEPT_POLL_SECONDS, KILL_WAIT_SECONDS, TOKEN_WAIT_SECONDS, ZYGOTE_READY_SECONDS, Limits
from . import wire
from .confine import (
    PER_TEST_LIMITS,
    Layout,
    address_space_now,
    import_path,
    private_workdir,
    read_lesson_files,
    redirect_output,
    write_lesson,
)
from .processes import kill_group
from .zygote import FIXED_ENVIRONMENT, PASSED_ENVIRONMENT, ZygoteGone, warm_up

try:
    import resource
except ImportError:  # Windows: no resource limits at all
    resource = None

WINDOWS_ENVIRONMENT = ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR")  # what Python needs to start there (sockets)
CAPS_MEMORY = sys.platform == "linux"  # RLIMIT_AS is enforced there (macOS does not honour it)
# A runner leads a process group of its own (so the kill reaches what it started) and, on
# POSIX, a session of its own: Ctrl-C in the terminal is the grader's to handle.
ON_ITS_OWN = ({"start_new_session": True} if os.name == "posix"
              else {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP})


class UnconfinedRunners:
    """Trusted-side stand-in for ``zygote.Zygote`` (the same methods) where runners cannot be
    confined: each runner is a process of its own, started one ahead of need."""

    def __init__(self, layout: Layout, limits: Limits, preload: list[str] = (), warm_meta: bool = True,
                 warm_optim: bool = False):
        layout.scratch = tempfile.mkdtemp(prefix="grader-runners-")
        self.layout, self.limits = layout, limits
        self.warm_meta, self.warm_optim = warm_meta, warm_optim
        self.config = {"limits": dataclasses.asdict(limits), "preload": sorted(preload), "warm_meta": warm_meta,
                       "warm_optim": warm_optim, "scratch": layout.scratch}
        self.closed = False
        self._take_over()

    def _take_over(self) -> None:
        """Serve from this process: at start, and again in a forked ``grader grade`` worker
        (what the parent started stays the parent's)."""
        self.owner = os.getpid()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.starting: tuple[subprocess.Popen, bytes] | None = None        # the runner started ahead, its token
        self.waiting: tuple[subprocess.Popen, socket.socket] | None = None  # a warm one waiting for its lesson
        self.runners: dict[int, subprocess.Popen] = {}                     # by pid: those given a lesson
        self._start_next()

    def _here(self) -> None:
        if self.owner != os.getpid():
            self.listener.close()
            if self.waiting:
                self.waiting[1].close()
            self._take_over()

    @property
    def ready(self) -> bool:
        """A warm runner waits for its lesson."""
        return self.owner == os.getpid() and self.waiting is not None

    def wait_ready(self, timeout: float = ZYGOTE_READY_SECONDS) -> None:
        """Return once a runner has loaded what runners preload and waits for its lesson."""
        self._here()
        if self.waiting:
            return
        if self.starting is None:  # starting the last one failed
            self._start_next()
        process, token = self.starting
        end = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < end:
            self.listener.settimeout(min(end - time.monotonic(), ACCEPT_POLL_SECONDS))
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            if _presents(conn, token):
                self.starting, self.waiting = None, (process, conn)
                return
            conn.close()
        why = f"exit status {process.returncode}" if process.poll() is not None else f"not ready in {timeout:g} s"
        raise ZygoteGone(f"the grader could not start a process to run student code in ({why})")

    def spawn(self, lesson_dir: str, module: str, uid: int) -> socket.socket:
        """Give a warm runner its lesson (``uid`` is not used: it runs as the user); returns the
        socket it will say hello on.  The next runner starts loading at once."""
        self.wait_ready()
        process, conn = self.waiting
        self.waiting = None
        self.runners = {pid: p for pid, p in self.runners.items() if p.poll() is None}
        self.runners[process.pid] = process
        try:
            wire.send(conn, {"lesson_dir": lesson_dir, "module": module})
        except OSError as exc:
            raise ZygoteGone(f"a process started to run student code in has stopped: {exc}") from None
        finally:
            self._start_next()
        return conn

    def _start_next(self) -> None:
        token = secrets.token_hex(16)
        executable, env = _interpreter()
        try:
            process = subprocess.Popen([executable, "-s", "-m", "grader.sandbox.unconfined"], env=env,
                                       cwd=os.path.abspath(os.sep), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       **ON_ITS_OWN)
        except OSError as exc:
            raise ZygoteGone(f"the grader could not start a process to run student code in: {exc}") from None
        try:
            process.stdin.write(json.dumps({**self.config, "port": self.listener.getsockname()[1],
                                            "token": token}).encode())
            process.stdin.close()
        except OSError:
            pass  # it has stopped already: ``wait_ready`` says so
        self.starting = (process, token.encode())

    def stop_runner(self, pid: int | None, pgid: int | None) -> None:
        """Start killing a runner (``client.RunnerProcess``)."""
        if pid in self.runners:
            _kill(self.runners[pid])

    def wait_runner_gone(self, pid: int | None, uid: int) -> None:
        if pid in self.runners:
            _reap(self.runners.pop(pid))

    def alive(self) -> bool:
        return not self.closed

    def close(self) -> None:
        """Kill every runner this process started, and remove their folders."""
        self.closed = True
        processes = list(self.runners.values())
        for pair in (self.starting, self.waiting):
            if pair:
                processes.append(pair[0])
        if self.waiting:
            self.waiting[1].close()
        for process in processes:
            _kill(process)
        for process in processes:
            _reap(process)
        self.listener.close()
        shutil.rmtree(self.layout.scratch, ignore_errors=True)


def _interpreter() -> tuple[str, dict[str, str]]:
    """The interpreter runners are started with, and their environment: the zygote's short
    fixed one, plus what Python needs on Windows, and UTF-8 for files and output there too
    (as ``LANG=C.UTF-8`` gives elsewhere; Windows' own default would refuse to print 中文)."""
    env = {k: os.environ[k] for k in (*PASSED_ENVIRONMENT, *WINDOWS_ENVIRONMENT) if k in os.environ}
    env |= FIXED_ENVIRONMENT | {"PYTHONUTF8": "1"}
    if sys.platform == "win32" and sys.prefix != sys.base_prefix:
        # A venv's python.exe there is a launcher that runs the real interpreter as its own child:
        # start that one, so that the process killed is the runner (as multiprocessing does, bpo-35797).
        env["__PYVENV_LAUNCHER__"] = sys.executable
        return sys._base_executable, env
    return sys.executable, env


def _presents(conn: socket.socket, token: bytes) -> bool:
    """Whether a new connection starts with ``token``; then it is the runner's."""
    conn.settimeout(TOKEN_WAIT_SECONDS)
    got = b""
    try:
        while len(got) < len(token):
            chunk = conn.recv(len(token) - len(got))
            if not chunk:
                return False
            got += chunk
        conn.settimeout(None)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        return False
    return hmac.compare_digest(got, token)


def _kill(process: subprocess.Popen) -> None:
    if os.name == "posix":
        kill_group(process.pid)  # it leads its group: the runner and what it started
    else:
        process.kill()


def _reap(process: subprocess.Popen) -> None:
    try:
        process.wait(KILL_WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        pass


def protections(limits: Limits, why: str) -> dict:
    """What ``confine.protections`` says differently of unconfined runners: why they are, the
    limits ``limit_self`` sets, and how the timeout kills."""
    rlimits = resource is not None
    memory = rlimits and CAPS_MEMORY and limits.cap_address_space
    return {"unconfined_because": why,
            "limits": {"memory_bytes": limits.memory_bytes if memory else None, "address_space_cap": memory,
                       "start_cpu_seconds": limits.start_cpu_seconds if rlimits else None,
                       "total_cpu_seconds": limits.total_cpu_seconds if rlimits else None, "processes": None,
                       "file_size_bytes": limits.file_size_bytes if rlimits else None,
                       "open_files": limits.open_files if rlimits else None,
                       "per_test": PER_TEST_LIMITS if rlimits else "wall-clock timeout_seconds only, in each test's "
                                                                    "entry of tests (no CPU limit here)"},
            "wall_clock_timeout": "enforced by the grader (" + ("SIGKILL of the runner's process group)"
                                                              if os.name == "posix" else "the runner is terminated)")}


# ----------------------------------------------------------------------------- the runner process
def limit_self(limits: Limits) -> None:
    """The limits of ``confine.apply_limits`` that this OS offers: no core files, CPU time, file
    size and open files on Linux and macOS, memory (address space) on Linux; none on Windows.
    No process limit: it would count every process of the user's desktop."""
    if resource is None:
        return
    wanted = [(resource.RLIMIT_CORE, 0, 0), (resource.RLIMIT_CPU, limits.start_cpu_seconds, limits.total_cpu_seconds),
              (resource.RLIMIT_FSIZE, limits.file_size_bytes, limits.file_size_bytes),
              (resource.RLIMIT_NOFILE, limits.open_files, limits.open_files)]
    if CAPS_MEMORY and limits.cap_address_space:
        size = address_space_now() + limits.memory_bytes
        wanted.append((resource.RLIMIT_AS, size, size))
    for kind, soft, hard in wanted:
        try:
            resource.setrlimit(kind, (soft, hard))
        except (ValueError, OSError):  # a limit already below ours stays as it is
            pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversize writes fail instead of killing


def settle(lesson_dir: str, scratch: str, limits: Limits) -> str:
    """What a runner does to itself before loading student code: a private working folder
    with a copy of the lesson's files, its output captured there, and the OS's limits.
    Returns the folder."""
    work = private_workdir(scratch)
    write_lesson(work, read_lesson_files(lesson_dir), None)
    redirect_output(work)
    # Streams of their own on the redirected descriptors: Windows' console streams keep the console.
    sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    os.environ.update({"HOME": work, "TMPDIR": work, "TEMP": work, "TMP": work})
    tempfile.tempdir = None
    os.chdir(work)
    sys.path[:] = import_path(work)
    limit_self(limits)
    return work


def main() -> None:
    """``python -m grader.sandbox.unconfined``, its configuration on standard input: load what
    runners preload, connect back, wait for a lesson, then serve it; never returns."""
    config = json.loads(sys.stdin.read())
    from .runner import Runner  # the code that runs student code, loaded before any student file

    warm_up(config["preload"], config["warm_meta"], config["warm_optim"])
    try:
        sock = socket.create_connection(("127.0.0.1", config["port"]))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(config["token"].encode())
        job, _ = wire.recv(sock)
    except (EOFError, OSError, wire.WireError):  # the grader finished without needing this runner
        os._exit(0)
    code = 0
    try:
        try:
            work = settle(job["lesson_dir"], config["scratch"], Limits(**config["limits"]))
        except BaseException as exc:
            wire.send(sock, {"hello": False, "why": f"the runner's setup failed: {exc}"})
            raise
        wire.send(sock, {"hello": True, "pid": os.getpid(), "pgid": 0})
        Runner(sock, work, job["module"]).serve()
    except BaseException:
        code = 1
    finally:
        os._exit(code)


if __name__ == "__main__":
    main()
