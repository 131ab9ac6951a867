"""Hidden tests for lesson 09_neurons (neurons.py): other shapes (n, k, h all different, and
square weights that are not symmetric), float32 and float64, meta and CUDA devices, other
values and seeds than the public tests, and the common mistakes: w @ x for a batch, a sum
over everything, wrong activation formulas (sigmoid sign, relu as abs), in-place activations,
KeyError instead of ValueError, a result tensor created without dtype=/device=, the
nn.Linear (h, k) weight convention, the activation after the output layer or missing on
hidden layers, integer labels counted as regression, the 20-value boundary, int() instead of
round() for the dev size, no shuffle, or X and y shuffled differently."""
import pytest
import torch

from grader.checks import check, check_equal, check_raises, check_tensor, check_type

from ..helpers import SUM, meta, on_meta

# Layers chained in float32.
CHAIN = {"rtol": 1e-4, "atol": 1e-5}
ACTS = ("relu", "sigmoid", "tanh", "identity")
F32, F64 = torch.float32, torch.float64


def _randn(shape, dtype, rng, scale=1.0):
    return torch.randn(shape, generator=rng, dtype=dtype) * scale


def _act(z, name):
    """The four activations from their formulas (trusted side)."""
    if name == "relu":
        return torch.where(z > 0, z, torch.zeros_like(z))
    if name == "sigmoid":
        return 1 / (1 + torch.exp(-z))
    if name == "tanh":
        return (torch.exp(z) - torch.exp(-z)) / (torch.exp(z) + torch.exp(-z))
    return z.clone()


def _layer(X, W, b, name):
    """out[i, j] = act(sum_p X[i, p] W[p, j] + b[j]), computed in float64 and cast back."""
    z = (X.double()[:, :, None] * W.double()[None, :, :]).sum(dim=1) + b.double()
    return _act(z, name).to(X.dtype)


def _network(X, layers, name):
    out = X.double()
    for index, (W, b) in enumerate(layers):
        out = out @ W.double() + b.double()
        if index < len(layers) - 1:
            out = _act(out, name)
    return out.to(X.dtype)


def _check_unchanged(seen, originals, names, what):
    for i, (original, name) in enumerate(zip(originals, names)):
        check_tensor(seen.args_after[i], original, f"{name} after {what} (the input must not be modified)")


# ----------------------------------------------------------------------------- perceptron
@pytest.mark.points(2)
def test_perceptron_one_sample_float64(student, rng):
    """perceptron of one float64 sample (5,) is the 0-d tensor x @ w + b"""
    x, w = _randn(5, F64, rng), _randn(5, F64, rng)
    check_tensor(student.perceptron(x, w, -0.3), (x * w).sum() - 0.3, "perceptron(x (5,), w (5,), -0.3) float64", **SUM)


@pytest.mark.points(2)
def test_perceptron_batch_non_square(student, rng):
    """perceptron of a float32 batch (6, 3) gives one value per sample, shape (6,)"""
    X, w = _randn((6, 3), F32, rng), _randn(3, F32, rng)
    check_tensor(student.perceptron(X, w, 1.25), (X * w).sum(dim=1) + 1.25,
                 "perceptron(X (6, 3), w (3,), 1.25) float32", **SUM)


def test_perceptron_batch_square(student, rng):
    """perceptron of a float64 batch (4, 4) uses the rows of X: X @ w, not w @ X"""
    X, w = _randn((4, 4), F64, rng), _randn(4, F64, rng)
    check_tensor(student.perceptron(X, w, 0.5), (X * w).sum(dim=1) + 0.5, "perceptron(X (4, 4), w (4,), 0.5) float64",
                 **SUM)


def test_perceptron_single_feature(student):
    """perceptron of house areas (n, 1) with one weight: y = w x + b for each house"""
    areas = torch.tensor([[50.0], [80.0], [120.0]])
    check_tensor(student.perceptron(areas, torch.tensor([1.5]), 10.0), torch.tensor([85.0, 130.0, 190.0]),
                 "perceptron(tensor([[50.], [80.], [120.]]), tensor([1.5]), 10.0)", **SUM)


@pytest.mark.points(2)
def test_perceptron_tensor_bias(student, rng):
    """perceptron with the bias as a 0-d tensor, one sample and a batch, float32 and float64"""
    for dtype in (F32, F64):
        X, w, b = _randn((3, 2), dtype, rng), _randn(2, dtype, rng), _randn((), dtype, rng)
        check_tensor(student.perceptron(X, w, b), (X * w).sum(dim=1) + b,
                     f"perceptron(X (3, 2), w (2,), b 0-d) {dtype}", **SUM)
        check_tensor(student.perceptron(X[1], w, b), (X[1] * w).sum() + b, f"perceptron(x (2,), w (2,), b 0-d) {dtype}",
                     **SUM)


def test_perceptron_inputs_unchanged(student, rng):
    """perceptron does not modify x, w or b"""
    X, w, b = _randn((3, 4), F32, rng), _randn(4, F32, rng), _randn((), F32, rng)
    seen = student.observe("perceptron", X, w, b)
    _check_unchanged(seen, [X, w, b], ["x", "w", "b"], "perceptron(x, w, b)")
    check_tensor(seen.value, (X * w).sum(dim=1) + b, "perceptron(x (3, 4), w (4,), b)", **SUM)


