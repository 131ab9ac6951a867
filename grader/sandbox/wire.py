"""The data-only format that crosses between the trusted grader and a runner.

A message is one frame: an 8-byte length prefix, a JSON header and an optional
blob holding every tensor and array of the message (a JSON index of keys, dtypes,
shapes and offsets, then the raw bytes; written here rather than with safetensors,
whose Python wrapper costs more than the tensors of a typical request).  Neither part
can run code when it is read.  Values are written as a small tagged tree; anything that
is not plain data (a module, a student's object) travels as a numbered *handle*
that only the runner can resolve.  The decoder rebuilds plain built-in types only:
a tensor subclass, a custom ``__eq__`` or a ``str`` subclass cannot survive it.
"""
from __future__ import annotations

import json
import math
import pathlib
import socket
import struct
import sys

import numpy as np
import torch

from ..limits import (
    DETAIL_CHARS,
    MAX_WIRE_BLOB_BYTES,
    MAX_WIRE_DEPTH_LEVELS,
    MAX_WIRE_HEADER_BYTES,
    MAX_WIRE_NODES,
    MAX_WIRE_TENSORS,
    cuda_promised,
)

_PREFIX = struct.Struct("!II")
_INDEX_PREFIX = struct.Struct("<I")
_ALIGN = 64  # every tensor's bytes start at a multiple of this in the blob

TENSOR_DTYPES = {
    str(d).removeprefix("torch."): d
    for d in (
        torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
        torch.float16, torch.bfloat16, torch.float32, torch.float64,
        torch.complex64, torch.complex128,
    )
}
NUMPY_DTYPES = {
    "bool", "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
}
PANDAS_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
                 "uint32", "uint64", "float32", "float64", "object", "str", "string",
                 "boolean", "Int64", "Float64", "category"}


class WireError(Exception):
    """A frame that is malformed, too large or holds something that is not data."""


class CudaUnreachable(WireError):
    """A tensor sent to CUDA in a process where CUDA does not work although the host promised
    it (``limits.cuda_promised``): the sandbox's fault, never the student's."""


class _Resolved(Exception):
    """Carries what a resolve callback raised up through ``Decoder.decode`` untouched."""

    def __init__(self, exc: Exception):
        super().__init__(exc)
        self.exc = exc


