"""Public tests for lesson 10_devices (devices.py): "Tensor可以用在GPU等设备上去跑".

The notes move a tensor to the GPU with::

    if torch.cuda.is_available():
        tensor = tensor.to('cuda')

These tests run on any machine.  Where a test needs a device other than the CPU without a
GPU, it uses PyTorch's ``meta`` device, which every machine has: a tensor on ``meta`` has a
shape and a dtype but no values, so it shows whether something was MOVED.  The graders also
run ``cuda`` versions of these tests on machines with a GPU.

``train_step`` is checked against a reference step computed with plain PyTorch (helpers.py)
from the same starting weights: the same loss (before the update) and the same weights after it."""
import pytest
import torch

from grader.checks import check, check_equal, check_float, check_raises, check_tensor, check_type, check_used, method

from .helpers import check_device, check_seconds, check_steps, on_meta, own_seconds, reference_steps

# Waiting for the GPU, by any of its names: torch.cuda.synchronize() however imported, or an
# event's, a stream's or torch.accelerator's .synchronize().
SYNCHRONIZE = {method("synchronize"), "torch.cuda.synchronize", "torch.accelerator.synchronize"}


def expected_default_type():
    """What ``pick_device()`` must choose on this machine: CUDA when it is available, else CPU."""
    return "cuda" if torch.cuda.is_available() else "cpu"


# ----------------------------------------------------------------------------- pick_device
def test_pick_device_cpu(student):
    """pick_device('cpu') is torch.device('cpu') (a torch.device, not a string)"""
    check_device(student.pick_device("cpu"), "cpu", "pick_device('cpu')")


def test_pick_device_default(student):
    """pick_device() is CUDA when torch.cuda.is_available(), else the CPU"""
    want = expected_default_type()
    check_device(student.pick_device(), want,
                 f"pick_device() on a machine where torch.cuda.is_available() is {torch.cuda.is_available()}")


def test_pick_device_unknown(student):
    """pick_device('gpu') raises ValueError: 'gpu' is not a device name"""
    check_raises(ValueError, student.pick_device, "gpu", what="pick_device('gpu')")


def test_pick_device_explicit_wish(student):
    """pick_device(prefer='cuda') is CUDA on a machine with a GPU and raises ValueError without one (no silent CPU)"""
    if torch.cuda.is_available():
        check_device(student.pick_device(prefer="cuda"), "cuda", "pick_device(prefer='cuda') on a machine with a GPU")
    else:
        check_raises(ValueError, student.pick_device, prefer="cuda",
                     what="pick_device(prefer='cuda') on a machine without a GPU (torch.cuda.is_available() is "
                          "False): an explicit wish this machine cannot meet raises, never falls back to the CPU")


# ----------------------------------------------------------------------------- to_device
@pytest.mark.points(2)
def test_to_device_batch(student):
    """to_device moves every tensor of a dict {'x': ..., 'y': ..., 'meta': (tensor, 3, 'demo')} to 'meta'"""
    x = torch.arange(8, dtype=torch.float32).reshape(4, 2)
    y = torch.tensor([0, 1, 1, 0])
    batch = {"x": x, "y": y, "meta": (torch.ones(3), 3, "demo")}
    out = student.to_device(batch, "meta")
    what = "to_device({'x': x, 'y': y, 'meta': (ones(3), 3, 'demo')}, 'meta')"
    check_type(out, dict, what)
    check_equal(sorted(out), ["meta", "x", "y"], f"{what}: the keys")
    check_tensor(out["x"], x.to("meta"), f"{what}['x']")
    check_tensor(out["y"], y.to("meta"), f"{what}['y']")
    check_type(out["meta"], tuple, f"{what}['meta']")
    check(len(out["meta"]) == 3, f"{what}['meta']: expected 3 items, got {len(out['meta'])}")
    check_tensor(out["meta"][0], torch.ones(3, device="meta"), f"{what}['meta'][0]")
    check_equal(out["meta"][1:], (3, "demo"), f"{what}['meta'][1:] (not tensors: unchanged)")


def test_to_device_model(student):
    """to_device(nn.Linear(3, 1), 'meta') returns the model with its weight and bias on 'meta'"""
    model = student.probe("torch_object", "nn.Linear", 3, 1)
    out = student.to_device(model, "meta")
    what = "to_device(nn.Linear(3, 1), 'meta')"
    check(student.probe("layers", out) == {"": "torch.nn.Linear"},
          f"{what}: expected the nn.Linear model back, got {out!r}")
    weights = out.state_dict()
    check_tensor(weights["weight"], torch.empty(1, 3, device="meta"), f"{what}.state_dict()['weight']")
    check_tensor(weights["bias"], torch.empty(1, device="meta"), f"{what}.state_dict()['bias']")


# ----------------------------------------------------------------------------- train_step
@pytest.mark.points(2)
def test_train_step(student):
    """train_step with nn.Linear(3, 1), SGD lr 0.1 and MSELoss: the loss before the update, then the updated weights"""
    weights = {"weight": torch.tensor([[0.5, -0.25, 1.0]]), "bias": torch.tensor([0.1])}
    x = torch.tensor([[1.0, 2.0, 0.0], [0.0, 1.0, 1.0], [2.0, 0.0, -1.0], [1.0, 1.0, 1.0]])
    y = torch.tensor([[1.0], [2.0], [0.0], [1.5]])
    model = student.probe("torch_object", "nn.Linear", 3, 1)
    model.load_state_dict(weights)
    optimizer = student.probe("torch_object", "optim.SGD", model.parameters(), 0.1)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    out = student.train_step(model, (x, y), optimizer, loss_fn)

    (loss,), ref = reference_steps(weights, [(x, y)], "SGD", 0.1, "MSELoss")   # the same step, plain PyTorch

    what = "train_step(nn.Linear(3, 1), (x, y), SGD(lr=0.1), MSELoss())"
    check_float(out, loss, f"{what}: the returned loss")
    after = model.state_dict()
    check_tensor(after["weight"], ref.weight.detach(), f"{what}: the weight after the step")
    check_tensor(after["bias"], ref.bias.detach(), f"{what}: the bias after the step")


