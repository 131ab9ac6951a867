"""Lesson 07 (blind set): linear regression with nn.Module, MSELoss and torch.optim, from the README."""
import torch

_OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adagrad": torch.optim.Adagrad,
    "adamax": torch.optim.Adamax,
    "asgd": torch.optim.ASGD,
    "rmsprop": torch.optim.RMSprop,
    "rprop": torch.optim.Rprop,
}


class LinearModel(torch.nn.Module):
    """y_hat = w * x + b as one torch.nn.Linear(1, 1)."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        """Predictions of shape (n, 1), with their graph."""
        return self.linear(x)


def make_optimizer(model, name, lr):
    """The named torch.optim optimizer over model.parameters(), torch's defaults but lr."""
    key = name.lower()
    if key not in _OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {sorted(_OPTIMIZERS)}")
    return _OPTIMIZERS[key](model.parameters(), lr=lr)


def train(model, x, y, epochs=1000, lr=0.01, optimizer='sgd'):
    """Full-batch training with the mean squared error; the loss of each epoch before its step."""
    opt = make_optimizer(model, optimizer, lr)
    criterion = torch.nn.MSELoss()
    history = []
    for _ in range(epochs):
        y_pred = model(x)
        loss = criterion(y_pred, y)
        history.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return history


def predict(model, x):
    """model(x) without a graph."""
    return model(x)
