# alternative: other torch APIs and swapped operands (torch.transpose, torch.mul(B, A), torch.sum(y * x), torch.cumsum, torch.isclose-free .item() bools, matvec/matmul from the student's own dot/matvec helpers, float64 means for ints, pow/sqrt)
"""Lesson 03: linear algebra (线性代数) with other torch functions."""
import torch


def transpose(A: torch.Tensor) -> torch.Tensor:
    return torch.transpose(A, 0, 1)


def is_symmetric(A: torch.Tensor, tol: float = 0.0) -> bool:
    if A.ndim == 2 and A.size(0) == A.size(1):
        return torch.all(torch.abs(A.t() - A) <= tol).item()
    return False


def hadamard(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    if tuple(B.shape) != tuple(A.shape):
        raise ValueError(f"shapes {tuple(A.shape)} and {tuple(B.shape)} differ")
    return torch.mul(B, A)


def reduce_sums(A: torch.Tensor) -> tuple:
    return torch.sum(A), torch.sum(A, dim=0), torch.sum(A, dim=-1)


def row_normalize(A: torch.Tensor) -> torch.Tensor:
    return (A.t() / A.sum(dim=1)).t()


def column_means(A: torch.Tensor) -> torch.Tensor:
    if A.is_floating_point():
        return A.mean(dim=0)
    return A.double().mean(dim=0)


def cumulative_sum(A: torch.Tensor, axis: int) -> torch.Tensor:
    return torch.cumsum(A, dim=axis)


def dot(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if x.numel() != y.numel() or x.shape != y.shape:
        raise ValueError("dot: lengths differ")
    return torch.sum(y * x)


def matvec(A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    if A.size(-1) != x.size(0):
        raise ValueError("matvec: sizes differ")
    return torch.stack([dot(row, x) for row in A])


def matmul(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    if A.size(1) != B.size(0):
        raise ValueError("matmul: sizes differ")
    return torch.stack([matvec(A, B[:, j]) for j in range(B.size(1))], dim=1)


def l1_norm(u: torch.Tensor) -> torch.Tensor:
    return torch.abs(u).sum()


def l2_norm(u: torch.Tensor) -> torch.Tensor:
    return u.pow(2).sum().sqrt()


def frobenius_norm(A: torch.Tensor) -> torch.Tensor:
    return torch.sum(torch.square(A)) ** 0.5
