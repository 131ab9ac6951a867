"""Confinement of a freshly forked runner, applied before any student code runs.

As root the runner gets a private mount namespace in which every mount is read-only,
every top-level folder but the system ones (/usr, /etc, /lib, /dev, /proc, /sys, ...)
and the grader's folders (the repository with its tests and solutions, the
submissions, the reports) are covered by empty tmpfs mounts, and only the Python
installation is mounted back (and, where CUDA is promised, the GPU's device nodes and the
driver's library folders: ``gpu``); empty network and IPC namespaces; a private
size-capped /tmp holding a copy of the student's lesson folder; resource limits; and
an unprivileged uid (with the GPU nodes' group, where only that group may open them).
Always: its own process group, the limits, a private working folder and a seccomp filter
(``seccomp``).  Which of these layers runners get is what ``layers`` found this host
allows (root in a container without CAP_SYS_ADMIN: the uid, seccomp and the limits, no
namespaces); ``protections()`` says which, for the reports.
"""
from __future__ import annotations

import ctypes
import os
import re
import signal
import sys
import tempfile
from dataclasses import dataclass, field

from ..limits import CUDA_SWITCH, MAX_FILES_PER_LESSON, MAX_STAGED_LESSON_BYTES, Limits
from . import seccomp
from .layers import available
from .processes import tasks_of

try:
    import resource
except ImportError:  # Windows, where only unconfined runners run (``unconfined``) and this module confines nothing
    resource = None

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWNET = 0x00020000, 0x08000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
# Per-mount options of /proc/self/mountinfo that a read-only remount must keep.
KEPT_MOUNT_OPTIONS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
                      "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME}

# Top-level folders runners see (read-only); every other one is covered, and the Python
# installation is mounted back wherever it lives.
VISIBLE_TOP_LEVEL = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "dev", "proc", "sys"}
WORKDIR_NAME = "submission"
# Variables a runner keeps from the zygote's environment: which GPUs it may use, how
# torch asks whether there is one without initialising CUDA, and whether CUDA is promised.
GPU_ENVIRONMENT = ("CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER", "PYTORCH_NVML_BASED_CUDA_CHECK", CUDA_SWITCH)


@dataclass
class Layout:
    """What a runner must not see, decided by the trusted side at start-up."""

    hide: list[str] = field(default_factory=list)
    scratch: str = ""   # where unprivileged runners make their working folders (removed at the end)
    privileged: bool = field(default_factory=lambda: os.geteuid() == 0)  # uid drop (and namespaces)
    namespaces: bool = True       # with ``privileged``; False where the host refuses them (``layers``)
    syscall_filter: bool = True   # False where seccomp cannot be installed (``layers``)
    gpu_paths: list[str] = field(default_factory=list)   # GPU nodes and driver folders runners must see
    gpu_groups: list[int] = field(default_factory=list)  # groups runners need to open the GPU nodes

    def all_hidden(self) -> list[str]:
        """Folders to cover with empty tmpfs mounts: every top-level folder but the system
        ones a Python program needs (so no other copy of a course, no data anywhere on
        the host is readable), /dev/shm, and the grader's own folders wherever they are."""
        top = sorted(entry.path for entry in os.scandir("/")
                     if entry.is_dir(follow_symlinks=False) and entry.name not in VISIBLE_TOP_LEVEL)
        seen, out = set(), []
        for p in ["/tmp", *top, "/dev/shm", *[os.path.realpath(p) for p in self.hide]]:
            if p not in seen:
                seen.add(p)
                out.append(p)
        return out


PER_TEST_LIMITS = "each test's wall-clock timeout_seconds and cpu_seconds are in its entry of tests"


