"""Hidden tests for lesson 01_tensors (tensors.py): other shapes, dtypes and values than
the public tests, and the common mistakes of d2l 2.1 (transposed reshapes, float grids,
left-aligned broadcasting, copies instead of in-place writes or shared memory)."""
import numpy as np
import pytest
import torch

from grader.checks import (
    check,
    check_array,
    check_equal,
    check_float,
    check_raises,
    check_shared,
    check_tensor,
    check_type,
)

ELEMENTWISE = ("x + y", "x - y", "x * y", "x / y", "x ** y")


def _expected_elementwise(x, y):
    return x + y, x - y, x * y, x / y, x ** y


def _check_tuple(out, n, what):
    check_type(out, tuple, what)
    check(len(out) == n, f"{what}: expected a tuple of {n} items, got {len(out)}")


def _check_elementwise(out, x, y, what):
    _check_tuple(out, 5, what)
    for name, got, want in zip(ELEMENTWISE, out, _expected_elementwise(x, y)):
        check_tensor(got, want, f"{what}, item {name}")


def _positive(shape, dtype, rng):
    """Values in [0.5, 2.5): safe bases for ** and safe divisors."""
    return torch.rand(shape, generator=rng, dtype=dtype) * 2 + 0.5


# ----------------------------------------------------------------------------- make_grid
def test_make_grid_non_square(student):
    """make_grid(2, 5) and make_grid(5, 2) have shapes (rows, cols), not (cols, rows)"""
    for rows, cols in ((2, 5), (5, 2)):
        check_tensor(student.make_grid(rows, cols), torch.arange(rows * cols).reshape(rows, cols),
                     f"make_grid({rows}, {cols})")


def test_make_grid_single_row_or_column(student):
    """make_grid with one row, one column, or one element keeps both dimensions"""
    for rows, cols in ((1, 7), (6, 1), (1, 1)):
        check_tensor(student.make_grid(rows, cols), torch.arange(rows * cols).reshape(rows, cols),
                     f"make_grid({rows}, {cols})")


# ----------------------------------------------------------------------------- describe
def test_describe_0d(student):
    """describe of a 0-d float64 tensor: shape (), numel 1, ndim 0"""
    t = torch.tensor(2.5, dtype=torch.float64)
    check_equal(student.describe(t),
                {"shape": (), "numel": 1, "ndim": 0, "dtype": "torch.float64", "device": "cpu"},
                "describe(tensor(2.5, dtype=float64))")


def _describe_on(student, device):
    """The device case: a float64 (3, 1, 2) tensor on ``device``.  On CUDA the device string
    of docs/course.md may name the index or not: 'cuda:0' (str(t.device)) and 'cuda' both count."""
    t = torch.zeros(3, 1, 2, dtype=torch.float64, device=device)
    what = f"describe(float64 tensor of shape (3, 1, 2) on device '{t.device}')"
    out = student.describe(t)
    check_type(out, dict, what)
    names = sorted({str(t.device), t.device.type})
    got = out.get("device")
    check(type(got) is str and got in names,
          f"{what}['device']: expected the string {' or '.join(repr(n) for n in names)}, got {got!r}")
    check_equal({key: value for key, value in out.items() if key != "device"},
                {"shape": (3, 1, 2), "numel": 6, "ndim": 3, "dtype": "torch.float64"}, f"{what} (the other keys)")


def test_describe_3d_int(student):
    """describe of a (2, 3, 4) int32 tensor and of a (3, 1, 2) float64 tensor"""
    t = torch.arange(24, dtype=torch.int32).reshape(2, 3, 4)
    check_equal(student.describe(t),
                {"shape": (2, 3, 4), "numel": 24, "ndim": 3, "dtype": "torch.int32", "device": "cpu"},
                "describe(int32 tensor of shape (2, 3, 4))")
    _describe_on(student, "cpu")


