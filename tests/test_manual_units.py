"""Manually graded written answers, in-process (seconds): discovery, scoring, results, shards, regrading, leaks.

The end-to-end path with real nbgrader is tests/test_manual_roundtrip.py.
"""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import nbformat
import pytest

from course_lib.grading.batch import write_reports
from course_lib.grading.feedback import feedback_html, summary_markdown
from course_lib.grading.leaks import find_leaks
from course_lib.grading.manual import ManualError, keep_manual_grades, read_grades
from course_lib.grading.notebooks import read_assignment, restore_missing_cells
from course_lib.grading.results import CellResult, Result, load_result, save_result
from course_lib.grading.scoring import ANSWER_MISSING, UNANSWERED, score_notebook
from course_lib.grading.shards import merge
from course_lib.grading.status import Manual, Outcome, Status

COURSE = Path(__file__).resolve().parent / "toy_manual_course"
A = "toy_manual"
INFO = read_assignment(COURSE / "source", A)
SOURCE = nbformat.read(COURSE / "source" / A / f"{A}.ipynb", 4)
RELEASE = nbformat.read(COURSE / "release" / A / f"{A}.ipynb", 4)
WRITTEN = next(c for c in INFO.cells if c.manual)


def _with_answer(text: str | None):
    """The source notebook (genuine test cells, as nbgrader restores them) with ``text`` as the answer."""
    nb = copy.deepcopy(SOURCE)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN.grade_id)
    if text is None:
        nb.cells.remove(cell)
    else:
        cell.source = text
    return nb


def _result(student: str, answer: str, outcome=Outcome.PENDING, points=0.0, comment="") -> Result:
    cells = [CellResult("test_relu", 6.0, 6.0), CellResult(WRITTEN.grade_id, points, WRITTEN.points, [], outcome,
                                                            answer=answer, comment=comment)]
    return Result(student, Status.GRADED, 6.0 + points, INFO.max_score, cells, isolation="bubblewrap")


def test_discovery_finds_the_written_answer_and_its_rubric():
    assert [(c.grade_id, c.manual, c.points) for c in INFO.cells] == [("test_relu", False, 6.0),
                                                                      ("why_relu", True, 4.0)]
    assert WRITTEN.rubric.startswith("Rubric: 2 points") and "END SOLUTION" not in WRITTEN.rubric
    assert INFO.max_score == 10 and INFO.manual_points == 4 and INFO.checks == ["relu"]
    assert WRITTEN.stub == "YOUR ANSWER HERE" and "why_relu" not in INFO.sources


@pytest.mark.parametrize("text, unanswered, message", [
    ("ReLU does not saturate.", False, None), ("YOUR ANSWER HERE", True, UNANSWERED), ("  \n", True, UNANSWERED),
    (None, True, ANSWER_MISSING)])
def test_a_written_answer_is_pending_with_zero_points(text, unanswered, message):
    cells = score_notebook(_with_answer(text), INFO, None, {}, runs=[])
    code, written = cells
    assert code.outcome is Outcome.PASSED and code.points == 6
    assert (written.outcome, written.points, written.max_points) == (Outcome.PENDING, 0.0, 4.0)
    assert written.unanswered is unanswered and written.answer == (text or "")
    assert written.messages == ([message] if message else [])
    result = Result("ann", Status.GRADED, 6.0, 10.0, cells)
    assert result.pending == 4 and result.manual is Manual.PENDING and result.status is Status.GRADED


def test_results_keep_answer_comment_and_outcome(tmp_path):
    result = _result("ann", "an answer", Outcome.GRADED_MANUALLY, 3.0, "well said")
    save_result(result, tmp_path / "result.json")
    back = load_result(tmp_path / "result.json")
    assert back == result and back.pending == 0 and back.manual is Manual.GRADED
    assert json.loads((tmp_path / "result.json").read_text())["cells"][1]["outcome"] == "graded_manually"
    assert Result("x", Status.GRADED, cells=[CellResult("t", 1.0, 1.0)]).manual is Manual.NONE


def test_reports_say_needs_manual_grading_and_provisional(tmp_path):
    write_reports([_result("ann", "a"), _result("bob", "b", Outcome.GRADED_MANUALLY, 4.0)], INFO, tmp_path)
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "gradebook.csv", newline=""))}
    assert (rows["ann"]["manual"], rows["ann"]["why_relu"], rows["ann"]["total"]) == ("needs manual grading", "", "6")
    assert (rows["bob"]["manual"], rows["bob"]["why_relu"], rows["bob"]["total"]) == ("graded", "4", "10")
    summary = (tmp_path / "summary.md").read_text()
    assert "**provisional**: 4 points await manual grading (1 submission(s))" in summary
    assert "| ann | 6 (provisional: 4 pending) |" in summary and "| bob | 10 |" in summary


