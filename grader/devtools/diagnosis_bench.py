"""``make bench-diagnosis``: how well the grader names students' mistakes, in figures.

On the catalogue (``solutions/<lesson>/mistakes.toml``), from what grading computed of each
known mistake (``trusted.known_mistakes``): is each one diagnosed as itself (pairs that cannot
be told apart are listed), and, leave-one-out, with a mistake removed from the catalogue,
how often its submission is named as another.  Then, graded for real with ``grader grade``:
the alternative correct solutions (``testing/alternatives``: no diagnosis allowed) and the
blind set (``testing/blind``, built by ``blind_set``: one- and two-mistake submissions written
from the lesson READMEs by people who never saw the catalogue, each a patch of one correct module;
each case's ``catalogue`` key, set by someone else, says which known mistakes it is, ``[]`` for
none): named right, wrong, or not named, per lesson.
The same submissions through ``grader check`` (public tests only: what ``make check`` names for a
student).  Last, the mistakes a student would see green in ``make check`` (every public test passes)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from ..course import Course, Lesson, find_course
from ..report_files import RESULTS
from ..trusted.diagnosis import diagnose
from ..trusted.known_mistakes import compute_all
from ..trusted.results import LessonReport, TestResult
from ..trusted.session import DeclaredTest, declared_tests
from .blind_set import blind_case_sources, blind_manifest


def report_of(lesson: Lesson, tests: list[DeclaredTest], fails: dict[str, list]) -> LessonReport:
    """The report a submission that fails exactly ``fails`` gets (scores as the tests say)."""
    return LessonReport("bench", lesson.name, [
        TestResult(lesson.name, t.name, t.description, "hidden" if t.hidden else "visible", t.points,
                   0.0 if t.name in fails else t.points, "failed" if t.name in fails else "passed")
        for t in tests if not t.cuda])


def catalogue_figures(course: Course, lessons: list[Lesson], known: dict[str, list[dict]]) -> dict:
    """Self-diagnosis and leave-one-out over every known mistake."""
    figures = Counter()
    confused, wrong_loo, green = [], [], []
    for lesson in lessons:
        tests = declared_tests(course, lesson)
        public = {t.name for t in tests if not t.hidden}
        for m in known.get(lesson.name, []):
            report = report_of(lesson, tests, m["fails"])
            figures["mistakes"] += 1
            found, _ = diagnose(report, m["fails"], known[lesson.name])
            names = [[x["name"] for x in d.mistakes] for d in found]
            if [m["name"]] in names:
                figures["named itself"] += 1
            elif not any(m["fails"].values()):   # only tests that make no call: a rule, which its test's message names
                figures["a rule"] += 1
            elif any(m["name"] in n for n in names):
                figures["among candidates"] += 1
                confused.append((lesson.name, m["name"], [x for n in names for x in n if x != m["name"]]))
            else:
                figures["not named"] += 1
                confused.append((lesson.name, m["name"], [x for n in names for x in n]))
            others = [x for x in known[lesson.name] if x["name"] != m["name"]]
            left, _ = diagnose(report, m["fails"], others)
            if left:
                wrong_loo.append((lesson.name, m["name"], [x["name"] for d in left for x in d.mistakes]))
            if not set(m["fails"]) & public:
                green.append((lesson.name, m["name"], m["en"]))
    return {"counts": figures, "confused": confused, "wrong_loo": wrong_loo, "green": green}


def graded_set(course: Course, lessons: list[Lesson], cases: dict[str, list[tuple[str, str]]],
               scratch: Path) -> dict[tuple[str, str], dict]:
    """Grade each ``(case id, module source)`` of each lesson as a student with ``grader grade``;
    its results.json by (lesson, case id)."""
    subs, out = scratch / "subs", scratch / "out"
    for lesson in lessons:
        for case, source in cases.get(lesson.name, []):
            dest = subs / f"{lesson.name}~{case}" / lesson.name / lesson.filename
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(source, encoding="utf-8")
    if not subs.is_dir():
        return {}
    grader = Path(sys.executable).with_name("grader")
    subprocess.run([str(grader), "--course", str(course.root), "grade", str(subs), "--out", str(out),
                    "--no-progress", "--force"], check=True, stdout=subprocess.DEVNULL)
    found = {}
    for folder in sorted(out.iterdir()):
        if folder.is_dir() and "~" in folder.name:
            lesson, case = folder.name.split("~", 1)
            found[lesson, case] = json.loads((folder / lesson / RESULTS).read_text(encoding="utf-8"))
    return found


def checked_set(course: Course, scratch: Path) -> dict[tuple[str, str], dict]:
    """Run ``grader check`` (the public tests: what ``make check`` shows a student) on each
    submission ``graded_set`` wrote under ``scratch``, one at a time (every check's runner has
    the same uid); its report by (lesson, case id)."""
    grader = Path(sys.executable).with_name("grader")
    (scratch / "check").mkdir()

    def check(folder: Path) -> tuple[tuple[str, str], dict]:
        lesson, case = folder.name.split("~", 1)
        out = scratch / "check" / f"{folder.name}.json"
        subprocess.run([str(grader), "--course", str(course.root), "check", "--lesson", lesson,
                        "--submission", str(folder), "--results", str(out)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return (lesson, case), json.loads(out.read_text(encoding="utf-8"))[0]

    return dict(map(check, sorted((scratch / "subs").iterdir())))


def blind_cases(course: Course, lessons: list[Lesson]) -> tuple[dict, dict, dict]:
    """The blind set's correct modules and case submissions (each ``(id, source)`` by lesson)
    and its ground truth (by (lesson, case id))."""
    correct, cases, truth = {}, {}, {}
    for lesson in lessons:
        sources = blind_case_sources(course.root, lesson)
        if not sources:
            continue
        correct[lesson.name] = [("blind-correct", sources.pop("correct"))]
        cases[lesson.name] = list(sources.items())
        for case in blind_manifest(course.root, lesson.name)["case"]:
            truth[lesson.name, case["id"]] = case
    return correct, cases, truth


def blind_figures(results: dict, truth: dict) -> dict:
    """Per lesson: cases, in catalogue, named right, named wrong, not named, green in make check."""
    table: dict[str, Counter] = {}
    wrong, green = [], []
    for (lesson, case), data in sorted(results.items()):
        row = table.setdefault(lesson, Counter())
        expected = set(truth[lesson, case].get("catalogue", []))
        named = {d["mistakes"][0]["name"] for d in data.get("diagnoses", []) if len(d["mistakes"]) == 1}
        candidates = {m["name"] for d in data.get("diagnoses", []) for m in d["mistakes"]}
        row["cases"] += 1
        row["in catalogue"] += bool(expected)
        if named & expected or (expected and candidates & expected and not named - expected):
            row["right"] += 1
        if named - expected:
            row["wrong"] += 1
            wrong.append((lesson, case, truth[lesson, case]["mistake"], sorted(named - expected)))
        elif not named and not candidates & expected:
            row["not named"] += 1
        if all(t["status"] == "passed" for t in data["tests"] if t["visibility"] == "visible"):
            green.append((lesson, case, truth[lesson, case]["mistake"]))
    return {"table": table, "wrong": wrong, "green": green}


def main() -> None:
    course = find_course()
    lessons = course.lessons(sys.argv[1:] or None)
    jobs = os.cpu_count() or 1
    start = time.perf_counter()
    known = compute_all(course, lessons, jobs)
    print(f"known mistakes: {sum(map(len, known.values()))} in {len(known)} lessons "
          f"({time.perf_counter() - start:.1f} s, cached per course version)")
    cat = catalogue_figures(course, lessons, known)
    c = cat["counts"]
    print(f"\ncatalogue: {c['mistakes']} mistakes; named as itself {c['named itself']}, among candidates "
          f"{c['among candidates']}, not named {c['not named']}; rules (their failing tests make no call, and "
          f"the test's message names the rule) {c['a rule']}")
    for lesson, name, others in cat["confused"]:
        print(f"  {lesson}/{name}: {'told apart from nothing: ' + ', '.join(others) if others else 'not named'}")
    share = len(cat["wrong_loo"]) / max(1, c["mistakes"])
    print(f"leave-one-out: named as another mistake {len(cat['wrong_loo'])} of {c['mistakes']} ({share:.1%})")
    for lesson, name, others in cat["wrong_loo"]:
        print(f"  {lesson}/{name} -> {', '.join(others)}")

    scratch = Path(tempfile.mkdtemp(prefix="grader-diagnosis-bench-"))
    try:
        blind_correct, cases, truth = blind_cases(course, lessons)
        alternatives = {lesson.name: [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(
            (course.root / "testing" / "alternatives" / lesson.name).glob("*.py"))]
            + blind_correct.get(lesson.name, []) for lesson in lessons}
        graded = graded_set(course, lessons, {name: alternatives.get(name, []) + cases.get(name, [])
                                              for name in {*alternatives, *cases}}, scratch)
        checked = checked_set(course, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    alt = {key: data for key, data in graded.items() if key not in truth}
    false = [(lesson, case, [m["name"] for d in data["diagnoses"] for m in d["mistakes"]])
             for (lesson, case), data in alt.items() if data.get("diagnoses")]
    print(f"\nalternative correct solutions: {len(alt)}, with a diagnosis: {len(false)}")
    for lesson, case, names in false:
        print(f"  {lesson}/{case}: {', '.join(names)}")

    blind = blind_figures({key: data for key, data in graded.items() if key in truth}, truth)
    total = Counter()
    print("\nblind set: lesson, cases, in catalogue, named right, named wrong, not named")
    for lesson, row in blind["table"].items():
        total.update(row)
        print(f"  {lesson}: {row['cases']}, {row['in catalogue']}, {row['right']}, {row['wrong']}, {row['not named']}")
    print(f"  all: {total['cases']}, {total['in catalogue']}, {total['right']}, {total['wrong']}, {total['not named']}")
    print(f"  named right: {total['right'] / max(1, total['in catalogue']):.1%} of those in the catalogue; "
          f"named wrong: {total['wrong'] / max(1, total['cases']):.1%} of all")
    for lesson, case, mistake, names in blind["wrong"]:
        print(f"  wrong: {lesson}/{case} ({mistake}) named {', '.join(names)}")

    at_home = blind_figures({key: data for key, data in checked.items() if key in truth}, truth)
    row = sum(at_home["table"].values(), Counter())
    false_check = [key for key, data in checked.items() if key not in truth and data.get("diagnoses")]
    print(f"\nmake check (public tests only, as a student sees it): blind set named right {row['right']} of "
          f"{row['in catalogue']} in the catalogue ({row['right'] / max(1, row['in catalogue']):.1%}), named wrong "
          f"{row['wrong']} of {row['cases']} ({row['wrong'] / max(1, row['cases']):.1%}), not named {row['not named']};"
          f" alternative correct solutions with a diagnosis: {len(false_check)} of {len(alt)}")
    for lesson, case, mistake, names in at_home["wrong"]:
        print(f"  wrong: {lesson}/{case} ({mistake}) named {', '.join(names)}")

    green = cat["green"] + blind["green"]
    mistakes = c["mistakes"] + total["cases"]
    print(f"\ngreen in make check (every public test passes): {len(green)} of {mistakes} "
          f"({len(green) / max(1, mistakes):.1%})")
    for item in green:
        print(f"  {item[0]}/{item[1]}: {item[2]}")


if __name__ == "__main__":
    main()
