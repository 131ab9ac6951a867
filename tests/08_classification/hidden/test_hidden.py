"""Hidden tests for lesson 08_classification (classification.py): other sizes, seeds, dtypes
and devices than the public tests, and the common mistakes of "构建神经网络模型": softmax
before CrossEntropyLoss (in forward or in training), float or one-hot labels, argmax over the
wrong dim, relu on the output layer, other attribute names than hidden/out, classes in the
wrong order or around the same mean, the learning rate ignored, the loss recorded after the
step, gradients never zeroed, predictions returned as logits or float indices, the accuracy
returned as a tensor.

make_clusters leaves its draw open, so its tests check properties: shapes, dtypes, labels,
per-class means within 5 standard errors (5 / sqrt(n)) of +-2 and standard deviations within
5 / sqrt(2n) of 1, and determinism for a seed (the global random state untouched is a rule,
checked by the public tests).

Training is graded by its trajectory: the expected history and weights are computed with
plain torch from the same starting weights (../helpers.py: CrossEntropyLoss and an SGD step
written out), and compared with the training tolerances.  train_classifier and predict are
handed a plain torch.nn.Sequential(Linear, ReLU, Linear) built in the student's process (the
same network as Net) except in the held-out test, which trains the student's own Net."""
import math

import pytest
import torch

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check, check_float, check_floats, check_tensor, check_type

from ..helpers import check_state_dict, clusters, mlp, reference_forward, reference_train

SEQ = ("0", "2")           # the Linear layers of Sequential(Linear, ReLU, Linear)


def mlp_name(n_feature, n_hidden, n_output, dtype=torch.float32):
    kind = "" if dtype == torch.float32 else f" {dtype}"
    return f"Sequential(Linear({n_feature}, {n_hidden}), ReLU(), Linear({n_hidden}, {n_output})){kind}"


def random_weights(sizes, dtype, rng, names=("hidden", "out"), scale=1.0):
    """Weights for out(relu(hidden(x))) with layer sizes (F, H, O)."""
    f, h, o = sizes
    first, second = names
    def draw(*shape):
        return torch.randn(*shape, generator=rng, dtype=dtype) * scale

    return {f"{first}.weight": draw(h, f), f"{first}.bias": draw(h),
            f"{second}.weight": draw(o, h), f"{second}.bias": draw(o)}


def check_pair(out, what):
    check_type(out, tuple, what)
    check(len(out) == 2, f"{what}: expected a tuple (x, y), got {len(out)} items")
    return out


# ----------------------------------------------------------------------------- make_clusters
def _check_clusters(out, n, what):
    x, y = check_pair(out, what)
    check_type(x, torch.Tensor, f"{what}[0] (x)")
    check(tuple(x.shape) == (2 * n, 2) and x.dtype == torch.float32,
          f"{what}[0] (x): expected a float32 tensor of shape ({2 * n}, 2), got {x.dtype} {tuple(x.shape)}")
    check_tensor(y, torch.cat((torch.zeros(n, dtype=torch.int64), torch.ones(n, dtype=torch.int64))),
                 f"{what}[1] (y: {n} labels 0, then {n} labels 1, int64 class indices)")
    return x, y


@pytest.mark.points(3)
def test_make_clusters_statistics(student):
    """make_clusters(500, 3): class 0 rows first around +2, class 1 around -2, standard deviation 1"""
    n, what = 500, "make_clusters(500, 3)"
    x, _ = _check_clusters(student.make_clusters(500, 3), n, what)
    mean_bound, std_bound = 5 / math.sqrt(n), 5 / math.sqrt(2 * n)   # 5 standard errors
    for label, rows, centre in ((0, x[:n], 2.0), (1, x[n:], -2.0)):
        part = f"class {label} (rows {'0' if label == 0 else n}-{n - 1 if label == 0 else 2 * n - 1})"
        for col in range(2):
            check_float(rows[:, col].double().mean().item(), centre, f"{what}: mean of column {col} of {part}",
                        rtol=0, atol=mean_bound)
            check_float(rows[:, col].double().std().item(), 1.0,
                        f"{what}: standard deviation of column {col} of {part}", rtol=0, atol=std_bound)


