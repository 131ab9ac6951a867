"""A lesson module as a string of tokens, and the hashes of its k-grams of tokens.

copydetect's own filter (``copydetect.utils.filter_code``) turns every name into ``V``, so
``torch.matmul(x, w)``, ``torch.add(x, w)`` and ``x.sum()`` vs ``x.mean()`` all read alike,
and every short torch body of a lesson becomes the same fingerprint.  Here we lex with the
same library (Pygments, copydetect's lexer) but mask only what a student names: local
variables, parameters, ``self.`` attributes, functions and classes they define.  Attribute
and called API names (``matmul``, ``add``, ``sum``, ``mean``), builtins (``len``, ``range``),
imported names (``torch``, ``nn``, ``F``) and the keyword names of calls (``dim=``) stay, so a
renamed variable still matches and a different API call does not.  Strings become ``S``;
comments, blank lines and layout are dropped.  Each token becomes one character (interned),
so copydetect's character k-grams (``hashed_kgrams``) and winnowing (``winnow``) run over
tokens.  The window is 1 (every k-gram kept), so the per-process salt of Python's ``hash``
never changes which fingerprints are kept; hashes are compared only within one process.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from copydetect.utils import hashed_kgrams, winnow
from pygments.lexers import PythonLexer
from pygments.token import Comment, Keyword, Name, String, Text

K_TOKENS = 12          # the shortest match that counts, in tokens (about one line of code)
_LEXER = PythonLexer()
_SYMBOLS: dict[str, str] = {}    # token text -> the one character it is hashed as (this process)


@dataclass(frozen=True)
class Fingerprint:
    """One module's k-gram hashes, in order (``hashes[i]`` covers tokens ``i .. i+K-1``), and
    the source line of each token."""
    hashes: np.ndarray
    lines: np.ndarray

    def covered(self, positions: np.ndarray) -> np.ndarray:
        """Per token, whether one of the k-grams at ``positions`` covers it."""
        mask = np.zeros(len(self.lines), dtype=bool)
        mask[(positions[:, None] + np.arange(K_TOKENS)[None, :]).ravel()] = True
        return mask

    def lines_of(self, positions: np.ndarray) -> np.ndarray:
        """The distinct source lines the k-grams at ``positions`` cover."""
        return np.unique(self.lines[self.covered(positions)])


def _symbol(text: str) -> str:
    return _SYMBOLS.setdefault(text, chr(0x100 + len(_SYMBOLS)))


def tokens(code: str) -> list[tuple[str, int]]:
    """(normalised token, line) for each token of ``code`` that counts (see the module's docstring)."""
    out: list[tuple[str, int]] = []
    imported, line, opened = set(), 1, []   # opened: per open bracket, whether it opens a def's parameters
    previous, in_import, after_self_dot = "", False, False
    raw = [(kind, text) for kind, text in _LEXER.get_tokens(code)]
    for n, (kind, text) in enumerate(raw):
        here = line
        line += text.count("\n")
        if kind in Comment or kind in Text or not text.strip():
            if "\n" in text:
                in_import = False
            continue
        if kind in Keyword.Namespace:
            in_import = True
        if text in "([{":
            opened.append(previous == "F")
        elif text in ")]}" and opened:
            opened.pop()
        following = next((t for k, t in raw[n + 1:n + 4] if t.strip() and k not in Comment), "")
        if kind in String:
            if out and out[-1][0] == "S" and previous == "S":
                continue
            token = "S"
        elif kind in Name.Namespace or (in_import and kind in Name):
            token = text
            imported.add(text)
        elif kind in Name.Function:
            token = "F"
        elif kind in Name.Class:
            token = "O"
        elif kind in Name.Builtin or kind in Name.Exception or kind in Name.Decorator:
            token = text
        elif kind in Name:
            keyword_argument = bool(opened) and not opened[-1] and following == "="
            attribute = previous == "." and not after_self_dot
            token = text if attribute or keyword_argument or text in imported else "V"
        else:
            token = text
        after_self_dot = token == "." and previous in ("self", "cls")
        previous = token
        out.append((token, here))
    return out


def fingerprint(code: str) -> Fingerprint:
    """The k-gram hashes of ``code``'s tokens (none for a module shorter than one k-gram)."""
    found = tokens(code)
    symbols = "".join(_symbol(t) for t, _ in found)
    lines = np.array([line for _, line in found], dtype=np.int32)
    if len(symbols) < K_TOKENS:
        return Fingerprint(np.array([], dtype=np.int64), lines)
    hashes, _ = winnow(hashed_kgrams(symbols, K_TOKENS).astype(np.int64), 1, remove_duplicates=False)
    return Fingerprint(hashes, lines)
