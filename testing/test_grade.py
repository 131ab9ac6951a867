"""``grader grade`` on the example class (``examples/class.toml``): the report layout and
the plain-spoken handling of broken submissions; ``grader check`` for students."""
import ast
import csv
import os
import shutil
import signal
import subprocess
import time

import pytest

from grader.course import Course
from grader.sandbox.processes import children_of
from grader.trusted.cuda_host import cuda_host

from conftest import GRADER, REPO, results, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSONS = [lesson.name for lesson in Course(REPO).lessons()]
STUDENTS = ["ada", "ben", "cai", "dana"]


def declared_tests(lesson: str) -> dict[str, dict]:
    """The tests a lesson's files declare, read with ``ast`` (not with the grader's collection):
    ``results.json`` name -> points, cuda (marked ``pytest.mark.cuda``), hidden."""
    folder, found = REPO / "tests" / lesson, {}
    for path in [*sorted(folder.glob("test_*.py")), *sorted(folder.glob("hidden/test_*.py"))]:
        for node in ast.parse(path.read_text()).body:
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
                continue
            marks = {}
            for dec in node.decorator_list:
                call = dec if isinstance(dec, ast.Call) else None
                name = ast.unparse(call.func if call else dec)
                if name.startswith("pytest.mark."):
                    marks[name.removeprefix("pytest.mark.")] = [ast.literal_eval(a) for a in call.args] if call else []
            names = [node.name]
            if "parametrize" in marks:  # one argument, a literal list of str or int: pytest's ids are the values
                argname, values = marks["parametrize"]
                assert "," not in argname and all(isinstance(v, (str, int)) for v in values), node.name
                names = [f"{node.name}[{v}]" for v in values]
            for name in names:
                found[f"{lesson}: {path.relative_to(folder).as_posix()}::{name}"] = {
                    "points": float(marks.get("points", [1])[0]), "cuda": "cuda" in marks,
                    "hidden": path.parent != folder}
    return found


@pytest.fixture(scope="module")
def example_class(tmp_path_factory):
    from grader.devtools.examples import build

    folder = tmp_path_factory.mktemp("class")
    assert build(Course(REPO), folder) == STUDENTS
    return folder


@pytest.fixture(scope="module")
def out(tmp_path_factory, example_class):
    out = tmp_path_factory.mktemp("reports")
    run_grader("grade", str(example_class), "--out", str(out), "--no-progress")
    return out


def test_report_layout(out):
    assert (out / "gradebook.csv").is_file() and (out / "summary.md").is_file()
    assert (out / "scores.png").read_bytes()[:4] == b"\x89PNG"
    for student in ("ada", "ben", "cai", "dana"):
        assert (out / student / "feedback.md").is_file()
        for lesson in LESSONS:
            res = results(out, student, lesson)
            assert {"score", "max_score", "tests"} <= set(res)
            for t in res["tests"]:
                assert {"name", "score", "max_score", "status", "visibility", "output"} <= set(t)
                assert t["status"] in ("passed", "failed") and t["visibility"] in ("visible", "hidden")
            assert res["protections"]["separate_process"] is True