def test_describe_meta_device(student):
    """describe of a (5, 1) float16 tensor on the meta device reports device 'meta'"""
    t = torch.empty(5, 1, dtype=torch.float16, device="meta")
    check_equal(student.describe(t),
                {"shape": (5, 1), "numel": 5, "ndim": 2, "dtype": "torch.float16", "device": "meta"},
                "describe(float16 tensor of shape (5, 1) on device 'meta')")


@pytest.mark.cuda
def test_describe_cuda(student):
    """describe of a CUDA tensor reports its device ('cuda:0' or 'cuda') and the other keys as on the CPU"""
    _describe_on(student, "cuda")


# ----------------------------------------------------------------------------- elementwise
def _elementwise_on(student, rng, device):
    """The device case: float32 (3, 5) tensors on ``device`` give five results on ``device``."""
    x_cpu = _positive((3, 5), torch.float32, rng)
    y_cpu = torch.randn(3, 5, generator=rng, dtype=torch.float32)
    x, y = x_cpu.to(device), y_cpu.to(device)
    what = f"elementwise(x (3, 5), y (3, 5) float32 on {device})"
    out = student.elementwise(x, y)
    _check_tuple(out, 5, what)
    for name, got, want in zip(ELEMENTWISE, out, _expected_elementwise(x_cpu, y_cpu)):
        check_tensor(got, want.to(device), f"{what}, item {name}")


def test_elementwise_float64_broadcast(student, rng):
    """elementwise of float64 (3, 1) and (1, 4) tensors broadcasts to (3, 4)"""
    x = _positive((3, 1), torch.float64, rng)
    y = torch.randn(1, 4, generator=rng, dtype=torch.float64)
    out = student.elementwise(x, y)
    _check_elementwise(out, x, y, "elementwise(x (3, 1) float64, y (1, 4) float64)")


def test_elementwise_float32(student, rng):
    """elementwise of two float32 (2, 5) tensors keeps float32"""
    x = _positive((2, 5), torch.float32, rng)
    y = torch.randn(2, 5, generator=rng, dtype=torch.float32)
    out = student.elementwise(x, y)
    _check_elementwise(out, x, y, "elementwise(x (2, 5) float32, y (2, 5) float32)")
    _elementwise_on(student, rng, "cpu")


def test_elementwise_true_division(student):
    """elementwise uses true division: 7 / 2 = 3.5 and -7 / 2 = -3.5"""
    x = torch.tensor([7.0, -7.0, 1.0], dtype=torch.float64)
    y = torch.tensor([2.0, 2.0, 4.0], dtype=torch.float64)
    out = student.elementwise(x, y)
    _check_tuple(out, 5, "elementwise(x, y)")
    check_tensor(out[3], torch.tensor([3.5, -3.5, 0.25], dtype=torch.float64),
                 "elementwise([7., -7., 1.], [2., 2., 4.]), item x / y")


def test_elementwise_inputs_unchanged(student, rng):
    """elementwise does not modify x or y"""
    x = _positive((4,), torch.float32, rng)
    y = _positive((4,), torch.float32, rng)
    seen = student.observe("elementwise", x, y)
    check_tensor(seen.args_after[0], x, "x after elementwise(x, y)")
    check_tensor(seen.args_after[1], y, "y after elementwise(x, y)")
    _check_elementwise(seen.value, x, y, "elementwise(x, y)")


@pytest.mark.cuda
def test_elementwise_cuda(student, rng):
    """elementwise of CUDA tensors returns CUDA tensors with the CPU values"""
    _elementwise_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- concat
def _check_concat(out, X, Y, what):
    _check_tuple(out, 2, what)
    check_tensor(out[0], torch.cat((X, Y), dim=0), f"{what}[0] (along dim 0)")
    check_tensor(out[1], torch.cat((X, Y), dim=1), f"{what}[1] (along dim 1)")


def _concat_on(student, rng, device):
    """The device case: float32 (3, 2) and (3, 2) tensors on ``device``, both results on ``device``."""
    X = torch.randn(3, 2, generator=rng, dtype=torch.float32).to(device)
    Y = torch.randn(3, 2, generator=rng, dtype=torch.float32).to(device)
    _check_concat(student.concat(X, Y), X, Y, f"concat(X (3, 2), Y (3, 2) float32 on {device})")


