"""The course's decisions (``grader.decisions``): the late policy (grace, per day or hour, cap,
no credit after a date, per-student extensions, no submission time known) and recorded
adjustments, applied on top of raw scores and shown in results.json, feedback.md, the
gradebook and the LMS export; kept over a rerun that reuses every student; bad decision files
stop with the file and line and leave the output folder as it was; none of it ships."""
import csv
import io
import json
import shutil

import pytest

from grader.commands.release import release_files
from grader.course import Course
from grader.decisions.apply import apply_decisions, decide
from grader.decisions.class_files import load_decisions
from grader.decisions.source import BadDecisionFile
from grader.reports.atomic import write_atomic
from grader.reports.classwide import write_class_reports
from grader.reports.student import feedback_markdown, write_results
from grader.trusted.results import LessonReport
from grader.trusted.results import TestResult as Result

from conftest import REPO, results, run_grader

LESSON = "04_linear_model"
LESSONS = [lesson.name for lesson in Course(REPO).lessons()]
POLICY = """\
[late]
grace_minutes = 30
per = "day"
penalty_percent = 10
cap_percent = 30

[lessons.04_linear_model]
deadline = 2026-03-01T23:59:00+08:00
no_credit_after = 2026-03-10T23:59:00+08:00

[lessons.05_gradient_descent]
deadline = 2026-03-08T23:59:00+08:00
per = "hour"
penalty_percent = 5
"""
EXTENSIONS = "student,lesson,until,reason\n李娜,04_linear_model,+3d,medical certificate\n"
ADJUSTMENTS = ("student,lesson,points,score,reason,date\n"
               "张伟,04_linear_model,2,,regrade of test_mse accepted,2026-03-04\n")
SUBMITTED = {  # student -> commit time (None: no grader collect record)
    "张伟": "2026-03-03T10:00:00+08:00",     # 2 started days late: -20%
    "李娜": "2026-03-03T10:00:00+08:00",     # the same, but extended by 3 days: on time
    "Ana María": None,                        # no time known: no penalty
}


