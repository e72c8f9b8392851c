"""Manually graded written answers end to end, with real nbgrader and real kernels.

The course is ``tests/toy_manual_course`` (assignment ``toy_manual``: one test cell worth 6
points and one written Markdown answer worth 4, whose rubric sits in the source's solution
region). release -> two submissions (ann answers, bob leaves the release untouched) ->
``course grade`` -> the answer is pending and the total provisional -> ``course manual
export`` -> scores and comments filled in -> ``course manual import`` -> merged totals and
feedback; bad CSVs change nothing; regrading keeps a grade while the answer is unchanged;
stock ``nbgrader autograde`` agrees (the answer needs manual grading). One browser check of
the feedback page, before and after the import.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import copy_course
from course_lib.grading.manual import COLUMNS
from course_lib.grading.notebooks import read_assignment
from course_lib.grading.submissions import fill
from test_feedback_browser import browser  # noqa: F401 (the fixture: Debian's Chromium via Playwright)

MANUAL_COURSE = Path(__file__).resolve().parent / "toy_manual_course"
A = "toy_manual"
NB = f"{A}.ipynb"
INFO = read_assignment(MANUAL_COURSE / "source", A)
WRITTEN = next(c for c in INFO.cells if c.manual)          # the written answer (why_relu, 4 points)
CODE_POINTS = INFO.max_score - INFO.manual_points          # what the autograder can give (6)
ANSWER = ("The sigmoid saturates, so its gradient vanishes in deep stacks; the gradient of ReLU is 1 "
          "for $z > 0$. <script>window.__pwned = 1</script>")
COMMENT = "Good: saturation <b>and</b> the unit gradient. Say why depth makes it worse."
FAST = ["--cell-timeout", "20", "--timeout", "120", "--jobs", "1", "--quiet"]

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]


def course(root: Path, *args, check=True):
    """The ``course`` command of this environment on the course at ``root``."""
    env = {**os.environ, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run([sys.executable, "-m", "course_lib.cli", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=600)
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def rows_of(path: Path) -> dict:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


def tree(folder: Path) -> dict:
    """Every file under ``folder`` with its bytes (to prove that nothing was written)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_csv(path: Path, header: list, rows: list) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def answered(release, source, text: str):
    nb = fill(release, source)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN.grade_id:
            cell.source = text
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A released copy of the course, ann's and bob's submissions, graded once by `course grade`."""
    tmp = tmp_path_factory.mktemp("manual")
    root = copy_course(tmp / "course", MANUAL_COURSE)
    shutil.rmtree(root / "release")
    released = course(root, "release", A)
    source = nbformat.read(root / "source" / A / NB, 4)
    release = nbformat.read(root / "release" / A / NB, 4)
    subs = tmp / "subs"
    for student, nb in {"ann": answered(release, source, ANSWER), "bob": release}.items():
        (subs / student / A).mkdir(parents=True)
        nbformat.write(nb, subs / student / A / NB)
    out = tmp / "out"
    course(root, "grade", A, str(subs), "--out", str(out), *FAST)
    shutil.copy(out / "ann" / "feedback.html", tmp / "pending.html")
    return {"root": root, "subs": subs, "out": out, "tmp": tmp, "released": released, "release": release}


@pytest.fixture
def out_copy(graded, tmp_path):
    """A private copy of the graded output folder (each test may import into it)."""
    return Path(shutil.copytree(graded["out"], tmp_path / "out"))


def test_release_keeps_the_rubric_out(graded):
    assert "no solution code" in graded["released"].stdout   # the release leak check passed
    text = json.dumps(nbformat.read(graded["root"] / "release" / A / NB, 4))
    assert "YOUR ANSWER HERE" in text
    assert WRITTEN.rubric and "sigmoid saturates" in WRITTEN.rubric
    assert "Rubric" not in text and "BEGIN SOLUTION" not in text
    assert "Rubric" not in (graded["root"] / "solutions" / A / "reference.py").read_text()


def test_grade_leaves_the_answer_pending_with_a_provisional_total(graded):
    out = graded["out"]
    rows = rows_of(out / "gradebook.csv")
    assert list(rows["ann"]) == ["student", *[c.grade_id for c in INFO.cells], "total", "max_score", "status",
                                 "manual", "isolation", "notes"]
    for student in ("ann", "bob"):
        assert rows[student]["manual"] == "needs manual grading" and rows[student]["status"] == "graded"
        assert rows[student][WRITTEN.grade_id] == ""          # no points yet, not a zero
    assert float(rows["ann"]["total"]) == CODE_POINTS and float(rows["ann"]["max_score"]) == INFO.max_score
    assert float(rows["bob"]["total"]) == 0
    summary = (out / "summary.md").read_text()
    assert f"provisional**: {2 * WRITTEN.points:g} points await manual grading (2 submission(s))" in summary
    ann = json.loads((out / "ann" / "result.json").read_text())
    cell = next(c for c in ann["cells"] if c["grade_id"] == WRITTEN.grade_id)
    assert cell["outcome"] == "pending" and cell["answer"] == ANSWER and not cell["unanswered"]
    bob = json.loads((out / "bob" / "result.json").read_text())
    cell = next(c for c in bob["cells"] if c["grade_id"] == WRITTEN.grade_id)
    assert cell["outcome"] == "pending" and cell["unanswered"] and cell["answer"].strip() == "YOUR ANSWER HERE"
    page = (out / "ann" / "feedback.html").read_text()
    assert "awaits the instructor's grading" in page and "This total is provisional" in page
    assert "sigmoid saturates" in page                    # ann's own answer
    assert "Rubric" not in page and "<script>window" not in page
    assert "unanswered" in (out / "bob" / "feedback.html").read_text()


def test_export_writes_one_row_per_student_and_answer(graded, tmp_path):
    answers = tmp_path / "answers.csv"
    done = course(graded["root"], "manual", "export", A, str(graded["out"]), "--to", str(answers))
    assert "course manual import" in done.stdout
    with open(answers, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    assert [(r["student"], r["grade_id"], r["max_points"], r["score"], r["comment"]) for r in rows] == [
        ("ann", WRITTEN.grade_id, f"{WRITTEN.points:g}", "", ""), ("bob", WRITTEN.grade_id, f"{WRITTEN.points:g}", "", "")]
    assert rows[0]["rubric"] == WRITTEN.rubric and rows[0]["answer"] == ANSWER


def _exported(graded, out: Path, tmp_path: Path) -> list:
    answers = tmp_path / "exported.csv"
    course(graded["root"], "manual", "export", A, str(out), "--to", str(answers))
    with open(answers, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("case", ["not_a_number", "too_high", "negative", "unknown_student", "unknown_grade_id",
                                  "missing_column", "twice", "answer_changed"])
def test_a_bad_csv_changes_nothing_and_says_what_to_fix(graded, out_copy, tmp_path, case):
    rows = _exported(graded, out_copy, tmp_path)
    header = list(COLUMNS)
    rows[0]["score"], rows[1]["score"] = "3", "0"
    expect = "row 2"
    if case == "not_a_number":
        rows[1]["score"], expect = "three", "row 3 (bob, why_relu): the score 'three' is not a number"
    elif case == "too_high":
        rows[0]["score"], expect = "5", "row 2 (ann, why_relu): the score 5 is outside 0..4"
    elif case == "negative":
        rows[0]["score"], expect = "-1", "the score -1 is outside 0..4"
    elif case == "unknown_student":
        rows[1]["student"], expect = "zed", "row 3: unknown student 'zed'"
    elif case == "unknown_grade_id":
        rows[0]["grade_id"], expect = "why_sigmoid", "row 2: unknown grade_id 'why_sigmoid'"
    elif case == "missing_column":
        header.remove("score")
        expect = "the column(s) score are missing"
    elif case == "twice":
        rows.append(dict(rows[0]))
        expect = "row 4: ann / why_relu is also in row 2"
    elif case == "answer_changed":
        rows[0]["answer"], expect = "another text", "row 2: the answer is not ann's current answer"
    before = tree(out_copy)
    bad = write_csv(tmp_path / "bad.csv", header, rows)
    done = course(graded["root"], "manual", "import", A, str(out_copy), str(bad), check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "nothing was changed" in done.stderr and expect in done.stderr, done.stderr
    assert tree(out_copy) == before


def test_import_merges_scores_and_comments_and_reimport_overwrites(graded, out_copy, tmp_path):
    rows = _exported(graded, out_copy, tmp_path)
    rows[0].update(score="3", comment=COMMENT)             # ann graded; bob's score stays empty: pending
    filled = write_csv(tmp_path / "filled.csv", COLUMNS, rows)
    done = course(graded["root"], "manual", "import", A, str(out_copy), str(filled))
    assert "still have answers awaiting grading" in done.stdout
    book = rows_of(out_copy / "gradebook.csv")
    assert float(book["ann"]["total"]) == CODE_POINTS + 3 and book["ann"][WRITTEN.grade_id] == "3"
    assert book["ann"]["manual"] == "graded"
    assert book["bob"]["manual"] == "needs manual grading" and float(book["bob"]["total"]) == 0
    ann = json.loads((out_copy / "ann" / "result.json").read_text())
    assert ann["score"] == CODE_POINTS + 3 and ann["grader_version"]
    cell = next(c for c in ann["cells"] if c["grade_id"] == WRITTEN.grade_id)
    assert (cell["outcome"], cell["points"], cell["comment"]) == ("graded_manually", 3.0, COMMENT)
    page = (out_copy / "ann" / "feedback.html").read_text()
    assert "3 / 4 points. Graded by the instructor, who wrote:" in page
    assert "Good: saturation &lt;b&gt;and&lt;/b&gt; the unit gradient." in page   # escaped, shown as typed
    assert "awaits the instructor" not in page and "provisional" not in page and "Rubric" not in page
    assert f"{CODE_POINTS + 3:g}</strong> / {INFO.max_score:g} points" in page
    summary = (out_copy / "summary.md").read_text()
    assert f"{WRITTEN.points:g} points await manual grading (1 submission(s))" in summary
    assert "graded by the instructor" in (out_copy / "ann" / "summary.md").read_text()
    # a corrected CSV, exported again (it carries the imported grade): overwrite ann, grade bob
    rows = _exported(graded, out_copy, tmp_path)
    assert rows[0]["score"] == "3" and rows[0]["comment"] == COMMENT
    rows[0]["score"], rows[1]["score"], rows[1]["comment"] = "4", "0", "No answer was given."
    course(graded["root"], "manual", "import", A, str(out_copy), str(write_csv(tmp_path / "again.csv", COLUMNS, rows)))
    book = rows_of(out_copy / "gradebook.csv")
    assert float(book["ann"]["total"]) == INFO.max_score and book["bob"]["manual"] == "graded"
    assert float(book["bob"]["total"]) == 0 and book["bob"][WRITTEN.grade_id] == "0"
    assert "provisional" not in (out_copy / "summary.md").read_text()


def test_regrading_keeps_the_grade_of_an_unchanged_answer_only(graded, out_copy, tmp_path):
    rows = _exported(graded, out_copy, tmp_path)
    rows[0].update(score="4", comment=COMMENT)
    course(graded["root"], "manual", "import", A, str(out_copy), str(write_csv(tmp_path / "f.csv", COLUMNS, rows)))
    subs = Path(shutil.copytree(graded["subs"], tmp_path / "subs"))
    course(graded["root"], "grade", A, str(subs), "--out", str(out_copy), "--force", *FAST)
    book = rows_of(out_copy / "gradebook.csv")
    assert float(book["ann"]["total"]) == INFO.max_score and book["ann"]["manual"] == "graded"
    assert COMMENT.split("<")[0] in (out_copy / "ann" / "feedback.html").read_text()
    # ann edits her answer: the earlier grade is set aside and the answer is pending again
    nb = nbformat.read(subs / "ann" / A / NB, 4)
    nb.cells[-1].source = "ReLU does not saturate."
    nbformat.write(nb, subs / "ann" / A / NB)
    done = course(graded["root"], "grade", A, str(subs), "--out", str(out_copy), *FAST)
    assert "the answer changed after the instructor graded it" in done.stderr
    book = rows_of(out_copy / "gradebook.csv")
    assert book["ann"]["manual"] == "needs manual grading" and float(book["ann"]["total"]) == CODE_POINTS
    assert "earlier grade (4 / 4) was set aside" in book["ann"]["notes"]


@pytest.mark.parametrize("failure", ["timeout", "nbgrader failed"])
def test_a_run_that_stops_early_keeps_the_written_answer_pending(graded, tmp_path, failure):
    """nbgrader killed by the whole-notebook limit, or failing: the answer still awaits grading and is exported.

    (A loop in one cell is stopped by the per-cell limit and the run goes on; this is the
    rarer hard stop, simulated by an nbgrader server that times out or fails.)
    """
    from course_lib.grading.discovery import Submission
    from course_lib.grading.pipeline import Grader, Options
    from course_lib.grading.results import save_result

    class Stopped:
        def run(self, args, cwd, timeout, env):
            if failure == "timeout":
                raise subprocess.TimeoutExpired(args, timeout)
            raise RuntimeError("the nbgrader server stopped before running the command")

        def close(self):
            pass

    path = tmp_path / "subs" / "cy" / A / NB
    path.parent.mkdir(parents=True)
    nbformat.write(answered(graded["release"], nbformat.read(graded["root"] / "source" / A / NB, 4), ANSWER), path)
    grader = Grader(graded["root"], A, Options(cell_timeout=20, submission_timeout=30))
    grader._nbgrader.close()
    grader._nbgrader = Stopped()
    try:
        result = grader.grade(Submission("cy", path, []), tmp_path / "out" / "cy")
    finally:
        grader.close()
    assert result.status.value == ("timeout" if failure == "timeout" else "error")
    cell = next(c for c in result.cells if c.grade_id == WRITTEN.grade_id)
    assert cell.outcome.value == "pending" and cell.answer == ANSWER
    assert result.pending == WRITTEN.points
    (tmp_path / "out" / "cy").mkdir(parents=True, exist_ok=True)   # as grade_batch does for every result
    save_result(result, tmp_path / "out" / "cy" / "result.json")
    course(graded["root"], "manual", "export", A, str(tmp_path / "out"), "--to", str(tmp_path / "a.csv"))
    rows = rows_of(tmp_path / "a.csv")
    assert rows["cy"]["answer"] == ANSWER and rows["cy"]["rubric"]


def test_stock_nbgrader_leaves_the_answer_to_manual_grading(graded):
    """Stock `nbgrader autograde` gives the code points and flags the written answer (as the contract test expects)."""
    root = graded["root"]
    for student in ("ann", "bob"):
        shutil.copytree(graded["subs"] / student, root / "submitted" / student)
    env = {**os.environ, "COURSE_ROOT": str(root), "COURSE_ASSIGNMENT": A}   # the hidden checks' answer key
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", A, "--force"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        subs = {s: gb.find_submission(A, s) for s in ("ann", "bob")}
        seen = {s: (sub.score, sub.needs_manual_grade) for s, sub in subs.items()}
    # nbgrader gives an untouched answer 0 without asking; `course grade` leaves it to the instructor
    assert seen == {"ann": (CODE_POINTS, True), "bob": (0, False)}


def test_feedback_page_in_the_browser(graded, out_copy, tmp_path, browser):  # noqa: F811
    """What ann reads: the pending note before the import, the score and comment after it."""
    rows = _exported(graded, out_copy, tmp_path)
    rows[0].update(score="3", comment=COMMENT)
    course(graded["root"], "manual", "import", A, str(out_copy), str(write_csv(tmp_path / "f.csv", COLUMNS, rows)))
    context = browser.new_context(offline=True)
    page = context.new_page()
    try:
        page.goto((graded["tmp"] / "pending.html").as_uri(), wait_until="load")
        verdict = page.locator(f"#cell-{WRITTEN.grade_id} .verdict").inner_text()
        assert "awaits the instructor's grading" in verdict
        assert "This total is provisional" in page.evaluate("document.body.innerText")
        assert page.evaluate("window.__pwned") is None
        page.goto((out_copy / "ann" / "feedback.html").as_uri(), wait_until="load")
        verdict = page.locator(f"#cell-{WRITTEN.grade_id} .verdict").inner_text()
        assert "3 / 4 points" in verdict and COMMENT in verdict       # the comment as the instructor typed it
        text = page.evaluate("document.body.innerText")
        assert "Rubric" not in text and "provisional" not in text
    finally:
        context.close()


def test_validate_reports_the_pending_points():
    done = course(MANUAL_COURSE, "validate", A, "--cell-timeout", "20", "--timeout", "120", "--jobs", "1")
    assert (f"{A}: source {CODE_POINTS:g}/{INFO.max_score:g} + {WRITTEN.points:g} points of written answers "
            f"pending manual grading") in done.stdout
