"""Scoring, in the trusted process: points per graded cell of an executed notebook.

A graded cell earns its points only if it is the genuine test cell (nbgrader
restored it), it ran cleanly, and every hidden check it calls recorded
outputs that match the reference's on the same cases. A manually graded
answer (a graded Markdown solution cell) is PENDING with 0 points: its text
is kept for the instructor (see :mod:`.manual`).
"""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

from . import serialize
from .cases import CaseRecord
from .notebooks import AssignmentInfo, same_source, source_text
from .results import CellResult
from .runs import CellRun, describe, read_runs
from .status import Outcome, Run

__all__ = ["score_notebook", "written_answers", "check_archive", "load_records"]

DID_NOT_RUN = ("the hidden tests of this cell did not run (an earlier line of the cell failed, "
               "or the cell was not executed)")
CHANGED = "this test cell was changed and could not be restored, so it was not graded; do not edit test cells"
MISSING = "this test cell is missing"
UNANSWERED = "no answer was written in this cell"
ANSWER_MISSING = "this answer cell is missing from the notebook"

# Judging runs the reference, which seeds and draws from numpy's *global* random state:
# two grading threads judging at once would disturb each other's draws.
_JUDGE_LOCK = threading.Lock()


def check_archive(path: Path) -> None:
    """Refuse an ``.npz`` that could expand in memory (compressed members, or too big in total)."""
    if not path.exists() or path.is_symlink():
        return
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
        if any(m.compress_type != zipfile.ZIP_STORED for m in members):
            raise ValueError("compressed members (the grader never writes those)")
        if sum(m.file_size for m in members) > serialize.MAX_BYTES:
            raise ValueError("too large")


def load_records(outbox: Path, name: str, cases: list) -> tuple:
    """``(records, None)`` for check ``name``, or ``(None, problem)`` saying why there are none.

    Whatever the student's process wrote may be malformed: it is read as data
    only, with size limits, and checked against the shape of ``cases``.
    """
    stem = outbox / name
    if not stem.with_suffix(".json").exists():
        return None, DID_NOT_RUN
    try:
        check_archive(stem.with_suffix(".npz"))
        raw = serialize.load(stem)
    except Exception as exc:  # anything the student's process wrote may be malformed
        return None, f"the recorded test outputs could not be read ({type(exc).__name__}: {str(exc)[:120]})"
    if not isinstance(raw, list) or len(raw) != len(cases):
        return None, "the recorded test outputs are incomplete"
    try:
        return [CaseRecord.from_data(r) for r in raw], None
    except ValueError as exc:
        return None, f"the recorded outputs could not be checked ({exc})"


def _judge_check(info: AssignmentInfo, name: str, outbox: Path, cases: list) -> str:
    """The problem with check ``name`` ("" when it passed)."""
    from . import judge_outcomes

    records, problem = load_records(outbox, name, cases)
    if problem:
        return problem
    try:
        problems = judge_outcomes(info.name, name, cases, records)
    except Exception as exc:  # malformed record contents
        problems = [f"the recorded outputs could not be checked ({type(exc).__name__})"]
    if not problems:
        return ""
    return f"{len(problems)} of {len(cases)} hidden test case(s) failed:\n" + "\n".join(f"  - {p}" for p in problems)


def _cells_by_id(nb) -> dict:
    """The cells of ``nb`` that have an nbgrader ``grade_id``, by that id."""
    cells = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid:
            cells[gid] = cell
    return cells


def written_answers(nb, info: AssignmentInfo, cells: list) -> list:
    """``cells`` with each manually graded answer of ``nb`` made pending (its text kept).

    Used before the notebook runs, so that a written answer awaits the instructor even
    when the run stops early (a timeout, an nbgrader failure): it never runs anyway.
    """
    by_id = _cells_by_id(nb)
    return [_pending(spec, by_id.get(spec.grade_id)) if spec.manual else result
            for spec, result in zip(info.cells, cells)]


def _pending(spec, cell) -> CellResult:
    """A manually graded answer: 0 provisional points until the instructor scores it (`course manual`)."""
    answer = source_text(cell) if cell is not None else ""
    unanswered = spec.unanswered(answer)
    messages = [ANSWER_MISSING if cell is None else UNANSWERED] if unanswered else []
    return CellResult(spec.grade_id, 0.0, spec.points, messages, Outcome.PENDING, answer=answer,
                      unanswered=unanswered)


def score_notebook(nb, info: AssignmentInfo, outbox: Path | None, cases: dict, runs: list | None = None) -> list:
    """A :class:`CellResult` per graded cell of ``info``, in order.

    ``outbox``: where the kernel recorded the hidden checks' outputs (None:
    only how the cells ran counts); ``cases``: the cases of every check;
    ``runs``: :func:`~course_lib.grading.runs.read_runs` of ``nb`` (read here when omitted).
    """
    with _JUDGE_LOCK:
        return _score_notebook(nb, info, outbox, cases, read_runs(nb) if runs is None else runs)


def _score_notebook(nb, info: AssignmentInfo, outbox: Path | None, cases: dict, runs: list) -> list:
    cells, run_of = _cells_by_id(nb), {}
    for run in runs:
        if run.grade_id:
            run_of[run.grade_id] = run
    results = []
    for spec in info.cells:
        cell = cells.get(spec.grade_id)
        if spec.manual:
            results.append(_pending(spec, cell))
            continue
        if cell is None:
            results.append(CellResult(spec.grade_id, 0.0, spec.points, [MISSING], Outcome.MISSING))
            continue
        genuine = info.sources.get(spec.grade_id)
        if cell.cell_type != "code" or (genuine is not None and not same_source(source_text(cell), genuine)):
            results.append(CellResult(spec.grade_id, 0.0, spec.points, [CHANGED], Outcome.CHANGED))
            continue
        run = run_of.get(spec.grade_id) or CellRun(-1, spec.grade_id, Run.OK)
        if run.run is not Run.OK:
            results.append(CellResult(spec.grade_id, 0.0, spec.points, [describe(run)], run.run.outcome,
                                      run.function))
            continue
        messages = []
        if outbox is not None:
            for name in spec.checks:
                problem = _judge_check(info, name, outbox, cases[name])
                if problem:
                    messages.append(f"{name}: {problem}")
        outcome = Outcome.FAILED if messages else Outcome.PASSED
        results.append(CellResult(spec.grade_id, 0.0 if messages else spec.points, spec.points, messages, outcome))
    return results
