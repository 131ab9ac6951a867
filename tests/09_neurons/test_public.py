"""Public tests for lesson 09_neurons (neurons.py): the notes' house-price neuron and
network, the four activations, and the concepts of 菜菜 Lesson 7 (labels, dev set)."""
import pytest
import torch

from grader.checks import check, check_equal, check_raises, check_tensor, check_type

from .helpers import SUM, meta, on_meta


def houses():
    """Four houses: area (m²), rooms, location score; one row per house."""
    return torch.tensor([[100.0, 3.0, 2.0], [80.0, 2.0, 1.0], [120.0, 4.0, 3.0], [60.0, 1.0, 1.0]])


def hidden_layer():
    """The README's hidden layer of three neurons: W1 (3, 3) and b1 (3,)."""
    W1 = torch.tensor([[0.1, -0.1, 0.02], [1.0, 3.0, -1.0], [0.5, 1.0, 3.0]])
    b1 = torch.tensor([-5.0, 1.5, -3.0])
    return W1, b1


def test_perceptron_one_house(student):
    """perceptron of one house [100, 3, 2] with w = [0.5, 10, 20], b = 5.0 is the 0-d tensor 125."""
    out = student.perceptron(torch.tensor([100.0, 3.0, 2.0]), torch.tensor([0.5, 10.0, 20.0]), 5.0)
    check_tensor(out, torch.tensor(125.0), "perceptron(tensor([100., 3., 2.]), tensor([0.5, 10., 20.]), 5.0)", **SUM)


@pytest.mark.points(2)
def test_perceptron_batch_of_houses(student):
    """perceptron of the (4, 3) batch of houses is X @ w + b = [125, 85, 165, 65], shape (4,)"""
    out = student.perceptron(houses(), torch.tensor([0.5, 10.0, 20.0]), 5.0)
    check_tensor(out, torch.tensor([125.0, 85.0, 165.0, 65.0]), "perceptron(X (4, 3), w (3,), 5.0)", **SUM)


@pytest.mark.points(2)
def test_activation_values(student):
    """activation of z = [-2, -1, 0, 1, 2] with 'relu', 'sigmoid', 'tanh' and 'identity'"""
    z = torch.tensor([-2.0, -1.0, 0.0, 1.0, 2.0])
    expected = {"relu": torch.tensor([0.0, 0.0, 0.0, 1.0, 2.0]), "sigmoid": 1 / (1 + torch.exp(-z)),
                "tanh": (torch.exp(z) - torch.exp(-z)) / (torch.exp(z) + torch.exp(-z)), "identity": z.clone()}
    for name, want in expected.items():
        check_tensor(student.activation(z, name), want, f"activation(tensor([-2., -1., 0., 1., 2.]), {name!r})")


def test_activation_keeps_inputs(student):
    """activation leaves z as it was for every name (no relu_, clamp_ or sigmoid_ in place)"""
    for name in ("relu", "sigmoid", "tanh", "identity"):
        z = torch.tensor([[-2.0, 0.5], [1.5, -0.25]])
        seen = student.observe("activation", z, name)
        check_tensor(seen.args_after[0], z, f"z after activation(z, {name!r}) (must not change)", rtol=0, atol=0)


def test_activation_float64(student):
    """activation of a float64 z keeps float64 for every name: z = [[-1.5, 0.25], [3, -0.5]]"""
    z = torch.tensor([[-1.5, 0.25], [3.0, -0.5]], dtype=torch.float64)
    expected = {"relu": torch.tensor([[0.0, 0.25], [3.0, 0.0]], dtype=torch.float64),
                "sigmoid": 1 / (1 + torch.exp(-z)), "tanh": torch.tanh(z), "identity": z.clone()}
    for name, want in expected.items():
        check_tensor(student.activation(z.clone(), name), want,
                     f"activation(tensor([[-1.5, 0.25], [3., -0.5]], dtype=float64), {name!r})")


