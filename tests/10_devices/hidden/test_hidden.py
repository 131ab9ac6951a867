"""Hidden tests for lesson 10_devices (devices.py): other devices, dtypes, containers,
models, optimizers and losses than the public tests, and the common mistakes: a device name
returned as a string, an unavailable or unknown device accepted (or silently replaced by the
CPU), ``t.to(device)`` not reassigned, tuples turned into lists, nested containers or dicts
left behind, models not moved, numbers turned into tensors, ``zero_grad`` missing or in the
wrong place, ``step`` before ``backward``, the loss returned as a tensor or recomputed after
the update, the batch cast to another dtype, a benchmark that never synchronises CUDA (or
synchronises on the CPU too, where it crashes without CUDA) or reports milliseconds.

Machines without a GPU check the moves with the ``meta`` device (shapes and dtypes, no
values); the ``cuda``-marked tests run the same cases on a GPU where there is one (skipped
and left out of the score elsewhere).  Each CUDA test wraps a ``_case`` helper that a CPU or
meta test also runs, so its logic is exercised everywhere.

``train_step`` is graded by its trajectory: the losses it returns and the weights after the
steps, against a reference computed with plain PyTorch (../helpers.py) from the same
starting weights."""
import pytest
import torch

from grader.checks import (
    check,
    check_equal,
    check_raises,
    check_tensor,
    check_type,
)

from ..helpers import check_device, check_seconds, check_steps, on_meta, own_seconds


# ----------------------------------------------------------------------------- pick_device
def test_pick_device_none_is_the_default(student):
    """pick_device(None) chooses like pick_device(): CUDA when available, else the CPU"""
    want = "cuda" if torch.cuda.is_available() else "cpu"
    check_device(student.pick_device(None), want,
                 f"pick_device(None) on a machine where torch.cuda.is_available() is {torch.cuda.is_available()}")


def test_pick_device_cpu_keyword(student):
    """pick_device(prefer='cpu') returns torch.device('cpu'), a torch.device and not the string 'cpu'"""
    check_device(student.pick_device(prefer="cpu"), "cpu", "pick_device(prefer='cpu')")


@pytest.mark.points(2)
def test_pick_device_explicit_cuda(student):
    """pick_device('cuda') raises ValueError where CUDA is not available (and is CUDA where it is)"""
    if torch.cuda.is_available():
        check_device(student.pick_device("cuda"), "cuda", "pick_device('cuda') on a machine with a GPU")
    else:
        check_raises(ValueError, student.pick_device, "cuda",
                     what="pick_device('cuda') on a machine without CUDA (torch.cuda.is_available() is False): "
                          "an explicit device that is not available")


@pytest.mark.points(2)
def test_pick_device_unknown_names(student):
    """pick_device raises ValueError for names that are no device: 'tpu0', 'banana', 'graphics'"""
    for name in ("tpu0", "banana", "graphics"):
        check_raises(ValueError, student.pick_device, name, what=f"pick_device({name!r})")


@pytest.mark.cuda
def test_pick_device_cuda(student):
    """pick_device() and pick_device('cuda') are CUDA on a GPU machine; pick_device('cpu') stays the CPU"""
    check_device(student.pick_device(), "cuda", "pick_device() on a machine with a GPU")
    check_device(student.pick_device("cuda"), "cuda", "pick_device('cuda') on a machine with a GPU")
    check_device(student.pick_device("cpu"), "cpu", "pick_device('cpu') on a machine with a GPU")


