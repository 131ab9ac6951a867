# alternative: functools.singledispatch for to_device, torch.device(prefer) parsed then checked with torch.cuda.device_count(), zero_grad(set_to_none=False) before the forward, results as numpy.float64, CUDA timed with torch.cuda.Event, the CPU averaged over repeats with time.perf_counter
import functools
import time

import numpy as np
import torch


def pick_device(prefer=None):
    if prefer is None:
        prefer = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        dev = torch.device(prefer)
    except RuntimeError as err:
        raise ValueError(f"{prefer!r} is not a device") from err
    if dev.type == "cpu":
        return dev
    if dev.type == "cuda" and torch.cuda.device_count() > (dev.index or 0):
        return dev
    raise ValueError(f"{prefer!r} is not available here")


@functools.singledispatch
def _move(obj, device):
    return obj


@_move.register
def _(obj: torch.Tensor, device):
    return obj.to(device)


@_move.register
def _(obj: torch.nn.Module, device):
    return obj.to(device)


@_move.register
def _(obj: list, device):
    return [_move(x, device) for x in obj]


@_move.register
def _(obj: tuple, device):
    return tuple(_move(x, device) for x in obj)


@_move.register
def _(obj: dict, device):
    return {k: _move(v, device) for k, v in obj.items()}


def to_device(obj, device):
    return _move(obj, device)


def train_step(model, batch, optimizer, loss_fn):
    optimizer.zero_grad(set_to_none=False)
    dev = next(iter(model.parameters())).device
    inputs, targets = batch[0].to(dev), batch[1].to(dev)
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return np.float64(loss.detach().cpu().numpy())


def benchmark_matmul(n, device):
    dev = torch.device(device)
    a = torch.randn(n, n, device=dev)
    b = torch.randn(n, n, device=dev)
    torch.matmul(a, b)
    if dev.type == "cuda":
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        torch.cuda.synchronize(dev)
        start.record()
        torch.matmul(a, b)
        end.record()
        end.synchronize()
        return np.float64(start.elapsed_time(end) / 1000.0)    # elapsed_time is in milliseconds
    repeats = 3
    t0 = time.perf_counter()
    for _ in range(repeats):
        torch.matmul(a, b)
    return np.float64((time.perf_counter() - t0) / repeats)
