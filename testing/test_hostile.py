"""Security suite: hostile submissions graded next to honest ones.

One ``grader grade`` run grades every submission of ``testing/hostile/`` (see its README),
a few generated ones (zip slip, zip symlink, zip bomb, symlinked files) and two honest
students (copies of the reference solutions).  The tests then check that

* the grader exits 0 and writes a gradebook row for every student;
* the honest students keep full marks, whatever ran before or beside them;
* every attack scores zero on the functions where it cheats (and its honest functions
  still pass), with statuses that say what happened (timeout, memory, crashed);
* nothing outside the runners' sandbox was read, written, signalled or reached over the
  network, no attacker process is left, and no secret reached a report.

A second, small run (``--jobs 1``) grades a student that leaves a process behind before
two honest students, and checks that the process is gone before they are graded and that
they keep full marks.

A hole found later is marked ``xfail(strict=True, reason="GRADER HOLE: ...")`` until the
grader is fixed (none is open now).

Needs root (the runners' uid drop and namespaces are what is under test; without them the
attacks would hit the user's own processes).  Cost: about 60 s on 2 cores, mostly the
per-test timeouts (10 s each) of the infinite-loop attacks: Know.meet (2 tests),
last_and_middle (3 tests) and one import timeout per lesson for import_loop.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from grader.report_files import CLASS_REPORTS
from grader.sandbox.processes import process_alive  # alive while any thread runs (testing/test_processes.py)

REPO = Path(__file__).resolve().parents[1]
REPO_TOP = Path(*REPO.parts[:2])                # the top-level folder holding the checkout (/srv, /home, ...)
HOSTILE = REPO / "testing" / "hostile"
GRADER = Path(sys.executable).with_name("grader")
WANTED_LESSONS = ["00_python_basics", "01_tensors"]
HONEST = ["honest_a", "zz_honest_b"]
FIRST_RUNNER_UID = 100_000                      # grader.sandbox.uids.runner_uid: runners get uids above it
GRADE_TIMEOUT = 600

pytestmark = [
    pytest.mark.security,
    pytest.mark.slow,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(os.geteuid() != 0, reason="the hostile suite needs root: without it runners keep the "
                                                 "user's uid and the attacks would hit the user's own processes"),
    pytest.mark.skipif(sys.platform != "linux", reason="Linux only"),
]


def available_lessons() -> list[str]:
    return [name for name in WANTED_LESSONS
            if all((REPO / kind / name).is_dir() for kind in ("assignments", "solutions", "tests"))
            and list((REPO / "tests" / name).glob("test_*.py"))]


LESSONS = available_lessons()


# ----------------------------------------------------------------------------- which tests belong to what
# A test belongs to a group when its function name matches the pattern (re.match).  Meta-device
# tests grade where a result is made (shape, dtype, device: meta tensors hold no values), which an
# attack on values does honestly, so they are in no group.
GROUPS = {
    "00_python_basics": {
        "sign": r"test_sign", "greet": r"test_greet(?!er)", "greeter": r"test_greeter",
        "know": r"test_know", "know_meet": r"test_know_meet", "know_subclass": r"test_know_meet$",
        "know_other": r"test_know_(?!meet|name)",   # the probe-based ones (not Know(...).name)
        "vector_add_loop": r"test_vector_add_loop", "vector_add": r"test_vector_add(?!_loop|_meta)",
    },
    "01_tensors": {
        **{fn: rf"test_{fn}" for fn in (
            "make_grid", "describe", "elementwise", "concat", "outer_sum", "broadcast_shape",
            "last_and_middle", "fill_rows", "add_inplace", "to_numpy_shared", "from_numpy_shared", "to_scalar")},
        "outer_sum_values": r"test_outer_sum(?!.*meta)",
    },
}


@dataclass
class Expect:
    """What must hold for one attack's student."""

    zero: dict[str, list[str]] = field(default_factory=dict)       # lesson -> groups scoring 0
    lesson_zero: list[str] = field(default_factory=list)           # lessons scoring 0 in total
    outcomes: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (lesson, group) -> allowed
    must_pass: dict[str, list[str]] = field(default_factory=dict)  # lesson -> honest groups that pass
    done: bool = True              # prints HOSTILE-DONE <attack> in a public test's output
    max_test_seconds: float | None = None   # every test of a zero group stopped within this


