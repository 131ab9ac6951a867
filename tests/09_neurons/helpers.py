"""What lesson 09's public and hidden tests share (shipped with the public tests): the
tolerances of a sum of products and the check of a call on meta-device inputs."""
import torch

from grader.checks import StudentRaised, check_tensor, fail

# Sums of products add terms in an order the student chooses (loops or vectorised).
SUM = {"rtol": 1e-5, "atol": 1e-5}


def meta(*shape, dtype=torch.float32):
    """An empty tensor of ``shape`` on the meta device (shape and dtype, no data)."""
    return torch.empty(shape, dtype=dtype, device="meta")


def on_meta(call, expected, what):
    """Call with meta-device inputs and check shape, dtype and device of the result.  Code
    that reads values (.item(), float()) cannot run on meta at all: the meta check cannot
    judge it and lets it pass (the CUDA test still checks it on a GPU machine)."""
    try:
        out = call()
    except StudentRaised as exc:
        if exc.is_a(RuntimeError) and "cannot be called on meta tensors" in exc.message:
            return
        if "meta" in exc.message or "device" in exc.message:
            trace = f"\n{exc.student_traceback}" if exc.student_traceback else ""
            fail(f"{exc}{trace}\nThe inputs are on the 'meta' device (shapes and dtypes, no data): a tensor created "
                 "without device= (such as torch.zeros(n, h)) is on the CPU and cannot meet them; create it with "
                 "device=X.device (and dtype=X.dtype) or a *_like function.")
        raise
    check_tensor(out, expected, what)
