"""How a request to student code can end other than with a value: the exceptions the
trusted side raises in a test, each naming the test status it stands for, and what a student
can do about a lesson that cannot be imported (``import_hint``, ``IMPORT_TIMEOUT_HINT``).
Plain data, no sandbox: the lesson author's ``check_raises`` catches ``StudentRaised``."""
from __future__ import annotations

import re

COURSE_PACKAGES = ("torch", "numpy", "pandas", "matplotlib")   # what student code may import besides the
                                                                 # standard library (pyproject's dependencies)
IMPORT_TIMEOUT_HINT = ("\n(code at the top level of the file runs when the grader imports it: move demos, "
                       "plots and training runs under `if __name__ == \"__main__\":`)"
                       "\n(评分程序导入文件时会运行其顶层代码：请把演示、画图和训练代码移到 "
                       "`if __name__ == \"__main__\":` 之下)")
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")


class GradingError(Exception):
    """Something went wrong outside the test's own assertions; ``status`` names it."""

    status = "error"


class RunnerTimeout(GradingError):
    status = "timeout"


class RunnerCrashed(GradingError):
    status = "crashed"


class RunnerMemory(GradingError):
    status = "memory"


class SandboxFault(GradingError):
    """The sandbox, not the student's code, failed (CUDA works on the host but not in the
    runner): a grader error, stated as one."""


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


def import_hint(type_name: str, message: str) -> str:
    """A line that says what to do about a module that failed to import with ``type_name``:
    ``message`` ('' where there is nothing to add): a package the course does not provide,
    a file that is not UTF-8."""
    missing = _NO_MODULE.search(message) if type_name in ("ModuleNotFoundError", "ImportError") else None
    if missing and missing.group(1).split(".")[0] not in COURSE_PACKAGES:
        name = missing.group(1).split(".")[0]
        return (f"\n({name} is not installed where your code is graded: the grader provides "
                f"{', '.join(COURSE_PACKAGES)} and Python's standard library, nothing else.\n"
                f"Write the few helpers you need from {name} yourself (plots with matplotlib); "
                f"if {name} is a file of yours, put {name}.py in the lesson folder.)\n"
                f"(评分环境没有安装 {name}：只提供 {'、'.join(COURSE_PACKAGES)} 和 Python 标准库。"
                f"需要的 {name} 辅助函数请自己编写（画图用 matplotlib）；如果 {name} 是你自己的文件，"
                f"请把 {name}.py 放进本课的文件夹。)")
    if "codec can't decode" in message:
        return ("\n(the file is not UTF-8: save it as UTF-8, or declare its encoding "
                "on the first line, e.g. # -*- coding: gbk -*-)")
    return ""