# ----------------------------------------------------------------------------- to_device
def _check_moved(got, original, device, what):
    """``got`` is ``original`` with every tensor moved to ``device``: same container types,
    lengths and keys, every other value unchanged (same type, equal)."""
    if isinstance(original, torch.Tensor):
        check_tensor(got, original.to(device), what)
    elif isinstance(original, (list, tuple)):
        check_type(got, type(original), what)
        check(len(got) == len(original), f"{what}: expected {len(original)} items, got {len(got)}")
        for i, (g, o) in enumerate(zip(got, original)):
            _check_moved(g, o, device, f"{what}[{i}]")
    elif isinstance(original, dict):
        check_type(got, dict, what)
        check(set(got) == set(original),
              f"{what}: expected the keys {sorted(map(repr, original))}, got {sorted(map(repr, got))}")
        for key in original:
            _check_moved(got[key], original[key], device, f"{what}[{key!r}]")
    else:
        check_equal(got, original, f"{what} (not a tensor: returned unchanged)")


def _nested(rng):
    """A list holding tensors of several dtypes inside tuples, lists and dicts, with other values."""
    return [
        torch.randn(2, 3, generator=rng),
        (torch.randn(4, generator=rng, dtype=torch.float64), 7, [torch.arange(5), None]),
        {"w": torch.randn(3, 1, generator=rng), "lr": 0.25, "name": "layer",
         "deep": {"mask": torch.tensor([True, False]), "sizes": (2, 3)}},
        "text",
        [],
    ]


def _nested_case(student, device, rng):
    obj = _nested(rng)
    out = student.to_device(obj, device)
    _check_moved(out, obj, device, f"to_device(nested list, {device!r})")


def _module_case(student, device, dtype, rng):
    model = student.probe("torch_object", "nn.Linear", 4, 2)
    if dtype is torch.float64:
        model.double()
    weights = {"weight": torch.randn(2, 4, generator=rng, dtype=dtype),
               "bias": torch.randn(2, generator=rng, dtype=dtype)}
    model.load_state_dict(weights)
    out = student.to_device(model, device)
    what = f"to_device(nn.Linear(4, 2) {str(dtype).removeprefix('torch.')}, {device!r})"
    check(student.probe("layers", out) == {"": "torch.nn.Linear"},
          f"{what}: expected the nn.Linear model back, got {out!r}")
    after = out.state_dict()
    for key, value in weights.items():
        check_tensor(after[key], value.to(device), f"{what}.state_dict()[{key!r}]")


@pytest.mark.points(2)
def test_to_device_nested_meta(student, rng):
    """to_device moves every tensor of nested lists, tuples and dicts to 'meta', keeping the structure"""
    _nested_case(student, "meta", rng)


def test_to_device_nested_cpu(student, rng):
    """to_device of a nested list to torch.device('cpu') keeps the structure, dtypes and values"""
    _nested_case(student, torch.device("cpu"), rng)


def test_to_device_torch_device_argument(student, rng):
    """to_device accepts a torch.device: a tuple of float64 and int64 tensors to torch.device('meta')"""
    obj = (torch.randn(3, 3, generator=rng, dtype=torch.float64), torch.arange(6).reshape(2, 3))
    out = student.to_device(obj, torch.device("meta"))
    _check_moved(out, obj, torch.device("meta"), "to_device((float64 (3, 3), int64 (2, 3)), torch.device('meta'))")


def test_to_device_tuple_stays_tuple(student, rng):
    """to_device keeps tuples as tuples and lists as lists: ((a, b), [c, (d,)]) to 'meta'"""
    a, b, c, d = (torch.randn(2, generator=rng) for _ in range(4))
    obj = ((a, b), [c, (d,)])
    _check_moved(student.to_device(obj, "meta"), obj, "meta", "to_device(((a, b), [c, (d,)]), 'meta')")


def test_to_device_dict(student, rng):
    """to_device of a dict with int and str keys moves the values, also in a nested dict and list"""
    obj = {0: torch.randn(2, 2, generator=rng), "batch": {"x": [torch.randn(3, generator=rng)], "n": 3}}
    _check_moved(student.to_device(obj, "meta"), obj, "meta", "to_device({0: t, 'batch': {'x': [t2], 'n': 3}}, 'meta')")


