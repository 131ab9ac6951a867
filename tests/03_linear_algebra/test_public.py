"""Public tests for lesson 03_linear_algebra (linalg.py): the examples of d2l 2.3, and the
lesson's rules: the products and norms are written from their formulas, without the library
calls that compute them (a static check of everything the function reaches; where the
student's own class has a method of a forbidden name, torch's methods are watched instead)."""
import pytest
import torch

from grader.checks import (
    MATMUL,
    check,
    check_equal,
    check_not_used,
    check_raises,
    check_tensor,
    check_type,
    method,
    own_methods,
)

from .helpers import check_float_means

# The products must be built from elementwise products and sums.
PRODUCT_CALLS = {
    "torch.dot", "torch.mv", "torch.mm", "torch.matmul", "torch.einsum", "torch.inner", "torch.tensordot",
    "torch.bmm", "torch.addmm", "torch.addmv", "torch.vdot", "torch.baddbmm", "torch.addbmm", "torch.chain_matmul",
    "torch.functional.einsum", "torch.functional.tensordot", "torch.functional.chain_matmul",
    "torch.linalg", "torch.nn.functional.linear", "operator.matmul", "operator.imatmul",
    "numpy.dot", "numpy.matmul", "numpy.einsum", "numpy.inner", "numpy.tensordot", "numpy.vdot", "numpy.linalg",
    MATMUL, method("dot"), method("mv"), method("mm"), method("matmul"), method("einsum"), method("inner"),
    method("tensordot"), method("vdot"), method("bmm"), method("addmm"), method("addmv"),
    method("__matmul__"), method("__rmatmul__"), method("__imatmul__"),
}
# The norms must be computed from their formulas.
NORM_CALLS = {"torch.norm", "torch.functional.norm", "torch.frobenius_norm", "torch.linalg", "numpy.linalg",
              method("norm")}


def check_rule(student, student_source, function, args, forbidden, expected):
    """``function`` uses none of ``forbidden``.  Names of torch and numpy are checked in its code
    (static); so are methods (``.dot``, ``@``), unless the student's own classes define one of
    that name: then only torch's methods count, seen while ``function(*args)`` runs (a probe)."""
    own = own_methods(student_source, function)
    excused = {method(name) for name in own} | ({MATMUL} if own & {"__matmul__", "__rmatmul__"} else set())
    check_not_used(student_source, forbidden - excused, function, function=function)
    what = f"{function}({', '.join(f'tensor({a.tolist()})' for a in args)})"
    facts = student.probe("torch_calls", getattr(student, function), *args)
    check_tensor(facts["value"], expected, what)
    watched = {n[len(method("")):] for n in forbidden if n.startswith(method(""))}
    used = [name for name in facts["torch_calls"] if name.rsplit(".", 1)[-1] in watched]
    check(not used, f"{what} called {', '.join(used)} (a @ b is torch.Tensor.matmul); write it from the rules "
          "instead, with elementwise products and sums")


def d2l_A():
    """The notes' matrix: A = torch.arange(20, dtype=torch.float32).reshape(5, 4)."""
    return torch.arange(20, dtype=torch.float32).reshape(5, 4)


def test_transpose(student):
    """transpose of the (5, 4) matrix A = arange(20).reshape(5, 4) is A.T, shape (4, 5)"""
    A = d2l_A()
    check_tensor(student.transpose(A), A.T.clone(), "transpose(A (5, 4))")


def test_transpose_keeps_inputs(student):
    """transpose leaves its input as it was (no A.t_()): it returns a new tensor"""
    A = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    seen = student.observe("transpose", A)
    check_tensor(seen.args_after[0], A, "the input after transpose(A) (must not change)", rtol=0, atol=0)
    check_tensor(seen.value, A.T, "transpose(tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))")


def test_is_symmetric(student):
    """is_symmetric of the notes' B = [[1, 2, 3], [2, 0, 4], [3, 4, 5]] is True"""
    B = torch.tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]])
    check_equal(student.is_symmetric(B), True, "is_symmetric(tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]]))")


