"""Statuses and cell outcomes as data: how cells ran, what students read, result.json and the gradebook.

In-process, except one test that runs a tiny notebook in a local kernel (the
way ``course check`` does) to see real IPython tracebacks and the IPC transport.
"""

from __future__ import annotations

import csv
import json

import nbformat
import pytest

from course_lib.grading.batch import write_reports
from course_lib.grading.notebooks import AssignmentInfo, GradedCell
from course_lib.grading.results import CellResult, Result
from course_lib.grading.runs import describe, notebook_function, read_runs, run_status, strip_ansi
from course_lib.grading.scoring import score_notebook
from course_lib.grading.status import RUN_KEY, Outcome, Run, Status

# Real IPython 9 traceback entries (colours included), as a kernel sends them.
LOOP_TRACEBACK = [
    "\x1b[31m---------------------------------------------------------------------------\x1b[39m",
    "\x1b[31mKeyboardInterrupt\x1b[39m                         Traceback (most recent call last)",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 1\x1b[39m\n\x1b[32m----> \x1b[39m\x1b[32m1"
    "\x1b[39m relu(\x1b[32m1\x1b[39m)\n",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[1]\x1b[39m\x1b[32m, line 4\x1b[39m, in \x1b[36mrelu\x1b[39m\x1b[34m(Z)"
    "\x1b[39m\n\x1b[32m      2\x1b[39m \x1b[38;5;28;01mdef\x1b[39;00m relu(Z):\n",
    "\x1b[36mFile \x1b[39m\x1b[32m/venv/lib/python3.11/site-packages/numpy/_core/numeric.py:233\x1b[39m, in \x1b[36mones"
    "\x1b[39m\x1b[34m(shape, dtype, order, device, like)\x1b[39m\n",
]


def _cell(source="x", gid=None, outputs=(), mark=None):
    meta = {"nbgrader": {"grade_id": gid, "grade": True, "points": 2}} if gid else {}
    if mark:
        meta[RUN_KEY] = mark
    cell = nbformat.v4.new_code_cell(source, metadata=meta)
    cell.outputs = [nbformat.v4.new_output("error", **o) for o in outputs]
    return cell


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


# --- the function named in a traceback ---------------------------------------------------

def test_the_innermost_notebook_function_is_named():
    assert strip_ansi(LOOP_TRACEBACK[3]).startswith("Cell In[1], line 4, in relu(Z)")
    assert notebook_function(LOOP_TRACEBACK) == "relu"                 # numpy's frame below is skipped
    assert notebook_function(LOOP_TRACEBACK[:3]) == ""                  # looping at the top level of a cell
    assert notebook_function(["Cell In[2], line 3, in Momentum.step(self, params)\n"]) == "Momentum.step"
    assert notebook_function(["Cell In[2], line 9, in train(X)\n",
                              "Cell In[2], line 3, in <listcomp>(.0)\n"]) == "train"
    assert notebook_function(["<ipython-input-4-abc> in relu(Z)\n"]) == "relu"   # IPython 7
    assert notebook_function([]) == notebook_function(None) == ""


# --- how cells ran: from the executor's marks, never from output text ---------------------------

TIMEOUT_OUTPUTS = [dict(ename="KeyboardInterrupt", evalue="", traceback=LOOP_TRACEBACK),
                   dict(ename="CellTimeoutError", evalue="", traceback=[])]


def test_a_timeout_names_the_function_that_looped():
    nb = _nb(_cell(gid="test_relu", outputs=TIMEOUT_OUTPUTS, mark={"run": "timeout"}))
    (run,) = read_runs(nb)
    assert run.run is Run.TIMEOUT and run.function == "relu" and run.exception == "CellTimeoutError"
    status, notes = run_status([run], 45, 900)
    assert status is Status.GRADED
    assert notes == ["cell 1 (test_relu) ran past the 45 s limit and was interrupted while running `relu`"]
    assert describe(run) == ("CellTimeoutError: the cell ran past the time limit and was interrupted while "
                             "running `relu`; look there for a loop that never ends.")


def test_an_unimplemented_stub_is_not_a_crash():
    stub_tb = ["Cell In[7], line 1\n----> 1 relu(Z)\n",
               "Cell In[2], line 3, in relu(Z)\n      2 # YOUR CODE HERE\n----> 3 raise NotImplementedError()\n",
               "NotImplementedError: "]
    nb = _nb(_cell(gid="test_relu", outputs=[dict(ename="NotImplementedError", evalue="", traceback=stub_tb)]),
             _cell(gid="training_run", outputs=[dict(ename="NotImplementedError", evalue="",
                                                     traceback=["Cell In[9], line 2\n", "NotImplementedError: "])]))
    runs = read_runs(nb)
    assert [r.run for r in runs] == [Run.NOT_IMPLEMENTED] * 2
    assert describe(runs[0]).startswith("`relu` is not implemented yet")
    assert describe(runs[1]).startswith("this cell is not implemented yet")
    assert "NotImplementedError: " not in describe(runs[0])
    info = AssignmentInfo("a", "a.ipynb", [GradedCell("test_relu", 2.0)])
    (cell,) = score_notebook(nb, info, None, {})
    assert cell.outcome is Outcome.NOT_IMPLEMENTED and cell.function == "relu" and cell.points == 0
    assert cell.messages == [describe(runs[0])]


def test_every_kind_of_run_maps_to_an_outcome_and_a_status():
    nb = _nb(_cell(gid="t1", outputs=[dict(ename="ValueError", evalue="bad shape", traceback=[])]),
             _cell(gid="t2", outputs=[dict(ename="CellTimeoutError", evalue="", traceback=[]),
                                      dict(ename="Unresponsive", evalue="did not stop", traceback=[])],
                   mark={"run": "unresponsive"}),
             _cell(gid="t3", outputs=[dict(ename="NotRun", evalue="Not run: stopped earlier", traceback=[])],
                   mark={"run": "not_run"}),
             _cell(gid="t4", mark={"output_cut": True}),
             _cell(gid="t5", outputs=[dict(ename="NotRun", evalue="Not run: stop_after", traceback=[])],
                   mark={"run": "skipped"}))
    runs = read_runs(nb)
    assert [r.run for r in runs] == [Run.ERROR, Run.UNRESPONSIVE, Run.NOT_RUN, Run.OK, Run.SKIPPED]
    assert [r.run.outcome for r in runs] == [Outcome.ERROR, Outcome.UNRESPONSIVE, Outcome.NOT_RUN,
                                            Outcome.PASSED, Outcome.NOT_RUN]
    assert describe(runs[0]) == "ValueError: bad shape"
    assert describe(runs[1]) == "Unresponsive: did not stop" and describe(runs[2]) == "NotRun: Not run: stopped earlier"
    status, notes = run_status(runs, 10, 900)
    assert status is Status.STOPPED
    assert any("(t2) did not stop when interrupted" in n for n in notes)
    assert "cell 4 (t4) printed too much; its output was cut" in notes
    # what a submission brings under the executor's key is not believed: GuardedExecute removes it,
    # and an unknown value reads as no mark at all
    nb = _nb(_cell(gid="t1", mark={"run": "exploded"}))
    assert read_runs(nb)[0].run is Run.OK


# --- result.json and the gradebook stay plain data -------------------------------------------

def test_result_json_holds_plain_strings_and_old_files_still_read():
    res = Result("ann", "graded", 2.0, 4.0, [CellResult("t1", 2.0, 2.0),
                                            CellResult("t2", 0.0, 2.0, ["x"], Outcome.TIMEOUT, "relu")])
    assert res.status is Status.GRADED and f"{res.status:<8}|" == "graded  |" and str(Outcome.TIMEOUT) == "timeout"
    raw = json.loads(json.dumps(res.to_json()))
    assert raw["status"] == "graded" and raw["cells"][1]["outcome"] == "timeout"
    assert raw["cells"][1]["function"] == "relu" and raw["cells"][0]["outcome"] == "passed"
    again = Result.from_json(raw)
    assert again == res and again.cells[1].outcome is Outcome.TIMEOUT
    old = {"student": "bob", "status": "stopped", "score": 1.0, "max_score": 4.0, "notes": ["n"], "notebook": "a",
           "sha256": "", "seconds": 1.0, "autograded": "", "feedback": "",
           "cells": [{"grade_id": "t1", "points": 1.0, "max_points": 2.0, "messages": ["m"]},
                     {"grade_id": "t2", "points": 2.0, "max_points": 2.0, "messages": []}]}
    read = Result.from_json(old)
    assert read.status is Status.STOPPED
    assert [c.outcome for c in read.cells] == [Outcome.FAILED, Outcome.PASSED]
    with pytest.raises(ValueError):
        Result.from_json({**old, "status": "exploded"})


def test_gradebook_and_summary_show_plain_statuses(tmp_path):
    info = AssignmentInfo("a", "a.ipynb", [GradedCell("t1", 2.0)])
    results = [Result("ann", Status.GRADED, 2.0, 2.0, [CellResult("t1", 2.0, 2.0)]),
               Result("bob", Status.MISSING, 0.0, 2.0, [CellResult("t1", 0.0, 2.0, outcome=Outcome.NOT_RUN)],
                      notes=["no notebook submitted (expected a.ipynb)"])]
    write_reports(results, info, tmp_path)
    rows = list(csv.DictReader(open(tmp_path / "gradebook.csv")))
    assert [(r["student"], r["status"], r["total"]) for r in rows] == [("ann", "graded", "2"), ("bob", "missing", "0")]
    summary = (tmp_path / "summary.md").read_text()
    assert "status: graded 1, missing 1" in summary and "| bob | 0 | missing |" in summary
    assert "Status." not in summary + (tmp_path / "gradebook.csv").read_text()


# --- the student side: `course check` runs over IPC and says what is unfinished ---------------

def test_check_runs_over_ipc_names_the_loop_and_the_stub(tmp_path, capfd):
    from course_lib.cli import run_visible

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in (
        "def relu(Z):\n    while True:\n        pass\n",
        "def softmax(Z):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n")]
    for gid, src in (("test_relu", "relu(1)"), ("test_softmax", "softmax(1)"), ("test_ok", "assert 1 + 1 == 2")):
        nb.cells.append(nbformat.v4.new_code_cell(src, metadata={"nbgrader": {"grade": True, "grade_id": gid,
                                                                             "points": 1}}))
    cells = {c.grade_id: c for c in run_visible(nb, tmp_path, cell_timeout=3)}
    assert cells["test_relu"].outcome is Outcome.TIMEOUT and cells["test_relu"].function == "relu"
    assert "while running `relu`" in cells["test_relu"].messages[0]
    assert cells["test_softmax"].outcome is Outcome.NOT_IMPLEMENTED
    assert cells["test_softmax"].messages[0].startswith("`softmax` is not implemented yet")
    assert cells["test_ok"].outcome is Outcome.PASSED and cells["test_ok"].points == 1
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out
