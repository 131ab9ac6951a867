"""Which confinement layers this host allows, found once per process by trying them.

A runner's layers (``confine``) need Linux: mount, IPC and network namespaces (root with
CAP_SYS_ADMIN), an unprivileged uid of its own (root with CAP_SETUID, and a Python
installation that uid can read), and a seccomp filter (``prctl``, any user).  Being root is
not enough: root in a default Docker container, as on Gradescope, has no CAP_SYS_ADMIN, so
``unshare`` fails there.  So each layer is tried once, in a forked child that then exits, and
runners get exactly the layers that worked (``confine.protections`` reports them).

Where none works (macOS, Windows, a Linux without seccomp), runners are unconfined
(``unconfined``): plain child processes with the same wire, timeouts, tests and reports.
That is fine for a student's own code on the student's own machine; ``grader grade``
refuses it unless told ``--unconfined``.

``GRADER_UNCONFINED=1`` makes runners unconfined on any host: a switch for the project's
tests and for telling a sandbox problem from a grading one, never for grading a class.
"""
from __future__ import annotations

import functools
import os
import platform
import sys
from dataclasses import dataclass

FORCE_UNCONFINED = "GRADER_UNCONFINED"
_NAMESPACES, _UID, _FILTER = 1, 2, 4   # bits of the probing child's exit status


@dataclass(frozen=True)
class Layers:
    """The confinement runners get on this host."""

    namespaces: bool = False        # mount, IPC and network namespaces (with the uid below)
    unprivileged_uid: bool = False  # a uid of its own per student and lesson
    syscall_filter: bool = False    # the seccomp filter
    unconfined_because: str = ""    # why there is none; empty when confined

    @property
    def confined(self) -> bool:
        return not self.unconfined_because


@functools.cache
def available() -> Layers:
    """The layers runners started by this process get (tried on the first call)."""
    if os.environ.get(FORCE_UNCONFINED, "") not in ("", "0"):
        return Layers(unconfined_because=f"{FORCE_UNCONFINED} is set")
    if sys.platform != "linux":
        return Layers(unconfined_because=f"the sandbox needs Linux, and this is {platform.system() or sys.platform}")
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            code = _try_layers()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    bits = os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 0
    found = Layers(namespaces=bits & _NAMESPACES != 0 and bits & _UID != 0, unprivileged_uid=bits & _UID != 0,
                   syscall_filter=bits & _FILTER != 0)
    if not (found.unprivileged_uid or found.syscall_filter):
        return Layers(unconfined_because="no seccomp filter can be installed here, and no uid to run as")
    return found


def require(unconfined_ok: bool) -> Layers:
    """``available()``, or exit saying why a class is not graded without confinement."""
    found = available()
    if not found.confined and not unconfined_ok:
        raise SystemExit(f"error: student code cannot be confined here ({found.unconfined_because}): it would run "
                         "as you, read your files (the hidden tests among them) and reach the network.  Grade on "
                         "Linux (as root for the full sandbox), or run `grader grade --unconfined` to grade anyway "
                         "(every report's protections then say \"unconfined\").")
    return found


def _try_layers() -> int:
    """In the forked probing child: confine this process as a runner would be, layer by
    layer; the bits of those that worked."""
    from ..limits import Limits
    from . import confine, seccomp
    from .uids import runner_uid

    bits = 0
    if os.geteuid() == 0:
        try:
            confine.isolate_filesystem(confine.Layout(), Limits())
            bits |= _NAMESPACES
        except OSError:
            pass
        try:
            confine.drop_privileges(runner_uid(0))
            if all(os.access(root, os.R_OK | os.X_OK) for root in confine.python_roots()):
                bits |= _UID
        except OSError:
            pass
    try:
        if seccomp.install():
            bits |= _FILTER
    except OSError:
        pass
    return bits
