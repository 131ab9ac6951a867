"""Trusted side of the runner protocol: start a lesson's runner, send it requests with
a deadline, turn what comes back into values or outcomes, and kill it.  Tests reach
it through the proxies of ``remote``; they never import student code."""
from __future__ import annotations

import os
import re
import threading
import time

from ..limits import (
    DEFAULT_TEST_TIMEOUT_SECONDS,
    DETAIL_CHARS,
    MAX_OUTPUT_CHARS,
    MAX_TEXT_CHARS,
    MEMORY_POLL_SECONDS,
    NAME_CHARS,
    RUNNER_HELLO_SECONDS,
    cpu_seconds_for_test,
    cuda_promised,
)
from ..sandbox import wire
from ..sandbox.processes import descendants_by_uid, shed_memory
from ..sandbox.zygote import Zygote
from .behaviour import CallLog
from .notebooks import LessonSource
from .outcomes import (
    IMPORT_TIMEOUT_HINT,
    GradingError,
    RunnerCrashed,
    RunnerMemory,
    RunnerTimeout,
    SandboxFault,
    StudentRaised,
    SubmissionProblem,
    import_hint,
)
from .remote import AttrRef, RemoteFunction, RemoteObject

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value, limit: int = MAX_TEXT_CHARS) -> str:
    """Student-supplied text as it may appear in reports: a capped string without control
    characters (terminal escapes, bidi overrides).  The runner caps texts too, but a
    forged reply does not have to."""
    text = _UNPRINTABLE.sub("", str(value)[:limit])
    return text + (" [... cut]" if len(str(value)) > limit else "")


def clean_error(info) -> dict:
    """An error description from the runner, cleaned field by field."""
    info = info if isinstance(info, dict) else {}
    bases = info.get("bases") if isinstance(info.get("bases"), list) else []
    return {"type": clean_text(info.get("type", "Exception"), NAME_CHARS),
            "bases": [clean_text(b, NAME_CHARS) for b in bases[:20]],
            "message": clean_text(info.get("message", "")),
            "traceback": clean_text(info.get("traceback", ""))}


CUDA_OUT_OF_MEMORY = ("CUDA out of memory", "CUDA error: out of memory")


def _is_memory_error(info: dict) -> bool:
    text = str(info.get("message", ""))
    return info.get("type") == "MemoryError" or "can't allocate memory" in text or "not enough memory" in text


def _is_gpu_memory_error(info: dict) -> bool:
    """torch.cuda.OutOfMemoryError, or a RuntimeError saying CUDA ran out of memory."""
    text = str(info.get("message", ""))
    return info.get("type") == "OutOfMemoryError" or any(words in text for words in CUDA_OUT_OF_MEMORY)


def share_cpus(pid: int) -> None:
    """Run ``pid`` (a runner, and what it starts) on the CPUs this trusted process runs on
    (``workers.cpus_for_workers``)."""
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(pid, os.sched_getaffinity(0))
        except OSError:   # gone already, or another user's without the privilege: it runs anywhere
            pass


class MemoryWatch:
    """Keeps each watched runner's processes together under the memory limit (also where there
    is no RLIMIT_AS, on CUDA hosts): past it, kills its other processes, largest first, then the
    runner itself if still over, and marks it, so the test fails with status ``memory``.
    One thread per trusted process for all its runners (a student's lessons each keep one),
    one walk below each zygote a look: each /proc read hands the GIL over to and back from
    the thread running the tests."""

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)   # a forked process watches its own runners

    def _reset(self) -> None:
        self._watched: dict[int, RunnerProcess] = {}   # uid -> runner
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, runner: RunnerProcess) -> None:
        with self._changed:
            self._watched[runner.uid] = runner
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, daemon=True)
                self._thread.start()
            self._changed.notify()

    def forget(self, runner: RunnerProcess) -> None:
        with self._changed:
            if self._watched.get(runner.uid) is runner:
                del self._watched[runner.uid]

    def _watch(self) -> None:
        while True:
            with self._changed:
                while not self._watched:
                    self._changed.wait()
                watched = list(self._watched.values())
            time.sleep(MEMORY_POLL_SECONDS)
            for zygote in {runner.zygote for runner in watched}:
                ours = [runner for runner in watched if runner.zygote is zygote]
                found = descendants_by_uid(zygote.pid, {runner.uid for runner in ours})
                for runner in ours:
                    if shed_memory(found[runner.uid], zygote.limits.memory_bytes, runner.pid):
                        runner.memory_exceeded = True


