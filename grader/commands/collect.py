"""``grader collect ROSTER.csv --deadline ISO8601 --out SUBMISSIONS``: each student's repository
as it was at the deadline, in the layout ``grader grade`` reads (instructors).

Real ``git`` (no prompt, no shell, a time limit per repository, its own process group) makes a
bare clone of the default branch; the latest commit whose committer date is at or before the
deadline is written out with ``git archive`` (regular files only), with the record
``intake.COLLECTED_RECORD`` that puts the commit in the student's reports.  Folder names come
from ``trusted.identity``.  What the teacher needs to know is ``DESCRIPTION`` (``--help``).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from ..course import Course
from ..reports.atomic import write_atomic
from ..trusted.identity import assign_folders
from ..trusted.intake import COLLECTED_LIST, COLLECTED_RECORD

HELP = "fetch each student's repository at its last commit before a deadline (instructors)"
DESCRIPTION = """\
Fetch each student's repository at the deadline into SUBMISSIONS, for `grader grade SUBMISSIONS`.

ROSTER.csv has the columns student and repository (a URL or a path git can clone), or it is
GitHub Classroom's grades export (roster_identifier, else github_username; student_repository_url).
For each student: a clone of the repository's default branch, then its last commit whose
committer date is at or before the deadline, whose files go to SUBMISSIONS/<student>/ with
.grader-collected.json (repository, commit, date): every report of that student names the
commit.  SUBMISSIONS/collected.csv lists each roster row with its commit or why none was
collected (unreachable, no commit before the deadline, no repository in the roster); those are
also printed, get no folder (one from an earlier run is removed) and make the exit status 1.
Git never prompts: private repositories need credentials git finds by itself (a credential
helper, or http.extraHeader in the git configuration).

Committer dates are set by the clock of the student's machine: a student can backdate a
commit.  The date is evidence, not proof; where it matters, compare with the push times in the
repository's activity on GitHub.
"""
ROSTER_FORMATS = (  # (id columns, the first non-empty one wins; repository column)
    (("student",), "repository"),
    (("roster_identifier", "github_username"), "student_repository_url"),   # GitHub Classroom's export
)
GIT_ENV = {"GIT_TERMINAL_PROMPT": "0",                              # never wait for a password
           "GIT_ALLOW_PROTOCOL": "https:http:ssh:git:file"}         # no ext:: (runs commands) and the like
CSV_COLUMNS = ["student", "folder", "repository", "commit", "committed_at", "problem"]
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


@dataclass(frozen=True)
class RosterRow:
    student: str
    repository: str


@dataclass
class Outcome:
    row: RosterRow
    folder: str = ""
    commit: str = ""
    committed_at: str = ""
    problem: str = ""


class CollectProblem(Exception):
    """Why one repository was not collected."""


def add_arguments(parser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = DESCRIPTION
    parser.add_argument("roster", type=Path, metavar="ROSTER.csv",
                        help="CSV: student,repository, or GitHub Classroom's grades export")
    parser.add_argument("--deadline", required=True, type=parse_deadline, metavar="ISO8601",
                        help="ISO 8601 with its time zone, e.g. 2026-03-01T23:59:00+08:00 or 2026-03-01T15:59:00Z; "
                             "compared with each commit's committer date, which the student's machine sets")
    parser.add_argument("--out", type=Path, required=True, metavar="SUBMISSIONS",
                        help="the submissions folder to write (grader grade's input)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds for one repository (default 120)")


def parse_deadline(text: str) -> datetime:
    """``--deadline``: an ISO 8601 date and time that says its time zone."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date and time "
                                         "(e.g. 2026-03-01T23:59:00+08:00)") from None
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no time zone: add one (+08:00, Z for UTC)")
    return when


def run(course: Course, args) -> int:
    rows = read_roster(args.roster)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"deadline {args.deadline.isoformat()} ({args.deadline.astimezone(timezone.utc):%Y-%m-%d %H:%M:%S} UTC); "
          f"{len(rows)} rows in the roster")
    # The list's own name goes first (and keeps it), so that no student's folder can be it.
    students, renamed = assign_folders([COLLECTED_LIST] + [row.student for row in rows if row.student])
    folders = iter(student.folder for student in students[1:])
    for line in renamed:
        print(f"note: {line}")
    outcomes = []
    for row in rows:
        outcome = Outcome(row, next(folders) if row.student else "")
        try:
            collect_one(outcome, args.deadline, out, args.timeout)
            print(f"collected {row.student}: {outcome.commit[:12]} (committed {outcome.committed_at})")
        except CollectProblem as exc:
            outcome.problem = str(exc)
            if outcome.folder:   # a folder from an earlier run would be graded as this deadline's work
                shutil.rmtree(out / outcome.folder, ignore_errors=True)
            where = f" ({_hide_credentials(row.repository)})" if row.repository else ""
            print(f"error: {row.student or '(no student id)'}{where}: {exc}")
        outcomes.append(outcome)
    write_atomic(out / COLLECTED_LIST, _csv(outcomes))
    failed = sum(bool(o.problem) for o in outcomes)
    print(f"collected {len(outcomes) - failed} of {len(outcomes)} into {out}; list: {out / COLLECTED_LIST}"
          + (f"; {failed} not collected (above)" if failed else ""))
    return 1 if failed else 0


