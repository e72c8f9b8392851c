"""Grade submissions: real nbgrader ``autograde`` in a sandbox, points decided here.

One submission is graded in its own throw-away nbgrader course (its own
gradebook copy), so any number can run in parallel. The student's kernel only
records outputs of the hidden tests (see :mod:`course_lib.grading`); this
trusted process compares them with the reference and decides the points.

The stages, one module each:

* :mod:`.datasets`   the data preflight (nothing is graded when data is missing)
* :mod:`.discovery`  finding submissions and their notebooks
* :mod:`.template`   the template course (``nbgrader generate_assignment``, cached)
* :mod:`.job`        one submission's sandbox job (course copy, inputs, sandbox settings)
* :mod:`.uids`       leasing sandbox uids
* :mod:`.execution`  ``nbgrader autograde`` of a job
* :mod:`.runs`       how each cell ran, the status and notes
* :mod:`.scoring`    points per graded cell (hidden checks judged here)
* :mod:`.results`    :class:`Result` and its plain-data form

This module holds the :class:`Options` and the :class:`Grader` that runs the
stages in order; it re-exports the names other code imported from it before
the split.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import build_cases
from .datasets import require_datasets
from .discovery import Submission, find_submissions, pick_notebook
from .execution import run_autograde
from .forkserver import NbgraderServer
from .job import Job, course_paths
from .nbgrader_app import run_nbgrader, trusted_env
from .notebooks import NotebookProblem, load_submission, read_assignment, restore_missing_cells
from .results import GRADER_VERSION, CellResult, Result
from .runs import read_runs, run_status
from .isolation import Isolation, check_files, choose as choose_isolation
from .sandbox import Limits, namespaces_available
from .scoring import score_notebook, written_answers
from .status import Outcome, Status
from .template import prepare_template, template_cache
from .uids import FIRST_UID, kill_uid, lease_uid

__all__ = ["Options", "Grader", "Result", "CellResult", "Submission", "Status", "Outcome", "find_submissions",
           "pick_notebook", "sha256_file", "lease_uid", "kill_uid", "run_nbgrader", "namespaces_available",
           "FIRST_UID", "GRADER_VERSION"]


@dataclass
class Options:
    """How to grade. Timeouts are in seconds."""

    cell_timeout: int = 120
    submission_timeout: int = 900
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True
    seed: int | None = None
    stop_after: str | None = None   # grade_id of a cell after which execution stops (None: run everything)
    allow_download: bool = True     # the data preflight may download a missing dataset into the cache
    unsafe_no_isolation: bool = False  # grade even where no isolation is possible (results say isolation=none)


def one_blas_thread():
    """A context in which numpy's BLAS (and OpenMP) use one thread, as in the sandboxed kernels.

    Scoring runs the reference on the student's results (e.g. ``classify`` of the whole
    MNIST); with the default thread per core it costs more CPU and competes with the
    kernels of the other jobs.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Grader:
    """Grades submissions of one assignment; safe to call from several threads.

    Creating it runs the data preflight first: :class:`~course_lib.grading.datasets.MissingData`
    when a dataset of the manifest is missing, before anything else is done.
    """

    def __init__(self, root: Path, assignment: str, options: Options, workdir: Path | None = None):
        from ..assignments import load
        from .answer_key import register_root

        self.root = Path(root)
        register_root(self.root)   # the answer key of the course being graded (it may not be the installed one)
        self.manifest = load(assignment, self.root)
        self.datasets = require_datasets(self.manifest, allow_download=options.allow_download)
        self.info = read_assignment(self.root / "source", assignment)
        self.source_nb = nbformat.read(self.root / "source" / assignment / self.info.notebook, as_version=4)
        self.options = options
        # isolation: decided (or refused, IsolationRefused) before anything else; see isolation.py
        self.isolation, self.notes = choose_isolation(options.sandbox, options.unsafe_no_isolation)
        self.isolate, self.as_root = self.isolation.namespaces, self.isolation.own_uid
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="course-grade-"))
        os.chmod(self.workdir, 0o711)
        self.template = prepare_template(self.root, assignment, self.workdir)
        check_files(self.isolation, secret=[*course_paths(self.root), *filter(None, [template_cache()])],
                    needed=[str(d.directory) for d in self.datasets])
        self._nbgrader = NbgraderServer(trusted_env())  # nbgrader imported once, forked per submission

    def close(self) -> None:
        self._nbgrader.close()
        if self._own_workdir and not os.environ.get("COURSE_KEEP_JOBS"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def grade(self, sub: Submission, out_dir: Path, uid: int | None = None, extra_hidden: list = ()) -> Result:
        """Grade one submission and write its outputs under ``out_dir``.

        ``uid`` is only a preference: the sandbox uid is leased (see :func:`lease_uid`),
        so concurrent graders on one machine never share one.
        """
        start = time.monotonic()
        info = self.info
        result = Result(sub.student, Status.GRADED, max_score=info.max_score, notes=list(sub.notes),
                        notebook=sub.notebook.name if sub.notebook else "", isolation=self.isolation.value)
        if self.isolation is Isolation.NONE and self.options.sandbox:
            result.notes.extend(self.notes)  # --unsafe-no-isolation: every result says so
        result.cells = [CellResult(c.grade_id, 0.0, c.points, outcome=Outcome.NOT_RUN) for c in info.cells]
        if sub.notebook is None:
            result.status = Status.MISSING
            result.notes.append(sub.why_missing or f"no notebook submitted (expected {info.notebook})")
            return result
        try:
            result.sha256 = sha256_file(sub.notebook)
            nb, version = load_submission(sub.notebook)
        except NotebookProblem as exc:
            result.status = Status.INVALID
            result.notes.append(f"{sub.notebook.name}: {exc}")
            return result
        except OSError as exc:
            result.status = Status.INVALID
            result.notes.append(f"{sub.notebook.name}: the file could not be read ({exc.strerror})")
            return result
        if version == 3:
            result.notes.append("notebook format 3 upgraded to 4")
        restored = restore_missing_cells(nb, self.source_nb)
        if restored:
            shown = ", ".join(restored[:8]) + (f" and {len(restored) - 8} more" if len(restored) > 8 else "")
            result.notes.append(f"restored {len(restored)} deleted cell(s): {shown}")
        result.cells = written_answers(nb, info, result.cells)  # pending even if the run stops early
        job = Job(self.workdir, info)
        try:
            if self.as_root:
                with lease_uid(uid) as leased:
                    return self._grade_in(job, nb, result, out_dir, leased, extra_hidden, start)
            return self._grade_in(job, nb, result, out_dir, None, extra_hidden, start)
        finally:
            job.remove()

    def _cases(self) -> dict:
        """Fresh hidden-test cases for every check (from ``Options.seed`` when given)."""
        seed = self.options.seed if self.options.seed is not None else int.from_bytes(os.urandom(4), "little")
        return {name: build_cases(self.info.name, name, seed + i) for i, name in enumerate(self.info.checks)}

    def _grade_in(self, job: Job, nb, result: Result, out_dir: Path, uid, extra_hidden, start) -> Result:
        info, options = self.info, self.options
        job.set_up(self.template, nb)
        job.write_sandbox_config(limits=options.limits, uid=uid if self.as_root else None, isolate=self.isolate,
                                 isolation=self.isolation,
                                 hide=job.hidden_paths(self.root, self.template, list(extra_hidden)),
                                 datasets=self.datasets)
        cases = self._cases()
        job.write_inputs(cases)
        if self.as_root and uid is not None:
            job.hand_over(uid, self.template)
        job.configure_nbgrader(cell_timeout=options.cell_timeout, budget=options.submission_timeout,
                               stop_after=options.stop_after, sandboxed=options.sandbox, isolate=self.isolate)
        execution = run_autograde(job, options.submission_timeout, uid if self.as_root else None,
                                  server=self._nbgrader)
        if execution.timed_out:
            result.status = Status.TIMEOUT
            result.notes.append(f"grading stopped after {options.submission_timeout} s "
                                f"(the whole notebook must finish within this time)")
        elif execution.notebook is None:
            result.status = Status.ERROR
            result.notes.append("nbgrader could not grade this notebook: " + execution.log_tail())
        else:
            graded = execution.notebook
            runs = read_runs(graded)
            with one_blas_thread():  # like the kernels: no spinning BLAS threads next to them
                result.cells = score_notebook(graded, info, job.outbox if options.sandbox else None, cases, runs)
            result.score = round(sum(c.points for c in result.cells), 4)
            result.status, notes = run_status(runs, options.cell_timeout, options.submission_timeout)
            result.notes += notes
            self._write_outputs(graded, result, Path(out_dir))
        result.seconds = round(time.monotonic() - start, 2)
        return result

    def _write_outputs(self, graded, result: Result, dest: Path) -> None:
        """The autograded notebook (for instructors) and the feedback HTML (for the student)."""
        from .feedback import write_feedback

        dest.mkdir(parents=True, exist_ok=True)
        nbformat.write(graded, dest / self.info.notebook)
        result.autograded = str(dest / self.info.notebook)
        result.feedback = str(write_feedback(graded, self.info, result, dest / "feedback.html"))