def test_make_clusters_small_sizes(student):
    """make_clusters(7, 11) and make_clusters(1, 4): shapes (2n, 2) float32 and labels 0 then 1 (int64)"""
    for n, seed in ((7, 11), (1, 4)):
        x, _ = _check_clusters(student.make_clusters(n, seed), n, f"make_clusters({n}, {seed})")
        check(n < 7 or bool((x[:n].mean() > x[n:].mean()).item()),     # 10 standard errors apart for n = 7
              f"make_clusters({n}, {seed}): the first {n} rows (class 0, around +2) should lie above the last {n} "
              f"(class 1, around -2); got means {x[:n].mean().item():.3f} and {x[n:].mean().item():.3f}")


def test_make_clusters_same_seed_same_data(student):
    """make_clusters(50, 5) called twice gives exactly the same data"""
    x1, y1 = check_pair(student.make_clusters(50, 5), "make_clusters(50, 5)")
    x2, y2 = check_pair(student.make_clusters(50, 5), "make_clusters(50, 5) called again")
    check_tensor(x2, x1, "make_clusters(50, 5)[0] called a second time (same seed, same points)", rtol=0, atol=0)
    check_tensor(y2, y1, "make_clusters(50, 5)[1] called a second time", rtol=0, atol=0)


def test_make_clusters_seed_changes_data(student):
    """make_clusters with seeds 5 and 6 gives different points"""
    x5, _ = check_pair(student.make_clusters(50, 5), "make_clusters(50, 5)")
    x6, _ = check_pair(student.make_clusters(50, 6), "make_clusters(50, 6)")
    check(isinstance(x5, torch.Tensor) and isinstance(x6, torch.Tensor) and x5.shape == x6.shape,
          "make_clusters(50, 5) and make_clusters(50, 6): expected two (100, 2) tensors")
    check(not torch.equal(x5, x6), "make_clusters(50, 5) and make_clusters(50, 6) gave the same points: "
          "the draw must depend on the seed")


def test_make_clusters_defaults(student):
    """make_clusters() is make_clusters(n_per_class=100, seed=0)"""
    x, y = check_pair(student.make_clusters(), "make_clusters()")
    x0, y0 = check_pair(student.make_clusters(n_per_class=100, seed=0), "make_clusters(n_per_class=100, seed=0)")
    check_tensor(x, x0, "make_clusters()[0] compared with make_clusters(n_per_class=100, seed=0)[0]", rtol=0, atol=0)
    check_tensor(y, y0, "make_clusters()[1] compared with make_clusters(n_per_class=100, seed=0)[1]", rtol=0, atol=0)


# ----------------------------------------------------------------------------- Net
def test_Net_structure_other_sizes(student):
    """Net(3, 7, 4) and Net(5, 1, 3): layers hidden and out (torch.nn.Linear) with the right shapes"""
    for f, h, o in ((3, 7, 4), (5, 1, 3)):
        what = f"Net({f}, {h}, {o})"
        net = student.Net(f, h, o)
        layers = student.probe("layers", net)
        check(layers is not None, f"{what} must be a torch.nn.Module (class Net(torch.nn.Module))")
        for name in ("hidden", "out"):
            check(layers.get(name) == "torch.nn.Linear",
                  f"{what}.{name}: expected a torch.nn.Linear, got {layers.get(name)} (layers: {layers})")
        check_state_dict(net.state_dict(), {"hidden.weight": (h, f), "hidden.bias": (h,),
                                            "out.weight": (o, h), "out.bias": (o,)}, f"{what}.state_dict()")


def _forward_case(student, device, dtype, rng):
    sizes, n = (3, 5, 4), 6
    weights = random_weights(sizes, dtype, rng)
    x = torch.randn(n, 3, generator=rng, dtype=dtype) * 2
    expected = reference_forward(weights, x)
    assert (expected < 0).any() and not torch.allclose(expected.sum(1), torch.ones(n, dtype=dtype))
    net = student.Net(*sizes)
    if dtype == torch.float64:
        net.double()
    net.to(device)
    net.load_state_dict(weights)
    what = f"Net(3, 5, 4) with known weights ({dtype}, {device}), net(x) for x (6, 3)"
    out = net(x.to(device))
    check_type(out, torch.Tensor, what)
    check_tensor(out.detach(), expected.to(device), what)


@pytest.mark.points(2)
def test_Net_forward_float32(student, rng):
    """Net(3, 5, 4) with known weights returns the raw logits out(relu(hidden(x))), negatives kept, float32"""
    _forward_case(student, "cpu", torch.float32, rng)