def test_perceptron_meta_device(student):
    """perceptron of meta tensors: a batch (5, 3) gives (5,), one sample (3,) gives () on meta"""
    on_meta(lambda: student.perceptron(meta(5, 3, dtype=F64), meta(3, dtype=F64), 0.5), meta(5, dtype=F64),
             "perceptron(x (5, 3), w (3,), 0.5 on device 'meta')")
    on_meta(lambda: student.perceptron(meta(3), meta(3), meta()), meta(),
             "perceptron(x (3,), w (3,), b 0-d on device 'meta')")


def _perceptron_case(student, device, rng):
    X, w, b = _randn((4, 3), F32, rng), _randn(3, F32, rng), _randn((), F32, rng)
    check_tensor(student.perceptron(X.to(device), w.to(device), b.to(device)), ((X * w).sum(dim=1) + b).to(device),
                 f"perceptron(x (4, 3), w (3,), b 0-d on {device})", **SUM)
    check_tensor(student.perceptron(X[0].to(device), w.to(device), -2.0), ((X[0] * w).sum() - 2.0).to(device),
                 f"perceptron(x (3,), w (3,), -2.0 on {device})", **SUM)


def test_perceptron_device_cpu(student, rng):
    """perceptron of CPU tensors returns CPU tensors (the CUDA test runs the same case on a GPU)"""
    _perceptron_case(student, "cpu", rng)


@pytest.mark.cuda
def test_perceptron_cuda(student, rng):
    """perceptron of CUDA tensors returns CUDA tensors"""
    _perceptron_case(student, "cuda", rng)


# ----------------------------------------------------------------------------- activation
@pytest.mark.points(2)
def test_activation_relu(student, rng):
    """activation 'relu' is max(z, 0): negatives become 0, float32 (3, 4) and float64 (7,)"""
    for shape, dtype in (((3, 4), F32), ((7,), F64)):
        z = _randn(shape, dtype, rng, 3.0)
        z.view(-1)[0], z.view(-1)[1] = -1.5, 0.0
        check_tensor(student.activation(z, "relu"), _act(z, "relu"), f"activation(z {shape} {dtype}, 'relu')")


@pytest.mark.points(2)
def test_activation_sigmoid(student, rng):
    """activation 'sigmoid' is 1 / (1 + exp(-z)), float32 (2, 5) and float64 (6,)"""
    for shape, dtype in (((2, 5), F32), ((6,), F64)):
        z = _randn(shape, dtype, rng, 3.0)
        check_tensor(student.activation(z, "sigmoid"), _act(z, "sigmoid"), f"activation(z {shape} {dtype}, 'sigmoid')")


def test_activation_tanh(student, rng):
    """activation 'tanh' is (e^z - e^-z) / (e^z + e^-z), float32 (4, 3) and float64 (5,)"""
    for shape, dtype in (((4, 3), F32), ((5,), F64)):
        z = _randn(shape, dtype, rng, 2.0)
        check_tensor(student.activation(z, "tanh"), _act(z, "tanh"), f"activation(z {shape} {dtype}, 'tanh')")


def test_activation_identity(student, rng):
    """activation 'identity' gives z's values unchanged, float64 (3, 2) and float32 (4,)"""
    for shape, dtype in (((3, 2), F64), ((4,), F32)):
        z = _randn(shape, dtype, rng, 3.0)
        check_tensor(student.activation(z, "identity"), z.clone(), f"activation(z {shape} {dtype}, 'identity')")


def test_activation_zero_dim(student):
    """activation of 0-d tensors (one neuron's output): relu(-0.7) = 0, sigmoid(0) = 0.5, tanh(0.3), identity"""
    for name in ACTS:
        for value in (-0.7, 0.0, 0.3):
            z = torch.tensor(value, dtype=F64)
            check_tensor(student.activation(z, name), _act(z, name), f"activation(tensor({value}, float64), {name!r})")


@pytest.mark.points(2)
def test_activation_unknown_names(student):
    """activation raises ValueError for names other than relu/sigmoid/tanh/identity"""
    for name in ("softmax", "sigmod", "leaky_relu", "elu", ""):
        check_raises(ValueError, student.activation, torch.tensor([0.5, -0.5]), name,
                     what=f"activation(tensor([0.5, -0.5]), {name!r})")


def test_activation_inputs_unchanged(student, rng):
    """activation does not modify z (no relu_, clamp_, sigmoid_ in place) for any name"""
    for name in ACTS:
        z = _randn((2, 3), F32, rng, 2.0)
        z[0, 0] = -1.0
        seen = student.observe("activation", z, name)
        _check_unchanged(seen, [z], ["z"], f"activation(z, {name!r})")
        check_tensor(seen.value, _act(z, name), f"activation(z (2, 3), {name!r})")


@pytest.mark.points(2)
def test_activation_meta_device(student):
    """activation of a float64 (3, 2) meta tensor is a float64 (3, 2) meta tensor for every name"""
    for name in ACTS:
        on_meta(lambda name=name: student.activation(meta(3, 2, dtype=F64), name), meta(3, 2, dtype=F64),
                 f"activation(z (3, 2) float64 on device 'meta', {name!r})")


