"""The class's misconceptions for the teacher (``grader.reports.misconceptions``), on a made-up
class with known counts: in lesson 05, three students show mistake A, one the candidates A/B,
two fail ``mse`` identically with no known mistake, one fails it in a way of their own; in
lesson 06, groups of three and two.  ``summary.md`` and the dashboard's index count them and
name who; no student's page or ``feedback.md`` shows another student's id or source."""
import html
import json

import pytest

from grader.limits import REPRESENTATIVE_SOURCE_CHARS
from grader.reports.classwide import load_results, write_class_reports
from grader.reports.misconceptions import ClassMistakes, Group, representative_source
from grader.reports.student import feedback_markdown
from grader.trusted.results import Diagnosis, LessonReport, TestResult, Unexplained

LESSONS = ["05_gradient_descent", "06_backprop"]
A = {"name": "gradient_no_factor_2", "en": "forgets the factor 2 from the derivative of the square.",
     "zh": "漏掉了平方求导得到的因子 2。"}
B = {"name": "gradient_sign", "en": "returns the gradient with its sign flipped | negated.", "zh": "梯度的符号反了。"}
EVE_SOURCE = "def mse(xs, ys, w):\n    # ``` <script>alert(1)</script>\n    return 0  # EVE-SOURCE"
FAY_SOURCE = "def mse(xs, ys, w):\n    return 0  # FAY-SOURCE"
GUS_SOURCE = "def mse(xs, ys, w):\n    return 1  # GUS-SOURCE"
NAMED = ["Ana María", "张三", "李四"]
STUDENTS = {   # id -> lesson 05's diagnoses and unexplained failures
    **{s: ([Diagnosis("gradient", [A], ["test_public.py::test_gradient"])], []) for s in NAMED},
    "Dan_Q": ([Diagnosis("gradient", [A, B], ["hidden/test_hidden.py::test_gradient_random"])], []),
    "Eve_K": ([], [Unexplained("mse", ["test_public.py::test_mse"], "sig-mse", EVE_SOURCE)]),
    "Fay_L": ([], [Unexplained("mse", ["test_public.py::test_mse"], "sig-mse", FAY_SOURCE)]),
    "Gus_M": ([], [Unexplained("mse", ["test_public.py::test_mse"], "sig-gus", GUS_SOURCE)]),
}
BACKPROP = {"Ana María": "sig-3", "Dan_Q": "sig-3", "Gus_M": "sig-3", "Eve_K": "sig-2", "张三": "sig-2"}


def report(student: str, lesson: str, diagnoses: list, unexplained: list) -> LessonReport:
    tests = [TestResult(lesson, "test_public.py::test_gradient", "gradient works", "visible", 1.0, 0.0, "failed", "no"),
             TestResult(lesson, "test_public.py::test_mse", "mse works", "visible", 1.0, 0.0, "failed", "no"),
             TestResult(lesson, "hidden/test_hidden.py::test_gradient_random", "gradient on random inputs", "hidden",
                        1.0, 0.0, "failed", "no")]
    return LessonReport(student, lesson, tests, diagnoses=diagnoses, unexplained=unexplained)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("class")
    for student, (diagnoses, unexplained) in STUDENTS.items():
        reports = [report(student, LESSONS[0], diagnoses, unexplained)]
        if student in BACKPROP:
            reports.append(report(student, LESSONS[1], [], [Unexplained(
                "chain", ["test_public.py::test_chain"], BACKPROP[student], f"def chain(): pass  # {student}")]))
        for rep in reports:
            (out / student / rep.lesson).mkdir(parents=True)
            (out / student / rep.lesson / "results.json").write_text(
                json.dumps(rep.to_results_json(), ensure_ascii=False), encoding="utf-8")
        (out / student / "feedback.md").write_text(feedback_markdown(student, reports), encoding="utf-8")
    write_class_reports(out, LESSONS)
    return out


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_summary_counts_the_known_mistakes_and_names_who(out):
    summary = (out / "summary.md").read_text(encoding="utf-8")
    lesson = section(summary, "### 05_gradient_descent", "### 06_backprop")
    assert ("| gradient | `gradient_no_factor_2`: forgets the factor 2 from the derivative of the square. "
            "漏掉了平方求导得到的因子 2。 | 3 | Ana María, 张三, 李四 |") in lesson.splitlines()
    candidates = section(lesson, "Candidates that could not be told apart:", "Identical failures")
    assert [line for line in candidates.splitlines() if line.startswith("| gradient")] == [
        "| gradient | `gradient_no_factor_2`: forgets the factor 2 from the derivative of the square. "
        "漏掉了平方求导得到的因子 2。 / `gradient_sign`: returns the gradient with its sign flipped \\| negated. "
        "梯度的符号反了。 | 1 | Dan_Q |"]
    assert lesson.count("| gradient |") == 2     # Dan_Q is not counted with the three


