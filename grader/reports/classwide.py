"""Class-wide reports built from the per-student ``results.json`` files on disk:
``gradebook.csv``, ``summary.md`` and ``scores.png``."""
from __future__ import annotations

import csv
import json
import statistics
from pathlib import Path


def load_results(out: Path, students: list[str], lessons: list[str]) -> dict[str, dict[str, dict]]:
    table: dict[str, dict[str, dict]] = {}
    for student in students:
        table[student] = {}
        for lesson in lessons:
            path = out / student / lesson / "results.json"
            if path.is_file():
                table[student][lesson] = json.loads(path.read_text())
    return table


def write_gradebook(out: Path, table: dict, lessons: list[str]) -> Path:
    path = out / "gradebook.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["student", *lessons, "total", "max"])
        for student, res in table.items():
            scores = [res[lesson]["score"] if lesson in res else "" for lesson in lessons]
            total = sum(res[lesson]["score"] for lesson in lessons if lesson in res)
            maximum = sum(res[lesson]["max_score"] for lesson in lessons if lesson in res)
            w.writerow([student, *[_num(s) for s in scores], _num(total), _num(maximum)])
    return path


def _num(x):
    return f"{x:g}" if isinstance(x, float) else x


def write_summary(out: Path, table: dict, lessons: list[str]) -> Path:
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
        by_test: dict[str, list[bool]] = {}
        for r in rows:
            for t in r["tests"]:
                by_test.setdefault(t["name"], []).append(t["status"] == "passed")
        pass_rates += [(sum(v) / len(v), name, sum(v), len(v)) for name, v in by_test.items()]
    totals = [sum(r["score"] for r in res.values()) for res in table.values()]
    if totals:
        lines += ["", f"Total points: mean {statistics.mean(totals):.2f}, median {statistics.median(totals):g}, "
                      f"min {min(totals):g}, max {max(totals):g}"]
    problems = [(s, lesson, r["problem"]) for s, res in table.items() for lesson, r in res.items() if r.get("problem")]
    if problems:
        lines += ["", "## Submission problems", ""]
        lines += [f"- {s} / {lesson}: `{_first_line(p)}`" for s, lesson, p in problems]
    lines += ["", "## Tests, hardest first", "", "| test | pass rate | passed |", "|---|---|---|"]
    lines += [f"| {name} | {rate:.0%} | {p}/{n} |" for rate, name, p, n in sorted(pass_rates)]
    path = out / "summary.md"
    path.write_text("\n".join(lines) + "\n")
    return path


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
    path = out / "scores.png"
    fig.savefig(path, dpi=100)
    return path


def write_class_reports(out: Path, students: list[str], lessons: list[str]) -> list[Path]:
    table = load_results(out, students, lessons)
    return [write_gradebook(out, table, lessons), write_summary(out, table, lessons), write_histogram(out, table)]


def _first_line(text: str, limit: int = 200) -> str:
    """A problem's first line, short and safe inside a markdown code span."""
    line = text.splitlines()[0] if text else ""
    return (line[:limit] + (" ..." if len(line) > limit else "")).replace("`", "'")
