"""The catalogue of known mistakes: each lesson's realistic wrong solutions, kept as course
content and built from the current solutions.

``solutions/<lesson>/mistakes.toml`` (instructor side, never shipped) lists a lesson's
mistakes as ``[[mistake]]`` tables with ``name``, ``en`` and ``zh`` (the mistake in one
sentence, in English and in Simplified Chinese), ``replace`` (the source of the top-level
definitions the mistake changes) and optionally ``also_fails`` (functions built on a
changed one, whose tests may fail with it).  A mistake's submission is the lesson's current
solution with those definitions swapped in (:func:`mistake_source`), so every mistake
follows the edits of its solution and differs from it in its mistake only.
"""
from __future__ import annotations

import ast
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..course import CATALOGUE, Course

REQUIRED = ("name", "en", "zh", "replace")
OPTIONAL = ("also_fails",)
LINE = re.compile(r".*?(?:\r\n|\n|\r)|.+", re.DOTALL)   # a line and its ending, as ast counts lines
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")   # Han characters, as a zh sentence has


class MistakeError(ValueError):
    """A mistakes file or replacement that cannot be used as written."""


@dataclass(frozen=True)
class Mistake:
    """One known mistake of a lesson: its sentences and the definitions it replaces."""
    lesson: str
    name: str
    en: str
    zh: str
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


def mistakes_file(course_root: Path, lesson: str) -> Path:
    """Where ``lesson``'s catalogue lives: ``solutions/<lesson>/mistakes.toml``."""
    return Course(course_root).solutions_dir / lesson / CATALOGUE


def load_mistakes(course_root: Path, lesson: str) -> list[Mistake]:
    """The known mistakes of ``lesson``, in file order; none when it has no mistakes file."""
    path = mistakes_file(course_root, lesson)
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise MistakeError(f"{path}: not valid TOML: {e}") from None
    entries = data.pop("mistake", [])
    if data or not isinstance(entries, list):
        raise MistakeError(f"{path}: expected only [[mistake]] tables, found {', '.join(data) or 'mistake = <value>'}")
    mistakes = [_mistake(path, lesson, number, entry) for number, entry in enumerate(entries, 1)]
    repeated = [name for name, count in Counter(m.name for m in mistakes).items() if count > 1]
    if repeated:
        raise MistakeError(f"{path}: mistake names used more than once: {', '.join(repeated)}")
    return mistakes


def _mistake(path: Path, lesson: str, number: int, entry: object) -> Mistake:
    """One ``[[mistake]]`` table, checked key by key."""
    where = f"{path}: mistake {number}"
    if not isinstance(entry, dict):
        raise MistakeError(f"{where}: not a table")
    where = f"{where} ({entry.get('name', 'no name')})"
    missing = [key for key in REQUIRED if key not in entry]
    unknown = [key for key in entry if key not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise MistakeError(f"{where}: missing keys {missing}, unknown keys {unknown}")
    also = entry.get("also_fails", [])
    if not all(isinstance(entry[key], str) and entry[key].strip() for key in REQUIRED):
        raise MistakeError(f"{where}: {', '.join(REQUIRED)} must be non-empty strings")
    if not CJK.search(entry["zh"]):
        raise MistakeError(f"{where}: zh must be the sentence in Simplified Chinese, got {entry['zh']!r}")
    if not isinstance(also, list) or not all(isinstance(name, str) and name.isidentifier() for name in also):
        raise MistakeError(f"{where}: also_fails must be a list of function names")
    return Mistake(lesson, entry["name"], entry["en"], entry["zh"], entry["replace"], tuple(also))


def splice(source: str, replace: str, where: str) -> str:
    """``source`` with each top-level definition of ``replace`` in place of the
    same-named one, whole (decorators included); all other text is kept as it is.

    Raises ``MistakeError`` (naming ``where``) when ``replace`` does not parse, defines
    nothing, holds anything but definitions, defines a name the source does not, or
    changes nothing but docstrings and layout."""
    new, old = _parse(replace, where, "replace"), _parse(source, where, "the solution")
    if not new.body:
        raise MistakeError(f"{where}: replace defines nothing")
    edits = {}
    for node in new.body:
        target = _matching_node(old, node, where)
        if target in edits:
            raise MistakeError(f"{where}: two replacements for the solution's line {target.lineno}")
        edits[target] = "".join(LINE.findall(replace)[_first_line(node) - 1:node.end_lineno])
    lines = LINE.findall(source)
    for target, text in sorted(edits.items(), key=lambda edit: -edit[0].lineno):
        last = lines[target.end_lineno - 1]
        ending = last[len(last.rstrip("\r\n")):]
        lines[_first_line(target) - 1:target.end_lineno] = [text.rstrip("\r\n") + ending]
    result = "".join(lines)
    if _shape(result, where) == _shape(source, where):
        raise MistakeError(f"{where}: replace changes nothing but docstrings or layout")
    return result


def mistake_source(course_root: Path, mistake: Mistake) -> str:
    """The submission of ``mistake``: its lesson's current solution with ``replace`` spliced in."""
    course = Course(course_root)
    lesson = next((lesson for lesson in course.lessons() if lesson.name == mistake.lesson), None)
    if lesson is None:
        raise MistakeError(f"{mistake.where}: the course at {course_root} has no lesson {mistake.lesson}")
    path = course.solutions_dir / lesson.name / lesson.filename
    return splice(path.read_text(encoding="utf-8"), mistake.replace, mistake.where)


def _parse(text: str, where: str, what: str) -> ast.Module:
    try:
        return ast.parse(text)
    except SyntaxError as e:
        raise MistakeError(f"{where}: {what} does not parse: {e.msg} (line {e.lineno})") from None


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
        raise MistakeError(f"{where}: replace line {node.lineno} is not a def, class or assignment")
    found = {n for n in module.body if set(_names(n)) & set(names)}
    if not found:
        raise MistakeError(f"{where}: the solution has no top-level definition of {', '.join(names)}")
    if len(found) > 1:
        raise MistakeError(f"{where}: the solution defines {', '.join(names)} more than once")
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