def test_Net_forward_float64(student, rng):
    """Net(3, 5, 4).double() with known float64 weights returns float64 logits"""
    _forward_case(student, "cpu", torch.float64, rng)


def test_Net_forward_one_sample(student):
    """Net(2, 4, 3) on a single sample (1, 2) returns logits (1, 3), all negative here"""
    weights = {"hidden.weight": torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0], [0.5, -0.5]]),
               "hidden.bias": torch.tensor([0.0, 0.0, 0.0, 1.0]),
               "out.weight": torch.tensor([[-1.0, -1.0, 0.0, 0.0], [0.0, -2.0, 1.0, -1.0], [-0.5, 0.0, 0.0, -0.5]]),
               "out.bias": torch.tensor([-0.5, 0.0, -1.0])}
    x = torch.tensor([[1.0, 2.0]])
    net = student.Net(2, 4, 3)
    net.load_state_dict(weights)
    check_tensor(net(x).detach(), reference_forward(weights, x),
                 "Net(2, 4, 3) with known weights, net(x) for x = [[1.0, 2.0]] (expected logits [[-3.5, -4.5, -1.75]])")


def test_Net_meta_device(student):
    """Net(2, 4, 3) moved to the meta device returns (5, 3) logits on meta"""
    net = student.Net(2, 4, 3)
    net.to("meta")
    out = net(torch.empty(5, 2, device="meta"))
    check_type(out, torch.Tensor, "Net(2, 4, 3) on meta, net(x (5, 2) on meta)")
    check_tensor(out.detach(), torch.empty(5, 3, device="meta"), "Net(2, 4, 3) on meta, net(x (5, 2) on meta)")


@pytest.mark.cuda
def test_Net_forward_cuda(student, rng):
    """Net(3, 5, 4) moved to CUDA with known weights returns its logits on CUDA"""
    _forward_case(student, "cuda", torch.float32, rng)


# ----------------------------------------------------------------------------- accuracy
def _expected_accuracy(logits, y):
    return (logits.argmax(1) == y).double().mean().item()


def test_accuracy_float64(student, rng):
    """accuracy of float64 logits (9, 3) is the fraction of argmax(dim 1) == y"""
    logits = torch.randn(9, 3, generator=rng, dtype=torch.float64)
    y = torch.tensor([0, 1, 2, 2, 1, 0, 0, 2, 1])
    y[:4] = logits[:4].argmax(1)       # at least 4 of 9 right
    check_float(student.accuracy(logits, y), _expected_accuracy(logits, y), "accuracy(logits (9, 3) float64, y (9,))")


@pytest.mark.points(2)
def test_accuracy_square_logits(student):
    """accuracy of square (4, 4) logits takes the argmax of each row (dim 1), not of each column"""
    logits = torch.tensor([[5.0, 0.0, 0.0, 1.0],
                           [0.0, 1.0, 4.0, 0.0],
                           [3.0, 0.0, 0.0, 0.0],
                           [0.0, 0.0, 2.0, 6.0]])
    y = torch.tensor([0, 2, 0, 1])     # rows' argmax [0, 2, 0, 3]: 0.75; columns' argmax [0, 1, 1, 3]: 0.25
    check_float(student.accuracy(logits, y), 0.75, f"accuracy(logits (4, 4) = {logits.tolist()}, y = {y.tolist()})")


def test_accuracy_non_square(student, rng):
    """accuracy of float32 logits (6, 3): 4 of 6 right is 2/3"""
    logits = torch.randn(6, 3, generator=rng)
    pred = logits.argmax(1)
    y = pred.clone()
    y[1], y[4] = (pred[1] + 1) % 3, (pred[4] + 2) % 3
    check_float(student.accuracy(logits, y), 4 / 6, f"accuracy(logits (6, 3), y = {y.tolist()})")


def test_accuracy_all_and_none(student, rng):
    """accuracy is 1.0 when every prediction is right and 0.0 when none is"""
    logits = torch.randn(8, 2, generator=rng, dtype=torch.float64)
    pred = logits.argmax(1)
    check_float(student.accuracy(logits, pred.clone()), 1.0, "accuracy(logits (8, 2), y = argmax of every row)")
    check_float(student.accuracy(logits, 1 - pred), 0.0, "accuracy(logits (8, 2), y = the other class of every row)")


