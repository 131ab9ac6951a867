"""The results model: one ``TestResult`` per test, gathered into one ``LessonReport`` per
student and lesson, and every fact the reports tell about them (scores, per-status counts,
which tests the lesson's problem blocked, where hidden tests failed), decided here once.

``LessonReport.to_results_json`` is the one file form of a report (Gradescope's autograder
schema with our fields after it) and ``LessonReport.from_results_json`` reads it back into
the same model, so every view (``reports.student``, ``reports.dashboard``,
``reports.github``) renders a model, never a file's raw dicts.  Plain data: no sandbox."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..limits import MESSAGE_CHARS

HARDWARE_SKIP = "hardware_skip"  # a test this host cannot run (no GPU): left out of max_score
PRINTED_HEADER = "\n--- printed by your code ---\n"   # between a test's message and its printed output
_FIRST_NAME = re.compile(r"[A-Za-z_]\w*")


def described_function(description: str) -> str | None:
    """The function or class a test is about: the first name of its description (the
    first line of its docstring), by the authors' rule; None if it starts with no name."""
    match = _FIRST_NAME.match(description)
    return match.group(0) if match else None


@dataclass
class TestResult:
    __test__ = False         # a result, not a test class for pytest to collect

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
    timeout_seconds: float | None = None  # the wall-clock limit the test ran under (None: it did not start)
    cpu_seconds: int | None = None        # the CPU limit it ran under (``limits.cpu_seconds_for_test``)
    blocked: bool = False    # it could not run because of its lesson's problem (``LessonReport`` decides)

    @property
    def hidden(self) -> bool:
        return self.visibility == "hidden"

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def shown(self) -> str:
        """What a report shows of the test: its message, then (a public test) what the
        student's code printed, each capped at ``MESSAGE_CHARS``."""
        return self.message[:MESSAGE_CHARS] + (PRINTED_HEADER + self.printed if self.printed else "")

    @property
    def printed(self) -> str:
        """What a report keeps of the test's printed output: none of a hidden test's (it could
        show the hidden inputs)."""
        return "" if self.hidden else self.output[:MESSAGE_CHARS]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Diagnosis:
    """A known mistake (or a few candidates) that explains failing tests of one function:
    what the student's code returned on those tests' calls is what the mistake returns
    (``trusted.diagnosis``).  ``mistakes`` holds one ``{"name", "en", "zh"}`` when the
    mistake is named, two or three (best first) when they cannot be told apart."""

    function: str
    mistakes: list[dict]
    tests: list[str]           # the failing tests it explains (a test's name within its lesson)

    @property
    def named(self) -> bool:
        return len(self.mistakes) == 1


@dataclass
class Unexplained:
    """Failing tests of one function that no known mistake explains.  ``signature`` is the
    same for two students whose code returned the same values on those tests (it reveals
    none of them), so the class reports group them; ``source`` is the function's source as
    the student wrote it (for the teacher, to add the mistake to the catalogue)."""

    function: str
    tests: list[str]
    signature: str
    source: str = ""


