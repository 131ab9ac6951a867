# HOSTILE base=solution
"""Attack A24: leave processes behind that outlive the test, the student and the grading run.

* an exec'd child in its own session (a fresh interpreter: dumpable, visible as the slot uid);
* X, a forked child in its own session whose main thread exits while another thread goes
  on: /proc/<pid>/stat then says 'Z' (zombie) although the process runs, so a killer that
  skips zombies skips it;
* Y, a child of X built the same way.  X holds 300 MB of private memory, so that when the
  grader finally kills X, X takes a while to die and Y is still X's child (not the zygote's)
  while the zygote's last pass over /proc goes by.
Each writes a heartbeat file HOSTILE-<nonce>-lingering-<role> into /run/lock (when it can)
and gives up by itself after 300 s.  They never signal other processes."""
import ctypes
import os
import platform
import subprocess
import sys
import threading
import time

MARK = "HOSTILE-@@NONCE@@-lingering"
LIFETIME = 300
SYS_EXIT = {"x86_64": 60, "aarch64": 93}.get(platform.machine(), 60)
HEARTBEAT = r'''
import os, sys, time


def heartbeat(mark, runner, lifetime):
    end = time.time() + lifetime
    while time.time() < end:
        try:
            os.kill(runner, 0)
            alive = True
        except OSError:
            alive = False
        for folder in ("/run/lock", "/tmp", os.getcwd()):
            try:
                with open(os.path.join(folder, mark), "w") as fh:
                    fh.write(f"pid={os.getpid()} t={time.time():.3f} runner_alive={alive}\n")
            except OSError:
                pass
        time.sleep(0.5)


if __name__ == "__main__":
    heartbeat(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
'''
_ns = {"__name__": "heartbeat"}
exec(compile(HEARTBEAT, "heartbeat", "exec"), _ns)
_started = []


def _beat(role, runner):
    _ns["heartbeat"](f"{MARK}-{role}", runner, LIFETIME)


def _zombie_leader(role, runner, before_exit=None):
    """In a fresh fork: own session, heartbeat thread, then only the main thread exits."""
    os.setsid()
    os.closerange(3, 4096)

    def body():
        try:
            _beat(role, runner)
        finally:
            os._exit(0)

    threading.Thread(target=body, daemon=False).start()
    if before_exit:
        before_exit()
    ctypes.CDLL(None).syscall(SYS_EXIT, 0)


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def _spawn(runner):
    subprocess.Popen([sys.executable, "-S", "-c", HEARTBEAT, f"{MARK}-exec", str(runner), str(LIFETIME)],
                     start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, close_fds=True)
    r, w = os.pipe()
    x = os.fork()
    if x == 0:                             # X
        try:
            os.close(r)
            y = os.fork()
            if y == 0:                     # Y, X's child
                _zombie_leader("Y", runner)
            os.write(w, str(y).encode())
            hoard = []
            _zombie_leader("X", runner, before_exit=lambda: hoard.append(b"\1" * (300 << 20)))
        finally:
            os._exit(0)
    os.close(w)
    y = int(os.read(r, 32) or 0)
    os.close(r)
    end = time.monotonic() + 5             # return once both show as zombies
    while time.monotonic() < end and not all(_state(p) == "Z" for p in (x, y)):
        time.sleep(0.005)
    print("HOSTILE-NOTE X and Y:", _state(x), _state(y))


def sign(x):
    if not _started:
        _started.append(1)
        _spawn(os.getpid())
        print("HOSTILE-DONE lingering_process")
    return "WRONG"