def test_accuracy_inputs_unchanged(student, rng):
    """accuracy does not modify logits or y"""
    logits = torch.randn(7, 4, generator=rng)
    y = torch.tensor([3, 0, 1, 1, 2, 0, 3])
    seen = student.observe("accuracy", logits.clone(), y.clone())
    check_float(seen.value, _expected_accuracy(logits, y), "accuracy(logits (7, 4), y (7,))")
    check_tensor(seen.args_after[0], logits, "logits after accuracy(logits, y)", rtol=0, atol=0)
    check_tensor(seen.args_after[1], y, "y after accuracy(logits, y)")


def _accuracy_case(student, device, rng):
    logits = torch.randn(10, 3, generator=rng)
    y = logits.argmax(1)
    y[::3] = (y[::3] + 1) % 3                      # rows 0, 3, 6, 9 wrong: 0.6
    what = f"accuracy(logits (10, 3) on {device}, y (10,) on {device})"
    check_float(student.accuracy(logits.to(device), y.to(device)), 0.6, what)


def test_accuracy_on_cpu_tensors(student, rng):
    """accuracy of CPU logits (10, 3) with 6 of 10 right is 0.6, a Python float"""
    _accuracy_case(student, "cpu", rng)


@pytest.mark.cuda
def test_accuracy_cuda(student, rng):
    """accuracy of CUDA logits and labels is a Python float"""
    _accuracy_case(student, "cuda", rng)


