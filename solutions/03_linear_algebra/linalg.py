"""Lesson 03: linear algebra (线性代数) with tensors — transposes, reductions, products, norms.

Course notes: d2l 2.3 线性代数 (scalars 标量, vectors 向量, matrices 矩阵, the transpose,
symmetric matrices, the Hadamard product, reduction 降维 with ``sum``/``mean``, the dot
product 点积, matrix-vector and matrix-matrix products, and norms 范数).

Every function below takes ``torch.Tensor`` objects.  Unless a docstring says otherwise,
a function must not modify its inputs, must work for float32 and float64 (a float32 input
gives a float32 result, a float64 input a float64 result), and must return its results on
the same device (设备) as its tensor inputs.  ``dot``, ``matvec`` and ``matmul`` are built
from elementwise products and sums; the norms from their formulas (the forbidden library
calls are named in each docstring and checked).
"""
import torch


def transpose(A: torch.Tensor) -> torch.Tensor:
    """The transpose (转置) ``A^T`` of a matrix: ``out[j, i] = A[i, j]``.

    Input: ``A`` of shape ``(m, n)``.  Output: shape ``(n, m)``, same dtype and device.
    Rows become columns; a ``reshape`` to ``(n, m)`` is *not* a transpose.

    >>> transpose(torch.tensor([[1., 2., 3.], [4., 5., 6.]]))
    tensor([[1., 4.],
            [2., 5.],
            [3., 6.]])
    """
    ### BEGIN SOLUTION
    return A.T
    ### END SOLUTION


def is_symmetric(A: torch.Tensor, tol: float = 0.0) -> bool:
    """Whether ``A`` is a symmetric matrix (对称矩阵), ``A = A^T``, as a Python ``bool``.

    Input: a matrix ``A`` of shape ``(m, n)`` (any dtype) and a tolerance ``tol >= 0``.
    ``A`` is symmetric when it is square and ``|A[i, j] - A[j, i]| <= tol`` for every
    ``i, j``.  With the default ``tol = 0.0`` that means exactly equal entries; pass a small
    ``tol`` to accept rounding noise.  A non-square matrix (``m != n``) gives ``False``
    (not an error).

    >>> is_symmetric(torch.tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]]))
    True
    >>> is_symmetric(torch.ones(2, 3))
    False
    """
    ### BEGIN SOLUTION
    if A.dim() != 2 or A.shape[0] != A.shape[1]:
        return False
    return bool(((A - A.T).abs() <= tol).all())
    ### END SOLUTION


