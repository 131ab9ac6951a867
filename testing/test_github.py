"""``grader check`` on GitHub Actions (``GITHUB_ACTIONS=true``): the job summary holds the points
per lesson and each failing public test with what was expected and what came back; stdout holds one
``::error`` annotation per failing public test, at the line where the function it is about is
defined (a notebook: line 1, the cell named in the title), escaped as GitHub requires.  The student
repository's workflow (``release/check.yml``) installs the CPU-only torch, caches ``.venv``, runs
``python -m grader check`` on three systems and keeps results.json."""
import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.exports.nbgrader import module_cells
from grader.reports.github import escape_data, escape_property
from grader.trusted.mistakes import load_mistakes, mistake_source, splice

from conftest import REPO

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSON = "04_linear_model"
MODULE = "linear_model"
MUTANT = next(m for m in load_mistakes(REPO, LESSON) if m.name == "mse_sum")   # mse returns the sum, not the mean
PRINTED = "100% sure: sum, not mean\nsecond line"
# The mutant's mse, printing a message with a newline and '%' (the student's output joins the failure's message).
PRINTING_MSE = MUTANT.replace.replace("    l_sum = 0.0\n", f"    print({PRINTED!r})\n    l_sum = 0.0\n")
ANNOTATION = re.compile(r"^::error file=([^,]*),line=(\d+),title=([^:]*)::(.*)$")


