# alternative: getattr(torch.optim, ...) with a lower-case -> torch spelling map, the loss written out as ((y - y_pred) ** 2).mean() (operands swapped), zero_grad at the end of each epoch (after step), history entries as numpy.float64, functional linear with self.linear's weight and bias, predict with .detach()
import numpy as np
import torch

TORCH_NAMES = {"sgd": "SGD", "adam": "Adam", "adagrad": "Adagrad", "adamax": "Adamax",
               "asgd": "ASGD", "rmsprop": "RMSprop", "rprop": "Rprop"}


class LinearModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        return torch.nn.functional.linear(x, self.linear.weight, self.linear.bias)


def make_optimizer(model, name, lr):
    if not isinstance(name, str) or name.lower() not in TORCH_NAMES:
        raise ValueError("optimizer must be one of " + ", ".join(TORCH_NAMES))
    return getattr(torch.optim, TORCH_NAMES[name.lower()])(model.parameters(), lr)


def train(model, x, y, epochs=1000, lr=0.01, optimizer='sgd'):
    opt = make_optimizer(model, optimizer, lr)
    history = []
    for epoch in range(epochs):
        loss = ((y - model(x)) ** 2).mean()
        history.append(np.float64(loss.item()))
        loss.backward()
        opt.step()
        opt.zero_grad()
    return history


def predict(model, x):
    return model(x).detach()
