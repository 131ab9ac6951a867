"""Hidden tests for lesson 03_linear_algebra (linalg.py): other shapes (non-square above
all), float32 and float64, other values than the public tests, and the common mistakes of
d2l 2.3 (reshape for transpose, swapped axes, a lost keepdim, integer means, products with
the wrong sum axis, norms without abs or sqrt, results on the wrong device, inputs changed
in place).  The forbidden library calls are rules, checked by the public tests."""
import pytest
import torch

from grader.checks import check, check_equal, check_raises, check_tensor, check_type

from ..helpers import check_float_means

# Sums and products add terms in an order the student chooses (loops or vectorised).
SUM = {"rtol": 1e-5, "atol": 1e-5}

def _positive(shape, dtype, rng):
    """Values in [0.5, 2.5): safe row sums to divide by."""
    return torch.rand(shape, generator=rng, dtype=dtype) * 2 + 0.5


def _randn(shape, dtype, rng):
    return torch.randn(shape, generator=rng, dtype=dtype)


def _meta(*shape, dtype=torch.float32):
    return torch.empty(shape, dtype=dtype, device="meta")


def _check_unchanged(seen, originals, names, what):
    for i, (original, name) in enumerate(zip(originals, names)):
        check_tensor(seen.args_after[i], original, f"{name} after {what} (the input must not be modified)")


# ----------------------------------------------------------------------------- transpose
def test_transpose_non_square_float64(student, rng):
    """transpose of a float64 (3, 5) matrix is its (5, 3) transpose"""
    A = _randn((3, 5), torch.float64, rng)
    check_tensor(student.transpose(A), A.T.contiguous(), "transpose(A (3, 5) float64)")
    _transpose_on(student, rng, "cpu")


@pytest.mark.points(2)
def test_transpose_square_not_symmetric(student, rng):
    """transpose of non-symmetric float32 (3, 3) and (4, 4) matrices swaps rows and columns"""
    for n in (3, 4):
        A = _randn((n, n), torch.float32, rng)
        check_tensor(student.transpose(A), A.T.contiguous(), f"transpose(A ({n}, {n}) float32, not symmetric)")


def test_transpose_tall_and_row(student, rng):
    """transpose of a float32 (6, 2) matrix and of a (1, 4) row"""
    for shape in ((6, 2), (1, 4)):
        A = _randn(shape, torch.float32, rng)
        check_tensor(student.transpose(A), A.T.contiguous(), f"transpose(A {shape} float32)")


def test_transpose_inputs_unchanged(student, rng):
    """transpose does not modify A"""
    A = _randn((2, 3), torch.float64, rng)
    seen = student.observe("transpose", A)
    _check_unchanged(seen, [A], ["A"], "transpose(A)")
    check_tensor(seen.value, A.T.contiguous(), "transpose(A (2, 3))")


def test_transpose_meta_device(student):
    """transpose of a (2, 7) float64 meta tensor is (7, 2) on meta"""
    check_tensor(student.transpose(_meta(2, 7, dtype=torch.float64)), _meta(7, 2, dtype=torch.float64),
                 "transpose(A (2, 7) on device 'meta')")


def _transpose_on(student, rng, device):
    """The device case: a float32 (3, 4) matrix on ``device`` gives its (4, 3) transpose on ``device``."""
    A = _randn((3, 4), torch.float32, rng).to(device)
    check_tensor(student.transpose(A), A.T.contiguous(), f"transpose(A (3, 4) on {device})")


@pytest.mark.cuda
def test_transpose_cuda(student, rng):
    """transpose of a CUDA (3, 4) matrix is a CUDA (4, 3) matrix"""
    _transpose_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- is_symmetric
@pytest.mark.points(2)
def test_is_symmetric_exact(student, rng):
    """is_symmetric(M + M.T) is True with the default tol=0.0, float32 and float64"""
    for dtype, n in ((torch.float32, 4), (torch.float64, 5), (torch.float64, 1)):
        M = _randn((n, n), dtype, rng)
        S = M + M.T
        check_equal(student.is_symmetric(S), True, f"is_symmetric(M + M.T, ({n}, {n}) {dtype})")


def test_is_symmetric_not_symmetric(student, rng):
    """is_symmetric of random square matrices and of one off-diagonal pair changed is False"""
    M = _randn((4, 4), torch.float64, rng)
    check_equal(student.is_symmetric(M), False, "is_symmetric(random (4, 4) float64 matrix)")
    S = torch.tensor([[1, 2, 3], [2, 0, 4], [3, 5, 5]])
    check_equal(student.is_symmetric(S), False, "is_symmetric(tensor([[1, 2, 3], [2, 0, 4], [3, 5, 5]]))")
    _is_symmetric_on(student, rng, "cpu")