def test_activation_on_meta(student):
    """activation of a float32 (2, 3, 4) z on the meta device is a (2, 3, 4) float32 result on meta, for every name"""
    for name in ("relu", "sigmoid", "tanh", "identity"):
        on_meta(lambda name=name: student.activation(meta(2, 3, 4), name), meta(2, 3, 4),
                f"activation(z (2, 3, 4) float32 on device 'meta' (no data), {name!r})")


def test_activation_unknown_name(student):
    """activation with an unknown name ('softmax') raises ValueError"""
    check_raises(ValueError, student.activation, torch.tensor([1.0, -1.0]), "softmax",
                 what="activation(tensor([1., -1.]), 'softmax')")


def test_neuron_one_house_relu(student):
    """neuron of houses with w = [0.1, 1, 0.5], b = -9 and the default act='relu': negatives become 0"""
    w = torch.tensor([0.1, 1.0, 0.5])
    # pre-activations: 10 + 3 + 1 - 9 = 5, 8 + 2 + 0.5 - 9 = 1.5, 12 + 4 + 1.5 - 9 = 8.5, 6 + 1 + 0.5 - 9 = -1.5
    check_tensor(student.neuron(houses()[0], w, -9.0), torch.tensor(5.0), "neuron(tensor([100., 3., 2.]), w, -9.0)",
                 **SUM)
    check_tensor(student.neuron(houses(), w, -9.0), torch.tensor([5.0, 1.5, 8.5, 0.0]), "neuron(X (4, 3), w, -9.0)",
                 **SUM)


def test_neuron_other_activations(student):
    """neuron of the houses with w = [0.1, 1, 0.5], b = -9 and act 'tanh', 'sigmoid', 'identity'"""
    w = torch.tensor([0.1, 1.0, 0.5])
    z = torch.tensor([5.0, 1.5, 8.5, -1.5])            # the pre-activations of the test above
    for act, want in (("tanh", torch.tanh(z)), ("sigmoid", torch.sigmoid(z)), ("identity", z)):
        check_tensor(student.neuron(houses(), w, -9.0, act), want, f"neuron(X (4, 3), w, -9.0, {act!r})", **SUM)


@pytest.mark.points(2)
def test_dense_loop_hidden_layer(student):
    """dense_loop of the houses through the README's hidden layer of 3 neurons, act='relu'"""
    W1, b1 = hidden_layer()
    expected = torch.tensor([[9.0, 2.5, 2.0], [5.5, 0.5, 0.0], [12.5, 4.5, 4.4], [2.5, 0.0, 0.2]])
    check_tensor(student.dense_loop(houses(), W1, b1), expected, "dense_loop(X (4, 3), W1 (3, 3), b1 (3,))", **SUM)


def test_dense_loop_more_units_than_inputs(student):
    """dense_loop of X (3, 2) through W (2, 4): 4 units for 2 inputs, every unit computed"""
    X = torch.tensor([[1.0, 2.0], [0.5, -1.0], [-2.0, 1.0]])
    W = torch.tensor([[1.0, 0.5, 2.0, -1.0], [0.5, -1.0, 1.0, 1.0]])
    b = torch.tensor([0.0, 1.0, 0.5, 3.0])
    check_tensor(student.dense_loop(X, W, b, "identity"), X @ W + b,
                 "dense_loop(X (3, 2), W (2, 4), b (4,), 'identity')", **SUM)


def test_dense_loop_meta_device(student):
    """dense_loop of float64 X (3, 2), W (2, 4), b (4,) on the meta device is a (3, 4) float64 result on meta"""
    F64 = torch.float64
    on_meta(lambda: student.dense_loop(meta(3, 2, dtype=F64), meta(2, 4, dtype=F64), meta(4, dtype=F64)),
            meta(3, 4, dtype=F64), "dense_loop(X (3, 2), W (2, 4), b (4,)) float64 on device 'meta' (no data)")


