"""The sentences every view of a student's results shares (``feedback.md``, the ``make check``
table, the dashboard's student page, the GitHub job summary), worded once from the facts of
``trusted.results``, among them each known mistake diagnosed, in English and Chinese
(``diagnosis``), and where the views show it (``in_order``: next to the failing public test it
explains).  Plain text: each view escapes or formats it for its medium."""
from __future__ import annotations

import re

from ..trusted.results import Diagnosis, LessonReport, TestResult, status_counts

ALL_PASSED = "All tests passed."
HIDDEN_RULES = ("they use other inputs than the public tests; re-read the task's rules "
                "(dtypes, shapes, edge cases, inputs left unchanged)")


def points(score: float, maximum: float) -> str:
    return f"{score:g} / {maximum:g}"


def passed_of(tests: list[TestResult]) -> str:
    """``passed / count``, or ``-`` where there are none."""
    return f"{sum(t.passed for t in tests)} / {len(tests)}" if tests else "-"


def outcomes(tests: list[TestResult]) -> str:
    """How the tests ended, e.g. ``3 passed, 1 timeout`` (``no tests`` where none ran)."""
    return ", ".join(f"{n} {status}" for status, n in status_counts(tests).items()) or "no tests"


def blocked(rep: LessonReport) -> str:
    """The line that stands for every public test the lesson's problem kept from running."""
    n = len(rep.blocked_public)
    return f"{n} public test(s) could not run because of this problem." if n else ""


def failure_title(test: TestResult) -> str:
    """A failing public test's heading (its name, status and points)."""
    return f"{test.name} ({test.status}, 0 / {test.max_score:g})"


def still_to_write(names: list[str]) -> str:
    """The functions a lesson's tests wait on (their stubs still raise NotImplementedError)."""
    return f"still to write: {', '.join(names)}" if names else ""


def hidden(rep: LessonReport) -> str:
    """The failing hidden tests, as counts and the functions they are about, never their text;
    those a diagnosis explains, as the functions whose known mistake is shown above."""
    failing = rep.failing_hidden
    if not failing:
        return ""
    lost = sum(t.max_score for t in failing)
    where = ", ".join(rep.hidden_failed_functions)
    why = "because of the problem above" if rep.hidden_blocked_only else HIDDEN_RULES
    where = f", in {where}" if where and not rep.hidden_blocked_only else ""
    explaining = [d for d in in_order(rep) if isinstance(d, Diagnosis) and _hidden_explained(rep, d)]
    explained = {name for d in explaining for name in _hidden_explained(rep, d)}
    if explained and not rep.hidden_blocked_only:
        functions = list(dict.fromkeys(d.function for d in explaining))
        known = f"the known mistake{'s' if len(functions) > 1 else ''} above for {', '.join(functions)}"
        rest = len(failing) - len(explained)
        why = f"{len(explained)} match {known}; the other {rest}: {why}" if rest else f"they match {known}"
    return (f"Hidden tests: {len(failing)} of {len(rep.hidden)} did not pass "
            f"({lost:g} points){where}: {why}.")


def diagnosis(rep: LessonReport, found: Diagnosis) -> tuple[str, str]:
    """A diagnosis in the course's words, in English and in Chinese: the known mistake (or the
    candidates, numbered) and the failing tests it explains, public ones by name, hidden ones
    only as a count.  ("", "") for a diagnosis that names no mistake."""
    texts = [(_fragment(m, "en", "."), _fragment(m, "zh", "。")) for m in found.mistakes
             if isinstance(m, dict) and (m.get("en") or m.get("name"))]
    if not texts:
        return "", ""
    if len(texts) == 1:
        en = f"this looks like a known mistake: {texts[0][0]}"
        zh = f"这看起来是一个常见错误：{texts[0][1]}"
    else:
        en = "this looks like one of these known mistakes: " + " ".join(
            f"({n}) {text}" for n, (text, _) in enumerate(texts, 1))
        zh = "这看起来是以下常见错误之一：" + "".join(f"（{n}）{text}" for n, (_, text) in enumerate(texts, 1))
    public = [name for name in found.tests if name in {t.name for t in rep.failing_public}]
    hidden_count = len(_hidden_explained(rep, found))
    hidden_en = [f"{hidden_count} hidden test{'s' if hidden_count > 1 else ''}"] if hidden_count else []
    tests_en = " and ".join(filter(None, [", ".join(public), *hidden_en]))
    tests_zh = "、".join([*public, *([f"{hidden_count} 个隐藏测试"] if hidden_count else [])])
    if tests_en:
        en += f" Failing tests it explains: {tests_en}."
        zh += f"它能解释的失败测试：{tests_zh}。"
    return f"`{found.function}`: {en}", f"`{found.function}`：{zh}"


