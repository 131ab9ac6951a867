"""The blind set (``testing/blind``): one- and two-mistake submissions written from the lesson
READMEs, kept as patches of one correct solution.

``testing/blind/<lesson>/`` holds ``correct/<module>.py`` and ``cases.toml``, whose
``[[case]]`` tables each give ``replace``: the case's top-level definitions, spliced into
the correct module as a known mistake's are into the solution
(:func:`grader.trusted.mistakes.splice`).  The import statements of ``replace``, which splice
does not take, are added before the correct module's first import.
"""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from ..course import Lesson
from ..trusted.mistakes import LINE, MistakeError, splice

BLIND = Path("testing", "blind")
IMPORTS = (ast.Import, ast.ImportFrom)


def blind_manifest(course_root: Path, lesson: str) -> dict:
    """``testing/blind/<lesson>/cases.toml``, parsed; ``{}`` when the lesson has no blind set."""
    path = course_root / BLIND / lesson / "cases.toml"
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise MistakeError(f"{path}: not valid TOML: {e}") from None


def blind_case_sources(course_root: Path, lesson: Lesson) -> dict[str, str]:
    """The module source of ``correct`` and of each case of ``lesson``'s blind set, by case id,
    in file order; ``{}`` when the lesson has none.  Raises ``MistakeError`` naming the case
    when its ``replace`` cannot be spliced (or changes nothing but docstrings and layout)."""
    manifest = blind_manifest(course_root, lesson.name)
    if not manifest:
        return {}
    folder = course_root / BLIND / lesson.name
    correct = (folder / "correct" / lesson.filename).read_text(encoding="utf-8")
    sources = {"correct": correct}
    for case in manifest.get("case", []):
        where = f"{folder / 'cases.toml'}: case {case.get('id')}"
        if not isinstance(case.get("replace"), str):
            raise MistakeError(f"{where}: replace must be the source of the case's definitions")
        sources[case["id"]] = case_source(correct, case["replace"], where)
    return sources


def case_source(correct: str, replace: str, where: str) -> str:
    """``correct`` with ``replace`` spliced in; the import statements of ``replace`` go
    before the first import of ``correct``."""
    try:
        tree = ast.parse(replace)
    except SyntaxError as e:
        raise MistakeError(f"{where}: replace does not parse: {e.msg} (line {e.lineno})") from None
    lines = LINE.findall(replace)
    taken = {i for node in tree.body if isinstance(node, IMPORTS) for i in range(node.lineno - 1, node.end_lineno)}
    if not taken:
        return splice(correct, replace, where)
    source = splice(correct, "".join("\n" if i in taken else line for i, line in enumerate(lines)), where)
    first = next((node for node in ast.parse(source).body if isinstance(node, IMPORTS)), None)
    if first is None:
        raise MistakeError(f"{where}: replace imports, but the correct module has no import to put them before")
    result = LINE.findall(source)
    result[first.lineno - 1:first.lineno - 1] = [lines[i].rstrip("\r\n") + "\n" for i in sorted(taken)]
    return "".join(result)
