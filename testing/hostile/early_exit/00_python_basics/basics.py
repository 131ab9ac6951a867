# HOSTILE base=solution
"""Attack A16: leave the process in the middle of a call (os._exit(0), SystemExit,
KeyboardInterrupt, SIGKILL of itself) hoping that an exit code 0 or a missing record
counts as a pass."""
import os
import signal
import sys


def sign(x):
    print("HOSTILE-DONE early_exit")
    sys.stdout.flush()
    os._exit(0)


def greet(name, loud=False):
    sys.exit(0)


def vector_add_loop(a, b):
    raise KeyboardInterrupt


class Know(Greeter):  # noqa: F821 (Greeter comes from the prepended solution)
    def meet(self):
        os.kill(os.getpid(), signal.SIGKILL)
