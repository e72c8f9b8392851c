"""Broken and hostile submissions, graded for real: one batch, every case, precise expectations.

All cases (see ``grading_recipes.py``) of the toy assignment are graded in ONE
``grade_batch`` call, as ``course grade`` would do, in the sandbox with real
nbgrader and real kernels. Each case must get its exact score, status and note,
the batch must go on, and cheating must never gain a point.

The cases that show the sandbox hides files and the network are skipped, with
the reason, where the sandbox cannot use namespaces (not root, or no ``unshare``).
"""

from __future__ import annotations

import csv
import fcntl
import html
import json
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

import grading_recipes as recipes
from course_lib.grading.batch import grade_batch
from course_lib.grading.notebooks import read_assignment
from course_lib.grading.pipeline import Options, Result
from course_lib.grading.sandbox import namespaces_available
from conftest import TOY, grading_jobs

ROOT = TOY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]

ISOLATED = namespaces_available()
needs_isolation = pytest.mark.skipif(
    not ISOLATED, reason="the sandbox has no namespaces here (needs root and a working `unshare`), "
                         "so files and the network are not hidden from the kernel")

INFO = read_assignment(ROOT / "source", recipes.ASSIGNMENT)
POINTS = {c.grade_id: c.points for c in INFO.cells}
FULL = sum(POINTS.values())
HONEST = FULL - sum(POINTS[g] for g in recipes.NET)   # what the lazy network earns honestly
NB = f"{recipes.ASSIGNMENT}.ipynb"
CHEATS = ["patch_numpy_testing", "always_equal", "ndarray_subclass", "skip_tags", "answer_key", "fake_outbox",
          "overwrite_check", "read_other_students", "edited_tests", "deleted_tests", "symlink"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The one batch run, shared by every test here (and by every xdist worker: a file lock
    makes the first worker grade while the others wait, then all read the results)."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "grading-robustness"
    shared.mkdir(exist_ok=True)
    subs, out, done = shared / "submissions", shared / "out", shared / "done.json"
    with open(shared / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            recipes.build_all(ROOT, subs)
            start = time.monotonic()
            # unsafe_no_isolation only matters where there is no isolation at all (the isolation
            # checks below are skipped there); test_isolation.py covers the other levels
            grade_batch(ROOT, recipes.ASSIGNMENT, subs, out, jobs=grading_jobs(), force=True, progress=False,
                        options=Options(cell_timeout=recipes.CELL_TIMEOUT,
                                        submission_timeout=recipes.SUBMISSION_TIMEOUT, unsafe_no_isolation=True))
            done.write_text(json.dumps({"seconds": time.monotonic() - start}))
    results = {}
    for path in out.glob("*/result.json"):
        raw = json.loads(path.read_text())
        raw.pop("grader_version", None)
        results[raw["student"]] = Result.from_json(raw)
    return SimpleNamespace(results=results, out=out, subs=subs, seconds=json.loads(done.read_text())["seconds"])


def _cell(result, grade_id):
    return next(c for c in result.cells if c.grade_id == grade_id)


def _outputs_of(path: Path, grade_id: str) -> str:
    nb = nbformat.read(path, 4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def test_every_case_was_graded_once(batch):
    assert set(batch.results) == set(recipes.EXPECTED)
    print(f"\nbatch of {len(batch.results)} submissions graded in {batch.seconds:.0f} s with 2 jobs")


@pytest.mark.parametrize("student", sorted(recipes.EXPECTED))
def test_score_status_and_notes(batch, student):
    status, lost, notes = recipes.EXPECTED[student]
    if student in ("answer_key", "read_other_students") and not ISOLATED:
        pytest.skip("without namespaces the answer key and other submissions are readable by the kernel")
    res = batch.results[student]
    assert res.status == status, (res.status, res.notes)
    zero = set(POINTS) if lost is None else lost
    got = {c.grade_id: c.points for c in res.cells}
    assert got == {g: (0.0 if g in zero else p) for g, p in POINTS.items()}, \
        {c.grade_id: (c.points, c.messages[:1]) for c in res.cells if c.points != (0 if c.grade_id in zero else c.max_points)}
    assert res.score == sum(p for g, p in POINTS.items() if g not in zero)
    for fragment in notes:
        assert any(fragment in n for n in res.notes), (fragment, res.notes)
    # every lost cell says why
    for c in res.cells:
        if c.points < c.max_points and res.status not in ("missing", "invalid"):
            assert c.messages, c.grade_id
    if status in ("missing", "invalid", "stopped", "timeout"):
        assert res.notes, "a submission that was not fully graded must carry a note"


@pytest.mark.parametrize("student", CHEATS)
def test_cheating_never_gains(batch, student):
    """A cheat scores at most what its honest code earns (the lazy network, minus relu_der's bug where planted)."""
    if student in ("answer_key", "read_other_students") and not ISOLATED:
        pytest.skip("without namespaces the answer key and other submissions are readable by the kernel")
    res = batch.results[student]
    buggy = HONEST - POINTS["test_relu_der"]
    honest = {"edited_tests": buggy, "deleted_tests": buggy, "symlink": 0}.get(student, HONEST)
    assert res.score <= honest
    for gid in ("test_multi_layer_network", "test_training"):
        if student not in ("symlink",):
            assert _cell(res, gid).points == 0


def test_hostile_code_costs_only_its_own_cells(batch):
    """Runaway code in multi_layer_network loses the cells that need it and nothing before."""
    before = [c.grade_id for c in INFO.cells][: [c.grade_id for c in INFO.cells].index("test_multi_layer_network")]
    for student in ("loop_forever", "loop_ignoring_sigint", "alloc_50gb", "os_exit", "print_100mb", "fork_bomb",
                    "keyboard_interrupt", "sys_exit"):
        res = batch.results[student]
        assert all(_cell(res, g).points == POINTS[g] for g in before), student


def test_messages_say_what_happened(batch):
    r = batch.results
    assert "CellTimeoutError: the cell ran past the time limit" in _cell(r["loop_forever"], "test_multi_layer_network").messages[0]
    assert "NotRun" in _cell(r["loop_ignoring_sigint"], "test_classify").messages[0]
    assert "KernelDied" in _cell(r["os_exit"], "test_multi_layer_network").messages[0]
    assert "MemoryError" in _cell(r["alloc_50gb"], "test_multi_layer_network").messages[0]
    assert "KeyboardInterrupt" in _cell(r["keyboard_interrupt"], "test_multi_layer_network").messages[0]
    assert "SystemExit" in _cell(r["sys_exit"], "test_multi_layer_network").messages[0]
    # the restored test cell ran the real test: relu_der's bug at Z == 0 is caught
    assert "where Z > 0" in _cell(r["edited_tests"], "test_relu_der").messages[0]
    # overwriting check() only means the hidden tests never recorded anything
    assert "did not run" in _cell(r["overwrite_check"], "test_classify").messages[0]
    # a fake object or array subclass is refused by the data encoding or fails the comparison
    assert _cell(r["always_equal"], "test_multi_layer_network").messages
    assert _cell(r["ndarray_subclass"], "test_multi_layer_network").messages


def test_outputs_are_bounded(batch):
    path = batch.out / "print_100mb" / NB
    assert path.stat().st_size < 10_000_000
    assert "the grader dropped the rest of this cell's output" in _outputs_of(path, "test_multi_layer_network")
    assert (batch.out / "huge_stored_output" / NB).stat().st_size < 5_000_000


def test_gradebook_csv(batch):
    with open(batch.out / "gradebook.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = [c.grade_id for c in INFO.cells]
    assert list(rows[0]) == ["student", *ids, "total", "max_score", "status", "isolation", "notes"]
    by = {row["student"]: row for row in rows}
    assert set(by) == set(recipes.EXPECTED)
    assert float(by["ref_flat"]["total"]) == FULL and by["ref_flat"]["status"] == "graded"
    assert by["os_exit"]["status"] == "stopped" and "died" in by["os_exit"]["notes"]
    assert by["not_json"]["status"] == "invalid" and "not valid JSON" in by["not_json"]["notes"]
    assert by["empty_dir"]["status"] == "missing"
    for student, row in by.items():
        assert float(row["total"]) == sum(float(row[g]) for g in ids) == batch.results[student].score


def test_reports_and_per_student_outputs(batch):
    summary = (batch.out / "summary.md").read_text()
    assert f"{len(recipes.EXPECTED)} submission(s)" in summary and "histogram.png" in summary
    assert (batch.out / "histogram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for student, res in batch.results.items():
        folder = batch.out / student
        assert json.loads((folder / "result.json").read_text())["score"] == res.score
        if res.status in ("graded", "stopped", "timeout"):
            assert (folder / NB).exists() and (folder / "feedback.html").exists()
            assert (folder / "summary.md").read_text().startswith(f"## {recipes.ASSIGNMENT}")


def test_feedback_hides_hidden_tests_and_escapes_html(batch):
    for student in ("ref_flat", "probe", "loop_forever"):
        page = (batch.out / student / "feedback.html").read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", page))  # what a reader sees
        assert "BEGIN HIDDEN TESTS" not in text and 'check("' not in text
        assert "from course_lib.grading import check" not in text
        assert "hidden tests run by the grader" in text
        assert "outputs recorded for grading" not in text
    page = (batch.out / "probe" / "feedback.html").read_text()
    for payload in ("<script>alert('xss-markdown')", "<script>alert('xss-output')"):
        assert payload not in page
    assert not re.search(r"<img[^>]*onerror", page)  # only as escaped text
    # the autograded notebook (for instructors) keeps them
    assert "BEGIN HIDDEN TESTS" in (batch.out / "ref_flat" / NB).read_text()


@needs_isolation
def test_sandbox_hid_everything_from_the_probe(batch):
    nb = nbformat.read(batch.out / "probe" / NB, 4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if "PROBE" in o.get("text", ""))
    report = eval(text.split("PROBE", 1)[1].strip())  # a dict literal printed by the probe
    for key in ("network", "dns", "http", "answer_key", "graders", "source_nb", "gradebook", "shadow",
                "write_course_lib", "write_cwd", "setuid0", "sudo"):
        assert report[key].startswith("BLOCKED"), (key, report[key])
    # the course folder is not part of the kernel's view (at most its venv and course_lib)
    assert report["list_work_main"].startswith("BLOCKED") or not any(
        name in report["list_work_main"] for name in ("solutions", "source", "release", "nbgrader_config"))
    assert report["other_processes"] == "OK ['1']"  # its own PID namespace
    assert batch.results["probe"].score == FULL  # rm -rf ~ and chdir("/") did not break the grading


@needs_isolation
def test_answer_key_and_other_students_were_out_of_reach(batch):
    assert "answer key found via: nothing" in _outputs_of(batch.out / "answer_key" / NB,
                                                          "multi_layer_network")
    assert "stolen from another student: False" in _outputs_of(
        batch.out / "read_other_students" / NB, "multi_layer_network")
