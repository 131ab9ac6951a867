"""Mutants: realistic wrong solutions, kept as data and built from the current solutions.

``testing/mutants/<lesson>.toml`` lists a lesson's mutants as ``[[mutant]]`` tables with
``name``, ``mistake`` (one sentence), ``replace`` (the source of the top-level
definitions the mistake changes) and optionally ``also_fails`` (functions built on a
mutated one, whose tests may fail with it).  A mutant's submission is the lesson's
current solution with those definitions swapped in (:func:`mutant_source`), so every
mutant follows the edits of its solution and differs from it in its mistake only.
"""
from __future__ import annotations

import ast
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..course import Course

REQUIRED = ("name", "mistake", "replace")
OPTIONAL = ("also_fails",)
LINE = re.compile(r".*?(?:\r\n|\n|\r)|.+", re.DOTALL)   # a line and its ending, as ast counts lines


class MutantError(ValueError):
    """A mutant file or replacement that cannot be used as written."""


@dataclass(frozen=True)
class Mutant:
    lesson: str
    name: str
    mistake: str
    replace: str
    also_fails: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``<lesson>/<name>``, for messages."""
        return f"{self.lesson}/{self.name}"

    @property
    def targets(self) -> tuple[str, ...]:
        """The top-level names that ``replace`` defines, in order."""
        return tuple(name for node in _parse(self.replace, self.where, "replace").body for name in _names(node))


def mutants_file(course_root: Path, lesson: str) -> Path:
    return course_root / "testing" / "mutants" / f"{lesson}.toml"


def load_mutants(course_root: Path, lesson: str) -> list[Mutant]:
    """The mutants of ``lesson``, in file order; none when it has no mutants file."""
    path = mutants_file(course_root, lesson)
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise MutantError(f"{path}: not valid TOML: {e}") from None
    entries = data.pop("mutant", [])
    if data or not isinstance(entries, list):
        raise MutantError(f"{path}: expected only [[mutant]] tables, found {', '.join(data) or 'mutant = <value>'}")
    mutants = [_mutant(path, lesson, number, entry) for number, entry in enumerate(entries, 1)]
    repeated = [name for name, count in Counter(m.name for m in mutants).items() if count > 1]
    if repeated:
        raise MutantError(f"{path}: mutant names used more than once: {', '.join(repeated)}")
    return mutants


def _mutant(path: Path, lesson: str, number: int, entry: object) -> Mutant:
    """One ``[[mutant]]`` table, checked key by key."""
    where = f"{path}: mutant {number}"
    if not isinstance(entry, dict):
        raise MutantError(f"{where}: not a table")
    missing = [key for key in REQUIRED if key not in entry]
    unknown = [key for key in entry if key not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise MutantError(f"{where} ({entry.get('name', 'no name')}): missing keys {missing}, unknown keys {unknown}")
    also = entry.get("also_fails", [])
    if not all(isinstance(entry[key], str) and entry[key].strip() for key in REQUIRED):
        raise MutantError(f"{where}: {', '.join(REQUIRED)} must be non-empty strings")
    if not isinstance(also, list) or not all(isinstance(name, str) and name.isidentifier() for name in also):
        raise MutantError(f"{where}: also_fails must be a list of function names")
    return Mutant(lesson, entry["name"], entry["mistake"], entry["replace"], tuple(also))


def splice(source: str, replace: str, where: str) -> str:
    """``source`` with each top-level definition of ``replace`` in place of the
    same-named one, whole (decorators included); all other text is kept as it is.

    Raises ``MutantError`` (naming ``where``) when ``replace`` does not parse, defines
    nothing, holds anything but definitions, defines a name the source does not, or
    changes nothing but docstrings and layout."""
    new, old = _parse(replace, where, "replace"), _parse(source, where, "the solution")
    if not new.body:
        raise MutantError(f"{where}: replace defines nothing")
    edits = {}
    for node in new.body:
        target = _matching_node(old, node, where)
        if target in edits:
            raise MutantError(f"{where}: two replacements for the solution's line {target.lineno}")
        edits[target] = "".join(LINE.findall(replace)[_first_line(node) - 1:node.end_lineno])
    lines = LINE.findall(source)
    for target, text in sorted(edits.items(), key=lambda edit: -edit[0].lineno):
        last = lines[target.end_lineno - 1]
        ending = last[len(last.rstrip("\r\n")):]
        lines[_first_line(target) - 1:target.end_lineno] = [text.rstrip("\r\n") + ending]
    result = "".join(lines)
    if _shape(result, where) == _shape(source, where):
        raise MutantError(f"{where}: replace changes nothing but docstrings or layout")
    return result


def mutant_source(course_root: Path, mutant: Mutant) -> str:
    """The submission of ``mutant``: its lesson's current solution with ``replace`` spliced in."""
    course = Course(course_root)
    lesson = next((lesson for lesson in course.lessons() if lesson.name == mutant.lesson), None)
    if lesson is None:
        raise MutantError(f"{mutant.where}: the course at {course_root} has no lesson {mutant.lesson}")
    path = course.solutions_dir / lesson.name / lesson.filename
    return splice(path.read_text(encoding="utf-8"), mutant.replace, mutant.where)


def _parse(text: str, where: str, what: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError as e:
        raise MutantError(f"{where}: {what} does not parse: {e.msg} (line {e.lineno})") from None


def _names(node: ast.stmt) -> list[str]:
    """The names a top-level statement defines: a def, a class or an assignment."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]


def _matching_node(module: ast.Module, node: ast.stmt, where: str) -> ast.stmt:
    """The one top-level statement of ``module`` that defines what ``node`` defines."""
    names = _names(node)
    if not names:
        raise MutantError(f"{where}: replace line {node.lineno} is not a def, class or assignment")
    found = {n for n in module.body if set(_names(n)) & set(names)}
    if not found:
        raise MutantError(f"{where}: the solution has no top-level definition of {', '.join(names)}")
    if len(found) > 1:
        raise MutantError(f"{where}: the solution defines {', '.join(names)} more than once")
    return found.pop()


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def _shape(text: str, where: str) -> str:
    """``ast.dump`` of the module ``text`` without its docstrings."""
    module = _parse(text, where, "the spliced module")
    for node in ast.walk(module):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:]
    return ast.dump(module)