def _activation_case(student, device, rng):
    z = _randn((3, 4), F32, rng, 2.0)
    z[1, 1] = -0.5
    for name in ACTS:
        check_tensor(student.activation(z.to(device), name), _act(z, name).to(device),
                     f"activation(z (3, 4) on {device}, {name!r})")


def test_activation_device_cpu(student, rng):
    """activation of a CPU tensor is a CPU tensor for every name (the CUDA test runs the same case)"""
    _activation_case(student, "cpu", rng)


@pytest.mark.cuda
def test_activation_cuda(student, rng):
    """activation of a CUDA tensor is a CUDA tensor for every name"""
    _activation_case(student, "cuda", rng)


# ----------------------------------------------------------------------------- neuron
@pytest.mark.points(2)
def test_neuron_default_relu(student, rng):
    """neuron of a float64 batch (8, 3) with the default act is relu(X @ w + b): negatives become 0"""
    X, w = _randn((8, 3), F64, rng), _randn(3, F64, rng)
    X[0], X[1] = w, -w                          # one clearly positive and one clearly negative pre-activation
    z = (X * w).sum(dim=1) + 0.1
    check_tensor(student.neuron(X, w, 0.1), _act(z, "relu"), "neuron(X (8, 3), w (3,), 0.1) float64", **SUM)


@pytest.mark.points(2)
def test_neuron_one_sample_each_act(student, rng):
    """neuron of one float64 sample (4,) is the 0-d tensor act(x @ w + b) for every act"""
    x, w = _randn(4, F64, rng), _randn(4, F64, rng)
    for b in (-0.8, 0.6):
        z = (x * w).sum() + b
        for name in ACTS:
            check_tensor(student.neuron(x, w, b, name), _act(z, name), f"neuron(x (4,), w (4,), {b}, {name!r}) float64",
                         **SUM)


def test_neuron_batch_each_act(student, rng):
    """neuron of a float32 batch (5, 2) with act 'sigmoid', 'tanh', 'identity' (passed by keyword)"""
    X, w = _randn((5, 2), F32, rng, 2.0), _randn(2, F32, rng)
    z = (X * w).sum(dim=1) - 0.25
    for name in ("sigmoid", "tanh", "identity"):
        check_tensor(student.neuron(X, w, -0.25, act=name), _act(z, name),
                     f"neuron(X (5, 2), w (2,), -0.25, act={name!r})", **SUM)


def test_neuron_tensor_bias(student, rng):
    """neuron with the bias as a 0-d float64 tensor and act 'tanh'"""
    X, w, b = _randn((3, 5), F64, rng), _randn(5, F64, rng), _randn((), F64, rng)
    check_tensor(student.neuron(X, w, b, "tanh"), _act((X * w).sum(dim=1) + b, "tanh"),
                 "neuron(X (3, 5), w (5,), b 0-d, 'tanh')", **SUM)


def test_neuron_inputs_unchanged(student, rng):
    """neuron does not modify x, w or b"""
    X, w, b = _randn((4, 3), F32, rng), _randn(3, F32, rng), _randn((), F32, rng)
    seen = student.observe("neuron", X, w, b, "relu")
    _check_unchanged(seen, [X, w, b], ["x", "w", "b"], "neuron(x, w, b, 'relu')")
    check_tensor(seen.value, _act((X * w).sum(dim=1) + b, "relu"), "neuron(x (4, 3), w (3,), b, 'relu')", **SUM)


def test_neuron_meta_device(student):
    """neuron of meta tensors: a float64 batch (6, 2) gives (6,), one sample gives () on meta"""
    for name in ("relu", "sigmoid"):
        on_meta(lambda name=name: student.neuron(meta(6, 2, dtype=F64), meta(2, dtype=F64), 1.0, name),
                 meta(6, dtype=F64),
                 f"neuron(x (6, 2), w (2,), 1.0, {name!r} on device 'meta')")
    on_meta(lambda: student.neuron(meta(2), meta(2), -1.0), meta(), "neuron(x (2,), w (2,), -1.0 on device 'meta')")


def _neuron_case(student, device, rng):
    X, w = _randn((5, 3), F64, rng), _randn(3, F64, rng)
    z = (X * w).sum(dim=1) + 0.2
    for name in ("relu", "tanh"):
        check_tensor(student.neuron(X.to(device), w.to(device), 0.2, name), _act(z, name).to(device),
                     f"neuron(x (5, 3), w (3,), 0.2, {name!r} on {device})", **SUM)


def test_neuron_device_cpu(student, rng):
    """neuron of CPU tensors returns CPU tensors (the CUDA test runs the same case)"""
    _neuron_case(student, "cpu", rng)


@pytest.mark.cuda
def test_neuron_cuda(student, rng):
    """neuron of CUDA tensors returns CUDA tensors"""
    _neuron_case(student, "cuda", rng)


# ----------------------------------------------------------------------------- dense_loop and dense
def _dense_float64_non_square(fn, name, rng):
    X, W, b = _randn((5, 3), F64, rng), _randn((3, 2), F64, rng), _randn(2, F64, rng)
    check_tensor(fn(X, W, b), _layer(X, W, b, "relu"), f"{name}(X (5, 3), W (3, 2), b (2,)) float64", **SUM)


