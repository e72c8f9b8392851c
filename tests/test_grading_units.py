"""Grading pieces that need no MNIST: reading submissions, finding them, restoring cells,
the sandbox launcher, the guarded executor, the Gradescope formats.

A few tests start small Jupyter kernels (seconds each); the sandbox tests skip,
with the reason, where namespaces are unavailable.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_lib.grading import serialize
from course_lib.grading.execute import GuardedExecute
from course_lib.grading.notebooks import (NotebookProblem, load_submission, read_assignment,
                                          restore_missing_cells)
from course_lib.grading.discovery import find_submissions
from course_lib.grading.results import CellResult, Result
from course_lib.grading.runs import read_runs, run_status
from course_lib.grading.scoring import check_archive, score_notebook
from course_lib.grading.status import RUN_KEY, Outcome, Status
from course_lib.grading.uids import lease_uid
from course_lib.grading.sandbox import namespaces_available
from course_lib.grading.submissions import fill

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "optimization" / "optimization.ipynb"
RELEASE = ROOT / "release" / "optimization" / "optimization.ipynb"
INFO = read_assignment(ROOT / "source", "optimization")

needs_release = pytest.mark.skipif(not RELEASE.exists(), reason="release/optimization not generated")
needs_isolation = pytest.mark.skipif(not namespaces_available(),
                                     reason="the sandbox needs root and a working `unshare` for namespaces")


def _ids(nb):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


# --- reading a submission ------------------------------------------------------

@pytest.mark.parametrize("data, fragment", [
    (b'{"cells": [', "not valid JSON"),
    (b"", "not valid JSON"),
    (bytes(range(256)), "not text"),
    (b'{"hello": 1}', "JSON but not a Jupyter notebook"),
    (b'[1, 2, 3]', "JSON but not a Jupyter notebook"),
    (json.dumps({"nbformat": 9, "nbformat_minor": 0, "metadata": {}, "cells": []}).encode(),
     "unsupported notebook format version 9"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [{"cell_type": "code", "source": 7, "metadata": {}}]}).encode(),
     "notebook structure is invalid"),
])
def test_unreadable_submissions_are_explained(tmp_path, data, fragment):
    path = tmp_path / "sub.ipynb"
    path.write_bytes(data)
    with pytest.raises(NotebookProblem, match=fragment):
        load_submission(path)


def test_symlinks_and_oversized_files_are_refused(tmp_path, monkeypatch):
    link = tmp_path / "link.ipynb"
    link.symlink_to(SOURCE)
    with pytest.raises(NotebookProblem, match="symbolic link"):
        load_submission(link)
    import course_lib.grading.notebooks as notebooks

    monkeypatch.setattr(notebooks, "MAX_NOTEBOOK_BYTES", 1000)
    with pytest.raises(NotebookProblem, match="over the"):
        load_submission(SOURCE)


@needs_release
def test_v3_is_upgraded_outputs_and_skip_tags_dropped(tmp_path):
    nb = nbformat.read(RELEASE, 4)
    nb.cells[4].outputs = [nbformat.v4.new_output("stream", name="stdout", text="old output")]
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_relu")
    test_cell.metadata["tags"] = ["skip-execution", "raises-exception", "keep-me"]
    path = tmp_path / "v4.ipynb"
    nbformat.write(nb, path)
    got, version = load_submission(path)
    assert version == 4 and got.cells[4].outputs == []
    test_cell = next(c for c in got.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_relu")
    assert test_cell.metadata["tags"] == ["keep-me"]
    v3 = tmp_path / "v3.ipynb"
    v3.write_text(nbformat.writes(nbformat.convert(nbformat.read(RELEASE, 4), 3), version=3))
    got, version = load_submission(v3)
    assert version == 3 and _ids(got) == _ids(nbformat.read(RELEASE, 4))


# --- finding submissions -------------------------------------------------------

def test_find_submissions_in_both_layouts(tmp_path):
    nb = nbformat.v4.new_notebook()
    (tmp_path / "flat_student.ipynb").write_text(nbformat.writes(nb))
    for student, names in {"nested": ["optimization.ipynb"], "extra": ["optimization.ipynb", "notes.ipynb"],
                           "renamed": ["mine.ipynb"], "emptyassign": []}.items():
        folder = tmp_path / student / "optimization"
        folder.mkdir(parents=True)
        for name in names:
            (folder / name).write_text(nbformat.writes(nb))
    (tmp_path / "nothing").mkdir()
    (tmp_path / "loose").mkdir()
    (tmp_path / "loose" / "optimization.ipynb").write_text(nbformat.writes(nb))
    (tmp_path / ".hidden").mkdir()
    subs = {s.student: s for s in find_submissions(tmp_path, INFO)}
    assert set(subs) == {"flat_student", "nested", "extra", "renamed", "emptyassign", "nothing", "loose"}
    assert subs["flat_student"].notebook.name == "flat_student.ipynb" and not subs["flat_student"].notes
    assert subs["nested"].notebook.name == "optimization.ipynb" and not subs["nested"].notes
    assert subs["extra"].notes == ["extra notebook(s) ignored: notes.ipynb"]
    assert subs["renamed"].notes == ["renamed notebook: graded mine.ipynb as optimization.ipynb"]
    assert subs["emptyassign"].notebook is None and subs["nothing"].notebook is None
    assert subs["nothing"].why_missing == "no notebook submitted (expected optimization.ipynb)"
    assert "instead of loose/optimization/" in subs["loose"].notes[0]


# --- test cells: restored, and only the genuine ones count -------------------------

@needs_release
def test_deleted_cells_are_restored_in_place():
    release, source = nbformat.read(RELEASE, 4), nbformat.read(SOURCE, 4)
    nb = fill(release, source)
    want = _ids(nb)
    for gid in ("test_relu", "training_run", "test_training", "md_intro"):
        del nb.cells[_ids(nb).index(gid)]
    assert restore_missing_cells(nb, source) == ["md_intro", "test_relu", "training_run", "test_training"]
    assert _ids(nb) == want
    # a deleted solution cell is not made up
    del nb.cells[_ids(nb).index("relu")]
    assert restore_missing_cells(nb, source) == [] and "relu" not in _ids(nb)


def test_a_changed_test_cell_gets_no_points(tmp_path):
    source = nbformat.read(SOURCE, 4)
    graded = copy.deepcopy(source)
    cell = graded.cells[_ids(graded).index("test_relu")]
    cell.source = cell.source.replace("assert", "pass  #", 1)
    results = {c.grade_id: c for c in score_notebook(graded, INFO, None, {})}
    assert results["test_relu"].points == 0 and "changed" in results["test_relu"].messages[0]
    assert results["test_relu"].outcome is Outcome.CHANGED
    assert results["test_relu_der"].points == results["test_relu_der"].max_points  # no outbox: cell errors only


def test_outbox_archives_that_could_expand_are_refused(tmp_path):
    np.savez_compressed(tmp_path / "x.npz", a=np.zeros(1000))
    with pytest.raises(ValueError, match="compressed"):
        check_archive(tmp_path / "x.npz")
    serialize.save(tmp_path / "ok", [np.ones(3)])
    check_archive(tmp_path / "ok.npz")


def test_run_status_and_notes_come_from_the_executor_marks():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x"), nbformat.v4.new_code_cell("y")]
    nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="CellTimeoutError", evalue="", traceback=[])]
    nb.cells[0].metadata[RUN_KEY] = {"run": "timeout"}
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="KernelDied", evalue="", traceback=[])]
    nb.cells[1].metadata[RUN_KEY] = {"run": "kernel_died"}
    status, notes = run_status(read_runs(nb), 7, 900)
    assert status is Status.STOPPED and "cell 1 ran past the 7 s limit" in notes[0] and "died in cell 2" in notes[1]
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="NotRun", traceback=[],
                                                  evalue="Not run: the notebook used up its time budget of 9 s")]
    nb.cells[1].metadata[RUN_KEY] = {"run": "out_of_time"}
    status, notes = run_status(read_runs(nb), 7, 9)
    assert status is Status.TIMEOUT and "used up its 9 s budget before cell 2" in notes[1]
    # an exception the student's code raises under an executor's name is just an error
    del nb.cells[1].metadata[RUN_KEY]
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="KernelDied", evalue="fake", traceback=[])]
    status, _ = run_status(read_runs(nb), 7, 9)
    assert status is Status.GRADED and read_runs(nb)[1].exception == "KernelDied"


# --- sandbox uids ----------------------------------------------------------------

def test_uid_leases_are_exclusive():
    with lease_uid() as a, lease_uid() as b:
        if os.geteuid() != 0:
            assert a is None and b is None
        else:
            assert a != b and 61000 <= a < 61256 and 61000 <= b < 61256


# --- the sandbox launcher itself ------------------------------------------------------

PROBE = r"""
import json, os, resource, socket
r = {"uid": os.getuid(), "cwd": os.getcwd(), "pid": os.getpid()}
def t(name, fn):
    try:
        r[name] = ["ok", repr(fn())[:100]]
    except BaseException as e:
        r[name] = ["blocked", type(e).__name__]
