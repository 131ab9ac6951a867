"""The data-only format between runner and grader."""
import json
import math
import pathlib
import struct

import numpy as np
import pandas as pd
import pytest
import torch

from grader.limits import MAX_WIRE_DEPTH_LEVELS, MAX_WIRE_TENSORS
from grader.sandbox import wire


def roundtrip(value):
    enc = wire.Encoder()
    tree = enc.encode(value)
    header, tensors = wire.unpack(*_split(wire.pack({"v": tree}, enc.tensors)))
    return wire.Decoder(tensors).decode(header["v"])


def _split(frame: bytes):
    n_head, n_blob = struct.unpack("!II", frame[:8])
    return frame[8:8 + n_head], frame[8 + n_head:8 + n_head + n_blob]


@pytest.mark.parametrize("value", [
    None, True, 0, -3, 2**53 + 1, -2**63, 2**70, 1.5, 1e300, 5e-324, -0.0, "text", "中文", "a\x00b",
    "\ud800 lone surrogate", [1, [2.0, "x"]], (1, (2,)), {"a": 1, 2: "b"},
    pathlib.Path("a/b.csv"), torch.float64, torch.device("cpu"), {1, 2},
])
def test_plain_values_roundtrip(value):
    out = roundtrip(value)
    assert out == value and type(out) is type(value)


def test_special_floats_roundtrip():
    out = roundtrip([math.inf, -math.inf, math.nan])
    assert out[0] == math.inf and out[1] == -math.inf and math.isnan(out[2])


@pytest.mark.parametrize("dtype", list(wire.TENSOR_DTYPES.values()))
def test_tensors_roundtrip_with_dtype_shape_and_grad_flag(dtype):
    t = (torch.arange(6) % 2).to(dtype).reshape(2, 3)
    out = roundtrip(t)
    assert type(out) is torch.Tensor and out.dtype == dtype and out.shape == (2, 3) and torch.equal(out, t)
    g = roundtrip(torch.ones(2, requires_grad=True))
    assert g.requires_grad


def test_meta_and_noncontiguous_tensors():
    assert roundtrip(torch.empty(3, 4, device="meta")).device.type == "meta"
    t = torch.arange(12.).reshape(3, 4).T
    assert torch.equal(roundtrip(t), t)


def test_subclasses_come_back_as_plain_types():
    class Sneaky(torch.Tensor):
        def __eq__(self, other):
            return True

    class S(str):
        def __eq__(self, other):
            return True

    class F(float):
        def __eq__(self, other):
            return True

    t = torch.zeros(2).as_subclass(Sneaky)
    out = roundtrip([t, S("x"), F(1.0), np.float32(2.5), torch.nn.Parameter(torch.ones(1))])
    assert [type(v) for v in out] == [torch.Tensor, str, float, np.float32, torch.Tensor]
    assert out[1] != "y" and out[2] != 2.0


def test_numpy_and_pandas_roundtrip():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert np.array_equal(roundtrip(a), a) and roundtrip(a).dtype == np.float32
    df = pd.DataFrame({"NumRooms": [np.nan, 2.0], "Alley": ["Pave", None], "ok": [True, False]})
    out = roundtrip(df)
    assert list(out.columns) == ["NumRooms", "Alley", "ok"]
    assert str(out["ok"].dtype) == "bool" and math.isnan(out["NumRooms"][0]) and pd.isna(out["Alley"][1])
    s = roundtrip(pd.Series([1.0, 2.0], name="Price"))
    assert s.name == "Price" and s.tolist() == [1.0, 2.0]


def test_objects_are_refused_without_a_handle_policy():
    with pytest.raises(wire.WireError):
        wire.Encoder().encode(object())


@pytest.mark.parametrize("tree", [
    {"t": "pickle", "v": "gASV"}, {"t": "tensor", "dtype": "float32", "shape": [2], "device": "cpu", "key": "9"},
    {"t": "dtype", "v": "__import__"}, {"t": "list", "v": "notalist"}, [1, 2],
    # missing fields, bad numbers, wrong arity, unhashable keys, impossible shapes and devices
    {"t": "int"}, {"t": "int", "v": "x"}, {"t": "tensor"}, {"t": "complex", "v": [1]},
    {"t": "dict", "v": [[1]]}, {"t": "set", "v": [{"t": "list", "v": []}]},
    {"t": "dict", "v": [[{"t": "list", "v": []}, 1]]}, {"t": "device", "v": "bogus"},
    {"t": "rangeindex", "v": [0, 1, 0], "name": None}, {"t": "npscalar", "dtype": "uint8", "v": "x"},
    {"t": "ndarray_list", "dtype": "object", "shape": [3], "v": [1]},
    {"t": "series", "data": [], "index": None, "name": None},
    {"t": "list", "v": [{"t": "tuple", "v": [{"t": "int", "v": None}]}]},
])
def test_malformed_or_unknown_values_are_rejected(tree):
    """Whatever part of a tree is wrong, the decoder says so with its own error: no KeyError,
    TypeError or ValueError escapes to callers that catch ``WireError``."""
    with pytest.raises(wire.WireError):
        wire.Decoder({}).decode(tree)