@pytest.mark.points(2)
def test_dense_hidden_layer(student):
    """dense of the houses through the README's hidden layer of 3 neurons, act='relu'"""
    W1, b1 = hidden_layer()
    expected = torch.tensor([[9.0, 2.5, 2.0], [5.5, 0.5, 0.0], [12.5, 4.5, 4.4], [2.5, 0.0, 0.2]])
    check_tensor(student.dense(houses(), W1, b1), expected, "dense(X (4, 3), W1 (3, 3), b1 (3,))", **SUM)


def test_dense_float64(student):
    """dense of a float64 layer (X (2, 3), W (3, 2), b (2,), act='tanh') is float64"""
    F64 = torch.float64
    X = torch.tensor([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]], dtype=F64)
    W = torch.tensor([[0.2, -0.4], [0.1, 0.3], [-0.5, 0.25]], dtype=F64)
    b = torch.tensor([0.1, -0.2], dtype=F64)
    check_tensor(student.dense(X, W, b, "tanh"), torch.tanh(X @ W + b),
                 "dense(X (2, 3), W (3, 2), b (2,), 'tanh') float64", **SUM)


@pytest.mark.points(2)
def test_mlp_forward_house_network(student):
    """mlp_forward of the houses through 3 hidden relu neurons and a linear output neuron"""
    W1, b1 = hidden_layer()
    W2, b2 = torch.tensor([[2.0], [1.0], [-0.5]]), torch.tensor([10.0])
    out = student.mlp_forward(houses(), [(W1, b1), (W2, b2)])
    check_tensor(out, torch.tensor([[29.5], [21.5], [37.3], [14.9]]), "mlp_forward(X (4, 3), [(W1, b1), (W2, b2)])",
                 **SUM)


def test_mlp_forward_negative_output(student):
    """mlp_forward keeps the output layer linear: a network 2 -> 2 -> 1 (relu) whose prices come out negative"""
    X = torch.tensor([[1.0, 2.0], [3.0, -1.0]])
    layers = [(torch.tensor([[1.0, -1.0], [0.5, 1.0]]), torch.tensor([0.0, 1.0])),
              (torch.tensor([[-2.0], [1.0]]), torch.tensor([-1.0]))]
    # hidden: relu([[2, 2], [2.5, -3]]) = [[2, 2], [2.5, 0]]; output: [[-3], [-6]]
    check_tensor(student.mlp_forward(X, layers), torch.tensor([[-3.0], [-6.0]]),
                 "mlp_forward(X (2, 2), [(W (2, 2), b (2,)), (W (2, 1), b (1,))])", **SUM)


def test_mlp_forward_two_hidden_layers_tanh(student):
    """mlp_forward with act='tanh' through two hidden layers: tanh after each hidden layer, none after the output"""
    X = torch.tensor([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]])
    layers = [(torch.tensor([[0.5, -1.0, 2.0], [1.0, 0.5, -0.5]]), torch.tensor([0.1, -0.2, 0.0])),
              (torch.tensor([[1.0, -1.0], [2.0, 0.5], [-1.5, 1.0]]), torch.tensor([0.5, -0.5])),
              (torch.tensor([[3.0], [-2.0]]), torch.tensor([-1.0]))]
    out = X
    for W, b in layers[:-1]:
        out = torch.tanh(out @ W + b)
    want = out @ layers[-1][0] + layers[-1][1]
    check_tensor(student.mlp_forward(X, layers, "tanh"), want,
                 "mlp_forward(X (3, 2), [(W (2, 3), b (3,)), (W (3, 2), b (2,)), (W (2, 1), b (1,))], 'tanh')", **SUM)


def test_task_type_classification(student):
    """task_type of integer flower classes tensor([0, 1, 2, 1, 0, 2]) is 'classification'"""
    check_equal(student.task_type(torch.tensor([0, 1, 2, 1, 0, 2])), "classification",
                "task_type(tensor([0, 1, 2, 1, 0, 2]))")


