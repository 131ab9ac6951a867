"""The package's shape, as a newcomer relies on it: every module says what it holds,
the lesson author's API loads without the sandbox, no module reaches into another's
private names, each shared constant has one definition, and every command module has
the same three parts."""
import ast
import subprocess
import sys
from collections import defaultdict

import pytest

from conftest import REPO

PACKAGE = REPO / "grader"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
PER_MODULE_NAMES = {"HELP"}  # each command module has its own


def dotted(path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def tree(path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", MODULES, ids=dotted)
def test_every_module_says_what_it_holds(path):
    assert ast.get_docstring(tree(path)), f"{dotted(path)} has no module docstring"


def imported_from_grader(path) -> list[tuple[str, str]]:
    """(module, name) for each ``from <grader module> import name`` in ``path``."""
    package = dotted(path).split(".") if path.name == "__init__.py" else dotted(path).split(".")[:-1]
    found = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1]) if node.level else ""
            module = ".".join(filter(None, [base, node.module or ""]))
            if module.startswith("grader"):
                found += [(module, alias.name) for alias in node.names]
    return found


@pytest.mark.parametrize("path", MODULES, ids=dotted)
def test_no_module_imports_private_names(path):
    private = [f"{module}.{name}" for module, name in imported_from_grader(path)
               if name.startswith("_") and not name.endswith("__")]
    assert not private, f"{dotted(path)} imports private names: {private}"


def test_each_shared_constant_is_defined_once():
    where = defaultdict(list)
    for path in MODULES:
        for node in tree(path).body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper() and target.id not in PER_MODULE_NAMES:
                    where[target.id].append(dotted(path))
    twice = {name: modules for name, modules in where.items() if len(modules) > 1}
    assert not twice, f"constants defined in more than one module: {twice}"


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(m for m in sys.modules if m.startswith('grader'))))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_authors_api_loads_without_the_sandbox():
    loaded = loaded_after("import grader.checks, grader.authoring.static, grader.authoring.describe")
    assert "grader.authoring.checks" in loaded
    assert not {m for m in loaded if m.startswith(("grader.sandbox", "grader.commands", "grader.reports"))
                or m in ("grader.trusted.client", "grader.trusted.plugin", "grader.trusted.session")}, loaded


def test_the_command_line_loads_no_torch_before_the_zygote_starts():
    """The zygote must start before this process loads torch (so runners fork from a
    process that has never seen the grader's state): building the parser loads none."""
    code = ("import sys, grader.cli; grader.cli._parser(grader.cli.available_commands()); "
            "print([m for m in ('torch', 'pytest', 'pandas') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.parametrize("path", sorted((PACKAGE / "commands").glob("[!_]*.py")), ids=lambda p: p.stem)
def test_every_command_module_has_help_arguments_and_run(path):
    defined = {getattr(node, "name", None) for node in tree(path).body}
    defined |= {t.id for node in tree(path).body if isinstance(node, ast.Assign) for t in node.targets
                if isinstance(t, ast.Name)}
    assert {"HELP", "add_arguments", "run"} <= defined, f"{path.stem}: has {sorted(filter(None, defined))}"
    from grader.cli import COMMANDS
    assert path.stem in COMMANDS


def test_lessons_without_frames_load_no_pandas():
    """``make check`` of a lesson that never uses pandas pays nothing for it: neither the
    runner's code (the wire) nor the tests' helpers nor the trusted session import it."""
    code = ("import sys, grader.sandbox.runner, grader.checks, grader.trusted.session, grader.reports.student; "
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_zygote_preloads_what_the_lessons_being_run_import_and_no_more():
    from grader.course import Course
    from grader.trusted.warm_start import preloaded_modules

    course = Course(REPO)
    by_name = {lesson.name: lesson for lesson in course.lessons()}
    assert "pandas" not in preloaded_modules(course, [by_name["01_tensors"]])
    assert "pandas" in preloaded_modules(course, [by_name["02_preprocessing"]])
    assert "pandas" in preloaded_modules(course, list(by_name.values()))