class RunnerProcess:
    """One live runner: its socket, its process group and its uid."""

    def __init__(self, sock, uid: int, zygote: Zygote):
        self.sock, self.uid, self.zygote = sock, uid, zygote
        self.pid = self.pgid = None
        self.memory_exceeded = False

    def hello(self, deadline: float) -> None:
        header, _ = wire.recv(self.sock,
                              lambda: min(deadline, time.monotonic() + RUNNER_HELLO_SECONDS) - time.monotonic())
        if header.get("hello") is not True:
            raise SandboxFault(f"the runner could not start: {header.get('why', 'no reason given')}")
        self.pid, self.pgid = int(header["pid"]), int(header["pgid"])
        share_cpus(self.pid)
        if self.zygote.layout.privileged and self.uid:  # its processes are those of its uid
            _MEMORY_WATCH.add(self)

    def request(self, header: dict, tensors: dict, deadline: float):
        wire.send(self.sock, header, tensors)
        return wire.recv(self.sock, lambda: deadline - time.monotonic())

    def kill(self) -> None:
        """SIGKILL the runner's process group and, as root, every process of its uid;
        return once none of them is left (the zygote, or the ``unconfined`` runners'
        service, knows how its runners die)."""
        self.signal()
        self.wait_gone()

    def signal(self) -> None:
        _MEMORY_WATCH.forget(self)
        try:
            self.sock.close()
        except OSError:
            pass
        self.zygote.stop_runner(self.pid, self.pgid)

    def wait_gone(self) -> None:
        self.zygote.wait_runner_gone(self.pid, self.uid)


_MEMORY_WATCH = MemoryWatch()


