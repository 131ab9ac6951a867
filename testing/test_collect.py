"""``grader collect ROSTER.csv --deadline ISO8601 --out SUBMISSIONS`` with real git and local bare
repositories holding commits on both sides of a deadline: each student's folder holds the last
commit of the default branch at or before the deadline (a later commit, and a later-but-earlier
commit on another branch, are not taken); unreachable repositories, roster rows without a
repository and repositories with no commit before the deadline are listed on the terminal and in
collected.csv and make the exit status 1; both roster formats (ours, GitHub Classroom's) are read.
``grader grade`` then grades the folder as usual and names the commit in results.json and
feedback.md.  The instructor workflow (.github/workflows/grade.yml) runs both."""
import csv
import importlib.util
import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, results, run_grader

LESSON = "04_linear_model"
FILE = f"assignments/{LESSON}/linear_model.py"
DEADLINE = "2026-03-01T23:59:00+08:00"
SOLUTION = (REPO / "solutions" / LESSON / "linear_model.py").read_text(encoding="utf-8")
STUB = (REPO / FILE).read_text(encoding="utf-8")


def git(*args: str, cwd: Path, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "学生", "GIT_AUTHOR_EMAIL": "s@example.org",
           "GIT_COMMITTER_NAME": "学生", "GIT_COMMITTER_EMAIL": "s@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def bare_repository(root: Path, name: str, commits: list[tuple[str, str]], branch: str = "main",
                    side_branch: list[tuple[str, str]] = ()) -> tuple[Path, list[str]]:
    """``root/name.git``, its default branch ``branch`` holding ``commits`` ((committer date,
    lesson file text), oldest first), and a branch ``experiment`` with ``side_branch`` on top of
    the first; the default branch's commit hashes."""
    bare, work = root / f"{name}.git", root / f"{name}-work"
    git("init", "--bare", "--quiet", "-b", branch, str(bare), cwd=root)
    git("init", "--quiet", "-b", branch, str(work), cwd=root)
    hashes = []
    for date, text in commits:
        (work / FILE).parent.mkdir(parents=True, exist_ok=True)
        (work / FILE).write_text(text, encoding="utf-8")
        git("add", "-A", cwd=work)
        git("commit", "--quiet", "-m", f"work of {date}", cwd=work, date=date)
        hashes.append(git("rev-parse", "HEAD", cwd=work))
    git("push", "--quiet", str(bare), branch, cwd=work)
    if side_branch:
        git("checkout", "--quiet", "-b", "experiment", hashes[0], cwd=work)
        for date, text in side_branch:
            (work / FILE).write_text(text, encoding="utf-8")
            git("commit", "--quiet", "-am", "experiment", cwd=work, date=date)
        git("push", "--quiet", str(bare), "experiment", cwd=work)
    return bare, hashes


