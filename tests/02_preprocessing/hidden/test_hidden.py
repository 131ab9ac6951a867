"""Hidden tests for lesson 02 (preprocessing.py): other tables, files and dtypes than the
public tests, and the lesson's common mistakes (mean over text columns, bool dummies,
dummy_na forgotten, mean taken after filling, target leaking into the inputs, mutating the
caller's frame, ties in drop_most_missing)."""
import pathlib

import numpy as np
import pandas as pd
import pytest
import torch

from grader.checks import check, check_frame, check_raises, check_series, check_tensor

from ..helpers import HOUSE_LINES, HOUSE_TINY, check_csv_lines, check_features, check_imputed, check_pair

NAN = np.nan


# ----------------------------------------------------------------------------- helpers
def shop_frame() -> pd.DataFrame:
    """Text columns before, between and after numeric ones; several NaN per numeric column."""
    return pd.DataFrame({
        "Street": ["Grvl", "Pave", np.nan, "Grvl", "Pave", np.nan],
        "Area": [1.5, NAN, NAN, 6.0, NAN, 1.5],            # mean of present values: 3.0
        "Zone": pd.Series(["RM", None, "C", "RL", "C", "RL"], dtype=object),   # None: see test_impute_object_dtype_text
        "Age": [10, 20, 30, 40, 50, 60],                    # int64, no NaN
        "Lot": np.array([NAN, 2.25, 3.0, NAN, NAN, 0.75], dtype="float32"),   # mean 2.0
    })


# ----------------------------------------------------------------------------- write_house_tiny
def test_write_house_tiny_path_object_deep_folders(student):
    """write_house_tiny(Path) creates several missing folder levels and writes the course CSV"""
    path = pathlib.Path("hidden_w1/a/b/c/houses.csv")
    out = student.write_house_tiny(path)
    check_csv_lines(student.probe("read_text", str(path)), HOUSE_LINES, f"write_house_tiny(Path('{path}')), the file")
    check(student.probe("same_file", out, str(path)),
          f"write_house_tiny(Path('{path}')): expected it to return the path it wrote, got {out!r}")


def test_write_house_tiny_returns_path(student):
    """write_house_tiny returns a pathlib.Path (not a str) for a str argument"""
    path = "hidden_w2/house_tiny.csv"
    out = student.write_house_tiny(path)
    check(isinstance(out, pathlib.PurePath),
          f"write_house_tiny({path!r}): expected a pathlib.Path, got a {type(out).__name__} ({out!r})")
    check(student.probe("same_file", out, path),
          f"write_house_tiny({path!r}): expected the path it wrote, got {out!r}")


def test_write_house_tiny_current_folder(student):
    """write_house_tiny with a bare file name writes into the current folder"""
    path = "hidden_house_here.csv"
    out = student.write_house_tiny(path)
    check_csv_lines(student.probe("read_text", path), HOUSE_LINES, f"write_house_tiny({path!r}), the file")
    check(student.probe("same_file", out, path),
          f"write_house_tiny({path!r}): expected it to return the path it wrote, got {out!r}")


def test_write_house_tiny_replaces_existing_file(student):
    """write_house_tiny replaces a file already at the path (the result is exactly the course CSV)"""
    path = "hidden_w3/old/house_tiny.csv"
    student.probe("write_text", path, "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n")
    student.write_house_tiny(path)
    check_csv_lines(student.probe("read_text", path), HOUSE_LINES,
                    f"write_house_tiny({path!r}) over an existing file, the file")


# ----------------------------------------------------------------------------- split_inputs_outputs
def test_split_inputs_outputs_target_in_middle(student):
    """split_inputs_outputs with the target in the middle keeps the other columns in order, none leaking"""
    df = shop_frame()
    df["Value"] = [210.5, 180.0, 99.25, 305.0, 150.75, 120.0]
    df = df[["Street", "Area", "Value", "Zone", "Age", "Lot"]]
    inputs, outputs = check_pair(student.split_inputs_outputs(df, "Value"), "split_inputs_outputs(shop, 'Value')")
    check_frame(inputs, df[["Street", "Area", "Zone", "Age", "Lot"]], "split_inputs_outputs(shop, 'Value')[0] (inputs)")
    check_series(outputs, df["Value"], "split_inputs_outputs(shop, 'Value')[1] (outputs)")