@pytest.mark.points(2)
def test_train_step_old_gradients(student):
    """train_step twice on a model whose .grad already holds gradients: zero_grad before each backward"""
    weights = {"weight": torch.tensor([[0.2, -0.4], [0.6, 0.1]]), "bias": torch.tensor([0.0, -0.3])}
    stale = {"weight": torch.full((2, 2), -1.5), "bias": torch.tensor([4.0, 2.5])}
    batches = [(torch.tensor([[1.0, 0.0], [0.5, -1.0], [2.0, 1.0]]),
                torch.tensor([[1.0, 0.0], [0.0, 1.0], [2.0, 2.0]])),
               (torch.tensor([[0.0, 1.0], [-1.0, 1.0]]), torch.tensor([[0.5, -0.5], [1.0, 0.0]]))]
    check_steps(student, "train_step(nn.Linear(2, 2) with gradients already in .grad, (x, y), SGD(lr=0.1), MSELoss())",
           weights, batches, stale=stale)


def test_train_step_float64_batch(student):
    """train_step on a float64 nn.Linear(2, 1) with a float64 batch keeps the batch's dtype (SGD lr 0.1, MSELoss)"""
    F64 = torch.float64
    weights = {"weight": torch.tensor([[0.3, -0.7]], dtype=F64), "bias": torch.tensor([0.25], dtype=F64)}
    batches = [(torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.0, 3.0]], dtype=F64),
                torch.tensor([[0.5], [1.0], [-2.0]], dtype=F64))]
    check_steps(student, "train_step(nn.Linear(2, 1) float64, (x, y) float64, SGD(lr=0.1), MSELoss())", weights,
                batches)


def test_train_step_class_labels(student):
    """train_step with CrossEntropyLoss and int64 class labels: loss_fn(prediction, target), nn.Linear(2, 3), SGD lr 0.2"""  # noqa: E501 (the graders read this first line whole)
    weights = {"weight": torch.tensor([[0.5, -0.5], [0.1, 0.2], [-0.3, 0.4]]), "bias": torch.tensor([0.0, 0.1, -0.1])}
    batches = [(torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]]), torch.tensor([2, 0, 1, 0]))]
    check_steps(student, "train_step(nn.Linear(2, 3), (x, y int64 classes), SGD(lr=0.2), CrossEntropyLoss())", weights,
           batches, lr=0.2, loss="CrossEntropyLoss")


def test_train_step_model_on_meta(student):
    """train_step with nn.Linear(2, 3) on the meta device and the batch on the CPU moves x and y to the model's device"""  # noqa: E501 (the graders read this first line whole)
    model = student.probe("torch_object", "nn.Linear", 2, 3)
    model.to("meta")
    opt = student.probe("torch_object", "optim.SGD", model.parameters(), 0.1)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    x, y = torch.ones(5, 2), torch.zeros(5, 3)
    on_meta(lambda: student.train_step(model, (x, y), opt, loss_fn),
            "train_step(nn.Linear(2, 3) on the meta device, a batch on the CPU, SGD, MSELoss()): x and y must be "
            "moved to the model's device (next(model.parameters()).device) first; it")


# ----------------------------------------------------------------------------- benchmark_matmul
def test_benchmark_matmul_cpu(student):
    """benchmark_matmul(64, 'cpu') returns a positive number of seconds as a Python float"""
    out = student.benchmark_matmul(64, "cpu")
    check(isinstance(out, float) and not isinstance(out, bool),
          f"benchmark_matmul(64, 'cpu'): expected a Python float (seconds), got {type(out).__name__} ({out!r})")
    check(0 < out < 10, f"benchmark_matmul(64, 'cpu'): expected a positive number of seconds, got {out!r}")


def test_benchmark_matmul_synchronizes(student, student_source):
    """benchmark_matmul synchronises CUDA before reading the clock (torch.cuda.synchronize())"""
    student.benchmark_matmul(8, "cpu")   # must run (a stub raises); the timing is graded elsewhere
    check_used(student_source, SYNCHRONIZE, "benchmark_matmul",
               "it never calls torch.cuda.synchronize() (or an event's or stream's .synchronize()): on a GPU "
               "`a @ b` only queues the work, so the clock must be read after synchronising (only when the "
               "device is CUDA)", function="benchmark_matmul")


def test_benchmark_matmul_seconds_not_milliseconds(student):
    """benchmark_matmul(1000, 'cpu') is in seconds: a 1000 x 1000 matmul takes a fraction of a second here"""
    got = student.benchmark_matmul(1000, "cpu")
    what = "benchmark_matmul(1000, 'cpu')"
    check_seconds(got, what)
    own = own_seconds(1000, "cpu", repeats=2)
    check(own / 50 <= got <= 5.0,
          f"{what}: got {got!r}, but one 1000 x 1000 matmul takes about {own:.4f} seconds on this machine; return "
          "seconds (time.perf_counter() differences), not milliseconds or nanoseconds")