@pytest.mark.points(2)
def test_is_symmetric_non_square(student):
    """is_symmetric of non-square matrices is False (also when their square corner is symmetric)"""
    cases = {
        "[[1., 2., 9.], [2., 1., 9.]] (2, 3)": torch.tensor([[1.0, 2.0, 9.0], [2.0, 1.0, 9.0]]),
        "[[1., 2.], [2., 1.], [9., 9.]] (3, 2)": torch.tensor([[1.0, 2.0], [2.0, 1.0], [9.0, 9.0]]),
        "ones(1, 4)": torch.ones(1, 4, dtype=torch.float64),
        "ones(4, 1)": torch.ones(4, 1, dtype=torch.float64),
    }
    for name, A in cases.items():
        check_equal(student.is_symmetric(A), False, f"is_symmetric({name})")
        check_equal(student.is_symmetric(A, tol=100.0), False, f"is_symmetric({name}, tol=100.0)")


@pytest.mark.points(2)
def test_is_symmetric_tol(student, rng):
    """is_symmetric with entries 1e-3 apart: True for tol=1e-2, False for tol=1e-4 and tol=0"""
    for dtype in (torch.float32, torch.float64):
        M = torch.rand(4, 4, generator=rng, dtype=dtype) * 0.5 + 0.5     # in [0.5, 1): M + M.T in [1, 2)
        S = M + M.T
        S[0, 2] += 1e-3
        label = f"is_symmetric(S, a (4, 4) {dtype} matrix with S[0, 2] - S[2, 0] = 1e-3"
        check_equal(student.is_symmetric(S, tol=1e-2), True, f"{label}, tol=1e-2)")
        check_equal(student.is_symmetric(S, 1e-2), True, f"{label}, 1e-2 passed by position)")
        check_equal(student.is_symmetric(S, tol=1e-4), False, f"{label}, tol=1e-4)")
        check_equal(student.is_symmetric(S), False, f"{label}, default tol=0.0)")


def test_is_symmetric_tiny_noise_tol0(student, rng):
    """is_symmetric with tol=0.0 is False for a float64 matrix off by 1e-7 in one pair"""
    M = torch.rand(3, 3, generator=rng, dtype=torch.float64) + 1.0
    S = M + M.T
    S[1, 0] += 1e-7
    check_equal(student.is_symmetric(S), False,
                "is_symmetric(S) with S[1, 0] - S[0, 1] = 1e-7 and the default tol=0.0 (exact equality)")
    check_equal(student.is_symmetric(S, tol=1e-6), True, "is_symmetric(S, tol=1e-6) with S[1, 0] - S[0, 1] = 1e-7")


def test_is_symmetric_inputs_unchanged(student, rng):
    """is_symmetric does not modify A"""
    M = _randn((3, 3), torch.float32, rng)
    S = M + M.T
    seen = student.observe("is_symmetric", S, 0.5)
    _check_unchanged(seen, [S], ["A"], "is_symmetric(A, 0.5)")
    check_equal(seen.value, True, "is_symmetric(M + M.T, 0.5)")


def _is_symmetric_on(student, rng, device):
    """The device case: float32 matrices on ``device`` give Python bools."""
    M = _randn((4, 4), torch.float32, rng).to(device)
    check_equal(student.is_symmetric(M + M.T), True, f"is_symmetric(M + M.T on {device})")
    check_equal(student.is_symmetric(M + 2 * M.T), False, f"is_symmetric(M + 2 M.T on {device})")
    check_equal(student.is_symmetric(M[:3]), False, f"is_symmetric(a (3, 4) matrix on {device})")


@pytest.mark.cuda
def test_is_symmetric_cuda(student, rng):
    """is_symmetric of CUDA matrices returns Python bools"""
    _is_symmetric_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- hadamard
def test_hadamard_float64_non_square(student, rng):
    """hadamard of two float64 (3, 5) matrices is their elementwise product"""
    A, B = _randn((3, 5), torch.float64, rng), _randn((3, 5), torch.float64, rng)
    check_tensor(student.hadamard(A, B), A * B, "hadamard(A (3, 5), B (3, 5)) float64")


def test_hadamard_float32(student, rng):
    """hadamard of two float32 (4, 2) matrices is their elementwise product"""
    A, B = _randn((4, 2), torch.float32, rng), _randn((4, 2), torch.float32, rng)
    check_tensor(student.hadamard(A, B), A * B, "hadamard(A (4, 2), B (4, 2)) float32")
    _hadamard_on(student, rng, "cpu")


@pytest.mark.points(2)
def test_hadamard_broadcastable_shapes_raise(student):
    """hadamard raises ValueError for shapes that differ, also where broadcasting would work"""
    for shape_a, shape_b in (((3, 1), (3, 4)), ((1, 4), (3, 4)), ((2, 2), (1, 1)), ((1, 4), (4,)), ((2, 3), (3, 2))):
        A, B = torch.ones(shape_a), torch.ones(shape_b)
        check_raises(ValueError, student.hadamard, A, B, what=f"hadamard(A {shape_a}, B {shape_b})")