class LessonRunner:
    """All requests of one student's lesson.  Keeps one runner alive across that
    lesson's tests (fixed order, reseeded per test) and replaces it after a timeout
    or crash.  An import failure is remembered, so a broken file costs one attempt."""

    def __init__(self, zygote: Zygote, lesson_dir: str, module: str, uid: int,
                 handed_in: LessonSource | None = None):
        self.zygote, self.lesson_dir, self.module, self.uid = zygote, lesson_dir, module, uid
        self.handed_in = handed_in   # a notebook the module was made from: messages name its cells
        self.proc: RunnerProcess | None = None
        self.generation = 0
        self.broken: SubmissionProblem | None = None
        self.deadline = 0.0
        self.timeout = 0.0
        self.seed = 0
        self.cpu_seconds = cpu_seconds_for_test(DEFAULT_TEST_TIMEOUT_SECONDS)
        self.seeded = False
        self.last_output = ""
        self.log = CallLog()       # the current test's calls and what came back (``trusted.behaviour``)
        self.hidden_phase = False  # hidden tests have begun: no student text in lesson problems

    @property
    def filename(self) -> str:
        """The file named in messages: the module, or the notebook it was made from."""
        return self.handed_in.filename if self.handed_in and self.handed_in.is_notebook else f"{self.module}.py"

    def begin_test(self, seed: int, timeout: float, cpu_seconds: int) -> None:
        self.seed, self.timeout, self.cpu_seconds = seed, timeout, cpu_seconds
        self.deadline = time.monotonic() + timeout
        self.seeded = False
        self.last_output = ""
        self.log = CallLog()

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
        if not os.path.isfile(os.path.join(self.lesson_dir, f"{self.module}.py")):
            self.broken = SubmissionProblem(f"{self.filename} is missing from the submission")
            raise self.broken.again()
        if not self.zygote.ready:  # the first runner of this process: the test's clock starts once
            self.zygote.wait_ready()  # the zygote is ready, so a slow start never costs a student
            self.deadline = time.monotonic() + self.timeout
        self.generation += 1
        self.seeded = False
        proc = RunnerProcess(self.zygote.spawn(self.lesson_dir, self.module, self.uid), self.uid, self.zygote)
        self.proc = proc
        try:
            proc.hello(self.deadline)
            header, _ = wire.recv(proc.sock, lambda: self.deadline - time.monotonic())
        except SandboxFault:  # the runner refused to start: the next test asks for a new one
            self.close()
            raise
        except (TimeoutError, EOFError, OSError, wire.WireError) as exc:
            self.close()
            kind = "did not finish" if isinstance(exc, TimeoutError) else "crashed the process"
            timed_out = isinstance(exc, TimeoutError)
            self.broken = SubmissionProblem(f"importing {self.filename} {kind}"
                                            + (f" within {self.timeout:g} s{IMPORT_TIMEOUT_HINT}" if timed_out else ""),
                                            "timeout" if timed_out else "crashed")
            raise self.broken.again() from None
        self.last_output += clean_text(header.get("output", ""), MAX_OUTPUT_CHARS)
        if header.get("ok") is not True:
            self.close()
            info = clean_error(header.get("error"))
            if self.hidden_phase:  # its text could carry what the hidden tests gave the code
                self.broken = SubmissionProblem(f"importing {self.filename} failed when it was loaded "
                                                "for the hidden tests")
            else:
                hint = import_hint(info["type"], info["message"])
                text = f"importing {self.filename} failed: {info['type']}: {info['message']}{hint}\n{info['traceback']}"
                self.broken = SubmissionProblem((self.handed_in.translate(text) if self.handed_in else text).rstrip())
            raise self.broken.again()

    def request(self, op: str, call: str, **fields):
        """Send one request for the current test and return the decoded value (logged, with
        what the student's code raised or how it was stopped, in ``log``)."""
        try:
            value = self._request(op, call, fields)
        except StudentRaised as exc:
            self.log.called(op, fields, "raised", exc.type_name)
            raise
        except GradingError as exc:
            self.log.called(op, fields, "stopped", exc.status)
            raise
        self.log.called(op, fields, "value", value)
        return value

    def _request(self, op: str, call: str, fields: dict):
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
        except wire.CudaUnreachable as exc:
            raise SandboxFault(f"grader error, not the student's: {call}: {exc}") from None
        except Exception as exc:  # anything malformed from the untrusted side ends here
            self.close()
            raise RunnerCrashed(f"{call} sent back something that is not data "
                                f"({type(exc).__name__}: {str(exc)[:DETAIL_CHARS]})") from None

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
        self.last_output += clean_text(reply.get("output", ""), MAX_OUTPUT_CHARS)
        if proc.memory_exceeded:
            self.close()
            raise self._memory_exceeded(call)
        if reply.get("ended"):  # the runner ended after this reply (CUDA unusable in it): the next test
            self.close()       # gets a new one
        if reply.get("ok") is not True:
            error = reply.get("error")
            info = clean_error(error)
            # The runner's word only, so honoured only where a runner can lack a CUDA the host has:
            # elsewhere a student who raises the runner's own exception class gets their own failure.
            if isinstance(error, dict) and error.get("kind") == "sandbox" and cuda_promised():
                raise SandboxFault(f"grader error, not the student's: {call}: {info['message']}")
            if _is_gpu_memory_error(info):
                raise RunnerMemory(f"{call}: the GPU ran out of memory (it is shared by every test graded on it "
                                   f"at the same time, and your code's tensors count too): "
                                   f"{info['message'][:DETAIL_CHARS]}")
            if _is_memory_error(info):
                raise RunnerMemory(f"{call} ran out of memory: {info.get('message', '')[:DETAIL_CHARS]}")
            if reply.get("ended"):
                info["message"] += ("\n(CUDA reports errors late, so this may come from an earlier GPU operation "
                                    "of this call; CUDA cannot be used again in that process, so the next test "
                                    "runs in a new one)")
            raise StudentRaised(call, info)
        return reply, out_tensors

    def _memory_exceeded(self, call: str) -> RunnerMemory:
        return RunnerMemory(f"{call}: the student's processes together used more than "
                            f"{self.zygote.limits.memory_bytes / 2**30:g} GiB of memory (stopped)")

    def _ref(self, value):
        attr = None
        if isinstance(value, AttrRef):
            value, attr = value.obj, value.attr
        if isinstance(value, RemoteObject):
            if value._generation != self.generation:
                raise GradingError("an object from an earlier (replaced) student process was reused")
            return {"t": "ref", "id": value._id, "attr": attr}
        if isinstance(value, RemoteFunction):
            return {"t": "ref", "id": 0, "attr": value._name}
        raise wire.WireError(f"cannot send a value of type {type(value).__name__}")
