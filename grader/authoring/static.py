"""Static checks on a student's source text (parsed, never executed).

Names are resolved through the file's imports, so ``torch.broadcast_shapes(...)``,
``import numpy as np; np.broadcast_shapes`` and
``from torch import broadcast_shapes as b`` all count as ``torch.broadcast_shapes``.

A check looks at everything the checked code can reach: with a ``function``, its body
and, until nothing new turns up, every top-level statement that binds a name it reads
(a helper, an alias, an import, a function declaring the name ``global``, an attribute
store such as ``module.name = ...``).  Without one, the whole file.  When the source is
a ``StudentSource``, imports of the other ``.py`` files of the lesson folder are
followed the same way.  Code that loads names or code at run time (``DYNAMIC``) cannot
be followed; ``matching(references(...), DYNAMIC)`` finds it.
"""
from __future__ import annotations

import ast
import builtins
from functools import lru_cache

COMPUTED_GETATTR = "getattr with a computed name"
MATMUL = "the @ operator"
ANY_OBJECT = "<any object>"


def method(name: str) -> str:
    """How a check names ``anything.name``, e.g. ``method("dot")`` for ``x.dot(y)`` on a tensor or array."""
    return f"{ANY_OBJECT}.{name}"

DYNAMIC = {COMPUTED_GETATTR, "os.sys", "__dict__", "operator.attrgetter", "operator.methodcaller", "__import__", "eval",
           "exec", "compile", "globals", "vars", "locals", "__builtins__", "builtins", "importlib", "runpy", "pickle",
           "marshal", "sys.modules", "__globals__", "__subclasses__", "__loader__"}
_DUNDER_ATTRS = {"__globals__", "__subclasses__", "__builtins__", "__import__", "__loader__", "__dict__"}
# Names other modules commonly give a package: ``pandas.core.frame.np`` is numpy too.
_USUAL_ALIASES = {"np": "numpy", "th": "torch"}
_BUILTINS = set(dir(builtins))
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


class StudentSource(str):
    """A lesson file's text that also knows its module name and the other ``.py`` files
    of its folder (``siblings``: module name -> text), so checks can follow imports."""

    def __new__(cls, text: str, module: str = "", siblings: dict[str, str] | None = None):
        self = super().__new__(cls, text)
        self.module, self.siblings = module, dict(siblings or {})
        return self


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> fully qualified name, for every import in the file."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    return aliases


def _qualify(dotted: str, aliases: dict[str, str]) -> str:
    head, _, rest = dotted.partition(".")
    return aliases.get(head, head) + (f".{rest}" if rest else "")


def _getattr_use(call: ast.Call, aliases: dict[str, str]) -> tuple[int, str]:
    """``getattr(torch, "x")`` uses ``torch.x``; with a name built at run time it is dynamic."""
    obj, name = call.args[0], call.args[1]
    dotted = _dotted(obj)
    if dotted and isinstance(name, ast.Constant) and isinstance(name.value, str):
        return call.lineno, f"{_qualify(dotted, aliases)}.{name.value}"
    return call.lineno, COMPUTED_GETATTR


def _names_in(node: ast.AST, aliases: dict[str, str], own: frozenset[str] = frozenset()) -> set[tuple[int, str]]:
    """(line, fully qualified name) of every name chain and import inside ``node``.  An
    attribute of one of the student's ``own`` modules (``helpers.dot``) is that module's name,
    followed as such, never ``method("dot")``: the name is the student's, not torch's."""
    found, inner = set(), set()
    for sub in ast.walk(node):  # parents come before children: record only whole chains
        if isinstance(sub, (ast.BinOp, ast.AugAssign)) and isinstance(sub.op, ast.MatMult):
            found.add((sub.lineno, MATMUL))
        if isinstance(sub, ast.Attribute):
            inner.add(id(sub.value))
            if not (isinstance(sub.value, ast.Name) and _qualify(sub.value.id, aliases) in own):
                found.add((sub.lineno, method(sub.attr)))
            if sub.attr in _DUNDER_ATTRS:
                found.add((sub.lineno, sub.attr))
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "getattr" and sub.args[1:]:
            found.add(_getattr_use(sub, aliases))
        if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Load):
            continue  # binding a name is not using it
        if isinstance(sub, (ast.Attribute, ast.Name)) and id(sub) not in inner:
            dotted = _dotted(sub)
            if dotted:
                found.add((sub.lineno, _qualify(dotted, aliases)))
        elif isinstance(sub, ast.ImportFrom) and sub.module:
            found |= {(sub.lineno, f"{sub.module}.{a.name}") for a in sub.names}
        elif isinstance(sub, ast.Import):
            found |= {(sub.lineno, a.name) for a in sub.names}
    return found