def test_concat_non_square_float64(student, rng):
    """concat of two float64 (2, 3) tensors gives (4, 3) then (2, 6), X first"""
    X = torch.randn(2, 3, generator=rng, dtype=torch.float64)
    Y = torch.randn(2, 3, generator=rng, dtype=torch.float64)
    out = student.concat(X, Y)
    _check_tuple(out, 2, "concat(X (2, 3), Y (2, 3))")
    check_tensor(out[0], torch.cat((X, Y), dim=0), "concat(X (2, 3), Y (2, 3))[0] (along dim 0)")
    check_tensor(out[1], torch.cat((X, Y), dim=1), "concat(X (2, 3), Y (2, 3))[1] (along dim 1)")
    _concat_on(student, rng, "cpu")


def test_concat_3d_int(student):
    """concat of two int64 (2, 3, 4) tensors gives (4, 3, 4) and (2, 6, 4), dtype kept"""
    X = torch.arange(24).reshape(2, 3, 4)
    Y = -torch.arange(24).reshape(2, 3, 4) - 1
    out = student.concat(X, Y)
    _check_tuple(out, 2, "concat(X (2, 3, 4), Y (2, 3, 4))")
    check_tensor(out[0], torch.cat((X, Y), dim=0), "concat(X (2, 3, 4), Y (2, 3, 4))[0] (along dim 0)")
    check_tensor(out[1], torch.cat((X, Y), dim=1), "concat(X (2, 3, 4), Y (2, 3, 4))[1] (along dim 1)")


def test_concat_inputs_unchanged(student, rng):
    """concat does not modify X or Y"""
    X = torch.randn(3, 2, generator=rng, dtype=torch.float32)
    Y = torch.randn(3, 2, generator=rng, dtype=torch.float32)
    seen = student.observe("concat", X, Y)
    check_tensor(seen.args_after[0], X, "X after concat(X, Y)")
    check_tensor(seen.args_after[1], Y, "Y after concat(X, Y)")
    _check_tuple(seen.value, 2, "concat(X, Y)")
    check_tensor(seen.value[0], torch.cat((X, Y), dim=0), "concat(X, Y)[0] (along dim 0)")
    check_tensor(seen.value[1], torch.cat((X, Y), dim=1), "concat(X, Y)[1] (along dim 1)")


def test_concat_meta_device(student):
    """concat of two (3, 2) float64 meta tensors gives meta tensors of shapes (6, 2) and (3, 4)"""
    X = torch.empty(3, 2, dtype=torch.float64, device="meta")
    Y = torch.empty(3, 2, dtype=torch.float64, device="meta")
    what = "concat(X (3, 2), Y (3, 2) float64 on device 'meta')"
    out = student.concat(X, Y)
    _check_tuple(out, 2, what)
    check_tensor(out[0], torch.empty(6, 2, dtype=torch.float64, device="meta"), f"{what}[0] (along dim 0)")
    check_tensor(out[1], torch.empty(3, 4, dtype=torch.float64, device="meta"), f"{what}[1] (along dim 1)")


@pytest.mark.cuda
def test_concat_cuda(student, rng):
    """concat of CUDA tensors returns CUDA tensors with the CPU values"""
    _concat_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- outer_sum
def _outer_sum_on(student, rng, device):
    """The device case: float64 a (5,) and b (3,) on ``device`` give the (5, 3) table on ``device``."""
    a = torch.randn(5, generator=rng, dtype=torch.float64).to(device)
    b = torch.randn(3, generator=rng, dtype=torch.float64).to(device)
    check_tensor(student.outer_sum(a, b), a[:, None] + b[None, :], f"outer_sum(a (5,), b (3,) float64 on {device})")


def test_outer_sum_float32_non_square(student, rng):
    """outer_sum of float32 a (4,) and b (2,) is (4, 2) with out[i, j] = a[i] + b[j]"""
    a = torch.randn(4, generator=rng, dtype=torch.float32)
    b = torch.randn(2, generator=rng, dtype=torch.float32)
    check_tensor(student.outer_sum(a, b), a[:, None] + b[None, :], "outer_sum(a (4,), b (2,))")
    _outer_sum_on(student, rng, "cpu")


