"""The catalogue of known mistakes (``grader.trusted.mistakes``): its loader, the splice that
builds a mistake's submission (a "mutant"), and every lesson's catalogue."""
import ast
import tomllib
from collections import Counter

import pytest

from grader.course import CATALOGUE, Course
from grader.trusted.mistakes import Mistake, MistakeError, load_mistakes, mistake_source, mistakes_file, splice

from conftest import REPO

LESSONS = {lesson.name: lesson for lesson in Course(REPO).lessons()}
MISTAKES = [mistake for name in LESSONS for mistake in load_mistakes(REPO, name)]

SOURCE = '''"""A module."""
import math

LIMIT = 3   # keep this comment


def first(x):
    """Doc of first."""
    return x + 1  # trailing comment

# a comment between definitions
@staticmethod
@functools.lru_cache(maxsize=None)
def decorated(x):
    return x * 2


class Thing:
    """A class."""

    def method(self):
        return LIMIT



def last(x):
    return math.sqrt(x)
'''


def definitions(source: str, docstrings: bool = True) -> dict[str, str]:
    """``ast.dump`` of each top-level definition of ``source``, by name."""
    tree = ast.parse(source)
    for node in ast.walk(tree) if not docstrings else []:
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:]
    dumps = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            dumps[node.name] = ast.dump(node)
        elif isinstance(node, ast.Assign):
            dumps |= {t.id: ast.dump(node) for t in node.targets if isinstance(t, ast.Name)}
    return dumps


# -- splice -------------------------------------------------------------------------------

def test_splice_replaces_only_the_target():
    out = splice(SOURCE, "def first(x):\n    return x - 1\n", "lesson/first_minus")
    before, after = SOURCE.splitlines(keepends=True), out.splitlines(keepends=True)
    start = before.index("def first(x):\n")
    assert after[:start] == before[:start]
    assert after[start:start + 2] == ["def first(x):\n", "    return x - 1\n"]
    assert after[start + 2:] == before[start + 3:]      # the old def was three lines long


def test_splice_keeps_text_without_final_newline_and_crlf():
    source = "def f():\r\n    return 1\r\n\r\ndef g():\r\n    return 2"
    out = splice(source, "def g():\n    return 3\n", "lesson/g")
    assert out == "def f():\r\n    return 1\r\n\r\ndef g():\n    return 3"


def test_splice_counts_lines_as_python_does():
    source = 'SEP = "a\u2028b\x0cc"\n\x0c\ndef f():\n    return 1\n'     # not line ends for Python
    assert splice(source, "def f():\n    return 2\n", "lesson/f") == source.replace("return 1", "return 2")


def test_splice_replaces_decorators_with_the_definition():
    out = splice(SOURCE, "def decorated(x):\n    return x * 3\n", "lesson/undecorated")
    assert "@staticmethod" not in out and "lru_cache" not in out
    assert "# a comment between definitions\ndef decorated(x):\n    return x * 3\n\n\nclass Thing:" in out
    out = splice(SOURCE, "@functools.cache\ndef decorated(x):\n    return x\n", "lesson/recached")
    assert "# a comment between definitions\n@functools.cache\ndef decorated(x):\n    return x\n\n\nclass" in out


def test_splice_decorated_replacement_of_a_plain_definition():
    out = splice(SOURCE, "@functools.cache\ndef last(x):\n    return x\n", "lesson/cached_last")
    assert out.endswith("\n\n\n\n@functools.cache\ndef last(x):\n    return x\n")


def test_splice_classes_assignments_and_several_definitions():
    replace = "LIMIT = 4\n\n\nclass Thing:\n    def method(self):\n        return 0\n"
    out = splice(SOURCE, replace, "lesson/two")
    changed = {name for name, dump in definitions(out).items() if definitions(SOURCE)[name] != dump}
    assert changed == {"LIMIT", "Thing"}
    assert "LIMIT = 4\n" in out and "# keep this comment" not in out
    assert Mistake("lesson", "two", "m", "错", replace).targets == ("LIMIT", "Thing")


@pytest.mark.parametrize("replace, error", [
    ("def missing(x):\n    return x\n", "no top-level definition of missing"),
    ("def first(x)\n    return x\n", "does not parse"),
    ("def first(x):\nreturn x\n", "does not parse"),
    ("", "defines nothing"),
    ("# only a comment\n", "defines nothing"),
    ("first(1)\n", "not a def, class or assignment"),
    ("import os\n", "not a def, class or assignment"),
    ("def first(x):\n    return x + 1\n", "changes nothing"),
    ("def first(x):\n    '''Another doc.'''\n    return x + 1  # other comment\n", "changes nothing"),
    ("def first(x):\n    return (x +\n            1)\n", "changes nothing"),
    ("def first(x):\n    return 0\n\ndef first(x):\n    return 1\n", "two replacements"),
])
def test_splice_refuses_loudly_naming_the_mistake(replace, error):
    with pytest.raises(MistakeError, match=error) as info:
        splice(SOURCE, replace, "01_tensors/the_mistake")
    assert "01_tensors/the_mistake" in str(info.value)


