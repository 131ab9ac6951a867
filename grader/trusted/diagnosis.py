"""Naming a student's mistake by behaviour: a lesson's failing tests, and what the student's
code returned in them (``trusted.behaviour`` call logs), against what each known mistake of
the lesson returns in the same tests (``trusted.known_mistakes``).

A known mistake explains a student's failures when, on the tests of the functions it changes
(its *home*: the failing tests about the names its ``replace`` defines, or, where it shows
only through other functions, every test it fails), the student fails exactly the tests it
fails and every call of those tests came back as it does.  It then also explains the other
failing tests whose calls agree with it (``train_gd`` failing because ``gradient`` lacks the
factor 2 is named once, at ``gradient``).  A mistake whose home is explained by another's is
dropped, and so is one in a function that uses another whose failures nothing explains;
several that explain the same tests identically are candidates (at most
``MAX_CANDIDATE_MISTAKES``, else none is named).  Failures that no mistake explains are kept,
per function, with a signature that is equal for equal values, so the class reports group them.
A wrong name is worse than none: every rule here abstains when in doubt.  Plain data only."""
from __future__ import annotations

import ast
import hashlib
import json

from ..limits import MAX_CANDIDATE_MISTAKES, UNEXPLAINED_SOURCE_CHARS
from .behaviour import logs_agree, rounded
from .results import Diagnosis, LessonReport, Unexplained, described_function


def diagnose(report: LessonReport, logs: dict[str, list[dict]], known: list[dict],
             source: str = "") -> tuple[list[Diagnosis], list[Unexplained]]:
    """The diagnoses and unexplained failures of one student's lesson: ``logs`` holds the
    failing tests' call logs by test name, ``known`` the lesson's known mistakes as
    ``known_mistakes`` stores them, ``source`` the student's module (for unexplained ones)."""
    if report.problem:
        return [], []
    failing = {r.name for r in report.graded if not r.passed and not r.blocked}
    if not failing:
        return [], []
    about = {r.name: described_function(r.description) or r.name for r in report.graded}
    matches = [m for m in (_match(mistake, failing, about, logs) for mistake in known) if m]
    kept = _not_downstream(_most_telling(matches), failing, about, _feeds(known, about))
    diagnoses = []
    for group in _by_home(kept):
        if len(group) > MAX_CANDIDATE_MISTAKES:
            continue
        explained = sorted(set().union(*(set(m["explains"]) for m in group)))
        diagnoses.append(Diagnosis(group[0]["function"],
                                   [{k: m["mistake"][k] for k in ("name", "en", "zh")} for m in group], explained))
    explained = set().union(*(set(d.tests) for d in diagnoses)) if diagnoses else set()
    return diagnoses, _unexplained(sorted(failing - explained), about, logs, source)


def _match(mistake: dict, failing: set[str], about: dict[str, str], logs: dict[str, list[dict]]) -> dict | None:
    fails = {t: log for t, log in mistake["fails"].items() if t in about}   # tests this run has
    home = {t for t in fails if about[t] in mistake["targets"]} or set(fails)
    if not home or not any(fails[t] for t in home):   # no call shows the mistake: nothing to compare
        return None
    functions = {about[t] for t in home}
    if {t for t in failing if about[t] in functions} != home:
        return None
    if not all(logs_agree(logs.get(t, []), fails[t]) for t in home):
        return None
    explains = sorted(t for t in set(fails) & failing if logs_agree(logs.get(t, []), fails[t]))
    function = next((name for name in mistake["targets"] if name in functions), sorted(functions)[0])
    return {"mistake": mistake, "home": frozenset(home), "explains": explains, "function": function}


def _most_telling(matches: list[dict]) -> list[dict]:
    """Drop a match whose home tests another match explains from elsewhere (a helper's
    mistake seen downstream) or whose home lies inside a larger one's."""
    def outdone(m: dict, other: dict) -> bool:
        if other is m or other["home"] == m["home"]:
            return False
        return m["home"] <= set(other["explains"]) and (not m["home"] & other["home"] or m["home"] < other["home"])

    return [m for m in matches if not any(outdone(m, other) for other in matches)]


def _feeds(known: list[dict], about: dict[str, str]) -> set[tuple[str, str]]:
    """(a, b): a mistake in function ``a`` fails a test of function ``b`` (``b`` uses ``a``)."""
    return {(a, about[t]) for m in known for t in m["fails"] if t in about for a in m["targets"] if a != about[t]}


def _not_downstream(matches: list[dict], failing: set[str], about: dict[str, str],
                    feeds: set[tuple[str, str]]) -> list[dict]:
    """Drop a match in a function that uses another whose failures no other match explains:
    those failures, not this mistake, may be why its tests fail."""
    kept = []
    for m in matches:
        home = {about[t] for t in m["home"]}
        others = set().union(*(set(o["explains"]) for o in matches if o is not m))
        if not any((about[t], h) in feeds for t in failing - set(m["explains"]) - others for h in home):
            kept.append(m)
    return kept


def _by_home(matches: list[dict]) -> list[list[dict]]:
    """The matches grouped by the tests they explain at home: one group, one diagnosis."""
    groups: dict[frozenset, list[dict]] = {}
    for m in matches:
        groups.setdefault(m["home"], []).append(m)
    return list(groups.values())


def _unexplained(tests: list[str], about: dict[str, str], logs: dict[str, list[dict]],
                 source: str) -> list[Unexplained]:
    by_function: dict[str, list[str]] = {}
    for t in tests:
        by_function.setdefault(about[t], []).append(t)
    found = []
    for function, names in by_function.items():
        shown = [[t, rounded(logs.get(t, []))] for t in names]
        signature = hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()[:12]
        found.append(Unexplained(function, names, signature, function_source(source, function)))
    return found


def function_source(source: str, name: str) -> str:
    """The source of the top-level ``def`` or ``class`` ``name`` in ``source`` ("" if none)."""
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError):
        return ""
    for node in module.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return (ast.get_source_segment(source, node) or "")[:UNEXPLAINED_SOURCE_CHARS]
    return ""
