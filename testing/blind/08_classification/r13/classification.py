"""Lesson 08 (blind set): two Gaussian clusters and the notes' Net classifier, from the README."""
import torch
import torch.nn.functional as F


def make_clusters(n_per_class=100, seed=0):
    """(x, y): n points around (+2, +2) labelled 0, then n around (-2, -2) labelled 1."""
    gen = torch.Generator().manual_seed(seed)
    ones = torch.ones(n_per_class, 2)
    x0 = torch.normal(2 * ones, 1.0, generator=gen)
    x1 = torch.normal(-2 * ones, 1.0, generator=gen)
    x = torch.cat((x0, x1), dim=0).to(torch.float32)
    y = torch.cat((torch.zeros(n_per_class), torch.ones(n_per_class))).to(torch.int64)
    return x, y


class Net(torch.nn.Module):
    """hidden Linear -> ReLU -> out Linear, raw logits out."""

    def __init__(self, n_feature, n_hidden, n_output):
        super().__init__()
        self.hidden = torch.nn.Linear(n_feature, n_hidden)
        self.out = torch.nn.Linear(n_hidden, n_output)

    def forward(self, x):
        """Logits of shape (N, n_output)."""
        h = F.relu(self.hidden(x))
        return self.out(h)


def accuracy(logits, y):
    """Fraction of rows whose argmax over dim 1 equals the label."""
    pred = logits.argmax(dim=1)
    return (pred == y).float().mean().item()


def train_classifier(net, x, y, epochs=100, lr=0.02):
    """Full-batch SGD on CrossEntropyLoss; the loss of each epoch before its step."""
    loss_func = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        out = net(x)
        loss = loss_func(out, y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return losses


def predict(net, x):
    """Index of each row's largest logit, without a graph."""
    with torch.no_grad():
        out = net(x)
    return torch.max(out, 0)[1]
