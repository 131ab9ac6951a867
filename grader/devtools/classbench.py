"""``make bench-class``: what grading a whole class costs, at two class sizes.

Generates classes of generated students over every lesson (the same mix of solutions,
alternatives, mistakes and stubs as ``make bench``), grades each with ``grader grade``
and prints the cost per student-lesson and the grader's peak memory: that of the
command's own process (what could grow with the class) and of its largest process.
The last line compares the command's peak memory at the two sizes.

    python -m grader.devtools.classbench [SMALL LARGE]     (default: 100 300)
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..course import find_course
from .bench import make_submissions


def peak_of(pid: int, stop: threading.Event, seen: list[int]) -> None:
    """Follow ``pid``'s high-water mark of resident memory (VmHWM) until it exits."""
    while not stop.wait(0.2):
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        seen.append(int(line.split()[1]) * 1024)
        except OSError:
            return


def grade_class(course, lessons, n: int, tmp: Path) -> tuple[float, int, int]:
    """(seconds, peak bytes of the command's process, peak bytes of its largest process)."""
    subs = tmp / f"class-{n}"
    make_submissions(course, lessons, n, subs)
    return measured_grader(course, ["grade", str(subs), "--out", str(tmp / f"out-{n}"), "--no-progress"],
                           f"the class of {n}")


def measured_grader(course, args: list[str], what: str) -> tuple[float, int, int]:
    """Run ``grader args`` on ``course``: (seconds, peak bytes of the command's process, peak
    bytes of the largest process this benchmark has started so far)."""
    grader = Path(sys.executable).with_name("grader")
    start = time.perf_counter()
    proc = subprocess.Popen([str(grader), "--course", str(course.root), *args], stdout=subprocess.DEVNULL)
    stop, seen = threading.Event(), [0]
    watcher = threading.Thread(target=peak_of, args=(proc.pid, stop, seen), daemon=True)
    watcher.start()
    if proc.wait() != 0:
        raise SystemExit(f"grader {args[0]} failed on {what}")
    elapsed = time.perf_counter() - start
    stop.set()
    watcher.join()
    return elapsed, max(seen), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 300]
    course = find_course()
    lessons = course.lessons()
    tmp = Path(tempfile.mkdtemp(prefix="grader-classbench-"))
    peaks = []
    try:
        for n in sizes:
            elapsed, own, largest = grade_class(course, lessons, n, tmp)
            peaks.append(own)
            print(f"{n} students x {len(lessons)} lessons: {elapsed:.1f} s, "
                  f"{elapsed / (n * len(lessons)) * 1000:.0f} ms per student-lesson; peak memory of the command "
                  f"{own / 2**20:.0f} MiB, of its largest process so far {largest / 2**20:.0f} MiB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"memory: the command's peak at {sizes[-1]} students is {peaks[-1] / peaks[0]:.2f}x that at {sizes[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
