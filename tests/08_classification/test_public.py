"""Public tests for lesson 08_classification (classification.py): the notes' example of
"构建神经网络模型".

The notes' data, model, loss and optimizer::

    n_data = torch.ones(100, 2)
    x0 = torch.normal(2*n_data, 1)       # class 0 around (+2, +2)
    x1 = torch.normal(-2*n_data, 1)      # class 1 around (-2, -2)
    net = Net(n_feature=2, n_hidden=10, n_output=2)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.02)
    loss_func = torch.nn.CrossEntropyLoss()
    prediction = torch.max(out, 1)[1]

Training is graded by its trajectory: the tests build the same network in plain torch from
the same starting weights, train it with CrossEntropyLoss and SGD, and compare your whole
loss history and the trained weights (relative tolerance about 1e-4).

make_clusters is checked by its properties (shapes, dtypes, labels, each class's mean), its
seed (the same seed gives the same points, another seed other points) and its rule: the
global random generators (torch, numpy, random) are left as they were."""
import math

import pytest
import torch

from grader.checks import (
    TRAIN_ATOL,
    TRAIN_RTOL,
    check,
    check_equal,
    check_float,
    check_floats,
    check_tensor,
    check_type,
)

from .helpers import NET_KEYS, check_state_dict, clusters, mlp, reference_forward, reference_train


# ----------------------------------------------------------------------------- make_clusters
@pytest.mark.points(2)
def test_make_clusters_notes(student):
    """make_clusters() gives the notes' 200 points: float32 (200, 2), int64 labels 0 then 1, means near (+-2, +-2)"""
    out = student.make_clusters()
    check_type(out, tuple, "make_clusters()")
    check(len(out) == 2, f"make_clusters(): expected a tuple (x, y), got {len(out)} items")
    x, y = out
    check_type(x, torch.Tensor, "make_clusters()[0] (x)")
    check(tuple(x.shape) == (200, 2) and x.dtype == torch.float32,
          f"make_clusters()[0] (x): expected a float32 tensor of shape (200, 2), got {x.dtype} {tuple(x.shape)}")
    check_tensor(y, torch.cat((torch.zeros(100, dtype=torch.int64), torch.ones(100, dtype=torch.int64))),
                 "make_clusters()[1] (y: 100 labels 0, then 100 labels 1, int64 class indices)")
    bound = 5 / math.sqrt(100)      # 5 standard errors of a mean of 100 draws of N(., 1)
    for label, rows, centre in ((0, x[:100], 2.0), (1, x[100:], -2.0)):
        for col in range(2):
            check_float(rows[:, col].mean().item(), centre,
                        f"make_clusters(): mean of column {col} of class {label} "
                        f"(rows {'0-99' if label == 0 else '100-199'})",
                        rtol=0, atol=bound)


def test_make_clusters_seed(student):
    """make_clusters(20, 1) called twice gives the same points, make_clusters(20, 2) other points"""
    x1, x1_again, x2 = (student.make_clusters(20, seed)[0] for seed in (1, 1, 2))
    for x, what in ((x1, "make_clusters(20, 1)[0]"), (x2, "make_clusters(20, 2)[0]")):
        check_type(x, torch.Tensor, what)
        check(tuple(x.shape) == (40, 2), f"{what}: expected shape (40, 2), got {tuple(x.shape)}")
    check_tensor(x1_again, x1, "make_clusters(20, 1)[0] called a second time (same seed, same points)",
                 rtol=0, atol=0)
    check(not torch.equal(x1, x2), "make_clusters(20, 1) and make_clusters(20, 2) gave the same points: "
          "the draw must depend on the seed")


@pytest.mark.points(2)
def test_make_clusters_global_random_state_kept(student):
    """make_clusters(40, 7) leaves the global random generators (torch, numpy, random) as they were"""
    seen = student.observe("make_clusters", 40, 7)  # (the data itself is graded by the other tests)
    kept = seen.random_state_kept
    changed = [name for name in ("torch", "numpy", "random") if not kept.get(name)]
    check(not changed, f"make_clusters(40, 7) changed the global random state of {', '.join(changed)}: draw from "
          "your own generator (torch.Generator().manual_seed(seed) or numpy.random.default_rng(seed)) instead of "
          "seeding or drawing from the global one (torch.manual_seed(seed) changes it for everyone)")


def test_make_clusters_spread(student):
    """make_clusters(300, 9): each coordinate of each class has standard deviation 1"""
    x = student.make_clusters(300, 9)[0]
    check_type(x, torch.Tensor, "make_clusters(300, 9)[0] (x)")
    check(tuple(x.shape) == (600, 2), f"make_clusters(300, 9)[0] (x): expected shape (600, 2), got {tuple(x.shape)}")
    bound = 5 / math.sqrt(2 * 300)  # 5 standard errors of the standard deviation of 300 draws of N(., 1)
    for label, rows in ((0, x[:300]), (1, x[300:])):
        for col in range(2):
            check_float(rows[:, col].double().std().item(), 1.0,
                        f"make_clusters(300, 9): standard deviation of column {col} of class {label}",
                        rtol=0, atol=bound)


# ----------------------------------------------------------------------------- Net
def test_Net_structure(student):
    """Net(2, 10, 2) has layers hidden and out (torch.nn.Linear): 4 weights, 52 parameters"""
    net = student.Net(2, 10, 2)
    layers = student.probe("layers", net)
    check(layers is not None, "Net(2, 10, 2) must be a torch.nn.Module (class Net(torch.nn.Module))")
    for name in ("hidden", "out"):
        check(layers.get(name) == "torch.nn.Linear",
              f"Net(2, 10, 2).{name}: expected a torch.nn.Linear, got {layers.get(name)} (layers: {layers})")
    sd = net.state_dict()
    check_state_dict(sd, {"hidden.weight": (10, 2), "hidden.bias": (10,), "out.weight": (2, 10), "out.bias": (2,)},
                     "Net(2, 10, 2).state_dict()")
    count = sum(t.numel() for t in sd.values())
    check(count == 52, f"Net(2, 10, 2): expected 52 parameters (2*10 + 10 + 10*2 + 2), got {count}")


