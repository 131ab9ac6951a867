"""``make bench``: our batch grading against the naive way, side by side in one run.

Generates a few dozen submissions of the lessons (reference solutions, the
alternative correct ones, the solution with each known mistake of its catalogue, and stubs),
grades them with ``grader grade`` and with one fresh ``python -m pytest`` process per
submission and lesson (the same tests, student code imported in-process, as
GitHub Classroom-style graders do), once with as many parallel jobs as ours and once
one at a time; ours runs first and again last, and the mean of both is our time (with
its diagnoses; the known mistakes' behaviour is made ready first, as a class's first run
caches it for every later one, and its time is printed apart).
Checks all give the same scores and prints the figures; the last line is
``speedup: <naive time, one at a time / our time>``.
"""
from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..course import Course, Lesson, find_course
from ..report_files import RESULTS
from ..trusted.known_mistakes import compute_all
from ..trusted.mistakes import load_mistakes, mistake_source


def variants(course: Course, lesson: Lesson) -> list[str]:
    """Sources a generated student may hand in for ``lesson``: the solution, the alternative
    correct ones, the known mistakes (built from the current solution) and the stub."""
    solution = course.solutions_dir / lesson.name / lesson.filename
    alternatives = sorted((course.root / "testing" / "alternatives" / lesson.name).glob("*.py"))
    stub = course.assignments_dir / lesson.name / lesson.filename
    return ([p.read_text(encoding="utf-8") for p in (solution, *alternatives)]
            + [mistake_source(course.root, m) for m in load_mistakes(course.root, lesson.name)]
            + [stub.read_text(encoding="utf-8")])


def make_submissions(course: Course, lessons: list[Lesson], n: int, folder: Path) -> list[str]:
    students = [f"s{i:02d}" for i in range(n)]
    for j, lesson in enumerate(lessons):
        options = variants(course, lesson)
        for i, student in enumerate(students):
            dest = folder / student / lesson.name / lesson.filename
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(options[(i * 7 + j * 3) % len(options)], encoding="utf-8")
    return students


def run_ours(course: Course, subs: Path, out: Path, lessons: list[Lesson], jobs: int) -> float:
    grader = Path(sys.executable).with_name("grader")
    start = time.perf_counter()
    subprocess.run([str(grader), "--course", str(course.root), "grade", str(subs), "--out", str(out),
                    "--jobs", str(jobs), "--no-progress", "--lessons", *[lesson.name for lesson in lessons]],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _naive_one(course: Course, subs: Path, out: Path, student: str, lesson: Lesson) -> None:
    result = out / f"{student}-{lesson.name}.json"
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "OMP_NUM_THREADS": "1"}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "grader.devtools.naive", "-p", "no:cacheprovider",
                    "--import-mode=importlib", "-c", os.devnull, "--rootdir", str(course.tests_dir),
                    "--submission", str(subs / student), "--naive-out", str(result),
                    *map(str, lesson.test_files(True))],
                   cwd=course.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)


def run_naive(course: Course, subs: Path, out: Path, students: list[str], lessons: list[Lesson], jobs: int) -> float:
    out.mkdir(parents=True)
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        runs = [(s, lesson) for s in students for lesson in lessons]
        list(pool.map(lambda sl: _naive_one(course, subs, out, *sl), runs))
    return time.perf_counter() - start


def compare(ours: Path, naive: Path, students: list[str], lessons: list[Lesson]) -> list[str]:
    mismatches = []
    for s in students:
        for lesson in lessons:
            mine = json.loads((ours / s / lesson.name / RESULTS).read_text())["score"]
            path = naive / f"{s}-{lesson.name}.json"
            theirs = sum(json.loads(path.read_text()).values()) if path.is_file() else None
            if theirs is None or abs(mine - theirs) > 1e-9:
                mismatches.append(f"{s}/{lesson.name}: ours {mine:g}, naive {theirs}")
    return mismatches


def check_cost(course: Course, lesson: Lesson, submission: Path, runs: int = 3) -> tuple[float, float]:
    """Median wall time of ``grader check`` of one lesson of ``submission`` and of a bare
    ``python -c "import torch, pandas"``, measured alternately."""
    grader = Path(sys.executable).with_name("grader")
    timings: dict[str, list[float]] = {"check": [], "import": []}
    for _ in range(runs):
        for kind, command in (("import", [sys.executable, "-c", "import torch, pandas"]),
                              ("check", [str(grader), "--course", str(course.root), "check", "--lesson", lesson.name,
                                         "--submission", str(submission)])):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            timings[kind].append(time.perf_counter() - start)
    return sorted(timings["check"])[runs // 2], sorted(timings["import"])[runs // 2]


def main() -> int:
    course = find_course()
    lessons = course.lessons()
    names = [lesson.name for lesson in lessons]
    n = int(os.environ.get("BENCH_STUDENTS", "24"))
    jobs = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        students = make_submissions(course, lessons, n, tmp / "subs")
        runs = len(students) * len(lessons)
        print(f"{len(students)} submissions x {len(lessons)} lessons ({', '.join(names)}), "
              f"{jobs} parallel jobs each way")
        start = time.perf_counter()
        compute_all(course, lessons, jobs)   # once per course version: a class's first run pays it, not each
        print(f"known mistakes' behaviour, ready before grading (computed once per course version, then read "
              f"from the cache): {time.perf_counter() - start:.2f} s")
        t_first = run_ours(course, tmp / "subs", tmp / "ours", lessons, jobs)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"ours : {t_first:7.2f} s total, {t_first / len(students):.3f} s per submission "
              f"(all lessons, start-up included); peak RSS of the largest grader process {peak:.0f} MiB")
        t_par = run_naive(course, tmp / "subs", tmp / "naive_par", students, lessons, jobs)
        print(f"naive, {jobs} at a time: {t_par:7.2f} s total, {t_par / runs:.3f} s per submission and lesson")
        t_naive = run_naive(course, tmp / "subs", tmp / "naive", students, lessons, 1)
        print(f"naive, one at a time (GitHub Classroom-style): {t_naive:7.2f} s total, "
              f"{t_naive / runs:.3f} s per submission and lesson (a fresh `python -m pytest` each)")
        # Ours again after the naive runs: the mean of both cancels a machine that speeds up or slows down.
        t_last = run_ours(course, tmp / "subs", tmp / "ours_again", lessons, jobs)
        t_ours = (t_first + t_last) / 2
        print(f"ours, again: {t_last:7.2f} s total; mean of both {t_ours:.2f} s; "
              f"{t_par / t_ours:.1f}x faster than naive {jobs} at a time")
        mismatches = compare(tmp / "ours", tmp / "naive", students, lessons)
        mismatches += compare(tmp / "ours", tmp / "naive_par", students, lessons)
        mismatches += compare(tmp / "ours_again", tmp / "naive", students, lessons)
        if mismatches:
            print("scores differ:\n  " + "\n  ".join(mismatches))
            return 1
        print(f"scores: identical for all {runs} submission-lessons, in every run")
        lesson = course.lessons(["05_gradient_descent"])[0] if "05_gradient_descent" in names else lessons[0]
        check, bare = check_cost(course, lesson, tmp / "subs" / students[1])
        print(f"make check of one lesson ({lesson.name}, a generated student's): {check:.2f} s; "
              f"a bare `import torch, pandas`: {bare:.2f} s; ratio {check / bare:.2f}")
        print(f"speedup: {t_naive / t_ours:.1f}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