def test_to_device_other_values_unchanged(student):
    """to_device returns ints, floats, strings, None, bools and empty containers unchanged"""
    for value in (7, -2.5, "cuda", None, True, [], (), {}):
        check_equal(student.to_device(value, "meta"), value, f"to_device({value!r}, 'meta')")


@pytest.mark.points(2)
def test_to_device_model_float64(student, rng):
    """to_device(nn.Linear(4, 2) in float64, 'meta') returns the model with float64 weight and bias on 'meta'"""
    _module_case(student, "meta", torch.float64, rng)


def test_to_device_model_in_a_list(student, rng):
    """to_device([nn.Linear(2, 3), tensor], 'meta') moves the model and the tensor inside the list"""
    model = student.probe("torch_object", "nn.Linear", 2, 3)
    t = torch.randn(5, 2, generator=rng)
    out = student.to_device([model, t], "meta")
    what = "to_device([nn.Linear(2, 3), tensor (5, 2)], 'meta')"
    check_type(out, list, what)
    check(len(out) == 2, f"{what}: expected 2 items, got {len(out)}")
    check(student.probe("layers", out[0]) == {"": "torch.nn.Linear"},
          f"{what}[0]: expected the nn.Linear model, got {out[0]!r}")
    after = out[0].state_dict()
    check_tensor(after["weight"], torch.empty(3, 2, device="meta"), f"{what}[0].state_dict()['weight']")
    check_tensor(after["bias"], torch.empty(3, device="meta"), f"{what}[0].state_dict()['bias']")
    check_tensor(out[1], t.to("meta"), f"{what}[1]")


@pytest.mark.cuda
@pytest.mark.timeout(30)
@pytest.mark.points(2)
def test_to_device_cuda(student, rng):
    """to_device to 'cuda' moves nested tensors (values kept) and a float32 model"""
    _nested_case(student, "cuda", rng)
    _module_case(student, "cuda", torch.float32, rng)


def test_to_device_lone_tensor_and_list(student, rng):
    """to_device of a lone tensor and of a list of two tensors to 'meta' returns them moved"""
    t = torch.randn(2, 3, generator=rng)
    check_tensor(student.to_device(t, "meta"), t.to("meta"), "to_device(tensor (2, 3), 'meta')")
    items = [torch.randn(4, generator=rng), torch.arange(3)]
    _check_moved(student.to_device(items, "meta"), items, "meta", "to_device([tensor (4,), tensor (3,)], 'meta')")


# ----------------------------------------------------------------------------- train_step
def _batches(rng, n_batches, n_in, n_out, dtype, classes):
    out = []
    for _ in range(n_batches):
        x = torch.randn(5, n_in, generator=rng, dtype=dtype)
        y = (torch.randint(0, n_out, (5,), generator=rng) if classes
             else torch.randn(5, n_out, generator=rng, dtype=dtype))
        out.append((x, y))
    return out


def _train_case(student, device, rng, *, dtype=torch.float32, n_in=3, n_out=1, optimizer="SGD", lr=0.1,
                loss="MSELoss", steps=3, stale_grads=False):
    """Run ``steps`` calls of the student's train_step on a model on ``device`` with batches on
    the CPU, and compare each returned loss and the final weights with plain PyTorch."""
    classes = loss == "CrossEntropyLoss"
    weights = {"weight": torch.randn(n_out, n_in, generator=rng, dtype=dtype) * 0.5,
               "bias": torch.randn(n_out, generator=rng, dtype=dtype) * 0.5}
    batches = _batches(rng, steps, n_in, n_out, dtype, classes)

    stale = None
    if stale_grads:   # gradients left over from an earlier backward(): train_step must clear them
        stale = {"weight": torch.ones(n_out, n_in, dtype=dtype) * 3.0, "bias": torch.ones(n_out, dtype=dtype) * -2.0}
    what = (f"train_step(nn.Linear({n_in}, {n_out}) {str(dtype).removeprefix('torch.')} on {device}, "
            f"batch on cpu, {optimizer}(lr={lr}), {loss}())")
    if stale_grads:
        what += " with gradients already in .grad"
    check_steps(student, what, weights, batches, device=device, optimizer=optimizer, lr=lr, loss=loss, stale=stale)


