"""Execution: real ``nbgrader autograde`` of one prepared job, under the submission's time budget."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import nbformat

from .job import JOB_STUDENT, Job
from .nbgrader_app import run_nbgrader
from .uids import kill_uid

__all__ = ["Execution", "run_autograde"]

GRACE_SECONDS = 120   # nbgrader's own start-up and bookkeeping, on top of the notebook's budget


@dataclass
class Execution:
    """What ``nbgrader autograde`` left: the executed notebook (None if it made none) and its log."""

    notebook: object | None
    log: str
    timed_out: bool = False

    def log_tail(self, lines: int = 5, chars: int = 600) -> str:
        return " | ".join(self.log.strip().splitlines()[-lines:])[-chars:]


def run_autograde(job: Job, budget: float, uid: int | None = None, server=None) -> Execution:
    """Run ``nbgrader autograde`` in ``job``; every process of ``uid`` is killed before the outputs are read.

    ``server``: the :class:`~course_lib.grading.forkserver.NbgraderServer` to run it in (default:
    a fresh process).
    """
    try:
        done = run_nbgrader(["autograde", job.info.name, "--student", JOB_STUDENT, "--force"], job.course,
                            budget + GRACE_SECONDS, {"JUPYTER_RUNTIME_DIR": str(job.runtime)}, server=server)
    except subprocess.TimeoutExpired as exc:
        return Execution(None, exc.output or "", timed_out=True)
    except RuntimeError as exc:  # the nbgrader server could not run it: this submission is an error
        return Execution(None, str(exc))
    finally:
        if uid is not None:
            kill_uid(uid)  # nothing of the student's may run while the outputs are read
    if not job.graded_notebook.exists():
        return Execution(None, done.stdout or "")
    return Execution(nbformat.read(job.graded_notebook, as_version=4), done.stdout or "")
