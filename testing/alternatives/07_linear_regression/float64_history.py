# alternative: the history measured separately in float64 under no_grad before each step (the training loss stays in the model's dtype), a while loop, an if/elif chain on name.upper(), MSELoss with reduction='mean' spelled out, predict under torch.inference_mode() and set_grad_enabled, x * w + b written with the bias first
import torch


class LinearModel(torch.nn.Module):
    def __init__(self):
        torch.nn.Module.__init__(self)
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        return self.linear(x)


def make_optimizer(model, name, lr):
    key = name.upper()
    params = list(model.parameters())
    if key == "SGD":
        opt = torch.optim.SGD(params, lr=lr)
    elif key == "ADAM":
        opt = torch.optim.Adam(params, lr=lr)
    elif key == "ADAGRAD":
        opt = torch.optim.Adagrad(params, lr=lr)
    elif key == "ADAMAX":
        opt = torch.optim.Adamax(params, lr=lr)
    elif key == "ASGD":
        opt = torch.optim.ASGD(params, lr=lr)
    elif key == "RMSPROP":
        opt = torch.optim.RMSprop(params, lr=lr)
    elif key == "RPROP":
        opt = torch.optim.Rprop(params, lr=lr)
    else:
        raise ValueError(f"unsupported optimizer {name}")
    return opt


def train(model, x, y, epochs=1000, lr=0.01, optimizer='sgd'):
    criterion = torch.nn.MSELoss(reduction='mean')
    opt = make_optimizer(model, optimizer, lr)
    history = []
    epoch = 0
    while epoch < epochs:
        with torch.no_grad():
            err = model(x).double() - y.double()
            history.append((err * err).sum().item() / len(x))
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
        epoch += 1
    return history


def predict(model, x):
    with torch.set_grad_enabled(False):
        with torch.inference_mode():
            return model.linear.bias + x * model.linear.weight[0, 0]
