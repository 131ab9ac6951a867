"""Lesson 10 (blind set): pick a device, move data and models, one training step, time a matmul; from the README."""
import time

import torch


def pick_device(prefer=None):
    """A torch.device: CUDA if available else CPU, or the preferred device if this machine has it."""
    if prefer is None:
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        device = torch.device(prefer)
    except (RuntimeError, TypeError, ValueError) as error:
        raise ValueError(f"{prefer!r} is not a device name") from error
    if device.type in ("cpu", "meta"):
        return device.type
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"{prefer!r}: this machine has no CUDA device")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise ValueError(f"{prefer!r}: this machine has only {torch.cuda.device_count()} CUDA device(s)")
        return device
    raise ValueError(f"{prefer!r}: not a device this machine has")


def to_device(obj, device):
    """obj moved to device: tensors, modules, and nested lists, tuples and dicts of them."""
    if isinstance(obj, (torch.Tensor, torch.nn.Module)):
        return obj.to(device)
    if isinstance(obj, dict):
        return {key: to_device(value, device) for key, value in obj.items()}
    if isinstance(obj, list):
        return [to_device(item, device) for item in obj]
    if isinstance(obj, tuple):
        return tuple(to_device(item, device) for item in obj)
    return obj


def train_step(model, batch, optimizer, loss_fn):
    """One optimizer step on (x, y), moved to the model's device; the loss before the step."""
    device = next(model.parameters()).device
    x, y = batch
    x = x.to(device)
    y = y.to(device)
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def benchmark_matmul(n, device):
    """Seconds for one n x n float32 matmul on device, after a warm-up."""
    device = torch.device(device)
    a = torch.rand(n, n, device=device)
    b = torch.rand(n, n, device=device)
    a @ b
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    a @ b
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start
