"""The results model: one ``TestResult`` per test, gathered into one ``LessonReport``
per student and lesson.  Plain data; ``reports`` turns it into files."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

HARDWARE_SKIP = "hardware_skip"  # a test this host cannot run (no GPU): left out of max_score


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

    @property
    def graded(self) -> list[TestResult]:
        return [r for r in self.results if r.status != HARDWARE_SKIP]

    @property
    def score(self) -> float:
        return sum(r.score for r in self.graded)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.graded)