def test_hadamard_inputs_unchanged(student, rng):
    """hadamard does not modify A or B"""
    A, B = _randn((2, 3), torch.float32, rng), _randn((2, 3), torch.float32, rng)
    seen = student.observe("hadamard", A, B)
    _check_unchanged(seen, [A, B], ["A", "B"], "hadamard(A, B)")
    check_tensor(seen.value, A * B, "hadamard(A (2, 3), B (2, 3))")


def test_hadamard_meta_device(student):
    """hadamard of two (3, 2) meta tensors is (3, 2) on meta"""
    check_tensor(student.hadamard(_meta(3, 2), _meta(3, 2)), _meta(3, 2),
                 "hadamard(A (3, 2), B (3, 2) on device 'meta')")


def _hadamard_on(student, rng, device):
    """The device case: float64 (2, 5) matrices on ``device`` give their product on ``device``."""
    A, B = _randn((2, 5), torch.float64, rng).to(device), _randn((2, 5), torch.float64, rng).to(device)
    check_tensor(student.hadamard(A, B), A * B, f"hadamard(A (2, 5), B (2, 5) on {device})")


@pytest.mark.cuda
def test_hadamard_cuda(student, rng):
    """hadamard of CUDA matrices is a CUDA matrix"""
    _hadamard_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- reduce_sums
def _check_reduce_sums(out, A, what):
    check_type(out, tuple, what)
    check(len(out) == 3, f"{what}: expected a tuple of 3 tensors, got {len(out)} items")
    check_tensor(out[0], A.sum(), f"{what}[0] (sum of all elements)", **SUM)
    check_tensor(out[1], A.sum(axis=0), f"{what}[1] (sum over axis 0, one value per column)", **SUM)
    check_tensor(out[2], A.sum(axis=1), f"{what}[2] (sum over axis 1, one value per row)", **SUM)


@pytest.mark.points(2)
def test_reduce_sums_non_square_float64(student, rng):
    """reduce_sums of a float64 (3, 5) matrix: shapes (), (5,), (3,)"""
    A = _randn((3, 5), torch.float64, rng)
    _check_reduce_sums(student.reduce_sums(A), A, "reduce_sums(A (3, 5) float64)")


def test_reduce_sums_tall_float32(student, rng):
    """reduce_sums of a float32 (6, 2) matrix: shapes (), (2,), (6,)"""
    A = _randn((6, 2), torch.float32, rng)
    _check_reduce_sums(student.reduce_sums(A), A, "reduce_sums(A (6, 2) float32)")
    _reduce_sums_on(student, rng, "cpu")


def test_reduce_sums_square(student, rng):
    """reduce_sums of a float32 (4, 4) matrix: axis 0 sums the columns, axis 1 the rows"""
    A = _randn((4, 4), torch.float32, rng)
    _check_reduce_sums(student.reduce_sums(A), A, "reduce_sums(A (4, 4) float32)")


def test_reduce_sums_inputs_unchanged(student, rng):
    """reduce_sums does not modify A"""
    A = _randn((2, 3), torch.float64, rng)
    seen = student.observe("reduce_sums", A)
    _check_unchanged(seen, [A], ["A"], "reduce_sums(A)")
    _check_reduce_sums(seen.value, A, "reduce_sums(A (2, 3))")


def test_reduce_sums_meta_device(student):
    """reduce_sums of a (2, 5) meta tensor gives meta tensors of shapes (), (5,), (2,)"""
    out = student.reduce_sums(_meta(2, 5))
    what = "reduce_sums(A (2, 5) on device 'meta')"
    check_type(out, tuple, what)
    check(len(out) == 3, f"{what}: expected a tuple of 3 tensors, got {len(out)} items")
    for i, shape in enumerate(((), (5,), (2,))):
        check_tensor(out[i], _meta(*shape), f"{what}[{i}]")


def _reduce_sums_on(student, rng, device):
    """The device case: a float32 (3, 4) matrix on ``device`` gives three sums on ``device``."""
    A = _randn((3, 4), torch.float32, rng).to(device)
    _check_reduce_sums(student.reduce_sums(A), A, f"reduce_sums(A (3, 4) on {device})")


@pytest.mark.cuda
def test_reduce_sums_cuda(student, rng):
    """reduce_sums of a CUDA (3, 4) matrix gives CUDA tensors"""
    _reduce_sums_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- row_normalize
@pytest.mark.points(2)
def test_row_normalize_non_square(student, rng):
    """row_normalize of a float64 (3, 5) matrix divides each row by its own sum"""
    A = _positive((3, 5), torch.float64, rng)
    check_tensor(student.row_normalize(A), A / A.sum(axis=1, keepdim=True), "row_normalize(A (3, 5) float64)", **SUM)