def read_roster(path: Path) -> list[RosterRow]:
    """The roster's rows (blank ones left out), in either format."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SystemExit(f"cannot read the roster {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise SystemExit(f"the roster {path} is not UTF-8 text; save it as 'CSV UTF-8'") from None
    try:
        reader = csv.DictReader(io.StringIO(text))
        columns = set(reader.fieldnames or [])
        ids, repository = next(((ids, repo) for ids, repo in ROSTER_FORMATS if {ids[0], repo} <= columns),
                               ((), ""))
        if not repository:
            raise SystemExit(f"the roster {path} needs the columns student and repository, or GitHub Classroom's "
                             f"roster_identifier and student_repository_url; it has {', '.join(sorted(columns))}")
        rows = [RosterRow(next((v for v in ((row.get(c) or "").strip() for c in ids) if v), ""),
                          (row.get(repository) or "").strip()) for row in reader]
    except csv.Error as exc:
        raise SystemExit(f"the roster {path} is not a readable CSV file: {exc}") from None
    return [row for row in rows if row.student or row.repository]


def collect_one(outcome: Outcome, when: datetime, out: Path, timeout: float) -> None:
    """Fetch one repository and write its tree at the deadline to ``out/<folder>``
    (``outcome`` gets the commit); raises ``CollectProblem`` saying why not."""
    row = outcome.row
    if not row.student:
        raise CollectProblem("the roster gives no student id for this repository")
    if not row.repository:
        raise CollectProblem("the roster gives no repository (has the student accepted the assignment?)")
    limit = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="grader-collect-") as work:
        clone, archive = Path(work, "repository.git"), Path(work, "tree.tar")
        _git(["clone", "--bare", "--single-branch", "--no-tags", "--quiet", "--", row.repository, str(clone)],
             limit, "cannot fetch the repository")
        outcome.commit, outcome.committed_at = _last_commit_before(clone, when, limit)
        _git(["-C", str(clone), "archive", "--format=tar", f"--output={archive}", outcome.commit], limit,
             "cannot read the commit's files")
        staged = Path(tempfile.mkdtemp(prefix=".collecting-", dir=out))   # hidden: grade skips a leftover
        try:
            _extract(archive, staged)
            record = {"repository": _hide_credentials(row.repository), "commit": outcome.commit,
                      "committed_at": outcome.committed_at}
            (staged / COLLECTED_RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            shutil.rmtree(out / outcome.folder, ignore_errors=True)
            os.replace(staged, out / outcome.folder)
        except (OSError, tarfile.TarError) as exc:
            raise CollectProblem(f"cannot write the commit's files to {out / outcome.folder}: {exc}") from None
        finally:
            shutil.rmtree(staged, ignore_errors=True)


def _last_commit_before(clone: Path, when: datetime, limit: float) -> tuple[str, str]:
    """(hash, committer date) of the default branch's latest commit at or before ``when``."""
    log = _git(["-C", str(clone), "log", "--format=%H %ct %cI", "HEAD"], limit,
               "the repository has no commits on its default branch")
    commits = [(sha, int(stamp), iso) for sha, stamp, iso in (line.split() for line in log.splitlines())]
    before = [c for c in commits if c[1] <= when.timestamp()]
    if not before:
        first = min(commits, key=lambda c: c[1])
        raise CollectProblem(f"no commit at or before the deadline (the first is dated {first[2]})")
    sha, _, iso = max(before, key=lambda c: c[1])
    return sha, iso


def _git(args: list[str], limit: float, what: str) -> str:
    """Run git (no shell, no terminal, its own process group) until ``limit``; its stdout."""
    try:
        proc = subprocess.Popen(["git", *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**os.environ, **GIT_ENV}, start_new_session=True)
    except FileNotFoundError:
        raise SystemExit("grader collect needs git: install it (e.g. apt-get install git)") from None
    try:
        stdout, stderr = proc.communicate(timeout=max(0.0, limit - time.monotonic()))
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)   # git's helpers (remote-https, index-pack) too
        proc.communicate()
        raise CollectProblem(f"{what}: git took longer than the time allowed (--timeout)") from None
    if proc.returncode:
        said = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        why = said[-1].strip() if said else f"git exited with status {proc.returncode}"
        raise CollectProblem(f"{what}: {_hide_credentials(why)}")
    return stdout.decode("utf-8", "replace")


def _extract(archive: Path, dest: Path) -> None:
    """The folders and regular files of a ``git archive`` tar (links and the rest left out)."""
    with tarfile.open(archive) as tar:
        for member in tar:
            parts = PurePosixPath(member.name).parts
            if not parts or parts[0] == "/" or ".." in parts:
                continue
            target = dest.joinpath(*parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)


def _csv(outcomes: list[Outcome]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for o in outcomes:
        writer.writerow([o.row.student, "" if o.problem else o.folder, _hide_credentials(o.row.repository),
                         o.commit, o.committed_at, o.problem])
    return buffer.getvalue()


def _hide_credentials(text: str) -> str:
    """``text`` with the user and password of any URL in it replaced by ``***``."""
    return _CREDENTIALS.sub("***@", text)
