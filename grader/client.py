"""Trusted side of the runner protocol: start runners, send requests with a
deadline, kill them, and present the student's module to tests as a proxy.

Tests never import student code.  They get a ``StudentModule`` (the ``student``
fixture): ``student.make_grid(3, 4)`` sends a request to the lesson's runner and
returns plain data rebuilt by ``wire``.  Objects that are not data (a student's
class instance, an ``nn.Module``) come back as ``RemoteObject`` handles whose
attributes and methods are again requests.
"""
from __future__ import annotations

import os
import re
import threading
import time

import numpy as np
import torch

from . import wire
from .processes import descendants_of, kill, kill_group, kill_until_gone, memory_of, process_alive, resident_of
from .zygote import Zygote

HELLO_TIMEOUT = 30.0
MEMORY_POLL = 0.05  # seconds between looks at the memory of a runner's processes
KILL_WAIT = 5.0


# ----------------------------------------------------------------------------- outcomes
class GradingError(Exception):
    """Something went wrong outside the test's own assertions; ``status`` names it."""

    status = "error"


class RunnerTimeout(GradingError):
    status = "timeout"


class RunnerCrashed(GradingError):
    status = "crashed"


class RunnerMemory(GradingError):
    status = "memory"


class SubmissionProblem(GradingError):
    """The lesson cannot be run at all: file missing, import failed."""

    def __init__(self, message: str, status: str = "error"):
        super().__init__(message)
        self.status = status

    def again(self) -> "SubmissionProblem":
        """A fresh copy to raise (re-raising one instance would grow its traceback)."""
        return SubmissionProblem(str(self), self.status)


class StudentRaised(Exception):
    """Student code raised an exception; carries its description as data."""

    def __init__(self, call: str, info: dict):
        self.call = call
        self.type_name = str(info.get("type", "Exception"))
        self.bases = [str(b) for b in info.get("bases", [])]
        self.message = str(info.get("message", ""))
        self.student_traceback = str(info.get("traceback", ""))
        super().__init__(f"{call} raised {self.type_name}: {self.message}".rstrip(": "))

    def is_a(self, exc_type: type[BaseException]) -> bool:
        return exc_type.__name__ in self.bases or exc_type.__name__ == self.type_name


MAX_TEXT = 4000    # characters kept of one student-supplied text (message, traceback)
MAX_OUTPUT = 8000  # characters kept of what one request printed
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value, limit: int = MAX_TEXT) -> str:
    """Student-supplied text as it may appear in reports: a capped string without control
    characters (terminal escapes, bidi overrides).  The runner caps texts too, but a
    forged reply does not have to."""
    text = _UNPRINTABLE.sub("", str(value)[:limit])
    return text + (" [... cut]" if len(str(value)) > limit else "")


def clean_error(info) -> dict:
    """An error description from the runner, cleaned field by field."""
    info = info if isinstance(info, dict) else {}
    bases = info.get("bases") if isinstance(info.get("bases"), list) else []
    return {"type": clean_text(info.get("type", "Exception"), 100),
            "bases": [clean_text(b, 100) for b in bases[:20]],
            "message": clean_text(info.get("message", "")),
            "traceback": clean_text(info.get("traceback", ""))}


def _is_memory_error(info: dict) -> bool:
    text = str(info.get("message", ""))
    return info.get("type") == "MemoryError" or "can't allocate memory" in text or "not enough memory" in text


# ----------------------------------------------------------------------------- process
class RunnerProcess:
    """One live runner: its socket, its process group and its uid."""

    def __init__(self, sock, uid: int, zygote: Zygote):
        self.sock, self.uid, self.zygote = sock, uid, zygote
        self.pid = self.pgid = None
        self.memory_exceeded = False
        self.stopped = threading.Event()

    def hello(self, deadline: float) -> None:
        header, _ = wire.recv(self.sock, lambda: min(deadline, time.monotonic() + HELLO_TIMEOUT) - time.monotonic())
        if header.get("hello") is not True:
            raise GradingError(f"the runner could not start: {header.get('why', 'no reason given')}")
        self.pid, self.pgid = int(header["pid"]), int(header["pgid"])
        if os.geteuid() == 0 and self.uid:
            threading.Thread(target=self._watch_memory, daemon=True).start()

    def _watch_memory(self) -> None:
        """Keep the runner's processes together under the memory limit (also where there is
        no RLIMIT_AS, on CUDA hosts): past it, kill its other processes, largest first, then
        the runner itself if still over, and remember it, so the test fails with status
        ``memory``."""
        while not self.stopped.wait(MEMORY_POLL):
            pids = descendants_of(self.zygote.pid, self.uid)
            if sum(map(resident_of, pids)) <= self.zygote.limits.memory:
                continue  # resident memory is an upper bound of the exact (proportional) one
            sizes = {pid: memory_of(pid) for pid in pids}
            total = sum(sizes.values())
            for pid in sorted(pids, key=lambda p: (p == self.pid, -sizes[p])):  # the runner last
                if total <= self.zygote.limits.memory:
                    break
                kill(pid)
                total -= sizes[pid]
                self.memory_exceeded = True

    def request(self, header: dict, tensors: dict, deadline: float):
        wire.send(self.sock, header, tensors)
        return wire.recv(self.sock, lambda: deadline - time.monotonic())

    def kill(self) -> None:
        """SIGKILL the runner's process group and, as root, every process of its uid;
        return once none of them is left."""
        self.signal()
        self.wait_gone()

    def signal(self) -> None:
        self.stopped.set()
        try:
            self.sock.close()
        except OSError:
            pass
        if self.pgid:
            kill_group(self.pgid)

    def wait_gone(self) -> None:
        if os.geteuid() == 0 and self.uid:
            kill_until_gone({self.uid}, wait=KILL_WAIT)
        end = time.monotonic() + KILL_WAIT
        while self.pid and process_alive(self.pid) and time.monotonic() < end:
            kill(self.pid)
            time.sleep(0.002)


