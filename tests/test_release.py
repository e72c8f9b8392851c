"""The committed release is current and leaks nothing (real nbgrader generate_assignment)."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from conftest import ASSIGNMENT, ROOT, copy_course
from course_lib.grading.leaks import find_leaks

RELEASE = ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SOURCE = ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _comparable(nb) -> list:
    return [(c.cell_type, c.source, json.dumps(c.metadata, sort_keys=True)) for c in nb.cells]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    course = copy_course(tmp_path_factory.mktemp("regen") / "course")
    done = subprocess.run([sys.executable, "-m", "course_lib.cli", "--root", str(course), "release", ASSIGNMENT],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


@pytest.mark.xdist_group("release")
def test_committed_release_is_current(regenerated):
    """Regenerating the release from source/ gives the committed release/ exactly."""
    fresh = nbformat.read(regenerated, 4)
    committed = nbformat.read(RELEASE, 4)
    assert _comparable(fresh) == _comparable(committed), (
        "release/ is stale: run `course release optimization` and commit the result")


def test_release_has_no_leaks():
    assert find_leaks(RELEASE.parent, SOURCE.parent) == []


def test_release_keeps_signatures_and_stubs():
    """Students get every signature and docstring, with a stub in each solution cell."""
    nb = nbformat.read(RELEASE, 4)
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(solutions) == 20
    for cell in solutions:
        assert cell.source.lstrip().startswith("def "), cell.source[:60]
        assert '"""' in cell.source
        assert "raise NotImplementedError()" in cell.source


@pytest.mark.parametrize("plant, expected", [
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "marker"),
    ("from solutions.optimization import relu", "answer key"),
    ("from course_lib.grading import check\ncheck('relu', globals())", "hidden-test helper"),
])
def test_leak_scan_finds_planted_leaks(tmp_path, plant, expected):
    nb = nbformat.read(RELEASE, 4)
    nb.cells.append(nbformat.v4.new_code_cell(plant))
    nbformat.write(nb, tmp_path / RELEASE.name)
    problems = find_leaks(tmp_path, SOURCE.parent)
    assert any(expected in p for p in problems), problems


def test_leak_scan_finds_a_copied_solution_line(tmp_path):
    """A distinctive line of a reference solution pasted into the release is reported."""
    src = nbformat.read(SOURCE, 4)
    sol = next(c for c in src.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "batchnorm")
    body = sol.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    line = max(body.splitlines(), key=lambda l: len(l.strip()))
    nb = nbformat.read(RELEASE, 4)
    nb.cells.append(nbformat.v4.new_code_cell(line.strip()))
    nbformat.write(nb, tmp_path / RELEASE.name)
    assert any("line of the solution" in p for p in find_leaks(tmp_path, SOURCE.parent))