@pytest.mark.points(2)
def test_row_normalize_square(student):
    """row_normalize of the float32 (4, 4) arange(16) + 1: every row sums to 1 (not column j / row-sum j)"""
    A = torch.arange(16, dtype=torch.float32).reshape(4, 4) + 1
    check_tensor(student.row_normalize(A), A / A.sum(axis=1, keepdim=True),
                 "row_normalize(arange(16).reshape(4, 4) + 1)", **SUM)


def test_row_normalize_tall_float32(student, rng):
    """row_normalize of a float32 (5, 2) matrix"""
    A = _positive((5, 2), torch.float32, rng)
    check_tensor(student.row_normalize(A), A / A.sum(axis=1, keepdim=True), "row_normalize(A (5, 2) float32)", **SUM)
    _row_normalize_on(student, rng, "cpu")


def test_row_normalize_inputs_unchanged(student, rng):
    """row_normalize does not modify A (no A /= ...)"""
    A = _positive((3, 4), torch.float32, rng)
    seen = student.observe("row_normalize", A)
    _check_unchanged(seen, [A], ["A"], "row_normalize(A)")
    check_tensor(seen.value, A / A.sum(axis=1, keepdim=True), "row_normalize(A (3, 4))", **SUM)


def test_row_normalize_meta_device(student):
    """row_normalize of a (3, 6) float64 meta tensor is (3, 6) float64 on meta"""
    check_tensor(student.row_normalize(_meta(3, 6, dtype=torch.float64)), _meta(3, 6, dtype=torch.float64),
                 "row_normalize(A (3, 6) on device 'meta')")


def _row_normalize_on(student, rng, device):
    """The device case: a float32 (2, 5) matrix on ``device`` gives its normalised rows on ``device``."""
    A = _positive((2, 5), torch.float32, rng).to(device)
    check_tensor(student.row_normalize(A), A / A.sum(axis=1, keepdim=True), f"row_normalize(A (2, 5) on {device})",
                 **SUM)


@pytest.mark.cuda
def test_row_normalize_cuda(student, rng):
    """row_normalize of a CUDA (2, 5) matrix is a CUDA matrix"""
    _row_normalize_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- column_means


def test_column_means_float64(student, rng):
    """column_means of a float64 (4, 3) matrix is A.mean(axis=0), float64"""
    A = _randn((4, 3), torch.float64, rng)
    check_tensor(student.column_means(A), A.mean(axis=0), "column_means(A (4, 3) float64)", **SUM)
    _column_means_on(student, rng, "cpu")


def test_column_means_float32(student, rng):
    """column_means of a float32 (2, 6) matrix is A.mean(axis=0), float32"""
    A = _randn((2, 6), torch.float32, rng)
    check_tensor(student.column_means(A), A.mean(axis=0), "column_means(A (2, 6) float32)", **SUM)


@pytest.mark.points(2)
def test_column_means_int64(student):
    """column_means of an int64 matrix is a floating tensor with the exact (fractional) means"""
    A = torch.tensor([[1, 2, 7, -3], [2, 2, 0, -4], [4, 5, 1, -4]])
    check_float_means(student.column_means(A), A,
                       "column_means(tensor([[1, 2, 7, -3], [2, 2, 0, -4], [4, 5, 1, -4]]))")


def test_column_means_int32(student):
    """column_means of an int32 (2, 3) matrix is a floating tensor: [[1, 4, 6], [2, 7, 3]] gives [1.5, 5.5, 4.5]"""
    A = torch.tensor([[1, 4, 6], [2, 7, 3]], dtype=torch.int32)
    check_float_means(student.column_means(A), A, "column_means(tensor([[1, 4, 6], [2, 7, 3]], dtype=int32))")


def test_column_means_inputs_unchanged(student, rng):
    """column_means does not modify A"""
    A = _randn((3, 2), torch.float32, rng)
    seen = student.observe("column_means", A)
    _check_unchanged(seen, [A], ["A"], "column_means(A)")
    check_tensor(seen.value, A.mean(axis=0), "column_means(A (3, 2))", **SUM)


def test_column_means_meta_device(student):
    """column_means of a (5, 2) float64 meta tensor is (2,) float64 on meta"""
    check_tensor(student.column_means(_meta(5, 2, dtype=torch.float64)), _meta(2, dtype=torch.float64),
                 "column_means(A (5, 2) float64 on device 'meta')")


def _column_means_on(student, rng, device):
    """The device case: float32 and int64 matrices on ``device`` give their means on ``device``."""
    A = _randn((4, 3), torch.float32, rng).to(device)
    check_tensor(student.column_means(A), A.mean(axis=0), f"column_means(A (4, 3) float32 on {device})", **SUM)
    B = torch.tensor([[1, 2], [4, 4], [0, 5]], device=device)
    check_float_means(student.column_means(B), B, f"column_means(int64 (3, 2) matrix on {device})")