def test_task_type_regression(student):
    """task_type of float house prices tensor([12.75, 10.6, 17.81, 14.0]) is 'regression'"""
    check_equal(student.task_type(torch.tensor([12.75, 10.6, 17.81, 14.0])), "regression",
                "task_type(tensor([12.75, 10.6, 17.81, 14.0]))")


def test_task_type_whole_float_classes(student):
    """task_type of float labels that are whole numbers, tensor([2., 0., 1., 2.]) (float64), is 'classification'"""
    check_equal(student.task_type(torch.tensor([2.0, 0.0, 1.0, 2.0], dtype=torch.float64)), "classification",
                "task_type(tensor([2., 0., 1., 2.], dtype=float64))")


def test_task_type_twenty_float_classes(student):
    """task_type of 40 float labels with exactly 20 distinct whole values (5, 10, ..., 100) is 'classification'"""
    labels = (torch.arange(1, 21, dtype=torch.float32) * 5).repeat(2).flip(0)
    check_equal(student.task_type(labels), "classification",
                "task_type(40 float32 labels, the 20 distinct whole values 5., 10., ..., 100.)")


def test_task_type_many_integer_classes(student):
    """task_type of int64 labels with 35 classes (1 ... 35) is 'classification': no limit for integers"""
    check_equal(student.task_type(torch.arange(1, 36)), "classification", "task_type(torch.arange(1, 36))")


def test_task_type_uint8_and_bool(student):
    """task_type of uint8 labels (24 distinct values) and of bool labels is 'classification'"""
    cases = {"torch.arange(40, 64, dtype=uint8)": torch.arange(40, 64, dtype=torch.uint8),
             "tensor([False, True, True])": torch.tensor([False, True, True])}
    for name, labels in cases.items():
        check_equal(student.task_type(labels), "classification", f"task_type({name})")


def test_task_type_int32_classes(student):
    """task_type of int32 labels with 25 classes (0 ... 24) is 'classification'"""
    check_equal(student.task_type(torch.arange(25, dtype=torch.int32)), "classification",
                "task_type(torch.arange(25, dtype=int32))")


def test_task_type_keeps_inputs(student):
    """task_type leaves the labels as they were (no round_() in place)"""
    labels = torch.tensor([1.5, 0.25, 3.0])
    seen = student.observe("task_type", labels)
    check_tensor(seen.args_after[0], labels, "labels after task_type(labels) (must not change)", rtol=0, atol=0)
    check_equal(seen.value, "regression", "task_type(tensor([1.5, 0.25, 3.0]))")


@pytest.mark.points(2)
def test_train_dev_split_defaults(student):
    """train_dev_split of 10 samples with the defaults: 8 training and 2 dev rows, each row with its label"""
    X = torch.stack([torch.arange(10.0), torch.arange(10.0) * 10], dim=1)     # row i is [i, 10 i]
    y = torch.arange(10) + 100                                                # the label of row i is 100 + i
    out = student.train_dev_split(X, y)
    check_type(out, (tuple, list), "train_dev_split(X (10, 2), y (10,))")
    check(len(out) == 4, f"train_dev_split(X, y): expected 4 results (X_train, y_train, X_dev, y_dev), got {len(out)}")
    X_train, y_train, X_dev, y_dev = out
    for name, t, shape in (("X_train", X_train, (8, 2)), ("y_train", y_train, (8,)), ("X_dev", X_dev, (2, 2)),
                           ("y_dev", y_dev, (2,))):
        check_type(t, torch.Tensor, f"train_dev_split(X, y): {name}")
        check(tuple(t.shape) == shape, f"train_dev_split(X (10, 2), y (10,)): {name} should have shape {shape} "
              f"(round(10 * 0.2) = 2 dev rows), got {tuple(t.shape)}")
    rows = torch.cat([X_train[:, 0], X_dev[:, 0]]).long()
    check(sorted(rows.tolist()) == list(range(10)),
          "train_dev_split(X, y): the training and dev rows together must be every row of X once, "
          f"got rows {rows.tolist()}")
    check_tensor(X_train, X[X_train[:, 0].long()], "train_dev_split(X, y): X_train (whole rows of X)")
    check_tensor(y_train, y[X_train[:, 0].long()],
                 "train_dev_split(X, y): y_train (y_train[i] is the label of X_train[i])")
    check_tensor(y_dev, y[X_dev[:, 0].long()], "train_dev_split(X, y): y_dev (y_dev[i] is the label of X_dev[i])")