t("solutions", lambda: open(os.environ["SECRET"]).read())
t("up_and_out", lambda: sorted(os.listdir("..")))
t("root_dir", lambda: sorted(os.listdir(os.environ["COURSE"])))
t("net", lambda: socket.create_connection(("1.1.1.1", 53), timeout=2))
t("write_box", lambda: open(os.environ["BOX"] + "/f", "w").write("x"))
t("write_cwd", lambda: open("f", "w"))
t("tmp", lambda: sorted(os.listdir("/tmp")))
r["nofile"] = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
r["nnp"] = [l for l in open("/proc/self/status") if l.startswith("NoNewPrivs")][0].split()[1]
print(json.dumps(r))
"""


@needs_isolation
def test_sandbox_shows_only_what_it_exposes(tmp_path):
    from course_lib.grading.sandbox import Limits, SandboxConfig
    from course_lib.paths import PACKAGE_DIR

    work = tmp_path / "job"
    (work / "cwd").mkdir(parents=True)
    (work / "box").mkdir()
    (work / "secret.py").write_text("ANSWER = 42")
    os.chmod(tmp_path, 0o755)
    os.chown(work / "box", 61200, 61200)
    cfg = SandboxConfig(limits=Limits(open_files=99), uid=61200,
                        expose=[os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), str(PACKAGE_DIR),
                                str(work / "cwd")],
                        writable=[str(work / "box")],
                        env={"PATH": "/usr/bin:/bin", "SECRET": str(work / "secret.py"), "BOX": str(work / "box"),
                             "COURSE": str(ROOT)})
    cfg.write(str(tmp_path / "cfg.json"))
    done = subprocess.run([sys.executable, "-m", "course_lib.grading.sandbox", str(tmp_path / "cfg.json"), "--",
                           sys.executable, "-c", PROBE], cwd=work / "cwd", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    r = json.loads(done.stdout)
    assert r["uid"] == 61200 and r["pid"] == 1 and r["cwd"] == str(work / "cwd")
    assert r["solutions"][0] == "blocked"
    assert r["up_and_out"] == ["ok", repr(["box", "cwd"])]          # `..` does not lead past the mask
    assert set(eval(r["root_dir"][1])) <= {".venv", "course_lib"}      # the course root: only the package
    assert r["net"][0] == "blocked" and r["write_cwd"][0] == "blocked" and r["write_box"][0] == "ok"
    assert r["nofile"] == 99 and r["nnp"] == "1"


# --- the guarded executor on tiny notebooks (plain local kernel, no nbgrader) ------------

def _run(cells, **kwargs):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    GuardedExecute(kernel_name="python3", **kwargs).preprocess(nb, {"metadata": {"path": "."}})
    _run.last_runs = read_runs(nb)
    return [[(o.get("ename") or o.get("text", "")[:60]) for o in c.outputs] for c in nb.cells]


def test_unresponsive_kernel_is_stopped_and_later_cells_not_run():
    out = _run(["import signal; signal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass", "print(1)"],
               timeout=3, responsive_timeout=2)
    assert "CellTimeoutError" in out[0] and "Unresponsive" in out[0]
    assert out[1] == ["NotRun"]
    assert [r.run.value for r in _run.last_runs] == ["unresponsive", "not_run"]


def test_dead_kernel_and_time_budget():
    out = _run(["import os; os._exit(1)", "print(1)"], timeout=20)
    assert out == [["KernelDied"], ["NotRun"]]
    assert [r.run.value for r in _run.last_runs] == ["kernel_died", "not_run"]
    out = _run(["import time; time.sleep(3)", "print(2)"], timeout=20, budget=3.5)
    assert out[1] == ["NotRun"] and _run.last_runs[1].run.value == "out_of_time"


def test_output_flood_is_cut():
    out = _run(["import sys\nfor _ in range(50): sys.stdout.write('x' * 100000)", "print('after')"],
               timeout=30, max_output_bytes=1_000_000)
    assert any("dropped the rest" in o for o in out[0])
    assert out[1] == ["after\n"]
    assert _run.last_runs[0].output_cut and not _run.last_runs[1].output_cut


# --- Gradescope ---------------------------------------------------------------------

def test_gradescope_json_shape():
    from course_lib.cli import gradescope_json

    res = Result("s", "graded", 5.0, 7.0, [CellResult("test_a", 5.0, 5.0), CellResult("test_b", 0.0, 2.0, ["bad"])],
                 notes=["a note"], seconds=12.4)
    out = gradescope_json(res, INFO)
    assert out["score"] == 5.0 and out["execution_time"] == 12 and "a note" in out["output"]
    assert out["tests"] == [
        {"name": "test_a", "score": 5.0, "max_score": 5.0, "status": "passed", "output": "passed",
         "visibility": "visible"},
        {"name": "test_b", "score": 0.0, "max_score": 2.0, "status": "failed", "output": "bad",
         "visibility": "visible"}]


def test_gradescope_json_leaves_a_pending_written_answer_neutral():
    from course_lib.cli import gradescope_json

    res = Result("s", "graded", 5.0, 9.0, [CellResult("test_a", 5.0, 5.0),
                                           CellResult("essay", 0.0, 4.0, outcome=Outcome.PENDING)])
    out = gradescope_json(res, INFO)
    essay = out["tests"][1]
    assert "max_score" not in essay and "status" not in essay, "Gradescope would show a pending answer as failed"
    assert "instructor" in essay["output"] and essay["score"] == 0.0
    assert "4 points of written answers await" in out["output"]
    assert out["score"] == 5.0


def test_gradescope_bundle_contents(tmp_path):
    from course_lib.cli import gradescope_bundle

    out = gradescope_bundle(ROOT, "optimization", tmp_path / "autograder.zip", grade_args="--cell-timeout 300")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        run = zf.read("run_autograder").decode()
        setup = zf.read("setup.sh").decode()
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
    assert {"setup.sh", "run_autograder", "course/pyproject.toml", "course/nbgrader_config.py",
            "course/source/optimization/optimization.ipynb", "course/solutions/optimization/reference.py",
            "course/solutions/optimization/hidden_tests.py", "course/course_lib/cli.py"} <= names
    assert not any("__pycache__" in n or n.startswith("course/release") or ".venv" in n for n in names)
    assert modes["run_autograder"] == modes["setup.sh"] == 0o755
    assert 'ASSIGNMENT="optimization"' in run and "--cell-timeout 300" in run and "AUTOGRADER_ROOT" in run
    assert 'COURSE_PACKAGE="${COURSE_PACKAGE:-$HERE/course}"' in setup
    for script in ("run_autograder", "setup.sh"):
        (tmp_path / script).write_text(run if script == "run_autograder" else setup)
        assert subprocess.run(["bash", "-n", str(tmp_path / script)]).returncode == 0