def test_is_symmetric_false(student):
    """is_symmetric of a square matrix that is not symmetric, and of the (5, 4) A, is False"""
    C = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    check_equal(student.is_symmetric(C), False, "is_symmetric(tensor([[1., 2.], [3., 4.]]))")
    check_equal(student.is_symmetric(d2l_A()), False, "is_symmetric(A (5, 4), not square)")


def test_is_symmetric_wide_corner(student):
    """is_symmetric of a (2, 3) matrix whose (2, 2) corner is symmetric is False (not square)"""
    A = torch.tensor([[4.0, -1.0, 0.5], [-1.0, 6.0, 2.0]])
    check_equal(student.is_symmetric(A), False, "is_symmetric(tensor([[4., -1., 0.5], [-1., 6., 2.]]))")


def test_is_symmetric_with_tol(student):
    """is_symmetric(A, tol=0.01) is True for a matrix whose pair differs by 0.005 (False with tol=0.0)"""
    A = torch.tensor([[2.0, 3.005], [3.0, 1.0]], dtype=torch.float64)
    what = "is_symmetric(tensor([[2., 3.005], [3., 1.]], float64)"
    check_equal(student.is_symmetric(A, tol=0.01), True, f"{what}, tol=0.01)")
    check_equal(student.is_symmetric(A, tol=0.0), False, f"{what}, tol=0.0)")


def test_is_symmetric_tol0_large_entries(student):
    """is_symmetric(A, tol=0.0) is False for large entries 0.05 apart (no relative tolerance)"""
    A = torch.tensor([[0.0, 20000.0], [20000.05, 1.0]], dtype=torch.float64)
    check_equal(student.is_symmetric(A, tol=0.0), False,
                "is_symmetric(tensor([[0., 20000.], [20000.05, 1.]], float64), tol=0.0)")


def test_hadamard(student):
    """hadamard(A, B) with B = A.clone() is the elementwise product A * B"""
    A = d2l_A()
    B = A.clone()
    check_tensor(student.hadamard(A, B), A * B, "hadamard(A, A.clone())")


def test_hadamard_shape_mismatch(student):
    """hadamard of a (5, 4) and a (4, 5) matrix raises ValueError"""
    check_raises(ValueError, student.hadamard, d2l_A(), d2l_A().reshape(4, 5), what="hadamard(A (5, 4), B (4, 5))")


def test_hadamard_keeps_inputs(student):
    """hadamard leaves A and B as they were (no A *= B): it returns a new tensor"""
    A, B = torch.tensor([[1.0, -2.0], [0.5, 3.0]]), torch.tensor([[2.0, 2.0], [4.0, -1.0]])
    seen = student.observe("hadamard", A, B)
    check_tensor(seen.value, A * B, "hadamard(tensor([[1., -2.], [0.5, 3.]]), tensor([[2., 2.], [4., -1.]]))")
    check_tensor(seen.args_after[0], A, "A after hadamard(A, B) (must not change)", rtol=0, atol=0)
    check_tensor(seen.args_after[1], B, "B after hadamard(A, B) (must not change)", rtol=0, atol=0)


@pytest.mark.points(2)
def test_reduce_sums(student):
    """reduce_sums(A) is (A.sum(), A.sum(axis=0), A.sum(axis=1)) = (190, [40..55], [6..70])"""
    A = d2l_A()
    out = student.reduce_sums(A)
    check_type(out, tuple, "reduce_sums(A)")
    check(len(out) == 3, f"reduce_sums(A): expected a tuple of 3 tensors, got {len(out)} items")
    check_tensor(out[0], torch.tensor(190.0), "reduce_sums(A)[0] (sum of all elements)")
    check_tensor(out[1], torch.tensor([40.0, 45.0, 50.0, 55.0]), "reduce_sums(A)[1] (sum over axis 0)")
    check_tensor(out[2], torch.tensor([6.0, 22.0, 38.0, 54.0, 70.0]), "reduce_sums(A)[2] (sum over axis 1)")