# ----------------------------------------------------------------------------- train_classifier
def _check_training(student, model, state, x, y, epochs, lr, call, what, names=SEQ):
    """Run ``call()`` (the student's train_classifier on ``model``, which starts from
    ``state``) and compare its history and the trained weights with the reference."""
    expected_history, expected_weights = reference_train(state, x, y, epochs, lr, names)
    history = call()
    check_floats(history, expected_history, f"{what}, loss history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    trained = model.state_dict()
    for key, want in expected_weights.items():
        check_tensor(trained[key], want.to(x.device), f"{what}, trained {key}", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


def _classes(n, n_classes, n_feature, dtype, rng):
    """n samples of n_classes classes, each around its own centre."""
    y = torch.arange(n) % n_classes
    centres = torch.randn(n_classes, n_feature, generator=rng, dtype=dtype) * 2
    return centres[y] + torch.randn(n, n_feature, generator=rng, dtype=dtype), y


@pytest.mark.timeout(30)
@pytest.mark.points(3)
def test_train_classifier_trajectory(student, rng):
    """train_classifier of a (3, 6, 4) network on 12 samples of 4 classes, 15 epochs, lr 0.1, follows the reference"""
    model = mlp(student, 3, 6, 4)
    state = random_weights((3, 6, 4), torch.float32, rng, SEQ, scale=0.5)
    model.load_state_dict(state)
    x, y = _classes(12, 4, 3, torch.float32, rng)
    what = f"train_classifier({mlp_name(3, 6, 4)}, x (12, 3), y (12,), epochs=15, lr=0.1)"
    _check_training(student, model, state, x, y, 15, 0.1,
                    lambda: student.train_classifier(model, x, y, epochs=15, lr=0.1), what)


@pytest.mark.timeout(30)
def test_train_classifier_float64(student, rng):
    """train_classifier of a float64 (2, 5, 3) network from its own initial weights, 10 epochs, lr 0.05"""
    model = mlp(student, 2, 5, 3)
    model.double()
    state = model.state_dict()        # the network's own random start, read back
    x, y = _classes(10, 3, 2, torch.float64, rng)
    what = f"train_classifier({mlp_name(2, 5, 3, torch.float64)}, x (10, 2) float64, y (10,), epochs=10, lr=0.05)"
    _check_training(student, model, state, x, y, 10, 0.05,
                    lambda: student.train_classifier(model, x, y, epochs=10, lr=0.05), what)


@pytest.mark.timeout(30)
def test_train_classifier_positional_arguments(student, rng):
    """train_classifier(net, x, y, 8, 0.5): epochs and lr passed by position"""
    model = mlp(student, 2, 4, 2)
    state = random_weights((2, 4, 2), torch.float32, rng, SEQ)
    model.load_state_dict(state)
    x, y = _classes(16, 2, 2, torch.float32, rng)
    what = f"train_classifier({mlp_name(2, 4, 2)}, x (16, 2), y (16,), 8, 0.5)"
    _check_training(student, model, state, x, y, 8, 0.5, lambda: student.train_classifier(model, x, y, 8, 0.5), what)


@pytest.mark.timeout(30)
def test_train_classifier_default_lr(student, rng):
    """train_classifier(net, x, y, epochs=12) uses the default lr 0.02"""
    model = mlp(student, 2, 3, 2)
    state = random_weights((2, 3, 2), torch.float32, rng, SEQ)
    model.load_state_dict(state)
    x, y = _classes(8, 2, 2, torch.float32, rng)
    what = f"train_classifier({mlp_name(2, 3, 2)}, x (8, 2), y (8,), epochs=12)"
    _check_training(student, model, state, x, y, 12, 0.02,
                    lambda: student.train_classifier(model, x, y, epochs=12), what)


@pytest.mark.timeout(30)
def test_train_classifier_one_epoch(student, rng):
    """train_classifier with epochs=1 returns [the loss of the starting weights] and takes one step"""
    model = mlp(student, 4, 3, 3)
    state = random_weights((4, 3, 3), torch.float32, rng, SEQ)
    model.load_state_dict(state)
    x, y = _classes(9, 3, 4, torch.float32, rng)
    what = f"train_classifier({mlp_name(4, 3, 3)}, x (9, 4), y (9,), epochs=1, lr=0.3)"
    _check_training(student, model, state, x, y, 1, 0.3,
                    lambda: student.train_classifier(model, x, y, epochs=1, lr=0.3), what)


@pytest.mark.timeout(30)
@pytest.mark.points(3)
def test_train_classifier_held_out_accuracy(student):
    """train_classifier of a fresh Net(2, 10, 2) with the defaults classifies fresh clusters with accuracy >= 0.95"""
    gen = torch.Generator().manual_seed(808)
    x, y = clusters(100, gen)
    x_new, y_new = clusters(150, gen)                 # points the network never saw
    net = student.Net(2, 10, 2)
    what = "train_classifier(Net(2, 10, 2), x (200, 2), y (200,)) with the defaults (100 epochs, lr 0.02)"
    history = student.train_classifier(net, x, y)
    check_type(history, list, what)
    check(len(history) == 100, f"{what}: expected a history of 100 losses, got {len(history)}")
    check(all(isinstance(v, float) for v in history),
          f"{what}: every history item must be a Python float (loss.item())")
    check(history[-1] < history[0], f"{what}: the loss should go down, got {history[0]:.4f} -> {history[-1]:.4f}")
    logits = net(x_new)
    check(isinstance(logits, torch.Tensor) and tuple(logits.shape) == (300, 2),
          f"{what}, then net(x_new (300, 2)): expected logits (300, 2), got {logits!r}")
    held_out = (logits.detach().argmax(1) == y_new).double().mean().item()
    check(held_out >= 0.95, f"{what}: on 300 fresh points of the same clusters the trained net is right for "
          f"{held_out:.3f} of them, expected at least 0.95")


@pytest.mark.timeout(30)
def test_train_classifier_inputs_unchanged(student, rng):
    """train_classifier does not modify x or y"""
    model = mlp(student, 2, 3, 2)
    x, y = _classes(6, 2, 2, torch.float32, rng)
    seen = student.observe("train_classifier", model, x.clone(), y.clone(), epochs=3, lr=0.1)
    check_type(seen.value, list, "train_classifier(net, x (6, 2), y (6,), epochs=3, lr=0.1)")
    check_tensor(seen.args_after[1], x, "x after train_classifier(net, x, y, epochs=3, lr=0.1)", rtol=0, atol=0)
    check_tensor(seen.args_after[2], y, "y after train_classifier(net, x, y, epochs=3, lr=0.1)")


def _train_case(student, device, rng):
    model = mlp(student, 2, 4, 3)
    state = random_weights((2, 4, 3), torch.float32, rng, SEQ)
    model.to(device)
    model.load_state_dict(state)
    x, y = _classes(9, 3, 2, torch.float32, rng)
    x, y = x.to(device), y.to(device)
    what = f"train_classifier({mlp_name(2, 4, 3)} on {device}, x (9, 2), y (9,) on {device}, epochs=6, lr=0.2)"
    _check_training(student, model, state, x, y, 6, 0.2,
                    lambda: student.train_classifier(model, x, y, epochs=6, lr=0.2), what)


@pytest.mark.timeout(30)
def test_train_classifier_on_cpu_tensors(student, rng):
    """train_classifier of a (2, 4, 3) network and data on the CPU, 6 epochs, lr 0.2, follows the reference"""
    _train_case(student, "cpu", rng)


@pytest.mark.cuda
@pytest.mark.timeout(30)
def test_train_classifier_cuda(student, rng):
    """train_classifier of a network and data on CUDA follows the reference, weights stay on CUDA"""
    _train_case(student, "cuda", rng)


# ----------------------------------------------------------------------------- predict
def _predict_case(student, device, dtype, sizes, n, rng):
    model = mlp(student, *sizes)
    state = random_weights(sizes, dtype, rng, SEQ)
    if dtype == torch.float64:
        model.double()
    model.to(device)
    model.load_state_dict(state)
    x = torch.randn(n, sizes[0], generator=rng, dtype=dtype) * 2
    expected = reference_forward(state, x, SEQ).argmax(1)
    what = f"predict({mlp_name(*sizes, dtype)} on {device} with known weights, x ({n}, {sizes[0]}))"
    out = student.predict(model, x.to(device))
    check_tensor(out, expected.to(device), what)
    check(out.requires_grad is False, f"{what}: the result must not require grad (predict under torch.no_grad())")
    return x, expected


@pytest.mark.points(2)
def test_predict_float32(student, rng):
    """predict with a float32 (4, 6, 3) network on 10 samples gives int64 class indices (argmax over dim 1)"""
    _predict_case(student, "cpu", torch.float32, (4, 6, 3), 10, rng)


def test_predict_square_float64(student, rng):
    """predict with a float64 (3, 4, 5) network on 5 samples takes each row's argmax, not each column's"""
    model = mlp(student, 3, 4, 5)
    model.double()
    state = {"0.weight": torch.eye(4, 3, dtype=torch.float64), "0.bias": torch.zeros(4, dtype=torch.float64),
             "2.weight": torch.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0],
                                       [0.0, 0.0, 0.0, 1.0], [-1.0, -1.0, -1.0, 0.0]], dtype=torch.float64),
             "2.bias": torch.tensor([0.0, 0.0, 0.0, 0.0, 0.5], dtype=torch.float64)}
    model.load_state_dict(state)
    x = torch.tensor([[3.0, 0.0, 1.0], [0.0, 2.0, 0.0], [-1.0, -1.0, -1.0], [1.0, 0.5, 4.0], [2.5, 2.0, 0.0]],
                     dtype=torch.float64)
    logits = reference_forward(state, x, SEQ)
    expected = logits.argmax(1)                       # [0, 1, 4, 2, 0]
    assert tuple(logits.argmax(0).tolist()) != tuple(expected.tolist())
    what = f"predict({mlp_name(3, 4, 5, torch.float64)} with known weights, x (5, 3) = {x.tolist()})"
    check_tensor(student.predict(model, x), expected, what)


