"""How each code cell of an executed notebook ran, as data; and what that means for the submission.

:func:`read_runs` turns an executed notebook into one :class:`CellRun` per
code cell, from what the guarded executor recorded in the cell's metadata
(timeouts, dead or unresponsive kernels, cells not run, cut output) and from
the cell's error output (which exception, and the innermost function of the
notebook in its traceback). :func:`run_status` gives the submission's status
and the notes on what went wrong; :func:`describe` the message for one cell.
Nothing here searches prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .status import RUN_KEY, Run, Status

__all__ = ["CellRun", "read_runs", "run_status", "describe", "notebook_function", "strip_ansi"]

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# IPython >= 8: "Cell In[12], line 4, in relu(Z)"; IPython 7: "<ipython-input-12-abc> in relu(Z)".
NOTEBOOK_FRAME = re.compile(r"^\s*(?:Cell In\[\d*\], line \d+|<ipython-input-[^>]*>)(?:, | )?(?:in (\S+?)\()?")
IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*$")
MESSAGE_LIMIT = 1500

# the error outputs the executor itself writes (shown to people; never searched)
_EXECUTOR_ERRORS = {"CellTimeoutError", "Unresponsive", "KernelDied", "NotRun"}


@dataclass(frozen=True)
class CellRun:
    """How one code cell ran."""

    index: int                  # position in the notebook (0-based)
    grade_id: str | None
    run: Run
    exception: str = ""         # class name of the cell's error (ERROR, NOT_IMPLEMENTED)
    message: str = ""           # the error's message, or the executor's explanation
    function: str = ""          # innermost notebook function in the traceback (where it raised or looped)
    output_cut: bool = False    # the executor dropped part of the cell's output

    @property
    def label(self) -> str:
        """``cell 12 (test_relu)``: how notes name the cell."""
        return f"cell {self.index + 1}" + (f" ({self.grade_id})" if self.grade_id else "")


def strip_ansi(text: str) -> str:
    """``text`` without terminal colour codes."""
    return ANSI.sub("", text)


def notebook_function(traceback: list) -> str:
    """The function named by the innermost frame of notebook code in an IPython traceback ("" if none).

    Frames of library code (``File ...``) are skipped; comprehension and lambda
    frames give way to the function around them; a frame at the top level of a
    cell means the cell's own code, not a function.
    """
    frames = [strip_ansi(entry).lstrip("\n") for entry in traceback or [] if isinstance(entry, str)]
    for frame in reversed(frames):
        found = NOTEBOOK_FRAME.match(frame.splitlines()[0] if frame else "")
        if not found:
            continue
        name = found.group(1) or ""
        if name.startswith("<") and name != "<module>":
            continue  # <listcomp>, <genexpr>, <lambda>: look at the frame around it
        return name if IDENTIFIER.match(name) else ""
    return ""


def _errors(cell) -> list:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _read(cell, index: int) -> CellRun:
    gid = cell.metadata.get("nbgrader", {}).get("grade_id")
    mark = cell.metadata.get(RUN_KEY) or {}
    cut = bool(mark.get("output_cut"))
    errors = _errors(cell)
    try:
        run = Run(mark["run"]) if "run" in mark else None
    except ValueError:
        run = None
    if run is not None:  # the executor intervened: its own error output (the last one) says how
        said = next((o for o in reversed(errors) if o.get("ename") in _EXECUTOR_ERRORS), {})
        own = [o for o in errors if o is not said and o.get("ename") not in _EXECUTOR_ERRORS]
        return CellRun(index, gid, run, str(said.get("ename", "")), str(said.get("evalue", "")),
                       _function(own), cut)
    if not errors:
        return CellRun(index, gid, Run.OK, output_cut=cut)
    first = errors[0]
    ename = str(first.get("ename", "Error"))
    run = Run.NOT_IMPLEMENTED if ename == "NotImplementedError" else Run.ERROR
    return CellRun(index, gid, run, ename, str(first.get("evalue", "")), _function(errors), cut)


def _function(errors: list) -> str:
    return next((f for f in (notebook_function(o.get("traceback")) for o in errors) if f), "")


def read_runs(nb) -> list:
    """One :class:`CellRun` per code cell of the executed notebook ``nb``, in order."""
    return [_read(cell, i) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]


def describe(run: CellRun) -> str:
    """What a student reads about a graded cell that did not run cleanly.

    An untouched stub says that it (the function, when the traceback names
    one) is not implemented yet. Otherwise the exception's name comes first
    (``CellTimeoutError: ...``, ``KernelDied: ...``), then what it means.
    """
    if run.run is Run.NOT_IMPLEMENTED:
        where = f"`{run.function}`" if run.function else "this cell"
        return (f"{where} is not implemented yet (it still raises NotImplementedError; "
                f"replace that line with your code).")
    if run.run is Run.TIMEOUT:
        text = "CellTimeoutError: the cell ran past the time limit and was interrupted"
        if run.function:
            text += f" while running `{run.function}`; look there for a loop that never ends"
        return text + "."
    if run.run is Run.ERROR:
        text = f"{run.exception}: {run.message}" if run.message else run.exception
        return text[:MESSAGE_LIMIT]
    return f"{run.exception or 'NotRun'}: {run.message}"[:MESSAGE_LIMIT]


def run_status(runs: list, cell_timeout: float, submission_timeout: float) -> tuple:
    """``(Status, notes)`` of a notebook whose cells ran as ``runs`` (graded, stopped or timeout)."""
    status, notes = Status.GRADED, []
    for run in runs:
        where = run.label
        if run.run in (Run.TIMEOUT, Run.UNRESPONSIVE):
            note = f"{where} ran past the {cell_timeout:g} s limit and was interrupted"
            notes.append(note + (f" while running `{run.function}`" if run.function else ""))
        if run.run is Run.UNRESPONSIVE:
            status = Status.STOPPED
            notes.append(f"{where} did not stop when interrupted; the notebook was stopped there "
                         f"and later cells were not run")
        if run.run is Run.KERNEL_DIED:
            status = Status.STOPPED
            notes.append(f"the notebook's Python process died in {where} (os._exit, a crash, or the "
                         f"memory/CPU limit); later cells were not run")
        if run.run is Run.OUT_OF_TIME:
            status = Status.TIMEOUT
            notes.append(f"the notebook used up its {submission_timeout:g} s budget before {where}; "
                         f"later cells were not run")
            break
        if run.output_cut:
            notes.append(f"{where} printed too much; its output was cut")
    return status, notes