def class_dir(tmp_path, policy=POLICY, extensions=EXTENSIONS, adjustments=ADJUSTMENTS):
    folder = tmp_path / "class"
    folder.mkdir(exist_ok=True)
    for name, text in (("policy.toml", policy), ("extensions.csv", extensions), ("adjustments.csv", adjustments)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def report(student, lesson=LESSON, score=8.0, maximum=10.0, submitted=None):
    collected = {"repository": "r", "commit": "a" * 40, "committed_at": submitted} if submitted else None
    return LessonReport(student, lesson, [Result(lesson, "test_all", "all of it", "visible", maximum, score,
                                                 "passed" if score == maximum else "failed")], collected=collected)


def decided(tmp_path, submitted, lesson=LESSON, student="王芳", score=8.0, **files):
    decisions = load_decisions(class_dir(tmp_path, **files), LESSONS)
    return decide(decisions, report(student, lesson, score, submitted=submitted))


@pytest.mark.parametrize("submitted, final, says", [
    ("2026-03-01T23:59:00+08:00", 8, None),                         # at the deadline
    ("2026-03-02T00:20:00+08:00", 8, "within the grace period"),     # 21 minutes late, grace 30
    ("2026-03-02T00:40:00+08:00", 7.2, "1 day late"),                # after the grace: one started day, -10%
    ("2026-03-01T17:00:00Z", 7.2, "1 day late"),                     # 01:00+08:00 in UTC: 61 minutes late
    ("2026-03-06T12:00:00+08:00", 5.6, "capped at 30%"),             # 5 days: 50%, capped at 30%
    ("2026-03-11T00:00:00+08:00", 0, "no credit"),                   # after no_credit_after
])
def test_late_penalty_per_day(tmp_path, submitted, final, says):
    record = decided(tmp_path, submitted)
    assert record["raw"] == 8 and record["final"] == pytest.approx(final)
    assert (record["late"] is None) == (says is None)
    if says:
        assert says in record["late"]["reason"] and "deadline 2026-03-01T23:59:00+08:00" in record["late"]["reason"]


def test_per_hour_penalty_without_cap(tmp_path):
    record = decided(tmp_path, "2026-03-09T02:30:00+08:00", lesson="05_gradient_descent")  # 3 started hours
    assert record["late"]["percent"] == 15 and record["final"] == pytest.approx(6.8)
    assert "3 hours late" in record["late"]["reason"]


def test_an_extension_moves_the_deadline_and_the_last_date_for_credit(tmp_path):
    on_time = decided(tmp_path, "2026-03-03T10:00:00+08:00", student="李娜")
    assert on_time["late"] is None and on_time["final"] == 8
    later = decided(tmp_path, "2026-03-12T00:00:00+08:00", student="李娜")  # past the cutoff, but not past cutoff+3d
    assert later["late"]["percent"] == 30 and "extended to 2026-03-04T23:59:00+08:00 (medical certificate)" \
        in later["late"]["reason"]


def test_no_submission_time_means_no_penalty_and_says_so(tmp_path):
    record = decided(tmp_path, None)
    assert record["late"] is None and record["final"] == 8
    assert record["notes"] == ["no submission time known: no late penalty applied"]


def test_a_time_from_the_lms_export_is_used_before_the_commit(tmp_path):
    policy = POLICY + '\n[submission_times]\nfile = "canvas.csv"\nmatch = "SIS Login ID"\ncolumn = "Submitted at"\n'
    folder = class_dir(tmp_path, policy=policy)
    (folder / "canvas.csv").write_text("Student,SIS Login ID,Submitted at\n王, 芳,王芳,2026-03-02T10:00:00Z\n"
                                       .replace("王, 芳", '"王, 芳"'), encoding="utf-8")
    record = decide(load_decisions(folder, LESSONS), report("王芳", submitted="2026-03-01T20:00:00+08:00"))
    assert record["submitted_from"] == "canvas.csv line 2" and record["late"]["percent"] == 10


def test_a_replacement_score_replaces_penalty_and_points_follow(tmp_path):
    adjustments = ("student,lesson,points,score,reason,date\n"
                   "王芳,04_linear_model,,9,late work excused after review,2026-03-05\n"
                   "王芳,04_linear_model,-0.5,,plagiarism of a comment,2026-03-06T10:00:00+08:00\n")
    record = decided(tmp_path, "2026-03-03T10:00:00+08:00", adjustments=adjustments)
    assert record["late"]["points"] == pytest.approx(-1.6) and record["final"] == pytest.approx(8.5)
    assert [a["text"] for a in record["adjustments"]] == [
        "score set to 9 on 04_linear_model: late work excused after review, 2026-03-05",
        "-0.5 on 04_linear_model: plagiarism of a comment, 2026-03-06T10:00:00+08:00"]


# ----------------------------------------------------------------------------- a class's reports
def write_class(out, students=SUBMITTED):
    """Reports as a class run writes them: results.json per lesson, feedback.md."""
    for student, submitted in students.items():
        rep = report(student, submitted=submitted)
        write_results(rep, out / student / LESSON)
        write_atomic(out / student / "feedback.md", feedback_markdown(student, [rep]))


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_late_penalty_alone_shows_no_adjustment_of_minus_zero():
    from grader.reports.classwide import _num

    assert _num(round(27.2 - 34 - (-6.8), 4)) == "0" and _num(-1.6) == "-1.6" and _num(2.0) == "2"


def test_decisions_show_in_results_feedback_gradebook_and_lms_export(tmp_path):
    out, folder = tmp_path / "reports", class_dir(tmp_path)
    write_class(out)
    decisions = load_decisions(folder, LESSONS)
    assert apply_decisions(out, [LESSON], decisions) == 3
    write_class_reports(out, [LESSON])

    zhang = results(out, "张伟", LESSON)
    assert zhang["score"] == 8 and zhang["decisions"]["final"] == pytest.approx(8.4)   # 8 - 20% + 2
    assert results(out, "李娜", LESSON)["decisions"]["final"] == 8
    feedback = (out / "张伟" / "feedback.md").read_text(encoding="utf-8")
    assert "**Total: 8.4 / 10 points**" in feedback and "-1.6 on 04_linear_model: late" in feedback
    assert "+2 on 04_linear_model: regrade of test_mse accepted, 2026-03-04" in feedback
    assert "no submission time known: no late penalty applied" in (out / "Ana María" / "feedback.md").read_text()

    book = {row["student"]: row for row in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text()))}
    assert (book["张伟"][LESSON], book["张伟"][f"{LESSON} raw"], book["张伟"][f"{LESSON} late penalty"],
            book["张伟"][f"{LESSON} adjustments"]) == ("8.4", "8", "-1.6", "2")
    assert "2 days late" in book["张伟"][f"{LESSON} reasons"]
    assert (book["李娜"][LESSON], book["李娜"][f"{LESSON} late penalty"]) == ("8", "0")
    assert "extended" not in book["李娜"][f"{LESSON} reasons"]  # on time: nothing to explain
    assert "张伟" in (out / "张伟" / "feedback.html").read_text() and "+2 on 04_linear_model" in \
        (out / "张伟" / "feedback.html").read_text()

    roster = tmp_path / "moodle.csv"
    roster.write_text("First name,ID number\n伟,张伟\n娜,李娜\nAna,Ana María\n", encoding="utf-8")
    run_grader("export", "lms", str(out), "--roster", str(roster), "--match", "ID number", "--out",
               str(tmp_path / "filled.csv"), "--class-dir", str(folder), "--decision-columns", timeout=120)
    filled = {row["ID number"]: row for row in csv.DictReader(io.StringIO((tmp_path / "filled.csv").read_text()))}
    assert (filled["张伟"][LESSON], filled["张伟"][f"{LESSON} raw"], filled["张伟"][f"{LESSON} late penalty"]) == \
        ("8.4", "8", "-1.6")
    assert filled["李娜"][LESSON] == "8" and filled["Ana María"][LESSON] == "8"

    before = snapshot(out)   # applied again with the same files: nothing changes
    assert apply_decisions(out, [LESSON], load_decisions(folder, LESSONS)) == 0 and snapshot(out) == before

    (folder / "adjustments.csv").write_text(ADJUSTMENTS + "李娜,04_linear_model,1,,bonus,2026-03-05\n", "utf-8")
    proc = run_grader("export", "lms", str(out), "--roster", str(roster), "--match", "ID number", "--out",
                      str(tmp_path / "again.csv"), "--class-dir", str(folder), check=False, timeout=120)
    assert proc.returncode == 2 and "changed since the reports" in proc.stderr
    assert not (tmp_path / "again.csv").exists()


