"""Public tests for lesson 01_tensors (tensors.py): the examples of d2l 2.1."""
import numpy as np
import pytest
import torch

from grader.checks import (
    check,
    check_array,
    check_equal,
    check_float,
    check_not_used,
    check_raises,
    check_shared,
    check_tensor,
    check_type,
)


def test_make_grid(student):
    """make_grid(3, 4) is arange(12) as a 3x4 int64 grid"""
    out = student.make_grid(3, 4)
    check_tensor(out, torch.arange(12, dtype=torch.int64).reshape(3, 4), "make_grid(3, 4)")


def test_describe(student):
    """describe of a 3x4 float32 tensor: shape, numel, ndim, dtype, device"""
    t = torch.zeros(3, 4, dtype=torch.float32)
    out = student.describe(t)
    check_equal(out, {"shape": (3, 4), "numel": 12, "ndim": 2, "dtype": "torch.float32", "device": "cpu"},
                "describe(zeros(3, 4))")


@pytest.mark.points(2)
def test_elementwise(student):
    """elementwise(x, y) on the d2l example gives (x+y, x-y, x*y, x/y, x**y)"""
    x = torch.tensor([1.0, 2.0, 4.0, 8.0])
    y = torch.tensor([2.0, 2.0, 2.0, 2.0])
    out = student.elementwise(x, y)
    check_type(out, tuple, "elementwise(x, y)")
    check(len(out) == 5, f"elementwise(x, y): expected a tuple of 5 tensors, got {len(out)} items")
    names = ["x + y", "x - y", "x * y", "x / y", "x ** y"]
    for name, got, want in zip(names, out, (x + y, x - y, x * y, x / y, x ** y)):
        check_tensor(got, want, f"elementwise(x, y), item {name}")


def test_concat(student):
    """concat(X, Y) of two 3x4 float32 tensors along dim 0 then dim 1"""
    X = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    out = student.concat(X, Y)
    check_type(out, tuple, "concat(X, Y)")
    check(len(out) == 2, f"concat(X, Y): expected a tuple of 2 tensors, got {len(out)} items")
    check_tensor(out[0], torch.cat((X, Y), dim=0), "concat(X, Y)[0] (along dim 0)")
    check_tensor(out[1], torch.cat((X, Y), dim=1), "concat(X, Y)[1] (along dim 1)")


def test_concat_meta_device(student):
    """concat of float32 X (1, 3) and Y (1, 3) on the meta device gives (2, 3) and (1, 6) results on meta"""
    X, Y = (torch.empty(1, 3, dtype=torch.float32, device="meta") for _ in range(2))
    out = student.concat(X, Y)
    what = "concat(X (1, 3), Y (1, 3) float32 on device 'meta': shapes and dtypes, no data)"
    check_type(out, tuple, what)
    check(len(out) == 2, f"{what}: expected a tuple of 2 tensors, got {len(out)} items")
    check_tensor(out[0], torch.empty(2, 3, dtype=torch.float32, device="meta"), f"{what}[0] (along dim 0)")
    check_tensor(out[1], torch.empty(1, 6, dtype=torch.float32, device="meta"), f"{what}[1] (along dim 1)")


def test_outer_sum(student):
    """outer_sum of a (3,) and a (2,) float32 vector is the (3, 2) table a[i] + b[j]"""
    a = torch.tensor([0.0, 1.0, 2.0])
    b = torch.tensor([0.0, 10.0])
    out = student.outer_sum(a, b)
    check_tensor(out, torch.tensor([[0.0, 10.0], [1.0, 11.0], [2.0, 12.0]]), "outer_sum([0, 1, 2], [0, 10])")


def test_outer_sum_meta_device(student):
    """outer_sum of float64 a (2,) and b (4,) on the meta device gives a (2, 4) float64 result on meta"""
    a, b = (torch.empty(n, dtype=torch.float64, device="meta") for n in (2, 4))
    check_tensor(student.outer_sum(a, b), torch.empty(2, 4, dtype=torch.float64, device="meta"),
                 "outer_sum(a (2,), b (4,) float64 on device 'meta': shapes and dtypes, no data)")