def hadamard(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """The Hadamard product (哈达玛积, ``A ⊙ B``): the elementwise product (按元素乘法)
    ``out[i, j] = A[i, j] * B[i, j]``.

    Inputs: ``A`` and ``B`` of the same shape.  Output: that shape, same dtype and device.
    Shapes that differ raise ``ValueError``, even where broadcasting (广播) would work.

    >>> hadamard(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[5., 6.], [7., 8.]]))
    tensor([[ 5., 12.],
            [21., 32.]])
    """
    ### BEGIN SOLUTION
    if A.shape != B.shape:
        raise ValueError(f"hadamard needs two tensors of the same shape, got {tuple(A.shape)} and {tuple(B.shape)}")
    return A * B
    ### END SOLUTION


def reduce_sums(A: torch.Tensor) -> tuple:
    """Sums that reduce (降维) a matrix, as the tuple ``(total, over_axis0, over_axis1)``:

    * ``total``: the sum of all elements, a 0-d tensor (shape ``()``);
    * ``over_axis0``: ``A.sum(axis=0)``, summed down the rows, one value per column: shape ``(n,)``;
    * ``over_axis1``: ``A.sum(axis=1)``, summed along each row, one value per row: shape ``(m,)``.

    Input: ``A`` of shape ``(m, n)``.  Results keep ``A``'s dtype and device.

    >>> reduce_sums(torch.tensor([[1., 2., 3.], [4., 5., 6.]]))
    (tensor(21.), tensor([5., 7., 9.]), tensor([ 6., 15.]))
    """
    ### BEGIN SOLUTION
    return A.sum(), A.sum(axis=0), A.sum(axis=1)
    ### END SOLUTION


def row_normalize(A: torch.Tensor) -> torch.Tensor:
    """Each row of ``A`` divided by that row's sum, so every row of the result sums to 1.

    Input: ``A`` of shape ``(m, n)`` whose row sums are not zero.  Output: shape ``(m, n)``,
    same dtype and device.  Keep the summed axis (``keepdim=True``, 保持轴数不变) so the
    ``(m, 1)`` row sums broadcast (广播) across the columns; an ``(m,)`` sum would line up
    with the columns instead.

    >>> row_normalize(torch.tensor([[1., 3.], [2., 2.]]))
    tensor([[0.2500, 0.7500],
            [0.5000, 0.5000]])
    """
    ### BEGIN SOLUTION
    return A / A.sum(axis=1, keepdim=True)
    ### END SOLUTION


def column_means(A: torch.Tensor) -> torch.Tensor:
    """The mean (平均值) of each column: ``A.sum(axis=0) / A.shape[0]``, shape ``(n,)``.

    Input: ``A`` of shape ``(m, n)``, ``m >= 1``.  A float input keeps its dtype; an integer
    input gives a floating-point result (``torch.mean`` refuses integer tensors, and ``//``
    would round the means down).  Same device as ``A``.

    >>> column_means(torch.tensor([[1, 2], [2, 2]]))
    tensor([1.5000, 2.0000])
    """
    ### BEGIN SOLUTION
    return A.sum(axis=0) / A.shape[0]
    ### END SOLUTION


def cumulative_sum(A: torch.Tensor, axis: int) -> torch.Tensor:
    """The cumulative sum (累积总和) of ``A`` along ``axis`` (0: down the rows, 1: along
    each row): ``out[i, j] = A[0, j] + ... + A[i, j]`` for ``axis=0``.

    Input: ``A`` of shape ``(m, n)`` and ``axis`` 0 or 1.  Output: shape ``(m, n)``, same
    dtype and device.

    >>> cumulative_sum(torch.tensor([[1., 2.], [3., 4.]]), 0)
    tensor([[1., 2.],
            [4., 6.]])
    """
    ### BEGIN SOLUTION
    return A.cumsum(axis=axis)
    ### END SOLUTION


def dot(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The dot product (点积) ``x^T y = sum_i x[i] * y[i]``, as a 0-d tensor (shape ``()``).

    Inputs: vectors ``x`` and ``y`` of shape ``(n,)``.  Lengths that differ raise
    ``ValueError``.  Build it from elementwise products and a sum: do not call
    ``torch.dot/mv/mm/matmul/einsum`` (or ``inner``, ``tensordot``, ``vdot``, ``torch.linalg``),
    the ``@`` operator, the same methods on tensors, or their numpy equivalents (checked).

    >>> dot(torch.tensor([0., 1., 2., 3.]), torch.ones(4))
    tensor(6.)
    """
    ### BEGIN SOLUTION
    if x.shape != y.shape:
        raise ValueError(f"dot needs two vectors of the same length, got shapes {tuple(x.shape)} and {tuple(y.shape)}")
    return (x * y).sum()
    ### END SOLUTION


def matvec(A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The matrix-vector product (矩阵-向量积) ``A x``: ``out[i]`` is the dot product of
    row ``i`` of ``A`` with ``x``.

    Inputs: ``A`` of shape ``(m, n)`` and ``x`` of shape ``(n,)``.  Output: shape ``(m,)``
    (not ``(m, 1)``), same dtype and device.  ``x`` of another length raises ``ValueError``.
    Built from elementwise products and sums, without the calls ``dot`` forbids (checked).

    >>> matvec(torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), torch.tensor([1., -1.]))
    tensor([-1., -1., -1.])
    """
    ### BEGIN SOLUTION
    if A.dim() != 2 or x.dim() != 1 or A.shape[1] != x.shape[0]:
        raise ValueError(f"matvec needs A of shape (m, n) and x of shape (n,), "
                         f"got {tuple(A.shape)} and {tuple(x.shape)}")
    return (A * x).sum(axis=1)
    ### END SOLUTION


def matmul(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """The matrix-matrix product (矩阵-矩阵乘法) ``A B``:
    ``out[i, j] = sum_k A[i, k] * B[k, j]`` (row ``i`` of ``A`` dotted with column ``j`` of ``B``).

    Inputs: ``A`` of shape ``(m, k)`` and ``B`` of shape ``(k, n)``.  Output: shape
    ``(m, n)``, same dtype and device.  Inner sizes that differ raise ``ValueError``.
    Built from elementwise products and sums, without the calls ``dot`` forbids (checked).

    >>> matmul(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[1., 0., 1.], [0., 1., 1.]]))
    tensor([[1., 2., 3.],
            [3., 4., 7.]])
    """
    ### BEGIN SOLUTION
    if A.dim() != 2 or B.dim() != 2 or A.shape[1] != B.shape[0]:
        raise ValueError(f"matmul needs A of shape (m, k) and B of shape (k, n), "
                         f"got {tuple(A.shape)} and {tuple(B.shape)}")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)
    ### END SOLUTION


def l1_norm(u: torch.Tensor) -> torch.Tensor:
    """The L1 norm (L1范数) ``||u||_1 = sum_i |u[i]|`` of a vector, as a 0-d tensor.

    Input: ``u`` of shape ``(n,)``.  Output: shape ``()``, same dtype and device.  Do not
    call ``torch.norm``, ``torch.linalg.*``, ``numpy.linalg.*`` or the ``.norm`` method (checked).

    >>> l1_norm(torch.tensor([3., -4.]))
    tensor(7.)
    """
    ### BEGIN SOLUTION
    return u.abs().sum()
    ### END SOLUTION


def l2_norm(u: torch.Tensor) -> torch.Tensor:
    """The L2 norm (L2范数) ``||u||_2 = sqrt(sum_i u[i]^2)`` of a vector, as a 0-d tensor.

    Input: ``u`` of shape ``(n,)``.  Output: shape ``()``, same dtype and device.  Do not
    call ``torch.norm``, ``torch.linalg.*``, ``numpy.linalg.*`` or the ``.norm`` method (checked).

    >>> l2_norm(torch.tensor([3., -4.]))
    tensor(5.)
    """
    ### BEGIN SOLUTION
    return torch.sqrt((u * u).sum())
    ### END SOLUTION


def frobenius_norm(A: torch.Tensor) -> torch.Tensor:
    """The Frobenius norm (弗罗贝尼乌斯范数) ``||A||_F = sqrt(sum_ij A[i, j]^2)`` of a
    matrix, as a 0-d tensor.

    Input: ``A`` of shape ``(m, n)``.  Output: shape ``()``, same dtype and device.  Do not
    call ``torch.norm``, ``torch.linalg.*``, ``numpy.linalg.*`` or the ``.norm`` method (checked).

    >>> frobenius_norm(torch.ones(4, 9))
    tensor(6.)
    """
    ### BEGIN SOLUTION
    return torch.sqrt((A * A).sum())
    ### END SOLUTION
