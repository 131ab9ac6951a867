"""Notebook submissions: a lesson handed in as a notebook is graded as the module its
code cells make.

The code cells are taken in order; IPython magics, shell escapes and help lines are
left out (each with a note), and so are nbgrader's autograded test cells.  Every cell
starts with a marker comment, so a line of the module can be traced back to its cell
(``LessonSource.where``) and feedback can name the cell where a function is defined.
"""
from __future__ import annotations

import ast
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..limits import MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES

MARKER = re.compile(r"^# %% cell (\d+)$")
PRELUDE = ("def display(*objects, **options):\n"
           "    \"\"\"IPython's display(), which shows nothing when a notebook is graded.\"\"\"\n")
_IPYTHON_LINE = re.compile(r"^\s*(?:[%!?]|[\w.]+\?\??\s*$|[\w.,\s]+=\s*[%!])")


class NotebookProblem(ValueError):
    """A notebook that cannot be read as one."""


@dataclass(frozen=True)
class Cell:
    number: int        # 1-based position among all the notebook's cells, Markdown ones included
    source: str
    is_test: bool = False   # an nbgrader autograded test cell


@dataclass
class LessonSource:
    """The module text a lesson is graded from, and the file it came from."""
    filename: str              # what the student handed in: linear_model.py or linear_model.ipynb
    text: str
    notes: list[str] = field(default_factory=list)
    first_lines: dict[int, str] = field(default_factory=dict)   # cell number -> its first line

    @property
    def is_notebook(self) -> bool:
        return self.filename.endswith(".ipynb")

    def where(self, line: int) -> str:
        """Where line ``line`` of the module text is in what the student handed in."""
        if not self.is_notebook:
            return f"{self.filename}, line {line}"
        lines = self.text.splitlines()
        for back in range(min(line, len(lines)) - 1, -1, -1):
            match = MARKER.match(lines[back])
            if match:
                cell = int(match.group(1))
                first = self.first_lines.get(cell, "")
                return f"{self.filename}, cell {cell} ({first!r}), line {line - back - 1}"
        return f"{self.filename} (the grader's preamble, line {line})"

    def translate(self, text: str) -> str:
        """``text`` (a message or traceback about the module) with its lines given as
        places in the notebook."""
        if not self.is_notebook:
            return text
        module = re.escape(self.filename[: -len(".ipynb")] + ".py")
        text = re.sub(rf'File "{module}", line (\d+)', lambda m: f"File {self.where(int(m.group(1)))}", text)
        return re.sub(r"\(line (\d+)\)", lambda m: f"({self.where(int(m.group(1)))})", text)

    def definition_note(self, name: str | None) -> str:
        """A line saying where ``name`` is defined in the notebook ('' if it is not)."""
        line = self.defined_at(name) if name and self.is_notebook else None
        return f"\n({name} is defined in {self.where(line)})" if line else ""

    def defined_at(self, name: str) -> int | None:
        """The module line where top-level function or class ``name`` is (last) defined."""
        try:
            tree = ast.parse(self.text)
        except SyntaxError:
            return None
        lines = [node.lineno for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name]
        return lines[-1] if lines else None


def read_cells(data: bytes, filename: str) -> list[Cell]:
    """The code cells of a notebook file, numbered by their place among all cells."""
    import nbformat

    try:
        with warnings.catch_warnings():  # nbformat warns of what it repairs (missing cell ids)
            warnings.simplefilter("ignore")
            nb = nbformat.reads(data.decode("utf-8-sig"), as_version=4)
    except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as exc:
        raise NotebookProblem(f"{filename} is not a readable notebook (its JSON is broken: {exc}); "
                              "open it in Jupyter, save it again and hand it in") from None
    except Exception as exc:  # nbformat's own validation and version errors
        raise NotebookProblem(f"{filename} is not a readable notebook: {type(exc).__name__}: {exc}") from None
    cells = []
    for number, cell in enumerate(nb.get("cells", []), 1):
        if cell.get("cell_type") == "code":
            grading = cell.get("metadata", {}).get("nbgrader", {})
            source = cell.get("source", "")
            cells.append(Cell(number, "".join(source) if isinstance(source, list) else str(source),
                              bool(grading.get("grade")) and not grading.get("solution")))
    return cells


def module_from_cells(cells: list[Cell], filename: str) -> LessonSource:
    """The module the code cells make, with a note for everything left out."""
    futures, parts, notes, first_lines = [], [PRELUDE], [], {}
    for cell in cells:
        first_lines[cell.number] = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
        if cell.is_test:
            notes.append(f"cell {cell.number}: left out (an nbgrader test cell; the grader runs its own tests)")
            continue
        code, dropped = _plain_python(cell.source)
        notes += [f"cell {cell.number}: left out the IPython line {line!r}" for line in dropped]
        code = _hoist_futures(code, futures)
        parts.append(f"# %% cell {cell.number}\n{code.rstrip()}\n")
    return LessonSource(filename, "\n".join(futures + parts), notes, first_lines)


def _hoist_futures(code: str, futures: list[str]) -> str:
    """``code`` with its ``from __future__`` imports (which a notebook allows in any cell,
    a module only first) added to ``futures`` and left as comments in place."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    lines = code.splitlines()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__" and node.lineno == node.end_lineno:
            futures.append(lines[node.lineno - 1].strip() + "\n")
            lines[node.lineno - 1] = "# (moved to the top of the module) " + lines[node.lineno - 1].strip()
    return "\n".join(lines)


def module_from_notebook(data: bytes, filename: str) -> LessonSource:
    return module_from_cells(read_cells(data, filename), filename)


def notebook_names(module: str, lesson: str) -> list[str]:
    """The notebooks a lesson may be handed in as, in the order they are looked for:
    ``linear_model.ipynb``, then nbgrader's ``04_linear_model.ipynb``."""
    return [f"{module}.ipynb", f"{lesson}.ipynb"]


def find_lesson_source(folder: Path, module: str, lesson: str) -> LessonSource | None:
    """What a lesson folder is graded from: ``<module>.py`` when it is there, else the
    first notebook of ``notebook_names``; None when neither is there."""
    py = folder / f"{module}.py"
    notebooks = [folder / name for name in notebook_names(module, lesson)
                 if (folder / name).is_file() and not (folder / name).is_symlink()]
    if py.is_file():
        ignored = [f"{nb.name} was not graded: {py.name} is, when a lesson holds both" for nb in notebooks]
        return LessonSource(py.name, py.read_bytes()[:MAX_FILE_BYTES].decode("utf-8-sig", "replace"), ignored)
    if not notebooks:
        return None
    data = notebooks[0].read_bytes()
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise NotebookProblem(f"{notebooks[0].name} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MiB; "
                              "clear its outputs (Edit > Clear All Outputs), save it and hand it in again")
    return module_from_notebook(data, notebooks[0].name)


def _plain_python(source: str) -> tuple[str, list[str]]:
    """A cell's code without IPython syntax, and the lines left out.  A cell that
    parses as Python is kept whole; a cell magic (``%%time``) leaves out the cell."""
    stripped = source.lstrip()
    if stripped.startswith("%%"):
        return "", [stripped.splitlines()[0] + " (and the rest of the cell)"]
    try:
        ast.parse(source)
        return source, []
    except SyntaxError:
        pass
    kept, dropped = [], []
    for line in source.splitlines():
        if _IPYTHON_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            kept.append(f"{indent}pass  # left out by the grader: {line.strip()}")
            dropped.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), dropped