def test_reduce_sums_meta_device(student):
    """reduce_sums of a (4, 3) float64 meta tensor gives float64 meta tensors of shapes (), (3,), (4,)"""
    out = student.reduce_sums(torch.empty(4, 3, dtype=torch.float64, device="meta"))
    what = "reduce_sums(A (4, 3) float64 on device 'meta': shapes and dtypes, no data)"
    check_type(out, tuple, what)
    check(len(out) == 3, f"{what}: expected a tuple of 3 tensors, got {len(out)} items")
    for i, shape in enumerate([(), (3,), (4,)]):
        check_tensor(out[i], torch.empty(shape, dtype=torch.float64, device="meta"), f"{what}[{i}]")


@pytest.mark.points(2)
def test_row_normalize(student):
    """row_normalize(A) is A / A.sum(axis=1, keepdims=True): every row sums to 1"""
    A = d2l_A()
    check_tensor(student.row_normalize(A), A / A.sum(axis=1, keepdim=True), "row_normalize(A (5, 4))")


def test_row_normalize_keeps_inputs(student):
    """row_normalize leaves its input as it was (no A /= ...): it returns a new tensor"""
    A = torch.tensor([[1.0, 3.0], [2.0, 2.0]])
    seen = student.observe("row_normalize", A)
    check_tensor(seen.args_after[0], A, "the input after row_normalize(A) (must not change)", rtol=0, atol=0)
    check_tensor(seen.value, A / A.sum(dim=1, keepdim=True), "row_normalize(tensor([[1.0, 3.0], [2.0, 2.0]]))")


def test_column_means(student):
    """column_means(A) is A.mean(axis=0) = [8, 9, 10, 11]"""
    check_tensor(student.column_means(d2l_A()), torch.tensor([8.0, 9.0, 10.0, 11.0]), "column_means(A)")


def test_column_means_float64(student):
    """column_means of a float64 matrix is float64: [[0.5, 1.], [1.5, 4.]] gives [1., 2.5]"""
    A = torch.tensor([[0.5, 1.0], [1.5, 4.0]], dtype=torch.float64)
    check_tensor(student.column_means(A), torch.tensor([1.0, 2.5], dtype=torch.float64),
                 "column_means(tensor([[0.5, 1.], [1.5, 4.]], float64))")


def test_column_means_integer(student):
    """column_means of an int64 matrix is floating with the exact means: [[3, 0, 5], [4, 1, 5]] gives [3.5, 0.5, 5.]"""
    A = torch.tensor([[3, 0, 5], [4, 1, 5]])
    check_float_means(student.column_means(A), A, "column_means(tensor([[3, 0, 5], [4, 1, 5]]))")


def test_column_means_meta_device(student):
    """column_means of a (3, 4) float32 meta tensor is (4,) float32 on meta"""
    check_tensor(student.column_means(torch.empty(3, 4, device="meta")), torch.empty(4, device="meta"),
                 "column_means(A (3, 4) float32 on device 'meta': shapes and dtypes, no data)")


def test_cumulative_sum(student):
    """cumulative_sum(A, 0) is A.cumsum(axis=0)"""
    A = d2l_A()
    check_tensor(student.cumulative_sum(A, 0), A.cumsum(axis=0), "cumulative_sum(A, 0)")


def test_cumulative_sum_axis1(student):
    """cumulative_sum(A, 1) adds along each row, and leaves A as it was"""
    A = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 4.0]])
    seen = student.observe("cumulative_sum", A, 1)
    check_tensor(seen.value, torch.tensor([[1.0, 3.0, 6.0], [-1.0, -0.5, 3.5]]),
                 "cumulative_sum(tensor([[1., 2., 3.], [-1., 0.5, 4.]]), 1)")
    check_tensor(seen.args_after[0], A, "A after cumulative_sum(A, 1) (must not change)", rtol=0, atol=0)


