"""A plugin module named by the hostile conftest.py (pytest_plugins)."""
import os as _os
try:
    open(f"/tmp/HOSTILE-@@NONCE@@-executed-{__name__}-{_os.getpid()}", "w").write(f"uid={_os.getuid()}")
except OSError:
    pass
import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report
