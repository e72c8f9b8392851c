"""The contract every assignment of the course meets, checked once per discovered assignment.

* everything derived from the source notebook (twin, worked examples, reference module,
  release) is current, and the release leaks nothing;
* in ONE pipeline batch the filled reference gets the manifest's full points and the
  untouched release gets 0, and stock ``nbgrader autograde`` agrees; written answers (graded
  Markdown cells) are left to the instructor: the reference gets the points minus theirs, with
  theirs pending (stock nbgrader: needs manual grading);
* the hidden tests catch every wrong catalogue entry and pass every correct one (in-process);
* the committed mutation report (``docs/mutation/<a>.md``, written by ``make mutation``)
  was made from the current catalogue, hidden tests, reference and notebooks.

Expected scores come from the manifest and the notebook, never from numbers written here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import IN_CI, ROOT, copy_course, grading_jobs
from course_lib.assignments import discover, load
from course_lib.data import DataError
from course_lib.data.registry import locate

ASSIGNMENTS = discover(ROOT)


def _data_or_skip(manifest):
    """Skip (locally) or fail (in CI) when a dataset the assignment declares is not here."""
    for name in manifest.datasets:
        try:
            locate(name, allow_download=False)
        except DataError as exc:
            if IN_CI:
                raise
            pytest.skip(f"{manifest.name} needs the dataset {name!r}: {str(exc).splitlines()[0]}")


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def manifest(request):
    return load(request.param, ROOT)


def test_the_course_has_assignments():
    assert ASSIGNMENTS, "no assignment found under solutions/*/assignment.toml"


def test_points_total_the_manifest(manifest):
    from course_lib.grading.notebooks import read_assignment

    info = read_assignment(ROOT / "source", manifest.name)
    assert info.max_score == manifest.points, f"the notebook's graded cells total {info.max_score}"
    assert manifest.module in sys.modules or __import__(manifest.module)


def test_derived_files_are_current_and_release_is_clean(manifest):
    from course_lib.authoring.build import stale

    problems = stale(manifest)
    assert not problems, f"run `course build {manifest.name}` and commit: " + "; ".join(problems)


def test_catalogue_discriminates_in_process(manifest):
    from course_lib.mutation.harness import catalogue, quick

    entries = catalogue(manifest.name, ROOT)
    assert entries, f"solutions/{manifest.name}/mutations.py has no entries"
    rows = quick(manifest.name, entries, ROOT)
    survivors = [e.key for e, v_ok, _, h_ok, _ in rows if e.kind == "wrong" and v_ok and h_ok]
    failing = [f"{e.key}: {(vm or hm)[:200]}" for e, v_ok, vm, h_ok, hm in rows if e.kind == "correct"
               and not (v_ok and h_ok)]
    assert not survivors, f"wrong implementations that no test catches: {survivors}"
    assert not failing, f"correct alternatives that lose points: {failing}"


def test_mutation_report_is_current(manifest):
    from course_lib.mutation.harness import fingerprint, report_path

    report = report_path(manifest.name, ROOT)
    assert report.exists(), f"no {report.relative_to(ROOT)}: run `make mutation`"
    assert f"`{fingerprint(manifest.name, ROOT)}`" in report.read_text(), (
        f"{report.relative_to(ROOT)} is older than the catalogue, hidden tests, reference or notebooks: "
        f"run `make mutation` and commit the report")


@pytest.fixture(scope="module")
def graded(manifest, tmp_path_factory):
    """The reference and the untouched release, graded in one batch by the pipeline and by stock nbgrader."""
    from course_lib.grading.batch import grade_batch
    from course_lib.grading.pipeline import Options
    from course_lib.grading.submissions import fill

    _data_or_skip(manifest)
    tmp = tmp_path_factory.mktemp(f"contract-{manifest.name}")
    source = nbformat.read(manifest.source_notebook, 4)
    release = nbformat.read(manifest.release_notebook, 4)
    subs = tmp / "subs"
    subs.mkdir()
    reference = fill(release, source)
    for cell in reference.cells:   # a written answer is graded by the instructor: any text will do here
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"):
            cell.source = "A written answer (contract test)."
    nbformat.write(reference, subs / "reference.ipynb")
    nbformat.write(release, subs / "stub.ipynb")
    results = {r.student: r for r in grade_batch(ROOT, manifest.name, subs, tmp / "out", jobs=grading_jobs(),
                                                 force=True, progress=False, options=Options(
                                                     cell_timeout=manifest.limits.cell_timeout,
                                                     submission_timeout=manifest.limits.submission_timeout))}
    course = copy_course(tmp / "course")
    shutil.rmtree(course / "tests", ignore_errors=True)
    for student in ("reference", "stub"):
        dest = course / "submitted" / student / manifest.name
        dest.mkdir(parents=True)
        shutil.copy(subs / f"{student}.ipynb", dest / manifest.notebook)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", manifest.name, "--force"],
                   cwd=course, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", manifest.name, "--force"], cwd=course,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        stock = {s: (gb.find_submission(manifest.name, s).score,
                     gb.find_submission(manifest.name, s).needs_manual_grade) for s in ("reference", "stub")}
    return results, stock


def _manual_points(manifest) -> float:
    from course_lib.grading.notebooks import read_assignment

    return read_assignment(ROOT / "source", manifest.name).manual_points


def test_reference_gets_full_marks_and_stub_zero(graded, manifest):
    results, _ = graded
    ref, stub = results["reference"], results["stub"]
    manual = _manual_points(manifest)
    lost = {c.grade_id: c.messages[:1] for c in ref.cells if c.points < c.max_points and not c.manual}
    assert ref.score == manifest.points - manual and ref.max_score == manifest.points, lost
    assert ref.pending == manual and stub.pending == manual
    assert ref.status == "graded" and stub.status == "graded"
    assert stub.score == 0, [c.grade_id for c in stub.cells if c.points]


def test_stock_nbgrader_agrees(graded, manifest):
    _, stock = graded
    manual = _manual_points(manifest)
    assert stock == {"reference": (manifest.points - manual, bool(manual)), "stub": (0, False)}