def test_summary_groups_identical_unexplained_failures_with_a_representative(out):
    summary = (out / "summary.md").read_text(encoding="utf-8")
    lesson = section(summary, "### 05_gradient_descent", "### 06_backprop")
    assert ("- `mse`, 2 students: Eve_K, Fay_L; failing tests: test_public.py::test_mse; representative: Eve_K"
            in lesson.splitlines())
    assert f"````python\n{EVE_SOURCE}\n````" in lesson           # a fence longer than the source's backticks
    assert "FAY-SOURCE" not in summary and "GUS-SOURCE" not in summary
    assert "Students whose unexplained failures match nobody else's: 1" in lesson.splitlines()
    backprop = summary[summary.index("### 06_backprop"):summary.index("## Tests, hardest first")]
    groups = [line for line in backprop.splitlines() if line.startswith("- `chain`")]
    assert groups == ["- `chain`, 3 students: Ana María, Dan_Q, Gus_M; failing tests: test_public.py::test_chain; "
                      "representative: Ana María",
                      "- `chain`, 2 students: Eve_K, 张三; failing tests: test_public.py::test_chain; "
                      "representative: Eve_K"]          # largest first
    assert "def chain(): pass  # Ana María" in backprop and "# Dan_Q" not in backprop
    assert "match nobody else's" not in backprop


def test_the_dashboard_index_shows_the_same_tables_with_links(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    part = section(index, "<h2>Known mistakes and unexplained failures</h2>", "<h2>Tests, hardest first</h2>")
    named = section(part, "<p>Known mistakes seen:</p>", "</table>")
    assert named.count("<tr>") == 2 and '<td class="n">3</td>' in named   # the header and one row
    assert all(f'{html.escape(s)}</a>' in named for s in NAMED) and "Dan_Q" not in named
    assert 'href="Ana%20Mar%C3%ADa/feedback.html"' in named
    candidates = section(part, "<p>Candidates that could not be told apart:</p>", "</table>")
    assert '<td class="n">1</td>' in candidates and "Dan_Q</a>" in candidates and "flipped | negated" in candidates
    assert "<h4><code>mse</code>: 2 students</h4>" in part and html.escape(EVE_SOURCE) in part
    assert "<script>" not in index and "FAY-SOURCE" not in index and "GUS-SOURCE" not in index
    assert "<p>Students whose unexplained failures match nobody else&#x27;s: 1</p>" in part \
        or "<p>Students whose unexplained failures match nobody else's: 1</p>" in part
    assert part.index("<code>chain</code>: 3 students") < part.index("<code>chain</code>: 2 students")


@pytest.mark.parametrize("student", list(STUDENTS))
def test_no_student_page_shows_another_student(out, student):
    others = [s for s in STUDENTS if s != student]
    for page in (out / student / "feedback.html", out / student / "feedback.md"):
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert f"Feedback for {student}" in text
        assert not [s for s in others if s in text], page
        assert "SOURCE" not in text and "def chain" not in text and "sig-" not in text, page   # not even their own


def test_the_tables_hold_report_folders_not_sources(out):
    mistakes = ClassMistakes()
    table, _ = load_results(out, LESSONS, mistakes)
    assert "SOURCE" not in repr(vars(mistakes)) and "def chain" not in repr(vars(mistakes))
    seen = mistakes.lesson(LESSONS[0])
    assert [(s.function, len(s.folders)) for s in seen.named] == [("gradient", 3)]
    assert [[m["name"] for m in s.mistakes] for s in seen.candidates] == [["gradient_no_factor_2", "gradient_sign"]]
    assert [(g.function, g.folders) for g in seen.groups] == [("mse", ["Eve_K", "Fay_L"])] and seen.alone == 1
    assert len(table) == 7 and not mistakes.lesson("07_other")


def test_a_class_without_diagnoses_says_none(tmp_path):
    rep = report("solo", LESSONS[0], [], [])
    (tmp_path / "solo" / LESSONS[0]).mkdir(parents=True)
    (tmp_path / "solo" / LESSONS[0] / "results.json").write_text(json.dumps(rep.to_results_json()))
    write_class_reports(tmp_path, LESSONS)
    summary = (tmp_path / "summary.md").read_text()
    assert "## Known mistakes and unexplained failures\n\nNone.\n" in summary
    assert "<h2>Known mistakes and unexplained failures</h2><p>None.</p>" in (tmp_path / "index.html").read_text()


def test_a_representative_source_is_capped_and_a_gone_one_is_empty(tmp_path):
    """The source is read back when shown: long, it is cut at ``REPRESENTATIVE_SOURCE_CHARS``;
    a file rewritten or removed in between gives "" (the views say it is not available)."""
    long = "def mse():\n" + "    x = 1\n" * REPRESENTATIVE_SOURCE_CHARS
    rep = report("solo", LESSONS[0], [], [Unexplained("mse", ["t"], "s", long)])
    (tmp_path / "solo" / LESSONS[0]).mkdir(parents=True)
    path = tmp_path / "solo" / LESSONS[0] / "results.json"
    path.write_text(json.dumps(rep.to_results_json()))
    group = Group("mse", "s", ["t"], ["solo"])
    shown = representative_source(tmp_path, LESSONS[0], group)
    assert shown == long[:REPRESENTATIVE_SOURCE_CHARS] + "\n# ... (cut)"
    for broken in ("{not json", "[]", json.dumps({"unexplained": [{"function": "mse", "signature": "other"}]})):
        path.write_text(broken)
        assert representative_source(tmp_path, LESSONS[0], group) == ""
    assert representative_source(tmp_path, LESSONS[0], Group("mse", "s", ["t"], ["nobody"])) == ""