def protections(limits: Limits) -> dict:
    """The protection layers and limits a runner started by this process gets
    (``layers.available``); those of each test are stated with the test."""
    found = available()
    isolated, own_uid = found.namespaces, found.unprivileged_uid
    report = {
        "separate_process": True,
        "unconfined": not found.confined,
        "unprivileged_uid": own_uid,
        "network_namespace": isolated,
        "ipc_namespace": isolated,
        "hidden_files": isolated,
        "read_only_host": isolated,
        "syscall_filter": found.syscall_filter,
        "private_tmp": True,
        "limits": {"memory_bytes": limits.memory_bytes if limits.cap_address_space or own_uid else None,
                   "address_space_cap": limits.cap_address_space,
                   "start_cpu_seconds": limits.start_cpu_seconds, "total_cpu_seconds": limits.total_cpu_seconds,
                   "processes": limits.processes, "file_size_bytes": limits.file_size_bytes,
                   "open_files": limits.open_files, "per_test": PER_TEST_LIMITS},
        "wall_clock_timeout": "enforced by the grader (SIGKILL of the runner's process group)",
    }
    if not found.confined:
        from . import unconfined  # (it imports this module)

        report |= unconfined.protections(limits, found.unconfined_because)
    return report


# ----------------------------------------------------------------------------- steps
_libc = ctypes.CDLL(None, use_errno=True) if os.name == "posix" else None


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(src: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(src), enc(target), enc(fstype), flags, enc(data)), f"mount {target}")


def read_lesson_files(folder: str) -> dict[str, bytes]:
    """The regular files directly in the lesson folder (no links, no notebooks: a lesson handed
    in as one is graded from the module made of it; capped in count and size)."""
    files, total = {}, 0
    if not os.path.isdir(folder):
        return files
    for entry in sorted(os.scandir(folder), key=lambda e: e.name)[:MAX_FILES_PER_LESSON]:
        if (entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")
                and not entry.name.endswith(".ipynb")):
            size = entry.stat(follow_symlinks=False).st_size
            if total + size > MAX_STAGED_LESSON_BYTES:
                break
            with open(entry.path, "rb") as fh:
                files[entry.name] = fh.read(size)
            total += size
    return files


def python_roots() -> list[str]:
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return sorted(roots)


def _mount_points() -> list[tuple[str, int]]:
    """(mount point, options to keep) of every mount this process sees, parents first."""
    points = []
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            fields = line.split()
            path = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])  # \040: a space
            flags = sum(KEPT_MOUNT_OPTIONS.get(o, 0) for o in fields[5].split(","))
            points.append((path, flags))
    return points


def make_all_read_only() -> None:
    """Remount every mount of this (private) namespace read-only, so the runner can
    write nowhere on the host; device files such as /dev/null stay writable."""
    for path, flags in _mount_points():
        try:
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
        except OSError:
            if path == "/":
                raise


def isolate_filesystem(layout: Layout, limits: Limits) -> str:
    """Enter new mount, IPC and network namespaces, make the host read-only, hide the
    grader's files, and return the private working folder (root only)."""
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
    _mount("none", "/", None, MS_REC | MS_PRIVATE)
    hidden = layout.all_hidden()
    keep = {p: os.open(p, os.O_PATH) for p in shown_again(layout, hidden) if os.path.exists(p)}
    make_all_read_only()
    for path in hidden:
        if os.path.isdir(path) and not os.path.islink(path):
            shared = path in ("/tmp", "/dev/shm")  # private, size-capped, writable by the runner
            opts = f"mode=1777,size={limits.tmp_size_bytes}" if shared else "mode=0755,size=1m"
            _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, opts)
    for path, fd in keep.items():
        _mount_point_for(path, os.path.isdir(f"/proc/self/fd/{fd}"))
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
    work = os.path.join("/tmp", WORKDIR_NAME)
    os.mkdir(work, 0o700)
    return work


def shown_again(layout: Layout, hidden: list[str]) -> list[str]:
    """What is mounted back after ``hidden`` is covered: the Python installation, and the GPU
    paths (``gpu.access``) that lie in a hidden folder."""
    covered = tuple(path.rstrip("/") + "/" for path in hidden)
    return [*python_roots(), *(p for p in layout.gpu_paths if (os.path.realpath(p) + "/").startswith(covered))]