def test_outer_sum_float64_one_row(student, rng):
    """outer_sum of float64 a (1,) and b (5,) is a (1, 5) row"""
    a = torch.randn(1, generator=rng, dtype=torch.float64)
    b = torch.randn(5, generator=rng, dtype=torch.float64)
    check_tensor(student.outer_sum(a, b), a[:, None] + b[None, :], "outer_sum(a (1,), b (5,))")


def test_outer_sum_inputs_unchanged(student, rng):
    """outer_sum does not modify a or b"""
    a = torch.randn(3, generator=rng, dtype=torch.float64)
    b = torch.randn(6, generator=rng, dtype=torch.float64)
    seen = student.observe("outer_sum", a, b)
    check_tensor(seen.args_after[0], a, "a after outer_sum(a, b)")
    check_tensor(seen.args_after[1], b, "b after outer_sum(a, b)")
    check_tensor(seen.value, a[:, None] + b[None, :], "outer_sum(a (3,), b (6,))")


def test_outer_sum_meta_device(student):
    """outer_sum of meta-device a (3,) and b (7,) gives a (3, 7) result on meta"""
    a = torch.empty(3, dtype=torch.float32, device="meta")
    b = torch.empty(7, dtype=torch.float32, device="meta")
    check_tensor(student.outer_sum(a, b), torch.empty(3, 7, dtype=torch.float32, device="meta"),
                 "outer_sum(a (3,), b (7,) on device 'meta')")


@pytest.mark.cuda
def test_outer_sum_cuda(student, rng):
    """outer_sum of CUDA vectors is a CUDA table with the CPU values"""
    _outer_sum_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- broadcast_shape
def _check_shapes(student, cases):
    for shape_a, shape_b, want in cases:
        check_equal(student.broadcast_shape(shape_a, shape_b), want, f"broadcast_shape({shape_a}, {shape_b})")


@pytest.mark.points(2)
def test_broadcast_shape_3d(student):
    """broadcast_shape aligns on the right: (3,1,2)+(1,4,1)->(3,4,2), (2,3,4)+(3,1)->(2,3,4)"""
    _check_shapes(student, [
        ((3, 1, 2), (1, 4, 1), (3, 4, 2)),
        ((2, 3, 4), (3, 1), (2, 3, 4)),
        ((3, 1), (2, 3, 4), (2, 3, 4)),
        ((5, 1, 4), (6, 1), (5, 6, 4)),
        ((2, 1, 1, 3), (4, 1), (2, 1, 4, 3)),
    ])


def test_broadcast_shape_equal_and_ones(student):
    """broadcast_shape of equal shapes is that shape; 1s stretch on either side"""
    _check_shapes(student, [
        ((4, 5), (4, 5), (4, 5)),
        ((1,), (6,), (6,)),
        ((6,), (1,), (6,)),
        ((1, 1), (1, 1), (1, 1)),
        ((7, 1), (1, 2), (7, 2)),
    ])


def test_broadcast_shape_scalars(student):
    """broadcast_shape with () (a 0-d tensor's shape) returns the other shape"""
    _check_shapes(student, [
        ((), (), ()),
        ((), (2, 3), (2, 3)),
        ((5,), (), (5,)),
    ])


def test_broadcast_shape_zero_size(student):
    """broadcast_shape: a size 1 stretches to 0 (not the other way)"""
    _check_shapes(student, [
        ((0,), (1,), (0,)),
        ((1,), (0,), (0,)),
        ((4, 1), (1, 0), (4, 0)),
        ((2, 0, 3), (1, 1), (2, 0, 3)),
        ((0, 3), (3,), (0, 3)),
    ])


