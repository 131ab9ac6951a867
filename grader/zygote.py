"""The zygote: a warm process that forks runners on request.

It is forked from the grader's command-line process right after ``import torch``
and before any test, solution or expected value is loaded, so a runner (a fork of
the zygote) inherits torch's warm state but nothing worth stealing.  Requests come
over a SOCK_SEQPACKET socket, each one datagram carrying one end of the socket the
trusted side will talk to the runner through.  The zygote never replies; the
runner introduces itself on that socket.
"""
from __future__ import annotations

import ctypes
import gc
import json
import os
import shutil
import signal
import socket
import tempfile
import time

from . import runner
from .sandbox import Layout, Limits

REQUEST_MAX = 64 * 1024
PR_SET_CHILD_SUBREAPER = 36


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


class Zygote:
    """Trusted-side handle of the fork server."""

    def __init__(self, layout: Layout, limits: Limits, warm_meta: bool = True):
        layout.scratch = tempfile.mkdtemp(prefix="grader-runners-")
        self.layout, self.limits = layout, limits
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            ours.close()
            _serve(theirs, layout, limits, warm_meta)
            os._exit(0)
        theirs.close()
        self.pid, self.control = pid, ours

    def spawn(self, lesson_dir: str, module: str, uid: int) -> socket.socket:
        """Ask for a runner; returns the socket it will say hello on."""
        mine, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        request = json.dumps({"lesson_dir": lesson_dir, "module": module, "uid": uid}).encode()
        socket.send_fds(self.control, [request], [child_end.fileno()])
        child_end.close()
        return mine

    def close(self) -> None:
        """Stop the zygote; it kills whatever runner processes are still its children."""
        self.control.close()
        end = time.monotonic() + 5
        try:
            while time.monotonic() < end:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
                time.sleep(0.005)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass
        finally:
            shutil.rmtree(self.layout.scratch, ignore_errors=True)


def _warm_up(meta: bool) -> None:
    """Load what runners would otherwise each load on first use (torch's meta kernels
    take 0.7 s), while the grader is still starting in the other process."""
    import torch

    if meta:
        torch.ones(2, device="meta").add(1)
    gc.collect()
    gc.freeze()


def _kill_children() -> None:
    me = str(os.getpid())
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat") as fh:
                if name.isdigit() and fh.read().rsplit(")", 1)[1].split()[1] == me:
                    os.kill(int(name), signal.SIGKILL)
        except (OSError, IndexError):
            pass


def _serve(control: socket.socket, layout: Layout, limits: Limits, warm_meta: bool) -> None:
    # Orphans of runners become our children, and every child is reaped by the kernel.
    ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the grader's to handle
    _warm_up(warm_meta)
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(control, REQUEST_MAX, 1)
        except OSError:
            data = b""
        if not data:
            _kill_children()
            return
        if not fds:
            continue
        try:
            req = json.loads(data)
            pid = os.fork()
        except (OSError, ValueError):
            os.close(fds[0])
            continue
        if pid == 0:
            control.close()
            runner.run_child(fds[0], req["lesson_dir"], req["module"], int(req["uid"]), layout, limits)
        os.close(fds[0])

