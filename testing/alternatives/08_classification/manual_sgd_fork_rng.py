# alternative: make_clusters seeds torch inside torch.random.fork_rng() (the global state is restored) and uses randn + mean; labels from a Python list; Net with torch.relu; F.cross_entropy with a hand-written SGD step on p.data and p.grad.zero_(); accuracy as sum / len with Python floats; predict with torch.no_grad() and argmax(1)
import torch
import torch.nn.functional as F


def make_clusters(n_per_class=100, seed=0):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        x0 = torch.randn(n_per_class, 2) + 2
        x1 = torch.randn(n_per_class, 2) - 2
    y = torch.tensor([0] * n_per_class + [1] * n_per_class)
    return torch.cat([x0, x1]), y


class Net(torch.nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        torch.nn.Module.__init__(self)
        self.hidden = torch.nn.Linear(n_feature, n_hidden)
        self.out = torch.nn.Linear(n_hidden, n_output)

    def forward(self, x):
        h = torch.relu(self.hidden(x))
        logits = self.out(h)
        return logits


def accuracy(logits, y):
    correct = (logits.argmax(1) == y).sum().item()
    return correct / len(y)


def train_classifier(net, x, y, epochs=100, lr=0.02):
    losses = []
    for p in net.parameters():
        p.grad = None
    for i in range(epochs):
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        for p in net.parameters():
            p.data -= lr * p.grad
            p.grad.zero_()
        losses.append(loss.item())
    return losses


def predict(net, x):
    with torch.no_grad():
        return net(x).argmax(1)
