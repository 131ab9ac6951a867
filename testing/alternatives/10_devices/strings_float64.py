# alternative: device names parsed by hand ('cuda:N' accepted), containers rebuilt with type(obj)(...), zero_grad between forward and backward, float(loss), float64 matrices multiplied b @ a with one warm-up and several timed repeats, synchronize imported from torch.cuda by name
import time
from torch.cuda import synchronize

import torch


def pick_device(prefer: str | None = None) -> torch.device:
    has_gpu = torch.cuda.is_available()
    if prefer is None:
        return torch.device("cuda") if has_gpu else torch.device("cpu")
    name, _, index = prefer.partition(":")
    if name not in ("cpu", "cuda") or (index and not index.isdigit()):
        raise ValueError(f"unknown device {prefer!r}; use 'cpu' or 'cuda'")
    if name == "cuda" and (not has_gpu or (index and int(index) >= torch.cuda.device_count())):
        raise ValueError(f"{prefer!r} was asked for, but this machine has no such GPU")
    return torch.device(prefer)


def to_device(obj, device):
    if torch.is_tensor(obj) or isinstance(obj, torch.nn.Module):
        return obj.to(device)
    if type(obj) in (list, tuple):
        return type(obj)(to_device(item, device) for item in obj)
    if type(obj) is dict:
        return dict((key, to_device(value, device)) for key, value in obj.items())
    return obj


def train_step(model, batch, optimizer, loss_fn):
    where = next(model.parameters()).device
    x, y = batch
    prediction = model(x.to(where))
    loss = loss_fn(prediction, y.to(where))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return float(loss)


def benchmark_matmul(n, device):
    device = torch.device(device)
    on_gpu = device.type == "cuda"
    a = torch.rand((n, n), dtype=torch.float64).to(device)
    b = torch.rand((n, n), dtype=torch.float64).to(device)
    _ = b @ a                                  # warm-up
    times = []
    for _ in range(3):
        if on_gpu:
            synchronize()
        t0 = time.perf_counter()
        _ = b @ a
        if on_gpu:
            synchronize()
        times.append(time.perf_counter() - t0)
    return sum(times) / len(times)