# ----------------------------------------------------------------------------- lesson
class LessonRunner:
    """All requests of one student's lesson.  Keeps one runner alive across that
    lesson's tests (fixed order, reseeded per test) and replaces it after a timeout
    or crash.  An import failure is remembered, so a broken file costs one attempt."""

    def __init__(self, zygote: Zygote, lesson_dir: str, module: str, uid: int):
        self.zygote, self.lesson_dir, self.module, self.uid = zygote, lesson_dir, module, uid
        self.proc: RunnerProcess | None = None
        self.generation = 0
        self.broken: SubmissionProblem | None = None
        self.deadline = 0.0
        self.timeout = 0.0
        self.seed = 0
        self.cpu_seconds = 30
        self.seeded = False
        self.last_output = ""
        self.hidden_phase = False  # hidden tests have begun: no student text in lesson problems

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    def begin_test(self, seed: int, timeout: float, cpu_seconds: int) -> None:
        self.seed, self.timeout, self.cpu_seconds = seed, timeout, cpu_seconds
        self.deadline = time.monotonic() + timeout
        self.seeded = False
        self.last_output = ""

    def close(self) -> None:
        if self.proc:
            self.proc.kill()
            self.proc = None

    def stop(self) -> None:
        """Start killing the runner without waiting (``close`` then waits)."""
        if self.proc:
            self.proc.signal()

    def _start(self) -> None:
        if self.broken:
            raise self.broken.again()
        if not os.path.isfile(os.path.join(self.lesson_dir, self.filename)):
            self.broken = SubmissionProblem(f"{self.filename} is missing from the submission")
            raise self.broken.again()
        self.generation += 1
        self.seeded = False
        proc = RunnerProcess(self.zygote.spawn(self.lesson_dir, self.module, self.uid), self.uid, self.zygote)
        self.proc = proc
        try:
            proc.hello(self.deadline)
            header, _ = wire.recv(proc.sock, lambda: self.deadline - time.monotonic())
        except (TimeoutError, EOFError, OSError, wire.WireError) as exc:
            self.close()
            kind = "did not finish" if isinstance(exc, TimeoutError) else "crashed the process"
            timed_out = isinstance(exc, TimeoutError)
            self.broken = SubmissionProblem(f"importing {self.filename} {kind}"
                                            + (f" within {self.timeout:g} s" if timed_out else ""),
                                            "timeout" if timed_out else "crashed")
            raise self.broken.again() from None
        self.last_output += clean_text(header.get("output", ""), MAX_OUTPUT)
        if header.get("ok") is not True:
            self.close()
            info = clean_error(header.get("error"))
            if self.hidden_phase:  # its text could carry what the hidden tests gave the code
                self.broken = SubmissionProblem(f"importing {self.filename} failed when it was loaded "
                                                "for the hidden tests")
            else:
                self.broken = SubmissionProblem(
                    f"importing {self.filename} failed: {info['type']}: {info['message']}\n"
                    f"{info['traceback']}".rstrip())
            raise self.broken.again()

    def request(self, op: str, call: str, **fields):
        """Send one request for the current test and return the decoded value."""
        if self.proc is None:
            self._start()
        enc = wire.Encoder(to_handle=self._ref)
        header = {"op": op}
        if not self.seeded:  # the test's first request also resets seeds and the CPU budget
            self.seeded = True
            header["begin"] = {"seed": self.seed, "cpu_seconds": self.cpu_seconds}
        for key, value in fields.items():
            header[key] = value if key == "name" else enc.encode(value)
        reply, tensors = self._exchange(header, enc.tensors, call)
        generation = self.generation
        decoder = wire.Decoder(tensors, resolve_handle=lambda i, t, c: RemoteObject(self, i, t, c, generation, call))
        try:
            return decoder.decode(reply.get("value"))
        except Exception as exc:  # anything malformed from the untrusted side ends here
            self.close()
            raise RunnerCrashed(f"{call} sent back something that is not data "
                                f"({type(exc).__name__}: {str(exc)[:200]})") from None

    def _exchange(self, header: dict, tensors: dict, call: str):
        proc = self.proc
        try:
            reply, out_tensors = proc.request(header, tensors, self.deadline)
        except TimeoutError:
            self.close()
            raise RunnerTimeout(f"{call} did not finish within {self.timeout:g} s (stopped)") from None
        except (EOFError, OSError, wire.WireError):
            self.close()
            if proc.memory_exceeded:
                raise self._memory_exceeded(call) from None
            raise RunnerCrashed(f"the student's process ended while running {call} "
                                "(it exited, crashed or hit a resource limit)") from None
        self.last_output += clean_text(reply.get("output", ""), MAX_OUTPUT)
        if proc.memory_exceeded:
            self.close()
            raise self._memory_exceeded(call)
        if reply.get("ok") is not True:
            info = clean_error(reply.get("error"))
            if _is_memory_error(info):
                raise RunnerMemory(f"{call} ran out of memory: {info.get('message', '')[:300]}")
            raise StudentRaised(call, info)
        return reply, out_tensors

    def _memory_exceeded(self, call: str) -> RunnerMemory:
        return RunnerMemory(f"{call}: the student's processes together used more than "
                            f"{self.zygote.limits.memory / 2**30:g} GiB of memory (stopped)")

    def _ref(self, value):
        attr = None
        if isinstance(value, _AttrRef):
            value, attr = value.obj, value.attr
        if isinstance(value, RemoteObject):
            if value._generation != self.generation:
                raise GradingError("an object from an earlier (replaced) student process was reused")
            return {"t": "ref", "id": value._id, "attr": attr}
        if isinstance(value, RemoteFunction):
            return {"t": "ref", "id": 0, "attr": value._name}
        raise wire.WireError(f"cannot send a value of type {type(value).__name__}")


