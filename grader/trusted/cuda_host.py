"""Whether this host runs the CUDA-marked tests, decided once per grading run by doing it:
a real CUDA operation (allocate, add, copy back, synchronise) in a process of its own
(``python -m grader.trusted.cuda_host``), with NVML's device count, the GPU's memory and its
compute mode; never in the grader's own process, which forks the zygote and its workers and
must hold no CUDA state when it does (``refuse_cuda_before_fork``).

The decision (``CudaHost``) skips the CUDA tests everywhere (plugin, naive baseline, reuse
fingerprint) with its reason, which every lesson report carries (``cuda`` in results.json).
Where torch has no CUDA build or the host no GPU device node, no process is started (a CPU
host pays nothing).  ``check_runners`` then does a CUDA operation in one confined runner:
CUDA working on the host but not in the sandbox is the grader's fault, never a student's.

Child processes inherit the decision: ``GRADER_CUDA`` ("1" or "0", what the sandbox reads)
and ``GRADER_CUDA_HOST`` (the whole decision).  ``GRADER_FAKE_DEVICE`` (the project's tests
only) holds the answers the device would give, as JSON: ``nvml`` (GPUs NVML counts),
``error`` (what the CUDA operation raised, "" if it worked), ``memory``, ``compute_mode``,
``hang`` (the check never returns) and ``runner_device`` (the device the runner check uses).
"""
from __future__ import annotations

import glob
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace

from ..limits import CUDA_START_SECONDS, CUDA_SWITCH, cpu_seconds_for_test

DECISION_ENV = "GRADER_CUDA_HOST"   # the whole decision, for the grader's child processes
FAKE_ENV = "GRADER_FAKE_DEVICE"     # the project's tests: the device's answers (see the module's docstring)
PROBE_SECONDS = 60.0                # a hung driver costs this much, once, then the CUDA tests are skipped
CONTEXT_PAIR_BYTES = 2 * 2**30      # GPU memory for one trusted worker's and one runner's CUDA context and work
EXCLUSIVE_MODES = ("Exclusive_Process", "Exclusive_Thread")
_ASSIGNED = re.compile(r"^(\w+)(?:\s*:[^=\n]*)?\s*=\s*(\S+)\s*$", re.MULTILINE)
RUNNER_PROBE_MODULE = "grader_cuda_check"
RUNNER_PROBE = '''"""The grader's check that CUDA works inside a runner (no student code)."""
import torch


def cuda_op(device):
    x = torch.ones(4, device=device)
    y = (x + x).to("cpu")
    if x.device.type == "cuda":
        torch.cuda.synchronize()
    return [str(x.device), y.tolist()]
'''


@dataclass(frozen=True)
class CudaHost:
    """Whether the CUDA tests run here, and why (or why not)."""

    usable: bool
    reason: str
    devices: int = 0          # GPUs NVML counts (0 where it counts none or cannot tell)
    memory_bytes: int = 0     # the first GPU's memory
    exclusive: bool = False   # a GPU is in an exclusive compute mode
    parallel: int = 1         # (trusted worker + runner) CUDA context pairs that fit the GPU's memory

    @property
    def skip_message(self) -> str:
        """A skipped CUDA test's message in the reports."""
        return f"not run on this host: {self.reason}; not counted in max_score"

    def report(self) -> dict:
        """What a lesson report says of CUDA (``cuda`` in results.json)."""
        return {"ran": self.usable, "reason": self.reason}


_decided: CudaHost | None = None


def cuda_host() -> CudaHost:
    """This process's decision: the one its grader exported, else made here once."""
    global _decided
    if _decided is None:
        inherited = os.environ.get(DECISION_ENV)
        _decided = CudaHost(**json.loads(inherited)) if inherited else decide()
    return _decided


def export(host: CudaHost) -> CudaHost:
    """Make ``host`` this process's decision and its child processes' (before the zygote starts)."""
    global _decided
    _decided = host
    os.environ[CUDA_SWITCH] = "1" if host.usable else "0"
    os.environ[DECISION_ENV] = json.dumps(asdict(host))
    return host


def decide() -> CudaHost:
    """Whether CUDA works here, from the device's own answers (``probe``), asked at most once."""
    hidden = os.environ.get("CUDA_VISIBLE_DEVICES")
    if hidden is not None and hidden.strip() in ("", "-1"):
        return CudaHost(False, f'CUDA_VISIBLE_DEVICES="{hidden}" hides every GPU from the grader')
    absent = no_cuda_here()
    if absent:
        return CudaHost(False, absent)
    return from_answers(probe(PROBE_SECONDS))


def no_cuda_here() -> str:
    """Why no CUDA can work here without asking the device ("" where it may): torch built
    without CUDA, or no GPU device node.  A faked device is always there."""
    if os.environ.get(FAKE_ENV):
        return ""
    built = torch_build()
    if built.get("cuda", "None") == "None":
        return f"this grader's torch ({built.get('__version__', '?')}) is built without CUDA"
    if not glob.glob("/dev/nvidia[0-9]*") and not os.path.exists("/dev/dxg"):
        return "this host has no CUDA GPU (no /dev/nvidia* device)"
    return ""


