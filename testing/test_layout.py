"""The package's shape, as a newcomer relies on it: every module says what it holds,
the lesson author's API loads without the sandbox, no module reaches into another's
private names, each shared constant has one definition, every command module has
the same three parts, and the maps (each package's docstring, the ``cli`` docstring's
commands, the README's package table) name exactly the modules that exist."""
import ast
import re
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
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target] if isinstance(node, ast.AnnAssign) else [])
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


# ----------------------------------------------------------------------------- maps that cannot drift
PACKAGES = sorted(p.parent for p in PACKAGE.rglob("__init__.py") if "__pycache__" not in p.parts)
NAMED = re.compile(r"`+([A-Za-z_][\w.]*?)(?:\.py|/)?`+")  # ``name``, `name.py`, `name/`, ``grader.x.name``


def members(package) -> set[str]:
    """The modules and subpackages of ``package`` (``__init__`` and ``__main__`` aside)."""
    return ({p.stem for p in package.glob("*.py")} - {"__init__", "__main__"}) | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()}


@pytest.mark.parametrize("package", PACKAGES, ids=dotted)
def test_every_module_is_named_in_its_packages_map(package):
    """A package's docstring is its map: it names every module and subpackage it holds
    (as ``name``, ``name/`` or ``grader.pkg.name``)."""
    named = {token.rsplit(".", 1)[-1] for token in NAMED.findall(ast.get_docstring(tree(package / "__init__.py")))}
    missing = members(package) - named
    assert not missing, f"{dotted(package / '__init__.py')}'s docstring does not name {sorted(missing)}"


def test_the_command_lines_docstring_lists_exactly_the_commands():
    """``grader/cli.py``'s list of commands, ``COMMANDS`` and ``grader/commands/`` agree."""
    from grader.cli import COMMANDS
    listed = re.findall(r"^\s+grader (\w+)", ast.get_docstring(tree(PACKAGE / "cli.py")), re.MULTILINE)
    modules = {p.stem for p in (PACKAGE / "commands").glob("[!_]*.py")}
    assert set(listed) == modules == set(COMMANDS), (sorted(listed), sorted(modules), COMMANDS)


def readme_package_table() -> list[tuple[list[str], list[str]]]:
    """The README's "The `grader` package" table: per row, the paths of its first column
    (``cli.py``, ``commands/``) and the plain names in backquotes of its last."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### The `grader` package", 1)[1]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("#"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and not set(cells[0]) <= set("-: ") and cells[0] != "folder":
            rows.append((re.findall(r"`([^`]+)`", cells[0]), re.findall(r"`([A-Za-z_]\w*)`", cells[-1])))
    return rows


def test_the_readmes_package_table_names_exactly_the_modules_that_exist():
    """First column: every top-level module (``x.py``) and package (``x/``) of ``grader``, no
    other.  A package's row names, in backquotes in its last column, exactly its modules."""
    rows = readme_package_table()
    assert rows, "README.md has no 'The `grader` package' table"
    paths = [path for row_paths, _ in rows for path in row_paths]
    expected = {f"{m}/" if (PACKAGE / m).is_dir() else f"{m}.py" for m in members(PACKAGE)} | {"__main__.py"}
    assert sorted(paths) == sorted(expected), (sorted(set(paths) - expected), sorted(expected - set(paths)))
    for row_paths, names in rows:
        packages = [path for path in row_paths if path.endswith("/")]
        if packages:
            assert len(packages) == 1, f"one package per row: {row_paths}"
            modules = members(PACKAGE / packages[0])
            assert set(names) == modules, (packages[0], sorted(set(names) - modules), sorted(modules - set(names)))