@pytest.mark.points(2)
def test_broadcast_shape_incompatible_cases(student):
    """broadcast_shape raises ValueError for sizes that are neither equal nor 1"""
    for shape_a, shape_b in (((2,), (3,)), ((2, 3), (3, 2)), ((4, 3, 2), (3, 3)), ((0,), (2,)), ((3, 2), (4, 1, 3))):
        check_raises(ValueError, student.broadcast_shape, shape_a, shape_b,
                     what=f"broadcast_shape({shape_a}, {shape_b})")


# ----------------------------------------------------------------------------- last_and_middle
def _last_and_middle_on(student, rng, device):
    """The device case: a float64 (4, 3) tensor on ``device``; both slices on ``device``."""
    X = torch.randn(4, 3, generator=rng, dtype=torch.float64).to(device)
    what = f"last_and_middle(X (4, 3) float64 on {device})"
    out = student.last_and_middle(X)
    _check_tuple(out, 2, what)
    check_tensor(out[0], X[-1], f"{what}[0] (X[-1])")
    check_tensor(out[1], X[1:3], f"{what}[1] (X[1:3])")


def test_last_and_middle_2d_float64(student, rng):
    """last_and_middle of a float64 (5, 2) tensor is (X[-1], X[1:3])"""
    X = torch.randn(5, 2, generator=rng, dtype=torch.float64)
    out = student.last_and_middle(X)
    _check_tuple(out, 2, "last_and_middle(X (5, 2))")
    check_tensor(out[0], X[-1], "last_and_middle(X (5, 2))[0] (X[-1])")
    check_tensor(out[1], X[1:3], "last_and_middle(X (5, 2))[1] (X[1:3])")
    _last_and_middle_on(student, rng, "cpu")


def test_last_and_middle_3d(student, rng):
    """last_and_middle of a float32 (4, 2, 3) tensor slices the first axis"""
    X = torch.randn(4, 2, 3, generator=rng, dtype=torch.float32)
    seen = student.observe("last_and_middle", X)
    check_tensor(seen.args_after[0], X, "X after last_and_middle(X)")
    out = seen.value
    _check_tuple(out, 2, "last_and_middle(X (4, 2, 3))")
    check_tensor(out[0], X[-1], "last_and_middle(X (4, 2, 3))[0] (X[-1])")
    check_tensor(out[1], X[1:3], "last_and_middle(X (4, 2, 3))[1] (X[1:3])")


@pytest.mark.cuda
def test_last_and_middle_cuda(student, rng):
    """last_and_middle of a CUDA tensor returns CUDA slices with the CPU values"""
    _last_and_middle_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- fill_rows
def _fill_rows_on(student, rng, device):
    """The device case: fill_rows(X, 1, 4, 2.5) on a float32 (5, 2) tensor on ``device``, in place."""
    X = torch.randn(5, 2, generator=rng, dtype=torch.float32).to(device)
    what = f"fill_rows(X, 1, 4, 2.5) with X (5, 2) float32 on {device}"
    seen = student.observe("fill_rows", X, 1, 4, 2.5)
    expected = X.clone()
    expected[1:4] = 2.5
    check(seen.returned_arg == 0, f"{what} must return the same tensor object X, not a copy")
    check(seen.storage_kept[0], f"{what} must write into X's own memory on {device}")
    check_tensor(seen.args_after[0], expected, f"X after {what}")


@pytest.mark.points(2)
def test_fill_rows_float64_middle(student, rng):
    """fill_rows(X, 2, 4, -1.5) on a float64 (6, 3) tensor writes rows 2, 3 in place"""
    X = torch.randn(6, 3, generator=rng, dtype=torch.float64)
    seen = student.observe("fill_rows", X, 2, 4, -1.5)
    expected = X.clone()
    expected[2:4] = -1.5
    check(seen.returned_arg == 0, "fill_rows(X, 2, 4, -1.5) must return the same tensor object X, not a copy")
    check(seen.storage_kept[0], "fill_rows(X, 2, 4, -1.5) must write into X's own memory")
    check_tensor(seen.args_after[0], expected, "X after fill_rows(X, 2, 4, -1.5)")


