"""Lesson 03, written from the README: transposes, reductions, products and norms."""
import torch


def transpose(A: torch.Tensor) -> torch.Tensor:
    """A^T."""
    return A.T


def is_symmetric(A: torch.Tensor, tol: float = 0.0) -> bool:
    """True when A is square and equal to its transpose within tol."""
    if A.dim() != 2 or A.shape[0] != A.shape[1]:
        return False
    return bool(((A - A.T).abs() <= tol).all())


def hadamard(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """The elementwise product of two matrices of the same shape."""
    if A.shape != B.shape:
        raise ValueError(f"shapes differ: {tuple(A.shape)} and {tuple(B.shape)}")
    return A * B


def reduce_sums(A: torch.Tensor) -> tuple:
    """(sum of everything, sum over axis 0, sum over axis 1)."""
    return A.sum(), A.sum(axis=0), A.sum(axis=1)


def row_normalize(A: torch.Tensor) -> torch.Tensor:
    """Each row divided by its own sum."""
    return A / A.sum(axis=1, keepdims=True)


def column_means(A: torch.Tensor) -> torch.Tensor:
    """Mean of each column, in floating point for integer input."""
    return A.sum(axis=0) / A.shape[0]


def cumulative_sum(A: torch.Tensor, axis: int) -> torch.Tensor:
    """Cumulative sum along axis."""
    return A.cumsum(axis=axis)


def dot(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """sum_i x[i] * y[i] as a 0-d tensor."""
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"lengths differ: {x.shape[0]} and {y.shape[0]}")
    return torch.sum(x * y)


def matvec(A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """A x: each row of A dotted with x."""
    if A.shape[1] != x.shape[0]:
        raise ValueError(f"A has {A.shape[1]} columns but x has length {x.shape[0]}")
    return (A * x).sum(axis=1, keepdims=True)


def matmul(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    """A B: out[i, j] = sum_k A[i, k] * B[k, j]."""
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"inner sizes differ: {A.shape[1]} and {B.shape[0]}")
    return (A[:, :, None] * B[None, :, :]).sum(axis=1)


def l1_norm(u: torch.Tensor) -> torch.Tensor:
    """sum_i |u[i]|."""
    return torch.abs(u).sum()


def l2_norm(u: torch.Tensor) -> torch.Tensor:
    """sqrt(sum_i u[i]^2)."""
    return torch.sqrt((u * u).sum())


def frobenius_norm(A: torch.Tensor) -> torch.Tensor:
    """sqrt(sum_ij A[i, j]^2)."""
    return torch.sqrt((A ** 2).sum())
