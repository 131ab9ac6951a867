# HOSTILE base=solution
"""Attack A17/A18: last_and_middle loops forever and defends itself against in-process
timeouts: it cancels alarms, ignores SIGALRM/SIGXCPU/SIGTERM/SIGINT, raises its own soft
CPU limit to the hard one, and swallows every BaseException (pytest-timeout's signal mode
raises one).  Only a SIGKILL from outside stops it."""
import resource
import signal


def last_and_middle(X):
    print("HOSTILE-DONE infinite_loop")
    signal.alarm(0)
    for sig in (signal.SIGALRM, signal.SIGXCPU, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
        try:
            signal.signal(sig, signal.SIG_IGN)
        except (OSError, ValueError):
            pass
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    except (OSError, ValueError):
        pass
    while True:
        try:
            while True:
                sum(range(10_000))
        except BaseException:  # noqa: BLE001
            continue
