# alternative: the products and norms as methods of the student's own vector class (Vec.dot, Vec @ Vec, Vec.norm: names of forbidden tensor methods, on an object of their own, built from elementwise products and sums); the rest as other_apis
"""Lesson 03: linear algebra (线性代数) with a small vector class of my own."""
import torch


class Vec:
    """A 1-D tensor with the products of the notes written out."""

    def __init__(self, values: torch.Tensor):
        self.values = values

    def dot(self, other: "Vec") -> torch.Tensor:
        if self.values.shape != other.values.shape:
            raise ValueError(f"dot: lengths {self.values.numel()} and {other.values.numel()} differ")
        return (self.values * other.values).sum()

    def __matmul__(self, other: "Vec") -> torch.Tensor:
        return self.dot(other)

    def norm(self, p: int = 2) -> torch.Tensor:
        if p == 1:
            return self.values.abs().sum()
        return (self.values * self.values).sum().sqrt()


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
    return Vec(x).dot(Vec(y))


def matvec(A: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    if A.size(-1) != x.size(0):
        raise ValueError("matvec: sizes differ")
    return torch.stack([Vec(row) @ Vec(x) for row in A])


def matmul(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    if A.size(1) != B.size(0):
        raise ValueError("matmul: sizes differ")
    return torch.stack([matvec(A, B[:, j]) for j in range(B.size(1))], dim=1)


def l1_norm(u: torch.Tensor) -> torch.Tensor:
    return Vec(u.reshape(-1)).norm(1)


def l2_norm(u: torch.Tensor) -> torch.Tensor:
    return Vec(u.reshape(-1)).norm()


def frobenius_norm(A: torch.Tensor) -> torch.Tensor:
    return Vec(A.reshape(-1)).norm()