def _dense_float32_each_act(fn, name, rng):
    X, W, b = _randn((4, 2), F32, rng, 2.0), _randn((2, 3), F32, rng), _randn(3, F32, rng)
    for act in ACTS:
        check_tensor(fn(X, W, b, act), _layer(X, W, b, act), f"{name}(X (4, 2), W (2, 3), b (3,), {act!r}) float32",
                     **SUM)


def _dense_square_weights(fn, name, rng):
    X, W, b = _randn((2, 3), F64, rng), _randn((3, 3), F64, rng), _randn(3, F64, rng)
    for act in ("identity", "tanh"):
        check_tensor(fn(X, W, b, act=act), _layer(X, W, b, act),
                     f"{name}(X (2, 3), W (3, 3) not symmetric, b (3,), act={act!r}): "
                     "column j of W holds neuron j's weights",
                     **SUM)


def _dense_one_unit(fn, name, rng):
    X, W, b = _randn((1, 4), F32, rng), _randn((4, 1), F32, rng), torch.tensor([0.3])
    check_tensor(fn(X, W, b, "sigmoid"), _layer(X, W, b, "sigmoid"), f"{name}(X (1, 4), W (4, 1), b (1,), 'sigmoid')",
                 **SUM)
    X6 = _randn((6, 4), F32, rng)
    check_tensor(fn(X6, W, b, "identity"), _layer(X6, W, b, "identity"),
                 f"{name}(X (6, 4), W (4, 1), b (1,), 'identity')", **SUM)


def _dense_unchanged(student, name, rng):
    X, W, b = _randn((3, 4), F32, rng), _randn((4, 2), F32, rng), _randn(2, F32, rng)
    seen = student.observe(name, X, W, b, "relu")
    _check_unchanged(seen, [X, W, b], ["X", "W", "b"], f"{name}(X, W, b, 'relu')")
    check_tensor(seen.value, _layer(X, W, b, "relu"), f"{name}(X (3, 4), W (4, 2), b (2,), 'relu')", **SUM)


def _dense_meta(fn, name):
    for act in ("relu", "identity"):
        on_meta(lambda act=act: fn(meta(4, 3, dtype=F64), meta(3, 5, dtype=F64), meta(5, dtype=F64), act),
                 meta(4, 5, dtype=F64), f"{name}(X (4, 3), W (3, 5), b (5,), {act!r}) float64 on device 'meta'")
    on_meta(lambda: fn(meta(2, 3), meta(3, 2), meta(2)), meta(2, 2),
             f"{name}(X (2, 3), W (3, 2), b (2,)) on device 'meta'")


def _dense_case(fn, name, device, rng):
    X, W, b = _randn((3, 4), F64, rng), _randn((4, 2), F64, rng), _randn(2, F64, rng)
    for act in ("relu", "sigmoid"):
        check_tensor(fn(X.to(device), W.to(device), b.to(device), act), _layer(X, W, b, act).to(device),
                     f"{name}(X (3, 4), W (4, 2), b (2,), {act!r} on {device})", **SUM)


@pytest.mark.points(2)
def test_dense_loop_float64_non_square(student, rng):
    """dense_loop of float64 X (5, 3), W (3, 2), b (2,) is relu(X @ W + b), a float64 (5, 2) tensor"""
    _dense_float64_non_square(student.dense_loop, "dense_loop", rng)


@pytest.mark.points(2)
def test_dense_loop_float32_each_act(student, rng):
    """dense_loop of float32 X (4, 2), W (2, 3), b (3,) with every act"""
    _dense_float32_each_act(student.dense_loop, "dense_loop", rng)


@pytest.mark.points(2)
def test_dense_loop_square_weights(student, rng):
    """dense_loop with a square non-symmetric W (3, 3) uses column j for unit j (W, not W.T)"""
    _dense_square_weights(student.dense_loop, "dense_loop", rng)


def test_dense_loop_one_unit(student, rng):
    """dense_loop of a layer with one unit: one sample (1, 4) and six samples (6, 4)"""
    _dense_one_unit(student.dense_loop, "dense_loop", rng)


def test_dense_loop_inputs_unchanged(student, rng):
    """dense_loop does not modify X, W or b"""
    _dense_unchanged(student, "dense_loop", rng)


@pytest.mark.points(2)
def test_dense_loop_meta_device(student):
    """dense_loop of meta tensors gives a (4, 5) float64 result on meta (a result created without device= fails)"""
    _dense_meta(student.dense_loop, "dense_loop")


def test_dense_loop_device_cpu(student, rng):
    """dense_loop of CPU tensors returns a CPU tensor (the CUDA test runs the same case)"""
    _dense_case(student.dense_loop, "dense_loop", "cpu", rng)


@pytest.mark.cuda
def test_dense_loop_cuda(student, rng):
    """dense_loop of CUDA tensors returns a CUDA tensor"""
    _dense_case(student.dense_loop, "dense_loop", "cuda", rng)


@pytest.mark.points(2)
def test_dense_float64_non_square(student, rng):
    """dense of float64 X (5, 3), W (3, 2), b (2,) is relu(X @ W + b), a float64 (5, 2) tensor"""
    _dense_float64_non_square(student.dense, "dense", rng)


