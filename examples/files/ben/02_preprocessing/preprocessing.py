"""Lesson 02: data preprocessing (数据预处理) with pandas, after d2l 2.2.

A raw table (the course's ``house_tiny.csv``) has missing values (缺失值, ``NA`` in the
file, ``NaN`` in pandas) and a text column.  Before a model can use it we split it into
inputs and the target, fill in (插值/填充, imputation) the missing numbers, turn the text
column into numbers by one-hot encoding (独热编码) and convert everything to tensors.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import torch


def write_house_tiny(path: str | Path) -> Path:
    """Write the course's tiny house data set (d2l 2.2 ``house_tiny.csv``) to ``path``.

    The file holds exactly these five lines (missing values, 缺失值, written as ``NA``)::

        NumRooms,Alley,Price
        NA,Pave,127500
        2,NA,106000
        4,NA,178100
        NA,NA,140000

    Parent folders that do not exist yet are created; an existing file is replaced.
    Returns the path as a ``pathlib.Path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "NumRooms,Alley,Price\n"
        "NA,Pave,127500\n"
        "2,NA,106000\n"
        "4,NA,178100\n"
        "NA,NA,140000\n",
        encoding="utf-8",
    )
    return path


def split_inputs_outputs(df: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Split a table into inputs (输入) and outputs (输出, the target column).

    Returns ``(inputs, outputs)``: ``inputs`` is a DataFrame with every column except
    ``target``, in the original order; ``outputs`` is the ``target`` column as a Series.
    An unknown ``target`` raises ``KeyError`` whose message names it.  ``df`` itself is
    not modified.
    """
    if target not in df.columns:
        raise KeyError(f"no column named {target!r}; the columns are {list(df.columns)}")
    inputs = df.drop(columns=[target])
    outputs = df[target].copy()
    return inputs, outputs


def impute(inputs: pd.DataFrame) -> pd.DataFrame:
    """Fill in missing values (插值/填充, imputation) and one-hot encode (独热编码) text columns.

    * Numeric columns: each ``NaN`` becomes that column's mean, computed on its
      non-missing values.
    * Other (text) columns: one 0/1 column per category, with ``NaN`` as a category of
      its own, named like ``pandas.get_dummies(..., dummy_na=True)`` does:
      ``Alley`` -> ``Alley_Pave``, ``Alley_nan``.

    The result is a new DataFrame whose columns are all float64: the numeric columns
    first, in their original order, then the one-hot columns.  ``inputs`` is not modified.
    """
    numeric = inputs.select_dtypes(include="number").columns
    means = inputs[numeric].mean()            # NaN are skipped: mean of the present values
    filled = inputs.fillna(means)             # fills only the columns named in `means`
    encoded = pd.get_dummies(filled)
    return encoded.astype("float64")          # get_dummies gives bool columns in pandas >= 2


def drop_most_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Drop the one column with the most missing values (缺失值).

    On a tie the first such column (from the left) is dropped, and only that one.  A
    table with no missing value at all is returned unchanged.  ``df`` itself is not
    modified.
    """
    counts = df.isna().sum()
    if len(counts) == 0 or counts.max() == 0:
        return df.copy()
    return df.drop(columns=[counts.idxmax()])


def to_tensors(inputs: pd.DataFrame, outputs: pd.Series) -> tuple[torch.Tensor, torch.Tensor]:
    """Convert numeric inputs and outputs to float32 tensors (张量).

    ``inputs`` with n rows and k (numeric) columns becomes a tensor of shape ``(n, k)``;
    ``outputs`` with n values becomes a tensor of shape ``(n,)``; both are float32.
    """
    X = torch.tensor(inputs.to_numpy(dtype="float32"))
    y = torch.tensor(outputs.to_numpy(dtype="float32"))
    return X, y


def load_dataset(path, target: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The whole pipeline: read the CSV at ``path`` (missing values written as ``NA``),
    split off ``target``, impute the inputs and return ``to_tensors(...)``:
    float32 ``X`` of shape ``(n, k)`` and float32 ``y`` of shape ``(n,)``.
    """
    df = pd.read_csv(path)
    inputs, outputs = split_inputs_outputs(df, target)
    return to_tensors(impute(inputs), outputs)