@pytest.fixture(scope="module")
def repositories(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("repositories")
    return {
        # Right before the deadline: the solution; after it, a broken file; on a side branch, a
        # commit later than the solution and before the deadline, which is not the default branch.
        "张三": bare_repository(root, "zhang", [("2026-02-27T10:00:00+08:00", SOLUTION),
                                               ("2026-03-02T09:00:00+08:00", "def forward(:\n")],
                               side_branch=[("2026-03-01T12:00:00+08:00", STUB)]),
        # Exactly at the deadline (another time zone, the same instant), on a branch named trunk.
        "Ana María": bare_repository(root, "ana", [("2026-02-20T08:00:00Z", "broken(\n"),
                                                   ("2026-03-01T15:59:00Z", STUB)], branch="trunk"),
        "late": bare_repository(root, "late", [("2026-03-03T10:00:00+08:00", SOLUTION)]),
        "李四": (root / "missing.git", []),
    }


def run_collect(roster: Path, out: Path) -> subprocess.CompletedProcess:
    return run_grader("collect", str(roster), "--deadline", DEADLINE, "--out", str(out), "--timeout", "60",
                      check=False)


def collected_rows(out: Path) -> dict[str, dict]:
    with open(out / "collected.csv", encoding="utf-8", newline="") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


@pytest.mark.slow
def test_each_repository_at_its_last_commit_before_the_deadline_then_graded(repositories, tmp_path):
    roster, out = tmp_path / "roster.csv", tmp_path / "submissions"
    with open(roster, "w", encoding="utf-8", newline="") as fh:   # plain paths and file:// URLs
        writer = csv.writer(fh)
        writer.writerow(["student", "repository"])
        writer.writerow(["张三", str(repositories["张三"][0])])
        writer.writerow(["Ana María", repositories["Ana María"][0].as_uri()])
        writer.writerow(["late", str(repositories["late"][0])])
        writer.writerow(["李四", str(repositories["李四"][0])])
    (out / "李四" / LESSON).mkdir(parents=True)   # from an earlier run: must not be graded as this one's
    proc = run_collect(roster, out)
    assert proc.returncode == 1, proc.stdout + proc.stderr

    zhang, ana = repositories["张三"][1], repositories["Ana María"][1]
    assert (out / "张三" / FILE).read_text(encoding="utf-8") == SOLUTION
    assert (out / "Ana María" / FILE).read_text(encoding="utf-8") == STUB
    assert sorted(p.name for p in out.iterdir()) == sorted(["Ana María", "collected.csv", "张三"])
    record = json.loads((out / "张三" / ".grader-collected.json").read_text(encoding="utf-8"))
    assert record == {"repository": str(repositories["张三"][0]), "commit": zhang[0],
                      "committed_at": "2026-02-27T10:00:00+08:00"}

    rows = collected_rows(out)
    assert (rows["张三"]["commit"], rows["张三"]["folder"], rows["张三"]["problem"]) == (zhang[0], "张三", "")
    assert (rows["Ana María"]["commit"], rows["Ana María"]["committed_at"]) == (ana[1], "2026-03-01T15:59:00+00:00")
    assert rows["late"]["commit"] == "" and "no commit at or before the deadline" in rows["late"]["problem"]
    assert "2026-03-03T10:00:00+08:00" in rows["late"]["problem"]
    assert rows["李四"]["commit"] == "" and "cannot fetch the repository" in rows["李四"]["problem"]
    for student in ("late", "李四"):
        assert f"error: {student} (" in proc.stdout and rows[student]["problem"] in proc.stdout
    assert "collected 2 of 4" in proc.stdout

    reports = tmp_path / "reports"
    graded = run_grader("grade", str(out), "--out", str(reports), "--lessons", LESSON, "--no-progress")
    assert "not a submission, left out: collected.csv" in graded.stdout
    assert sorted(p.name for p in reports.iterdir() if p.is_dir()) == sorted(["Ana María", "张三"])
    full, zero = results(reports, "张三", LESSON), results(reports, "Ana María", LESSON)
    assert full["score"] == full["max_score"] > 0 and zero["score"] == 0
    assert full["collected"] == record and zero["collected"]["commit"] == ana[1]
    feedback = (reports / "张三" / "feedback.md").read_text(encoding="utf-8")
    assert f"commit `{zhang[0]}` of {repositories['张三'][0]}, committed 2026-02-27T10:00:00+08:00" \
        in feedback.split("**Total", 1)[0]

    # Collected again from another commit with the same files: regraded, for the reports to name it.
    record["commit"] = "0" * 40
    (out / "张三" / ".grader-collected.json").write_text(json.dumps(record), encoding="utf-8")
    run_grader("grade", str(out), "--out", str(reports), "--lessons", LESSON, "--no-progress")
    assert results(reports, "张三", LESSON)["collected"]["commit"] == "0" * 40


def test_github_classrooms_export_and_a_missing_repository(repositories, tmp_path):
    roster, out = tmp_path / "grades.csv", tmp_path / "submissions"
    header = ["assignment_name", "assignment_url", "starter_code_url", "github_username", "roster_identifier",
              "student_repository_name", "student_repository_url", "submission_timestamp", "points_awarded",
              "points_available"]
    rows = [  # (github_username, roster_identifier, repository url)
        ("zhang-san", "张三", repositories["张三"][0].as_uri()),
        ("ana-m", "", repositories["Ana María"][0].as_uri()),   # no roster id: the GitHub user name
        ("wang-wu", "王五", ""),                                   # never accepted the assignment
    ]
    with open(roster, "w", encoding="utf-8-sig", newline="") as fh:   # Excel's UTF-8 CSV starts with a BOM
        writer = csv.writer(fh)
        writer.writerow(header)
        for user, identifier, url in rows:
            writer.writerow(["lesson 4", "", "", user, identifier, url.rsplit("/", 1)[-1], url, "", "", ""])
    proc = run_collect(roster, out)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    listed = collected_rows(out)
    assert listed["张三"]["commit"] == repositories["张三"][1][0]
    assert listed["ana-m"]["commit"] == repositories["Ana María"][1][1]
    assert (out / "ana-m" / FILE).read_text(encoding="utf-8") == STUB
    assert "no repository" in listed["王五"]["problem"] and not (out / "王五").exists()


def test_a_repository_that_never_answers_costs_its_time_limit_only(repositories, tmp_path):
    """A server that takes the connection and never replies: git and its helper (git-remote-http,
    another process) are killed at --timeout, and the next repository is collected."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        roster = tmp_path / "roster.csv"
        roster.write_text(f"student,repository\nslow,http://127.0.0.1:{server.getsockname()[1]}/slow.git\n"
                          f"张三,{repositories['张三'][0]}\n", encoding="utf-8")
        started = time.monotonic()
        proc = run_grader("collect", str(roster), "--deadline", DEADLINE, "--out", str(tmp_path / "out"),
                          "--timeout", "3", check=False, timeout=60)
        elapsed = time.monotonic() - started
    assert proc.returncode == 1 and elapsed < 20, (elapsed, proc.stdout, proc.stderr)
    rows = collected_rows(tmp_path / "out")
    assert "took longer than the time allowed" in rows["slow"]["problem"]
    assert rows["张三"]["commit"] == repositories["张三"][1][0]


def test_a_roster_without_the_columns_gets_a_clear_message(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,url\nx,y\n", encoding="utf-8")
    proc = run_collect(roster, tmp_path / "out")
    assert proc.returncode != 0 and "needs the columns student and repository" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_says_committer_dates_come_from_the_students_machine():
    text = run_grader("collect", "--help").stdout
    assert "committer date" in text and "student's machine" in text


def test_the_instructor_workflow_collects_then_grades():
    text = (REPO / ".github" / "workflows" / "grade.yml").read_text(encoding="utf-8")
    for part in ("workflow_dispatch", "schedule", "make setup", "grader collect roster.csv --deadline",
                 "--out submissions", "grader grade submissions --out reports", "actions/upload-artifact@v4",
                 "secrets.GRADER_TOKEN"):
        assert part in text, part
    # The token: from the secret into the environment, from there to git's credential helper only.
    uses = [line.strip() for line in text.splitlines()
            if "GRADER_TOKEN" in line and not line.lstrip().startswith("#")]
    assert uses == ["GRADER_TOKEN: ${{ secrets.GRADER_TOKEN }}", 'if [ -n "$GRADER_TOKEN" ]; then',
                    """'!f() { test "$1" = get && echo username=x-access-token """
                    """&& echo "password=$GRADER_TOKEN"; }; f'"""]
    assert "git config --global credential.https://github.com.helper" in text
    if importlib.util.find_spec("yaml"):
        import yaml

        flow = yaml.safe_load(text)
        steps = flow["jobs"]["grade"]["steps"]
        assert "deadline" in flow.get("on", flow.get(True))["workflow_dispatch"]["inputs"]
        upload = next(s for s in steps if s.get("uses") == "actions/upload-artifact@v4")
        assert upload["if"] == "always()" and "reports" in upload["with"]["path"]
