"""The course specification (``docs/course.md``) cannot drift from the solutions: every lesson
has its section naming its module, every public function and class of the solution module has
an entry headed by its signature as the stub has it (parameter names, order and defaults), every
public method of a class is written out in its class's entry, and no entry names a definition
the solution no longer has."""
import ast
import re

import pytest

from grader.course import Course

from conftest import REPO

SPEC = REPO / "docs" / "course.md"
COURSE = Course(REPO)
LESSONS = {lesson.name: lesson for lesson in COURSE.lessons()}


def signature(node: ast.FunctionDef) -> str:
    """``name(a, b=1.0, *args, c=None, **kwargs)``: the names and defaults, no annotations."""
    args = node.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + args.defaults
    params = [arg.arg + ("" if default is None else f"={ast.unparse(default)}")
              for arg, default in zip(positional, defaults)]
    if args.posonlyargs:
        params.insert(len(args.posonlyargs), "/")
    if args.vararg or args.kwonlyargs:
        params.append(f"*{args.vararg.arg}" if args.vararg else "*")
    params += [arg.arg + ("" if default is None else f"={ast.unparse(default)}")
               for arg, default in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg:
        params.append(f"**{args.kwarg.arg}")
    return f"{node.name}({', '.join(params)})"


def heading(node: ast.FunctionDef | ast.ClassDef) -> str:
    """What an entry's ``### `...` `` heading says of ``node``."""
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(base) for base in node.bases)
        return f"class {node.name}({bases})" if bases else f"class {node.name}"
    return signature(node)


def public_definitions(lesson: str) -> list[ast.FunctionDef | ast.ClassDef]:
    source = COURSE.solutions_dir / lesson / LESSONS[lesson].filename
    return [node for node in ast.parse(source.read_text(encoding="utf-8")).body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not node.name.startswith("_")]


def sections(text: str, level: str) -> dict[str, str]:
    """Heading (the text between its first pair of backquotes) -> the text up to the next
    heading of the same level."""
    parts = re.split(rf"^{level} (.*)$", text, flags=re.MULTILINE)
    found = {}
    for title, body in zip(parts[1::2], parts[2::2]):
        name = re.match(r"`([^`]+)`", title)
        if name:
            found[name[1]] = title + "\n" + body
    return found


SPEC_LESSONS = sections(SPEC.read_text(encoding="utf-8"), "##")


def test_every_lesson_has_a_section_and_no_other_lesson_does():
    assert sorted(SPEC_LESSONS) == sorted(LESSONS)


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_the_spec_names_the_lessons_module(lesson):
    assert f"module `{LESSONS[lesson].filename}`" in SPEC_LESSONS[lesson].split("\n", 1)[0]


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_every_public_definition_has_an_entry_with_its_signature(lesson):
    entries = sections(SPEC_LESSONS.get(lesson, ""), "###")
    expected = {heading(node): node for node in public_definitions(lesson)}
    missing = sorted(set(expected) - set(entries))
    stale = sorted(set(entries) - set(expected))
    assert not missing and not stale, (f"docs/course.md, {lesson}: no entry for {missing}; "
                                       f"entries for what the solution does not define: {stale}")
    for title, node in expected.items():
        if isinstance(node, ast.ClassDef):
            methods = [signature(m) for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                       and (not m.name.startswith("_") or m.name == "__init__")]
            absent = [m for m in methods if f"`{m}`" not in entries[title]]
            assert not absent, f"docs/course.md, {lesson}, {title}: the methods {absent} are not written out"


def test_signature_reads_names_and_defaults():
    source = "def f(a, /, b: int, c='x', *rest, d=None, **kw) -> int: pass\nclass K(torch.nn.Module): pass"
    function, klass = ast.parse(source).body
    assert signature(function) == "f(a, /, b, c='x', *rest, d=None, **kw)"
    assert heading(klass) == "class K(torch.nn.Module)"
