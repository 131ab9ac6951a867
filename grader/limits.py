"""Every limit the grader puts on student code, defined once: the resources of one runner
(``Limits``), the size of what student code may hand back (text, printed output, files),
and how long a kill may take.  Both sides of the sandbox read them from here."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

MAX_TEXT = 4000            # characters kept of one student-supplied text (message, traceback)
MAX_OUTPUT = 8000          # characters kept of what one request printed
MAX_FILE = 1024 * 1024     # bytes read of one student file (staged, read as source, read by a probe)
MAX_NOTEBOOK = 16 * MAX_FILE  # a lesson handed in as a notebook: its outputs (plots) may be large
KILL_WAIT = 5.0            # seconds to wait for killed processes to be gone
DEFAULT_TEST_TIMEOUT = 10.0  # wall-clock seconds of a test without a ``timeout`` marker
CUDA_START = 30.0          # seconds added to a ``cuda`` test's timeout: the first one in a runner starts CUDA


@dataclass
class Limits:
    """Per-runner resource limits (all sizes in bytes, times in seconds)."""

    memory: int = 2 * 1024**3        # address space on top of the warm parent's; as root also the
                                     # memory all of a runner's processes hold together
    # RLIMIT_AS per process; off where CUDA is (its runtime cannot start under the cap)
    cap_address_space: bool = field(default_factory=lambda: not os.path.exists("/dev/nvidiactl"))
    cpu_per_test: int = 30           # CPU seconds a single test may use
    cpu_total: int = 600             # hard CPU cap for the runner's lifetime
    processes: int = 32              # tasks (processes + threads) of the runner's uid
    file_size: int = 16 * 1024**2    # largest file it may write (also caps captured output)
    tmp_size: int = 64 * 1024**2     # its private /tmp
    open_files: int = 256


# ----------------------------------------------------------------------------- grading run
# What ``grader grade`` allows one student's grading as a whole (the per-test limits above do the work;
# these are backstops), and how much of a failure's text a student's report keeps.
GRADING_BACKSTOP_SECONDS = 900     # one student's trusted worker, and one nbgrader test cell (which grades a
                                   # whole lesson): far above the sum of any lesson's per-test timeouts
WORKER_MEMORY_BYTES = 4 * 1024**3  # address space a trusted worker may add to what it was forked with
WORKER_ERROR_CHARS = 4000          # of a cluster worker's traceback, sent back to the caller (its tail)
CLUSTER_ERROR_CHARS = 500          # of the cluster's error, in the feedback of a student it could not grade
CLUSTER_TASK_RETRIES = 3           # times a student's task is run again after the worker running it died
