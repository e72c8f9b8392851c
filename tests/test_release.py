"""The release leak scan, on the toy course (each assignment's own release is checked in test_contract.py)."""

from __future__ import annotations


import nbformat
import pytest

from conftest import TOY
from course_lib.grading.leaks import find_leaks

ASSIGNMENT = "toy"
RELEASE = TOY / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SOURCE = TOY / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def test_release_has_no_leaks():
    assert find_leaks(RELEASE.parent, SOURCE.parent) == []


def test_release_keeps_signatures_and_stubs():
    """Students get every signature and docstring, with a stub in each solution cell."""
    nb = nbformat.read(RELEASE, 4)
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    in_source = [c for c in nbformat.read(SOURCE, 4).cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solutions and len(solutions) == len(in_source)
    for cell in solutions:
        assert cell.source.lstrip().startswith("def "), cell.source[:60]
        assert '"""' in cell.source
        assert "raise NotImplementedError()" in cell.source


@pytest.mark.parametrize("plant, expected", [
    ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "marker"),
    ("from solutions.toy import relu", "answer key"),
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
    sol = next(c for c in src.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "multi_layer_network")
    body = sol.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    line = max(body.splitlines(), key=lambda l: len(l.strip()))
    nb = nbformat.read(RELEASE, 4)
    nb.cells.append(nbformat.v4.new_code_cell(line.strip()))
    nbformat.write(nb, tmp_path / RELEASE.name)
    assert any("line of the solution" in p for p in find_leaks(tmp_path, SOURCE.parent))
