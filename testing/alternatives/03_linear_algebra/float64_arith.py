# alternative: every computation in float64, cast back to the input dtype; broadcasting with unsqueeze; torch.where for is_symmetric; int means as float64
"""Lesson 03: linear algebra (线性代数), accumulated in float64."""
import torch


def _f64(t):
    return t.to(torch.float64)


def transpose(A):
    return A.permute(1, 0).clone()


def is_symmetric(A, tol=0.0):
    if A.dim() != 2 or A.shape[0] != A.shape[1]:
        return False
    diff = _f64(A) - _f64(A).T
    return not bool(torch.where(diff.abs() > tol, 1, 0).sum() > 0)


def hadamard(A, B):
    if list(A.shape) != list(B.shape):
        raise ValueError("hadamard: shapes differ")
    return (_f64(A) * _f64(B)).to(A.dtype)


def reduce_sums(A):
    a = _f64(A)
    return a.sum().to(A.dtype), a.sum(0).to(A.dtype), a.sum(1).to(A.dtype)


def row_normalize(A):
    a = _f64(A)
    return (a / a.sum(1).unsqueeze(1)).to(A.dtype)


def column_means(A):
    means = _f64(A).sum(0) / A.shape[0]
    return means.to(A.dtype) if A.is_floating_point() else means


def cumulative_sum(A, axis):
    return _f64(A).cumsum(axis).to(A.dtype)


def dot(x, y):
    if x.shape != y.shape:
        raise ValueError("dot: lengths differ")
    return (_f64(x) * _f64(y)).sum().to(x.dtype)


def matvec(A, x):
    if A.shape[1] != x.shape[0]:
        raise ValueError("matvec: sizes differ")
    return (_f64(x).unsqueeze(0) * _f64(A)).sum(1).to(A.dtype)


def matmul(A, B):
    if A.shape[1] != B.shape[0]:
        raise ValueError("matmul: sizes differ")
    products = _f64(B).unsqueeze(0) * _f64(A).unsqueeze(2)   # (m, k, n)
    return products.sum(1).to(A.dtype)


def l1_norm(u):
    return _f64(u).abs().sum().to(u.dtype)


def l2_norm(u):
    return torch.sqrt((_f64(u) ** 2).sum()).to(u.dtype)


def frobenius_norm(A):
    return torch.sqrt((_f64(A) * _f64(A)).sum()).to(A.dtype)
