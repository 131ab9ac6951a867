"""Static checks on a student's source text (parsed, never executed).

Names are resolved through the file's imports, so ``torch.broadcast_shapes(...)``,
``import numpy as np; np.broadcast_shapes`` and
``from torch import broadcast_shapes as b`` all count as ``torch.broadcast_shapes``.
"""
from __future__ import annotations

import ast


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


def references(source: str, function: str | None = None) -> list[tuple[int, str]]:
    """(line, fully qualified name) of every name the file (or only its top-level
    ``function``, the last definition of that name) refers to or imports."""
    tree = _parse(source)
    if tree is None:
        return []
    scope: ast.AST = tree
    if function is not None:
        defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == function]
        if not defs:
            return []
        scope = defs[-1]
    aliases = _aliases(tree)
    found, inner = set(), set()
    for node in ast.walk(scope):  # parents come before children: record only whole chains
        if isinstance(node, ast.Attribute):
            inner.add(id(node.value))
        if isinstance(node, (ast.Attribute, ast.Name)) and id(node) not in inner:
            dotted = _dotted(node)
            if dotted:
                head, _, rest = dotted.partition(".")
                found.add((node.lineno, aliases.get(head, head) + (f".{rest}" if rest else "")))
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {(node.lineno, f"{node.module}.{a.name}") for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {(node.lineno, a.name) for a in node.names}
    return sorted(found)


def forbidden_uses(source: str, names: set[str], function: str | None = None) -> list[tuple[int, str]]:
    """References to any of ``names`` (fully qualified), or to anything inside a
    package named in ``names`` with a trailing ``.*`` (``"numpy.*"``)."""
    packages = {n[:-2] for n in names if n.endswith(".*")}
    found = []
    for line, name in references(source, function):
        parts = name.split(".")
        prefixes = {".".join(parts[:k]) for k in range(1, len(parts) + 1)}
        hit = sorted(prefixes & names, key=len) or ([name] if parts[0] in packages else [])
        found += [(line, hit[0])] if hit else []
    return found


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