def test_student_pages_never_show_the_rubric():
    nb = _with_answer("ReLU does not saturate.")
    pending = _result("ann", "ReLU does not saturate.")
    graded = _result("ann", "ReLU does not saturate.", Outcome.GRADED_MANUALLY, 2.0, "<i>Half</i>: say why.")
    for result in (pending, graded):
        page = feedback_html(nb, INFO, result)
        text = summary_markdown(result, INFO)
        assert "Rubric" not in page + text and WRITTEN.rubric.splitlines()[0] not in page + text
    assert "awaits the instructor's grading" in feedback_html(nb, INFO, pending)
    assert "&lt;i&gt;Half&lt;/i&gt;: say why." in feedback_html(nb, INFO, graded)
    assert "graded by the instructor" in summary_markdown(graded, INFO)
    assert "This total is provisional: 4 points of written answers await" in summary_markdown(pending, INFO)


def test_shards_merge_with_pending_answers(tmp_path):
    for part, result in (("p1", _result("ann", "a")), ("p2", _result("bob", "b", Outcome.GRADED_MANUALLY, 1.0))):
        (tmp_path / part / result.student).mkdir(parents=True)
        save_result(result, tmp_path / part / result.student / "result.json")
    results = merge([tmp_path / "p1", tmp_path / "p2"], tmp_path / "all", INFO)
    assert [(r.student, r.pending, r.score) for r in results] == [("ann", 4.0, 6.0), ("bob", 0, 7.0)]
    rows = {r["student"]: r["manual"] for r in csv.DictReader(open(tmp_path / "all" / "gradebook.csv"))}
    assert rows == {"ann": "needs manual grading", "bob": "graded"}


def test_regrading_keeps_a_grade_only_while_the_answer_is_unchanged(tmp_path):
    save_result(_result("ann", "ReLU is linear above 0.", Outcome.GRADED_MANUALLY, 3.0, "ok"), tmp_path / "result.json")
    same = _result("ann", "ReLU is linear above 0.\n")        # trailing white space does not count
    assert keep_manual_grades(tmp_path / "result.json", same, INFO) == []
    assert (same.cells[1].outcome, same.cells[1].points, same.cells[1].comment, same.score) == (
        Outcome.GRADED_MANUALLY, 3.0, "ok", 9.0)
    changed = _result("ann", "Something else.")
    notes = keep_manual_grades(tmp_path / "result.json", changed, INFO)
    assert len(notes) == 1 and "set aside" in notes[0] and notes[0] in changed.notes
    assert changed.cells[1].outcome is Outcome.PENDING and changed.score == 6.0


def test_read_grades_lists_every_problem(tmp_path):
    out = tmp_path / "out"
    for r in (_result("ann", "a"), _result("bob", "b")):
        (out / r.student).mkdir(parents=True)
        save_result(r, out / r.student / "result.json")
    path = tmp_path / "g.csv"
    path.write_text("student,grade_id,score,comment\nann,why_relu,4.5,\nbob,why_relu,nan,\n"
                    "ann,why_relu,2,\ncid,why_relu,1,\n")
    with pytest.raises(ManualError) as err:
        read_grades(INFO, out, path)
    assert len(err.value.problems) == 4, err.value.problems   # every row's problem, not only the first
    path.write_text("student,grade_id,score,comment\nann,why_relu,2.5,fine\nbob,why_relu,,\n")
    assert [(g.student, g.score, g.comment) for g in read_grades(INFO, out, path)] == [
        ("ann", 2.5, "fine"), ("bob", None, "")]


def test_the_rubric_is_a_secret_of_the_release_leak_check(tmp_path):
    assert find_leaks(COURSE / "release" / A, COURSE / "source" / A) == []
    leaked = copy.deepcopy(RELEASE)
    leaked.cells[-1].source = WRITTEN.rubric
    (tmp_path / A).mkdir()
    nbformat.write(leaked, tmp_path / A / f"{A}.ipynb")
    problems = find_leaks(tmp_path / A, COURSE / "source" / A)
    assert any("a line of the solution" in p for p in problems), problems


def test_a_deleted_answer_comes_back_as_released_without_the_rubric():
    nb = _with_answer(None)
    assert restore_missing_cells(nb, SOURCE) == [WRITTEN.grade_id]
    cell = nb.cells[-1]
    assert cell.cell_type == "markdown" and cell.source == "YOUR ANSWER HERE"
    assert score_notebook(nb, INFO, None, {}, runs=[])[1].unanswered


def test_the_in_process_mutation_check_skips_written_answers():
    """What tests/test_contract.py asks of every assignment: wrong entries caught, correct ones pass."""
    from course_lib.mutation.harness import catalogue, quick

    rows = quick(A, catalogue(A, COURSE), COURSE)
    assert {e.key: (v_ok, h_ok) for e, v_ok, _, h_ok, _ in rows} == {
        "relu/wrong/abs": (False, False), "relu/correct/where": (True, True)}
