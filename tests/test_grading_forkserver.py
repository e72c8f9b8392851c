"""The nbgrader fork server: each command in a fresh fork, its own process group, accounted CPU."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from course_lib.grading.forkserver import NbgraderServer
from course_lib.grading.nbgrader_app import run_nbgrader, trusted_env


@pytest.fixture
def server():
    srv = NbgraderServer(trusted_env())
    yield srv
    srv.close()


CONFIG = """import os
print("MARKER", os.environ.get("MARKER"), os.getcwd())
c = get_config()
c.CourseDirectory.root = os.getcwd()
"""


def test_runs_nbgrader_like_a_fresh_process(server, tmp_path):
    """Same output and exit code as ``python -m nbgrader``; the folder and environment are the request's."""
    (tmp_path / "nbgrader_config.py").write_text(CONFIG)
    fresh = run_nbgrader(["db", "student", "list"], tmp_path, 120, {"MARKER": "fresh"})
    forked = run_nbgrader(["db", "student", "list"], tmp_path, 120, {"MARKER": "forked"}, server=server)
    assert forked.returncode == fresh.returncode == 0
    assert f"MARKER forked {tmp_path}" in forked.stdout and "There are 0 students" in forked.stdout
    assert forked.stdout.replace("forked", "fresh") == fresh.stdout
    other = tmp_path / "other"
    other.mkdir()
    (other / "nbgrader_config.py").write_text(CONFIG)
    code, out = server.run(["db", "student", "list"], other, 120, trusted_env())
    assert code == 0 and f"MARKER None {other}" in out  # nothing of the previous command's environment


def test_a_failing_command_fails_alike(server, tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("raise SystemExit(7)\n")
    fresh = run_nbgrader(["db", "student", "list"], tmp_path, 120)
    forked = run_nbgrader(["db", "student", "list"], tmp_path, 120, server=server)
    assert forked.returncode == fresh.returncode != 0


def test_concurrent_commands_and_close_reaps_the_server(server, tmp_path):
    results = []

    def one():
        results.append(server.run(["--version"], tmp_path, 120, trusted_env()))
    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all(code == 0 and out.strip() for code, out in results)
    pid = server.pid
    assert pid is not None
    server.close()
    assert server.pid is None and not Path(f"/proc/{pid}").exists()  # exited and reaped: its CPU is ours


def test_timeout_kills_the_command_s_process_group(server, tmp_path, monkeypatch):
    (tmp_path / "nbgrader_config.py").write_text(
        "import os, subprocess, time\nsubprocess.Popen(['sleep', '299.25'])\ntime.sleep(300)\n")
    with pytest.raises(subprocess.TimeoutExpired):
        server.run(["db", "student", "list"], tmp_path, 5, trusted_env())
    leftovers = subprocess.run(["pgrep", "-f", "^sleep 299.25$"], capture_output=True, text=True).stdout.split()
    assert leftovers == []  # its whole process group was killed
    code, _ = server.run(["--version"], tmp_path, 120, trusted_env())  # the server is still usable
    assert code == 0


def test_a_server_failure_is_this_submission_s_error(tmp_path):
    """run_autograde turns a server that cannot run the command into "no notebook" (status error), not a crash."""
    from course_lib.grading.execution import run_autograde
    from course_lib.grading.job import Job
    from course_lib.grading.notebooks import read_assignment

    class Broken:
        def run(self, args, cwd, timeout, env):
            raise RuntimeError("the nbgrader server stopped before running the command")

    job = Job(tmp_path, read_assignment(Path(__file__).resolve().parents[1] / "source", "optimization"))
    execution = run_autograde(job, 10, server=Broken())
    assert execution.notebook is None and not execution.timed_out
    assert "server stopped" in execution.log_tail()
