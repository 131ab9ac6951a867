"""Every limit the grader puts on student code and on its reports, defined once, each with
its unit in its name: the resources of one runner (``Limits``), the time and CPU of one test
(``cpu_seconds_for_test``), the size of what student code may hand back (text, printed output,
files), how long a kill may take, and how much of a text each report and message keeps.
Both sides of the sandbox, and every report, read them from here."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

# -- what student code may hand back ---------------------------------------------------
MAX_TEXT_CHARS = 4000            # kept of one student-supplied text (message, traceback)
MAX_OUTPUT_CHARS = 8000          # kept of what one request printed
MAX_FILE_BYTES = 1024 * 1024     # read of one student file (staged, read as source, read by a probe)
MAX_NOTEBOOK_BYTES = 16 * MAX_FILE_BYTES  # a lesson handed in as a notebook: its outputs (plots) may be large

# -- time of one test ---------------------------------------------------------------------
DEFAULT_TEST_TIMEOUT_SECONDS = 10.0  # wall clock of a test without a ``timeout`` marker
CUDA_START_SECONDS = 30.0        # added to a ``cuda`` test's timeout: the first one in a runner starts CUDA
TEST_CPU_SLACK_SECONDS = 6       # CPU a test may use beyond its whole wall-clock seconds (threads, the
                                 # runner's clock counting whole seconds)
KILL_WAIT_SECONDS = 5.0          # to wait for killed processes to be gone


def cpu_seconds_for_test(timeout_seconds: float) -> int:
    """The CPU seconds a test's student code may use, from the test's wall-clock timeout: the
    limit the runner sets when the test begins and the one its ``results.json`` states."""
    return int(timeout_seconds) + TEST_CPU_SLACK_SECONDS


# -- submissions: what a student may hand in and what intake stages of it (grader.trusted.intake,
# grader submit, grader.course); stated for authors in docs/authoring.md
STAGED_SUFFIXES = (".py", ".ipynb", ".csv", ".txt", ".json", ".md")  # file types staged besides declared data
MAX_FILES_PER_LESSON = 32          # files staged of one lesson folder, the declared ones first
MAX_ZIP_ENTRIES = 5000             # entries of one submission zip
MAX_ZIP_TOTAL_BYTES = 64 * 1024**2  # bytes extracted of one submission zip (and written by grader submit)
MAX_LESSONS = 64                   # lessons of one course (each gets a runner uid of its own)
NEAR_MISS_FOLDER_LEVELS = 3        # folder levels searched for a misplaced lesson module
MAX_STAGED_LESSON_BYTES = MAX_FILES_PER_LESSON * MAX_FILE_BYTES  # copied into a runner's work folder: all
                                   # that intake staged of the lesson (notebooks aside), never less
MAX_FOLDER_NAME_BYTES = 200        # a student's report folder name (below the usual 255, room for a ~N suffix)

# -- what crosses between the trusted side and a runner (grader.sandbox.wire, zygote, client) -----------
MAX_WIRE_HEADER_BYTES = 16 * 1024**2   # the JSON part of one message
MAX_WIRE_BLOB_BYTES = 256 * 1024**2    # the tensor data of one message
MAX_WIRE_DEPTH_LEVELS = 64             # nesting of one value
MAX_WIRE_NODES = 1_000_000             # values in one message
MAX_WIRE_TENSORS = 10_000              # stored tensors (and frame columns) in one message
MAX_ZYGOTE_REQUEST_BYTES = 64 * 1024   # one request to the zygote (fork a runner)
ZYGOTE_READY_SECONDS = 300.0           # a zygote may take to load torch and the lessons' libraries
RUNNER_HELLO_SECONDS = 30.0            # a new runner has to connect and import the student's module
MEMORY_POLL_SECONDS = 0.05             # between looks at the memory of a runner's processes
TOKEN_WAIT_SECONDS = 5.0               # an unconfined runner's connection has to present its token
ACCEPT_POLL_SECONDS = 0.2              # between looks at whether an unconfined runner being waited for lives


CUDA_SWITCH = "GRADER_CUDA"          # "1": the trusted side found that CUDA works on this host
GPU_CONTROL_NODES = ("/dev/nvidiactl", "/dev/dxg")  # where one exists CUDA may run (NVIDIA's, WSL2's)


def cuda_promised() -> bool:
    """Whether the trusted side found that CUDA works on this host (``GRADER_CUDA=1``)."""
    return os.environ.get(CUDA_SWITCH) == "1"


RUNNER_MEMORY_BYTES = 2 * 1024**3    # a runner's memory (``Limits.memory_bytes``) on a host without CUDA
RUNNER_TASKS = 32                    # a runner's tasks (``Limits.processes``) on a host without CUDA
# Added where the trusted side found that CUDA works (GRADER_CUDA=1, ``grader.sandbox.gpu``):
CUDA_HOST_MEMORY_BYTES = 2 * 1024**3  # host memory of a runner's CUDA context with cuBLAS and cuDNN loaded
CUDA_TASKS = 64                       # the CUDA driver's threads, and torch's per device


@dataclass
class Limits:
    """Per-runner resource limits; a runner's CPU limit is renewed per test (``cpu_seconds_for_test``).
    Where CUDA is promised (``GRADER_CUDA=1``, set before these are made) a runner may hold more
    memory and tasks; a host without CUDA keeps the plain ones."""

    # address space on top of the warm parent's; as root also the memory all of a runner's
    # processes hold together (their proportional share: pages shared with the zygote count little)
    memory_bytes: int = field(
        default_factory=lambda: RUNNER_MEMORY_BYTES + (CUDA_HOST_MEMORY_BYTES if cuda_promised() else 0))
    # RLIMIT_AS per process; off where CUDA is or may be (its runtime cannot start under the cap)
    cap_address_space: bool = field(default_factory=lambda: not (cuda_promised() or any(
        map(os.path.exists, GPU_CONTROL_NODES))))
    start_cpu_seconds: int = 30      # CPU until the first test begins (importing the student's module)
    total_cpu_seconds: int = 600     # hard CPU cap for the runner's lifetime
    # tasks (processes + threads) of the runner's uid
    processes: int = field(default_factory=lambda: RUNNER_TASKS + (CUDA_TASKS if cuda_promised() else 0))
    file_size_bytes: int = 16 * 1024**2  # largest file it may write (also caps captured output)
    tmp_size_bytes: int = 64 * 1024**2   # its private /tmp
    open_files: int = 256


# -- how much of a text the trusted side keeps in messages --------------------------------
NAME_CHARS = 100                 # an exception's type or base class name from the runner
DETAIL_CHARS = 500               # an exception's text quoted inside the grader's own message
                                 # (undecodable reply, out of memory, uncheckable result, cluster error)
GRADER_ERROR_CHARS = 4000        # the end of a traceback of the grader itself (service, notebook's grader)
COLLECTED_FIELD_CHARS = 500      # a field of ``grader collect``'s record (repository, commit, date)

# -- how much of a text each report shows -----------------------------------------------------
MESSAGE_CHARS = 2000             # a test's message, and what it printed, in results.json and every view
PROBLEM_LINE_CHARS = 200         # a lesson problem's first line in the class summary and dashboard
GITHUB_SUMMARY_BYTES = 900 * 1024  # GitHub drops a job summary over 1 MiB

# -- the class's misconceptions (reports.misconceptions: summary.md and the dashboard's index) ----------
REPRESENTATIVE_SOURCE_CHARS = 6000  # a representative student's function source, shown for an unexplained group

# -- what a failing check and make check show of a result --------------------------------------
TREND_ITEMS = 8                  # items of a wrong sequence (a loss history) shown to see its trend
CONSOLE_LINE_CHARS = 80          # make check wraps its lines of names (still to write) to a terminal of this width

# ----------------------------------------------------------------------------- grading run
# What ``grader grade`` allows one student's grading as a whole (the per-test limits above do the work;
# these are backstops).
GRADING_BACKSTOP_SECONDS = 900     # one student's trusted worker, and one nbgrader test cell (which grades a
                                   # whole lesson): far above the sum of any lesson's per-test timeouts
WORKER_MEMORY_BYTES = 4 * 1024**3  # address space a trusted worker may add to what it was forked with
CLUSTER_TASK_RETRIES = 3           # times a student's task is run again after the worker running it died

# ----------------------------------------------------------------------------- diagnosis
# What is kept of a failing test's calls to compare with the known mistakes (``trusted.behaviour``).
LOGGED_CALLS_PER_TEST = 200       # calls logged of one test
LOGGED_VALUES_PER_TENSOR = 256    # values kept of one tensor, array, list or frame (evenly spaced, with the sum)
MAX_CANDIDATE_MISTAKES = 3        # known mistakes named as candidates when several explain a failure
UNEXPLAINED_SOURCE_CHARS = 4000   # kept of a function's source in an unexplained failure
