# alternative: the notes' style: device = torch.device("cuda" if torch.cuda.is_available() else "cpu") at module level, if/elif isinstance chains with loops, time.time(), torch.mm, prints while training, demo code at module level
import time

import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pick_device(prefer=None):
    if prefer is None:
        return device
    if prefer == "cpu":
        return torch.device("cpu")
    if prefer == "cuda":
        if torch.cuda.is_available():
            return torch.device("cuda")
        raise ValueError("cuda is not available on this machine")
    raise ValueError("unknown device: " + str(prefer))


def to_device(obj, device):
    if isinstance(obj, torch.Tensor):
        obj = obj.to(device)
        return obj
    elif isinstance(obj, torch.nn.Module):
        obj.to(device)
        return obj
    elif isinstance(obj, list):
        new_list = []
        for item in obj:
            new_list.append(to_device(item, device))
        return new_list
    elif isinstance(obj, tuple):
        new_list = []
        for item in obj:
            new_list.append(to_device(item, device))
        return tuple(new_list)
    elif isinstance(obj, dict):
        new_dict = {}
        for key in obj:
            new_dict[key] = to_device(obj[key], device)
        return new_dict
    else:
        return obj


def train_step(model, batch, optimizer, loss_func):
    x, y = batch
    device = list(model.parameters())[0].device
    x = x.to(device)
    y = y.to(device)
    out = model(x)
    loss = loss_func(out, y)     # must be (1. nn output, 2. target)
    optimizer.zero_grad()        # clear gradients for next train
    loss.backward()              # backpropagation, compute gradients
    optimizer.step()             # apply gradients
    print("loss:", loss.item())
    return loss.item()


def benchmark_matmul(n, device):
    a = torch.rand(n, n).to(device)
    b = torch.rand(n, n).to(device)
    if str(device).startswith("cuda"):
        torch.cuda.synchronize()
    start = time.time()
    c = torch.mm(a, b)
    if str(device).startswith("cuda"):
        torch.cuda.synchronize()
    end = time.time()
    print("time:", end - start, "seconds on", device)
    return end - start


data = torch.rand(3, 4)
print(f"Shape of data: {data.shape}")
print(f"Datatype of data: {data.dtype}")
print(f"Device data is stored on: {data.device}")
if torch.cuda.is_available():
    data = data.to('cuda')
print(f"Device data is stored on: {data.device}")