@pytest.mark.points(2)
def test_train_step_three_steps(student, rng):
    """train_step three times (nn.Linear(3, 1), SGD lr 0.1, MSELoss): each loss and the final weights"""
    _train_case(student, "cpu", rng)


def test_train_step_float64(student, rng):
    """train_step on a float64 nn.Linear(4, 2) with float64 batches (SGD lr 0.05, MSELoss, 2 steps)"""
    _train_case(student, "cpu", rng, dtype=torch.float64, n_in=4, n_out=2, lr=0.05, steps=2)


@pytest.mark.points(2)
def test_train_step_clears_old_gradients(student, rng):
    """train_step zeroes gradients left in .grad before backward (optimizer.zero_grad), one SGD step"""
    _train_case(student, "cpu", rng, n_in=2, n_out=1, lr=0.2, steps=1, stale_grads=True)


def test_train_step_cross_entropy(student, rng):
    """train_step with CrossEntropyLoss on int64 class labels: nn.Linear(4, 3), SGD lr 0.5, 2 steps"""
    _train_case(student, "cpu", rng, n_in=4, n_out=3, lr=0.5, loss="CrossEntropyLoss", steps=2)


def test_train_step_adam(student, rng):
    """train_step uses the optimizer it is given: Adam lr 0.05, nn.Linear(2, 2), MSELoss, 3 steps"""
    _train_case(student, "cpu", rng, n_in=2, n_out=2, optimizer="Adam", lr=0.05, steps=3)


def test_train_step_returns_a_float(student, rng):
    """train_step returns a Python float (loss.item()), not a tensor"""
    model = student.probe("torch_object", "nn.Linear", 2, 1)
    opt = student.probe("torch_object", "optim.SGD", model.parameters(), 0.01)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    x, y = torch.randn(3, 2, generator=rng), torch.randn(3, 1, generator=rng)
    out = student.train_step(model, (x, y), opt, loss_fn)
    check(isinstance(out, float) and not isinstance(out, bool),
          f"train_step(nn.Linear(2, 1), (x, y), SGD, MSELoss()): expected a Python float (use loss.item()), "
          f"got {type(out).__name__} ({out!r})")


def test_train_step_batch_unchanged(student, rng):
    """train_step does not modify the batch tensors x and y"""
    model = student.probe("torch_object", "nn.Linear", 3, 2)
    opt = student.probe("torch_object", "optim.SGD", model.parameters(), 0.1)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    x, y = torch.randn(4, 3, generator=rng), torch.randn(4, 2, generator=rng)
    seen = student.observe("train_step", model, (x.clone(), y.clone()), opt, loss_fn)
    batch = seen.args_after[1]
    check_type(batch, tuple, "the batch after train_step(model, (x, y), SGD, MSELoss())")
    check_tensor(batch[0], x, "x after train_step(model, (x, y), SGD, MSELoss())", rtol=0, atol=0)
    check_tensor(batch[1], y, "y after train_step(model, (x, y), SGD, MSELoss())", rtol=0, atol=0)


def test_train_step_moves_the_batch_to_the_models_device(student, rng):
    """train_step with the model on the meta device and the batch on the CPU moves the batch to the model's device"""
    model = student.probe("torch_object", "nn.Linear", 3, 1)
    model.to("meta")
    opt = student.probe("torch_object", "optim.SGD", model.parameters(), 0.1)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    x, y = torch.randn(4, 3, generator=rng), torch.randn(4, 1, generator=rng)
    on_meta(lambda: student.train_step(model, (x, y), opt, loss_fn),
            "train_step(nn.Linear(3, 1) on the meta device, a batch on the CPU, SGD, MSELoss()): the batch must be "
            "moved to the model's device (next(model.parameters()).device) first; it")