def in_order(rep: LessonReport) -> list[TestResult | Diagnosis]:
    """The failing public tests and the diagnoses that name something, in the order every view
    shows them: a diagnosis just before the first failing public test it explains (the student
    reads the why next to what was expected), one that explains only hidden tests after them."""
    public = {t.name for t in rep.failing_public}
    found = [(next((n for n in d.tests if n in public), None), d) for d in rep.diagnoses if any(diagnosis(rep, d))]
    shown: list[TestResult | Diagnosis] = []
    for test in rep.failing_public:
        shown += [d for first, d in found if first == test.name] + [test]
    return shown + [d for first, d in found if first is None]


def _hidden_explained(rep: LessonReport, found: Diagnosis) -> list[str]:
    """The failing hidden tests ``found`` explains (names for counting only, never for showing)."""
    failing = {t.name for t in rep.failing_hidden}
    return [name for name in dict.fromkeys(found.tests) if name in failing]


def _fragment(mistake: dict, language: str, stop: str) -> str:
    """A mistake's sentence in ``language`` (its name where the catalogue gave none), ending in a stop,
    with "it" / "它" before it where it starts with a verb ("it sums ...", not "it a[None, :] + ...")."""
    text = str(mistake.get(language) or mistake.get("en") or mistake.get("name") or "").strip()
    text = text if text.endswith((".", "。", "!", "！", "?", "？")) else text + stop
    if language == "en" and re.match(r"[a-z]+s\b", text):
        return f"it {text}"
    return f"它{text}" if language == "zh" and re.match(r"[\u4e00-\u9fff]", text) else text


def hardware_skips(rep: LessonReport) -> str:
    """The CUDA tests this host did not run, and why (once per lesson)."""
    names = ", ".join(t.name for t in rep.hardware_skips)
    why = rep.cuda["reason"] if rep.cuda and not rep.cuda.get("ran") else "no GPU"
    return f"Not graded on this host ({why}): {names}" if names else ""


def collected(reports: list[LessonReport], record: dict | None = None, markdown: bool = False) -> str:
    """Which commit was graded, where ``grader collect`` fetched it (``record``, else the one
    the reports carry); ``markdown``: the commit as code."""
    record = record or next((rep.collected for rep in reports if rep.collected), None)
    if not record:
        return ""
    commit = f"`{record['commit']}`" if markdown else record["commit"]
    return (f"Graded: commit {commit} of {record['repository']}, committed "
            f"{record['committed_at']} (the date the committer's machine gave)")


NO_SUBMISSION_TIME = "no submission time known: no late penalty applied"
DECISIONS_HEADING = "Late policy and adjustments (迟交规则与成绩调整)"


def decisions(rep: LessonReport) -> list[str]:
    """A lesson's decisions on top of its raw score, one sentence each: the raw score, the late
    penalty with its reason (or why none), each adjustment, the final score ([] where none)."""
    record = rep.decisions
    if not record:
        return []
    maximum = record["max_score"]
    lines = [f"{rep.lesson}: raw score (原始得分) {points(record['raw'], maximum)}"]
    lines += [f"{rep.lesson}: {note}" for note in record["notes"]]
    if record["late"]:
        late = record["late"]
        lines.append(f"{late['points']:+g} on {rep.lesson}: late (迟交) {late['percent']:g}%, {late['reason']}")
    lines += [adjustment["text"] for adjustment in record["adjustments"]]
    lines.append(f"{rep.lesson}: final score (最终得分) {points(record['final'], maximum)}")
    return lines
