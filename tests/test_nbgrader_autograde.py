"""Stock nbgrader (generate_assignment, autograde, the gradebook), hidden tests in local mode.

This is how an instructor who runs plain ``nbgrader autograde`` in the course
directory grades: the hidden tests compare with the reference inside the
kernel. The sandboxed pipeline is tested in test_grading_*.py.
"""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import pytest
from nbgrader.api import Gradebook

from conftest import ASSIGNMENT, copy_course, needs_mnist

pytestmark = [needs_mnist, pytest.mark.xdist_group("nbgrader")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("plain") / "course")
    subprocess.run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course, check=True,
                   capture_output=True)
    for student, src in (("reference", course / "source"), ("stub", course / "release")):
        dest = course / "submitted" / student / ASSIGNMENT
        dest.mkdir(parents=True)
        shutil.copy(src / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", dest)
    done = subprocess.run(["nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=course, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s: (gb.find_submission(ASSIGNMENT, s).score, gb.find_submission(ASSIGNMENT, s).max_score)
                  for s in ("reference", "stub")}
    return course, scores


def test_reference_gets_full_marks(graded):
    course, scores = graded
    assert scores["reference"] == (100.0, 100.0)


def test_untouched_release_gets_zero_without_crashing(graded):
    course, scores = graded
    assert scores["stub"] == (0.0, 100.0)
    nb = nbformat.read(course / "autograded" / "stub" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    errors = {o.ename for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"}
    assert "NotImplementedError" in errors


def test_hidden_tests_ran_in_the_reference(graded):
    """Every graded cell of the reference printed that its hidden cases passed."""
    course, _ = graded
    nb = nbformat.read(course / "autograded" / "reference" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    graded_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(graded_cells) == 21
    for cell in graded_cells:
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "hidden test cases passed" in text, (cell.metadata["nbgrader"]["grade_id"], text[-300:])
        assert not any(o.output_type == "stream" and o.name == "stderr" for o in cell.outputs)
