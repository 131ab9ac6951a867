"""What ``grader similarity`` writes: ``pairs.csv`` (every pair, best first, with its lessons),
``index.html`` (the ranking, the files left out) and ``pairs/<rank>.html`` for each top pair:
the two modules side by side, lesson by lesson, the shared lines marked.  Pages are named by
rank, never by a student id; every text a student controls is escaped, and the pages use the
dashboard's template (no script, nothing loaded from elsewhere).
"""
from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path

from ..report_files import SIMILARITY_PAIRS as PAIRS_CSV
from ..reports.dashboard import PAGE
from .documents import LessonTexts
from .ranking import REFERENCE, Pair

PAIR_PAGES = "pairs"
STYLE = """<style>
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.side pre { border-left: 3px solid #999; font-size: 12px; max-height: none; }
mark { background: #ffd54f; }
</style>"""


def pairs_csv(pairs: list[Pair]) -> str:
    """One row per pair: rank, the two students, how many lessons, shared lines, score, and per lesson
    ``lesson:lines:score`` (``;``-separated)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "student_a", "student_b", "lessons", "shared_lines", "score", "kind", "per_lesson"])
    for rank, pair in enumerate(pairs, 1):
        writer.writerow([rank, pair.student_a, pair.student_b, len(pair.matches), pair.shared_lines,
                         f"{pair.score:.2f}", "reference" if pair.with_reference else "students",
                         ";".join(f"{m.lesson}:{m.shared_lines}:{m.score:g}" for m in pair.matches)])
    return out.getvalue()


def _who(pair: Pair) -> str:
    return f"{escape(pair.student_a)} &amp; {escape(pair.student_b)}"


def index_page(pairs: list[Pair], pages: int, notes: list[str], students: int, common: int) -> str:
    rows = []
    for rank, pair in enumerate(pairs[:max(pages, 100)], 1):
        who = f'<a href="{PAIR_PAGES}/{rank}.html">{_who(pair)}</a>' if rank <= pages else _who(pair)
        lessons = escape(", ".join(m.lesson for m in pair.matches))
        rows.append(f'<tr><td class="n">{rank}</td><td>{who}</td><td>{lessons}</td>'
                    f'<td class="n">{pair.shared_lines}</td><td class="n">{pair.score:.1f}</td></tr>')
    left_out = "".join(f"<li>{escape(note)}</li>" for note in notes)
    body = (f"<h1>Similar code</h1><p>{students} students; a fingerprint held by more than {common} of them "
            f"is common code and left out, and so is the code every student was given.  Pairs are ranked by the "
            f"distinctive lines they share, summed over lessons; {escape(REFERENCE)} marks a module that is the "
            f"reference solution.  This ranks for a person to review: it changes no score.  All pairs: "
            f'<a href="{PAIRS_CSV}">{PAIRS_CSV}</a>.</p>'
            "<table><thead><tr><th>rank</th><th>pair</th><th>lessons</th><th>shared lines</th><th>score</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
            + (f"<h2>Left out</h2><ul>{left_out}</ul>" if notes else ""))
    return PAGE.format(title="Similar code", body=body).replace("</head>", STYLE + "</head>", 1)


def _marked(text: str, lines: tuple[int, ...]) -> str:
    marked = set(lines)
    return "\n".join(f"<mark>{escape(line)}</mark>" if n in marked else escape(line)
                     for n, line in enumerate(text.splitlines(), 1))


def pair_page(rank: int, pair: Pair, by_lesson: dict[str, LessonTexts]) -> str:
    parts = [f'<h1>#{rank}: {_who(pair)}</h1><p><a href="../index.html">all pairs</a>. Score {pair.score:.1f}, '
             f"{pair.shared_lines} shared lines in {len(pair.matches)} lessons; marked lines are shared.</p>"]
    for m in pair.matches:
        texts = by_lesson[m.lesson]
        right = texts.reference if pair.with_reference else texts.students[pair.student_b]
        parts.append(f"<h2>{escape(m.lesson)}: {m.shared_lines} lines, score {m.score:g}</h2><div class=\"side\">"
                     f"<div><h3>{escape(pair.student_a)}</h3><pre>{_marked(texts.students[pair.student_a], m.lines_a)}"
                     f"</pre></div><div><h3>{escape(pair.student_b)}</h3><pre>{_marked(right, m.lines_b)}</pre></div>"
                     "</div>")
    return PAGE.format(title=f"Similar code #{rank}", body="\n".join(parts)).replace(
        "</head>", STYLE + "</head>", 1)


def write_pages(folder: Path, pairs: list[Pair], lessons: list[LessonTexts], pages: int, notes: list[str],
                students: int, common: int) -> None:
    """Everything into ``folder`` (a new, empty folder)."""
    (folder / PAIR_PAGES).mkdir(parents=True)
    (folder / PAIRS_CSV).write_text(pairs_csv(pairs), encoding="utf-8")
    by_lesson = {texts.lesson.name: texts for texts in lessons}
    for rank, pair in enumerate(pairs[:pages], 1):
        (folder / PAIR_PAGES / f"{rank}.html").write_text(pair_page(rank, pair, by_lesson), encoding="utf-8")
    (folder / "index.html").write_text(index_page(pairs, pages, notes, students, common), encoding="utf-8")
