"""Pairs of students ranked by the distinctive code they share, per lesson and summed over lessons.

Per lesson, every module is fingerprinted (``fingerprints``) and the k-grams of the given code
(stub, docstrings, public tests) are dropped.  An inverted index fingerprint -> students then
keeps only the fingerprints held by 2 to ``common`` students: code that many students share (a
natural 3-line body, one popular alternative) does not make pairs.  A pair's lesson score is the
number of lines both students' shared fingerprints cover, each line weighted by how rare its
rarest fingerprint is (held by two students: 1; by m: 1/(m-1)); a lesson counts when at least
``MIN_LINES`` lines are shared.  A pair's score is the sum over lessons, so a pair that shares
code in many lessons outranks one that shares a short body once; the ranking is by amount, never
by percentage (a 5-line module fully shared is not 100 % suspicious).

Each student is also compared with the reference solution, before the filter (a solution leaked
to many students would otherwise be discarded as common code).  Honest work shares a lot with the
solution too (the same API, the same structure, a known mistake is the solution with one change),
so a lesson counts only when the student's whole module, the given code aside, is covered by the
solution's fingerprints: nothing of their own.  It scores the lines shared times the share of the
class that does not do the same, so a lesson whose natural answer is the solution counts little.
All of this only ranks for a person to review.
"""
from __future__ import annotations

import math
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .documents import LessonTexts
from .fingerprints import fingerprint

MIN_LINES = 2               # fewer shared lines in a lesson do not count
REFERENCE = "(reference solution)"


def common_threshold(students: int) -> int:
    """Fingerprints held by more students than this are common code (MOSS's -m, 2 % of a class, at least 4)."""
    return max(4, math.ceil(0.02 * students))


@dataclass(frozen=True)
class LessonMatch:
    """What one pair shares in one lesson: the marked lines on each side, and its score."""
    lesson: str
    lines_a: tuple[int, ...]
    lines_b: tuple[int, ...]
    score: float

    @property
    def shared_lines(self) -> int:
        return min(len(self.lines_a), len(self.lines_b))


@dataclass
class Pair:
    student_a: str
    student_b: str
    matches: list[LessonMatch] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(m.score for m in self.matches)

    @property
    def shared_lines(self) -> int:
        return sum(m.shared_lines for m in self.matches)

    @property
    def with_reference(self) -> bool:
        return self.student_b == REFERENCE


def lesson_matches(texts: LessonTexts, common: int) -> list[tuple[str, str, LessonMatch]]:
    """(student a, student b, what they share) for each pair of one lesson that shares at least
    ``MIN_LINES`` distinctive lines, and each student who shares more with the solution than usual."""
    given = np.unique(np.concatenate([fingerprint(code).hashes for code in texts.given] + [np.array([], np.int64)]))
    students = sorted(texts.students)
    prints = [fingerprint(texts.students[s]) for s in students]
    own = [np.unique(p.hashes[~np.isin(p.hashes, given)]) for p in prints]
    found = [(a, b, m) for a, b, m in _pairs(students, prints, own, common)]
    return found + _reference(texts, students, prints, own, given)


def _pairs(students, prints, own, common):
    if not own:
        return []
    held = np.concatenate(own)
    holder = np.concatenate([np.full(len(h), i, dtype=np.int32) for i, h in enumerate(own)])
    values, counts = np.unique(held, return_counts=True)
    rare = values[(counts >= 2) & (counts <= common)]
    keep = np.isin(held, rare)
    held, holder = held[keep], holder[keep]
    order = np.argsort(held, kind="stable")
    held, holder = held[order], holder[order]
    starts = np.flatnonzero(np.r_[True, held[1:] != held[:-1]])
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)   # pair -> the hashes it shares
    for start, end in zip(starts, np.r_[starts[1:], len(held)]):
        who = holder[start:end]
        for i in range(len(who)):
            for j in range(i + 1, len(who)):
                shared[(int(who[i]), int(who[j]))].append(start)
    weight_of = {int(v): 1 / (c - 1) for v, c in zip(values, counts) if 2 <= c <= common}
    for (i, j), starts_ in shared.items():
        hashes = held[starts_]
        lines_a, score_a = _covered(prints[i], hashes, weight_of)
        lines_b, score_b = _covered(prints[j], hashes, weight_of)
        if min(len(lines_a), len(lines_b)) >= MIN_LINES:
            yield students[i], students[j], LessonMatch("", lines_a, lines_b, round(min(score_a, score_b), 2))


def _covered(print_, hashes: np.ndarray, weight_of: dict) -> tuple[tuple[int, ...], float]:
    """The lines of one module that ``hashes`` cover, and their summed weights (a line weighs as
    its rarest covering fingerprint)."""
    weights: dict[int, float] = {}
    for position in np.flatnonzero(np.isin(print_.hashes, hashes)):
        w = weight_of[int(print_.hashes[position])]
        for line in print_.lines_of(np.array([position])):
            weights[int(line)] = max(weights.get(int(line), 0.0), w)
    return tuple(sorted(weights)), sum(weights.values())


def _reference(texts: LessonTexts, students, prints, own, given) -> list[tuple[str, str, LessonMatch]]:
    """Students whose module, the given code aside, is the reference solution: every token covered by
    the solution's fingerprints.  Scored by the lines shared, times the share of the lesson's students
    who do not do the same (a lesson where most students write the solution's own lines counts little)."""
    reference = fingerprint(texts.reference)
    ref = np.unique(reference.hashes)
    whole = []
    for student, p, mine in zip(students, prints, own):
        shared = p.lines_of(np.flatnonzero(np.isin(p.hashes, ref) & ~np.isin(p.hashes, given)))
        explained = p.covered(np.flatnonzero(np.isin(p.hashes, ref) | np.isin(p.hashes, given)))
        if len(shared) >= MIN_LINES and explained.all():
            ref_lines = reference.lines_of(np.flatnonzero(np.isin(reference.hashes, mine)))
            whole.append((student, tuple(int(x) for x in shared), tuple(int(x) for x in ref_lines)))
    rarity = 1 - len(whole) / max(len(students), 1)
    return [(student, REFERENCE, LessonMatch("", lines, ref_lines, round(len(lines) * rarity, 2)))
            for student, lines, ref_lines in whole if len(lines) * rarity >= MIN_LINES]


def _lesson_job(args) -> list[tuple[str, str, LessonMatch]]:
    texts, common = args
    return [(a, b, LessonMatch(texts.lesson.name, m.lines_a, m.lines_b, m.score))
            for a, b, m in lesson_matches(texts, common)]


def rank(lessons: list[LessonTexts], common: int, jobs: int) -> list[Pair]:
    """Every pair that shares code in some lesson, best first (score, then lessons, then names).
    Lessons are compared in ``jobs`` processes; each lesson's hashes stay within one."""
    pairs: dict[tuple[str, str], Pair] = {}
    work = [(texts, common) for texts in lessons]
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(min(jobs, len(work))) as pool:
            results = list(pool.map(_lesson_job, work))
    else:
        results = [_lesson_job(w) for w in work]
    for found in results:
        for a, b, match in found:
            pairs.setdefault((a, b), Pair(a, b)).matches.append(match)
    return sorted(pairs.values(), key=lambda p: (-p.score, -len(p.matches), p.student_a, p.student_b))