@pytest.mark.points(2)
def test_Net_forward_logits(student):
    """Net(2, 3, 2) with known weights returns out(relu(hidden(x))): raw logits, negatives kept"""
    weights = {"hidden.weight": torch.tensor([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0]]),
               "hidden.bias": torch.tensor([0.0, -1.0, 0.5]),
               "out.weight": torch.tensor([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5]]),
               "out.bias": torch.tensor([-0.5, 0.25])}
    x = torch.tensor([[2.0, 1.0], [-1.0, 3.0], [0.0, 0.0], [-2.0, -2.0]])
    net = student.Net(2, 3, 2)
    net.load_state_dict(weights)
    expected = reference_forward(weights, x)
    check_tensor(net(x).detach(), expected, "Net(2, 3, 2) with known weights, net(x) for x (4, 2)")


# ----------------------------------------------------------------------------- accuracy
def test_accuracy_example(student):
    """accuracy of 4 rows of logits with 3 correct predictions (argmax over dim 1) is 0.75"""
    logits = torch.tensor([[2.0, -1.0], [0.5, 1.5], [3.0, 0.0], [-1.0, -0.5]])
    y = torch.tensor([0, 1, 1, 1])
    check_float(student.accuracy(logits, y), 0.75, "accuracy(logits (4, 2), y = [0, 1, 1, 1])")


# ----------------------------------------------------------------------------- train_classifier
@pytest.mark.timeout(30)        # a runner's first optimizer loads part of torch (torch._dynamo): seconds
@pytest.mark.points(3)
def test_train_classifier_notes(student):
    """train_classifier of a fresh Net(2, 10, 2) on 200 clustered points, defaults (100 epochs, lr 0.02), follows the reference"""  # noqa: E501 (the graders read this first line whole)
    x, y = clusters(100, torch.Generator().manual_seed(2021))
    net = student.Net(2, 10, 2)
    start = net.state_dict()
    check_equal(sorted(start), sorted(NET_KEYS), "Net(2, 10, 2).state_dict() keys")
    expected_history, expected_weights = reference_train(start, x, y, 100, 0.02)
    what = "train_classifier(Net(2, 10, 2), x (200, 2), y (200,))"
    check_floats(student.train_classifier(net, x, y), expected_history, f"{what}, loss history",
                 rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    trained = net.state_dict()
    for key in NET_KEYS:
        check_tensor(trained[key], expected_weights[key], f"{what}, trained {key}", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


@pytest.mark.timeout(30)
def test_train_classifier_any_network(student):
    """train_classifier trains a torch.nn.Sequential(Linear, ReLU, Linear) too (use only net(x) and net.parameters())"""
    model = mlp(student, 2, 4, 2)
    x, y = clusters(10, torch.Generator().manual_seed(7))
    start = model.state_dict()
    expected_history, expected_weights = reference_train(start, x, y, 5, 0.02, ("0", "2"))
    what = "train_classifier(Sequential(Linear(2, 4), ReLU(), Linear(4, 2)), x (20, 2), y (20,), epochs=5)"
    check_floats(student.train_classifier(model, x, y, epochs=5), expected_history, f"{what}, loss history",
                 rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    trained = model.state_dict()
    for key in expected_weights:
        check_tensor(trained[key], expected_weights[key], f"{what}, trained {key}", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


@pytest.mark.timeout(30)
def test_train_classifier_lr(student):
    """train_classifier(..., epochs=3, lr=0.5) steps with the lr it is given"""
    model = mlp(student, 2, 3, 2)
    x, y = clusters(6, torch.Generator().manual_seed(3))
    start = model.state_dict()
    expected_history, expected_weights = reference_train(start, x, y, 3, 0.5, ("0", "2"))
    what = "train_classifier(Sequential(Linear(2, 3), ReLU(), Linear(3, 2)), x (12, 2), y (12,), epochs=3, lr=0.5)"
    check_floats(student.train_classifier(model, x, y, epochs=3, lr=0.5), expected_history, f"{what}, loss history",
                 rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    trained = model.state_dict()
    for key in expected_weights:
        check_tensor(trained[key], expected_weights[key], f"{what}, trained {key}", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


# ----------------------------------------------------------------------------- predict
def test_predict_example(student):
    """predict gives the int64 index of each row's largest logit, with no graph"""
    model = mlp(student, 2, 3, 2)
    weights = {"0.weight": torch.tensor([[1.0, -1.0], [0.5, 2.0], [-1.0, 0.0]]),
               "0.bias": torch.tensor([0.0, -1.0, 0.5]),
               "2.weight": torch.tensor([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5]]),
               "2.bias": torch.tensor([-0.5, 0.25])}
    model.load_state_dict(weights)
    x = torch.tensor([[2.0, 1.0], [-1.0, 3.0], [0.0, 0.0], [-2.0, -2.0], [3.0, -1.0]])
    out = student.predict(model, x)
    what = "predict(Sequential(Linear(2, 3), ReLU(), Linear(3, 2)) with known weights, x (5, 2))"
    check_tensor(out, reference_forward(weights, x, ("0", "2")).argmax(1), what)
    check(out.requires_grad is False, f"{what}: the result must not require grad (predict under torch.no_grad())")