@pytest.mark.points(2)
def test_dense_float32_each_act(student, rng):
    """dense of float32 X (4, 2), W (2, 3), b (3,) with every act"""
    _dense_float32_each_act(student.dense, "dense", rng)


@pytest.mark.points(2)
def test_dense_square_weights(student, rng):
    """dense with a square non-symmetric W (3, 3) is X @ W + b (not X @ W.T + b)"""
    _dense_square_weights(student.dense, "dense", rng)


def test_dense_one_unit(student, rng):
    """dense of a layer with one unit: one sample (1, 4) and six samples (6, 4)"""
    _dense_one_unit(student.dense, "dense", rng)


def test_dense_inputs_unchanged(student, rng):
    """dense does not modify X, W or b"""
    _dense_unchanged(student, "dense", rng)


@pytest.mark.points(2)
def test_dense_meta_device(student):
    """dense of meta tensors gives a (4, 5) float64 result on meta"""
    _dense_meta(student.dense, "dense")


def test_dense_device_cpu(student, rng):
    """dense of CPU tensors returns a CPU tensor (the CUDA test runs the same case)"""
    _dense_case(student.dense, "dense", "cpu", rng)


@pytest.mark.cuda
def test_dense_cuda(student, rng):
    """dense of CUDA tensors returns a CUDA tensor"""
    _dense_case(student.dense, "dense", "cuda", rng)


# ----------------------------------------------------------------------------- mlp_forward
def _layers(sizes, dtype, rng):
    return [(_randn((a, c), dtype, rng), _randn(c, dtype, rng)) for a, c in zip(sizes, sizes[1:])]


def _describe_layers(sizes):
    return "[" + ", ".join(f"(W ({a}, {c}), b ({c},))" for a, c in zip(sizes, sizes[1:])) + "]"


@pytest.mark.points(2)
def test_mlp_forward_two_layers_default_relu(student, rng):
    """mlp_forward 4 -> 5 -> 2 with the default act: relu after the hidden layer, a linear output (negatives stay)"""
    X, layers = _randn((6, 4), F32, rng), _layers((4, 5, 2), F32, rng)
    expected = _network(X, layers, "relu")
    check((expected < 0).any(), "test data: the output should have negative values")
    check_tensor(student.mlp_forward(X, layers), expected, f"mlp_forward(X (6, 4), {_describe_layers((4, 5, 2))})",
                 **CHAIN)


@pytest.mark.points(2)
def test_mlp_forward_three_layers_tanh(student, rng):
    """mlp_forward 3 -> 4 -> 6 -> 2 in float64 with act='tanh' after both hidden layers only"""
    X, layers = _randn((5, 3), F64, rng), _layers((3, 4, 6, 2), F64, rng)
    check_tensor(student.mlp_forward(X, layers, "tanh"), _network(X, layers, "tanh"),
                 f"mlp_forward(X (5, 3), {_describe_layers((3, 4, 6, 2))}, 'tanh') float64", **SUM)


@pytest.mark.points(2)
def test_mlp_forward_three_layers_relu(student, rng):
    """mlp_forward 2 -> 6 -> 3 -> 1 in float64 with act='relu' (passed by keyword)"""
    X, layers = _randn((7, 2), F64, rng, 2.0), _layers((2, 6, 3, 1), F64, rng)
    check_tensor(student.mlp_forward(X, layers, act="relu"), _network(X, layers, "relu"),
                 f"mlp_forward(X (7, 2), {_describe_layers((2, 6, 3, 1))}, act='relu') float64", **SUM)


def test_mlp_forward_sigmoid_float32(student, rng):
    """mlp_forward 3 -> 3 -> 3 in float32 with act='sigmoid' (square, non-symmetric weights)"""
    X, layers = _randn((4, 3), F32, rng), _layers((3, 3, 3), F32, rng)
    check_tensor(student.mlp_forward(X, layers, "sigmoid"), _network(X, layers, "sigmoid"),
                 f"mlp_forward(X (4, 3), {_describe_layers((3, 3, 3))}, 'sigmoid') float32", **CHAIN)


@pytest.mark.points(2)
def test_mlp_forward_single_layer_is_linear(student, rng):
    """mlp_forward with one layer is X @ W + b with no activation, whatever act is"""
    X, layers = _randn((5, 3), F64, rng), _layers((3, 2), F64, rng)
    expected = _network(X, layers, "relu")
    for act in ("relu", "sigmoid", "tanh"):
        check_tensor(student.mlp_forward(X, layers, act), expected,
                     f"mlp_forward(X (5, 3), [(W (3, 2), b (2,))], {act!r})", **SUM)


def test_mlp_forward_identity(student, rng):
    """mlp_forward with act='identity' is a stack of linear layers"""
    X, layers = _randn((3, 2), F32, rng), _layers((2, 4, 3), F32, rng)
    check_tensor(student.mlp_forward(X, layers, "identity"), _network(X, layers, "identity"),
                 f"mlp_forward(X (3, 2), {_describe_layers((2, 4, 3))}, 'identity')", **CHAIN)