def test_predict_meta_device(student):
    """predict with a network and x (6, 2) on the meta device gives int64 (6,) on meta"""
    model = mlp(student, 2, 3, 2)
    model.to("meta")
    out = student.predict(model, torch.empty(6, 2, device="meta"))
    check_tensor(out, torch.empty(6, dtype=torch.int64, device="meta"),
                 f"predict({mlp_name(2, 3, 2)} on meta, x (6, 2) on meta)")


def test_predict_inputs_unchanged(student, rng):
    """predict does not modify x"""
    model = mlp(student, 3, 4, 2)
    state = random_weights((3, 4, 2), torch.float32, rng, SEQ)
    model.load_state_dict(state)
    x = torch.randn(5, 3, generator=rng)
    seen = student.observe("predict", model, x.clone())
    check_tensor(seen.value, reference_forward(state, x, SEQ).argmax(1), f"predict({mlp_name(3, 4, 2)}, x (5, 3))")
    check_tensor(seen.args_after[1], x, "x after predict(net, x)", rtol=0, atol=0)


def test_predict_on_cpu_tensors(student, rng):
    """predict with a (2, 5, 3) network and x (7, 2) on the CPU gives int64 indices on the CPU"""
    _predict_case(student, "cpu", torch.float32, (2, 5, 3), 7, rng)


@pytest.mark.cuda
def test_predict_cuda(student, rng):
    """predict with a network and x on CUDA gives int64 indices on CUDA"""
    _predict_case(student, "cuda", torch.float32, (2, 5, 3), 7, rng)