# ----------------------------------------------------------------------------- encode
class Encoder:
    """Turns a Python value into (tree, tensors).  ``to_handle`` decides what to do
    with values that are not data: the runner stores them and returns a handle id;
    the trusted side refuses them."""

    def __init__(self, to_handle=None):
        self.tensors: dict[str, torch.Tensor] = {}
        self.to_handle = to_handle

    def _add(self, t: torch.Tensor) -> str:
        key = str(len(self.tensors))
        self.tensors[key] = t.detach().to("cpu").resolve_conj().resolve_neg().contiguous()  # copied by ``pack``
        return key

    def encode(self, v, depth: int = 0):
        if depth > MAX_WIRE_DEPTH_LEVELS:
            raise WireError("value nested too deeply")
        d = depth + 1
        if v is None or type(v) is bool or type(v) is str:
            return v
        if isinstance(v, bool):
            return bool(v)
        if isinstance(v, int) and not isinstance(v, np.integer):
            return {"t": "int", "v": str(int(v))} if abs(int(v)) > 2**53 else int(v)
        if isinstance(v, float) and not isinstance(v, np.floating):
            return _encode_float(float(v))
        if isinstance(v, str):
            return str.__str__(v)
        if isinstance(v, torch.Tensor):
            return self._encode_tensor(v)
        if isinstance(v, np.ndarray):
            return self._encode_ndarray(v, d)
        if isinstance(v, np.generic):
            return {"t": "npscalar", "dtype": v.dtype.name, "v": self.encode(v.item(), d)}
        if isinstance(v, torch.Size):
            return {"t": "tuple", "v": [int(x) for x in v]}
        if isinstance(v, tuple):
            return {"t": "tuple", "v": [self.encode(x, d) for x in v]}
        if isinstance(v, list):
            return {"t": "list", "v": [self.encode(x, d) for x in v]}
        if isinstance(v, dict):
            return {"t": "dict", "v": [[self.encode(k, d), self.encode(x, d)] for k, x in v.items()]}
        if isinstance(v, (set, frozenset)):
            return {"t": "set", "v": [self.encode(x, d) for x in v]}
        if isinstance(v, complex):
            return {"t": "complex", "v": [_encode_float(v.real), _encode_float(v.imag)]}
        if isinstance(v, torch.dtype):
            return {"t": "dtype", "v": str(v)}
        if isinstance(v, torch.device):
            return {"t": "device", "v": str(v)}
        if isinstance(v, pathlib.PurePath):
            return {"t": "path", "v": str(v)}
        pd = sys.modules.get("pandas")  # a pandas value exists only where pandas is loaded
        if pd is not None and isinstance(v, pd.DataFrame):
            return {"t": "dataframe", "columns": [self.encode(c, d) for c in v.columns],
                    "index": self._encode_index(v.index, d),
                    "data": [self._encode_column(v.iloc[:, i], d) for i in range(v.shape[1])]}
        if pd is not None and isinstance(v, pd.Series):
            return {"t": "series", "name": self.encode(v.name, d),
                    "index": self._encode_index(v.index, d), "data": self._encode_column(v, d)}
        if pd is not None and isinstance(v, pd.Index):
            return self._encode_index(v, d)
        if self.to_handle is None:
            raise WireError(f"cannot send a value of type {type(v).__name__}")
        return self.to_handle(v)

    def _encode_tensor(self, t: torch.Tensor):
        dtype = str(t.dtype).removeprefix("torch.")
        info = {"t": "tensor", "dtype": dtype, "shape": list(t.shape), "device": str(t.device),
                "requires_grad": bool(t.requires_grad), "key": None}
        if dtype not in TENSOR_DTYPES or t.layout != torch.strided:
            raise WireError(f"cannot send a tensor of dtype {t.dtype} / layout {t.layout}")
        if t.device.type != "meta":
            info["key"] = self._add(t)
        return info

    def _encode_ndarray(self, a: np.ndarray, depth: int):
        if a.dtype.name in NUMPY_DTYPES:
            return {"t": "ndarray", "dtype": a.dtype.name, "shape": list(a.shape),
                    "key": self._add(torch.from_numpy(np.ascontiguousarray(a).copy()))}
        return {"t": "ndarray_list", "dtype": "object", "shape": list(a.shape),
                "v": [self.encode(x, depth) for x in a.ravel().tolist()]}

    def _encode_column(self, s, depth: int):
        pd = _pandas()
        dtype = str(s.dtype)
        if dtype in NUMPY_DTYPES:
            return {"dtype": dtype, "v": self._encode_ndarray(s.to_numpy(), depth)}
        values = [{"t": "na"} if x is pd.NA else self.encode(x, depth) for x in s.tolist()]
        return {"dtype": dtype, "v": {"t": "list", "v": values}}

    def _encode_index(self, idx, depth: int):
        pd = _pandas()
        if isinstance(idx, pd.RangeIndex):
            return {"t": "rangeindex", "v": [idx.start, idx.stop, idx.step], "name": self.encode(idx.name, depth)}
        return {"t": "index", "data": self._encode_column(pd.Series(idx), depth),
                "name": self.encode(idx.name, depth)}


def _pandas():
    """pandas, imported on first need: runners of lessons that never use it start without it."""
    import pandas

    return pandas


def _encode_float(x: float):
    return x if math.isfinite(x) else {"t": "float", "v": repr(x)}