def test_a_result_outside_the_lessons_range_stops_before_any_file_changes(tmp_path):
    out = tmp_path / "reports"
    write_class(out)
    before = snapshot(out)
    folder = class_dir(tmp_path, adjustments=ADJUSTMENTS + "李娜,04_linear_model,3,,bonus,2026-03-05\n")
    with pytest.raises(BadDecisionFile, match=r"adjustments.csv:3: 李娜's 04_linear_model would score 11"):
        apply_decisions(out, [LESSON], load_decisions(folder, LESSONS))
    assert snapshot(out) == before


BAD = [  # (file, text, line, message)
    ("policy.toml", "[late]\nper = 'week'\n", 2, 'per must be "day" or "hour"'),
    ("policy.toml", "[late]\npenalty_percent = 'ten'\n", 2, "penalty_percent must be a number"),
    ("policy.toml", "[late]\ncap_percent = 150\n", 2, "cap_percent must be at most 100"),
    ("policy.toml", "[lessons.04_linear_model]\n\ndeadline = 2026-03-01T23:59:00\n", 3, "has no time zone"),
    ("policy.toml", "[lessons.04_linear_model]\ndeadline = 2026-03-01\n", 2, "with its time zone"),
    ("policy.toml", "# c\n[lessons.99_nothing]\ndeadline = 2026-03-01T23:59:00Z\n", 2, "no lesson '99_nothing'"),
    ("policy.toml", "[lessons.04_linear_model]\ndeadline = 2026-03-01T23:59:00Z\nno_credit_after = "
                    "2026-02-01T00:00:00Z\n", 3, "is before the deadline"),
    ("policy.toml", "[late]\ngrace = 5 minutes\n", 2, "is not valid TOML"),
    ("policy.toml", "[lessons.04_linear_model]\nduedate = 2026-03-01T23:59:00Z\n", 2, "unknown key 'duedate'"),
    ("extensions.csv", "student,lesson,until\n张伟,04_linear_model,2026-03-04 23:59\n", 2, "has no time zone"),
    ("extensions.csv", "student,lesson,until\n张伟,07_nothing,+3d\n", 2, "no lesson '07_nothing'"),
    ("extensions.csv", "student,lesson,until\n无名,*,+3d\n", 2, "no student '无名' in the class"),
    ("adjustments.csv", "student,lesson,points,score,reason,date\n\n无名,04_linear_model,1,,x,2026-03-04\n", 3,
     "no student '无名' in the class"),
    ("adjustments.csv", "student,lesson,points,score,reason,date\n张伟,04_linear,1,,x,2026-03-04\n", 2,
     "no lesson '04_linear'"),
    ("adjustments.csv", "student,lesson,points,score,reason,date\n张伟,04_linear_model,1,5,x,2026-03-04\n", 2,
     "not both"),
    ("adjustments.csv", "student,lesson,points,score,reason,date\n张伟,04_linear_model,,-1,x,2026-03-04\n", 2,
     "score must be at least 0"),
    ("adjustments.csv", "student,lesson,points,score,reason,date\n张伟,04_linear_model,1,,x,\n", 2, "no date"),
    ("adjustments.csv", "student,lesson,points,reason\n", 1, "missing: score, date"),
]