@pytest.mark.cuda
def test_column_means_cuda(student, rng):
    """column_means of CUDA float32 and int64 matrices is on CUDA"""
    _column_means_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- cumulative_sum
@pytest.mark.points(2)
def test_cumulative_sum_both_axes(student, rng):
    """cumulative_sum of a float64 (3, 5) matrix along axis 0 and along axis 1"""
    A = _randn((3, 5), torch.float64, rng)
    check_tensor(student.cumulative_sum(A, 0), A.cumsum(axis=0), "cumulative_sum(A (3, 5) float64, 0)", **SUM)
    check_tensor(student.cumulative_sum(A, 1), A.cumsum(axis=1), "cumulative_sum(A (3, 5) float64, 1)", **SUM)


def test_cumulative_sum_axis1_float32(student, rng):
    """cumulative_sum(A, axis=1) of a float32 (4, 2) matrix sums along each row"""
    A = _randn((4, 2), torch.float32, rng)
    check_tensor(student.cumulative_sum(A, axis=1), A.cumsum(axis=1), "cumulative_sum(A (4, 2) float32, axis=1)", **SUM)
    _cumulative_sum_on(student, rng, "cpu")


def test_cumulative_sum_axis0_square(student, rng):
    """cumulative_sum(A, axis=0) of a float32 (4, 4) matrix sums down the rows"""
    A = _randn((4, 4), torch.float32, rng)
    check_tensor(student.cumulative_sum(A, axis=0), A.cumsum(axis=0), "cumulative_sum(A (4, 4) float32, axis=0)", **SUM)


def test_cumulative_sum_inputs_unchanged(student, rng):
    """cumulative_sum does not modify A"""
    for axis in (0, 1):
        A = _randn((3, 3), torch.float64, rng)
        seen = student.observe("cumulative_sum", A, axis)
        _check_unchanged(seen, [A], ["A"], f"cumulative_sum(A, {axis})")
        check_tensor(seen.value, A.cumsum(axis=axis), f"cumulative_sum(A (3, 3), {axis})", **SUM)


def test_cumulative_sum_meta_device(student):
    """cumulative_sum of a (2, 3) meta tensor is (2, 3) on meta"""
    for axis in (0, 1):
        check_tensor(student.cumulative_sum(_meta(2, 3), axis), _meta(2, 3),
                     f"cumulative_sum(A (2, 3) on device 'meta', {axis})")


def _cumulative_sum_on(student, rng, device):
    """The device case: a float64 (3, 4) matrix on ``device``, both axes, results on ``device``."""
    A = _randn((3, 4), torch.float64, rng).to(device)
    for axis in (0, 1):
        check_tensor(student.cumulative_sum(A, axis), A.cumsum(axis=axis),
                     f"cumulative_sum(A (3, 4) on {device}, {axis})", **SUM)


@pytest.mark.cuda
def test_cumulative_sum_cuda(student, rng):
    """cumulative_sum of a CUDA (3, 4) matrix is a CUDA matrix"""
    _cumulative_sum_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- dot
@pytest.mark.points(2)
def test_dot_float64(student, rng):
    """dot of two float64 vectors of length 7 is a float64 0-d tensor"""
    x, y = _randn(7, torch.float64, rng), _randn(7, torch.float64, rng)
    check_tensor(student.dot(x, y), (x * y).sum(), "dot(x (7,), y (7,)) float64", **SUM)


def test_dot_float32(student, rng):
    """dot of two float32 vectors of length 3 is a float32 0-d tensor"""
    x, y = _randn(3, torch.float32, rng), _randn(3, torch.float32, rng)
    check_tensor(student.dot(x, y), (x * y).sum(), "dot(x (3,), y (3,)) float32", **SUM)
    _dot_on(student, rng, "cpu")


def test_dot_length_one(student):
    """dot of two vectors of length 1 is a 0-d tensor (shape (), not (1,))"""
    x, y = torch.tensor([2.5]), torch.tensor([-4.0])
    check_tensor(student.dot(x, y), torch.tensor(-10.0), "dot(tensor([2.5]), tensor([-4.]))")


@pytest.mark.points(2)
def test_dot_length_mismatch(student):
    """dot raises ValueError for vectors of different lengths, also where one has length 1"""
    for n, m in ((3, 4), (1, 3), (3, 1), (5, 2)):
        check_raises(ValueError, student.dot, torch.ones(n), torch.ones(m), what=f"dot(x ({n},), y ({m},))")