def test_train_dev_split_dev_size(student):
    """train_dev_split puts round(n * dev_fraction) rows in the dev set: 13 at 0.2 -> 3, 13 at 0.1 -> 1, 7 at 0.5 -> 4, 6 at 0.0 -> 0"""  # noqa: E501 (the graders read this first line whole)
    for n, fraction in ((13, 0.2), (13, 0.1), (7, 0.5), (6, 0.0)):
        X = torch.stack([torch.arange(float(n)), -torch.arange(float(n))], dim=1)
        y = torch.arange(n) + 50
        n_dev = round(n * fraction)
        what = f"train_dev_split(X ({n}, 2), y ({n},), {fraction}, 2)"
        out = student.train_dev_split(X, y, fraction, 2)
        check_type(out, (tuple, list), what)
        check(len(out) == 4, f"{what}: expected 4 results (X_train, y_train, X_dev, y_dev), got {len(out)}")
        for name, t, rows in (("X_train", out[0], n - n_dev), ("X_dev", out[2], n_dev)):
            check_type(t, torch.Tensor, f"{what}: {name}")
            check(tuple(t.shape) == (rows, 2), f"{what}: {name} should have shape {(rows, 2)} "
                  f"(n_dev = round({n * fraction!r}) = {n_dev} dev rows, the other {n - n_dev} for training), "
                  f"got {tuple(t.shape)}")


def test_train_dev_split_keeps_inputs(student):
    """train_dev_split leaves X and y as they were (no shuffling in place)"""
    X = torch.stack([torch.arange(6.0), torch.arange(6.0) * 10], dim=1)
    y = torch.arange(6) + 100
    seen = student.observe("train_dev_split", X, y, 0.5, 1)
    check_tensor(seen.args_after[0], X, "X after train_dev_split(X, y, 0.5, 1) (must not change)", rtol=0, atol=0)
    check_tensor(seen.args_after[1], y, "y after train_dev_split(X, y, 0.5, 1) (must not change)", rtol=0, atol=0)


def test_train_dev_split_seed(student):
    """train_dev_split follows its seed: seed 3 twice gives the same dev rows, seeds 0-4 not all the same rows"""
    X = torch.stack([torch.arange(10.0), torch.arange(10.0) * 10], dim=1)     # row i is [i, 10 i]
    y = torch.arange(10) + 100

    def dev_rows(seed):
        what = f"train_dev_split(X (10, 2), y (10,), 0.2, {seed})"
        out = student.train_dev_split(X, y, 0.2, seed)
        check_type(out, (tuple, list), what)
        check(len(out) == 4, f"{what}: expected 4 results (X_train, y_train, X_dev, y_dev), got {len(out)}")
        check_type(out[2], torch.Tensor, f"{what}: X_dev")
        check(tuple(out[2].shape) == (2, 2), f"{what}: X_dev should have shape (2, 2), got {tuple(out[2].shape)}")
        return sorted(out[2][:, 0].long().tolist())

    first = dev_rows(3)
    check_equal(dev_rows(3), first, "train_dev_split(X, y, 0.2, 3) called twice: the dev rows of the second call")
    seen = [dev_rows(seed) for seed in range(5)]
    check(len({tuple(rows) for rows in seen}) > 1,
          f"train_dev_split(X (10, 2), y (10,), 0.2, seed) for seeds 0-4: every seed gives the same dev rows "
          f"{seen[0]}; shuffle the rows with a permutation seeded by seed")
