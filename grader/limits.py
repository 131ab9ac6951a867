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


# -- submissions: what a student may hand in and what intake stages of it (grader.trusted.intake,
# grader submit, grader.course); stated for authors in docs/authoring.md
STAGED_SUFFIXES = (".py", ".ipynb", ".csv", ".txt", ".json", ".md")  # file types staged besides declared data
MAX_FILES_PER_LESSON = 32          # files staged of one lesson folder, the declared ones first
MAX_ZIP_ENTRIES = 5000             # entries of one submission zip
MAX_ZIP_TOTAL_BYTES = 64 * 1024**2  # bytes extracted of one submission zip (and written by grader submit)
MAX_LESSONS = 64                   # lessons of one course (each gets a runner uid of its own)
NEAR_MISS_DEPTH = 3                # folder levels searched for a misplaced lesson module


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
