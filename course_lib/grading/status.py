"""The grader's vocabulary: how a submission, a graded cell and a code cell's run ended.

Small enums, shared by the executor (which writes :class:`Run` into a
cell's metadata), the scorer and every reader of results. Their values are
the plain strings stored in ``result.json`` and ``gradebook.csv``, and
``str()``/``format()`` give that value, so messages and tables print them as
before.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Status", "Outcome", "Run", "Manual", "RUN_KEY"]

# Cell metadata key under which GuardedExecute records how a code cell's run ended.
RUN_KEY = "course_grading"


class _Word(str, Enum):
    """An enum whose members print as their value (``f"{Status.GRADED}" == "graded"``)."""

    def __str__(self) -> str:
        return self.value


class Status(_Word):
    """How grading one submission ended (``Result.status``; see docs/DESIGN.md)."""

    GRADED = "graded"            # every cell ran; failures are normal grading
    STOPPED = "stopped"          # the kernel died or ignored an interrupt; later cells not run
    TIMEOUT = "timeout"          # the submission's time budget ran out
    MISSING = "missing"          # no notebook submitted
    INVALID = "invalid"          # not a readable notebook
    ERROR = "error"              # nbgrader or the grader failed
    PROVISIONAL = "provisional"  # visible tests only (no answer key, or grade-one --visible-only)


class Outcome(_Word):
    """What became of one graded cell (``CellResult.outcome``)."""

    PASSED = "passed"                     # ran cleanly and its hidden checks (if any) passed
    FAILED = "failed"                     # ran cleanly but a hidden check failed
    ERROR = "error"                       # the cell raised (a visible test, or the student's code)
    NOT_IMPLEMENTED = "not_implemented"   # the cell raised NotImplementedError (an untouched stub)
    TIMEOUT = "timeout"                   # interrupted at the per-cell time limit
    UNRESPONSIVE = "unresponsive"         # ignored the interrupt; the notebook was stopped there
    KERNEL_DIED = "kernel_died"           # the notebook's Python process died in this cell
    NOT_RUN = "not_run"                   # never ran (process stopped, time budget spent, stop_after)
    CHANGED = "changed"                   # the test cell was edited and could not be restored
    MISSING = "missing"                   # the test cell is not in the notebook
    PENDING = "pending"                   # a manually graded answer awaiting the instructor (0 points so far)
    GRADED_MANUALLY = "graded_manually"   # a manually graded answer the instructor scored (`course manual import`)


class Manual(_Word):
    """Where a submission's manually graded answers stand (the ``manual`` column of gradebook.csv)."""

    NONE = ""                              # the assignment has no manually graded answer (or none was scored)
    PENDING = "needs manual grading"       # at least one answer awaits the instructor: the total is provisional
    GRADED = "graded"                      # every manually graded answer has its score


class Run(_Word):
    """How executing one code cell ended, as the guarded executor saw it."""

    OK = "ok"                             # no error output
    ERROR = "error"                       # an error output (any exception but NotImplementedError)
    NOT_IMPLEMENTED = "not_implemented"   # NotImplementedError
    TIMEOUT = "timeout"                   # interrupted at the time limit (and it did stop)
    UNRESPONSIVE = "unresponsive"         # did not stop when interrupted; the kernel was killed
    KERNEL_DIED = "kernel_died"           # the kernel process died during the cell
    NOT_RUN = "not_run"                   # not run: the kernel had stopped in an earlier cell
    OUT_OF_TIME = "out_of_time"           # not run: the notebook's time budget was used up
    SKIPPED = "skipped"                   # not run: Options.stop_after

    @property
    def outcome(self) -> Outcome:
        """The graded-cell outcome this run gives (``OK`` still depends on the hidden checks: PASSED)."""
        return _RUN_OUTCOME[self]


_RUN_OUTCOME = {Run.OK: Outcome.PASSED, Run.ERROR: Outcome.ERROR, Run.NOT_IMPLEMENTED: Outcome.NOT_IMPLEMENTED,
                Run.TIMEOUT: Outcome.TIMEOUT, Run.UNRESPONSIVE: Outcome.UNRESPONSIVE,
                Run.KERNEL_DIED: Outcome.KERNEL_DIED, Run.NOT_RUN: Outcome.NOT_RUN,
                Run.OUT_OF_TIME: Outcome.NOT_RUN, Run.SKIPPED: Outcome.NOT_RUN}