# ----------------------------------------------------------------------------- decode
class Decoder:
    """Rebuilds plain values from (tree, tensors).  ``resolve`` maps tags that only
    one side understands: handles on the trusted side, refs in the runner."""

    def __init__(self, tensors: dict[str, torch.Tensor], resolve_handle=None, resolve_ref=None):
        self.tensors = tensors
        self.resolve_handle = resolve_handle
        self.resolve_ref = resolve_ref
        self.nodes = 0
        self.used: set[str] = set()  # each stored tensor backs one value: no amplification

    def decode(self, v, depth: int = 0):
        """The value of tree ``v``.  A malformed tree raises ``WireError`` whatever part of it
        is wrong; what a resolve callback raises (the student's code, in the runner) passes
        through unchanged, and so does running out of memory.  (Nested values recurse with
        ``depth`` > 0 and are translated once, at the top.)"""
        if depth:
            return self._decode(v, depth)
        try:
            return self._decode(v, 0)
        except (WireError, MemoryError):
            raise
        except _Resolved as carrier:
            raise carrier.exc from None
        except Exception as exc:  # a missing key, a bad number, an unhashable key, a bad device...
            raise WireError(f"malformed value: {type(exc).__name__}: {str(exc)[:DETAIL_CHARS]}") from None

    @staticmethod
    def _resolved(resolve, *args):
        try:
            return resolve(*args)
        except Exception as exc:
            raise _Resolved(exc) from None

    def _decode(self, v, depth: int):
        self.nodes += 1
        if depth > MAX_WIRE_DEPTH_LEVELS or self.nodes > MAX_WIRE_NODES:
            raise WireError("value too deep or too large")
        if v is None or type(v) in (bool, int, float, str):
            return v
        if type(v) is not dict or type(v.get("t")) is not str:
            raise WireError("malformed value")
        d = depth + 1
        tag = v["t"]
        if tag == "int":
            return int(v["v"])
        if tag == "na":
            return _pandas().NA
        if tag == "float":
            return float(v["v"]) if v["v"] in ("nan", "inf", "-inf") else _bad(tag)
        if tag == "complex":
            re_, im = (self.decode(x, d) for x in v["v"])
            return complex(float(re_), float(im))
        if tag == "list":
            return [self.decode(x, d) for x in _list(v["v"])]
        if tag == "tuple":
            return tuple(self.decode(x, d) for x in _list(v["v"]))
        if tag == "set":
            return {self.decode(x, d) for x in _list(v["v"])}
        if tag == "dict":
            return {self.decode(k, d): self.decode(x, d) for k, x in _list(v["v"])}
        if tag == "tensor":
            return self._tensor(v)
        if tag == "ndarray":
            if v["dtype"] not in NUMPY_DTYPES:
                _bad(tag)
            arr = self._stored(v["key"]).numpy().copy()
            return _checked_array(arr, v)
        if tag == "ndarray_list":
            arr = np.empty(len(_list(v["v"])), dtype=object)
            arr[:] = [self.decode(x, d) for x in v["v"]]
            return arr.reshape([int(n) for n in v["shape"]])
        if tag == "npscalar":
            if v["dtype"] not in NUMPY_DTYPES:
                _bad(tag)
            return np.dtype(v["dtype"]).type(self.decode(v["v"], d))
        if tag == "dtype":
            name = str(v["v"]).removeprefix("torch.")
            dtype = getattr(torch, name, None) if name.isidentifier() else None
            return dtype if isinstance(dtype, torch.dtype) else _bad(tag)
        if tag == "device":
            return torch.device(str(v["v"]))
        if tag == "path":
            return pathlib.Path(str(v["v"]))
        if tag == "dataframe":
            pd = _pandas()
            if len(_list(v["columns"])) > MAX_WIRE_TENSORS:
                raise WireError("too many columns")
            columns = [self.decode(c, d) for c in _list(v["columns"])]
            index = self.decode(v["index"], d)
            data = [self._column(c, d) for c in _list(v["data"])]
            if len(data) != len(columns):
                _bad(tag)
            frame = pd.DataFrame({i: s for i, s in enumerate(data)}, index=None)
            frame.columns = pd.Index(columns) if columns else frame.columns
            if len(frame) == len(index):
                frame.index = index
            return frame
        if tag == "series":
            s = self._column(v["data"], d)
            idx = self.decode(v["index"], d)
            if len(idx) == len(s):
                s.index = idx
            s.name = self.decode(v["name"], d)
            return s
        if tag == "rangeindex":
            start, stop, step = (int(x) for x in v["v"])
            return _pandas().RangeIndex(start, stop, step, name=self.decode(v["name"], d))
        if tag == "index":
            return _pandas().Index(self._column(v["data"], d), name=self.decode(v["name"], d))
        if tag == "handle" and self.resolve_handle:
            return self._resolved(self.resolve_handle, int(v["id"]), str(v["type"]), bool(v["callable"]))
        if tag == "ref" and self.resolve_ref:
            attr = v.get("attr")
            return self._resolved(self.resolve_ref, int(v["id"]), None if attr is None else str(attr))
        return _bad(tag)

    def _stored(self, key) -> torch.Tensor:
        t = self.tensors.get(str(key))
        if type(t) is not torch.Tensor:
            raise WireError("missing tensor data")
        if str(key) in self.used:
            raise WireError("tensor data referenced twice")
        self.used.add(str(key))
        return t

    def _tensor(self, v) -> torch.Tensor:
        dtype = TENSOR_DTYPES.get(v["dtype"]) or _bad("tensor")
        shape = [int(n) for n in _list(v["shape"])]
        device = torch.device(str(v["device"]))
        if device.type == "meta":
            t = torch.empty(shape, dtype=dtype, device="meta")
        else:
            t = self._stored(v["key"])
            if t.dtype != dtype or list(t.shape) != shape:
                raise WireError("tensor data does not match its description")
            if device.type != "cpu" and _device_available(device):
                t = t.to(device)
            elif device.type == "cuda" and cuda_promised():
                raise CudaUnreachable(f"CUDA works on this host but not inside the sandbox: {_cuda_failure()}")
        if v.get("requires_grad") is True and (t.is_floating_point() or t.is_complex()):
            t.requires_grad_(True)
        return t

    def _column(self, c, depth):
        pd = _pandas()
        dtype = str(c["dtype"])
        values = self.decode(c["v"], depth)
        if dtype not in PANDAS_DTYPES:
            dtype = "object"
        if isinstance(values, np.ndarray):
            if values.dtype.name != dtype:  # no conversion (a widening one multiplies memory)
                _bad("column")
            return pd.Series(values, dtype=dtype)
        return pd.Series(values if isinstance(values, list) else _bad("column"), dtype=dtype)


