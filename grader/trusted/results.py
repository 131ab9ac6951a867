"""The results model: one ``TestResult`` per test, gathered into one ``LessonReport``
per student and lesson.  Plain data; ``reports`` turns it into files."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

HARDWARE_SKIP = "hardware_skip"  # a test this host cannot run (no GPU): left out of max_score
_FIRST_NAME = re.compile(r"[A-Za-z_]\w*")


def described_function(description: str) -> str | None:
    """The function or class a test is about: the first name of its description (the
    first line of its docstring), by the authors' rule; None if it starts with no name."""
    match = _FIRST_NAME.match(description)
    return match.group(0) if match else None


@dataclass
class TestResult:
    lesson: str
    name: str
    description: str
    visibility: str          # "visible" (public test) or "hidden"
    max_score: float
    score: float
    status: str              # passed, failed, error, timeout, memory, crashed, skipped, hardware_skip
    message: str = ""
    output: str = ""         # what the student's code printed during the test
    duration: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class LessonReport:
    student: str
    lesson: str
    results: list[TestResult]
    problem: str = ""
    protections: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)   # what was done to the files first (a notebook's magics left out)

    @property
    def graded(self) -> list[TestResult]:
        return [r for r in self.results if r.status != HARDWARE_SKIP]

    @property
    def score(self) -> float:
        return sum(r.score for r in self.graded)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.graded)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "LessonReport":
        """The report ``to_dict`` described (as it comes back from a cluster worker)."""
        return cls(**{**data, "results": [TestResult(**r) for r in data["results"]]})
