# alternative: torch in float32 (mse via .item(), surface via broadcasting then .numpy() float32), swapped operands, default grid as a list comprehension, min() with a key, Figure() without pyplot
import torch
from matplotlib.figure import Figure


def forward(x, w):
    return w * x


def loss(x, y, w):
    return pow(y - forward(x, w), 2)


def mse(xs, ys, w):
    x = torch.tensor(xs, dtype=torch.float32)
    y = torch.tensor(ys, dtype=torch.float32)
    return loss(x, y, float(w)).mean().item()


def grid_search(xs, ys, ws=None):
    if ws is None:
        ws = [i / 10 for i in range(41)]
    mses = [mse(xs, ys, w) for w in ws]
    best = min(range(len(mses)), key=lambda i: mses[i])
    return float(ws[best]), mses


def plot_mse(ws, mses):
    fig = Figure(figsize=(5, 4))
    ax = fig.add_subplot(1, 1, 1)
    ax.plot(list(ws), list(mses), "b-")
    ax.set_ylabel("MSE")
    ax.set_xlabel("w")
    return fig


def forward_affine(x, w, b):
    return w * x + b


def mse_surface(xs, ys, ws, bs):
    x = torch.tensor(xs, dtype=torch.float32).reshape(-1, 1, 1)
    y = torch.tensor(ys, dtype=torch.float32).reshape(-1, 1, 1)
    w = torch.tensor([float(v) for v in ws], dtype=torch.float32).reshape(1, -1, 1)
    b = torch.tensor([float(v) for v in bs], dtype=torch.float32).reshape(1, 1, -1)
    return ((forward_affine(x, w, b) - y) ** 2).mean(dim=0).numpy()
