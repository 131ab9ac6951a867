"""What lesson 10's public and hidden tests share (shipped with the public tests): the check
of a returned device, a call on the meta device, the check of a time in seconds and this
machine's own time for a matmul, and train_step's reference (the same steps with plain PyTorch)
and the check of a student's steps against it."""
import math
import time

import torch

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, StudentRaised, check, check_float, check_tensor, check_type


def check_device(out, device_type, what):
    """A torch.device (not a string) of type ``device_type``."""
    check_type(out, torch.device, what)
    check(out.type == device_type, f"{what}: expected a torch.device of type '{device_type}', got {out!r}")


def reference_steps(weights, batches, optimizer="SGD", lr=0.1, loss="MSELoss"):
    """A plain ``nn.Linear`` holding ``weights``, one step of ``torch.optim.<optimizer>`` under
    ``torch.nn.<loss>`` per batch: (each step's loss before its update, the trained Linear)."""
    n_out, n_in = weights["weight"].shape
    ref = torch.nn.Linear(n_in, n_out, dtype=weights["weight"].dtype)
    ref.load_state_dict(weights)
    ref_opt = getattr(torch.optim, optimizer)(ref.parameters(), lr)
    ref_loss = getattr(torch.nn, loss)()
    losses = []
    for x, y in batches:
        ref_opt.zero_grad()
        value = ref_loss(ref(x), y)
        value.backward()
        ref_opt.step()
        losses.append(value.item())
    return losses, ref


def check_steps(student, what, weights, batches, *, device="cpu", optimizer="SGD", lr=0.1, loss="MSELoss",
                stale=None):
    """The student's ``train_step`` once per batch (batches on the CPU) on an ``nn.Linear`` on
    ``device`` holding ``weights`` (and ``stale`` gradients already in ``.grad``): each returned
    loss and the final weights against ``reference_steps``."""
    losses, ref = reference_steps(weights, batches, optimizer, lr, loss)
    n_out, n_in = weights["weight"].shape
    model = student.probe("torch_object", "nn.Linear", n_in, n_out)
    if weights["weight"].dtype == torch.float64:
        model.double()
    if device != "cpu":
        model.to(device)
    model.load_state_dict(weights)
    opt = student.probe("torch_object", f"optim.{optimizer}", model.parameters(), lr)
    loss_fn = student.probe("torch_object", f"nn.{loss}")
    if stale is not None:
        student.probe("set_grads", model, stale)
    for i, (x, y) in enumerate(batches):
        check_float(student.train_step(model, (x, y), opt, loss_fn), losses[i],
                    f"{what}: the loss returned by step {i + 1} of {len(batches)}", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    after = model.state_dict()
    for key in ("weight", "bias"):
        check_tensor(after[key], getattr(ref, key).detach().to(device),
                     f"{what}: the {key} after {len(batches)} step(s)", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


# What correct code raises on the meta device, which holds no values (``loss.item()``, ``float(t)``).
NO_VALUES_ON_META = ("cannot be called on meta tensors", "Cannot copy out of meta tensor")


def on_meta(call, what):
    """Run ``call``; a failure only because meta tensors hold no values is no mistake."""
    try:
        return call()
    except StudentRaised as exc:
        check(any(words in exc.message for words in NO_VALUES_ON_META),
              f"{what} raised {exc.type_name}: {exc.message}")


def check_seconds(out, what):
    """A positive, finite Python float (a number of seconds)."""
    check(isinstance(out, float) and not isinstance(out, bool),
          f"{what}: expected a Python float (seconds), got {type(out).__name__} ({out!r})")
    check(math.isfinite(out) and out > 0, f"{what}: expected a positive number of seconds, got {out!r}")


def own_seconds(n, device, dtype=torch.float32, repeats=5):
    """This machine's best time for one n x n matmul on ``device`` (synchronised on CUDA)."""
    a = torch.rand(n, n, device=device, dtype=dtype)
    b = torch.rand(n, n, device=device, dtype=dtype)
    a @ b
    best = math.inf
    for _ in range(repeats):
        if a.is_cuda:
            torch.cuda.synchronize()
        start = time.perf_counter()
        a @ b
        if a.is_cuda:
            torch.cuda.synchronize()
        best = min(best, time.perf_counter() - start)
    return best
