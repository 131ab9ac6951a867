# alternative: exactly the notes' style: super(LinearModel, self).__init__(), criterion = torch.nn.MSELoss(), optimizer.zero_grad() after the forward pass, print(epoch, loss) while training, an if/elif make_optimizer, predict via model(x).data; the notes' demo (training cycle, w, b and y_test printed) runs at module level
import torch


class LinearModel(torch.nn.Module):
    def __init__(self):
        super(LinearModel, self).__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        y_pred = self.linear(x)
        return y_pred


def make_optimizer(model, name, lr):
    name = name.lower()
    if name == 'sgd':
        return torch.optim.SGD(model.parameters(), lr=lr)
    elif name == 'adam':
        return torch.optim.Adam(model.parameters(), lr=lr)
    elif name == 'adagrad':
        return torch.optim.Adagrad(model.parameters(), lr=lr)
    elif name == 'adamax':
        return torch.optim.Adamax(model.parameters(), lr=lr)
    elif name == 'asgd':
        return torch.optim.ASGD(model.parameters(), lr=lr)
    elif name == 'rmsprop':
        return torch.optim.RMSprop(model.parameters(), lr=lr)
    elif name == 'rprop':
        return torch.optim.Rprop(model.parameters(), lr=lr)
    else:
        raise ValueError("unknown optimizer: " + name)


def train(model, x, y, epochs=1000, lr=0.01, optimizer='sgd'):
    criterion = torch.nn.MSELoss()
    opt = make_optimizer(model, optimizer, lr)
    loss_list = []
    for epoch in range(epochs):
        # 前馈
        y_pred = model(x)
        loss = criterion(y_pred, y)
        print(epoch, loss)
        loss_list.append(loss.item())
        # 反馈
        opt.zero_grad()
        loss.backward()
        # 更新
        opt.step()
    return loss_list


def predict(model, x):
    y_test = model(x)
    return y_test.data


x_data = torch.tensor([[1.0], [2.0], [3.0]])
y_data = torch.tensor([[1.98], [4.12], [5.95]])

model = LinearModel()
criterion = torch.nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

for epoch in range(1000):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    print(epoch, loss)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print('w = ', model.linear.weight.item())
print('b = ', model.linear.bias.item())

x_test = torch.Tensor([[4.0], [5.0]])
y_test = model(x_test)
print("y_test = ", y_test.data)
