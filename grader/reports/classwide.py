"""Class-wide reports built from the per-student ``results.json`` files on disk (every
one there, also those an earlier run left and this one reused): ``gradebook.csv``,
``summary.md``, ``scores.png`` and the dashboard (``dashboard``), each written whole or not at all.  Each
``results.json`` is read into the report model (``trusted.results``); rows carry each student's id as given."""
from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path

from ..limits import PROBLEM_LINE_CHARS
from ..report_files import GRADEBOOK, HISTOGRAM, RESULTS, SUMMARY
from ..trusted.results import LessonReport
from .atomic import write_atomic
from .dashboard import write_dashboard
from .misconceptions import ClassMistakes, LessonMistakes, representative_source, students_by_folder
from .student import fenced


def load_results(out: Path, lessons: list[str], mistakes: ClassMistakes | None = None,
                 ) -> tuple[dict[str, dict[str, dict]], dict[str, dict[str, list]]]:
    """What the class reports need of every ``results.json`` of ``lessons`` under ``out``,
    read one file at a time so that memory does not grow with the class:
    ``{student id: {lesson: {score, max_score, problem, folder, decisions}}}`` ordered by id
    (``score`` after the course's decisions, which ``decisions`` records), and per
    lesson ``{test name: [passed, graded]}``; each report is counted into ``mistakes`` too.
    Two submissions under one id (``a/`` and ``a.zip``, graded into folders ``a`` and ``a~2``)
    are two rows, ``a (a)`` and ``a (a~2)``: neither hides the other."""
    rows: dict[tuple[str, str], dict[str, dict]] = {}
    by_test: dict[str, dict[str, list]] = {lesson: {} for lesson in lessons}
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink()):
        for lesson in lessons:
            path = folder / lesson / RESULTS
            if path.is_file():
                rep = LessonReport.from_results_json(json.loads(path.read_text(encoding="utf-8")))
                rows.setdefault((rep.student or folder.name, folder.name), {})[lesson] = {
                    "score": rep.final_score, "max_score": rep.max_score, "folder": folder.name,
                    "problem": _first_line(rep.problem), "decisions": rep.decisions}
                if mistakes is not None:
                    mistakes.add(folder.name, rep)
                for t in rep.graded:
                    counts = by_test[lesson].setdefault(f"{lesson}: {t.name}", [0, 0])
                    counts[0] += t.passed
                    counts[1] += 1
    shared = {student for student, _ in rows if sum(s == student for s, _ in rows) > 1}
    table = {(f"{student} ({folder})" if student in shared else student): res
             for (student, folder), res in sorted(rows.items())}
    return table, by_test


def decision_columns(table: dict, lessons: list[str]) -> list[tuple[str, dict[str, str]]]:
    """For each lesson the course decided something for (a late policy, an adjustment):
    (header, {student: cell}) for its raw score, late penalty, adjustments and their reasons."""
    columns = []
    for lesson in lessons:
        decided = {student: res[lesson]["decisions"] for student, res in table.items()
                   if res.get(lesson, {}).get("decisions")}
        if not decided:
            continue
        columns += [
            (f"{lesson} raw", {s: _num(d["raw"]) for s, d in decided.items()}),
            (f"{lesson} late penalty", {s: _num(d["late"]["points"]) if d["late"] else "0" for s, d in decided.items()}),
            (f"{lesson} adjustments", {s: _num(round(d["final"] - d["raw"] - (d["late"] or {"points": 0})["points"],
                                                     4)) for s, d in decided.items()}),
            (f"{lesson} reasons", {s: "; ".join(d["notes"] + ([d["late"]["reason"]] if d["late"] else [])
                                                + [a["text"] for a in d["adjustments"]]) for s, d in decided.items()}),
        ]
    return columns


def write_gradebook(out: Path, table: dict, lessons: list[str]) -> Path:
    """One row per student: their id as given, each lesson's score (after the course's
    decisions), total, max, the folder holding their reports, then the decisions' columns
    (``decision_columns``) where there are any."""
    buffer = io.StringIO(newline="")
    w = csv.writer(buffer)
    decided = decision_columns(table, lessons)
    w.writerow(["student", *lessons, "total", "max", "folder", *(header for header, _ in decided)])
    for student, res in table.items():
        scores = [res[lesson]["score"] if lesson in res else "" for lesson in lessons]
        total = sum(res[lesson]["score"] for lesson in lessons if lesson in res)
        maximum = sum(res[lesson]["max_score"] for lesson in lessons if lesson in res)
        folder = next(iter(res.values()))["folder"]
        w.writerow([student, *[_num(s) for s in scores], _num(total), _num(maximum), folder,
                    *(cells.get(student, "") for _, cells in decided)])
    return write_atomic(out / GRADEBOOK, buffer.getvalue())


def _num(x):
    return f"{x + 0.0:g}" if isinstance(x, float) else x   # + 0.0: no "-0" for a difference that rounds to zero


