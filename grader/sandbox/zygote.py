"""The zygote: a warm process that forks runners on request.

It is a fresh Python interpreter (``python -m grader.sandbox.zygote``) started with a short,
fixed environment, so nothing of the grader's own process (its environment, which may
hold tokens, its tests, expected values or reference solutions) is in its memory, and
so in no runner forked from it.  It imports torch and whatever the lessons import once,
then serves.  Requests come over a SOCK_SEQPACKET socket, each one datagram carrying
one end of the socket the trusted side will talk to the runner through.  The zygote
never replies; the runner introduces itself on that socket.  It never starts CUDA: it says
"ready" only while it holds no GPU device open (``gpu.fork_problem``), and where CUDA is
promised the handle gives runners the GPU (``gpu.access``) before the zygote starts.
"""
from __future__ import annotations

import ctypes
import dataclasses
import gc
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from ..limits import KILL_WAIT_SECONDS, MAX_ZYGOTE_REQUEST_BYTES, ZYGOTE_READY_SECONDS, Limits
from . import gpu
from .confine import GPU_ENVIRONMENT, Layout
from .processes import kill, kill_group, kill_until_gone, process_alive

PR_SET_CHILD_SUBREAPER = 36
READY = b"ready"
# The only variables a zygote (and so a runner) is started with, besides fixed ones.
PASSED_ENVIRONMENT = ("PATH", "LD_LIBRARY_PATH", "CUDA_HOME", *GPU_ENVIRONMENT)
# PYTHONPATH: the folder holding this grader package, so that an interpreter it is not installed in
# (a GPU host's own python3, running the grader from a checkout) finds it too; runners drop it from
# ``sys.path`` before student code runs (``confine.import_path``).
FIXED_ENVIRONMENT = {"PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "LANG": "C.UTF-8",
                     "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTORCH_NVML_BASED_CUDA_CHECK": "1",
                     "PYTHONPATH": os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))}


def prepare_parent() -> None:
    """Make this process safe and cheap to fork: one torch thread, no parallel op
    run yet, and every existing object moved out of the garbage collector's way."""
    import torch

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already set by an earlier call in this process
        pass
    gc.collect()
    gc.freeze()


class ZygoteGone(RuntimeError):
    """The zygote stopped, so no student code can run any more in this grader run."""