def test_gradebook_rows(out):
    """One row per student, and every cell (each lesson's score, total, max) is what that
    student's ``results.json`` files say."""
    with open(out / "gradebook.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["student", *LESSONS, "total", "max", "folder"]
        rows = list(reader)
    assert sorted(r["student"] for r in rows) == STUDENTS
    for row in rows:
        res = [results(out, row["student"], lesson) for lesson in LESSONS]
        assert [float(row[lesson]) for lesson in LESSONS] == pytest.approx([r["score"] for r in res]), row
        assert float(row["total"]) == pytest.approx(sum(r["score"] for r in res)), row
        assert float(row["max"]) == pytest.approx(sum(r["max_score"] for r in res)), row
    assert len({r["max"] for r in rows}) == 1, "every student is graded out of the same maximum"


def test_perfect_student_gets_full_marks_and_partial_loses_some(out):
    for lesson in LESSONS:
        res = results(out, "ada", lesson)
        assert res["score"] == res["max_score"] > 0
    ben = [results(out, "ben", lesson) for lesson in LESSONS]
    assert 0 < sum(r["score"] for r in ben) < sum(r["max_score"] for r in ben)


def test_syntax_error_is_reported_plainly_and_scores_what_it_can(out):
    res = results(out, "cai", "01_tensors")
    assert res["score"] == 0 and "SyntaxError" in res["problem"] and "line 13" in res["problem"]
    assert res["max_score"] == results(out, "ada", "01_tensors")["max_score"]
    assert results(out, "cai", "00_python_basics")["score"] == results(out, "ada", "00_python_basics")["score"]
    assert "SyntaxError" in (out / "cai" / "feedback.md").read_text()


def test_missing_lesson_in_a_zip(out):
    res = results(out, "dana", "02_preprocessing")
    assert res["score"] == 0 and "missing" in res["problem"]
    assert results(out, "dana", "00_python_basics")["score"] > 0


def test_hardware_skips_are_listed_and_left_out_of_max_score(out):
    """Where CUDA does not work (``cuda_host``), the CUDA-marked tests are listed in ``hardware_skips``
    with the host's reason, which the report's ``cuda`` states once, and are left out of ``tests``
    and ``max_score``; where it works, none is skipped, all are graded."""
    host = cuda_host()
    gpu = host.usable
    cuda_tests = 0
    for lesson in LESSONS:
        declared = declared_tests(lesson)
        cuda = {name for name, t in declared.items() if t["cuda"]}
        cuda_tests += len(cuda)
        res = results(out, "ada", lesson)
        graded = {t["name"] for t in res["tests"]}
        assert res["cuda"] == {"ran": gpu, "reason": host.reason}
        if gpu:
            assert res["hardware_skips"] == [] and graded == set(declared)
        else:
            assert {s["name"] for s in res["hardware_skips"]} == cuda and graded == set(declared) - cuda
            assert all(host.reason in s["reason"] for s in res["hardware_skips"])
        assert res["max_score"] == sum(declared[name]["points"] for name in graded)
    assert cuda_tests, "no lesson has a CUDA-marked test: this test proves nothing"


def test_public_only_leaves_out_every_hidden_test(out, tmp_path, example_class):
    """``--public-only``: no hidden test in any ``results.json`` and ``max_score`` is the public
    tests' points; the same submission graded without the flag (``out``) has hidden tests."""
    shutil.copytree(example_class / "ada", tmp_path / "subs" / "ada")
    run_grader("grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--public-only", "--no-progress")
    for lesson in LESSONS:
        declared = declared_tests(lesson)
        public = {n: t for n, t in declared.items() if not t["hidden"]}
        text = (tmp_path / "out" / "ada" / lesson / "results.json").read_text()
        res = results(tmp_path / "out", "ada", lesson)
        assert {t["name"] for t in res["tests"]} | {s["name"] for s in res["hardware_skips"]} == set(public)
        assert not [n for n, t in declared.items() if t["hidden"] and n.split(": ", 1)[1] in text]
        assert all(t["visibility"] == "visible" for t in res["tests"])
        graded = {t["name"] for t in res["tests"]}
        assert res["max_score"] == sum(public[n]["points"] for n in graded) > 0
        assert res["score"] == res["max_score"]
        assert any(t["visibility"] == "hidden" for t in results(out, "ada", lesson)["tests"])


def test_feedback_hides_hidden_test_details(out):
    text = (out / "ben" / "feedback.md").read_text()
    hidden_names = [t["name"].split(": ", 1)[1] for lesson in LESSONS
                    for t in results(out, "ben", lesson)["tests"] if t["visibility"] == "hidden"]
    assert hidden_names and not any(name in text for name in hidden_names)
    assert "Hidden tests" in text
    assert "points), in outer_sum:" in text, "the functions whose hidden tests failed are named"


def test_summary_lists_hardest_tests_first(out):
    text = (out / "summary.md").read_text()
    rates = [int(line.split("|")[2].strip().rstrip("%")) for line in text.splitlines()
             if line.startswith("| ") and "%" in line]
    assert rates == sorted(rates)


def test_check_prints_table_and_fails_on_stubs():
    proc = run_grader("check", "--lesson", "00_python_basics", check=False)
    assert proc.returncode == 1
    assert "00_python_basics" in proc.stdout and "not started" in proc.stdout
    assert "still to write: sign, greet" in proc.stdout and "NotImplementedError" not in proc.stdout
    assert "total: 0 /" in proc.stdout


def test_check_passes_on_solutions():
    proc = run_grader("check", "--submission", str(REPO / "solutions"), check=False)
    assert proc.returncode == 0, proc.stdout
    for lesson in LESSONS:
        assert lesson in proc.stdout


def _zygote_of(grader_pid: int) -> int | None:
    for pid in children_of(grader_pid):
        try:  # no grader helper reads a command line
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"grader.sandbox.zygote" in fh.read():
                    return pid
        except OSError:
            continue
    return None


def test_a_lost_zygote_stops_the_run_without_wrong_scores(tmp_path):
    """If the process that starts runners dies, no student gets scores for it: those
    graded before keep theirs, the others are reported as not graded, exit status 1."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    for i in range(8):
        shutil.copytree(REPO / "solutions" / "00_python_basics", subs / f"s{i}" / "00_python_basics")
    proc = subprocess.Popen([str(GRADER), "--course", str(REPO), "grade", str(subs), "--out", str(out),
                             "--no-progress", "--jobs", "1", "--lessons", "00_python_basics"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out / "s0" / "00_python_basics" / "results.json").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(_zygote_of(proc.pid), signal.SIGKILL)
    stdout, _ = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "runner service (zygote) stopped" in stdout
    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert set(rows) == {f"s{i}" for i in range(8)}
    assert rows["s0"]["total"] == rows["s0"]["max"]
    lost = [s for s in rows if "zygote" in results(out, s, "00_python_basics")["problem"]]
    assert lost and "s0" not in lost and all(float(rows[s]["total"]) == 0 for s in lost)
    assert all(rows[s]["total"] == rows[s]["max"] for s in rows if s not in lost)


def test_every_public_test_runs_before_any_hidden_one():
    """What students see is produced before their code has seen a hidden input."""
    from grader.sandbox.uids import runner_uid
    from grader.trusted.session import run_lessons
    from grader.trusted.warm_start import start_zygote

    course = Course(REPO)
    lessons = course.lessons()
    zygote = start_zygote(course, lessons)
    try:
        results, _, _, _ = run_lessons(course, lessons, REPO / "solutions", include_hidden=True, zygote=zygote,
                                 uid=runner_uid(0))
    finally:
        zygote.close()
    kinds = [r.visibility for r in results]
    assert kinds.count("visible") and kinds.count("hidden")
    assert kinds == sorted(kinds, key=lambda k: k == "hidden"), kinds
    assert all(r.status == "passed" for r in results if r.visibility == "visible")
