"""Lesson 02, written from the README: split, impute, one-hot encode and convert a table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import torch

HOUSE_TINY_LINES = [
    "NumRooms,Alley,Price",
    "NA,Pave,127500",
    "2,NA,106000",
    "4,NA,178100",
    "NA,NA,140000",
]


def write_house_tiny(path: str | Path) -> Path:
    """Write the course's house_tiny.csv to path and return it as a Path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as f:
        for line in HOUSE_TINY_LINES:
            f.write(line + "\n")
    return path


def split_inputs_outputs(df: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.Series]:
    """Every column but target, and the target column."""
    if target not in df.columns:
        raise KeyError(f"no column named {target!r}")
    inputs = df.drop(columns=[target])
    outputs = df[target].copy()
    return inputs, outputs


def impute(inputs: pd.DataFrame) -> pd.DataFrame:
    """Fill numeric NaNs with the column mean and one-hot encode the other columns."""
    numeric = inputs.select_dtypes(include="number")
    others = inputs.drop(columns=numeric.columns)
    numeric = numeric.fillna(numeric.mean())
    dummies = pd.get_dummies(others, dummy_na=True)
    result = pd.concat([numeric, dummies], axis=1)
    return result.astype("float64")


def drop_most_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Drop the column with the most missing values (the first one on a tie)."""
    missing = df.isna().sum()
    if missing.max() == 0:
        return df.copy()
    return df.drop(columns=[missing.idxmax()])


def to_tensors(inputs: pd.DataFrame, outputs: pd.Series) -> tuple[torch.Tensor, torch.Tensor]:
    """float32 tensors of shapes (n, k) and (n,)."""
    X = torch.tensor(inputs.to_numpy(dtype="float64"), dtype=torch.float32)
    y = torch.tensor(outputs.to_numpy(dtype="float64"), dtype=torch.float32)
    return X, y


def load_dataset(path, target: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Read the CSV at path and run the whole pipeline."""
    df = pd.read_csv(path)
    inputs, outputs = split_inputs_outputs(df, target)
    return to_tensors(impute(inputs), outputs)