def test_cumulative_sum_keeps_inputs(student):
    """cumulative_sum(A, 0) leaves A as it was (no adding rows into A)"""
    A = torch.tensor([[2.0, 1.0], [0.5, -3.0], [1.0, 1.0]])
    seen = student.observe("cumulative_sum", A, 0)
    check_tensor(seen.value, A.cumsum(axis=0), "cumulative_sum(tensor([[2., 1.], [0.5, -3.], [1., 1.]]), 0)")
    check_tensor(seen.args_after[0], A, "A after cumulative_sum(A, 0) (must not change)", rtol=0, atol=0)


def test_dot(student):
    """dot(x, y) with x = arange(4.), y = ones(4) is the 0-d tensor 6."""
    x = torch.arange(4, dtype=torch.float32)
    y = torch.ones(4, dtype=torch.float32)
    check_tensor(student.dot(x, y), torch.tensor(6.0), "dot(tensor([0., 1., 2., 3.]), ones(4))")


def test_dot_shape_mismatch(student):
    """dot of vectors of lengths 4 and 3 raises ValueError"""
    check_raises(ValueError, student.dot, torch.arange(4.0), torch.ones(3), what="dot(x (4,), y (3,))")


def test_dot_forbidden_calls(student, student_source):
    """dot does not call torch.dot/mv/mm/matmul/einsum, @, their methods or numpy equivalents"""
    check_rule(student, student_source, "dot", (torch.tensor([1.0, 2.0, 3.0]), torch.tensor([4.0, 5.0, 6.0])),
               PRODUCT_CALLS, torch.tensor(32.0))


@pytest.mark.points(2)
def test_matvec(student):
    """matvec(A, x) of the (5, 4) A and x = arange(4.) is A x, shape (5,)"""
    A = d2l_A()
    x = torch.arange(4, dtype=torch.float32)
    check_tensor(student.matvec(A, x), torch.tensor([14.0, 38.0, 62.0, 86.0, 110.0]), "matvec(A (5, 4), x (4,))")


def test_matvec_shape_mismatch(student):
    """matvec raises ValueError for x of length 1 against A (2, 3) and for x (2,) against A (2, 1)"""
    check_raises(ValueError, student.matvec, torch.ones(2, 3), torch.tensor([2.0]), what="matvec(A (2, 3), x (1,))")
    check_raises(ValueError, student.matvec, torch.ones(2, 1), torch.tensor([2.0, 3.0]),
                 what="matvec(A (2, 1), x (2,))")


def test_matvec_meta_device(student):
    """matvec of a (3, 2) and a (2,) float32 tensor on the meta device is (3,) float32 on meta"""
    A, x = torch.empty(3, 2, device="meta"), torch.empty(2, device="meta")
    check_tensor(student.matvec(A, x), torch.empty(3, device="meta"),
                 "matvec(A (3, 2), x (2,) on device 'meta': shapes and dtypes, no data)")


def test_matvec_forbidden_calls(student, student_source):
    """matvec does not call torch.dot/mv/mm/matmul/einsum, @, their methods or numpy equivalents"""
    check_rule(student, student_source, "matvec", (torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([1.0, 1.0])),
               PRODUCT_CALLS, torch.tensor([3.0, 7.0]))


@pytest.mark.points(2)
def test_matmul(student):
    """matmul(A, ones(4, 3)) repeats each row sum of A three times, shape (5, 3)"""
    A = d2l_A()
    B = torch.ones(4, 3)
    expected = A.sum(axis=1, keepdim=True).repeat(1, 3)
    check_tensor(student.matmul(A, B), expected, "matmul(A (5, 4), ones(4, 3))")


