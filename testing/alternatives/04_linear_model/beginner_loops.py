# alternative: the notes' own beginner style (loops, zip, l_sum += loss, y_pred * y_pred, prints while searching, pyplot figure, nested lists); demo code at module level as in the notes
import numpy as np
import matplotlib.pyplot as plt


def forward(x, w):
    return x * w


def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) * (y_pred - y)


def mse(xs, ys, w):
    l_sum = 0
    for x_val, y_val in zip(xs, ys):
        loss_val = loss(x_val, y_val, w)
        l_sum += loss_val
    return l_sum / len(xs)


def grid_search(xs, ys, ws=None):
    if ws is None:
        ws = np.arange(0.0, 4.1, 0.1)
    w_list = []
    mse_list = []
    for w in ws:
        print("w = ", w)
        l_sum = 0
        for x_val, y_val in zip(xs, ys):
            y_pred_val = forward(x_val, w)
            loss_val = loss(x_val, y_val, w)
            l_sum += loss_val
            print('\t', x_val, y_val, y_pred_val, loss_val)
        print("MSE = ", l_sum / len(xs))
        w_list.append(w)
        mse_list.append(l_sum / len(xs))
    best_w = w_list[0]
    best_mse = mse_list[0]
    for i in range(len(w_list)):
        if mse_list[i] < best_mse:
            best_mse = mse_list[i]
            best_w = w_list[i]
    return best_w, mse_list


def plot_mse(ws, mses):
    plt.plot(ws, mses)          # the notes' way: draw on pyplot's current figure
    plt.xlabel('w')
    plt.ylabel('MSE')
    return plt.gcf()


def forward_affine(x, w, b):
    return x * w + b


def mse_surface(xs, ys, ws, bs):
    rows = []
    for w in ws:
        row = []
        for b in bs:
            l_sum = 0
            for x_val, y_val in zip(xs, ys):
                y_pred_val = forward_affine(x_val, w, b)
                l_sum += (y_pred_val - y_val) * (y_pred_val - y_val)
            row.append(l_sum / len(xs))
        rows.append(row)
    return np.array(rows)

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]
w_list, mse_list = [], []
for w in np.arange(0.0, 4.1, 0.1):
    print('w=', w)
    mse_list.append(mse(x_data, y_data, w))
    w_list.append(w)
plt.plot(w_list, mse_list)
plt.ylabel('Loss')
plt.xlabel('w')
plt.show()