def test_mlp_forward_inputs_unchanged(student, rng):
    """mlp_forward does not modify X or the layers' weights and biases"""
    X, layers = _randn((4, 3), F32, rng), _layers((3, 5, 2), F32, rng)
    seen = student.observe("mlp_forward", X, layers, "relu")
    _check_unchanged(seen, [X], ["X"], "mlp_forward(X, layers, 'relu')")
    after = seen.args_after[1]
    check(len(after) == len(layers), "mlp_forward(X, layers, 'relu') changed the number of layers")
    for i, ((W, b), (W_after, b_after)) in enumerate(zip(layers, after)):
        check_tensor(W_after, W, f"layers[{i}][0] (W) after mlp_forward(X, layers) (the input must not be modified)")
        check_tensor(b_after, b, f"layers[{i}][1] (b) after mlp_forward(X, layers) (the input must not be modified)")
    check_tensor(seen.value, _network(X, layers, "relu"),
                 f"mlp_forward(X (4, 3), {_describe_layers((3, 5, 2))}, 'relu')", **CHAIN)


@pytest.mark.points(2)
def test_mlp_forward_meta_device(student):
    """mlp_forward of meta tensors 3 -> 4 -> 2 gives a float64 (5, 2) result on meta"""
    layers = [(meta(3, 4, dtype=F64), meta(4, dtype=F64)), (meta(4, 2, dtype=F64), meta(2, dtype=F64))]
    for act in ("relu", "tanh"):
        on_meta(lambda act=act: student.mlp_forward(meta(5, 3, dtype=F64), layers, act), meta(5, 2, dtype=F64),
                 f"mlp_forward(X (5, 3), [(W (3, 4), b (4,)), (W (4, 2), b (2,))], {act!r}) on device 'meta'")


def _mlp_case(student, device, rng):
    X, layers = _randn((5, 3), F64, rng), _layers((3, 4, 2), F64, rng)
    moved = [(W.to(device), b.to(device)) for W, b in layers]
    check_tensor(student.mlp_forward(X.to(device), moved, "relu"), _network(X, layers, "relu").to(device),
                 f"mlp_forward(X (5, 3), {_describe_layers((3, 4, 2))}, 'relu' on {device})", **SUM)


def test_mlp_forward_device_cpu(student, rng):
    """mlp_forward of CPU tensors returns a CPU tensor (the CUDA test runs the same case)"""
    _mlp_case(student, "cpu", rng)


@pytest.mark.cuda
def test_mlp_forward_cuda(student, rng):
    """mlp_forward of CUDA tensors returns a CUDA tensor"""
    _mlp_case(student, "cuda", rng)


# ----------------------------------------------------------------------------- task_type
@pytest.mark.points(2)
def test_task_type_integer_labels_any_count(student):
    """task_type of integer and bool labels is 'classification', also with 50 distinct classes"""
    cases = {
        "torch.arange(50) (int64, 50 distinct values)": torch.arange(50),
        "tensor([3, 1, 2], dtype=int32)": torch.tensor([3, 1, 2], dtype=torch.int32),
        "torch.arange(30, dtype=uint8) (30 distinct values)": torch.arange(30, dtype=torch.uint8),
        "tensor([True, False, True])": torch.tensor([True, False, True]),
        "tensor([-1, 1, 1, -1]) (int64)": torch.tensor([-1, 1, 1, -1]),
    }
    for name, labels in cases.items():
        check_equal(student.task_type(labels), "classification", f"task_type({name})")


@pytest.mark.points(2)
def test_task_type_whole_floats(student):
    """task_type of float labels that are whole numbers with few distinct values is 'classification'"""
    cases = {
        "tensor([0., 1., 2., 1.]) (float32)": torch.tensor([0.0, 1.0, 2.0, 1.0]),
        "tensor([-1., 1., 1., -1.]) (float64)": torch.tensor([-1.0, 1.0, 1.0, -1.0], dtype=F64),
        "tensor([5., 5., 5.])": torch.tensor([5.0, 5.0, 5.0]),
        "tensor([1000., 2000., 1000.]) (float64)": torch.tensor([1000.0, 2000.0, 1000.0], dtype=F64),
    }
    for name, labels in cases.items():
        check_equal(student.task_type(labels), "classification", f"task_type({name})")


@pytest.mark.points(2)
def test_task_type_twenty_distinct_values(student):
    """task_type of float whole numbers: 20 distinct values is 'classification', 21 is 'regression'"""
    g = torch.Generator().manual_seed(9)
    for dtype in (F32, F64):
        twenty = torch.arange(-10, 10, dtype=dtype).repeat(3)[torch.randperm(60, generator=g)]
        check_equal(student.task_type(twenty), "classification",
                    f"task_type(60 {dtype} labels with the 20 distinct whole values -10 ... 9)")
        twenty_one = torch.arange(21, dtype=dtype).repeat(2)[torch.randperm(42, generator=g)]
        check_equal(student.task_type(twenty_one), "regression",
                    f"task_type(42 {dtype} labels with the 21 distinct whole values 0 ... 20)")