def test_matmul_inner_size_mismatch(student):
    """matmul raises ValueError for inner sizes 3 and 1: A (2, 3), B (1, 2) (no broadcasting)"""
    check_raises(ValueError, student.matmul, torch.ones(2, 3), torch.ones(1, 2), what="matmul(A (2, 3), B (1, 2))")
    check_raises(ValueError, student.matmul, torch.ones(2, 1), torch.ones(3, 2), what="matmul(A (2, 1), B (3, 2))")


def test_matmul_float64(student):
    """matmul of two float64 matrices is float64: [[1., 2.]] times [[3.], [0.5]] is [[4.]]"""
    A = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
    B = torch.tensor([[3.0], [0.5]], dtype=torch.float64)
    check_tensor(student.matmul(A, B), torch.tensor([[4.0]], dtype=torch.float64),
                 "matmul(tensor([[1., 2.]], float64), tensor([[3.], [0.5]], float64))")


def test_matmul_forbidden_calls(student, student_source):
    """matmul does not call torch.dot/mv/mm/matmul/einsum, @, their methods or numpy equivalents"""
    check_rule(student, student_source, "matmul",
               (torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[0.0, 1.0], [1.0, 0.0]])),
               PRODUCT_CALLS, torch.tensor([[2.0, 1.0], [4.0, 3.0]]))


def test_l2_norm(student):
    """l2_norm(tensor([3., -4.])) is the 0-d tensor 5."""
    check_tensor(student.l2_norm(torch.tensor([3.0, -4.0])), torch.tensor(5.0), "l2_norm(tensor([3., -4.]))")


def test_l2_norm_forbidden_calls(student, student_source):
    """l2_norm does not call torch.norm, torch.linalg.*, numpy.linalg.* or .norm"""
    check_rule(student, student_source, "l2_norm", (torch.tensor([0.0, 5.0]),), NORM_CALLS, torch.tensor(5.0))


def test_l1_norm(student):
    """l1_norm(tensor([3., -4.])) is the 0-d tensor 7."""
    check_tensor(student.l1_norm(torch.tensor([3.0, -4.0])), torch.tensor(7.0), "l1_norm(tensor([3., -4.]))")


def test_l1_norm_keeps_inputs(student):
    """l1_norm leaves its input as it was (no u.abs_()): it returns a new tensor"""
    u = torch.tensor([-1.5, 2.0, -0.5])
    seen = student.observe("l1_norm", u)
    check_tensor(seen.args_after[0], u, "u after l1_norm(u) (must not change)", rtol=0, atol=0)
    check_tensor(seen.value, u.abs().sum(), "l1_norm(tensor([-1.5, 2.0, -0.5]))")


def test_l1_norm_forbidden_calls(student, student_source):
    """l1_norm does not call torch.norm, torch.linalg.*, numpy.linalg.* or .norm"""
    check_rule(student, student_source, "l1_norm", (torch.tensor([-1.0, 2.0]),), NORM_CALLS, torch.tensor(3.0))


def test_frobenius_norm(student):
    """frobenius_norm(ones(4, 9)) is the 0-d tensor 6."""
    check_tensor(student.frobenius_norm(torch.ones(4, 9)), torch.tensor(6.0), "frobenius_norm(ones(4, 9))")


def test_frobenius_norm_float64(student):
    """frobenius_norm of a float64 (2, 2) matrix is a float64 0-d tensor: [[1., 2.], [2., 4.]] gives 5."""
    A = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64)
    check_tensor(student.frobenius_norm(A), torch.tensor(5.0, dtype=torch.float64),
                 "frobenius_norm(tensor([[1., 2.], [2., 4.]], float64))")


def test_frobenius_norm_forbidden_calls(student, student_source):
    """frobenius_norm does not call torch.norm, torch.linalg.*, numpy.linalg.* or .norm"""
    check_rule(student, student_source, "frobenius_norm", (torch.tensor([[3.0], [4.0]]),), NORM_CALLS,
               torch.tensor(5.0))