# ----------------------------------------------------------------------------- scopes
def _outer(scope: ast.AST) -> list[ast.AST]:
    """The parts of a def, lambda or class evaluated in the enclosing scope."""
    if isinstance(scope, ast.ClassDef):
        return [*scope.decorator_list, *scope.bases, *scope.keywords]
    args = scope.args
    parts = [*args.defaults, *args.kw_defaults, *(a.annotation for a in _params(scope))]
    if not isinstance(scope, ast.Lambda):
        parts += [*scope.decorator_list, scope.returns]
    return [p for p in parts if p is not None]


def _params(scope: ast.AST) -> list[ast.arg]:
    if isinstance(scope, ast.ClassDef):
        return []
    a = scope.args
    return [*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x)]


def _scan(nodes: list[ast.AST]) -> tuple[set[str], set[str], set[str], set[str]]:
    """(names read, names bound, names declared ``global``, free names of nested scopes)
    in ``nodes``, without entering nested defs, lambdas and classes."""
    reads, binds, declared, nested = set(), set(), set(), set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, _SCOPES):
            nested |= _free(node)
            binds |= {node.name} if hasattr(node, "name") else set()
            stack += _outer(node)
            continue
        if isinstance(node, ast.Name):
            (reads if isinstance(node.ctx, ast.Load) else binds).add(node.id)
        elif isinstance(node, ast.arg):
            binds.add(node.arg)
        elif isinstance(node, ast.alias):
            binds.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            binds.add(node.name)
        elif isinstance(node, ast.Global):
            declared.update(node.names)
        stack.extend(ast.iter_child_nodes(node))
    return reads, binds, declared, nested


def _free(scope: ast.AST) -> set[str]:
    """Names a def, lambda or class reads without binding them itself: module-level
    names, builtins and names of enclosing functions."""
    body = scope.body if isinstance(scope.body, list) else [scope.body]
    reads, binds, declared, nested = _scan([*_params(scope), *body])
    local = binds - declared
    if isinstance(scope, ast.ClassDef):  # a class body's names are not visible inside its methods
        return (reads - local) | nested
    return (reads | nested) - local