@pytest.mark.points(2)
def test_broadcast_shape(student, student_source):
    """broadcast_shape follows the rules (without torch/numpy.broadcast_shapes)"""
    check_equal(student.broadcast_shape((3, 1), (1, 2)), (3, 2), "broadcast_shape((3, 1), (1, 2))")
    check_equal(student.broadcast_shape((4,), (2, 4)), (2, 4), "broadcast_shape((4,), (2, 4))")
    check_not_used(student_source, {"torch.broadcast_shapes", "numpy.broadcast_shapes"}, "broadcast_shape",
                   function="broadcast_shape")


def test_broadcast_shape_incompatible(student):
    """broadcast_shape((3,), (4,)) raises ValueError"""
    check_raises(ValueError, student.broadcast_shape, (3,), (4,), what="broadcast_shape((3,), (4,))")


def test_broadcast_shape_one_against_zero(student):
    """broadcast_shape stretches a 1 to a size 0: (2, 1, 5) and (0, 1) give (2, 0, 5)"""
    check_equal(student.broadcast_shape((2, 1, 5), (0, 1)), (2, 0, 5), "broadcast_shape((2, 1, 5), (0, 1))")


def test_last_and_middle(student):
    """last_and_middle of a 3x4 tensor is (X[-1], X[1:3])"""
    X = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    out = student.last_and_middle(X)
    check_type(out, tuple, "last_and_middle(X)")
    check(len(out) == 2, f"last_and_middle(X): expected a tuple of 2 tensors, got {len(out)} items")
    check_tensor(out[0], X[-1], "last_and_middle(X)[0] (the last row)")
    check_tensor(out[1], X[1:3], "last_and_middle(X)[1] (rows 1 and 2)")


@pytest.mark.points(2)
def test_fill_rows(student):
    """fill_rows(X, 0, 2, 12.0) writes rows 0 and 1 in place and returns X itself"""
    X = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    seen = student.observe("fill_rows", X, 0, 2, 12.0)
    expected = X.clone()
    expected[0:2] = 12.0
    check(seen.returned_arg == 0, "fill_rows(X, 0, 2, 12.0) must return the same tensor object X, not a new one")
    check(seen.storage_kept[0], "fill_rows(X, 0, 2, 12.0) must write into X's own memory")
    check_tensor(seen.args_after[0], expected, "X after fill_rows(X, 0, 2, 12.0)")


@pytest.mark.points(2)
def test_add_inplace(student):
    """add_inplace(X, Y) adds Y into X in place and returns X itself"""
    X = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    Y = torch.ones(3, 4)
    seen = student.observe("add_inplace", X, Y)
    check(seen.returned_arg == 0, "add_inplace(X, Y) must return X itself (X += Y), not a new tensor (X = X + Y)")
    check(seen.storage_kept[0], "add_inplace(X, Y) must keep X's memory (no new allocation)")
    check_tensor(seen.args_after[0], X + Y, "X after add_inplace(X, Y)")


def test_to_numpy_shared(student):
    """to_numpy_shared gives a float32 ndarray that shares memory with the tensor"""
    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    out = student.to_numpy_shared(t)
    check_array(out, t.numpy(), "to_numpy_shared(t)")
    facts = student.probe("change_visible", student.to_numpy_shared, t)
    check_shared(facts, "to_numpy_shared(t)")


def test_from_numpy_shared(student):
    """from_numpy_shared gives a float64 tensor that shares memory with the ndarray"""
    a = np.arange(6, dtype=np.float64).reshape(3, 2)
    out = student.from_numpy_shared(a)
    check_tensor(out, torch.from_numpy(a.copy()), "from_numpy_shared(a)")
    facts = student.probe("change_visible", student.from_numpy_shared, a)
    check_shared(facts, "from_numpy_shared(a)")


def test_to_scalar(student):
    """to_scalar(tensor([3.5])) is the Python float 3.5"""
    check_float(student.to_scalar(torch.tensor([3.5])), 3.5, "to_scalar(tensor([3.5]))")


def test_to_scalar_too_many(student):
    """to_scalar of a 3-element tensor raises ValueError"""
    check_raises(ValueError, student.to_scalar, torch.tensor([1.0, 2.0, 3.0]), what="to_scalar(tensor([1., 2., 3.]))")


def test_to_scalar_int_tensor(student):
    """to_scalar of an int64 tensor [[7]] is the Python float 7.0, not the int 7"""
    out = student.to_scalar(torch.tensor([[7]]))
    check_type(out, float, "to_scalar(tensor([[7]]))")
    check_float(out, 7.0, "to_scalar(tensor([[7]]))")