def torch_build() -> dict[str, str]:
    """``torch.version``'s assignments as written (``cuda``: "None" in a CPU build), read without
    importing torch: the zygote starts before this process loads it."""
    spec = importlib.util.find_spec("torch")
    folder = os.path.dirname(spec.origin) if spec and spec.origin else ""
    try:
        with open(os.path.join(folder, "version.py"), encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        return {}
    return {name: value.strip("'\"") for name, value in _ASSIGNED.findall(text)}


def probe(timeout: float) -> dict:
    """The device's answers (``answers``) from a process of its own, killed after ``timeout``
    seconds: ``{"hung": timeout}`` then, ``{"crashed": ...}`` where it died without answering."""
    env = {**os.environ, "PYTORCH_NVML_BASED_CUDA_CHECK": "1"}
    try:
        done = subprocess.run([sys.executable, "-s", "-m", "grader.trusted.cuda_host"], capture_output=True,
                              text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"hung": timeout}
    lines = done.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        said = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return {"crashed": said}


def from_answers(found: dict) -> CudaHost:
    """The decision the device's answers make."""
    if "hung" in found:
        return CudaHost(False, f"the CUDA check did not finish within {found['hung']:g} s (a hung GPU driver?)")
    if "crashed" in found:
        return CudaHost(False, f"the CUDA check crashed: {found['crashed']}")
    nvml, memory, mode = int(found.get("nvml") or 0), int(found.get("memory") or 0), str(found.get("compute_mode", ""))
    if found.get("error"):
        if nvml > 0:
            return CudaHost(False, f"NVML sees {nvml} GPU(s) but CUDA cannot use them: {found['error']}", nvml)
        return CudaHost(False, f"this host has no CUDA GPU ({found['error']})")
    if mode in EXCLUSIVE_MODES:
        return CudaHost(False, f"the GPU is in {mode} compute mode, where a grader's worker and the student's "
                               "process cannot both use it (nvidia-smi -c DEFAULT lets the CUDA tests run)",
                        nvml, memory, exclusive=True)
    gib = f", {memory / 2**30:.0f} GiB" if memory else ""
    return CudaHost(True, f"CUDA works on this host ({max(nvml, 1)} GPU(s){gib})", nvml, memory,
                    parallel=max(1, memory // CONTEXT_PAIR_BYTES))


def answers() -> dict:
    """In the check's own process: the device's answers (or the faked ones)."""
    fake = os.environ.get(FAKE_ENV)
    if fake:
        faked = json.loads(fake)
        while faked.get("hang"):
            time.sleep(60)
        return faked
    import torch

    found = {"nvml": torch.cuda._device_count_nvml(), "error": "", "memory": 0, "compute_mode": compute_mode()}
    try:
        x = torch.ones(1024, device="cuda")
        y = (x + x).to("cpu")
        torch.cuda.synchronize()
        if y.sum().item() != 2048:
            raise RuntimeError("a CUDA addition gave a wrong result")
        found["memory"] = torch.cuda.get_device_properties(0).total_memory
    except Exception as exc:  # noqa: BLE001 - what CUDA raised is the answer
        found["error"] = f"{type(exc).__name__}: " + (str(exc).strip().splitlines() or [""])[0]
    return found


def compute_mode() -> str:
    """The GPUs' compute mode as ``nvidia-smi`` names it (an exclusive one if any GPU has it),
    "" where it cannot tell."""
    smi = shutil.which("nvidia-smi")
    if not smi:
        return ""
    try:
        out = subprocess.run([smi, "--query-gpu=compute_mode", "--format=csv,noheader"], capture_output=True,
                             text=True, timeout=PROBE_SECONDS / 2).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return next((mode for mode in out if mode in EXCLUSIVE_MODES), out[0] if out else "")


def runner_device() -> str:
    """The device the runner check uses: CUDA, unless a faked device says otherwise."""
    return json.loads(os.environ.get(FAKE_ENV) or "{}").get("runner_device", "cuda")


def check_runners(zygote, host: CudaHost, uid: int) -> CudaHost:
    """``host``, or, where CUDA works here but not in a runner started by ``zygote`` (as
    ``uid``) on a built-in module, the decision not to run the CUDA tests, with CUDA's error."""
    if not host.usable:
        return host
    from .client import LessonRunner
    from .outcomes import GradingError, StudentRaised
    from .remote import StudentModule

    folder = tempfile.mkdtemp(prefix="grader-cuda-check-")
    try:
        with open(os.path.join(folder, f"{RUNNER_PROBE_MODULE}.py"), "w", encoding="utf-8") as fh:
            fh.write(RUNNER_PROBE)
        runner = LessonRunner(zygote, folder, RUNNER_PROBE_MODULE, uid)
        timeout = 2 * CUDA_START_SECONDS
        runner.begin_test(0, timeout, cpu_seconds_for_test(timeout))
        try:
            device, values = StudentModule(runner).cuda_op(runner_device())
            error = "" if values == [2.0] * 4 else f"a CUDA addition gave {values} on {device}"
        except StudentRaised as exc:
            error = f"{exc.type_name}: {(exc.message.strip().splitlines() or [''])[0]}"
        except GradingError as exc:
            error = str(exc)
        finally:
            runner.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return replace(host, usable=False, reason=f"CUDA works on this host but not inside the sandbox: {error}") \
        if error else host


def refuse_cuda_before_fork() -> None:
    """Raise where this process has started CUDA: what it forks could not use CUDA."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_initialized():
        raise RuntimeError("grader error: CUDA was started in the grading process before it forked its workers "
                           "(a forked process cannot use CUDA then); nothing of the grader may use CUDA before "
                           "grading starts")


def refuse_bad_fork() -> None:
    """In a forked process: raise where it inherited a started CUDA."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda._is_in_bad_fork():
        raise RuntimeError("grader error: this worker was forked from a process that had started CUDA")


def main() -> None:
    print(json.dumps(answers()), flush=True)


if __name__ == "__main__":
    main()
