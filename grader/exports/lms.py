"""``grader export lms REPORTS_DIR --roster GRADEBOOK.csv --match COLUMN --out FILE``: the
class's scores in the gradebook CSV the LMS itself exported, so that it imports back.

Canvas exports ``Student,ID,SIS User ID,SIS Login ID,Section,...``, then a ``Points
Possible`` row, then one row per student; Moodle a header such as ``First name,Last
name,ID number,Email address,...`` and one row per student.  The file gets one column per
graded lesson (headed with the lesson's name; in Canvas's ``Points Possible`` row its
maximum) and a total; a column already headed with a lesson's name, or with it and an id
as Canvas writes ``04_linear_model (4711)`` after an earlier import, is filled in place.
A row belongs to the submission whose id (``student`` in its results.json: the folder or
zip name it was handed in under) equals the row's COLUMN value, both stripped of
surrounding spaces; case counts.  Every other cell keeps its text, every record its place
and bytes (a record with a column filled in place is rewritten with the same values), the
file its encoding, BOM, delimiter and line endings.  Students without a submission keep
blank cells; they and the submissions without a row are listed on the terminal.

Scores are the final ones, after the course's decisions (``grader.decisions``: late
penalty, adjustments); ``--decision-columns`` adds, per lesson with decisions, the raw
score, the penalty, the adjustments and their reasons.  The decision files are checked,
and must be the ones the reports applied (else: run ``grader grade`` again first).
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..course import Course
from ..decisions.class_files import check_applied, class_folder, load_decisions
from ..decisions.source import BadDecisionFile
from ..reports.atomic import write_atomic
from ..reports.classwide import decision_columns, load_results

HELP = "fill the gradebook CSV an LMS exported (Canvas, Moodle) with the scores of a reports folder"
POINTS_POSSIBLE = "Points Possible"  # Canvas's second row: each assignment's maximum
TOTAL = "total"
DELIMITERS = ",;\t"                  # Moodle lets the teacher pick the separator
BAD_INPUT = 2                        # exit status: the roster or the reports cannot be used


class Unusable(Exception):
    """The roster or the reports folder cannot be used; the message says why."""


@dataclass
class Roster:
    """A CSV file as records: each one's fields and its original text (line ending included)."""

    encoding: str
    delimiter: str
    rows: list[list[str]]
    raw: list[str]

    def column(self, name: str) -> int:
        header = [cell.strip() for cell in self.rows[0]]
        if name.strip() not in header:
            raise Unusable(f"the roster has no column {name!r}; its columns: {', '.join(map(repr, header))}")
        return header.index(name.strip())

    def cell(self, text: str) -> str:
        """``text`` as one field of this file (quoted only where it must be)."""
        if any(c in text for c in (self.delimiter, '"', "\r", "\n")):
            return '"' + text.replace('"', '""') + '"'
        return text

    def text(self) -> str:
        return "".join(self.raw)


@dataclass
class Column:
    """A column the export fills: where (an existing column's index, or None: a new one),
    its header, its Points Possible value, and its value per submission id."""

    index: int | None
    header: str
    maximum: str
    values: dict[str, str]


def add_arguments(parser) -> None:
    parser.add_argument("reports", type=Path, help="the folder `grader grade --out` wrote")
    parser.add_argument("--roster", type=Path, required=True,
                        help="the gradebook CSV exported by the LMS (Canvas: Grades > Export; Moodle: Export > "
                             "Plain text file)")
    parser.add_argument("--match", required=True, metavar="COLUMN",
                        help="the roster's column whose values are the submission ids (each results.json's "
                             "'student': the folder or zip name the student handed in under), e.g. 'SIS Login ID' "
                             "or 'ID number'; values are compared after stripping surrounding spaces, and case "
                             "counts (not case-folded: 'Ana' is not 'ana')")
    parser.add_argument("--out", type=Path, required=True, help="the filled CSV to write (may be the roster itself)")
    parser.add_argument("--encoding", default=None,
                        help="the roster's encoding when it is not UTF-8 (e.g. gb18030, cp1252); "
                             "default: UTF-8, with or without a BOM (kept as found)")
    parser.add_argument("--no-total", action="store_true",
                        help="leave out the total column (Canvas makes every new column an assignment)")
    parser.add_argument("--decision-columns", action="store_true",
                        help="add, per lesson with a late policy or adjustments, its raw score, late penalty, "
                             "adjustments and their reasons (for LMSs that keep extra columns as notes)")
    parser.add_argument("--class-dir", type=Path, default=None,
                        help="the folder of the course's decisions (default: class/ of the course)")


def run(course: Course, args) -> int:
    lessons = [lesson.name for lesson in course.lessons()]
    try:
        roster = read_roster(args.roster, args.encoding)
        match = roster.column(args.match)
        columns = score_columns(roster, args.reports, lessons, not args.no_total, args.decision_columns)
        decisions = load_decisions(class_folder(course.root, args.class_dir), lessons)
        decisions.check_class({column_id for column in columns for column_id in column.values})
        check_applied(args.reports, decisions)
    except (Unusable, BadDecisionFile) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BAD_INPUT
    students = list(_student_rows(roster, match))
    fill(roster, match, columns)
    write_atomic(args.out, roster.text().encode(roster.encoding))
    submitted = set().union(*(column.values for column in columns))
    missing = [f"{id_} (row {n})" for n, id_ in students if id_ not in submitted]
    strays = sorted(submitted - {id_ for _, id_ in students})
    print(f"wrote {args.out}: {', '.join(c.header for c in columns)} for "
          f"{len(students) - len(missing)} of {len(students)} roster rows")
    if missing:
        print(f"no submission (cells left blank) for {len(missing)}: {', '.join(missing)}")
    if strays:
        print(f"submissions with no roster row ({args.match!r}) for {len(strays)}: {', '.join(strays)}")
    return 0


