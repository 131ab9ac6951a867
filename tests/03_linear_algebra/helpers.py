"""What lesson 03's public and hidden tests share (shipped with the public tests): the check of
the column means of an integer matrix."""
import torch

from grader.checks import check, check_tensor, check_type


def check_float_means(out, A, what):
    """Means of an integer matrix: any floating dtype, the exact means."""
    check_type(out, torch.Tensor, what)
    check(out.dtype.is_floating_point,
          f"{what}: expected a floating-point tensor (float32 or float64) for an integer input, got dtype {out.dtype}")
    expected = A.to(torch.float64).sum(axis=0) / A.shape[0]
    check_tensor(out, expected.to(out.dtype).to(A.device), what)
