"""``make bench-similarity``: how well ``grader similarity`` finds planted copies, and what it costs.

Generates a class (``similarity_class``: 100 honest students and the planted copies by default),
runs ``grader similarity`` on it and prints where each planted pair ranks, the recall of planted
pairs in the top ranks and the precision of the top 10; then the wall time and peak memory (RSS
of the command, and of its largest lesson process) for classes of 300 and 1000 students x every
lesson, on ``--jobs 2``.

    python -m grader.devtools.similarity_bench [HONEST] [SIZES...]     (default: 100 300 1000)
"""
from __future__ import annotations

import csv
import shutil
import sys
import tempfile
from pathlib import Path

from ..course import find_course
from .classbench import measured_grader
from .similarity_class import PLANTED, make_class


def run_similarity(course, subs: Path, out: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS of the command, peak RSS of its largest child) of one ``grader similarity``."""
    return measured_grader(course, ["similarity", str(subs), "--out", str(out), "--jobs", "2"], str(subs))


def quality(course, honest: int, tmp: Path) -> None:
    generated = make_class(course, course.lessons(), honest, tmp / "quality", seed=1)
    run_similarity(course, tmp / "quality", tmp / "quality-out")
    with open(tmp / "quality-out" / "pairs.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rank = {frozenset((row["student_a"], row["student_b"])): int(row["rank"]) for row in rows}
    where = {kind: rank.get(frozenset(pair)) for kind, pair in generated.planted.items()}
    print(f"{len(generated.students)} students ({honest} honest, {len(PLANTED)} planted copies) x "
          f"{len(course.lessons())} lessons, {len(rows)} pairs share distinctive code")
    for kind, at in where.items():
        print(f"  planted {kind:<10} rank {at}")
    planted = set(map(frozenset, generated.planted.values()))
    top10 = sum(frozenset((row["student_a"], row["student_b"])) in planted for row in rows[:10])
    for k in (len(PLANTED), 10, 20):
        found = sum(at is not None and at <= k for at in where.values())
        print(f"  recall of planted pairs in the top {k}: {found}/{len(PLANTED)}")
    print(f"  precision@10: {top10}/10 = {top10 / 10:.1f} (at most {min(len(PLANTED), 10) / 10:.1f}: "
          f"{len(PLANTED)} planted pairs)")


def main(argv: list[str]) -> int:
    numbers = [int(a) for a in argv]
    honest, sizes = (numbers[0], numbers[1:]) if numbers else (100, [])
    sizes = sizes or [300, 1000]
    course = find_course()
    tmp = Path(tempfile.mkdtemp(prefix="grader-similarity-bench-"))
    try:
        quality(course, honest, tmp)
        for n in sizes:
            make_class(course, course.lessons(), n - len(PLANTED), tmp / f"class-{n}", seed=n)
            elapsed, own, largest = run_similarity(course, tmp / f"class-{n}", tmp / f"out-{n}")
            print(f"{n} students x {len(course.lessons())} lessons, --jobs 2: {elapsed:.1f} s; peak memory of the "
                  f"command {own / 2**20:.0f} MiB, of its largest process so far {largest / 2**20:.0f} MiB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
