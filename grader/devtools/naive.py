"""The naive way, kept only as the baseline of ``make bench``: a pytest plugin that
imports the student's module into the test process itself (as GitHub Classroom-style
graders do), with the same fixtures, seeds and scoring as the real grader.

Never use it to grade: student code here shares the process that decides scores.

    python -m pytest -p grader.devtools.naive --submission DIR --naive-out results.json \
        -c /dev/null --rootdir tests tests/01_tensors
"""
from __future__ import annotations

import copy
import importlib.util
import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from ..authoring import probes
from ..sandbox.runner import error_info
from ..trusted.outcomes import StudentRaised, SubmissionProblem
from ..trusted.plugin import MARKERS, marker_arg, seed_for
from ..trusted.remote import Observation


def pytest_addoption(parser):
    parser.addoption("--submission", help="folder holding the lesson folders")
    parser.addoption("--naive-out", help="where to write {test nodeid: points or 0}")


def pytest_configure(config):
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    config._naive_scores = {}


class _Work:
    """Stands in for the runner object that probes expect."""

    def __init__(self, work: str):
        self.work = work


class DirectModule:
    def __init__(self, module, work: str):
        self._module, self._work = module, work

    def _wrap(self, name, fn):
        def call(*args, **kwargs):
            try:
                return fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception as exc:
                raise StudentRaised(name, error_info(exc, self._work)) from None
        call._name = name
        call._target = fn
        return call

    def __getattr__(self, name):
        if not hasattr(self._module, name):
            raise StudentRaised(name, {"type": "AttributeError", "bases": ["AttributeError"],
                                       "message": f"module defines no '{name}'"})
        return self._wrap(name, getattr(self._module, name))

    def observe(self, name, *args, **kwargs):
        fn = getattr(self, name)._target
        return Observation(probes.observe(_Work(self._work), fn, copy.deepcopy(list(args)), kwargs))

    def probe(self, name, *args):
        args = [a._target if hasattr(a, "_target") else a for a in args]
        return probes.PROBES[name](_Work(self._work), *args)

    output = ""


def _lesson_dir(request) -> tuple[Path, str]:
    test_path = Path(str(request.node.path)).resolve()
    tests_root = next(p for p in test_path.parents if p.name == "tests")
    lesson = test_path.relative_to(tests_root).parts[0]
    course_root = tests_root.parent
    module = next(p.stem for p in (course_root / "assignments" / lesson).glob("*.py"))
    return Path(request.config.getoption("--submission")).resolve() / lesson, module


@pytest.fixture
def student(request, monkeypatch):
    folder, module_name = _lesson_dir(request)
    path = folder / f"{module_name}.py"
    if not path.is_file():
        raise SubmissionProblem(f"{module_name}.py is missing")
    monkeypatch.chdir(folder)
    monkeypatch.syspath_prepend(str(folder))
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return DirectModule(module, str(folder))


@pytest.fixture
def student_source(request):
    folder, module_name = _lesson_dir(request)
    return (folder / f"{module_name}.py").read_text()


@pytest.fixture
def rng(request):
    return torch.Generator().manual_seed(seed_for(request.node.nodeid))


@pytest.fixture(autouse=True)
def _seed(request):
    seed = seed_for(request.node.nodeid)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if "matplotlib.pyplot" in sys.modules:  # as the runner does: no figure left by an earlier test
        sys.modules["matplotlib.pyplot"].close("all")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("cuda") and not torch.cuda.is_available():
            item.add_marker(pytest.mark.skip(reason="no GPU"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call" or (call.when == "setup" and not report.passed):
        hardware = report.skipped and item.get_closest_marker("cuda") is not None
        if not hardware:
            points = float(marker_arg(item, "points", 1))
            item.config._naive_scores[item.nodeid] = points if report.passed and call.when == "call" else 0.0
    return report


def pytest_sessionfinish(session):
    out = session.config.getoption("--naive-out")
    if out:
        with open(out, "w") as fh:
            json.dump(session.config._naive_scores, fh)
