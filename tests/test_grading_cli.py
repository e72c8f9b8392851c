"""The ``course`` command end to end, with real nbgrader and real kernels.

release (leak check), grade (both layouts, --jobs, reports, resumable, --force),
grade-one (Gradescope results.json, Markdown summary, GITHUB_STEP_SUMMARY,
--visible-only), gradescope-bundle (run_autograder against a fake /autograder
tree), check (student side) and validate.

Everything grades the toy course (``tests/toy_course``); submissions are built
at test time from its release. Expected scores come from its notebook.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

import grading_recipes as recipes
from conftest import TOY, copy_course, grading_jobs
from course_lib.grading.notebooks import read_assignment
from course_lib.grading.submissions import fill

ROOT = TOY
A = recipes.ASSIGNMENT
NB = f"{A}.ipynb"
FAST = ["--cell-timeout", "20", "--timeout", "120"]
JOBS = ["--jobs", str(grading_jobs())]
INFO = read_assignment(TOY / "source", A)
POINTS = {c.grade_id: c.points for c in INFO.cells}
FULL = sum(POINTS.values())
HONEST = FULL - sum(POINTS[g] for g in recipes.NET)   # the lazy network's score

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]


def _n(x: float) -> str:
    return f"{x:g}"


def course(*args, env=None, cwd=None, check=True, root=ROOT):
    """Run the ``course`` command of this interpreter's environment on the toy course."""
    full_env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    full_env.update(env or {})
    lead = ["--root", str(root)] if root and "--root" not in args else []
    done = subprocess.run([sys.executable, "-m", "course_lib.cli", *lead, *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=900)
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def notebooks():
    release, source = recipes.notebooks(ROOT)
    return {"reference": fill(release, source), "stub": release,
            "lazy": fill(release, source, recipes.network_cell())}


def _copy_course(dest: Path) -> Path:
    return copy_course(dest, ROOT)


# --- release -------------------------------------------------------------------

def test_release_generates_and_checks_for_leaks(tmp_path):
    course_dir = _copy_course(tmp_path / "course")
    shutil.rmtree(course_dir / "release")
    done = course("--root", str(course_dir), "release", A)
    assert "no solution code, hidden tests or answer-key imports" in done.stdout
    nb = nbformat.read(course_dir / "release" / A / NB, 4)
    text = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "check(" not in text
    # a leak planted in a locked cell of the source is caught
    src_path = course_dir / "source" / A / NB
    src = nbformat.read(src_path, 4)
    locked = next(c for c in src.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup_imports")
    locked.source += f"\nfrom solutions.{A} import relu as _peek\n"
    nbformat.write(src, src_path)
    (course_dir / "source" / A / f"{A}.pct.py").unlink()
    done = course("--root", str(course_dir), "release", A, check=False)
    assert done.returncode == 1 and "LEAKS FOUND" in done.stdout and "imports the answer key" in done.stdout


# --- grade ----------------------------------------------------------------------

def test_grade_both_layouts_reports_resume_and_force(tmp_path, notebooks):
    subs, out = tmp_path / "submitted", tmp_path / "out"
    subs.mkdir()
    nbformat.write(notebooks["lazy"], subs / "alice.ipynb")                       # flat layout
    (subs / "bob" / A).mkdir(parents=True)                            # nbgrader layout
    nbformat.write(notebooks["stub"], subs / "bob" / A / NB)
    (subs / "carol").mkdir()                                                       # nothing submitted
    done = course("grade", A, str(subs), "--out", str(out), *JOBS, "--quiet", *FAST)
    assert "alice" in done.stdout and "gradebook.csv" in done.stdout
    with open(out / "gradebook.csv", newline="") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    assert rows["alice"]["total"] == _n(HONEST) and rows["alice"]["status"] == "graded"
    assert rows["alice"]["test_multi_layer_network"] == "0" and rows["alice"]["test_relu"] == _n(POINTS["test_relu"])
    assert rows["bob"]["total"] == "0" and rows["bob"]["status"] == "graded"
    assert rows["carol"]["status"] == "missing" and "no notebook" in rows["carol"]["notes"]
    for student in ("alice", "bob"):
        assert (out / student / NB).exists()
        page = (out / student / "feedback.html").read_text()
        assert "BEGIN HIDDEN TESTS" not in page and "hidden tests run by the grader" in page
    assert (out / "summary.md").exists() and (out / "histogram.png").stat().st_size > 1000
    stamp = (out / "alice" / "result.json").stat().st_mtime

    # resumable: graded submissions are skipped ...
    done = course("grade", A, str(subs), "--out", str(out), *JOBS, "--quiet", *FAST)
    assert "3 already graded and unchanged, skipped" in done.stdout
    assert (out / "alice" / "result.json").stat().st_mtime == stamp
    # ... unless they changed, or --force is given
    nbformat.write(notebooks["lazy"], subs / "bob" / A / NB)
    course("grade", A, str(subs), "--out", str(out), *JOBS, "--quiet", *FAST)
    assert json.loads((out / "bob" / "result.json").read_text())["score"] == HONEST
    assert (out / "alice" / "result.json").stat().st_mtime == stamp
    course("grade", A, str(subs), "--out", str(out), *JOBS, "--quiet", "--force", *FAST)
    assert (out / "alice" / "result.json").stat().st_mtime > stamp


# --- grade-one, Gradescope --------------------------------------------------------

def test_grade_one_writes_gradescope_results_and_step_summary(tmp_path, notebooks):
    nb_path = tmp_path / NB
    nbformat.write(notebooks["lazy"], nb_path)
    step = tmp_path / "step_summary.md"
    step.write_text("earlier content\n")
    course("grade-one", str(nb_path), "--out", str(tmp_path / "grading-output"), *FAST,
           env={"GITHUB_STEP_SUMMARY": str(step)})
    out = tmp_path / "grading-output"
    results = json.loads((out / "results.json").read_text())
    assert results["score"] == HONEST and results["visibility"] == "visible"
    tests = {t["name"]: t for t in results["tests"]}
    assert set(tests) == {c["name"] for c in results["tests"]} and len(tests) == len(INFO.cells)
    relu = POINTS["test_relu"]
    assert tests["test_relu"] == {"name": "test_relu", "score": relu, "max_score": relu, "status": "passed",
                                  "output": "passed", "visibility": "visible"}
    assert tests["test_training"]["status"] == "failed" and tests["test_training"]["score"] == 0
    assert tests["test_training"]["output"]
    summary = (out / "summary.md").read_text()
    assert summary.startswith(f"## {A}: {_n(HONEST)} / {_n(FULL)} points")
    assert step.read_text() == "earlier content\n" + summary
    page = (out / "feedback.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in page


def test_grade_one_visible_only_needs_no_answer_key(tmp_path, notebooks):
    nb_path = tmp_path / NB
    nbformat.write(notebooks["stub"], nb_path)
    course("grade-one", str(nb_path), "--visible-only", "--out", str(tmp_path / "o"), "--cell-timeout", "60",
           root=None)
    results = json.loads((tmp_path / "o" / "results.json").read_text())
    assert results["score"] == 0 and "provisional" in results["output"]
    assert all(t["status"] == "failed" for t in results["tests"]) and len(results["tests"]) == len(INFO.cells)


def test_gradescope_bundle_runs_against_a_fake_autograder_tree(tmp_path, notebooks):
    bundle = tmp_path / "autograder.zip"
    course("gradescope-bundle", "--out", str(bundle), "--grade-args", " ".join(FAST))
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    os.chmod(root / "run_autograder", 0o755)
    (root / "submission" / "upload").mkdir(parents=True)   # students may upload a folder
    nbformat.write(notebooks["lazy"], root / "submission" / "upload" / "my_notebook.ipynb")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "COURSE_PYTHON": sys.executable}
    env.pop("COURSE_ROOT", None)
    done = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == HONEST, (results, done.stdout[-2000:])
    assert "renamed notebook: graded my_notebook.ipynb" in results["output"]
    assert (root / "results" / "grading-output" / "feedback.html").exists()
    # no submission at all: still a results.json, with 0 and an explanation
    shutil.rmtree(root / "submission")
    (root / "submission").mkdir()
    subprocess.run([str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=300)
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "missing" in results["output"]


# --- check (student side) and validate ---------------------------------------------

def test_check_runs_visible_tests_without_the_answer_key(tmp_path, notebooks):
    # a course root with neither hidden tests nor reference: check must not need them
    fake_root = tmp_path / "fake_course"
    (fake_root / "source").mkdir(parents=True)
    (fake_root / "nbgrader_config.py").write_text("c = get_config()\n")
    env = {"COURSE_ROOT": str(fake_root)}
    nbformat.write(notebooks["reference"], tmp_path / "good.ipynb")
    nbformat.write(notebooks["stub"], tmp_path / "todo.ipynb")
    done = course("check", str(tmp_path / "good.ipynb"), "--save", str(tmp_path / "ran.ipynb"), env=env,
                  cwd=tmp_path, root=None)
    assert f"Visible tests: {_n(FULL)}/{_n(FULL)} points" in done.stdout and "FAILED" not in done.stdout
    assert (tmp_path / "ran.ipynb").exists()
    done = course("check", str(tmp_path / "todo.ipynb"), env=env, cwd=tmp_path, check=False, root=None)
    assert done.returncode == 1 and "test_relu" in done.stdout and "NotImplementedError" in done.stdout
    assert f"Visible tests: 0/{_n(FULL)} points" in done.stdout
    (tmp_path / "broken.ipynb").write_text("{not json")
    done = course("check", str(tmp_path / "broken.ipynb"), env=env, check=False, root=None)
    assert done.returncode == 2 and "not valid JSON" in done.stdout


def test_validate(tmp_path):
    done = course("validate", A, cwd=tmp_path)
    assert f"source {_n(FULL)}/{_n(FULL)}" in done.stdout and f"release 0/{_n(FULL)}" in done.stdout
    assert "every source gets full marks" in done.stdout