def test_fill_rows_float32_last_row(student, rng):
    """fill_rows(X, 3, 4, 0.25) on a float32 (4, 2, 2) tensor fills only the last row"""
    X = torch.randn(4, 2, 2, generator=rng, dtype=torch.float32)
    seen = student.observe("fill_rows", X, 3, 4, 0.25)
    expected = X.clone()
    expected[3:4] = 0.25
    check(seen.returned_arg == 0, "fill_rows(X, 3, 4, 0.25) must return the same tensor object X, not a copy")
    check(seen.storage_kept[0], "fill_rows(X, 3, 4, 0.25) must write into X's own memory")
    check_tensor(seen.args_after[0], expected, "X after fill_rows(X, 3, 4, 0.25)")
    _fill_rows_on(student, rng, "cpu")


def test_fill_rows_empty_range(student, rng):
    """fill_rows(X, 1, 1, 9.0) changes nothing and returns X itself"""
    X = torch.randn(3, 4, generator=rng, dtype=torch.float32)
    seen = student.observe("fill_rows", X, 1, 1, 9.0)
    check(seen.returned_arg == 0, "fill_rows(X, 1, 1, 9.0) must return the same tensor object X")
    check(seen.storage_kept[0], "fill_rows(X, 1, 1, 9.0) must keep X's memory (write in place, no new tensor)")
    check_tensor(seen.args_after[0], X, "X after fill_rows(X, 1, 1, 9.0)")


@pytest.mark.cuda
def test_fill_rows_cuda(student, rng):
    """fill_rows on a CUDA tensor writes the rows in place in its CUDA memory and returns it"""
    _fill_rows_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- add_inplace
def _check_add_inplace(student, X, Y, what):
    seen = student.observe("add_inplace", X, Y)
    check(seen.returned_arg == 0, f"{what} must return X itself (X += Y), not a new tensor (X = X + Y)")
    check(seen.storage_kept[0], f"{what} must keep X's memory (no new allocation)")
    check_tensor(seen.args_after[0], X + Y, f"X after {what}")
    check_tensor(seen.args_after[1], Y, f"Y after {what}")


def _add_inplace_on(student, rng, device):
    """The device case: float64 X (3, 4) and Y (4,) on ``device``, added into X's memory."""
    X = torch.randn(3, 4, generator=rng, dtype=torch.float64).to(device)
    Y = torch.randn(4, generator=rng, dtype=torch.float64).to(device)
    _check_add_inplace(student, X, Y, f"add_inplace(X (3, 4), Y (4,) float64 on {device})")


@pytest.mark.points(2)
def test_add_inplace_broadcast_row(student, rng):
    """add_inplace of a float64 (4, 3) X and a (1, 3) Y broadcasts Y, in place"""
    X = torch.randn(4, 3, generator=rng, dtype=torch.float64)
    Y = torch.randn(1, 3, generator=rng, dtype=torch.float64)
    _check_add_inplace(student, X, Y, "add_inplace(X (4, 3), Y (1, 3))")


def test_add_inplace_broadcast_vector(student, rng):
    """add_inplace of a float32 (2, 5) X and a (5,) Y broadcasts Y, in place"""
    X = torch.randn(2, 5, generator=rng, dtype=torch.float32)
    Y = torch.randn(5, generator=rng, dtype=torch.float32)
    _check_add_inplace(student, X, Y, "add_inplace(X (2, 5), Y (5,))")
    _add_inplace_on(student, rng, "cpu")


def test_add_inplace_same_shape_3d(student, rng):
    """add_inplace of two float32 (2, 3, 2) tensors, in place"""
    X = torch.randn(2, 3, 2, generator=rng, dtype=torch.float32)
    Y = torch.randn(2, 3, 2, generator=rng, dtype=torch.float32)
    _check_add_inplace(student, X, Y, "add_inplace(X (2, 3, 2), Y (2, 3, 2))")


@pytest.mark.cuda
def test_add_inplace_cuda(student, rng):
    """add_inplace of CUDA tensors adds into X's own CUDA memory and returns X"""
    _add_inplace_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- numpy bridge