def test_dot_inputs_unchanged(student, rng):
    """dot does not modify x or y"""
    x, y = _randn(5, torch.float32, rng), _randn(5, torch.float32, rng)
    seen = student.observe("dot", x, y)
    _check_unchanged(seen, [x, y], ["x", "y"], "dot(x, y)")
    check_tensor(seen.value, (x * y).sum(), "dot(x (5,), y (5,))", **SUM)


def test_dot_meta_device(student):
    """dot of two (6,) float64 meta tensors is a 0-d float64 tensor on meta"""
    check_tensor(student.dot(_meta(6, dtype=torch.float64), _meta(6, dtype=torch.float64)), _meta(dtype=torch.float64),
                 "dot(x (6,), y (6,) on device 'meta')")


def _dot_on(student, rng, device):
    """The device case: float32 vectors of length 8 on ``device`` give a 0-d tensor on ``device``."""
    x, y = _randn(8, torch.float32, rng).to(device), _randn(8, torch.float32, rng).to(device)
    check_tensor(student.dot(x, y), (x * y).sum(), f"dot(x (8,), y (8,) on {device})", **SUM)


@pytest.mark.cuda
def test_dot_cuda(student, rng):
    """dot of CUDA vectors is a 0-d CUDA tensor"""
    _dot_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- matvec
@pytest.mark.points(2)
def test_matvec_non_square_float64(student, rng):
    """matvec of a float64 (3, 5) matrix and a (5,) vector is the (3,) vector A x"""
    A, x = _randn((3, 5), torch.float64, rng), _randn(5, torch.float64, rng)
    check_tensor(student.matvec(A, x), torch.mv(A, x), "matvec(A (3, 5), x (5,)) float64", **SUM)


def test_matvec_tall_float32(student, rng):
    """matvec of a float32 (6, 2) matrix and a (2,) vector is the (6,) vector A x"""
    A, x = _randn((6, 2), torch.float32, rng), _randn(2, torch.float32, rng)
    check_tensor(student.matvec(A, x), torch.mv(A, x), "matvec(A (6, 2), x (2,)) float32", **SUM)
    _matvec_on(student, rng, "cpu")


def test_matvec_square_not_symmetric(student, rng):
    """matvec of a non-symmetric float64 (4, 4) matrix uses its rows (A x, not A^T x)"""
    A, x = _randn((4, 4), torch.float64, rng), _randn(4, torch.float64, rng)
    check_tensor(student.matvec(A, x), torch.mv(A, x), "matvec(A (4, 4), x (4,)) float64", **SUM)


def test_matvec_one_row_and_one_column(student, rng):
    """matvec of a (1, 4) matrix gives shape (1,); of a (3, 1) matrix with x (1,) shape (3,)"""
    for shape in ((1, 4), (3, 1)):
        A, x = _randn(shape, torch.float32, rng), _randn(shape[1], torch.float32, rng)
        check_tensor(student.matvec(A, x), torch.mv(A, x), f"matvec(A {shape}, x ({shape[1]},)) float32", **SUM)


@pytest.mark.points(2)
def test_matvec_shape_mismatch(student):
    """matvec raises ValueError when x's length is not A's number of columns"""
    for shape, n in (((2, 3), 2), ((3, 1), 4), ((2, 3), 1), ((4, 4), 5)):
        check_raises(ValueError, student.matvec, torch.ones(shape), torch.ones(n), what=f"matvec(A {shape}, x ({n},))")


def test_matvec_inputs_unchanged(student, rng):
    """matvec does not modify A or x"""
    A, x = _randn((2, 3), torch.float32, rng), _randn(3, torch.float32, rng)
    seen = student.observe("matvec", A, x)
    _check_unchanged(seen, [A, x], ["A", "x"], "matvec(A, x)")
    check_tensor(seen.value, torch.mv(A, x), "matvec(A (2, 3), x (3,))", **SUM)


def test_matvec_meta_device(student):
    """matvec of a (4, 3) and a (3,) float64 meta tensor is (4,) float64 on meta"""
    check_tensor(student.matvec(_meta(4, 3, dtype=torch.float64), _meta(3, dtype=torch.float64)),
                 _meta(4, dtype=torch.float64), "matvec(A (4, 3), x (3,) on device 'meta')")


def _matvec_on(student, rng, device):
    """The device case: a float32 (5, 3) matrix and (3,) vector on ``device`` give A x on ``device``."""
    A, x = _randn((5, 3), torch.float32, rng), _randn(3, torch.float32, rng)
    check_tensor(student.matvec(A.to(device), x.to(device)), torch.mv(A, x).to(device),
                 f"matvec(A (5, 3), x (3,) on {device})", **SUM)


@pytest.mark.cuda
def test_matvec_cuda(student, rng):
    """matvec of a CUDA matrix and vector is a CUDA vector"""
    _matvec_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- matmul
