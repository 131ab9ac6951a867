"""Which functions of a submission are not written yet, read from how their tests failed: a
test that failed on a generated stub's own ``NotImplementedError`` (``authoring.stubs`` writes
``raise NotImplementedError("<name>: your code here ...")``, the runner reports it) waits on a
function still to write.  ``make check`` tells those as one line of names per lesson, and a
lesson nobody has started apart from one that fails.  Plain data: no sandbox."""
from __future__ import annotations

import re

from .results import LessonReport, TestResult, described_function

STUB_TODO = "your code here (请在此处编写代码)"   # after "<function>: " in every stub's NotImplementedError
NOT_STARTED = "not started"    # a lesson's state: every test failed on a stub, none passed
UNFINISHED = "unfinished"      # every test that did not pass failed on a stub, some passed

_RAISED = re.compile(rf"raised NotImplementedError: (\w+): {re.escape(STUB_TODO)}$", re.MULTILINE)
_FRAME = re.compile(r", in (\w+)$", re.MULTILINE)   # a traceback line: File "m.py", line 3, in name


def stub_waited_on(test: TestResult) -> str | None:
    """The function still to write that ``test`` failed on, or None where it failed otherwise.
    It must be the stub's own raise: the innermost frame of the student's traceback (where the
    message has one) is the function the stub's message names.  A test of a class, or one whose
    call (the message's first name) builds a class, names the class (its ``__init__`` or a method
    is the stub); a test of a written function that calls a stub names the stub."""
    if test.status != "failed":
        return None
    raised = _RAISED.search(test.message)
    if not raised:
        return None
    stub, frames = raised.group(1), _FRAME.findall(test.message[raised.end():])
    if frames and frames[-1] != stub:
        return None
    about, called = described_function(test.description), described_function(test.message)
    if about == stub:
        return stub
    return next((name for name in (about, called) if name and name[:1].isupper()), stub)


def still_to_write(rep: LessonReport) -> list[str]:
    """The functions and classes the lesson's tests wait on, in the order of the tests."""
    return list(dict.fromkeys(name for t in rep.graded if (name := stub_waited_on(t))))


def progress(rep: LessonReport) -> str:
    """The lesson's state as ``make check`` tells it: ``rep.state``, except that a lesson whose
    only failures are stubs is ``not started`` (no test passed) or ``unfinished``."""
    if rep.state != "failing":
        return rep.state
    if any(not t.passed and not stub_waited_on(t) for t in rep.graded):
        return "failing"
    return UNFINISHED if any(t.passed for t in rep.graded) else NOT_STARTED