@pytest.mark.parametrize("name, text, line, message", BAD, ids=[f"{b[0]}-{b[3][:24]}" for b in BAD])
def test_bad_decision_files_stop_grade_with_file_and_line_and_write_nothing(tmp_path, name, text, line, message):
    folder = class_dir(tmp_path, policy="", extensions="", adjustments="")
    (folder / name).write_text(text, encoding="utf-8")
    submissions = tmp_path / "submissions"
    (submissions / "张伟" / LESSON).mkdir(parents=True)
    out = tmp_path / "reports"
    proc = run_grader("grade", str(submissions), "--out", str(out), "--class-dir", str(folder), "--no-progress",
                      "--lessons", LESSON, check=False, timeout=300)
    assert proc.returncode != 0 and f"{folder / name}:{line}: " in proc.stderr and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_the_shipped_decision_files_are_valid_and_decide_nothing():
    assert load_decisions(REPO / "class", LESSONS).decides_nothing


def test_decision_files_and_code_never_ship():
    shipped = {p.as_posix() for p in release_files(Course(REPO))}
    assert not [p for p in shipped if p.startswith(("class/", "grader/decisions/"))]


def test_an_unknown_datetime_shape_in_collect_is_no_time(tmp_path):
    record = decided(tmp_path, "yesterday")
    assert record["late"] is None and record["notes"] == ["no submission time known: no late penalty applied"]


# ----------------------------------------------------------------------------- a real grading, twice
@pytest.mark.slow
def test_decisions_survive_a_rerun_that_reuses_every_student(tmp_path):
    lesson = "00_python_basics"
    policy = "[late]\npenalty_percent = 10\n\n[lessons.00_python_basics]\ndeadline = 2026-03-01T23:59:00+08:00\n"
    adjustments = "student,lesson,points,score,reason,date\n张伟,00_python_basics,-1,,copied a docstring,2026-03-04\n"
    folder = class_dir(tmp_path, policy=policy, extensions="student,lesson,until\n李娜,*,+2d\n",
                       adjustments=adjustments)
    submissions = tmp_path / "submissions"
    for student, submitted in SUBMITTED.items():
        (submissions / student / lesson).mkdir(parents=True)
        shutil.copy(REPO / "solutions" / lesson / "basics.py", submissions / student / lesson / "basics.py")
        if submitted:
            (submissions / student / ".grader-collected.json").write_text(json.dumps(
                {"repository": "https://example.edu/r.git", "commit": "b" * 40, "committed_at": submitted}))
    out = tmp_path / "reports"
    args = ("grade", str(submissions), "--out", str(out), "--class-dir", str(folder), "--no-progress",
            "--lessons", lesson)
    run_grader(*args)
    first = snapshot(out)
    raw = results(out, "张伟", lesson)["score"]
    assert results(out, "张伟", lesson)["decisions"]["final"] == pytest.approx(raw * 0.8 - 1)
    assert results(out, "李娜", lesson)["decisions"]["final"] == raw
    assert "reused" in (second := run_grader(*args)).stdout and "3 reused" in second.stdout
    assert {k: v for k, v in snapshot(out).items() if not k.endswith(".png")} == \
        {k: v for k, v in first.items() if not k.endswith(".png")}
    feedback = (out / "张伟" / "feedback.md").read_text(encoding="utf-8")
    assert "-1 on 00_python_basics: copied a docstring, 2026-03-04" in feedback