class Zygote:
    """Trusted-side handle of the fork server."""

    def __init__(self, layout: Layout, limits: Limits, preload: list[str] = (), warm_meta: bool = True,
                 warm_optim: bool = False):
        layout.scratch = tempfile.mkdtemp(prefix="grader-runners-")
        granted = gpu.access()
        layout.gpu_paths, layout.gpu_groups = granted.shown, granted.groups
        self.layout, self.limits = layout, limits
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        config = {"control_fd": theirs.fileno(), "layout": dataclasses.asdict(layout),
                  "limits": dataclasses.asdict(limits), "preload": sorted(preload), "warm_meta": warm_meta,
                  "warm_optim": warm_optim}
        env = {k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ} | FIXED_ENVIRONMENT
        self.process = subprocess.Popen([sys.executable, "-s", "-m", "grader.sandbox.zygote", json.dumps(config)],
                                        env=env, cwd="/", pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self.pid, self.control = self.process.pid, ours
        self.ready = False
        self.warm_meta, self.warm_optim = warm_meta, warm_optim

    def spawn(self, lesson_dir: str, module: str, uid: int) -> socket.socket:
        """Ask for a runner; returns the socket it will say hello on."""
        mine, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = json.dumps({"lesson_dir": lesson_dir, "module": module, "uid": uid}).encode()
        try:
            socket.send_fds(self.control, [request], [child_end.fileno()])
        except OSError as exc:
            mine.close()
            raise ZygoteGone(f"the grader's runner service (zygote) has stopped: {exc}") from None
        finally:
            child_end.close()
        return mine

    def stop_runner(self, pid: int | None, pgid: int | None) -> None:
        """Start killing a runner (``client.RunnerProcess``): SIGKILL its process group."""
        if pgid:
            kill_group(pgid)

    def wait_runner_gone(self, pid: int | None, uid: int) -> None:
        """SIGKILL every process of the runner's uid, where runners have uids of their own, and
        return once none of them, nor the runner, is left."""
        if self.layout.privileged and uid:
            kill_until_gone({uid}, wait=KILL_WAIT_SECONDS)
        end = time.monotonic() + KILL_WAIT_SECONDS
        while pid and process_alive(pid) and time.monotonic() < end:
            kill(pid)
            time.sleep(0.002)

    def alive(self) -> bool:
        return process_alive(self.pid)

    def wait_ready(self, timeout: float = ZYGOTE_READY_SECONDS) -> None:
        """Return once the zygote has loaded what it preloads, so that no student's first
        test pays for the zygote's start (call it before the first runner is asked for)."""
        if self.ready:
            return
        self.control.settimeout(timeout)
        try:
            message = self.control.recv(MAX_ZYGOTE_REQUEST_BYTES)
        except OSError as exc:
            raise ZygoteGone(f"the grader's runner service (zygote) did not start: {exc}") from None
        finally:
            self.control.settimeout(None)
        if message != READY:
            why = message.decode("utf-8", "replace") or "it stopped while starting"
            raise ZygoteGone(f"the grader's runner service (zygote) could not start: {why}")
        self.ready = True

    def close(self) -> None:
        """Stop the zygote; it kills whatever runner processes are still alive."""
        self.control.close()
        try:
            self.process.wait(KILL_WAIT_SECONDS + 2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            shutil.rmtree(self.layout.scratch, ignore_errors=True)


# ----------------------------------------------------------------------------- the zygote process
def warm_torch(meta: bool, optim: bool) -> None:
    """Load now what torch loads on first use: the meta device's kernels (0.7 s) and what an
    optimizer's first step loads (torch._dynamo, 1.4 s).  Processes forked later share it."""
    import torch

    if meta:
        torch.ones(2, device="meta").add(1)
    if optim:
        weight = torch.zeros(1, requires_grad=True)
        weight.sum().backward()
        torch.optim.SGD([weight], lr=0.1).step()


def warm_up(preload: list[str], meta: bool, optim: bool) -> None:
    """Load what runners would otherwise each load on first use, while the grader is still
    starting in the other process."""
    for name in preload:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    warm_torch(meta, optim)
    prepare_parent()


def _serve(control: socket.socket, layout: Layout, limits: Limits, run_child) -> None:
    uids: set[int] = set()
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(control, MAX_ZYGOTE_REQUEST_BYTES, 1)
        except OSError:
            data = b""
        if not data:
            kill_until_gone(uids if os.geteuid() == 0 else set(), parent=os.getpid(), wait=KILL_WAIT_SECONDS)
            return
        if not fds:
            continue
        try:
            req = json.loads(data)
            uids.add(int(req["uid"]))
            pid = os.fork()
        except (OSError, ValueError, KeyError, TypeError):
            os.close(fds[0])
            continue
        if pid == 0:
            control.close()
            run_child(fds[0], req["lesson_dir"], req["module"], int(req["uid"]), layout, limits)
        os.close(fds[0])


def main(config_text: str) -> None:
    config = json.loads(config_text)
    control = socket.socket(fileno=config["control_fd"])
    # Orphans of runners become our children, and every child is reaped by the kernel.
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the grader's to handle
    from . import runner  # the code runners run, loaded (and frozen) before any student file

    warm_up(config["preload"], config["warm_meta"], config["warm_optim"])
    problem = gpu.fork_problem()
    control.send(problem.encode() if problem else READY)
    if problem:
        return
    _serve(control, Layout(**config["layout"]), Limits(**config["limits"]), runner.run_child)


if __name__ == "__main__":
    main(sys.argv[1])
