# alternative: plain beginner loops over rows and elements into zeros(..., device=...) tensors, Python float comparisons in is_symmetric, prints nothing fancy
"""Lesson 03: linear algebra (线性代数), written with loops."""
import torch


def transpose(A):
    rows, cols = A.shape
    out = torch.zeros(cols, rows, dtype=A.dtype, device=A.device)
    for i in range(rows):
        for j in range(cols):
            out[j, i] = A[i, j]
    return out


def is_symmetric(A, tol=0.0):
    if len(A.shape) != 2:
        return False
    rows, cols = A.shape
    if rows != cols:
        return False
    for i in range(rows):
        for j in range(cols):
            if abs(A[i, j].item() - A[j, i].item()) > tol:
                return False
    return True


def hadamard(A, B):
    if A.shape != B.shape:
        raise ValueError("A and B must have the same shape")
    rows, cols = A.shape
    out = torch.zeros(rows, cols, dtype=A.dtype, device=A.device)
    for i in range(rows):
        for j in range(cols):
            out[i, j] = A[i, j] * B[i, j]
    return out


def reduce_sums(A):
    rows, cols = A.shape
    total = torch.zeros((), dtype=A.dtype, device=A.device)
    col_sums = torch.zeros(cols, dtype=A.dtype, device=A.device)
    row_sums = torch.zeros(rows, dtype=A.dtype, device=A.device)
    for i in range(rows):
        for j in range(cols):
            total = total + A[i, j]
            col_sums[j] = col_sums[j] + A[i, j]
            row_sums[i] = row_sums[i] + A[i, j]
    return (total, col_sums, row_sums)


def row_normalize(A):
    out = A.clone()
    for i in range(A.shape[0]):
        s = 0
        for j in range(A.shape[1]):
            s = s + A[i, j]
        for j in range(A.shape[1]):
            out[i, j] = A[i, j] / s
    return out


def column_means(A):
    A = A * 1.0          # an int tensor becomes float32, a float tensor keeps its dtype
    rows, cols = A.shape
    out = torch.zeros(cols, dtype=A.dtype, device=A.device)
    for j in range(cols):
        s = 0
        for i in range(rows):
            s = s + A[i, j]
        out[j] = s / rows
    return out


def cumulative_sum(A, axis):
    out = A.clone()
    rows, cols = A.shape
    if axis == 0:
        for i in range(1, rows):
            out[i] = out[i - 1] + A[i]
    else:
        for j in range(1, cols):
            out[:, j] = out[:, j - 1] + A[:, j]
    return out


def dot(x, y):
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    total = torch.zeros((), dtype=x.dtype, device=x.device)
    for i in range(len(x)):
        total = total + x[i] * y[i]
    return total


def matvec(A, x):
    m, n = A.shape
    if n != len(x):
        raise ValueError("A has %d columns but x has %d elements" % (n, len(x)))
    out = torch.zeros(m, dtype=A.dtype, device=A.device)
    for i in range(m):
        for k in range(n):
            out[i] = out[i] + A[i, k] * x[k]
    return out


def matmul(A, B):
    m, k = A.shape
    k2, n = B.shape
    if k != k2:
        raise ValueError("inner sizes differ: %d and %d" % (k, k2))
    out = torch.zeros(m, n, dtype=A.dtype, device=A.device)
    for i in range(m):
        for j in range(n):
            for t in range(k):
                out[i, j] = out[i, j] + A[i, t] * B[t, j]
    return out


def l1_norm(u):
    total = torch.zeros((), dtype=u.dtype, device=u.device)
    for value in u:
        total = total + abs(value)
    return total


def l2_norm(u):
    total = torch.zeros((), dtype=u.dtype, device=u.device)
    for value in u:
        total = total + value ** 2
    return total ** 0.5


def frobenius_norm(A):
    total = torch.zeros((), dtype=A.dtype, device=A.device)
    for row in A:
        for value in row:
            total = total + value * value
    return torch.sqrt(total)