@pytest.mark.points(2)
def test_to_numpy_shared_float64(student, rng):
    """to_numpy_shared of a float64 (4, 3) tensor: same values, float64, shared memory"""
    t = torch.randn(4, 3, generator=rng, dtype=torch.float64)
    check_array(student.to_numpy_shared(t), t.numpy().copy(), "to_numpy_shared(t (4, 3) float64)")
    facts = student.probe("change_visible", student.to_numpy_shared, t)
    check(facts["input_to_output"], "to_numpy_shared(t): a write into t must show in the array (np.array(t) copies)")
    check(facts["output_to_input"], "to_numpy_shared(t): a write into the array must show in t")


@pytest.mark.points(2)
def test_from_numpy_shared_float32(student, rng):
    """from_numpy_shared of a float32 (2, 4) array: same values, float32, shared memory"""
    a = torch.randn(2, 4, generator=rng, dtype=torch.float32).numpy()
    check_tensor(student.from_numpy_shared(a), torch.from_numpy(a.copy()), "from_numpy_shared(a (2, 4) float32)")
    facts = student.probe("change_visible", student.from_numpy_shared, a)
    check(facts["input_to_output"],
          "from_numpy_shared(a): a write into a must show in the tensor (torch.tensor(a) copies)")
    check(facts["output_to_input"], "from_numpy_shared(a): a write into the tensor must show in a")


def test_from_numpy_shared_int64_3d(student):
    """from_numpy_shared of an int64 (2, 2, 3) array keeps int64 and shares memory"""
    a = np.arange(12, dtype=np.int64).reshape(2, 2, 3)
    check_tensor(student.from_numpy_shared(a), torch.from_numpy(a.copy()), "from_numpy_shared(a (2, 2, 3) int64)")
    facts = student.probe("change_visible", student.from_numpy_shared, a)
    check_shared(facts, "from_numpy_shared(a (2, 2, 3) int64)")


# ----------------------------------------------------------------------------- to_scalar
def _to_scalar_on(student, rng, device):
    """The device case: one-element float32/float64 tensors on ``device`` give Python floats;
    three elements on ``device`` raise ValueError."""
    for dtype, shape in ((torch.float32, ()), (torch.float64, (1, 1))):
        t = torch.randn(shape, generator=rng, dtype=dtype)
        check_float(student.to_scalar(t.to(device)), t.item(),
                    f"to_scalar(tensor of shape {shape}, {dtype} on {device})")
    check_raises(ValueError, student.to_scalar, torch.ones(3, device=device),
                 what=f"to_scalar(tensor of shape (3,) on {device})")


def test_to_scalar_one_element_shapes(student, rng):
    """to_scalar of float32/float64 tensors of shape (), (1,), (1, 1) is a Python float"""
    for dtype in (torch.float32, torch.float64):
        for shape in ((), (1,), (1, 1)):
            t = torch.randn(shape, generator=rng, dtype=dtype)
            check_float(student.to_scalar(t), t.item(), f"to_scalar(tensor of shape {shape}, {dtype})")
    _to_scalar_on(student, rng, "cpu")


def test_to_scalar_integer_tensor_gives_a_float(student):
    """to_scalar of an int64 tensor is still a Python float (.item() alone gives an int)"""
    value = student.to_scalar(torch.tensor([7]))
    check(type(value) is float, f"to_scalar(tensor([7]), an int64 tensor): expected the Python float 7.0, "
                                f"got {value!r} ({type(value).__name__})")
    check_float(value, 7.0, "to_scalar(tensor([7]))")


@pytest.mark.points(2)
def test_to_scalar_more_than_one_element(student, rng):
    """to_scalar raises ValueError for tensors of shape (2,), (2, 2) and (1, 3)"""
    for shape in ((2,), (2, 2), (1, 3)):
        t = torch.randn(shape, generator=rng, dtype=torch.float64)
        check_raises(ValueError, student.to_scalar, t, what=f"to_scalar(tensor of shape {shape})")


@pytest.mark.cuda
def test_to_scalar_cuda(student, rng):
    """to_scalar of one-element CUDA tensors is a Python float; more elements raise ValueError"""
    _to_scalar_on(student, rng, "cuda")
