# alternative: select_dtypes + concat of per-part results, pandas to_csv(na_rep='NA') with Int64, torch.tensor(to_numpy(dtype='float32')), argmax of isna counts
"""Lesson 02: data preprocessing (数据预处理) with select_dtypes."""
from pathlib import Path

import numpy as np
import pandas as pd
import torch


def write_house_tiny(path):
    path = Path(path)
    os_parent = path.parent
    os_parent.mkdir(parents=True, exist_ok=True)
    table = pd.DataFrame({
        "NumRooms": pd.array([None, 2, 4, None], dtype="Int64"),
        "Alley": ["Pave", None, None, None],
        "Price": [127500, 106000, 178100, 140000],
    })
    table.to_csv(path, index=False, na_rep="NA")
    return path


def split_inputs_outputs(df, target):
    outputs = df[target]                 # KeyError naming the target
    return df.drop(columns=target), outputs.copy()


def impute(inputs):
    numbers = inputs.select_dtypes(include=np.number)
    texts = inputs.select_dtypes(exclude=np.number)
    numbers = numbers.apply(lambda s: s.fillna(s.mean())).astype("float64")
    parts = [numbers]
    for col in texts.columns:
        parts.append(pd.get_dummies(texts[col], prefix=col, dummy_na=True, dtype=float))
    return pd.concat(parts, axis=1)


def drop_most_missing(df):
    counts = df.isna().sum().to_numpy()
    if counts.size == 0 or counts.max() == 0:
        return df
    return df.drop(columns=df.columns[int(np.argmax(counts))])


def to_tensors(inputs, outputs):
    return (torch.tensor(inputs.to_numpy(dtype="float32")),
            torch.tensor(outputs.to_numpy(dtype="float32")))


def load_dataset(path, target):
    inputs, outputs = split_inputs_outputs(pd.read_csv(path), target)
    return to_tensors(impute(inputs), outputs)
