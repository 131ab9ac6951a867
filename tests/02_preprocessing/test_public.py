"""Public tests for lesson 02 (preprocessing.py): the course's house_tiny.csv (d2l 2.2)."""
import numpy as np
import pandas as pd
import pytest
import torch

from grader.checks import check, check_frame, check_raises, check_series, check_tensor

from .helpers import HOUSE_LINES, HOUSE_TINY, check_csv_lines, check_features, check_imputed, check_pair


def house_frame() -> pd.DataFrame:
    """The course CSV as pandas reads it: NumRooms float64, Alley text, Price int64."""
    return pd.DataFrame({
        "NumRooms": [np.nan, 2.0, 4.0, np.nan],
        "Alley": ["Pave", np.nan, np.nan, np.nan],
        "Price": [127500, 106000, 178100, 140000],
    })


def test_write_house_tiny(student):
    """write_house_tiny writes the course CSV, creating missing parent folders, and returns the path"""
    path = "public_data/new_folder/house_tiny.csv"
    out = student.write_house_tiny(path)
    check_csv_lines(student.probe("read_text", path), HOUSE_LINES, f"write_house_tiny({path!r}), the file")
    check(student.probe("same_file", out, path),
          f"write_house_tiny({path!r}): expected it to return the path it wrote, got {out!r}")


def test_write_house_tiny_replaces_file(student):
    """write_house_tiny replaces a file that already exists at the path (not appended to)"""
    path = student.probe("write_text", "public_data/老/house_tiny.csv", "old,text\n1,2\n")
    student.write_house_tiny(path)
    check_csv_lines(student.probe("read_text", path), HOUSE_LINES, f"write_house_tiny over an existing {path!r}")


def test_split_inputs_outputs_house(student):
    """split_inputs_outputs(house, 'Price') gives (NumRooms and Alley columns, the Price column)"""
    df = house_frame()
    inputs, outputs = check_pair(student.split_inputs_outputs(df, "Price"), "split_inputs_outputs(house, 'Price')")
    check_frame(inputs, df[["NumRooms", "Alley"]], "split_inputs_outputs(house, 'Price')[0] (inputs)")
    check_series(outputs, df["Price"], "split_inputs_outputs(house, 'Price')[1] (outputs)")


def test_split_inputs_outputs_first_column(student):
    """split_inputs_outputs with the first column as target, leaving the caller's DataFrame unchanged"""
    df = pd.DataFrame({"Größe": [1.5, 2.5], "Alley": ["Grvl", "Pave"], "Price": [98000, 120500]})
    seen = student.observe("split_inputs_outputs", df.copy(), "Größe")
    what = "split_inputs_outputs(df, 'Größe')"
    inputs, outputs = check_pair(seen.value, what)
    check_frame(inputs, df[["Alley", "Price"]], f"{what}[0] (inputs)")
    check_series(outputs, df["Größe"], f"{what}[1] (outputs)")
    check_frame(seen.args_after[0], df, f"{what}: the DataFrame after the call (must not change)")


def test_split_inputs_outputs_unknown_target(student):
    """split_inputs_outputs with a column name that does not exist raises KeyError naming it"""
    err = check_raises(KeyError, student.split_inputs_outputs, house_frame(), "Prize",
                       what="split_inputs_outputs(house, 'Prize')")
    check("Prize" in err.message,
          f"split_inputs_outputs(house, 'Prize'): the KeyError message should name 'Prize', got {err.message!r}")


def test_impute_house(student):
    """impute fills NumRooms with its mean (3.0) and one-hot encodes Alley as Alley_Pave, Alley_nan (float64)"""
    inputs = house_frame()[["NumRooms", "Alley"]]
    check_imputed(student.impute(inputs),
                  {"NumRooms": [3.0, 2.0, 4.0, 3.0]},
                  {"Alley_Pave": [1, 0, 0, 0], "Alley_nan": [0, 1, 1, 1]},
                  "impute(house inputs)")


