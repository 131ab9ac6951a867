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
from ..trusted.cuda_host import cuda_host
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


def _as_sent(value):
    """What the student's code would receive over the wire: copies of data (tensors, arrays,
    containers, frames), the very objects otherwise (a model, an optimizer: remote objects)."""
    if isinstance(value, DirectObject):
        return value._obj
    if isinstance(value, torch.Tensor):
        return value.detach().clone().requires_grad_(value.requires_grad)
    if isinstance(value, np.ndarray) or type(value).__module__.startswith("pandas"):
        return copy.deepcopy(value)
    if isinstance(value, (list, tuple)):  # (a namedtuple arrives as a plain tuple)
        return (list if isinstance(value, list) else tuple)(_as_sent(v) for v in value)
    if isinstance(value, dict):
        return {k: _as_sent(v) for k, v in value.items()}
    return value


def _as_received(value):
    """What a test would receive over the wire: copies of data, objects behind a proxy."""
    data = (type(None), bool, int, float, str, complex, torch.Tensor, np.ndarray, np.generic, torch.dtype,
            torch.device, Path, list, tuple, dict, set, frozenset)
    if isinstance(value, data) or type(value).__module__.startswith("pandas"):
        return _as_sent(value)
    return DirectObject(value)


class DirectObject:
    """A student's object (a model, an optimizer), used as a test uses a remote one."""

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, name):
        value = getattr(self._obj, name)
        if callable(value) and not isinstance(value, type):
            return lambda *args, **kwargs: _as_received(value(*_as_sent(args), **_as_sent(kwargs)))
        return _as_received(value)

    def __call__(self, *args, **kwargs):
        return _as_received(self._obj(*_as_sent(args), **_as_sent(kwargs)))


class DirectModule:
    def __init__(self, module, work: str):
        self._module, self._work = module, work

    def _wrap(self, name, fn):
        def call(*args, **kwargs):
            try:
                return _as_received(fn(*_as_sent(args), **_as_sent(kwargs)))
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
        facts = probes.observe(_Work(self._work), fn, _as_sent(list(args)), kwargs)
        return Observation({**facts, "value": _as_received(facts["value"])})

    def probe(self, name, *args):
        args = [a._target if hasattr(a, "_target") else _as_sent(a) for a in args]
        return _as_received(probes.PROBES[name](_Work(self._work), *args))

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
        if item.get_closest_marker("cuda") and not cuda_host().usable:
            item.add_marker(pytest.mark.skip(reason=cuda_host().skip_message))


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
