"""``grader release``: the repository a student receives.

It holds the generated stubs, the public tests, the grader package, the Makefile
and a student README; never the solutions, the hidden tests, the project's own
tests or the example submissions."""
from __future__ import annotations

import shutil
from pathlib import Path

from ..course import Course

TOP_LEVEL = ["Makefile", "pyproject.toml", ".gitignore"]
FROM_RELEASE_DIR = {"README.md": "README.md", "check.yml": ".github/workflows/check.yml"}


def release_files(course: Course) -> dict[Path, Path]:
    """Destination (relative) -> source, for every file of the student repository."""
    root = course.root
    files: dict[Path, Path] = {}

    def add_tree(folder: Path, keep=lambda p: True) -> None:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and keep(p):
                files[p.relative_to(root)] = p

    add_tree(course.assignments_dir)
    for lesson in course.lessons():
        for p in lesson.public_tests():
            files[p.relative_to(root)] = p
    add_tree(root / "grader", keep=lambda p: p.suffix == ".py")
    for name in TOP_LEVEL:
        if (root / name).is_file():
            files[Path(name)] = root / name
    for src, dest in FROM_RELEASE_DIR.items():
        files[Path(dest)] = root / "release" / src
    return files


def write_release(course: Course, out: Path) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    files = release_files(course)
    for rel, src in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, out / rel)
    return sorted(files)


HELP = "write the repository students receive"


def add_arguments(parser) -> None:
    parser.add_argument("out", type=Path)


def run(course: Course, args) -> int:
    files = write_release(course, args.out)
    print(f"wrote {len(files)} files to {args.out}")
    return 0