def _checked_array(arr: np.ndarray, v) -> np.ndarray:
    if list(arr.shape) != [int(n) for n in v["shape"]] or arr.dtype.name != v["dtype"]:
        raise WireError("array data does not match its description")
    return arr


def _device_available(device: torch.device) -> bool:
    return device.type == "cuda" and torch.cuda.is_available()


def _cuda_failure() -> str:
    """Why CUDA cannot be used in this process, as torch says when asked to start it."""
    try:
        torch.cuda.init()
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:DETAIL_CHARS]}"
    return "torch.cuda.is_available() is False"


def _list(x) -> list:
    if type(x) is not list:
        raise WireError("malformed value")
    return x


def _bad(tag):
    raise WireError(f"unknown or malformed value tag {tag!r}")


# ----------------------------------------------------------------------------- frames
def pack(header: dict, tensors: dict[str, torch.Tensor]) -> bytes:
    head = json.dumps(header, separators=(",", ":")).encode()
    blob = _pack_tensors(tensors) if tensors else b""
    return _PREFIX.pack(len(head), len(blob)) + head + blob


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


def _pack_tensors(tensors: dict[str, torch.Tensor]) -> bytes:
    """The blob: a length-prefixed JSON index ``[[key, dtype, shape, offset], ...]``, then
    each tensor's bytes at its offset (from the blob's start, aligned)."""
    data = [t.reshape(-1).view(torch.uint8).numpy().tobytes() for t in tensors.values()]
    index, offset = [], 0
    for (key, t), raw in zip(tensors.items(), data):
        index.append([key, str(t.dtype).removeprefix("torch."), list(t.shape), offset])
        offset = _aligned(offset + len(raw))
    head = json.dumps(index, separators=(",", ":")).encode()
    start = _aligned(_INDEX_PREFIX.size + len(head))
    parts = [_INDEX_PREFIX.pack(len(head)), head, bytes(start - _INDEX_PREFIX.size - len(head))]
    for raw in data:
        parts += [raw, bytes(_aligned(len(raw)) - len(raw))]
    return b"".join(parts)