def read_roster(path: Path, encoding: str | None) -> Roster:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unusable(f"cannot read the roster {path}: {exc.strerror or exc}") from None
    encoding = encoding or "utf-8"
    try:
        if data.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"  # the BOM is read past and written back
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise Unusable(f"the roster {path} is not {encoding} text ({exc}); pass its encoding with --encoding") from None
    header = text.splitlines()[0] if text else ""
    if not header.strip():
        raise Unusable(f"the roster {path} does not start with a header row (the LMS's export does)")
    delimiter = max(DELIMITERS, key=header.count)
    lines = io.StringIO(text, newline="").readlines()  # split at \r\n, \n or \r, endings kept
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows, raw, used = [], [], 0
    try:
        for row in reader:
            rows.append(row)
            raw.append("".join(lines[used:reader.line_num]))
            used = reader.line_num
    except csv.Error as exc:
        raise Unusable(f"the roster {path} is not a readable CSV file (line {reader.line_num}: {exc})") from None
    return Roster(encoding, delimiter, rows, raw)


def score_columns(roster: Roster, reports: Path, lessons: list[str], total: bool,
                  decided: bool = False) -> list[Column]:
    """One column per lesson graded in ``reports`` (course order), the total, and (``decided``)
    the columns of the course's decisions (``classwide.decision_columns``)."""
    if not reports.is_dir():
        raise Unusable(f"reports folder not found: {reports}")
    table, _ = load_results(reports, lessons)
    table = {student.strip(): res for student, res in table.items()}
    maxima = {lesson: max(res[lesson]["max_score"] for res in table.values() if lesson in res)
              for lesson in lessons if any(lesson in res for res in table.values())}
    if not maxima:
        raise Unusable(f"no results.json under {reports} (expected {reports}/<student>/<lesson>/results.json)")
    columns = [Column(_existing(roster, lesson), lesson, _points(maximum),
                      {s: _points(res[lesson]["score"]) for s, res in table.items() if lesson in res})
               for lesson, maximum in maxima.items()]
    if total:
        columns.append(Column(_existing(roster, TOTAL), TOTAL, _points(sum(maxima.values())),
                              {s: _points(sum(r["score"] for lesson, r in res.items() if lesson in maxima))
                               for s, res in table.items()}))
    if decided:
        columns += [Column(_existing(roster, header), header, "", cells)
                    for header, cells in decision_columns(table, list(maxima))]
    return columns


def fill(roster: Roster, match: int, columns: list[Column]) -> None:
    """Fill ``columns`` in: new ones get their header, their maximum in Canvas's Points
    Possible row and each student's score (blank without a submission); existing ones
    (Canvas's, with its assignment id) only the scores there are."""
    new = [c for c in columns if c.index is None]
    width = len(roster.rows[0])
    for n, row in enumerate(roster.rows):
        if not row:
            continue  # a blank line stays one
        in_place = {}
        if n == 0:
            appended = [c.header for c in new]
        elif row[0].strip() == POINTS_POSSIBLE:
            appended = [c.maximum for c in new]
        else:
            id_ = _id(row, match)
            appended = [c.values.get(id_, "") for c in new]
            in_place = {c.index: c.values[id_] for c in columns if c.index is not None and c.values.get(id_)}
        roster.raw[n] = _record(roster, n, in_place, appended, width)


def _record(roster: Roster, n: int, in_place: dict[int, str], appended: list[str], width: int) -> str:
    """Record ``n``'s new text: its own text with the new cells after it, or, where a
    column is filled in place, its fields written again."""
    row, raw = roster.rows[n], roster.raw[n]
    body = raw.rstrip("\r\n")
    ending = raw[len(body):]
    padded = row + [""] * (width - len(row))  # a short record gets the cells it lacks, empty
    if in_place:
        for index, value in in_place.items():
            padded[index] = value
        body = roster.delimiter.join(map(roster.cell, padded))
    elif len(padded) > len(row):
        body += roster.delimiter * (len(padded) - len(row))
    if appended:
        body += roster.delimiter + roster.delimiter.join(map(roster.cell, appended))
    return body + ending


def _id(row: list[str], match: int) -> str:
    return row[match].strip() if match < len(row) else ""


def _student_rows(roster: Roster, match: int):
    """(row number, id) of every row that names a student: not the header, Canvas's
    Points Possible row or a row whose COLUMN is blank."""
    for n, row in enumerate(roster.rows[1:], 2):
        if row and row[0].strip() != POINTS_POSSIBLE and _id(row, match):
            yield n, _id(row, match)


def _existing(roster: Roster, name: str) -> int | None:
    """The index of the roster's column for ``name`` (``name`` or, as Canvas heads an
    assignment, ``name (12345)``), if it has one."""
    pattern = re.compile(rf"{re.escape(name)}( \(\d+\))?")
    return next((i for i, cell in enumerate(roster.rows[0]) if pattern.fullmatch(cell.strip())), None)


def _points(x: float) -> str:
    """Points as a gradebook cell: ``12``, ``12.5``; never an exponent."""
    return f"{x:.4f}".rstrip("0").rstrip(".")