TIMEOUT_OUTCOMES = {"timeout"}
MEMORY_OUTCOMES = {"memory", "crashed", "failed"}
ATTACKS: dict[str, Expect] = {
    "patch_allclose": Expect(
        zero={"00_python_basics": ["sign", "vector_add"], "01_tensors": ["make_grid", "elementwise", "to_scalar"]},
        must_pass={"00_python_basics": ["greet", "greeter", "vector_add_loop"], "01_tensors": ["concat", "describe"]}),
    "patch_pytest_report": Expect(
        zero={"00_python_basics": ["sign", "greet", "know_meet", "vector_add"]},
        outcomes={("00_python_basics", "know_meet"): {"failed"}, ("00_python_basics", "vector_add"): {"failed"}},
        must_pass={"00_python_basics": ["vector_add_loop", "greeter"]}),
    "conftest_injection": Expect(
        zero={"00_python_basics": ["sign", "greet"]}, must_pass={"00_python_basics": ["vector_add", "greeter"]}),
    "always_equal": Expect(
        zero={"00_python_basics": ["sign", "greet", "vector_add_loop", "vector_add"],
              "01_tensors": ["make_grid", "describe", "concat", "broadcast_shape", "to_scalar"]},
        must_pass={"00_python_basics": ["greeter"], "01_tensors": ["elementwise"]}),
    "frame_introspection": Expect(
        zero={"00_python_basics": ["sign", "greet"], "01_tensors": ["make_grid", "to_scalar"]},
        must_pass={"00_python_basics": ["vector_add"], "01_tensors": ["concat"]}),
    "early_exit": Expect(
        zero={"00_python_basics": ["sign", "greet", "vector_add_loop", "know_meet"]},
        lesson_zero=["01_tensors"],
        outcomes={("00_python_basics", "sign"): {"crashed"}, ("00_python_basics", "greet"): {"failed"},
                  ("00_python_basics", "vector_add_loop"): {"failed"},
                  ("00_python_basics", "know_meet"): {"crashed"}, ("01_tensors", "*"): {"error"}},
        must_pass={"00_python_basics": ["vector_add", "greeter"]}),
    "read_hidden_tests": Expect(
        zero={"00_python_basics": ["sign", "greet"]}, must_pass={"00_python_basics": ["vector_add"]}),
    "write_results": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    "infinite_loop": Expect(
        zero={"00_python_basics": ["know_meet"], "01_tensors": ["last_and_middle"]},
        outcomes={("00_python_basics", "know_meet"): TIMEOUT_OUTCOMES,
                  ("01_tensors", "last_and_middle"): TIMEOUT_OUTCOMES},
        must_pass={"00_python_basics": ["sign", "greet", "vector_add", "know_other"],
                   "01_tensors": ["make_grid", "to_scalar"]},
        done=False, max_test_seconds=20),
    "import_loop": Expect(
        lesson_zero=["00_python_basics", "01_tensors"],
        outcomes={("00_python_basics", "*"): TIMEOUT_OUTCOMES, ("01_tensors", "*"): TIMEOUT_OUTCOMES},
        done=False, max_test_seconds=20),
    "memory_bomb": Expect(
        zero={"00_python_basics": ["sign", "greet", "vector_add_loop", "know_meet"], "01_tensors": ["make_grid"]},
        outcomes={("00_python_basics", "sign"): MEMORY_OUTCOMES, ("00_python_basics", "greet"): MEMORY_OUTCOMES,
                  ("00_python_basics", "vector_add_loop"): MEMORY_OUTCOMES,
                  ("00_python_basics", "know_meet"): MEMORY_OUTCOMES,
                  ("01_tensors", "make_grid"): MEMORY_OUTCOMES},
        must_pass={"00_python_basics": ["vector_add", "greeter"], "01_tensors": ["to_scalar", "concat"]}),
    "memory_fork": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    "fork_bomb": Expect(zero={"00_python_basics": ["sign", "greet"]},
                        must_pass={"00_python_basics": ["vector_add", "vector_add_loop"]}),
    "output_flood": Expect(zero={"00_python_basics": ["vector_add_loop", "know_meet"]},
                           must_pass={"00_python_basics": ["sign", "greet", "vector_add"]}),
    "disk_flood": Expect(must_pass={"00_python_basics": ["greet", "vector_add"]}),
    "network": Expect(zero={"00_python_basics": ["greet"]}, must_pass={"00_python_basics": ["sign"]}),
    "lingering_process": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    "signal_parent": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    "resource_tamper": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    "protocol_forgery": Expect(zero={"00_python_basics": ["sign", "greet", "know_meet"]}),
    "unpicklable_return": Expect(
        zero={"00_python_basics": ["sign", "greet", "vector_add_loop", "vector_add", "know_meet"],
              "01_tensors": ["make_grid", "describe", "concat", "to_scalar", "outer_sum_values"]},
        must_pass={"00_python_basics": ["greeter"], "01_tensors": ["elementwise"]}),
    "environ_leak": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    "sysv_ipc": Expect(zero={"00_python_basics": ["sign"]}, must_pass={"00_python_basics": ["greet"]}),
    # Scored separately (test_static_checks_cannot_be_evaded): correct values, forbidden means.
    "static_check_evasion": Expect(must_pass={"00_python_basics": ["sign", "vector_add"],
                                              "01_tensors": ["make_grid"]}),
    "static_check_evasion2": Expect(must_pass={"00_python_basics": ["sign", "vector_add"],
                                               "01_tensors": ["make_grid"]}),
    # Lesson 00 logs every call (hidden tests too) in the kernel's per-uid key ring; lesson 01 reads it.
    "keyring_exfil": Expect(must_pass={"00_python_basics": ["sign", "greet"], "01_tensors": ["make_grid"]}),
    # Markdown, HTML and terminal escapes in an import error; a forged 15 MB import error.
    "report_injection": Expect(lesson_zero=["00_python_basics", "01_tensors"], done=False),
    # Scored separately (test_probe_facts_cannot_be_forged): the honest functions still pass.
    "probe_forgery": Expect(must_pass={"00_python_basics": ["sign", "greet"], "01_tensors": ["make_grid"]}),
    "probe_forgery2": Expect(must_pass={"00_python_basics": ["sign", "greet"], "01_tensors": ["make_grid"]}),
}
GENERATED = ["zip_slip", "zip_symlink", "zip_bomb", "zip_members", "symlink_solution"]