def check_on_github(workspace: Path, tmp_path: Path) -> tuple[list[str], str, list[dict], str]:
    """Run ``grader check`` as the workflow does, with ``workspace`` as the repository root; its
    annotation lines, the job summary, the results of --results and the whole stdout."""
    summary, results = tmp_path / "summary.md", tmp_path / "results.json"
    summary.write_text("# earlier step\n", encoding="utf-8")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_WORKSPACE": str(workspace)}
    proc = subprocess.run([sys.executable, "-m", "grader", "--course", str(REPO), "check", "--submission",
                           str(workspace / "assignments"), "--lesson", LESSON, "--results", str(results)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr   # a test fails
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n")   # appended to, never replaced
    return ([line for line in proc.stdout.splitlines() if line.startswith("::")], text,
            json.loads(results.read_text(encoding="utf-8")), proc.stdout)


def failing_public_tests(results: list[dict]) -> list[dict]:
    [lesson] = results
    failing = [t for t in lesson["tests"] if t["status"] == "failed"]
    assert failing and all(t["visibility"] == "visible" for t in lesson["tests"])
    return failing


def def_line(source: str, name: str) -> int:
    return next(node.lineno for node in ast.parse(source).body if getattr(node, "name", None) == name)


def unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_escaping_follows_githubs_rules():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a.py: line 3, 100%\n") == "a.py%3A line 3%2C 100%25%0A"


def test_summary_and_annotations_of_a_solution_with_one_mistake(tmp_path):
    source = splice(mistake_source(REPO, MUTANT), PRINTING_MSE, "printing mse_sum")
    folder = tmp_path / "repo" / "assignments" / LESSON
    folder.mkdir(parents=True)
    (folder / f"{MODULE}.py").write_text(source, encoding="utf-8")
    annotations, summary, results, stdout = check_on_github(tmp_path / "repo", tmp_path)
    failing = failing_public_tests(results)
    assert {t["name"].split(": ", 1)[1] for t in failing} >= {"test_public.py::test_mse"}

    # One annotation per failing public test, on the def line of the function its description names.
    assert len(annotations) == len(failing)
    lines = {"mse": def_line(source, "mse"), "grid_search": def_line(source, "grid_search")}
    for line, test in zip(annotations, failing):
        path, number, title, message = ANNOTATION.match(line).groups()
        assert path == f"assignments/{LESSON}/{MODULE}.py"
        function = test["description"].split()[0].split("(")[0]
        assert int(number) == lines[function], (line, test["description"])
        assert unescape(title) == f"{test['name']} failed"
        # the test's output, after the known mistake it shows where one is named (from the course's cache)
        assert unescape(message).endswith(test["output"]) and "\n" not in message and "\r" not in message
    mse = next(line for line in annotations if "test_mse " in unescape(line))
    assert "expected 18.666666666666668, got 56.0%0A--- printed by your code ---%0A100%25 sure: sum" in mse
    assert "hidden" not in stdout

    # The summary: the points table, then each failure with expected and got, in a code block.
    [lesson] = results
    passed = sum(t["status"] == "passed" for t in lesson["tests"])
    assert f"| ❌ {LESSON} | {passed} / {len(lesson['tests'])} | - | {lesson['score']:g} / {lesson['max_score']:g} |" \
        in summary   # feedback.md's table: no hidden tests in grader check
    assert f"## Total: {lesson['score']:g} / {lesson['max_score']:g} points" in summary
    for test in failing:
        assert f"**{test['name'].split(': ', 1)[1]} (failed, 0 / {test['max_score']:g})**" in summary
        assert f"```\n{test['output']}\n```" in summary
    assert "expected 18.666666666666668, got 56.0" in summary and PRINTED in summary


def test_a_notebook_is_marked_at_line_1_with_its_cell_named(tmp_path):
    source = mistake_source(REPO, MUTANT)
    folder = tmp_path / "repo" / "assignments" / LESSON
    folder.mkdir(parents=True)
    cells = [nbformat.v4.new_markdown_cell("# 线性模型"), *map(nbformat.v4.new_code_cell, module_cells(source))]
    (folder / f"{MODULE}.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)), encoding="utf-8")
    mse_cell = next(n for n, cell in enumerate(cells, 1) if cell.source.lstrip().startswith("def mse("))
    annotations, summary, results, _ = check_on_github(tmp_path / "repo", tmp_path)
    assert len(annotations) == len(failing_public_tests(results))
    path, number, title, _ = ANNOTATION.match(next(a for a in annotations if "test_mse " in unescape(a))).groups()
    assert (path, number) == (f"assignments/{LESSON}/{MODULE}.ipynb", "1")
    assert f"(in {MODULE}.ipynb, cell {mse_cell} ('def mse(xs, ys, w) -> float:'), line 1)" in unescape(title)


def test_a_syntax_error_is_one_annotation_at_its_line(tmp_path):
    folder = tmp_path / "repo" / "assignments" / LESSON
    folder.mkdir(parents=True)
    (folder / f"{MODULE}.py").write_text("import torch\n\n\ndef forward(x, w)\n    return x * w\n", encoding="utf-8")
    annotations, summary, results, _ = check_on_github(tmp_path / "repo", tmp_path)
    [annotation] = annotations
    path, number, title, message = ANNOTATION.match(annotation).groups()
    assert (path, number, unescape(title)) == (f"assignments/{LESSON}/{MODULE}.py", "4", f"{LESSON}: cannot be graded")
    assert unescape(message) == results[0]["problem"] and "**Problem:**" in summary


def test_the_student_workflow_caches_a_cpu_torch_and_keeps_the_results():
    text = (REPO / "release" / "check.yml").read_text(encoding="utf-8")
    if importlib.util.find_spec("yaml"):   # PyYAML comes with the notebooks extra; the checks below hold without it
        import yaml as pyyaml

        flow = pyyaml.safe_load(text)
        job = flow["jobs"]["check"]
        assert {entry["os"] for entry in job["strategy"]["matrix"]["include"]} == \
            {"ubuntu-latest", "macos-latest", "windows-latest"}
        assert set(flow.get("on", flow.get(True))) == {"push", "pull_request"}   # YAML 1.1 reads `on` as true
        uses = [step.get("uses", "") for step in job["steps"]]
        assert {"actions/checkout@v4", "actions/setup-python@v5", "actions/cache@v4",
                "actions/upload-artifact@v4"} <= set(uses)
        upload = job["steps"][uses.index("actions/upload-artifact@v4")]
        assert upload["if"] == "always()" and upload["with"]["path"] == "results.json"
        cache = job["steps"][uses.index("actions/cache@v4")]
        assert cache["with"]["path"] == ".venv"
        for part in ("runner.os", "python-version", "hashFiles('pyproject.toml')"):
            assert part in cache["with"]["key"]
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in text
    assert "-m grader check --results results.json" in text and "make " not in text
    assert "if: steps.venv.outputs.cache-hit != 'true'" in text
    assert "\t" not in text
