# HOSTILE base=solution
"""Attack A17/A18 at import: sleep forever, swallowing every exception and signal."""
import signal
import time

for _sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU):
    signal.signal(_sig, signal.SIG_IGN)
print("HOSTILE-DONE import_loop")
while True:
    try:
        time.sleep(1)
    except BaseException:  # noqa: BLE001
        pass
