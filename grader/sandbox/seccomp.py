"""A seccomp filter for runners: system calls student code never needs, and that
would open a channel the namespaces do not close, fail with EPERM.

The kernel's key rings are per uid and outlive processes (one lesson's runner could
leave hidden-test inputs there for the next); ptrace and process_vm_* reach other
processes; namespace and mount calls, bpf, perf and userfaultfd are attack surface.
The filter is a few classic-BPF instructions installed with prctl, so no library is
needed.  Unknown architectures get no filter (``install`` returns False).
"""
from __future__ import annotations

import ctypes
import errno
import platform

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x06
X32_SYSCALL_BIT = 0x40000000

BLOCKED = ("add_key", "request_key", "keyctl", "ptrace", "process_vm_readv", "process_vm_writev",
           "unshare", "setns", "mount", "umount2", "pivot_root", "bpf", "perf_event_open", "userfaultfd")
# audit architecture and system call numbers, per machine
ARCHES = {
    "x86_64": (0xC000003E, {"add_key": 248, "request_key": 249, "keyctl": 250, "ptrace": 101,
                            "process_vm_readv": 310, "process_vm_writev": 311, "unshare": 272, "setns": 308,
                            "mount": 165, "umount2": 166, "pivot_root": 155, "bpf": 321,
                            "perf_event_open": 298, "userfaultfd": 323}),
    "aarch64": (0xC00000B7, {"add_key": 217, "request_key": 218, "keyctl": 219, "ptrace": 117,
                             "process_vm_readv": 270, "process_vm_writev": 271, "unshare": 97, "setns": 268,
                             "mount": 40, "umount2": 39, "pivot_root": 41, "bpf": 280,
                             "perf_event_open": 241, "userfaultfd": 282}),
}


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def program(arch: int, numbers: list[int]) -> list[tuple[int, int, int, int]]:
    """The filter: other architectures and x32 calls are refused, listed calls get EPERM."""
    deny = len(numbers) + 5  # index of the last instruction (after 4 + len(numbers) tests, "allow")
    code = [(BPF_LD_W_ABS, 0, 0, 4),                   # seccomp_data.arch
            (BPF_JEQ_K, 0, deny - 2, arch),
            (BPF_LD_W_ABS, 0, 0, 0),                   # seccomp_data.nr
            (BPF_JGE_K, deny - 4, 0, X32_SYSCALL_BIT)]
    for nr in numbers:  # a jump counts from the next instruction
        code.append((BPF_JEQ_K, deny - len(code) - 1, 0, nr))
    code += [(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW), (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.EPERM)]
    return code


def install() -> bool:
    """Install the filter on this process (inherited by its threads and children)."""
    if platform.machine() not in ARCHES:
        return False
    arch, table = ARCHES[platform.machine()]
    code = program(arch, [table[name] for name in BLOCKED])
    instructions = (_Instruction * len(code))(*[_Instruction(*ins) for ins in code])
    prog = _Program(len(code), instructions)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")
    return True
