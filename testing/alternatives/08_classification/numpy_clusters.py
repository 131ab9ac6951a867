# alternative: numpy clusters from numpy.random.default_rng(seed) turned into float32/int64 tensors; the ReLU as a module attribute (self.act = nn.ReLU()); accuracy computed in numpy, returned as numpy.float64; argmax(dim=1); zero_grad after the step; float(loss) in the history; predict on a detached output
import numpy as np
import torch
from torch import nn


def make_clusters(n_per_class=100, seed=0):
    rng = np.random.default_rng(seed)
    x0 = rng.normal(loc=2.0, scale=1.0, size=(n_per_class, 2))
    x1 = rng.normal(loc=-2.0, scale=1.0, size=(n_per_class, 2))
    x = np.concatenate([x0, x1]).astype(np.float32)
    y = np.repeat(np.array([0, 1], dtype=np.int64), n_per_class)
    return torch.from_numpy(x), torch.from_numpy(y)


class Net(nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        super().__init__()
        self.hidden = nn.Linear(n_feature, n_hidden)
        self.act = nn.ReLU()
        self.out = nn.Linear(n_hidden, n_output)

    def forward(self, x):
        return self.out(self.act(self.hidden(x)))


def accuracy(logits, y):
    pred = logits.detach().argmax(dim=1).cpu().numpy()
    return np.mean(pred == y.cpu().numpy())


def train_classifier(net, x, y, epochs=100, lr=0.02):
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(params=net.parameters(), lr=lr)
    history = []
    for epoch in range(epochs):
        loss = criterion(net(x), y)
        history.append(float(loss))
        loss.backward()
        opt.step()
        opt.zero_grad()
    return history


def predict(net, x):
    return net(x).detach().argmax(dim=1)