def _mount_point_for(path: str, folder: bool) -> None:
    """An empty folder or file at ``path`` (in a covering tmpfs) to mount the real one on."""
    if folder:
        os.makedirs(path, exist_ok=True)
    elif not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").close()


def private_workdir(scratch: str, uid: int | None = None) -> str:
    """A new working folder under ``scratch``; with ``uid``, that uid's own (it passes through
    ``scratch`` without seeing what else is there)."""
    folder = tempfile.mkdtemp(prefix="runner-", dir=scratch or None)
    if uid is not None:
        os.chmod(scratch, 0o711)
        os.chown(folder, uid, uid)
    return os.path.join(folder, WORKDIR_NAME)


def write_lesson(work: str, files: dict[str, bytes], uid: int | None) -> None:
    os.makedirs(work, mode=0o700, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(work, name), "wb") as fh:
            fh.write(data)
    if uid is not None:
        for name in [".", *files]:
            os.chown(os.path.join(work, name), uid, uid)


def address_space_now() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def apply_limits(limits: Limits, uid: int, privileged: bool) -> None:
    def lim(kind, soft, hard=None):
        resource.setrlimit(kind, (soft, soft if hard is None else hard))

    lim(resource.RLIMIT_CORE, 0)
    lim(resource.RLIMIT_CPU, limits.start_cpu_seconds, limits.total_cpu_seconds)
    lim(resource.RLIMIT_FSIZE, limits.file_size_bytes)
    lim(resource.RLIMIT_NOFILE, limits.open_files)
    base = 0 if privileged else tasks_of(uid)
    lim(resource.RLIMIT_NPROC, base + limits.processes)
    if limits.cap_address_space:
        lim(resource.RLIMIT_AS, address_space_now() + limits.memory_bytes)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversize writes fail instead of killing


def drop_privileges(uid: int, groups: list[int] = ()) -> None:
    """Become ``uid``, with ``groups`` as the only supplementary groups."""
    os.setgroups(list(groups))
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def clean_process_state(keep_fd: int, work: str) -> None:
    """Close inherited descriptors, point stdio at a capped output file, clear the environment
    (all but the GPU selection)."""
    os.closerange(3, keep_fd)
    os.closerange(keep_fd + 1, 65536)
    redirect_output(work)
    gpu = {k: os.environ[k] for k in GPU_ENVIRONMENT if k in os.environ}
    os.environ.clear()
    os.environ.update(gpu)
    os.environ.update({"HOME": work, "PATH": "/usr/local/bin:/usr/bin:/bin", "TMPDIR": work,
                       "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg",
                       "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
    os.chdir(work)


def redirect_output(work: str) -> None:
    """Standard input from the null device, standard output and error to ``work``'s output
    file (``runner.Runner.take_output`` reads and empties it after every request)."""
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    out = os.open(os.path.join(work, ".output"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)


def import_path(work: str) -> list[str]:
    """``sys.path`` for student code: the Python installation's folders, then ``work``."""
    return [p for p in sys.path if p and os.path.realpath(p).startswith(tuple(python_roots()))] + [work]


def confine(lesson_dir: str, sock_fd: int, uid: int, layout: Layout, limits: Limits) -> str:
    """Everything a runner does to itself between fork and loading student code.
    Returns the working folder that holds the student's files."""
    os.setsid()
    for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    files = read_lesson_files(lesson_dir)
    if layout.privileged and layout.namespaces:
        work = isolate_filesystem(layout, limits)
        write_lesson(work, files, uid)
    else:
        own = uid if layout.privileged else None
        work = private_workdir(layout.scratch, own)
        write_lesson(work, files, own)
    apply_limits(limits, uid if layout.privileged else os.getuid(), layout.privileged)
    if layout.privileged:
        drop_privileges(uid, layout.gpu_groups)
    if layout.syscall_filter:
        seccomp.install()
    clean_process_state(sock_fd, work)
    sys.path[:] = import_path(work)
    return work