def test_split_inputs_outputs_target_first(student):
    """split_inputs_outputs with the target as the first column"""
    df = pd.DataFrame({"y": [1, 0, 1], "x1": [0.5, NAN, 2.0], "x2": ["u", "v", np.nan]})
    inputs, outputs = check_pair(student.split_inputs_outputs(df, "y"), "split_inputs_outputs(df, 'y')")
    check_frame(inputs, df[["x1", "x2"]], "split_inputs_outputs(df, 'y')[0] (inputs)")
    check_series(outputs, df["y"], "split_inputs_outputs(df, 'y')[1] (outputs)")


def test_split_inputs_outputs_unknown_target_names_it(student):
    """split_inputs_outputs raises KeyError naming an unknown target"""
    df = shop_frame()
    err = check_raises(KeyError, student.split_inputs_outputs, df, "SalePrice",
                       what="split_inputs_outputs(shop, 'SalePrice')")
    check("SalePrice" in err.message,
          f"split_inputs_outputs(shop, 'SalePrice'): the KeyError message should name 'SalePrice', got {err.message!r}")


def test_split_inputs_outputs_leaves_input_unchanged(student):
    """split_inputs_outputs does not modify the DataFrame it is given"""
    df = shop_frame()
    seen = student.observe("split_inputs_outputs", df, "Age")
    check_frame(seen.args_after[0], df, "split_inputs_outputs(shop, 'Age'): its argument after the call")


# ----------------------------------------------------------------------------- impute
def test_impute_mean_of_present_values(student):
    """impute fills each numeric NaN with the mean of that column's present values"""
    inputs = pd.DataFrame({"Area": [1.5, NAN, NAN, 6.0, NAN, 1.5],
                           "Rooms": [NAN, 5.0, 1.0, NAN, 3.0, 3.0],
                           "Alley": ["Pave", np.nan, "Grvl", "Pave", np.nan, np.nan]})
    check_imputed(student.impute(inputs),
                  {"Area": [1.5, 3.0, 3.0, 6.0, 3.0, 1.5], "Rooms": [3.0, 5.0, 1.0, 3.0, 3.0, 3.0]},
                  {"Alley_Grvl": [0, 0, 1, 0, 0, 0], "Alley_Pave": [1, 0, 0, 1, 0, 0],
                   "Alley_nan": [0, 1, 0, 0, 1, 1]},
                  "impute(Area, Rooms, Alley)")


def test_impute_text_columns_anywhere(student):
    """impute puts the numeric columns first (original order), then the one-hot columns of every text column"""
    check_imputed(student.impute(shop_frame()),
                  {"Area": [1.5, 3.0, 3.0, 6.0, 3.0, 1.5], "Age": [10, 20, 30, 40, 50, 60],
                   "Lot": [2.0, 2.25, 3.0, 2.0, 2.0, 0.75]},
                  {"Street_Grvl": [1, 0, 0, 1, 0, 0], "Street_Pave": [0, 1, 0, 0, 1, 0],
                   "Street_nan": [0, 0, 1, 0, 0, 1],
                   "Zone_C": [0, 0, 1, 0, 1, 0], "Zone_RL": [0, 0, 0, 1, 0, 1], "Zone_RM": [1, 0, 0, 0, 0, 0],
                   "Zone_nan": [0, 1, 0, 0, 0, 0]},
                  "impute(Street, Area, Zone, Age, Lot)")


def test_impute_nan_category_column(student):
    """impute keeps missing text as its own one-hot column <name>_nan"""
    inputs = pd.DataFrame({"Fence": [np.nan, "Wood", np.nan, "Wire", "Wood"],
                           "Width": [2.0, 4.0, 6.0, 8.0, 10.0]})
    check_imputed(student.impute(inputs),
                  {"Width": [2.0, 4.0, 6.0, 8.0, 10.0]},
                  {"Fence_Wire": [0, 0, 0, 1, 0], "Fence_Wood": [0, 1, 0, 0, 1], "Fence_nan": [1, 0, 1, 0, 0]},
                  "impute(Fence, Width)")