def _unpack_tensors(blob: bytearray) -> dict[str, torch.Tensor]:
    """The tensors of a blob, each a view of it; refuses any index that does not describe it exactly."""
    (n,) = _INDEX_PREFIX.unpack_from(blob)
    index = json.loads(bytes(blob[_INDEX_PREFIX.size:_INDEX_PREFIX.size + n]))
    if type(index) is not list:
        raise WireError("tensor index is not a list")
    if len(index) > MAX_WIRE_TENSORS:
        raise WireError("too many tensors in one frame")
    start, end, tensors = _aligned(_INDEX_PREFIX.size + n), 0, {}
    for entry in index:
        key, dtype, shape, offset = entry
        dtype = TENSOR_DTYPES[dtype]
        if (type(key) is not str or key in tensors or type(offset) is not int or offset < end
                or any(type(d) is not int or d < 0 for d in shape)):
            raise WireError("malformed tensor index")
        count = math.prod(shape)
        end = offset + count * dtype.itemsize
        if start + end > len(blob):
            raise WireError("tensor data past the end of the frame")
        tensors[key] = (torch.frombuffer(blob, dtype=dtype, count=count, offset=start + offset).reshape(shape)
                        if count else torch.empty(shape, dtype=dtype))
    if _aligned(end) != len(blob) - start:
        raise WireError("tensor data and index disagree in size")
    return tensors


def unpack(head: bytes, blob: bytes | bytearray) -> tuple[dict, dict[str, torch.Tensor]]:
    try:
        header = json.loads(head)
        tensors = _unpack_tensors(bytearray(blob) if type(blob) is bytes else blob) if blob else {}
    except WireError:
        raise
    except Exception as exc:  # malformed JSON or index: data, not a crash
        raise WireError(f"unreadable frame: {type(exc).__name__}") from None
    if type(header) is not dict:
        raise WireError("frame header is not an object")
    return header, tensors


def send(sock: socket.socket, header: dict, tensors: dict[str, torch.Tensor] | None = None) -> None:
    sock.sendall(pack(header, tensors or {}))


def recv(sock: socket.socket, deadline_fn=None) -> tuple[dict, dict[str, torch.Tensor]]:
    """Read one frame.  ``deadline_fn`` returns the seconds left (socket timeout)."""
    prefix = _read_exact(sock, _PREFIX.size, deadline_fn)
    n_head, n_blob = _PREFIX.unpack(prefix)
    if n_head > MAX_WIRE_HEADER_BYTES or n_blob > MAX_WIRE_BLOB_BYTES:
        raise WireError("frame too large")
    head = _read_exact(sock, n_head, deadline_fn)
    blob = _read_exact(sock, n_blob, deadline_fn)
    return unpack(head, blob)


def _read_exact(sock: socket.socket, n: int, deadline_fn) -> bytearray:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        if deadline_fn is not None:
            left = deadline_fn()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
        chunk = sock.recv_into(view[got:], min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        got += chunk
    return buf
