"""The runners' seccomp filter (``grader.sandbox.seccomp``): the program built for each
architecture, checked as data by a small classic-BPF interpreter, then installed for real
in a forked child on this machine."""
import ctypes
import errno
import os
import platform
import re
import signal
import struct
import time
from pathlib import Path

import pytest

from grader.sandbox import seccomp

# From linux/filter.h, linux/seccomp.h and linux/audit.h, written out here rather than taken
# from the module under test.
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
X32_BIT = 0x40000000
SECCOMP_DATA_SIZE = 64  # int nr, u32 arch, u64 instruction_pointer, u64 args[6]
FOREIGN = {0x40000003, 0xC000003E, 0xC00000B7, 0x40000028, 0xC00000F3, 0}  # i386, x86_64, aarch64, arm, riscv64
HEADERS = {"x86_64": "/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "aarch64": "/usr/include/asm-generic/unistd.h"}
SYS = {"x86_64": {"keyctl": 250, "ptrace": 101, "getppid": 110},  # the numbers the real check calls
       "aarch64": {"keyctl": 219, "ptrace": 117, "getppid": 173}}


def run(code, nr: int, arch: int) -> int:
    """What the program returns for system call ``nr`` made under audit architecture ``arch``."""
    data = struct.pack("<IIQ6Q", nr & 0xFFFFFFFF, arch, 0, *[0] * 6)  # nr is an int: -1 is 0xFFFFFFFF
    assert len(data) == SECCOMP_DATA_SIZE
    a, pc = 0, 0
    while True:
        op, jt, jf, k = code[pc]
        if op == LD_W_ABS:
            (a,) = struct.unpack_from("<I", data, k)
            pc += 1
        elif op in (JEQ_K, JGE_K, JSET_K):
            taken = {JEQ_K: a == k, JGE_K: a >= k, JSET_K: bool(a & k)}[op]
            pc += 1 + (jt if taken else jf)
        elif op == RET_K:
            return k
        else:
            raise AssertionError(f"opcode {op:#x} at {pc}")


def check_shape(code) -> None:
    """What the kernel's checker would refuse: unknown opcodes, fields out of range, loads
    outside seccomp_data, jumps past the end, a last instruction that is not a return."""
    assert 0 < len(code) <= 4096 and code[-1][0] == RET_K
    for pc, (op, jt, jf, k) in enumerate(code):
        assert op in (LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K), (pc, op)
        assert 0 <= jt <= 255 and 0 <= jf <= 255 and 0 <= k < 2**32, (pc, jt, jf, k)
        if op == LD_W_ABS:
            assert k % 4 == 0 and k + 4 <= SECCOMP_DATA_SIZE, (pc, k)
        if op in (JEQ_K, JGE_K, JSET_K):
            assert pc + 1 + max(jt, jf) < len(code), f"jump out of the program at {pc}"


@pytest.fixture(params=sorted(seccomp.ARCHES))
def arch(request):
    return request.param


def _program(name):
    audit, table = seccomp.ARCHES[name]
    return audit, table, seccomp.program(audit, [table[call] for call in seccomp.BLOCKED])


def test_every_table_names_exactly_the_blocked_calls(arch):
    _, table, _ = _program(arch)
    assert set(table) == set(seccomp.BLOCKED) and len(set(table.values())) == len(table)


def test_program_is_well_formed_and_checks_the_architecture_first(arch):
    audit, _, code = _program(arch)
    check_shape(code)
    assert code[0] == (LD_W_ABS, 0, 0, 4), "first load seccomp_data.arch"
    assert code[1][0] == JEQ_K and code[1][3] == audit


def test_blocked_calls_get_eperm_and_all_others_are_allowed(arch):
    audit, table, code = _program(arch)
    blocked = set(table.values())
    for nr in range(1024):
        want = RET_ERRNO | errno.EPERM if nr in blocked else RET_ALLOW
        assert run(code, nr, audit) == want, (arch, nr)


def test_foreign_architectures_and_x32_calls_are_refused(arch):
    """Another architecture's numbering (i386 on x86_64, say) would dodge the table: every call
    made under it is refused, and so is any number with the x32 bit (checked on every
    architecture, though only x86_64 has x32)."""
    audit, table, code = _program(arch)
    for other in FOREIGN - {audit}:
        for nr in (0, 39, 172, *table.values()):
            assert run(code, nr, other) == RET_ERRNO | errno.EPERM, (arch, hex(other), nr)
    for nr in (X32_BIT, X32_BIT | 39, X32_BIT | table["keyctl"], 0xFFFFFFFF, -1):
        assert run(code, nr, audit) == RET_ERRNO | errno.EPERM, (arch, nr)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_syscall_numbers_match_the_kernel_headers(name):
    header = Path(HEADERS[name])
    if not header.is_file() or name not in seccomp.ARCHES:
        pytest.skip(f"no {header} here")
    defined = {m[1]: int(m[2]) for m in re.finditer(r"#define __NR_(\w+)\s+(\d+)\b", header.read_text())}
    assert seccomp.ARCHES[name][1] == {call: defined[call] for call in seccomp.BLOCKED}


@pytest.mark.security
@pytest.mark.skipif(platform.machine() not in seccomp.ARCHES or platform.machine() not in SYS,
                    reason="no filter for this architecture")
def test_installed_filter_refuses_keyctl_and_ptrace_but_not_getppid():
    """In a forked child: keyctl works before ``install()`` and fails with EPERM after it;
    ptrace fails with EPERM; getppid still answers.  The exit status says which part failed."""
    nr = SYS[platform.machine()]
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            libc = ctypes.CDLL(None, use_errno=True)

            def call(nr, *args):
                ctypes.set_errno(0)
                return libc.syscall(nr, *args), ctypes.get_errno()

            user_keyring = (nr["keyctl"], 0, ctypes.c_long(-4), 0)  # KEYCTL_GET_KEYRING_ID
            if call(*user_keyring) == (-1, errno.EPERM):
                status = 5  # refused before the filter: this check would prove nothing
            elif not seccomp.install():
                status = 6
            elif call(*user_keyring) != (-1, errno.EPERM):
                status = 2
            elif call(nr["ptrace"], 12, os.getpid(), 0, 0) != (-1, errno.EPERM):  # PTRACE_GETREGS
                status = 3
            elif call(nr["getppid"]) != (parent, 0):
                status = 4
            else:
                status = 0
        finally:
            os._exit(status)
    end = time.monotonic() + 10
    while (done := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < end:
        time.sleep(0.01)  # a filter that refuses exit_group leaves the child spinning in _exit
    if done[0] == 0:
        os.kill(pid, signal.SIGKILL)
        done = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(done[1]) == 0