def test_impute_numeric_only_all_float64(student):
    """impute of numeric columns only (int64, float32, float64) returns float64 columns, NaN filled"""
    inputs = pd.DataFrame({"Count": np.array([4, 1, 7], dtype="int64"),
                           "Small": np.array([NAN, 0.5, 1.5], dtype="float32"),
                           "Big": [NAN, NAN, -2.5]})
    check_imputed(student.impute(inputs),
                  {"Count": [4.0, 1.0, 7.0], "Small": [1.0, 0.5, 1.5], "Big": [-2.5, -2.5, -2.5]},
                  {},
                  "impute(Count int64, Small float32, Big float64)")


def test_impute_object_dtype_text(student):
    """impute one-hot encodes a text column of dtype object as well"""
    # An object column's missing values reach the student's process as None (the wire
    # sends them so), so the test states None itself.
    inputs = pd.DataFrame({"Kind": pd.Series(["b", "a", None, "b"], dtype=object),
                           "Score": [NAN, 1.0, 2.0, 6.0]})
    check_imputed(student.impute(inputs),
                  {"Score": [3.0, 1.0, 2.0, 6.0]},
                  {"Kind_a": [0, 1, 0, 0], "Kind_b": [1, 0, 0, 1], "Kind_nan": [0, 0, 1, 0]},
                  "impute(Kind object, Score)")


def test_impute_leaves_mixed_frame_unchanged(student):
    """impute does not modify the DataFrame it is given (NaN still there, text still text)"""
    df = shop_frame()
    seen = student.observe("impute", df)
    check_frame(seen.args_after[0], df, "impute(shop): its argument after the call")


# ----------------------------------------------------------------------------- drop_most_missing
def test_drop_most_missing_tie_first_only(student):
    """drop_most_missing drops only the first of the columns tied for the most missing values"""
    df = pd.DataFrame({"a": [1.0, NAN, 3.0, 4.0], "b": [NAN, NAN, 1.0, 2.0],
                       "c": ["x", np.nan, np.nan, "y"], "d": [1, 2, 3, 4]})
    check_frame(student.drop_most_missing(df), df[["a", "c", "d"]], "drop_most_missing(a:1, b:2, c:2, d:0 missing)")


def test_drop_most_missing_last_column(student):
    """drop_most_missing drops the last column when it has the most missing values"""
    df = shop_frame()
    df["Pool"] = [np.nan, np.nan, np.nan, np.nan, "Ex", np.nan]
    check_frame(student.drop_most_missing(df), shop_frame(), "drop_most_missing(shop + Pool with 5 missing)")


def test_drop_most_missing_unchanged_without_missing(student):
    """drop_most_missing returns a table with text and int columns and no missing value unchanged"""
    df = pd.DataFrame({"City": ["Oslo", "Lima", "Pune"], "Rooms": [3, 5, 2], "Rent": [12.5, 7.25, 4.0]})
    check_frame(student.drop_most_missing(df), df, "drop_most_missing(table without missing values)")


def test_drop_most_missing_leaves_input_unchanged(student):
    """drop_most_missing does not modify the DataFrame it is given"""
    df = shop_frame()
    seen = student.observe("drop_most_missing", df)
    check_frame(seen.args_after[0], df, "drop_most_missing(shop): its argument after the call")


# ----------------------------------------------------------------------------- to_tensors
def test_to_tensors_float64_frame(student):
    """to_tensors turns a float64 frame (5, 3) and float64 series into float32 tensors (5, 3) and (5,)"""
    inputs = pd.DataFrame({"u": [0.1, -2.5, 3.25, 4.0, 1e3], "v": [1.0, 0.0, 1.0, 0.0, 0.0],
                           "w": [0.0, 1.0, 0.0, 1.0, 1.0]})
    outputs = pd.Series([1.5, -0.25, 2.0, 8.0, 3.5], name="target")
    X, y = check_pair(student.to_tensors(inputs, outputs), "to_tensors(float64 (5, 3), float64 (5,))")
    check_tensor(X, torch.tensor(inputs.to_numpy(), dtype=torch.float32), "to_tensors(float64 (5, 3), ...)[0] (X)")
    check_tensor(y, torch.tensor([1.5, -0.25, 2.0, 8.0, 3.5]), "to_tensors(..., float64 (5,))[1] (y)")