# ----------------------------------------------------------------------------- modules
class _Modules:
    """The parsed lesson file and its sibling files, with every top-level binding."""

    def __init__(self, source: str):
        self.main = getattr(source, "module", "")
        self.trees = self._loaded({**getattr(source, "siblings", {}), self.main: str(source)})
        self.aliases = {name: _aliases(tree) for name, tree in self.trees.items()}
        self.own = frozenset(self.trees)
        self.bindings: dict[tuple[str, str], list[tuple[str, ast.stmt]]] = {}
        for module, tree in self.trees.items():
            for stmt in tree.body:
                for key in self._binds(module, stmt):
                    self.bindings.setdefault(key, []).append((module, stmt))

    def _loaded(self, texts: dict[str, str]) -> dict[str, ast.Module]:
        """The parsed lesson file and the sibling files it imports, transitively (the
        others never run)."""
        trees, todo = {}, [self.main]
        while todo:
            name = todo.pop()
            if name in trees or name not in texts or (tree := _parse(texts[name])) is None:
                continue
            trees[name] = tree
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    todo += [a.name.split(".")[0] for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    todo.append(node.module.split(".")[0])
        return trees

    def _binds(self, module: str, stmt: ast.stmt) -> set[tuple[str, str]]:
        """(module, name) pairs ``stmt`` may bind: its own top-level names, names declared
        ``global`` inside it, and targets of attribute stores (``helper.name = ...`` binds
        ``name`` in the student's module ``helper``, ``f.__code__ = ...`` binds ``f``)."""
        _, binds, _, _ = _scan([stmt])
        keys = {(module, name) for name in binds}
        for node in ast.walk(stmt):
            if isinstance(node, ast.Global):
                keys |= {(module, name) for name in node.names}
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and (dotted := _dotted(node)):
                head, _, rest = _qualify(dotted, self.aliases[module]).partition(".")
                keys.add((head, rest.split(".")[0]) if head in self.trees else (module, dotted.split(".")[0]))
        return keys

    def scope(self, function: str | None) -> list[tuple[str, ast.AST]]:
        """(module, node) of everything reachable from ``function`` of the lesson file
        (all of it when None), following names into top-level bindings and imports
        into sibling files: a whole file pulls in the whole files it imports."""
        todo, seen, found = [(self.main, function)], set(), []
        while todo:
            module, name = todo.pop()
            if (module, name) in seen or module not in self.trees:
                continue
            seen.add((module, name))
            nodes = [(module, n) for n in self.trees[module].body] if name is None else self._bound(module, name)
            for owner, node in nodes:
                found.append((owner, node))
                if name is not None:
                    reads, _, _, nested = _scan([node])
                    todo += [(owner, read) for read in reads | nested]
                for _, qualified in _names_in(node, self.aliases[owner], self.own):
                    head, _, rest = qualified.partition(".")
                    if head in self.trees:
                        todo.append((head, None if name is None or rest in ("", "*") else rest.split(".")[0]))
        return found

    def _bound(self, module: str, name: str) -> list[tuple[str, ast.stmt]]:
        """(module, statement) pairs binding ``name`` in ``module``.  A name bound nowhere
        (and not a builtin) may come from a star import or from code binding it by a
        computed name (``exec``, ``globals()``): then every star import and every
        top-level statement other than a def, a class or an import."""
        if (module, name) in self.bindings or name in _BUILTINS:
            return self.bindings.get((module, name), [])
        code = [(module, stmt) for stmt in self.trees[module].body if not isinstance(stmt, _DEFINITIONS)]
        return self.bindings.get((module, "*"), []) + code


@lru_cache(maxsize=8)
def _modules_of(text: str, module: str, siblings: tuple[tuple[str, str], ...]) -> _Modules:
    """The parsed files, once per lesson file: a lesson's static checks all read the same one."""
    return _Modules(StudentSource(text, module, dict(siblings)))


def references(source: str, function: str | None = None) -> list[tuple[str, int, str]]:
    """(module, line, fully qualified name) of every name the file, or everything its
    top-level ``function`` can reach, refers to or imports (module is ``""`` for a plain
    ``str`` source)."""
    modules = _modules_of(str(source), getattr(source, "module", ""),
                          tuple(sorted(getattr(source, "siblings", {}).items())))
    return sorted({(module, line, name) for module, node in modules.scope(function)
                   for line, name in _names_in(node, modules.aliases[module], modules.own)})


def matching(uses: list[tuple[str, int, str]], names: set[str]) -> list[tuple[str, int, str]]:
    """The ``references`` that use any of ``names`` (fully qualified), or anything inside
    a package named in ``names`` with a trailing ``.*`` (``"numpy.*"``, ``"torch.linalg.*"``); a star import
    (``from torch import *``) uses every name of its package."""
    packages = {n[:-2] for n in names if n.endswith(".*")}
    found = []
    for module, line, name in uses:
        parts = name.split(".")
        prefixes = {".".join(parts[:k]) for k in range(1, len(parts) + 1)}
        star = sorted(n for n in names if name.endswith(".*") and n.startswith(name[:-1]))
        # a banned package reached through another module's attribute: pandas.core.frame.np
        through = {_USUAL_ALIASES.get(p, p) for p in parts[1:]} & packages if parts[0] != ANY_OBJECT else set()
        hit = sorted(prefixes & names, key=len) or ([name] if prefixes & packages or through else star)
        found += [(module, line, hit[0])] if hit else []
    return found


def forbidden_uses(source: str, names: set[str], function: str | None = None) -> list[tuple[str, int, str]]:
    """``matching(references(source, function), names)``."""
    return matching(references(source, function), names)


def own_methods(source: str, function: str | None = None) -> set[str]:
    """Names of the methods of the student's own classes that the file, or everything its
    ``function`` can reach, defines: where the student has a ``dot`` of their own, ``x.dot(y)``
    may be theirs, and only watching the call (a probe) tells torch's ``.dot`` from it."""
    modules = _modules_of(str(source), getattr(source, "module", ""),
                          tuple(sorted(getattr(source, "siblings", {}).items())))
    return {item.name for _, node in modules.scope(function) for cls in ast.walk(node)
            if isinstance(cls, ast.ClassDef) for item in cls.body
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}


def imported_modules(source: str) -> set[str]:
    """Top-level modules a source file imports (``import a.b`` gives ``a.b``)."""
    tree = _parse(source)
    if tree is None:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found