def test_what_a_resolver_raises_passes_through_unchanged():
    """A resolve callback runs the student's code in the runner (a property, ``__getattr__``):
    its exception is the student's, not a malformed frame, at any depth of the tree."""
    class Oops(LookupError):
        pass

    def resolve_ref(key, attr):
        raise Oops(f"no {attr}")

    for tree in ({"t": "ref", "id": 0, "attr": "f"},
                 {"t": "list", "v": [1, {"t": "dict", "v": [["k", {"t": "ref", "id": 0, "attr": "f"}]]}]}):
        with pytest.raises(Oops, match="no f"):
            wire.Decoder({}, resolve_ref=resolve_ref).decode(tree)
    handles = wire.Decoder({}, resolve_handle=lambda i, t, c: (i, t, c))
    assert handles.decode({"t": "list", "v": [{"t": "handle", "id": 3, "type": "Box", "callable": False}]}) == [
        (3, "Box", False)]


def test_deep_nesting_is_rejected():
    tree = 1
    for _ in range(MAX_WIRE_DEPTH_LEVELS + 5):
        tree = {"t": "list", "v": [tree]}
    with pytest.raises(wire.WireError):
        wire.Decoder({}).decode(tree)


def test_empty_scalar_and_many_tensors_roundtrip_each_aligned():
    values = [torch.zeros(0, 3), torch.tensor(2.5, dtype=torch.float64), torch.arange(5, dtype=torch.int8),
              torch.tensor([1 + 2j, -3j]), torch.ones(2, 2, dtype=torch.float16)]
    out = roundtrip(values)
    assert all(o.dtype == v.dtype and o.shape == v.shape and torch.equal(o, v) for o, v in zip(out, values))
    assert all(o.data_ptr() % 64 == out[1].data_ptr() % 64 for o in out[1:])  # one buffer, every start aligned
    out[2][0] = 9   # decoded tensors are the receiver's own, writable
    assert out[2].tolist() == [9, 1, 2, 3, 4]


def _forged(index, data: bytes) -> bytes:
    """A blob with ``index`` and ``data`` laid out as ``_pack_tensors`` lays them out."""
    head = json.dumps(index).encode()
    start = -(-(4 + len(head)) // 64) * 64
    return struct.pack("<I", len(head)) + head + bytes(start - 4 - len(head)) + data


@pytest.mark.parametrize("index, data, match", [
    ([["0", "float32", [4], 0]], bytes(8), "past the end"),                          # claims more than it holds
    ([["0", "float32", [1], 0]], bytes(128), "disagree in size"),                     # holds more than it claims
    ([["0", "float32", [2], 0], ["1", "float32", [2], 4]], bytes(128), "malformed"),  # overlapping
    ([["0", "float32", [2], 0], ["0", "float32", [2], 64]], bytes(128), "malformed"),  # a key twice
    ([["0", "float32", [-2], 0]], bytes(64), "malformed"),
    ([["0", "float32", [2**40, 2**40], 0]], bytes(64), "past the end"),
    ([["0", "object", [1], 0]], bytes(64), "unreadable"),
    ([["0", "float32", [1]]], bytes(64), "unreadable"),
    ({"0": 1}, b"", "not a list"),
])
def test_a_forged_tensor_index_is_refused(index, data, match):
    with pytest.raises(wire.WireError, match=match):
        wire.unpack(b"{}", _forged(index, data))


def test_garbage_frames_are_errors_not_crashes():
    with pytest.raises(wire.WireError):
        wire.unpack(b"{not json", b"")
    with pytest.raises(wire.WireError):
        wire.unpack(b"{}", b"\x00\x01garbage")


def test_object_columns_keep_their_missing_markers():
    df = pd.DataFrame({"Alley": pd.Series(["Pave", np.nan, None], dtype=object)})
    out = roundtrip(df)["Alley"].tolist()
    assert out[0] == "Pave" and isinstance(out[1], float) and math.isnan(out[1]) and out[2] is None
    assert roundtrip(pd.Series(["a", pd.NA], dtype="string")).tolist()[1] is pd.NA


def test_one_stored_tensor_cannot_back_many_values():
    """A forged reply must not make the trusted side materialise one blob many times over."""
    enc = wire.Encoder()
    tree = enc.encode(torch.zeros(4, dtype=torch.uint8))
    with pytest.raises(wire.WireError, match="twice"):
        wire.Decoder(enc.tensors).decode({"t": "list", "v": [tree, tree]})


def test_columns_are_not_converted_to_another_dtype():
    enc = wire.Encoder()
    tree = enc.encode(pd.Series(np.zeros(4, dtype=np.uint8)))
    tree["data"]["dtype"] = "complex128"  # 16 times the bytes, if it were converted
    with pytest.raises(wire.WireError):
        wire.Decoder(enc.tensors).decode(tree)


def test_frames_with_too_many_tensors_or_columns_are_refused():
    """Decoding time on the trusted side is bounded: no million-tensor blob, no 300k-column frame."""
    many = {str(i): torch.zeros(0) for i in range(MAX_WIRE_TENSORS + 1)}
    with pytest.raises(wire.WireError, match="too many tensors"):
        wire.unpack(*_split(wire.pack({}, many)))
    enc = wire.Encoder()
    tree = enc.encode(pd.DataFrame({"a": [1]}))
    tree["columns"] = ["x"] * (MAX_WIRE_TENSORS + 1)
    with pytest.raises(wire.WireError, match="too many columns"):
        wire.Decoder(enc.tensors).decode(tree)
