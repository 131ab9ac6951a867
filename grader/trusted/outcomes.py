"""How a request to student code can end other than with a value: the exceptions the
trusted side raises in a test, each naming the test status it stands for.  Plain data,
no sandbox: the lesson author's ``check_raises`` catches ``StudentRaised``."""
from __future__ import annotations


class GradingError(Exception):
    """Something went wrong outside the test's own assertions; ``status`` names it."""

    status = "error"


class RunnerTimeout(GradingError):
    status = "timeout"


class RunnerCrashed(GradingError):
    status = "crashed"


class RunnerMemory(GradingError):
    status = "memory"


class SubmissionProblem(GradingError):
    """The lesson cannot be run at all: file missing, import failed."""

    def __init__(self, message: str, status: str = "error"):
        super().__init__(message)
        self.status = status

    def again(self) -> "SubmissionProblem":
        """A fresh copy to raise (re-raising one instance would grow its traceback)."""
        return SubmissionProblem(str(self), self.status)


class StudentRaised(Exception):
    """Student code raised an exception; carries its description as data."""

    def __init__(self, call: str, info: dict):
        self.call = call
        self.type_name = str(info.get("type", "Exception"))
        self.bases = [str(b) for b in info.get("bases", [])]
        self.message = str(info.get("message", ""))
        self.student_traceback = str(info.get("traceback", ""))
        super().__init__(f"{call} raised {self.type_name}: {self.message}".rstrip(": "))

    def is_a(self, exc_type: type[BaseException]) -> bool:
        return exc_type.__name__ in self.bases or exc_type.__name__ == self.type_name