def write_summary(out: Path, table: dict, by_test: dict, lessons: list[str], mistakes: ClassMistakes) -> Path:
    """``summary.md``: per-lesson statistics, totals, submission problems, the class's known
    mistakes and unexplained groups, per-test pass rates hardest first."""
    lines = ["# Class summary", "", f"Students: {len(table)}", "",
             "| lesson | graded | mean | median | min | max | full marks | max_score |",
             "|---|---|---|---|---|---|---|---|"]
    pass_rates: list[tuple[float, str, int, int]] = []
    for lesson in lessons:
        rows = [res[lesson] for res in table.values() if lesson in res]
        scores = [r["score"] for r in rows]
        if not scores:
            continue
        top = max(r["max_score"] for r in rows)
        lines.append(f"| {lesson} | {len(scores)} | {statistics.mean(scores):.2f} | {statistics.median(scores):g} | "
                     f"{min(scores):g} | {max(scores):g} | {sum(s == top for s in scores)} | {top:g} |")
        pass_rates += [(passed / graded, name, passed, graded) for name, (passed, graded) in by_test[lesson].items()]
    totals = [sum(r["score"] for r in res.values()) for res in table.values()]
    if totals:
        lines += ["", f"Total points: mean {statistics.mean(totals):.2f}, median {statistics.median(totals):g}, "
                      f"min {min(totals):g}, max {max(totals):g}"]
    problems = [(s, lesson, r["problem"]) for s, res in table.items() for lesson, r in res.items() if r.get("problem")]
    if problems:
        lines += ["", "## Submission problems", ""]
        lines += [f"- {s} / {lesson}: `{p}`" for s, lesson, p in problems]
    lines += ["", "## Known mistakes and unexplained failures", ""]
    who = students_by_folder(table)
    shown = [line for lesson in lessons for line in _misconception_lines(out, lesson, mistakes.lesson(lesson), who)]
    lines += shown or ["None."]
    lines += ["", "## Tests, hardest first", "", "| test | pass rate | passed |", "|---|---|---|"]
    lines += [f"| {name} | {rate:.0%} | {p}/{n} |" for rate, name, p, n in sorted(pass_rates)]
    return write_atomic(out / SUMMARY, "\n".join(lines) + "\n")


def write_histogram(out: Path, table: dict) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    totals = [sum(r["score"] for r in res.values()) for res in table.values()]
    maximum = max((sum(r["max_score"] for r in res.values()) for res in table.values()), default=0)
    fig = Figure(figsize=(6, 3.5))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.hist(totals, bins=min(20, max(5, len(totals))), range=(0, maximum or 1), color="#4C72B0", edgecolor="white")
    ax.set_xlabel(f"total points (max {maximum:g})")
    ax.set_ylabel("students")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Score distribution ({len(totals)} students)")
    fig.tight_layout()
    path = out / HISTOGRAM
    image = io.BytesIO()
    fig.savefig(image, dpi=100, format="png")
    write_atomic(path, image.getvalue())
    return path


def write_class_reports(out: Path, lessons: list[str]) -> list[Path]:
    mistakes = ClassMistakes()
    table, by_test = load_results(out, lessons, mistakes)
    return [write_gradebook(out, table, lessons), write_summary(out, table, by_test, lessons, mistakes),
            histogram := write_histogram(out, table),
            write_dashboard(out, table, by_test, lessons, histogram, mistakes)]


def _misconception_lines(out: Path, lesson: str, seen: LessonMistakes, who: dict[str, str]) -> list[str]:
    """A lesson's known mistakes (named, then candidates) with their students, and its groups
    of identical unexplained failures with a representative's source, as Markdown."""
    if not seen:
        return []
    lines = [f"### {lesson}", ""]
    for title, rows in (("Known mistakes seen", seen.named),
                        ("Candidates that could not be told apart", seen.candidates)):
        if rows:
            lines += [f"{title}:", "", "| function | known mistake | students | who |", "|---|---|---|---|"]
            lines += [f"| {_cell(s.function)} | {_cell(' / '.join(_mistake(m) for m in s.mistakes))} | "
                      f"{len(s.folders)} | {_cell(_names(s.folders, who))} |" for s in rows]
            lines.append("")
    if seen.groups:
        lines += ["Identical failures no known mistake explains, largest first (to name one, add its "
                  f"representative to `solutions/{lesson}/mistakes.toml`):", ""]
    for group in seen.groups:
        representative = who.get(group.folders[0], group.folders[0])
        lines += [_cell(f"- `{group.function}`, {len(group.folders)} students: {_names(group.folders, who)}; "
                        f"failing tests: {', '.join(group.tests)}; representative: {representative}"), "",
                  fenced(representative_source(out, lesson, group) or "(source not available)", "python"), ""]
    if seen.alone:
        lines += [f"Students whose unexplained failures match nobody else's: {seen.alone}", ""]
    return lines


def _mistake(mistake: dict) -> str:
    return f"`{mistake['name']}`: {mistake.get('en', '')} {mistake.get('zh', '')}".rstrip()


def _names(folders: list[str], who: dict[str, str]) -> str:
    return ", ".join(who.get(folder, folder) for folder in folders)


def _cell(text: str) -> str:
    """``text`` on one Markdown line, also inside a table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _first_line(text: str) -> str:
    """A problem's first line, short (``PROBLEM_LINE_CHARS``) and safe inside a markdown code span."""
    line = text.splitlines()[0] if text else ""
    return (line[:PROBLEM_LINE_CHARS] + (" ..." if len(line) > PROBLEM_LINE_CHARS else "")).replace("`", "'")