def test_to_tensors_float32_frame_int_series(student):
    """to_tensors of a float32 frame and an int64 series gives float32 tensors"""
    inputs = pd.DataFrame({"p": np.array([0.5, 1.5], dtype="float32"), "q": np.array([2.0, -1.0], dtype="float32"),
                           "r": np.array([1.0, 0.0], dtype="float32"), "s": np.array([0.0, 1.0], dtype="float32")})
    outputs = pd.Series([250000, 99000], name="SalePrice")
    X, y = check_pair(student.to_tensors(inputs, outputs), "to_tensors(float32 (2, 4), int64 (2,))")
    check_tensor(X, torch.tensor([[0.5, 2.0, 1.0, 0.0], [1.5, -1.0, 0.0, 1.0]]),
                 "to_tensors(float32 (2, 4), ...)[0] (X)")
    check_tensor(y, torch.tensor([250000.0, 99000.0]), "to_tensors(..., int64 (2,))[1] (y)")


def test_to_tensors_single_column(student):
    """to_tensors of a one-column frame keeps the shape (n, 1); the outputs stay (n,)"""
    inputs = pd.DataFrame({"only": [7.0, 8.0, 9.0]})
    outputs = pd.Series([0.0, 1.0, 0.0], name="label")
    X, y = check_pair(student.to_tensors(inputs, outputs), "to_tensors((3, 1), (3,))")
    check_tensor(X, torch.tensor([[7.0], [8.0], [9.0]]), "to_tensors((3, 1), (3,))[0] (X)")
    check_tensor(y, torch.tensor([0.0, 1.0, 0.0]), "to_tensors((3, 1), (3,))[1] (y)")


# ----------------------------------------------------------------------------- load_dataset
SHOP_CSV = (
    "Street,Area,Value,Zone,Age\n"
    "Grvl,1.5,210.5,RM,10\n"
    "Pave,NA,180,NA,20\n"
    "NA,NA,99.25,C,NA\n"
    "Grvl,6,305,RL,40\n"
    "Pave,NA,150.75,C,55\n"
    "NA,1.5,120,RL,NA\n"
)


@pytest.mark.points(2)
def test_load_dataset_other_csv(student):
    """load_dataset on another CSV: target in the middle, two text columns, whole numbers and decimals with NA"""
    path = student.probe("write_text", "hidden_data/shop.csv", SHOP_CSV)
    X, y = check_pair(student.load_dataset(path, "Value"), f"load_dataset({path!r}, 'Value')")
    check_features(X, [[1.5, 3.0, 3.0, 6.0, 3.0, 1.5], [10, 20, 31.25, 40, 55, 31.25]],
                   [[1, 0, 0, 1, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 1],
                    [0, 0, 1, 0, 1, 0], [0, 0, 0, 1, 0, 1], [1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0]],
                   f"load_dataset({path!r}, 'Value')[0] (X)")
    check_tensor(y, torch.tensor([210.5, 180.0, 99.25, 305.0, 150.75, 120.0]),
                 f"load_dataset({path!r}, 'Value')[1] (y)")


def test_load_dataset_house_other_target(student):
    """load_dataset on the course CSV with NumRooms as the target: Alley and Price are the inputs"""
    path = student.probe("write_text", "hidden_data/house_rooms.csv", HOUSE_TINY)
    X, y = check_pair(student.load_dataset(path, "NumRooms"), f"load_dataset({path!r}, 'NumRooms')")
    check_features(X, [[127500, 106000, 178100, 140000]], [[1, 0, 0, 0], [0, 1, 1, 1]],
                   f"load_dataset({path!r}, 'NumRooms')[0] (X)")
    check_tensor(y, torch.tensor([NAN, 2.0, 4.0, NAN]), f"load_dataset({path!r}, 'NumRooms')[1] (y)", equal_nan=True)