def test_every_hostile_folder_has_expectations():
    folders = {p.name for p in HOSTILE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders == set(ATTACKS), f"testing/hostile/ and ATTACKS disagree: {sorted(folders ^ set(ATTACKS))}"


# ----------------------------------------------------------------------------- building the submissions
def _module_of(lesson: str) -> str:
    return next(p.name for p in sorted((REPO / "assignments" / lesson).glob("*.py")) if not p.name.startswith("_"))


def _render(path: Path, lesson: str | None, tokens: dict[str, str]) -> bytes:
    data = path.read_bytes()
    if data.startswith(b"# HOSTILE base=solution") and lesson:
        base = (REPO / "solutions" / lesson / path.name).read_bytes()
        data = base + b"\n\n# ---------------------------------------------------------------- hostile part\n" + data
    for key, value in tokens.items():
        data = data.replace(key.encode(), value.encode())
    return data


def build_submission(src: Path, dest: Path, lessons: list[str], tokens: dict[str, str]) -> None:
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(src)
        lesson = rel.parts[0] if len(rel.parts) > 1 else None
        if lesson is not None and lesson not in lessons:
            continue
        target = dest / rel.parent / rel.name.removesuffix(".hostile")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_render(path, lesson, tokens))


def build_honest(dest: Path, lessons: list[str]) -> None:
    for lesson in lessons:
        module = _module_of(lesson)
        (dest / lesson).mkdir(parents=True)
        shutil.copyfile(REPO / "solutions" / lesson / module, dest / lesson / module)


