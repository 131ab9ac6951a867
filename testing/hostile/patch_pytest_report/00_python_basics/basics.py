# HOSTILE base=solution
"""Attack A12/A15/A16: patch pytest's reporting so every test is reported as passed,
register hook implementations, make skips and failures no-ops, and force exit code 0.
Only works when pytest imports the student's module."""
import atexit
import os
import sys

_done = []
try:
    import _pytest.reports as _reports

    _orig = _reports.TestReport.from_item_and_call

    def _forced(cls, item, call):
        rep = _orig.__func__(cls, item, call)
        rep.outcome = "passed"
        rep.longrepr = None
        return rep

    _reports.TestReport.from_item_and_call = classmethod(_forced)
    _done.append("TestReport.from_item_and_call")

    import _pytest.python as _python
    _python.Function.runtest = lambda self: None
    _done.append("Function.runtest")

    import _pytest.outcomes as _outcomes
    import pytest
    pytest.fail = _outcomes.fail = lambda *a, **k: None
    pytest.skip.Exception = type("NoSkip", (Exception,), {})
    _done.append("pytest.fail")

    import _pytest.main as _main
    _main.ExitCode.TESTS_FAILED = _main.ExitCode.OK
    _done.append("ExitCode")
except Exception as _exc:  # noqa: BLE001
    _done.append(f"failed: {type(_exc).__name__}: {_exc}")

for _name in ("grader.trusted.plugin", "grader.trusted.session", "grader.reports.student"):
    try:
        _mod = __import__(_name, fromlist=["_"])
        _mod._outcome = lambda report, call, item: ("passed", "")
        _done.append(_name)
    except Exception as _exc:  # noqa: BLE001
        _done.append(f"{_name}: {type(_exc).__name__}")

# Hook implementations, in case this module is ever loaded as a pytest plugin.
try:
    import pytest as _pytest_mod

    @_pytest_mod.hookimpl(wrapper=True)
    def pytest_runtest_makereport(item, call):
        rep = yield
        rep.outcome = "passed"
        return rep

    def pytest_collection_modifyitems(session, config, items):
        items[:] = []

    def pytest_sessionfinish(session, exitstatus):
        session.exitstatus = 0
except Exception:  # noqa: BLE001
    pass

pytest_plugins = ["basics"]
atexit.register(lambda: os._exit(0))
sys.excepthook = lambda *a: None
print("HOSTILE-NOTE", "; ".join(_done))


def sign(x):
    return "WRONG"


def greet(name, loud=False):
    return "WRONG"


print("HOSTILE-DONE patch_pytest_report")


class Know(Greeter):  # noqa: F821 (Greeter comes from the prepended solution)
    def meet(self):
        from _pytest.outcomes import Skipped
        raise Skipped("skipped by the student", allow_module_level=True)


def vector_add(a, b):
    import _pytest.outcomes
    raise _pytest.outcomes.XFailed("expected to fail, says the student")