# ----------------------------------------------------------------------------- proxies
def describe(value) -> str:
    """A short, safe description of a value for messages."""
    if isinstance(value, torch.Tensor):
        return f"tensor(shape={tuple(value.shape)}, dtype={value.dtype}, device={value.device})"
    if isinstance(value, np.ndarray):
        return f"ndarray(shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, (list, tuple)) and len(value) > 6:
        return f"{type(value).__name__} of {len(value)} items"
    if type(value).__name__ == "DataFrame":
        cols = [str(c) for c in value.columns]
        shown = ", ".join(cols[:6]) + (", ..." if len(cols) > 6 else "")
        return f"DataFrame({len(value)} rows; columns {shown})"
    if type(value).__name__ == "Series":
        return f"Series({value.name!r}, {len(value)} values, {value.dtype})"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def describe_call(name: str, args, kwargs) -> str:
    parts = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


class RemoteFunction:
    """A module-level name of the student's file, resolved only when used."""

    def __init__(self, lesson: LessonRunner, name: str):
        self._lesson, self._name = lesson, name

    def __call__(self, *args, **kwargs):
        call = describe_call(self._name, args, kwargs)
        return self._lesson.request("call", call, target=self, args=list(args), kwargs=dict(kwargs))

    def __repr__(self) -> str:
        return f"<{self._lesson.filename}: {self._name}>"


class RemoteObject:
    """An object living in the student's process (instance, class, module)."""

    def __init__(self, lesson: LessonRunner, id_: int, type_name: str, is_callable: bool,
                 generation: int, origin: str):
        self._lesson, self._id, self._type_name = lesson, id_, type_name
        self._callable, self._generation, self._origin = is_callable, generation, origin

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._lesson.request("getattr", f"{self._origin}.{name}", target=_AttrRef(self, name))

    def __call__(self, *args, **kwargs):
        call = describe_call(self._origin, args, kwargs)
        return self._lesson.request("call", call, target=self, args=list(args), kwargs=dict(kwargs))

    def __repr__(self) -> str:
        return f"<{self._type_name} object from {self._origin}>"


class _AttrRef:
    """``obj.attr`` on the runner side, for a getattr request."""

    def __init__(self, obj: RemoteObject, attr: str):
        self.obj, self.attr = obj, attr


class StudentModule:
    """What a test sees of the student's lesson module (the ``student`` fixture)."""

    def __init__(self, lesson: LessonRunner):
        self._lesson = lesson

    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self._lesson, name)

    def observe(self, name: str, *args, **kwargs) -> "Observation":
        """Call ``name`` and also report identity and memory facts about the call."""
        call = describe_call(name, args, kwargs)
        facts = self._lesson.request("probe", call, name="observe",
                                     args=[RemoteFunction(self._lesson, name), list(args), dict(kwargs)])
        return Observation(facts)

    def probe(self, probe_name: str, *args):
        """Run an instructor probe from ``grader.probes`` in the student's process."""
        return self._lesson.request("probe", f"probe {probe_name}", name=probe_name, args=list(args))

    @property
    def output(self) -> str:
        """What the student's code printed during the current test."""
        return self._lesson.last_output


class Observation:
    """Facts from ``StudentModule.observe``."""

    def __init__(self, facts: dict):
        self.value = facts["value"]
        self.args_after = facts["args_after"]
        self.returned_arg = facts["returned_arg"]
        self.shares_memory_with = facts["shares_memory_with"]
        self.storage_kept = facts["storage_kept"]
