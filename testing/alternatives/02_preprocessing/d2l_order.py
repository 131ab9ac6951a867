# alternative: d2l 2.2 order fixed for pandas >= 2: get_dummies first, mean of the numeric columns, then astype(float); Path.write_text; mask-based drop
"""Lesson 02: data preprocessing (数据预处理), d2l style."""
import pathlib

import pandas as pd
import torch

TEXT = """NumRooms,Alley,Price
NA,Pave,127500
2,NA,106000
4,NA,178100
NA,NA,140000"""


def write_house_tiny(path):
    p = pathlib.Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(TEXT)
    return p


def split_inputs_outputs(df, target):
    if target not in df:
        raise KeyError(f"column {target} not found")
    return df.loc[:, df.columns != target], df.loc[:, target]


def impute(inputs):
    numeric = [c for c in inputs.columns if pd.api.types.is_numeric_dtype(inputs[c].dtype)]
    data = pd.get_dummies(inputs, dummy_na=True)
    data[numeric] = data[numeric].fillna(data[numeric].mean())
    return data.astype(float)


def drop_most_missing(df):
    missing = df.isnull().sum()
    if not missing.any():
        return df.copy()
    first = missing[missing == missing.max()].index[0]
    return df.drop(first, axis=1)


def to_tensors(inputs, outputs):
    X = torch.tensor(inputs.values.astype("float64"), dtype=torch.float32)
    y = torch.tensor(outputs.values.astype("float64"), dtype=torch.float32)
    return X, y


def load_dataset(path, target):
    data = pd.read_csv(path)
    inputs, outputs = split_inputs_outputs(data, target)
    return to_tensors(impute(inputs), outputs)
