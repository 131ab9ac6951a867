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

from .helpers import check_device, reference_steps

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