@dataclass
class LessonReport:
    student: str
    lesson: str
    results: list[TestResult]
    problem: str = ""
    protections: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)   # what was done to the files first (a notebook's magics left out)
    fingerprint: str = ""            # what was graded (``trusted.reuse``); "" where no one asked
    collected: dict | None = None    # where ``grader collect`` took it from (repository, commit, committed_at)
    diagnoses: list[Diagnosis] = field(default_factory=list)      # known mistakes its failures show
    unexplained: list[Unexplained] = field(default_factory=list)  # failures no known mistake explains
    decisions: dict | None = None    # late penalty and adjustments on top of ``score`` (``grader.decisions``)
    cuda: dict | None = None         # whether its CUDA tests ran, and why: ``{"ran", "reason"}`` (``cuda_host``)

    def __post_init__(self):
        """Mark the tests the lesson's problem kept from running: they failed with the problem
        itself as their message (an import error, a missing file, however long or printed over)."""
        for r in self.results:
            if self.problem and not r.passed and r.status != HARDWARE_SKIP and r.message == self.problem:
                r.blocked = True

    # -- which tests ----------------------------------------------------------------------
    @property
    def graded(self) -> list[TestResult]:
        return [r for r in self.results if r.status != HARDWARE_SKIP]

    @property
    def public(self) -> list[TestResult]:
        return [r for r in self.graded if not r.hidden]

    @property
    def hidden(self) -> list[TestResult]:
        return [r for r in self.graded if r.hidden]

    @property
    def hardware_skips(self) -> list[TestResult]:
        return [r for r in self.results if r.status == HARDWARE_SKIP]

    @property
    def blocked_public(self) -> list[TestResult]:
        """The public tests the lesson's problem kept from running (reported once, as the problem)."""
        return [r for r in self.public if r.blocked]

    @property
    def failing_public(self) -> list[TestResult]:
        """The public tests shown one by one as failing: not passed, not blocked."""
        return [r for r in self.public if not r.passed and not r.blocked]

    @property
    def failing_hidden(self) -> list[TestResult]:
        """The hidden tests that did not pass (reports show only how many, never their text)."""
        return [r for r in self.hidden if not r.passed]

    @property
    def hidden_blocked_only(self) -> bool:
        """Every failing hidden test failed because of the lesson's problem."""
        return bool(self.failing_hidden) and all(r.blocked for r in self.failing_hidden)

    @property
    def hidden_failed_functions(self) -> list[str]:
        """The functions or classes the failing hidden tests are about, named without revealing
        the tests: a test's description starts with the name it tests, which its own name repeats."""
        found = []
        for r in self.failing_hidden:
            name = described_function(r.description)
            if name and name.lower() in r.name.lower() and name not in found:
                found.append(name)
        return found

    # -- numbers --------------------------------------------------------------------------
    @property
    def score(self) -> float:
        return sum(r.score for r in self.graded)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.graded)

    @property
    def final_score(self) -> float:
        """The score after the course's decisions (late penalty, adjustments); ``score`` where none."""
        return self.decisions["final"] if self.decisions else self.score

    @property
    def state(self) -> str:
        """``problem`` (it could not be graded as a whole), ``ok`` (every test passed) or ``failing``."""
        return "problem" if self.problem else ("ok" if all(r.passed for r in self.graded) else "failing")

    # -- forms ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "LessonReport":
        """The report ``to_dict`` described (as it comes back from a cluster worker)."""
        return cls(**{**data, "results": [TestResult(**r) for r in data["results"]],
                      "diagnoses": [Diagnosis(**d) for d in data.get("diagnoses", [])],
                      "unexplained": [Unexplained(**u) for u in data.get("unexplained", [])]})

    def to_results_json(self) -> dict:
        """``results.json``: Gradescope's autograder schema (``score``, ``max_score``, ``output``,
        ``tests[]`` with ``name``, ``score``, ``max_score``, ``status``, ``visibility``, ``output``),
        then ours: per test ``outcome`` (our status), ``description``, ``duration_s``, ``printed``
        (what a public test's code printed, also at the end of ``output``), ``blocked`` (the
        lesson's problem kept it from running), ``timeout_seconds`` and ``cpu_seconds`` (the limits
        it ran under; ``cpu_seconds`` null where the runner has no CPU limit); per lesson
        ``student``, ``lesson``, ``problem``, ``notes``, ``hardware_skips``, ``cuda`` (``ran``: whether
        this host ran the CUDA tests, ``reason``: why or why not), ``protections``,
        ``diagnoses`` (known mistakes the failures show: ``function``, ``mistakes`` as
        ``[{name, en, zh}]``, one when named, up to three candidates otherwise, and ``tests``, the
        failing tests it explains), ``unexplained`` (failing tests of a function no known mistake
        explains: ``function``, ``tests``, ``signature``, equal for equal failures, and ``source``),
        and ``fingerprint`` and ``collected`` where known; ``decisions`` where the course decided
        something for the lesson (``grader.decisions``: ``raw``, ``max_score``, ``submitted_at``
        and ``submitted_from``, ``late`` with ``percent``, ``points`` and ``reason``,
        ``adjustments``, ``final``, ``notes``); ``score`` stays the raw score."""
        cpu_limited = (self.protections.get("limits") or {}).get("total_cpu_seconds", 0) is not None
        data = {
            "score": self.score,
            "max_score": self.max_score,
            "output": self.problem or f"{self.lesson}: {self.score:g} / {self.max_score:g} points",
            "visibility": "visible",
            "tests": [{
                "name": f"{r.lesson}: {r.name}",
                "score": r.score,
                "max_score": r.max_score,
                "status": "passed" if r.passed else "failed",
                "visibility": "hidden" if r.hidden else "visible",
                "output": r.shown,
                "outcome": r.status,
                "description": r.description,
                "duration_s": r.duration,
                "printed": r.printed,
                "blocked": r.blocked,
                "timeout_seconds": r.timeout_seconds,
                "cpu_seconds": r.cpu_seconds if cpu_limited else None,
            } for r in self.graded],
            "student": self.student,
            "lesson": self.lesson,
            "problem": self.problem,
            "notes": self.notes,
            "hardware_skips": [{"name": f"{r.lesson}: {r.name}", "reason": r.message, "description": r.description,
                                "visibility": "hidden" if r.hidden else "visible"} for r in self.hardware_skips],
            "cuda": self.cuda,
            "protections": self.protections,
            "diagnoses": [asdict(d) for d in self.diagnoses],
            "unexplained": [asdict(u) for u in self.unexplained],
        }
        return data | ({"fingerprint": self.fingerprint} if self.fingerprint else {}) \
            | ({"collected": self.collected} if self.collected else {}) \
            | ({"decisions": self.decisions} if self.decisions else {})

    @classmethod
    def from_results_json(cls, data: dict) -> "LessonReport":
        """The report a ``results.json`` holds (what ``to_results_json`` wrote; an older file
        without ``printed`` or ``blocked`` reads as well as it can)."""
        lesson, problem = str(data.get("lesson", "")), str(data.get("problem") or "")
        results = []
        for t in data.get("tests", []):
            output, printed = str(t.get("output", "")), str(t.get("printed", ""))
            message = output[:len(output) - len(PRINTED_HEADER + printed)] if printed else output
            blocked = t.get("blocked", bool(problem) and output.startswith(problem[:MESSAGE_CHARS]))
            results.append(TestResult(
                lesson, _short_name(t["name"], lesson), str(t.get("description", "")),
                "hidden" if t.get("visibility", "visible") == "hidden" else "visible",  # Gradescope's default
                float(t.get("max_score", 0)), float(t.get("score", 0)), str(t.get("outcome", t.get("status", ""))),
                message, printed, float(t.get("duration_s", 0.0)), t.get("timeout_seconds"), t.get("cpu_seconds"),
                bool(blocked) and t.get("status") != "passed"))
        results += [TestResult(lesson, _short_name(s["name"], lesson), str(s.get("description", "")),
                               s.get("visibility", "visible"), 0.0, 0.0, HARDWARE_SKIP, str(s.get("reason", "")))
                    for s in data.get("hardware_skips") or []]
        return cls(str(data.get("student", "")), lesson, results, problem, data.get("protections") or {},
                   list(data.get("notes") or []), str(data.get("fingerprint", "")), data.get("collected"),
                   [Diagnosis(str(d["function"]), list(d["mistakes"]), list(d["tests"]))
                    for d in data.get("diagnoses") or []],
                   [Unexplained(str(u["function"]), list(u["tests"]), str(u["signature"]), str(u.get("source", "")))
                    for u in data.get("unexplained") or []], data.get("decisions"), data.get("cuda"))


def status_counts(results: list[TestResult]) -> dict[str, int]:
    """How many tests ended in each status, most common first (ties by name)."""
    return dict(sorted(Counter(r.status for r in results).items(), key=lambda item: (-item[1], item[0])))


def totals(reports: list[LessonReport]) -> tuple[float, float]:
    """(points after the course's decisions, max points) over a student's lessons."""
    return sum(r.final_score for r in reports), sum(r.max_score for r in reports)


def _short_name(name: str, lesson: str) -> str:
    """A test's name within its lesson (results.json prefixes it with ``lesson: ``)."""
    return name[len(lesson) + 2:] if name.startswith(f"{lesson}: ") else name
