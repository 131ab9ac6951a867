# alternative: exactly the notes' style: n_data = torch.ones(n, 2), torch.normal(2*n_data, 1) with a Generator, torch.zeros/ones labels then .type(torch.LongTensor), super(Net, self).__init__(), F.relu, the notes' loop with prints of the accuracy every 2 epochs (torch.max(out, 1)[1], .data.numpy()), numpy accuracy; demo code at module level as in the notes (trains, prints, plots, plt.show())
import torch
import torch.nn.functional as F
import matplotlib.pyplot as plt


def make_clusters(n_per_class=100, seed=0):
    g = torch.Generator()
    g.manual_seed(seed)
    # make fake data
    n_data = torch.ones(n_per_class, 2)
    x0 = torch.normal(2*n_data, 1, generator=g)      # class0 x data (tensor), shape=(100, 2)
    y0 = torch.zeros(n_per_class)                     # class0 y data (tensor), shape=(100, 1)
    x1 = torch.normal(-2*n_data, 1, generator=g)     # class1 x data (tensor), shape=(100, 2)
    y1 = torch.ones(n_per_class)                      # class1 y data (tensor), shape=(100, 1)
    x = torch.cat((x0, x1), 0).type(torch.FloatTensor)  # shape (200, 2) FloatTensor = 32-bit floating
    y = torch.cat((y0, y1), ).type(torch.LongTensor)    # shape (200,) LongTensor = 64-bit integer
    return x, y


class Net(torch.nn.Module):
    def __init__(self, n_feature, n_hidden, n_output):
        super(Net, self).__init__()
        self.hidden = torch.nn.Linear(n_feature, n_hidden)   # hidden layer
        self.out = torch.nn.Linear(n_hidden, n_output)   # output layer

    def forward(self, x):
        x = F.relu(self.hidden(x))      # activation function for hidden layer
        x = self.out(x)
        return x


def accuracy(logits, y):
    prediction = torch.max(logits, 1)[1]
    pred_y = prediction.data.cpu().numpy()
    target_y = y.data.cpu().numpy()
    accuracy = float((pred_y == target_y).astype(int).sum()) / float(target_y.size)
    return accuracy


def train_classifier(net, x, y, epochs=100, lr=0.02):
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss_func = torch.nn.CrossEntropyLoss()  # the target label is NOT an one-hotted
    losses = []
    for t in range(epochs):
        out = net(x)                 # input x and predict based on x
        loss = loss_func(out, y)     # must be (1. nn output, 2. target), the target label is NOT one-hotted
        losses.append(loss.item())
        optimizer.zero_grad()   # clear gradients for next train
        loss.backward()         # backpropagation, compute gradients
        optimizer.step()        # apply gradients
        if t % 2 == 0:
            print('epoch', t, 'loss', loss.item(), 'Accuracy=%.2f' % accuracy(out, y))
    return losses


def predict(net, x):
    with torch.no_grad():
        out = net(x)
    prediction = torch.max(out, 1)[1]
    return prediction


x, y = make_clusters()
plt.scatter(x.data.numpy()[:, 0], x.data.numpy()[:, 1], c=y.data.numpy(), s=100, lw=0, cmap='RdYlGn')
net = Net(n_feature=2, n_hidden=10, n_output=2)  # define the network
print(net)  # net architecture
train_classifier(net, x, y, epochs=20)
pred_y = predict(net, x).data.numpy()
plt.cla()
plt.scatter(x.data.numpy()[:, 0], x.data.numpy()[:, 1], c=pred_y, s=100, lw=0, cmap='RdYlGn')
plt.text(1.5, -4, 'Accuracy=%.2f' % accuracy(net(x), y), fontdict={'size': 20, 'color': 'red'})
plt.show()