@pytest.mark.points(2)
def test_task_type_fractions(student, rng):
    """task_type of float labels with a fraction is 'regression', even with few distinct values"""
    cases = {
        "tensor([0.5, 1.5, 0.5])": torch.tensor([0.5, 1.5, 0.5]),
        "tensor([0., 1., 0.25, 1.]) (float64)": torch.tensor([0.0, 1.0, 0.25, 1.0], dtype=F64),
        "tensor([2., 3., 2.1]) (float64)": torch.tensor([2.0, 3.0, 2.1], dtype=F64),
        "torch.randn(30) * 10 (float32)": torch.randn(30, generator=rng) * 10,
    }
    for name, labels in cases.items():
        check_equal(student.task_type(labels), "regression", f"task_type({name})")


def test_task_type_many_whole_floats(student):
    """task_type of 100 distinct whole-number float prices is 'regression'"""
    prices = torch.arange(100, dtype=F64) * 1000 + 50000
    check_equal(student.task_type(prices), "regression", "task_type(torch.arange(100.) * 1000 + 50000, float64)")


def test_task_type_inputs_unchanged(student):
    """task_type does not modify the labels (no round_() in place)"""
    labels = torch.tensor([0.5, 1.25, 2.0, 0.5])
    seen = student.observe("task_type", labels)
    _check_unchanged(seen, [labels], ["labels"], "task_type(labels)")
    check_equal(seen.value, "regression", "task_type(tensor([0.5, 1.25, 2.0, 0.5]))")


def _task_type_case(student, device):
    for labels, want in ((torch.tensor([0.0, 2.0, 1.0]), "classification"), (torch.tensor([0.1, 2.0]), "regression"),
                         (torch.arange(40), "classification"), (torch.arange(25, dtype=F64), "regression")):
        check_equal(student.task_type(labels.to(device)), want,
                    f"task_type({labels.tolist()} ({labels.dtype}) on {device})")


def test_task_type_device_cpu(student):
    """task_type of CPU labels (the CUDA test runs the same case)"""
    _task_type_case(student, "cpu")


@pytest.mark.cuda
def test_task_type_cuda(student):
    """task_type of CUDA labels returns the same strings"""
    _task_type_case(student, "cuda")


# ----------------------------------------------------------------------------- train_dev_split
def _split_data(n, k, dtype, label_dtype, rng):
    """X with the row number in column 0 (to find each row again) and a unique label per row."""
    X = torch.cat([torch.arange(n, dtype=dtype)[:, None], _randn((n, k - 1), dtype, rng)], dim=1)
    y = (torch.randperm(n, generator=rng) * 3 + 7).to(label_dtype)
    return X, y


def _check_split(out, X, y, n_dev, what):
    """The four parts have n - n_dev and n_dev rows, hold every row of X once, and keep labels.
    Returns the row numbers of the training and the dev set."""
    n = X.shape[0]
    check_type(out, (tuple, list), what)
    check(len(out) == 4, f"{what}: expected 4 results (X_train, y_train, X_dev, y_dev), got {len(out)}")
    parts = dict(zip(("X_train", "y_train", "X_dev", "y_dev"), out))
    for name, t in parts.items():
        check_type(t, torch.Tensor, f"{what}: {name}")
    for name, rows in (("train", n - n_dev), ("dev", n_dev)):
        for t_name in (f"X_{name}", f"y_{name}"):
            t, src = parts[t_name], X if t_name[0] == "X" else y
            shape = (rows, *src.shape[1:])
            check(tuple(t.shape) == shape, f"{what}: {t_name} should have shape {shape} "
                  f"({n_dev} = round({n} * dev_fraction) dev rows, {n - n_dev} training rows), got {tuple(t.shape)}")
    ids_train = parts["X_train"][:, 0].detach().cpu().round().long()
    ids_dev = parts["X_dev"][:, 0].detach().cpu().round().long()
    every = torch.cat([ids_train, ids_dev])
    check(sorted(every.tolist()) == list(range(n)),
          f"{what}: X_train and X_dev together must hold every row of X exactly once "
          f"(row numbers {sorted(every.tolist())})")
    device = X.device
    check_tensor(parts["X_train"], X[ids_train.to(device)], f"{what}: X_train (whole rows of X)")
    check_tensor(parts["X_dev"], X[ids_dev.to(device)], f"{what}: X_dev (whole rows of X)")
    check_tensor(parts["y_train"], y[ids_train.to(device)],
                 f"{what}: y_train (y_train[i] must be the label of X_train[i])")
    check_tensor(parts["y_dev"], y[ids_dev.to(device)], f"{what}: y_dev (y_dev[i] must be the label of X_dev[i])")
    return ids_train, ids_dev


@pytest.mark.points(3)
def test_train_dev_split_sizes_round(student, rng):
    """train_dev_split puts round(n * dev_fraction) rows in the dev set (Python's round: round(2.5) = 2)"""
    for n, fraction in ((10, 0.25), (9, 0.2), (14, 0.25), (18, 0.25), (5, 0.5), (11, 0.5), (7, 0.3)):
        X, y = _split_data(n, 3, F32, torch.int64, rng)
        n_dev = round(n * fraction)
        _check_split(student.train_dev_split(X, y, fraction, 1), X, y, n_dev,
                     f"train_dev_split(X ({n}, 3), y ({n},), {fraction}, 1) "
                     f"[n_dev = round({n * fraction!r}) = {n_dev}]")


