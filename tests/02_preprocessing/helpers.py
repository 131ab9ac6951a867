"""What lesson 02's public and hidden tests share (shipped with the public tests): the
course CSV, and the checks of a written file, a pair, an imputed frame and a feature tensor."""
import numpy as np
import pandas as pd
import torch

from grader.checks import check, check_frame, check_tensor, check_type

HOUSE_TINY = "NumRooms,Alley,Price\nNA,Pave,127500\n2,NA,106000\n4,NA,178100\nNA,NA,140000\n"
HOUSE_LINES = HOUSE_TINY.splitlines()


def check_csv_lines(text, expected_lines, what):
    """The file's lines, ignoring '\\r\\n' vs '\\n' and one optional final newline."""
    check(text is not None, f"{what}: no file was found at that path")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, (got, want) in enumerate(zip(lines, expected_lines), 1):
        check(got == want, f"{what}: line {i}: expected {want!r}, got {got!r}")
    check(len(lines) == len(expected_lines),
          f"{what}: expected {len(expected_lines)} lines, got {len(lines)}")


def check_pair(out, what):
    """A tuple of two items, returned as (first, second)."""
    check_type(out, tuple, what)
    check(len(out) == 2, f"{what}: expected a tuple of 2 items, got {len(out)}")
    return out


def check_imputed(actual, numeric: dict, dummies: dict, what):
    """Numeric columns first in this order, then the one-hot columns (their order among
    themselves is free), all float64 with the expected values."""
    check_type(actual, pd.DataFrame, what)
    cols = [str(c) for c in actual.columns]
    n = len(numeric)
    check(cols[:n] == list(numeric),
          f"{what}: expected the numeric columns {list(numeric)} first, in their original order; "
          f"got columns {cols}")
    missing = sorted(set(dummies) - set(cols[n:]))
    extra = sorted(set(cols[n:]) - set(dummies))
    check(not missing and not extra and len(cols) == n + len(dummies),
          f"{what}: expected the one-hot columns {sorted(dummies)} after the numeric ones; "
          f"got columns {cols}" + (f" (missing {missing})" if missing else "")
          + (f" (unexpected {extra})" if extra else ""))
    order = list(numeric) + cols[n:]
    values = {**numeric, **dummies}
    expected = pd.DataFrame({c: np.asarray(values[c], dtype="float64") for c in order})
    check_frame(actual, expected, what)


def check_features(X, numeric, dummies, what):
    """A float32 (n, k) tensor: the numeric columns first, in this order, then the one-hot
    columns in any order."""
    n_rows = len(numeric[0]) if numeric else len(dummies[0])
    k = len(numeric) + len(dummies)
    check_type(X, torch.Tensor, what)
    check(tuple(X.shape) == (n_rows, k), f"{what}: expected shape {(n_rows, k)}, got {tuple(X.shape)}")
    check(X.dtype == torch.float32, f"{what}: expected dtype torch.float32, got {X.dtype}")
    m = len(numeric)
    check_tensor(X[:, :m], torch.tensor(numeric, dtype=torch.float32).reshape(m, n_rows).T,
                 f"{what}, the numeric columns (first {m})")
    free = list(range(m, k))
    for column in dummies:
        want = torch.tensor(column, dtype=torch.float32)
        match = next((j for j in free if torch.allclose(X[:, j], want)), None)
        check(match is not None, f"{what}: no one-hot column (after the numeric ones) holds {column}")
        free.remove(match)