@pytest.mark.points(2)
def test_matmul_non_square_float64(student, rng):
    """matmul of float64 (2, 3) and (3, 4) matrices is the (2, 4) product"""
    A, B = _randn((2, 3), torch.float64, rng), _randn((3, 4), torch.float64, rng)
    check_tensor(student.matmul(A, B), torch.mm(A, B), "matmul(A (2, 3), B (3, 4)) float64", **SUM)


def test_matmul_square_float32(student, rng):
    """matmul of two non-symmetric float32 (3, 3) matrices is A B (not A B^T)"""
    A, B = _randn((3, 3), torch.float32, rng), _randn((3, 3), torch.float32, rng)
    check_tensor(student.matmul(A, B), torch.mm(A, B), "matmul(A (3, 3), B (3, 3)) float32", **SUM)
    _matmul_on(student, rng, "cpu")


def test_matmul_outer_and_inner(student, rng):
    """matmul of (4, 1) by (1, 5) gives (4, 5); of (1, 3) by (3, 1) gives (1, 1)"""
    for sa, sb in (((4, 1), (1, 5)), ((1, 3), (3, 1))):
        A, B = _randn(sa, torch.float32, rng), _randn(sb, torch.float32, rng)
        check_tensor(student.matmul(A, B), torch.mm(A, B), f"matmul(A {sa}, B {sb}) float32", **SUM)


@pytest.mark.points(2)
def test_matmul_shape_mismatch(student):
    """matmul raises ValueError when A's columns and B's rows differ"""
    for sa, sb in (((2, 3), (2, 3)), ((2, 1), (3, 4)), ((3, 4), (3, 4)), ((1, 2), (1, 2))):
        check_raises(ValueError, student.matmul, torch.ones(sa), torch.ones(sb), what=f"matmul(A {sa}, B {sb})")


def test_matmul_inputs_unchanged(student, rng):
    """matmul does not modify A or B"""
    A, B = _randn((3, 2), torch.float64, rng), _randn((2, 4), torch.float64, rng)
    seen = student.observe("matmul", A, B)
    _check_unchanged(seen, [A, B], ["A", "B"], "matmul(A, B)")
    check_tensor(seen.value, torch.mm(A, B), "matmul(A (3, 2), B (2, 4))", **SUM)


def test_matmul_meta_device(student):
    """matmul of (2, 3) and (3, 5) float64 meta tensors is (2, 5) float64 on meta"""
    check_tensor(student.matmul(_meta(2, 3, dtype=torch.float64), _meta(3, 5, dtype=torch.float64)),
                 _meta(2, 5, dtype=torch.float64), "matmul(A (2, 3), B (3, 5) on device 'meta')")


def _matmul_on(student, rng, device):
    """The device case: float32 (4, 3) and (3, 2) matrices on ``device`` give A B on ``device``."""
    A, B = _randn((4, 3), torch.float32, rng), _randn((3, 2), torch.float32, rng)
    check_tensor(student.matmul(A.to(device), B.to(device)), torch.mm(A, B).to(device),
                 f"matmul(A (4, 3), B (3, 2) on {device})", **SUM)


@pytest.mark.cuda
def test_matmul_cuda(student, rng):
    """matmul of CUDA matrices is a CUDA matrix"""
    _matmul_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- l1_norm
@pytest.mark.points(2)
def test_l1_norm_float64(student, rng):
    """l1_norm of a float64 vector of length 6 with negative entries is sum |u_i|, a 0-d tensor"""
    u = _randn(6, torch.float64, rng)
    u[0] = -abs(u[0]) - 0.5
    check_tensor(student.l1_norm(u), u.abs().sum(), "l1_norm(u (6,)) float64", **SUM)


def test_l1_norm_float32(student, rng):
    """l1_norm(tensor([-1., 2., -3., 0.5])) is the float32 0-d tensor 6.5"""
    check_tensor(student.l1_norm(torch.tensor([-1.0, 2.0, -3.0, 0.5])), torch.tensor(6.5),
                 "l1_norm(tensor([-1., 2., -3., 0.5]))")
    _l1_norm_on(student, rng, "cpu")


def test_l1_norm_inputs_unchanged(student, rng):
    """l1_norm does not modify u (no u.abs_())"""
    u = -_positive(5, torch.float32, rng)
    seen = student.observe("l1_norm", u)
    _check_unchanged(seen, [u], ["u"], "l1_norm(u)")
    check_tensor(seen.value, u.abs().sum(), "l1_norm(u (5,))", **SUM)


def test_l1_norm_meta_device(student):
    """l1_norm of a (4,) float64 meta tensor is a 0-d float64 tensor on meta"""
    check_tensor(student.l1_norm(_meta(4, dtype=torch.float64)), _meta(dtype=torch.float64),
                 "l1_norm(u (4,) on device 'meta')")