def test_train_step_moves_x(student, rng):
    """train_step with the model and y on the meta device and x on the CPU moves x to the model's device"""
    model = student.probe("torch_object", "nn.Linear", 4, 2)
    model.to("meta")
    opt = student.probe("torch_object", "optim.SGD", model.parameters(), 0.1)
    loss_fn = student.probe("torch_object", "nn.MSELoss")
    x, y = torch.randn(3, 4, generator=rng), torch.empty(3, 2, device="meta")
    on_meta(lambda: student.train_step(model, (x, y), opt, loss_fn),
            "train_step(nn.Linear(4, 2) on the meta device, x on the CPU, y on meta, SGD, MSELoss()): x must be moved "
            "to the model's device (next(model.parameters()).device) first; it")


@pytest.mark.cuda
@pytest.mark.timeout(30)
@pytest.mark.points(2)
def test_train_step_cuda_model_cpu_batch(student, rng):
    """train_step with the model on CUDA and the batch on the CPU moves the batch (3 SGD steps, then Adam)"""
    _train_case(student, "cuda", rng)
    _train_case(student, "cuda", rng, n_in=2, n_out=2, optimizer="Adam", lr=0.05, steps=2, stale_grads=True)


# ----------------------------------------------------------------------------- benchmark_matmul
def test_benchmark_matmul_small_sizes(student):
    """benchmark_matmul returns positive seconds as a Python float for n = 1, 17, 100 on 'cpu' and torch.device('cpu')"""  # noqa: E501 (the graders read this first line whole)
    for n, device in ((1, "cpu"), (17, torch.device("cpu")), (100, "cpu")):
        check_seconds(student.benchmark_matmul(n, device), f"benchmark_matmul({n}, {device!r})")


def test_benchmark_matmul_in_seconds(student):
    """benchmark_matmul(512, 'cpu') is in seconds: within a factor 50 of this machine's own time for that matmul"""
    got = student.benchmark_matmul(512, "cpu")
    what = "benchmark_matmul(512, 'cpu')"
    check_seconds(got, what)
    own = own_seconds(512, "cpu")
    check(own / 50 <= got <= own * 50 + 0.05,
          f"{what}: got {got!r}, but one 512 x 512 matmul takes about {own:.6f} seconds on this machine; "
          "return seconds (time.perf_counter() differences), not milliseconds or nanoseconds")


@pytest.mark.timeout(30)
def test_benchmark_matmul_multiplies_on_the_device(student):
    """benchmark_matmul(3000, 'meta') multiplies on the meta device (no work there), not on the CPU"""
    what = "benchmark_matmul(3000, 'meta')"
    got = on_meta(lambda: student.benchmark_matmul(3000, "meta"), what)
    if got is not None:
        check_seconds(got, what)
        check(got < 0.2, f"{what}: took {got:.3f} s, as long as a 3000 x 3000 matmul on the CPU; make the "
                          "matrices on `device` (torch.rand(n, n, device=device)) so that the multiplication "
                          "runs there")


@pytest.mark.cuda
@pytest.mark.timeout(60)
def test_benchmark_matmul_cuda_waits_for_the_gpu(student):
    """benchmark_matmul(8192, 'cuda') measures the finished matmul (synchronised), not only its launch"""
    n = 8192
    student.benchmark_matmul(n, "cuda")          # warm-up: the first CUDA matmul of a process sets up cuBLAS
    got = student.benchmark_matmul(n, "cuda")
    what = f"benchmark_matmul({n}, 'cuda')"
    check_seconds(got, what)
    fastest = own_seconds(n, "cuda", torch.float16, repeats=3)   # float16 is the fastest dtype
    torch.cuda.empty_cache()
    check(got >= fastest / 4,
          f"{what}: got {got!r} seconds, but even a float16 {n} x {n} matmul takes about {fastest:.6f} seconds "
          "on this GPU: the clock was read before the GPU finished; call torch.cuda.synchronize() before "
          "reading it")
