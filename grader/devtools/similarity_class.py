"""A generated class with planted copies, for ``make bench-similarity`` and the project's tests.

Each honest student hands in, per lesson, one of the lesson's sources (``bench.variants``: the
solution, the alternatives, the known mistakes, the stub) with each of its functions taken, half
of the time, from another of those sources (as students write some functions one way and some
another), and a few lines of their own (a
tolerance, a debug print, an assert with their own numbers) standing in for the many small
differences independently written code has: without them two honest students who drew the same
alternative are the same text, and no tool could tell them from a copy.  Planted copies, each
of an honest student: renamed variables, reordered functions, changed comments and blank lines,
all three at once, the reference solution (renamed, comments changed), and a copy in one lesson
only.  Ids are Chinese and Latin names, as real classes have.
"""
from __future__ import annotations

import ast
import io
import keyword
import random
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from ..course import Course, Lesson
from ..trusted.mistakes import MistakeError, splice
from .bench import variants

PLANTED = ("renamed", "reordered", "comments", "all_three", "solution", "one_lesson")


@dataclass(frozen=True)
class GeneratedClass:
    students: list[str]
    planted: dict[str, tuple[str, str]]    # kind -> (student, student or the reference) it plants


def own_lines(source: str, rng: random.Random, how_many: int = 3) -> str:
    """``source`` with ``how_many`` lines of a student's own at the start of random function bodies."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    bodies = [node.body for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    lines = source.splitlines()
    chosen = rng.sample(bodies, min(how_many, len(bodies)))
    spots = sorted({(stmts[-1].lineno, stmts[-1].col_offset) for stmts in chosen}, reverse=True)
    for lineno, col in spots:
        a, b = rng.randint(2, 999), rng.randint(2, 99)
        line = rng.choice([f"tolerance = {a}e-{b}", f'print("checking", {a}, {b})', f"assert {a} > {b} - {a}",
                           f"limit = {a} * {b}"])
        lines.insert(lineno - 1, " " * col + line)
    return "\n".join(lines) + "\n"


def definitions(source: str) -> dict[str, str]:
    """Top-level function and class name -> its source text (decorators included)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    lines = source.splitlines()
    return {n.name: "\n".join(lines[(n.decorator_list[0].lineno if n.decorator_list else n.lineno) - 1:n.end_lineno])
            for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}


def mixed(options: list[str], versions: list[dict[str, str]], rng: random.Random) -> str:
    """One of ``options`` with each definition, half of the time, as another option writes it
    (``versions``: each option's ``definitions``)."""
    pick = rng.randrange(len(options))
    base = options[pick]
    for name in versions[pick]:
        if rng.random() < 0.5:
            other = rng.choice([v[name] for v in versions if name in v])
            try:
                base = splice(base, other, "generated student")
            except MistakeError:
                pass   # the same definition, or one that splices badly: keep the base's
    return base


def rename_locals(source: str, suffix: str = "renamed") -> str:
    """``source`` with every parameter and assigned name (not top-level definitions or imports) renamed."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    top = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
    top |= {(a.asname or a.name).split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
            for a in n.names}
    local = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    local |= {a.arg for n in ast.walk(tree) if isinstance(n, ast.arguments)
              for a in n.args + n.kwonlyargs + n.posonlyargs}
    local -= top | {"self", "cls"}
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        text = f"{tok.string}_{suffix}" if tok.type == tokenize.NAME and tok.string in local \
            and not keyword.iskeyword(tok.string) else tok.string
        out.append((tok.type, text))
    return tokenize.untokenize(out)


def reorder_functions(source: str, rng: random.Random) -> str:
    """``source`` with its top-level definitions in another order (imports and the rest first)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = source.splitlines()
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
    chunks = ["\n".join(lines[(n.decorator_list[0].lineno if n.decorator_list else n.lineno) - 1:n.end_lineno])
              for n in defs]
    taken = {i for n in defs for i in range((n.decorator_list[0].lineno if n.decorator_list else n.lineno) - 1,
                                             n.end_lineno)}
    rest = [line for i, line in enumerate(lines) if i not in taken]
    rng.shuffle(chunks)
    return "\n".join(rest) + "\n\n\n" + "\n\n\n".join(chunks) + "\n"


def change_comments(source: str) -> str:
    """``source`` without its comments, with comments and blank lines of the copier's own."""
    out = []
    for line in source.splitlines():
        code = re.sub(r"\s+#(?!.*['\"]).*$", "", line)
        if code.strip().startswith("#"):
            continue
        out.append(code)
        if code.rstrip().endswith(":") and not code.lstrip().startswith(("def ", "class ")):
            out += ["", " " * (len(code) - len(code.lstrip()) + 4) + "# 我自己写的 (my own work)"]
    return "\n".join(out) + "\n"


def make_class(course: Course, lessons: list[Lesson], honest: int, folder: Path, seed: int = 0) -> GeneratedClass:
    """Write ``honest`` honest students and the planted copies to ``folder/<student>/<lesson>/<module>``."""
    rng = random.Random(seed)
    students = [f"{rng.choice('王李张刘陈杨赵黄周吴')}{rng.choice('伟芳娜敏静丽强磊军洋')}{i:04d}" if i % 2
                else f"Student {i:04d}" for i in range(honest)]
    texts: dict[str, dict[str, str]] = {s: {} for s in students}
    started: dict[str, list[str]] = {s: [] for s in students}   # the lessons a student did not leave as the stub
    for lesson in lessons:
        options = variants(course, lesson)
        versions = [definitions(option) for option in options]
        for s in students:
            texts[s][lesson.name] = own_lines(mixed(options, versions, rng), rng)
            if texts[s][lesson.name] != own_lines(options[-1], random.Random(0), 0):
                started[s].append(lesson.name)
    victims = rng.sample([s for s in students if started[s]], len(PLANTED))
    planted = {}
    for kind, victim in zip(PLANTED, victims):
        copier = f"{kind} copier {victim}"
        copies = dict(texts[victim])
        if kind == "renamed":
            copies = {name: rename_locals(t) for name, t in copies.items()}
        elif kind == "reordered":
            copies = {name: reorder_functions(t, rng) for name, t in copies.items()}
        elif kind == "comments":
            copies = {name: change_comments(t) for name, t in copies.items()}
        elif kind == "all_three":
            copies = {name: change_comments(reorder_functions(rename_locals(t, "x"), rng))
                      for name, t in copies.items()}
        elif kind == "solution":
            solutions = {lesson.name: course.solutions_dir / lesson.name / lesson.filename for lesson in lessons}
            copies = {name: change_comments(rename_locals(path.read_text(encoding="utf-8"), "sol"))
                      for name, path in solutions.items()}
            victim = "(reference solution)"
        elif kind == "one_lesson":
            chosen = rng.choice(started[victim])
            options = {lesson.name: variants(course, lesson) for lesson in lessons}
            copies = {n: own_lines(mixed(o, [definitions(v) for v in o], rng), rng) for n, o in options.items()}
            copies[chosen] = rename_locals(texts[victim][chosen], "mine")
        texts[copier] = copies
        planted[kind] = (copier, victim)
    for s, by_lesson in texts.items():
        for lesson in lessons:
            dest = folder / s / lesson.name / lesson.filename
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(by_lesson[lesson.name], encoding="utf-8")
    return GeneratedClass(sorted(texts), planted)