def test_impute_leaves_input_unchanged(student):
    """impute does not modify the DataFrame it is given"""
    inputs = house_frame()[["NumRooms", "Alley"]]
    seen = student.observe("impute", inputs)
    check_frame(seen.args_after[0], inputs, "impute(house inputs): its argument after the call")


def test_impute_integer_and_numeric_only(student):
    """impute keeps int64 columns numeric and in place (not one-hot), also in a table without a text column"""
    mixed = pd.DataFrame({"Rooms": [3, 1, 2], "Street": ["Grvl", "Pave", np.nan]})
    check_imputed(student.impute(mixed), {"Rooms": [3.0, 1.0, 2.0]},
                  {"Street_Grvl": [1, 0, 0], "Street_Pave": [0, 1, 0], "Street_nan": [0, 0, 1]},
                  "impute(int64 Rooms, text Street)")
    numbers = pd.DataFrame({"Floors": [1, 2, 1], "Area": [50.0, np.nan, 70.0]})
    check_imputed(student.impute(numbers), {"Floors": [1.0, 2.0, 1.0], "Area": [50.0, 60.0, 70.0]}, {},
                  "impute(int64 Floors, float64 Area: no text column)")


def test_drop_most_missing_house(student):
    """drop_most_missing(house) drops Alley (3 missing values, NumRooms has 2)"""
    df = house_frame()
    check_frame(student.drop_most_missing(df), df[["NumRooms", "Price"]], "drop_most_missing(house)")


def test_drop_most_missing_nothing_missing(student):
    """drop_most_missing returns a table with no missing value unchanged"""
    df = pd.DataFrame({"NumRooms": [3.0, 2.0, 4.0], "Price": [127500, 106000, 178100]})
    check_frame(student.drop_most_missing(df), df, "drop_most_missing(table without missing values)")


def test_drop_most_missing_tie(student):
    """drop_most_missing drops only the first (leftmost) of two columns tied for the most missing values"""
    df = pd.DataFrame({"Lot": [8450.0, 9600.0, 11250.0], "Pool": [np.nan, np.nan, 1.0],
                       "Fence": [np.nan, 2.0, np.nan]})
    check_frame(student.drop_most_missing(df), df[["Lot", "Fence"]],
                "drop_most_missing(Pool and Fence both 2 missing values)")


def test_to_tensors_house(student):
    """to_tensors of the imputed house data gives float32 tensors of shapes (4, 3) and (4,)"""
    inputs = pd.DataFrame({"NumRooms": [3.0, 2.0, 4.0, 3.0], "Alley_Pave": [1.0, 0.0, 0.0, 0.0],
                           "Alley_nan": [0.0, 1.0, 1.0, 1.0]})
    outputs = house_frame()["Price"]
    X, y = check_pair(student.to_tensors(inputs, outputs), "to_tensors(inputs, outputs)")
    check_tensor(X, torch.tensor([[3.0, 1, 0], [2, 0, 1], [4, 0, 1], [3, 0, 1]]), "to_tensors(...)[0] (X)")
    check_tensor(y, torch.tensor([127500.0, 106000, 178100, 140000]), "to_tensors(...)[1] (y)")


@pytest.mark.points(2)
def test_load_dataset_house(student):
    """load_dataset('public_data/house_tiny.csv', 'Price') runs the whole pipeline"""
    path = student.probe("write_text", "public_data/house_tiny.csv", HOUSE_TINY)
    X, y = check_pair(student.load_dataset(path, "Price"), f"load_dataset({path!r}, 'Price')")
    check_features(X, [[3.0, 2, 4, 3]], [[1, 0, 0, 0], [0, 1, 1, 1]], f"load_dataset({path!r}, 'Price')[0] (X)")
    check_tensor(y, torch.tensor([127500.0, 106000, 178100, 140000]), f"load_dataset({path!r}, 'Price')[1] (y)")