def _l1_norm_on(student, rng, device):
    """The device case: a float32 vector of length 7 on ``device`` gives a 0-d tensor on ``device``."""
    u = _randn(7, torch.float32, rng).to(device)
    check_tensor(student.l1_norm(u), u.abs().sum(), f"l1_norm(u (7,) on {device})", **SUM)


@pytest.mark.cuda
def test_l1_norm_cuda(student, rng):
    """l1_norm of a CUDA vector is a 0-d CUDA tensor"""
    _l1_norm_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- l2_norm
@pytest.mark.points(2)
def test_l2_norm_float64(student, rng):
    """l2_norm of a float64 vector of length 8 is sqrt(sum u_i^2), a 0-d tensor"""
    u = _randn(8, torch.float64, rng)
    check_tensor(student.l2_norm(u), (u * u).sum().sqrt(), "l2_norm(u (8,)) float64", **SUM)


def test_l2_norm_float32(student, rng):
    """l2_norm(tensor([1., -2., 2., 4.])) is the float32 0-d tensor 5."""
    check_tensor(student.l2_norm(torch.tensor([1.0, -2.0, 2.0, 4.0])), torch.tensor(5.0),
                 "l2_norm(tensor([1., -2., 2., 4.]))")
    _l2_norm_on(student, rng, "cpu")


def test_l2_norm_inputs_unchanged(student, rng):
    """l2_norm does not modify u"""
    u = _randn(5, torch.float32, rng)
    seen = student.observe("l2_norm", u)
    _check_unchanged(seen, [u], ["u"], "l2_norm(u)")
    check_tensor(seen.value, (u * u).sum().sqrt(), "l2_norm(u (5,))", **SUM)


def test_l2_norm_meta_device(student):
    """l2_norm of a (3,) float64 meta tensor is a 0-d float64 tensor on meta"""
    check_tensor(student.l2_norm(_meta(3, dtype=torch.float64)), _meta(dtype=torch.float64),
                 "l2_norm(u (3,) on device 'meta')")


def _l2_norm_on(student, rng, device):
    """The device case: a float64 vector of length 6 on ``device`` gives a 0-d tensor on ``device``."""
    u = _randn(6, torch.float64, rng).to(device)
    check_tensor(student.l2_norm(u), (u * u).sum().sqrt(), f"l2_norm(u (6,) on {device})", **SUM)


@pytest.mark.cuda
def test_l2_norm_cuda(student, rng):
    """l2_norm of a CUDA vector is a 0-d CUDA tensor"""
    _l2_norm_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- frobenius_norm
@pytest.mark.points(2)
def test_frobenius_norm_float64(student, rng):
    """frobenius_norm of a float64 (3, 5) matrix is sqrt(sum a_ij^2), a 0-d tensor"""
    A = _randn((3, 5), torch.float64, rng)
    check_tensor(student.frobenius_norm(A), (A * A).sum().sqrt(), "frobenius_norm(A (3, 5)) float64", **SUM)


def test_frobenius_norm_float32(student, rng):
    """frobenius_norm([[1., -2.], [-4., 0.], [2., 0.]]) is the float32 0-d tensor 5."""
    A = torch.tensor([[1.0, -2.0], [-4.0, 0.0], [2.0, 0.0]])
    check_tensor(student.frobenius_norm(A), torch.tensor(5.0),
                 "frobenius_norm(tensor([[1., -2.], [-4., 0.], [2., 0.]]))")
    _frobenius_norm_on(student, rng, "cpu")


def test_frobenius_norm_inputs_unchanged(student, rng):
    """frobenius_norm does not modify A"""
    A = _randn((2, 4), torch.float32, rng)
    seen = student.observe("frobenius_norm", A)
    _check_unchanged(seen, [A], ["A"], "frobenius_norm(A)")
    check_tensor(seen.value, (A * A).sum().sqrt(), "frobenius_norm(A (2, 4))", **SUM)


def test_frobenius_norm_meta_device(student):
    """frobenius_norm of a (4, 2) float64 meta tensor is a 0-d float64 tensor on meta"""
    check_tensor(student.frobenius_norm(_meta(4, 2, dtype=torch.float64)), _meta(dtype=torch.float64),
                 "frobenius_norm(A (4, 2) on device 'meta')")


def _frobenius_norm_on(student, rng, device):
    """The device case: a float32 (3, 3) matrix on ``device`` gives a 0-d tensor on ``device``."""
    A = _randn((3, 3), torch.float32, rng).to(device)
    check_tensor(student.frobenius_norm(A), (A * A).sum().sqrt(), f"frobenius_norm(A (3, 3) on {device})", **SUM)


@pytest.mark.cuda
def test_frobenius_norm_cuda(student, rng):
    """frobenius_norm of a CUDA matrix is a 0-d CUDA tensor"""
    _frobenius_norm_on(student, rng, "cuda")


