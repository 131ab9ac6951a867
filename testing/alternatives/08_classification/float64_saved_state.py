# alternative: make_clusters saves the global torch state, seeds it, draws float64 with torch.normal(mean, std, size) and restores the state, then casts to float32; the loss computed in float64 (out.double()); accuracy in float64 with the comparison operands swapped (y == pred); predict via torch.max(...).indices under torch.inference_mode()
import torch


def make_clusters(n_per_class=100, seed=0):
    saved = torch.get_rng_state()
    torch.manual_seed(seed)
    first = torch.normal(2.0, 1.0, size=(n_per_class, 2), dtype=torch.float64)
    second = torch.normal(-2.0, 1.0, size=(n_per_class, 2), dtype=torch.float64)
    torch.set_rng_state(saved)
    x = torch.vstack([first, second]).to(torch.float32)
    y = torch.zeros(2 * n_per_class, dtype=torch.long)
    y[n_per_class:] = 1
    return x, y


class Net(torch.nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        super().__init__()
        self.out = torch.nn.Linear(n_hidden, n_output)
        self.hidden = torch.nn.Linear(n_feature, n_hidden)

    def forward(self, x):
        return self.out(self.hidden(x).clamp(min=0))


def accuracy(logits, y):
    pred = torch.max(logits, dim=1).indices
    return (y == pred).to(torch.float64).mean().item()


def train_classifier(net, x, y, epochs=100, lr=0.02):
    loss_fn = torch.nn.CrossEntropyLoss(reduction="mean")
    optimizer = torch.optim.SGD(net.parameters(), lr)
    history = []
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = loss_fn(net(x).double(), y)
        loss.backward()
        optimizer.step()
        history.append(loss.item())
    return history


def predict(net, x):
    with torch.inference_mode():
        return torch.max(net(x), dim=1).indices
