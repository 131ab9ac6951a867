"""The class dashboard: ``DIR/index.html`` (score histogram, per-lesson statistics, per-test
pass rates hardest first, submission problems, every student's points, the known mistakes seen
and the groups of identical unexplained failures with a representative's source: the index is
the instructor's) and one page per student, ``DIR/<folder>/feedback.html`` (their
``feedback.md`` as a page: public tests in detail, hidden tests as counts, no other student),
built from the ``results.json`` files on disk.  Where ``grader similarity`` wrote
``DIR/similarity/``, the index (and only the index) lists its top pairs and links to its pages.

Every page stands alone, for a teacher who opens it from disk or a CI artifact: inline CSS,
the histogram embedded as a PNG data URL, no script, and a Content-Security-Policy that lets
nothing load from anywhere else.  Every text a student controls (ids, messages, printed
output, problems) is escaped with ``html.escape``; folder names in links are URL-quoted.
Student pages are written one student at a time, so memory does not grow with the class."""
from __future__ import annotations

import base64
import csv
import json
import statistics
from html import escape
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from ..report_files import DASHBOARD, FEEDBACK_PAGE, RESULTS, SIMILARITY, SIMILARITY_PAIRS
from ..trusted.results import Diagnosis, LessonReport
from . import wording
from .atomic import write_atomic
from .misconceptions import ClassMistakes, representative_source, students_by_folder

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; }}
th, td {{ border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }}
th {{ background: #eef2f7; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
pre {{ background: #f6f6f6; border-left: 3px solid #c44; padding: .5em; white-space: pre-wrap;
      overflow-wrap: anywhere; max-height: 30em; overflow: auto; }}
.bar {{ display: inline-block; height: .8em; background: #4c72b0; }}
.problem {{ color: #a00; }}
.diagnosis {{ background: #fff8e1; border-left: 3px solid #e0a800; padding: .4em .6em; }}
</style></head>
<body>
{body}
</body></html>
"""


def write_dashboard(out: Path, table: dict, by_test: dict, lessons: list[str], histogram: Path,
                    mistakes: ClassMistakes) -> Path:
    """``out/index.html`` and every student's page, from what ``classwide.load_results`` read
    (``table``, ``by_test``, ``mistakes``) and the histogram PNG at ``histogram``."""
    for student, res in table.items():
        folder = out / _folder(res)
        write_atomic(folder / FEEDBACK_PAGE, _student_page(student, folder, lessons))
    body = [f"<h1>Class dashboard</h1><p>Students: {len(table)}. Lessons: {escape(', '.join(lessons))}.</p>",
            _lesson_statistics(table, lessons),
            f'<h2>Score distribution</h2><img alt="histogram of total points" width="600" '
            f'src="data:image/png;base64,{base64.b64encode(histogram.read_bytes()).decode()}">',
            _students(table, lessons), _problems(table), _misconceptions(out, table, lessons, mistakes),
            _pass_rates(by_test), _similar_code(out)]
    return write_atomic(out / DASHBOARD, PAGE.format(title="Class dashboard", body="\n".join(body)))


def _similar_code(out: Path, top: int = 10) -> str:
    """The top pairs of ``grader similarity``'s ``pairs.csv`` under ``out``, with a link to its pages ('' if none)."""
    path = out / SIMILARITY / SIMILARITY_PAIRS
    if not path.is_file():
        return ""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [row for _, row in zip(range(top), csv.DictReader(fh))]
    cells = [[escape(row["rank"]), escape(f"{row['student_a']} & {row['student_b']}"),
              escape(row["per_lesson"].replace(";", ", ")), escape(row["shared_lines"]), escape(row["score"])]
             for row in rows]
    return (f'<h2>Similar code</h2><p>The top pairs of <a href="{SIMILARITY}/index.html">grader similarity</a>, '
            "for you to review (nothing here changes a score).</p>"
            + _table(["rank", "pair", "lesson:lines:score", "shared lines", "score"], cells, numeric_from=3))


def _folder(res: dict) -> str:
    return next(iter(res.values()))["folder"]


def _link(student: str, res: dict) -> str:
    return _page_link(student, _folder(res))


def _page_link(student: str, folder: str) -> str:
    return f'<a href="{escape(quote(folder))}/{FEEDBACK_PAGE}">{escape(student)}</a>'


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    """An HTML table of cells that are already HTML; columns from ``numeric_from`` on align right."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if i >= numeric_from else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>\n" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>"


def _lesson_statistics(table: dict, lessons: list[str]) -> str:
    rows = []
    for lesson in lessons:
        results = [res[lesson] for res in table.values() if lesson in res]
        scores = [r["score"] for r in results]
        if scores:
            rows.append([escape(lesson), str(len(scores)), f"{statistics.mean(scores):.2f}",
                         f"{statistics.median(scores):g}", f"{min(scores):g}", f"{max(scores):g}",
                         f"{max(r['max_score'] for r in results):g}", str(sum(bool(r["problem"]) for r in results))])
    return "<h2>Lessons</h2>" + _table(
        ["lesson", "graded", "mean", "median", "min", "max", "max_score", "with a problem"], rows)


def _students(table: dict, lessons: list[str]) -> str:
    rows = []
    for student, res in table.items():
        total = sum(r["score"] for r in res.values())
        maximum = sum(r["max_score"] for r in res.values())
        rows.append([_link(student, res), *[f"{res[lesson]['score']:g}" if lesson in res else "" for lesson in lessons],
                     f"{total:g} / {maximum:g}"])
    return "<h2>Students</h2>" + _table(["student", *lessons, "total"], rows)


def _problems(table: dict) -> str:
    items = [f'<li>{_link(student, res)} / {escape(lesson)}: <code class="problem">{escape(r["problem"])}</code></li>'
             for student, res in table.items() for lesson, r in res.items() if r["problem"]]
    return "<h2>Submission problems</h2>" + (f"<ul>{''.join(items)}</ul>" if items else "<p>None.</p>")


def _misconceptions(out: Path, table: dict, lessons: list[str], mistakes: ClassMistakes) -> str:
    """Per lesson, the known mistakes seen (named, then candidates) with who showed them, and the
    groups of identical unexplained failures, largest first, with a representative's source."""
    who = students_by_folder(table)
    parts = []
    for lesson in lessons:
        seen = mistakes.lesson(lesson)
        if not seen:
            continue
        parts.append(f"<h3>{escape(lesson)}</h3>")
        for title, rows in (("Known mistakes seen", seen.named),
                            ("Candidates that could not be told apart", seen.candidates)):
            if rows:
                parts.append(f"<p>{title}:</p>" + _table(["function", "known mistake", "who", "students"], [
                    [escape(s.function), "<br>".join(_mistake(m) for m in s.mistakes), _who(s.folders, who),
                     str(len(s.folders))] for s in rows], numeric_from=3))
        if seen.groups:
            parts.append("<p>Identical failures no known mistake explains, largest first (to name one, add its "
                         f"representative to <code>solutions/{escape(lesson)}/mistakes.toml</code>):</p>")
        for group in seen.groups:
            source = representative_source(out, lesson, group) or "(source not available)"
            parts.append(f"<h4><code>{escape(group.function)}</code>: {len(group.folders)} students</h4>"
                         f"<p>Who: {_who(group.folders, who)}<br>Failing tests: {escape(', '.join(group.tests))}"
                         f"<br>Representative: {_who(group.folders[:1], who)}</p><pre>{escape(source)}</pre>")
        if seen.alone:
            parts.append(f"<p>Students whose unexplained failures match nobody else's: {seen.alone}</p>")
    return "<h2>Known mistakes and unexplained failures</h2>" + ("\n".join(parts) or "<p>None.</p>")


def _mistake(mistake: dict) -> str:
    return (f"<code>{escape(str(mistake['name']))}</code>: {escape(str(mistake.get('en', '')))} "
            f"{escape(str(mistake.get('zh', '')))}").rstrip()


def _who(folders: list[str], who: dict[str, str]) -> str:
    return ", ".join(_page_link(who.get(folder, folder), folder) for folder in folders)


def _pass_rates(by_test: dict) -> str:
    rates = sorted((passed / graded, name, passed, graded) for tests in by_test.values()
                   for name, (passed, graded) in tests.items())
    rows = [[escape(name), f'<span class="bar" style="width:{rate * 8:.2f}em"></span> {rate:.0%}', f"{p}/{n}"]
            for rate, name, p, n in rates]
    return "<h2>Tests, hardest first</h2>" + _table(["test", "pass rate", "passed"], rows)


def _student_page(student: str, folder: Path, lessons: list[str]) -> str:
    """One student's page, from their ``results.json`` files, read into the model one at a time."""
    paths = [folder / lesson / RESULTS for lesson in lessons]
    return student_page(student, (LessonReport.from_results_json(json.loads(p.read_text(encoding="utf-8")))
                                  for p in paths if p.is_file()))


def student_page(student: str, reports: Iterable[LessonReport]) -> str:
    """One student's feedback page: ``feedback.md``'s content (``student``) as HTML, headed by
    the commit graded where ``grader collect`` fetched it."""
    reports = list(reports)
    summary, sections, total, maximum = [], [], 0.0, 0.0
    collected = wording.collected(reports)
    for rep in reports:
        total, maximum = total + rep.final_score, maximum + rep.max_score
        summary.append([escape(rep.lesson), wording.passed_of(rep.public), wording.passed_of(rep.hidden),
                        wording.points(rep.final_score, rep.max_score)])
        sections.append(_lesson_feedback(rep))
    body = [f'<p><a href="../index.html">&larr; class dashboard</a></p><h1>Feedback for {escape(student)}</h1>',
            *([f"<p>{escape(collected)}</p>"] if collected else []),
            f"<p><strong>Total: {wording.points(total, maximum)} points</strong></p>",
            *([f"<h2>{escape(wording.DECISIONS_HEADING)}</h2><ul>" + "".join(f"<li>{escape(line)}</li>" for line in decided)
               + "</ul>"] if (decided := [line for rep in reports for line in wording.decisions(rep)]) else []),
            _table(["lesson", "public tests", "hidden tests", "points"], summary), *sections]
    return PAGE.format(title=f"Feedback for {escape(student)}", body="\n".join(body))


def _lesson_feedback(rep: LessonReport) -> str:
    """A lesson's section, as ``feedback.md`` has it (``student.lesson_blocks``): its problem and
    notes, how its tests ended, each failing public test with what it showed, each known mistake
    diagnosed just before the first it explains, the failing hidden tests as a count, the tests
    this host could not run."""
    parts = [f"<h2>{escape(rep.lesson)}</h2>", f"<p>Tests: {escape(wording.outcomes(rep.graded))}.</p>"]
    if rep.problem:
        parts.append(f'<p class="problem"><strong>Problem:</strong></p><pre>{escape(rep.problem)}</pre>')
    if rep.notes:
        parts.append("<p><strong>Notes:</strong></p><ul>"
                     + "".join(f"<li>{escape(note)}</li>" for note in rep.notes) + "</ul>")
    if rep.state == "ok":
        parts.append(f"<p>{wording.ALL_PASSED}</p>")
    if rep.blocked_public:
        parts.append(f"<p>{escape(wording.blocked(rep))}</p>")
    parts += ['<p class="diagnosis">' + "<br>".join(map(escape, wording.diagnosis(rep, item))) + "</p>"
              if isinstance(item, Diagnosis) else
              f"<h3>{escape(wording.failure_title(item))}</h3><p>{escape(item.description)}</p>"
              f"<pre>{escape(item.shown)}</pre>" for item in wording.in_order(rep)]
    parts += [f"<p>{escape(line)}</p>" for line in (wording.hidden(rep), wording.hardware_skips(rep)) if line]
    return "\n".join(parts)
