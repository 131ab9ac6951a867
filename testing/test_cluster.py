"""``grader grade --scheduler``: a Dask scheduler and two ``dask worker`` processes on
loopback grade a class with the same reports as a local run, a worker killed mid-run
costs nothing, and a worker whose course differs refuses to grade."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import distributed
import pytest

from grader.sandbox.processes import children_of

from conftest import GRADER, REPO, report_snapshot, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

DASK = Path(sys.executable).with_name("dask")
LESSONS = ["00_python_basics"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers (each under a nanny) on 127.0.0.1."""
    address = f"tcp://127.0.0.1:{free_port()}"
    cwd = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "GRADER_COURSE": str(REPO)}
    common = dict(cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], **common)
    nannies = [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard"], **common)
               for _ in range(2)]
    try:
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, nannies
    finally:
        for proc in [*nannies, scheduler]:
            proc.send_signal(signal.SIGINT)
        for proc in [*nannies, scheduler]:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    subs = tmp_path_factory.mktemp("subs")
    for student, source in [("张三", REPO / "solutions"), ("李四", REPO / "assignments"),
                            ("Ana", REPO / "solutions"), ("ana", REPO / "assignments")]:
        shutil.copytree(source / "00_python_basics", subs / student / "00_python_basics")
    (subs / "not-a-zip.pdf").write_text("a file that is not a submission format")
    return subs


@pytest.fixture(scope="module")
def local(classroom, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    run_grader("grade", str(classroom), "--out", str(out), "--no-progress", "--lessons", *LESSONS)
    return report_snapshot(out)


def test_the_cluster_writes_the_same_reports_as_a_local_run(cluster, classroom, local, tmp_path):
    out = tmp_path / "out"
    proc = run_grader("grade", str(classroom), "--out", str(out), "--no-progress", "--lessons", *LESSONS,
                      "--scheduler", cluster[0])
    assert "5 graded" in proc.stdout and "on the cluster" in proc.stdout
    assert report_snapshot(out) == local


def test_a_worker_killed_mid_run_costs_nothing(cluster, classroom, local, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([str(GRADER), "--course", str(REPO), "grade", str(classroom), "--out", str(out),
                             "--no-progress", "--lessons", *LESSONS, "--scheduler", cluster[0]],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    while not list(out.glob("*/graded.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children_of(cluster[1][0].pid)  # the nanny's worker process (its service dies with it)
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    stdout, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0 and "5 graded" in stdout, stdout
    assert report_snapshot(out) == local


def test_a_worker_whose_course_differs_refuses(cluster):
    from grader.trusted.cluster import PLUGIN_NAME, GradingServicePlugin, grade_task

    with distributed.Client(cluster[0], timeout="60s") as client:
        client.register_plugin(GradingServicePlugin(), name=PLUGIN_NAME)
        future = client.submit(grade_task, "0" * 64, "eve", {}, LESSONS, True, 99, pure=False)
        with pytest.raises(RuntimeError, match="differ from the caller's"):
            future.result(timeout=300)