def build_generated(subs: Path, nonce: str) -> None:
    sol = REPO / "solutions" / "00_python_basics" / "basics.py"
    wrong = sol.read_text() + "\n\ndef sign(x):\n    return 'WRONG'\n"
    with zipfile.ZipFile(subs / "zip_slip.zip", "w") as zf:
        zf.writestr("00_python_basics/basics.py", wrong)
        names = [f"{'../' * depth}HOSTILE-{nonce}-zipslip{depth}.py" for depth in range(1, 8)]
        names += [f"/tmp/HOSTILE-{nonce}-zipabs.py", f"00_python_basics/../../../../HOSTILE-{nonce}-zipslip-mid.py",
                  f"..\\..\\..\\HOSTILE-{nonce}-zipslip-backslash.py"]
        for name in names:
            zf.writestr(name, "print('escaped')\n")
    with zipfile.ZipFile(subs / "zip_symlink.zip", "w") as zf:       # basics.py is a link to the reference
        info = zipfile.ZipInfo("00_python_basics/basics.py")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, str(sol))
        info = zipfile.ZipInfo("01_tensors")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, str(REPO / "solutions" / "01_tensors"))
    with zipfile.ZipFile(subs / "zip_bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("00_python_basics/basics.py", sol.read_text())
        with zf.open("00_python_basics/data.txt", "w", force_zip64=True) as fh:
            zero = b"\0" * (1 << 20)
            for _ in range(80):                                    # 80 MiB that compress to ~80 KiB
                fh.write(zero)
    with zipfile.ZipFile(subs / "zip_members.zip", "w") as zf:
        zf.writestr("00_python_basics/basics.py", sol.read_text())
        for i in range(6000):
            zf.writestr(f"00_python_basics/junk/{i}.txt", "")
    (subs / "symlink_solution" / "00_python_basics").mkdir(parents=True)
    (subs / "symlink_solution" / "00_python_basics" / "basics.py").symlink_to(sol)
    if (REPO / "solutions" / "01_tensors").is_dir():
        (subs / "symlink_solution" / "01_tensors").symlink_to(REPO / "solutions" / "01_tensors")


# ----------------------------------------------------------------------------- host-side observers
class Listeners:
    """A TCP and a UDP socket on 127.0.0.1 and an abstract unix socket, in the host's
    network namespace; they record every connection or datagram."""

    def __init__(self, nonce: str):
        self.hits: list[str] = []
        self.stop = threading.Event()
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.abstract = f"hostile-{nonce}"
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind("\0" + self.abstract)
        self.unix.listen(16)
        self.secret = f"SECRET-{nonce}".encode()
        self.threads = [threading.Thread(target=self._accept, args=(s, name), daemon=True)
                        for s, name in ((self.tcp, "tcp"), (self.unix, "abstract-unix"))]
        self.threads.append(threading.Thread(target=self._datagrams, daemon=True))
        for t in self.threads:
            t.start()

    @property
    def tokens(self) -> dict[str, str]:
        return {"@@TCP_PORT@@": str(self.tcp.getsockname()[1]), "@@UDP_PORT@@": str(self.udp.getsockname()[1]),
                "@@ABSTRACT@@": self.abstract}

    def _accept(self, sock, name):
        sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            self.hits.append(name)
            try:
                conn.sendall(self.secret)
            except OSError:
                pass
            conn.close()

    def _datagrams(self):
        self.udp.settimeout(0.2)
        while not self.stop.is_set():
            try:
                _, addr = self.udp.recvfrom(4096)
            except OSError:
                continue
            self.hits.append("udp")
            try:
                self.udp.sendto(self.secret, addr)
            except OSError:
                pass

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join(2)
        for s in (self.tcp, self.udp, self.unix):
            s.close()


def _status(pid: str) -> dict[str, str]:
    """/proc/<pid>/status as a dict: parsed here, no grader helper gives a process's uid or state line."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            return dict(line.rstrip("\n").split(":\t", 1) for line in fh if ":\t" in line)
    except OSError:
        return {}


def _cmdline(pid: str) -> str:
    """The command line; for a process whose main thread has exited (its /proc/<pid>/cmdline
    is empty) the command line seen through one of its other threads.  (No grader helper
    reads command lines.)"""
    paths = [f"/proc/{pid}/cmdline"]
    try:
        paths += [f"/proc/{pid}/task/{tid}/cmdline" for tid in os.listdir(f"/proc/{pid}/task") if tid != pid]
    except OSError:
        pass
    for path in paths:
        try:
            with open(path, "rb") as fh:
                text = fh.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if text:
            return text
    return ""


class Monitor:
    """Watches /proc while the grader runs: every process of a runner uid that names the
    run's folders or nonce on its command line (runners are forks of the grader, so their
    command line is the grader's), with the times it was first and last seen."""

    def __init__(self, needles: list[str], period: float = 0.02):
        self.needles, self.period = needles, period
        self.seen: dict[int, dict] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while not self.stop.is_set():
            now = time.monotonic()
            for pid in filter(str.isdigit, os.listdir("/proc")):
                st = _status(pid)
                try:
                    uid = int(st.get("Uid", "-1").split()[0])
                except ValueError:
                    continue
                if uid < FIRST_RUNNER_UID or not process_alive(int(pid)):
                    continue
                rec = self.seen.get(int(pid))
                if rec is None or rec["uid"] != uid:
                    cmd = _cmdline(pid)
                    if not any(n in cmd for n in self.needles) and not (rec and rec["match"]):
                        continue
                    rec = self.seen[int(pid)] = {"uid": uid, "first": now, "last": now, "cmd": cmd, "match": True}
                rec["last"] = now
                rec["state"] = st.get("State", "?")
            time.sleep(self.period)

    @property
    def uids(self) -> set[int]:
        return {r["uid"] for r in self.seen.values()}

    def close(self):
        self.stop.set()
        self.thread.join(5)


def attacker_processes(uids, needles: list[str]) -> list[str]:
    """Running processes of the run's slot uids or naming the run's folders or nonce."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == os.getpid():
            continue
        st = _status(pid)
        try:
            uid = int(st.get("Uid", "-1").split()[0])
        except ValueError:
            uid = -1
        cmd = _cmdline(pid)
        if (uid in uids or any(n in cmd for n in needles)) and process_alive(int(pid)):
            found.append(f"pid {pid} uid {uid} state {st.get('State', '?')} threads {st.get('Threads', '?')}: "
                         f"{cmd[:150]}")
    return found


def kill_attackers(uids, needles: list[str]) -> None:
    """SIGKILL everything the run left behind (as root: per uid with kill(-1) from that uid,
    which no fork can outrun, and per pid for the rest)."""
    end = time.monotonic() + 15
    while time.monotonic() < end:
        left = attacker_processes(uids, needles)
        if not left:
            return
        for line in left:
            pid = int(line.split()[1])
            uid = int(line.split()[3])
            if uid in uids:
                child = os.fork()
                if child == 0:
                    try:
                        os.setgroups([])
                        os.setresgid(uid, uid, uid)
                        os.setresuid(uid, uid, uid)
                        os.kill(-1, signal.SIGKILL)
                    finally:
                        os._exit(0)
                os.waitpid(child, 0)
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.1)


def world_writable_dirs() -> list[str]:
    """World-writable folders of the host (a few levels deep), other than the ones the
    sandbox hides by design (/tmp, /var/tmp, /dev/shm)."""
    found = []
    for top in sorted({"/run", "/var", "/srv", "/opt", "/usr/local", "/etc", "/data", str(REPO_TOP)}):
        if not os.path.isdir(top):
            continue
        for dirpath, dirnames, _ in os.walk(top):
            if dirpath.count("/") - top.count("/") >= 3 or dirpath.startswith("/var/tmp"):
                dirnames[:] = []
            try:
                st = os.lstat(dirpath)
            except OSError:
                continue
            if st.st_mode & 0o002 and not os.path.islink(dirpath) and not dirpath.startswith("/var/tmp"):
                found.append(dirpath)
    return found


HOST_WORLD_WRITABLE = world_writable_dirs()


# Where attackers must not be able to create files: walked fully, or only their top level.
DEEP_HIDDEN = [REPO, "/var/tmp", "/dev/shm"]          # REPO includes .venv
def around_the_repository() -> list[str]:
    """The folders next to the checkout: its top-level folder, the folder holding it, and the
    subfolders of both (other checkouts, shared data)."""
    found = []
    for folder in dict.fromkeys([REPO_TOP, REPO.parent]):
        found.append(str(folder))
        try:
            found += [str(p) for p in sorted(folder.iterdir()) if p.is_dir() and p != REPO]
        except OSError:
            pass
    return found


SHALLOW_HIDDEN = ["/tmp", "/", *around_the_repository(), sys.base_prefix,
                  *map(str, Path(sys.base_prefix).glob("lib/python3*"))]


def marker_files(nonce: str, roots: list[Path | str], deep: bool = True) -> list[str]:
    found = []
    mark = f"HOSTILE-{nonce}"
    for root in map(str, roots):
        if not os.path.isdir(root):
            continue
        if not deep:
            found += [os.path.join(root, n) for n in os.listdir(root) if mark in n]
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in (".git", "__pycache__")
                           and os.path.join(dirpath, d) != str(HOSTILE)]
            found += [os.path.join(dirpath, n) for n in filenames + dirnames if mark in n]
    return found


def sysv_objects(nonce: str) -> list[str]:
    shm_key = int(nonce, 16) & 0x7FFFFFFF
    keys = {shm_key, shm_key ^ 0x5A5A5A5}
    found = []
    for kind in ("shm", "msg"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols and int(cols[0]) in keys:
                found.append(f"{kind} key {int(cols[0]):#x} id {cols[1]}")
    return found


def remove_sysv(nonce: str) -> None:
    shm_key = int(nonce, 16) & 0x7FFFFFFF
    for flag, key in (("-M", shm_key), ("-Q", shm_key ^ 0x5A5A5A5)):
        subprocess.run(["ipcrm", flag, str(key)], capture_output=True)


def sensitive_hashes(lessons: list[str]) -> set[str]:
    """sha256 prefixes (as read_hidden_tests prints them) of the tests and solutions."""
    files = [p for lesson in lessons for p in (REPO / "tests" / lesson).rglob("*.py")]
    files += [p for lesson in lessons for p in (REPO / "solutions" / lesson).rglob("*.py")]
    return {hashlib.sha256(p.read_bytes()[:1 << 20]).hexdigest()[:16] for p in files}


# ----------------------------------------------------------------------------- the grading run
@dataclass
class Run:
    out: Path
    subs: Path
    nonce: str
    canary: str
    lessons: list[str]
    students: list[str]
    returncode: int
    stdout: str
    stderr: str
    elapsed: float
    survivors: list[str]
    markers: list[str]                   # attacker files in places the sandbox hides
    host_markers: list[str]              # attacker files in other world-writable host folders
    sysv: list[str]
    network_hits: list[str]
    tmp_sentinel: tuple[Path, str]
    out_sentinel: tuple[Path, str]

    def results(self, student: str, lesson: str) -> dict:
        return json.loads((self.out / student / lesson / "results.json").read_text())


def _grade(subs: Path, out: Path, lessons: list[str], env: dict, jobs: int | None = None):
    cmd = [str(GRADER), "--course", str(REPO), "grade", str(subs), "--out", str(out),
           "--lessons", *lessons, "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=GRADE_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        stderr += f"\n[test_hostile: grader killed after {GRADE_TIMEOUT} s]"
    return proc.returncode, stdout, stderr


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    if not LESSONS:
        pytest.skip("no lesson with assignments, solutions and tests yet")
    nonce = secrets.token_hex(4)
    canary = "canary-" + secrets.token_hex(12)
    tmp = tmp_path_factory.mktemp("hostile")
    subs, out = tmp / "subs", tmp / "out"
    subs.mkdir()
    listeners = Listeners(nonce)
    tokens = {"@@NONCE@@": nonce, "@@REPO@@": str(REPO), "@@REPO_PARENT@@": str(REPO.parent),
              **listeners.tokens}
    for attack in ATTACKS:
        build_submission(HOSTILE / attack, subs / attack, LESSONS, tokens)
    for student in HONEST:
        build_honest(subs / student, LESSONS)
    build_generated(subs, nonce)
    students = sorted(p.stem if p.suffix == ".zip" else p.name for p in subs.iterdir())
    out_sentinel = out / "sentinel" / "results.json"
    out_sentinel.parent.mkdir(parents=True)
    out_sentinel.write_text('{"score": 1, "note": "written by test_hostile before grading"}')
    tmp_sentinel = Path(f"/tmp/hostile-sentinel-{nonce}.json")
    tmp_sentinel.write_text('{"untouched": true}')
    needles = [str(subs), nonce]
    monitor = Monitor(needles)
    start = time.monotonic()
    try:
        env = {**os.environ, "HOSTILE_CANARY_SECRET": canary}
        returncode, stdout, stderr = _grade(subs, out, LESSONS, env)
        elapsed = time.monotonic() - start
        time.sleep(1.0)                                  # let SIGKILLed processes go
        monitor.close()
        survivors = attacker_processes(monitor.uids, needles)
        markers = marker_files(nonce, DEEP_HIDDEN) + marker_files(nonce, SHALLOW_HIDDEN, deep=False)
        host_markers = marker_files(nonce, HOST_WORLD_WRITABLE, deep=False)
        yield Run(out=out, subs=subs, nonce=nonce, canary=canary, lessons=LESSONS, students=students,
                  returncode=returncode, stdout=stdout, stderr=stderr, elapsed=elapsed, survivors=survivors,
                  markers=sorted(set(markers)), host_markers=sorted(set(host_markers)), sysv=sysv_objects(nonce),
                  network_hits=list(listeners.hits),
                  tmp_sentinel=(tmp_sentinel, '{"untouched": true}'),
                  out_sentinel=(out_sentinel, '{"score": 1, "note": "written by test_hostile before grading"}'))
    finally:
        monitor.close()
        kill_attackers(monitor.uids, needles)
        listeners.close()
        remove_sysv(nonce)
        for path in marker_files(nonce, DEEP_HIDDEN) + marker_files(nonce, [*SHALLOW_HIDDEN, *HOST_WORLD_WRITABLE],
                                                                    deep=False):
            try:
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.unlink(path)
            except OSError:
                pass
        tmp_sentinel.unlink(missing_ok=True)
        print(f"\n[test_hostile] grading took {time.monotonic() - start:.1f} s")


# ----------------------------------------------------------------------------- helpers
def fn_name(test: dict) -> str:
    return test["name"].rsplit("::", 1)[-1].split(": ", 1)[-1]


def group_tests(res: dict, lesson: str, group: str) -> list[dict]:
    if group == "*":
        return res["tests"]
    pattern = GROUPS[lesson][group]
    return [t for t in res["tests"] if re.match(pattern, fn_name(t))]


def describe_tests(tests: list[dict]) -> str:
    return "; ".join(f"{fn_name(t)}={t['score']:g}/{t['max_score']:g} ({t['outcome']})" for t in tests)


def public_output(res: dict) -> str:
    return "\n".join(t["output"] for t in res["tests"] if t["visibility"] == "visible")


# ----------------------------------------------------------------------------- the grader survives
def test_grader_exits_cleanly_with_a_complete_gradebook(run):
    assert run.returncode == 0, f"grader exited {run.returncode}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    with open(run.out / "gradebook.csv", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["student", *run.lessons, "total", "max", "folder"]
        assert sorted(row["student"] for row in reader) == run.students
    assert "could not be graded completely" not in run.stdout, run.stdout[-2000:]
    for student in run.students:
        for lesson in run.lessons:
            assert (run.out / student / lesson / "results.json").is_file(), f"{student}/{lesson} has no results"


def test_grader_output_and_reports_stay_small(run):
    assert len(run.stdout) + len(run.stderr) < 200_000, "the grader's own output was flooded"
    for path in run.out.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".md", ".csv"):
            assert path.stat().st_size < 300_000, f"{path} is {path.stat().st_size} bytes"


@pytest.mark.parametrize("student", HONEST)
def test_honest_students_keep_full_marks(run, student):
    for lesson in run.lessons:
        res = run.results(student, lesson)
        bad = [t for t in res["tests"] if t["score"] != t["max_score"]]
        assert not res["problem"] and not bad and res["score"] == res["max_score"] > 0, (
            f"{student}/{lesson}: {res['score']}/{res['max_score']} {res['problem']} {describe_tests(bad)}")


def test_gradebook_matches_the_reports(run):
    """Every student has one row, and its cells are the scores of that student's results.json."""
    with open(run.out / "gradebook.csv", newline="") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    assert set(rows) == set(run.students)
    for student in run.students:
        res = [run.results(student, lesson) for lesson in run.lessons]
        for lesson, r in zip(run.lessons, res):
            assert float(rows[student][lesson]) == r["score"], (student, lesson)
        assert float(rows[student]["total"]) == pytest.approx(sum(r["score"] for r in res)), student
        assert float(rows[student]["max"]) == pytest.approx(sum(r["max_score"] for r in res)), student
    assert float(rows["write_results"]["total"]) < 999


# ----------------------------------------------------------------------------- each attack
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_scores_zero_where_it_cheats(run, attack):
    expect = ATTACKS[attack]
    problems = []
    for lesson in run.lessons:
        res = run.results(attack, lesson)
        for group in expect.zero.get(lesson, []):
            tests = group_tests(res, lesson, group)
            if not tests:
                problems.append(f"{lesson}: no test matches group {group!r} (update GROUPS)")
            elif any(t["score"] for t in tests):
                problems.append(f"{lesson}/{group} scored: {describe_tests(tests)}")
        if lesson in expect.lesson_zero and res["score"]:
            problems.append(f"{lesson} scored {res['score']}: {describe_tests(res['tests'])}")
        for (les, group), allowed in expect.outcomes.items():
            if les != lesson:
                continue
            wrong = [t for t in group_tests(res, lesson, group) if t["outcome"] not in allowed]
            if wrong:
                problems.append(f"{lesson}/{group}: outcome not in {sorted(allowed)}: {describe_tests(wrong)}")
        if expect.max_test_seconds:
            slow = [t for t in res["tests"] if t["duration_s"] > expect.max_test_seconds]
            if slow:
                problems.append(f"{lesson}: tests ran past {expect.max_test_seconds} s: "
                                + ", ".join(f"{fn_name(t)} {t['duration_s']:.1f}s" for t in slow))
        for group in expect.must_pass.get(lesson, []):
            tests = group_tests(res, lesson, group)
            if not tests or any(t["score"] != t["max_score"] for t in tests):
                problems.append(f"{lesson}/{group} (honest code) did not pass: {describe_tests(tests)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("attack", sorted(a for a, e in ATTACKS.items() if e.done))
def test_attack_actually_ran(run, attack):
    """Guards the other checks against passing only because an attack broke early."""
    said = "\n".join(public_output(run.results(attack, lesson)) + run.results(attack, lesson)["problem"]
                     for lesson in run.lessons)
    assert f"HOSTILE-DONE {attack}" in said, f"{attack} did not report that it ran:\n{said[:3000]}"


def test_pytest_hooks_and_startup_files_never_ran_in_the_grader(run):
    executed = [m for m in run.markers if "-executed-" in m]
    executed += Path("/tmp").glob(f"HOSTILE-{run.nonce}-executed-*")
    assert not executed, executed
    said = public_output(run.results("conftest_injection", "00_python_basics"))
    assert "sitecustomize ran in this process: False" in said


def test_no_secret_read_from_disk_or_other_processes(run):
    leaks, read = [], set()
    for student in run.students:
        for lesson in run.lessons:
            res = run.results(student, lesson)
            text = public_output(res) + "\n" + "\n".join(t["output"] for t in res["tests"])
            leaks += [f"{student}/{lesson}: {line}" for line in text.splitlines()
                      if line.startswith("LEAK:") and not line.startswith(("LEAK:env:", "LEAK:memory-total"))]
            read |= {line[5:21] for line in text.splitlines() if line.startswith("READ:")}
    assert not leaks, "\n".join(leaks)
    stolen = read & sensitive_hashes(run.lessons)
    assert not stolen, f"read_hidden_tests read {len(stolen)} test or solution files"
    said = public_output(run.results("read_hidden_tests", "00_python_basics"))
    assert "HOSTILE-NOTE read" in said


def test_no_reports_or_sentinels_overwritten(run):
    path, text = run.out_sentinel
    assert path.read_text() == text
    path, text = run.tmp_sentinel
    assert path.read_text() == text
    for student in run.students:
        for lesson in run.lessons:
            assert run.results(student, lesson)["score"] != 999
    allowed = CLASS_REPORTS   # the gradebook, summary, histogram, dashboard, the decisions' mark
    per_student = {"feedback.md", "feedback.html", "graded.json"}
    for path in run.out.rglob("*"):
        rel = path.relative_to(run.out)
        if path.is_dir() or rel.parts[0] == "sentinel":
            continue
        ok = (len(rel.parts) == 1 and rel.name in allowed) or \
             (len(rel.parts) == 2 and rel.name in per_student and rel.parts[0] in run.students) or \
             (len(rel.parts) == 3 and rel.name == "results.json" and rel.parts[1] in run.lessons)
        assert ok, f"unexpected file in the reports folder: {rel}"


def test_no_files_written_where_the_sandbox_hides(run):
    """The repository, the virtual environment, /tmp, /var/tmp, /dev/shm, / and the folders around
    the repository."""
    assert not run.markers, "attackers created files on the host:\n" + "\n".join(run.markers)
    untouched = [p for p in run.subs.rglob("*") if f"HOSTILE-{run.nonce}" in p.name]
    assert not untouched, untouched


def test_no_files_written_to_other_host_folders(run):
    assert not run.host_markers, "attackers wrote into host folders:\n" + "\n".join(run.host_markers)


def test_no_network_reached(run):
    assert not run.network_hits, f"the host's listeners were reached: {run.network_hits}"
    said = public_output(run.results("network", "00_python_basics"))
    assert "LEAK:net" not in said and "HOSTILE-DONE network" in said


def test_zip_and_symlink_submissions(run):
    assert not list(Path("/tmp").glob(f"HOSTILE-{run.nonce}-zip*"))
    assert not [p for p in run.out.parent.rglob(f"HOSTILE-{run.nonce}-zip*")]
    slip = run.results("zip_slip", "00_python_basics")
    assert not any(t["score"] for t in group_tests(slip, "00_python_basics", "sign"))
    assert "unsafe zip entry" in (run.out / "zip_slip" / "feedback.md").read_text()
    for student in ("zip_symlink", "symlink_solution", "zip_members"):
        for lesson in run.lessons:
            res = run.results(student, lesson)
            assert res["score"] == 0, f"{student}/{lesson} scored {res['score']}"
    bomb = run.results("zip_bomb", "00_python_basics")
    assert bomb["score"] == bomb["max_score"] > 0
    assert "oversized" in (run.out / "zip_bomb" / "feedback.md").read_text()


# ----------------------------------------------------------------------------- once holes, now closed
def test_grader_environment_does_not_leak(run):
    found = [p for p in run.out.rglob("*") if p.is_file() and run.canary in p.read_text(errors="replace")]
    assert not found, f"the grader's HOSTILE_CANARY_SECRET is in {found}"


def test_memory_limit_covers_all_processes_of_a_student(run):
    said = public_output(run.results("memory_fork", "00_python_basics"))
    assert "HOSTILE-DONE memory_fork" in said, said
    assert "LEAK:memory-total" not in said, said


def test_sysv_ipc_objects_do_not_outlive_grading(run):
    assert not run.sysv, run.sysv


def test_probe_facts_cannot_be_forged(run):
    scored = []
    checks = {"00_python_basics": ["know_other", "know_subclass"],
              "01_tensors": ["fill_rows", "add_inplace", "to_numpy_shared", "from_numpy_shared"]}
    for attack in ("probe_forgery", "probe_forgery2"):
        for lesson in run.lessons:
            res = run.results(attack, lesson)
            for group in checks[lesson]:
                tests = group_tests(res, lesson, group)
                scored += [f"{attack}/{lesson}/{fn_name(t)}" for t in tests if t["score"]]
    assert not scored, f"forged probes earned points: {scored}"


def test_static_checks_cannot_be_evaded(run):
    scored = []
    checks = {"00_python_basics": r"test_vector_add_loop_no_torch_numpy", "01_tensors": r"test_broadcast_shape$"}
    for attack in ("static_check_evasion", "static_check_evasion2"):
        for lesson in run.lessons:
            res = run.results(attack, lesson)
            tests = [t for t in res["tests"] if re.match(checks[lesson], fn_name(t))]
            assert tests, f"no static-check test matches {checks[lesson]!r} in {lesson}"
            scored += [f"{attack}/{lesson}/{fn_name(t)}" for t in tests if t["score"]]
    assert not scored, f"static checks were evaded: {scored}"


def test_student_text_cannot_forge_or_flood_reports(run):
    """Student text is capped, stripped of control characters and shown indented."""
    feedback = (run.out / "report_injection" / "feedback.md").read_text()
    lines = feedback.splitlines()
    assert len(feedback) < 100_000 and "\x1b" not in feedback
    assert lines.count("## 00_python_basics") == 1, "a forged lesson heading renders as one"
    forged = ("**Total: 999", "All tests passed", "# Feedback for honest")
    assert not [line for line in lines if line.startswith(forged)]
    for lesson in run.lessons:
        assert (run.out / "report_injection" / lesson / "results.json").stat().st_size < 1_000_000
    assert (run.out / "summary.md").stat().st_size < 200_000


def test_no_attacker_process_survives_grading(run):
    assert not run.survivors, "left behind after grading:\n" + "\n".join(run.survivors)


# ----------------------------------------------------------------------------- after a student is done
@pytest.fixture(scope="module")
def slot_run(tmp_path_factory):
    """``--jobs 1``: a student that leaves a process behind (one that SIGKILLs every process
    of its uid), then two honest students graded after it in the same slot."""
    nonce = secrets.token_hex(4)
    tmp = tmp_path_factory.mktemp("hostile-slot")
    subs, out = tmp / "subs", tmp / "out"
    build_submission(HOSTILE / "_separate" / "lingering_killer", subs / "aa_lingering_killer",
                     ["00_python_basics"], {"@@NONCE@@": nonce})
    for victim in ("zz_victim_a", "zz_victim_b"):
        build_honest(subs / victim, ["00_python_basics"])
    needles = [str(subs), nonce]
    monitor = Monitor(needles, period=0.005)
    try:
        code, stdout, stderr = _grade(subs, out, ["00_python_basics"], dict(os.environ), jobs=1)
        time.sleep(1.0)
        monitor.close()
        survivors = attacker_processes(monitor.uids, needles)
        yield code, out, stderr, monitor.seen, survivors
    finally:
        monitor.close()
        kill_attackers(monitor.uids, needles)


def test_next_students_keep_full_marks(slot_run):
    code, out, stderr, _, _ = slot_run
    assert code == 0, stderr[-2000:]
    for victim in ("zz_victim_a", "zz_victim_b"):
        res = json.loads((out / victim / "00_python_basics" / "results.json").read_text())
        assert res["score"] == res["max_score"] > 0, f"{victim}: {res['score']}/{res['max_score']} {res['problem']}"


def test_student_processes_are_gone_when_the_student_is_done(slot_run):
    _, _, _, seen, _ = slot_run
    by_uid: dict[int, list[dict]] = {}
    for rec in seen.values():
        by_uid.setdefault(rec["uid"], []).append(rec)
    assert len(by_uid) >= 2, f"expected runners of several students, saw uids {sorted(by_uid)}"
    first_uid = min(by_uid, key=lambda u: min(r["first"] for r in by_uid[u]))
    last_start = max(r["first"] for u, recs in by_uid.items() if u != first_uid for r in recs)
    lingering = [r for r in by_uid[first_uid] if r["last"] >= last_start]
    assert not lingering, "a process of the first student still ran when the last student's runner started:\n" + \
        "\n".join(f"uid {r['uid']} state {r.get('state')}: {r['cmd'][:80]}" for r in lingering)


def test_left_over_processes_are_gone_after_grading(slot_run):
    *_, survivors = slot_run
    assert not survivors, survivors
