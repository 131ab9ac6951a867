"""What runners need of the host's GPU, asked of the host without starting CUDA.

The trusted side decides once whether CUDA works on this host and says so to every child
process as ``GRADER_CUDA=1`` (``limits.cuda_promised``); nothing here probes CUDA itself.  Where it
is promised, a runner must reach the driver through its confinement (``access``): the
device nodes (``device_nodes``), the groups that may open them (``node_groups``), and the
folders that hold the driver's libraries (``driver_folders``), mounted back where the
sandbox hides them, after ``load_uvm`` made /dev/nvidia-uvm.  ``fork_problem`` tells a
process forked from the zygote whether CUDA was started before the fork (which no forked
child recovers from); ``context_lost`` whether a CUDA error leaves CUDA unusable in the
process that raised it.
"""
from __future__ import annotations

import glob
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass, field

from ..limits import cuda_promised

DEVICE_PATTERNS = ("/dev/nvidiactl", "/dev/nvidia[0-9]*", "/dev/nvidia-uvm", "/dev/nvidia-uvm-tools",
                   "/dev/nvidia-caps/*", "/dev/dxg")   # NVIDIA's nodes, and WSL2's GPU
DRIVER_LIBRARIES = ("libcuda.so", "libnvidia-", "libdxcore.so")   # name prefixes of the driver's libraries
DEVICE_PREFIXES = ("/dev/nvidia", "/dev/dxg")
MODPROBE_SECONDS = 10


@dataclass
class GpuAccess:
    """What a confined runner is given so that CUDA works in it (empty: nothing)."""

    shown: list[str] = field(default_factory=list)   # nodes and library folders, mounted back where hidden
    groups: list[int] = field(default_factory=list)  # supplementary groups that may open the nodes


def access() -> GpuAccess:
    """The GPU access runners get here: none unless CUDA is promised.  Called by the zygote's
    handle before the zygote starts (so /dev/nvidia-uvm is made while that is allowed)."""
    if not cuda_promised():
        return GpuAccess()
    load_uvm()
    nodes = device_nodes()
    return GpuAccess(shown=sorted({*nodes, *driver_folders()}), groups=node_groups(nodes))


# ----------------------------------------------------------------------------- asking the host
def device_nodes() -> list[str]:
    """The GPU device nodes of this host."""
    return sorted({path for pattern in DEVICE_PATTERNS for path in glob.glob(pattern)})


def node_groups(nodes: list[str]) -> list[int]:
    """The groups a runner (an unprivileged uid with no groups of its own) needs to open
    ``nodes``: each node's group, where only its group may read and write it."""
    groups = set()
    for node in nodes:
        try:
            info = os.stat(node)
        except OSError:
            continue
        if info.st_mode & (stat.S_IROTH | stat.S_IWOTH) != (stat.S_IROTH | stat.S_IWOTH) \
                and info.st_mode & (stat.S_IRGRP | stat.S_IWGRP) == (stat.S_IRGRP | stat.S_IWGRP):
            groups.add(info.st_gid)
    return sorted(groups)


def ldconfig_listing() -> str:
    """``ldconfig -p``: the libraries the dynamic loader finds ('' where it cannot be run)."""
    found = shutil.which("ldconfig") or ("/sbin/ldconfig" if os.path.exists("/sbin/ldconfig") else None)
    if not found:
        return ""
    try:
        return subprocess.run([found, "-p"], capture_output=True, text=True, timeout=MODPROBE_SECONDS).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def driver_folders(listing: str | None = None, library_path: str | None = None) -> list[str]:
    """Folders holding the driver's libraries (``DRIVER_LIBRARIES``): those ``ldconfig -p`` lists
    (``listing``), and those of ``LD_LIBRARY_PATH`` (``library_path``) that hold one, each as
    named and where its links lead.  Read from files, so CUDA is not started here."""
    listing = ldconfig_listing() if listing is None else listing
    library_path = os.environ.get("LD_LIBRARY_PATH", "") if library_path is None else library_path
    files = [line.rsplit("=>", 1)[1].strip() for line in listing.splitlines() if "=>" in line]
    for folder in filter(None, library_path.split(":")):
        try:
            files += [entry.path for entry in os.scandir(folder)]
        except OSError:
            continue
    folders = set()
    for path in files:
        if os.path.basename(path).startswith(DRIVER_LIBRARIES):
            folders |= {os.path.dirname(os.path.abspath(path)), os.path.dirname(os.path.realpath(path))}
    return sorted(folders)


def load_uvm() -> None:
    """Have ``nvidia-modprobe`` create /dev/nvidia-uvm (CUDA needs it; a confined runner,
    with NO_NEW_PRIVS, could not) where the tool is installed."""
    tool = shutil.which("nvidia-modprobe")
    if tool:
        try:
            subprocess.run([tool, "-u", "-c=0"], capture_output=True, timeout=MODPROBE_SECONDS)
        except (OSError, subprocess.SubprocessError):
            pass


def device_descriptors() -> list[str]:
    """What the open descriptors of this process that are GPU device nodes point to."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(DEVICE_PREFIXES):
            found.append(target)
    return sorted(found)


def context_lost(exc: BaseException) -> bool:
    """Whether ``exc`` is a CUDA error after which CUDA cannot be used in this process again
    (a device-side assert, an illegal address: every later call fails the same way); running
    out of GPU memory is not one."""
    try:
        text = str(exc)
    except BaseException:  # a student's exception whose message cannot be read
        return False
    return "CUDA error" in text and "out of memory" not in text


def fork_problem() -> str:
    """Why this process, forked from the zygote, cannot use CUDA ('' where nothing is wrong):
    CUDA was started, or a GPU device opened, before the fork."""
    import torch

    if torch.cuda._is_in_bad_fork():
        return "CUDA was started in the grader's zygote before it forked this runner"
    opened = device_descriptors()
    if opened:
        return f"the grader's zygote held GPU devices open before it forked this runner ({', '.join(opened)})"
    return ""