def test_splice_refuses_a_name_defined_twice_in_the_source():
    source = "def f():\n    return 1\n\ndef f():\n    return 2\n"
    with pytest.raises(MistakeError, match="more than once"):
        splice(source, "def f():\n    return 3\n", "lesson/twice")


# -- load_mistakes ------------------------------------------------------------------------

def write_mistakes(tmp_path, text: str):
    (tmp_path / "solutions" / "00_x").mkdir(parents=True)
    (tmp_path / "solutions" / "00_x" / CATALOGUE).write_text(text, encoding="utf-8")


ENTRY = ("[[mistake]]\nname = \"{name}\"\nen = \"f returns 2.\"\nzh = \"返回了 2。\"\n"
         "replace = '''\ndef f():\n    return 2\n'''\n")


def test_load_mistakes_reads_the_lesson_file(tmp_path):
    write_mistakes(tmp_path, ENTRY.format(name="a") + 'also_fails = ["g"]\n' + ENTRY.format(name="b"))
    assert mistakes_file(tmp_path, "00_x") == tmp_path / "solutions" / "00_x" / "mistakes.toml"
    expected = [Mistake("00_x", "a", "f returns 2.", "返回了 2。", "def f():\n    return 2\n", ("g",)),
                Mistake("00_x", "b", "f returns 2.", "返回了 2。", "def f():\n    return 2\n", ())]
    assert load_mistakes(tmp_path, "00_x") == expected
    assert expected[0].where == "00_x/a" and expected[0].targets == ("f",)
    assert load_mistakes(tmp_path, "01_none") == []


@pytest.mark.parametrize("text, error", [
    (ENTRY.format(name="a").replace('zh = "返回了 2。"\n', ""), "missing keys \\['zh'\\]"),
    (ENTRY.format(name="a").replace('en = "f returns 2."\n', ""), "missing keys \\['en'\\]"),
    (ENTRY.format(name="a").replace("en = ", "mistake = "), "missing keys \\['en'\\], unknown keys \\['mistake'\\]"),
    (ENTRY.format(name="a").replace("返回了 2。", "returns 2."), "zh must be the sentence in Simplified Chinese"),
    (ENTRY.format(name="a").replace("返回了 2。", " "), "must be non-empty strings"),
    (ENTRY.format(name="a").replace('"f returns 2."', "3"), "must be non-empty strings"),
    (ENTRY.format(name="a") + 'also_fail = ["g"]\n', "unknown keys \\['also_fail'\\]"),
    (ENTRY.format(name="a") + 'also_fails = "g"\n', "also_fails must be a list"),
    (ENTRY.format(name="a") + ENTRY.format(name="a"), "more than once: a"),
    ("[[mistake]\n", "not valid TOML"),
    ('mistake = "a"\n', "only \\[\\[mistake\\]\\] tables"),
    (ENTRY.format(name="a").replace("[[mistake]]", "[[mutant]]"), "only \\[\\[mistake\\]\\] tables"),
])
def test_load_mistakes_refuses_a_bad_file_naming_it(tmp_path, text, error):
    write_mistakes(tmp_path, text)
    with pytest.raises(MistakeError, match=error) as info:
        load_mistakes(tmp_path, "00_x")
    assert str(mistakes_file(tmp_path, "00_x")) in str(info.value)


# -- the course's catalogue ----------------------------------------------------------------

def test_every_lesson_has_a_catalogue_that_loads():
    assert all(mistakes_file(REPO, name).is_file() for name in LESSONS)
    assert all(any(m.lesson == name for m in MISTAKES) for name in LESSONS)


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_mistake_names_are_unique_per_lesson(lesson):
    data = tomllib.loads(mistakes_file(REPO, lesson).read_text(encoding="utf-8"))
    repeated = [name for name, n in Counter(entry["name"] for entry in data["mistake"]).items() if n > 1]
    assert not repeated


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.where)
def test_mistake_differs_from_its_solution_in_its_targets_only(mistake):
    lesson = LESSONS[mistake.lesson]
    solution = (REPO / "solutions" / lesson.name / lesson.filename).read_text(encoding="utf-8")
    built = mistake_source(REPO, mistake)
    old, new = definitions(solution), definitions(built)
    assert new.keys() == old.keys()
    changed = [name for name in old if old[name] != new[name]]
    assert changed == [name for name in old if name in mistake.targets]
    bare_old, bare_new = definitions(solution, docstrings=False), definitions(built, docstrings=False)
    assert all(bare_old[name] != bare_new[name] for name in mistake.targets), "a target differs in its docstring only"
    assert set(mistake.also_fails) <= old.keys() - set(mistake.targets)
    for sentence in (mistake.en, mistake.zh):
        assert sentence.strip() == sentence and "\n" not in sentence
    assert mistake.zh.endswith("。"), "zh: one sentence, ending in 。"