@pytest.mark.points(2)
def test_train_dev_split_rows_keep_labels(student, rng):
    """train_dev_split keeps each row with its label and the dtypes: float64 X with int64 y, float32 X with float32 y"""
    for dtype, label_dtype, n, fraction, seed in ((F64, torch.int64, 12, 0.25, 3), (F32, F32, 15, 0.4, 11)):
        X, y = _split_data(n, 4, dtype, label_dtype, rng)
        _check_split(student.train_dev_split(X, y, fraction, seed), X, y, round(n * fraction),
                     f"train_dev_split(X ({n}, 4) {dtype}, y ({n},) {label_dtype}, {fraction}, {seed})")


def test_train_dev_split_keywords(student, rng):
    """train_dev_split with dev_fraction and seed passed by keyword: 30 rows, 0.1 -> 3 dev rows"""
    X, y = _split_data(30, 2, F64, F64, rng)
    _check_split(student.train_dev_split(X, y, dev_fraction=0.1, seed=42), X, y, 3,
                 "train_dev_split(X (30, 2), y (30,), dev_fraction=0.1, seed=42)")


def test_train_dev_split_extreme_fractions(student, rng):
    """train_dev_split with dev_fraction=0.0 gives an empty dev set; with 1.0 an empty training set"""
    X, y = _split_data(8, 3, F32, torch.int64, rng)
    _check_split(student.train_dev_split(X, y, 0.0, 4), X, y, 0, "train_dev_split(X (8, 3), y (8,), 0.0, 4)")
    _check_split(student.train_dev_split(X, y, 1.0, 4), X, y, 8, "train_dev_split(X (8, 3), y (8,), 1.0, 4)")


@pytest.mark.points(2)
def test_train_dev_split_same_seed_same_split(student, rng):
    """train_dev_split with the same seed twice gives the same split; no seed is the same as seed=0"""
    X, y = _split_data(16, 3, F64, torch.int64, rng)
    for args, again, label in (((X, y, 0.25, 7), (X, y, 0.25, 7), "seed 7 twice"),
                               ((X, y), (X, y, 0.2, 0), "the defaults and (0.2, 0)")):
        first, second = student.train_dev_split(*args), student.train_dev_split(*again)
        _check_split(first, X, y, round(16 * args[2]) if len(args) > 2 else 3,
                     f"train_dev_split(X (16, 3), y (16,)), {label}")
        for name, a, b in zip(("X_train", "y_train", "X_dev", "y_dev"), first, second):
            check_tensor(b, a, f"train_dev_split(X (16, 3), y (16,)), {label}: "
                               f"{name} of the second call must equal the first")


@pytest.mark.points(2)
def test_train_dev_split_shuffles_by_seed(student, rng):
    """train_dev_split is a seeded random permutation: seeds 0-5 do not all take the first or last rows, nor all the same rows"""  # noqa: E501 (the graders read this first line whole)
    X, y = _split_data(20, 2, F32, torch.int64, rng)
    dev_sets = []
    for seed in range(6):
        _, ids_dev = _check_split(student.train_dev_split(X, y, 0.2, seed), X, y, 4,
                                  f"train_dev_split(X (20, 2), y (20,), 0.2, {seed})")
        dev_sets.append(frozenset(ids_dev.tolist()))
    ends = {frozenset(range(4)), frozenset(range(16, 20))}
    check(any(s not in ends for s in dev_sets),
          "train_dev_split(X (20, 2), y (20,), 0.2, seed) for seeds 0-5: the dev set is always the first or the last "
          f"4 rows of X ({[sorted(s) for s in dev_sets]}); shuffle the rows with a permutation seeded by seed")
    check(len(set(dev_sets)) > 1,
          "train_dev_split(X (20, 2), y (20,), 0.2, seed) for seeds 0-5: every seed gives the same dev rows "
          f"{sorted(dev_sets[0])}; the permutation must depend on seed")


def test_train_dev_split_inputs_unchanged(student, rng):
    """train_dev_split does not modify X or y (no shuffling in place)"""
    X, y = _split_data(10, 3, F64, torch.int64, rng)
    seen = student.observe("train_dev_split", X, y, 0.3, 2)
    _check_unchanged(seen, [X, y], ["X", "y"], "train_dev_split(X, y, 0.3, 2)")
    _check_split(seen.value, X, y, 3, "train_dev_split(X (10, 3), y (10,), 0.3, 2)")


def _split_case(student, device, rng):
    X, y = _split_data(12, 3, F32, torch.int64, rng)
    X, y = X.to(device), y.to(device)
    _check_split(student.train_dev_split(X, y, 0.25, 5), X, y, 3,
                 f"train_dev_split(X (12, 3), y (12,), 0.25, 5 on {device})")


def test_train_dev_split_device_cpu(student, rng):
    """train_dev_split of CPU tensors returns CPU tensors (the CUDA test runs the same case)"""
    _split_case(student, "cpu", rng)


@pytest.mark.cuda
def test_train_dev_split_cuda(student, rng):
    """train_dev_split of CUDA tensors returns CUDA tensors with every row and its label"""
    _split_case(student, "cuda", rng)
