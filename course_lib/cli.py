"""The ``course`` command: release, grade, grade-one, check, validate, demo, doctor.

Run ``course --help`` or ``course COMMAND --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .paths import course_root


def _root(args) -> Path:
    return Path(args.root).resolve() if args.root else course_root()


def _answer_key_root(args) -> Path | None:
    """The course root when the answer key and hidden tests are there; else None (student side)."""
    from .paths import CourseRootError

    try:
        root = _root(args)
    except CourseRootError:
        return None
    from .assignments import discover

    return root if discover(root) else None


def _assignment(args, root: Path | None = None, name: str | None = None):
    """The manifest of the assignment named on the command line, or the course's only one."""
    from .assignments import AssignmentError, resolve

    try:
        return resolve(name if name is not None else getattr(args, "assignment", None), root or _root(args))
    except AssignmentError as exc:
        raise SystemExit(f"course: {exc}") from None


def _all_assignments(args, names: list) -> list:
    from .assignments import discover

    root = _root(args)
    return [_assignment(args, root, n) for n in (names or discover(root))]


def _options(args, assignment=None):
    """Grading options: the command line's, else the assignment manifest's time limits."""
    from .grading.pipeline import Options
    from .grading.sandbox import Limits

    limits = assignment.limits if assignment is not None else None
    cell = args.cell_timeout or (limits.cell_timeout if limits else 120)
    whole = args.timeout or (limits.submission_timeout if limits else 900)
    return Options(cell_timeout=cell, submission_timeout=whole,
                   limits=Limits(memory_mb=args.memory_mb, cpu_seconds=args.cpu_seconds),
                   sandbox=not args.no_sandbox, seed=args.seed, allow_download=not args.no_download,
                   stop_after=args.stop_after, unsafe_no_isolation=args.unsafe_no_isolation)


def _preflight(args, manifest) -> None:
    """Refuse early, before any release or copy, when the assignment's data is missing (MissingData)."""
    from .grading.datasets import require_datasets

    require_datasets(manifest, allow_download=not args.no_download)


def _print_table(results, info) -> None:
    width = max([len(r.student) for r in results] + [7])
    print(f"\n{'student':<{width}}  {'score':>7}  status    notes")
    for r in results:
        notes = "; ".join(r.notes)
        print(f"{r.student:<{width}}  {r.score:>5g}/{info.max_score:<3g} {r.status:<9} {notes[:110]}")


# --- release -----------------------------------------------------------------

def release(root: Path, assignment: str) -> list:
    """Generate ``release/<assignment>`` with nbgrader; return leak problems (empty: clean)."""
    from .grading.leaks import find_leaks
    from .grading.nbgrader_app import run_nbgrader

    done = run_nbgrader(["generate_assignment", assignment, "--force"], root, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"nbgrader generate_assignment failed:\n{done.stdout[-3000:]}")
    return find_leaks(root / "release" / assignment, root / "source" / assignment)


def cmd_release(args) -> int:
    root = _root(args)
    for assignment in [a.name for a in _all_assignments(args, args.assignments)]:
        problems = release(root, assignment)
        if problems:
            print(f"release/{assignment}: LEAKS FOUND", *problems, sep="\n  ")
            return 1
        print(f"release/{assignment}: generated; no solution code, hidden tests or answer-key imports.")
    return 0


# --- build -------------------------------------------------------------------

def cmd_build(args) -> int:
    """Derive the twin, worked examples, reference and release; with --check only report staleness."""
    from .authoring.build import build, stale
    from .authoring.examples import ExampleError

    status = 0
    for manifest in _all_assignments(args, args.assignments):
        try:
            if args.check:
                problems = stale(manifest, release=not args.no_release)
                for p in problems:
                    print(f"{manifest.name}: {p}")
                print(f"{manifest.name}: " + ("STALE: run `course build " + manifest.name + "`" if problems
                                               else "every derived file is current"))
                status |= bool(problems)
                continue
            report = build(manifest, release=not args.no_release)
        except ExampleError as exc:
            print(f"{manifest.name}: a worked example failed with the reference: {exc}")
            return 1
        for path in report.written:
            print(f"{manifest.name}: wrote {path}")
        if report.leaks:
            print(f"{manifest.name}: release LEAKS:", *report.leaks, sep="\n  ")
            status = 1
        if not report.written:
            print(f"{manifest.name}: everything was already current")
    return status


# --- grade -------------------------------------------------------------------

def cmd_grade(args) -> int:
    from .grading.batch import grade_batch
    from .grading.notebooks import read_assignment

    root = _root(args)
    if len(args.what) > 2:
        raise SystemExit("course grade: give [ASSIGNMENT] SUBMISSIONS")
    manifest = _assignment(args, root, args.what[0] if len(args.what) == 2 else None)
    shard = _shard(args.shard)
    out = Path(args.out or root / "autograded" / (manifest.name + (f"-shard-{shard.index}-of-{shard.count}"
                                                                   if shard else "")))
    results = grade_batch(root, manifest.name, Path(args.what[-1]), out, jobs=args.jobs,
                          options=_options(args, manifest), force=args.force, progress=not args.quiet,
                          shard=shard)
    info = read_assignment(root / "source", manifest.name)
    _print_table(results, info)
    print(f"\nWrote {out}/gradebook.csv, summary.md, histogram.png and per-student feedback.")
    if shard:
        print(f"This is shard {shard.index} of {shard.count}: combine the shards' folders with `course merge`.")
    return 0


def _shard(text: str | None):
    from .grading.shards import ShardError, parse_shard

    try:
        return parse_shard(text) if text else None
    except ShardError as exc:
        raise SystemExit(f"course grade: {exc}") from None


def cmd_merge(args) -> int:
    """Combine the output folders of ``course grade --shard K/N`` runs into one."""
    from .grading.notebooks import read_assignment
    from .grading.shards import ShardError, merge

    root = _root(args)
    manifest = _assignment(args, root)
    info = read_assignment(root / "source", manifest.name)
    out = Path(args.out or root / "autograded" / manifest.name)
    try:
        results = merge([Path(p) for p in args.parts], out, info)
    except ShardError as exc:
        print(f"course merge: {exc}", file=sys.stderr)
        return 1
    _print_table(results, info)
    print(f"\nMerged {len(args.parts)} part(s) into {out}/gradebook.csv, summary.md, histogram.png.")
    return 0


# --- manual (written answers) -----------------------------------------------------

def cmd_manual(args) -> int:
    """`course manual export [A] OUT --to CSV` and `course manual import [A] OUT CSV` (grading/manual.py)."""
    from .grading.manual import ManualError, export_answers, import_answers
    from .grading.notebooks import read_assignment

    root = _root(args)
    want = {"export": (1, 2), "import": (2, 3)}[args.action]
    if not want[0] <= len(args.what) <= want[1]:
        raise SystemExit("course manual: give export [ASSIGNMENT] OUT --to CSV, or import [ASSIGNMENT] OUT CSV")
    manifest = _assignment(args, root, args.what[0] if len(args.what) == want[1] else None)
    info = read_assignment(root / "source", manifest.name)
    out = Path(args.what[-1] if args.action == "export" else args.what[-2])
    if not info.manual_points:
        print(f"course manual: {manifest.name} has no manually graded answer", file=sys.stderr)
        return 2
    try:
        if args.action == "export":
            if not args.to:
                raise SystemExit("course manual export: say where to write the CSV with --to answers.csv")
            rows = export_answers(info, out, Path(args.to))
            print(f"Wrote {rows} answer(s) to {args.to}: fill in `score` (0..max_points; empty = still pending) "
                  f"and `comment`, then run `course manual import {manifest.name} {out} {args.to}`.")
            return 0
        results = import_answers(info, out, Path(args.what[-1]))
    except ManualError as exc:
        print(f"course manual {args.action}: nothing was changed:", *exc.problems, sep="\n  ", file=sys.stderr)
        return 2
    pending = [r for r in results if r.pending]
    _print_table(results, info)
    print(f"\nMerged the scores into {out}: result.json, feedback.html, gradebook.csv, summary.md."
          + (f" {len(pending)} submission(s) still have answers awaiting grading." if pending else
             " Every written answer is graded."))
    return 0


PENDING_ON_GRADESCOPE = ("Your written answer was received. Your instructor grades it by hand; "
                        "its points are not part of the autograder's score.")


def gradescope_json(result, info) -> dict:
    """Gradescope's results format for one graded submission.

    A written answer that awaits manual grading is listed without a ``max_score`` or a
    status (Gradescope would show it as failed), with a note that the instructor grades
    it; its points are left out of the autograder's total.
    """
    from .grading.status import Outcome

    tests = []
    for cell in result.cells:
        if cell.outcome is Outcome.PENDING:
            tests.append({"name": f"{cell.grade_id} (graded by your instructor)", "score": 0.0,
                          "output": PENDING_ON_GRADESCOPE, "visibility": "visible"})
            continue
        tests.append({
            "name": cell.grade_id, "score": cell.points, "max_score": cell.max_points,
            "status": "passed" if cell.points >= cell.max_points and not cell.messages else "failed",
            "output": "\n".join(cell.messages) or "passed", "visibility": "visible"})
    notes = "; ".join(result.notes)
    pending = (f"; {result.pending:g} points of written answers await your instructor's grading"
               if result.pending else "")
    return {"score": result.score, "execution_time": round(result.seconds),
            "output": f"{info.name}: {result.score:g} / {result.max_score:g} points{pending}; "
                      f"status: {result.status}" + (f"; {notes}" if notes else ""),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def find_one_notebook(path: Path, expected: str, student: str):
    """A :class:`Submission` for ``path``: a notebook, or a folder searched for notebooks (Gradescope)."""
    from .grading.discovery import Submission, pick_notebook

    if path.is_dir():
        found = [p for p in path.rglob("*.ipynb")
                 if p.is_file() and ".ipynb_checkpoints" not in p.parts and not p.name.startswith(".")]
        return pick_notebook(student, found, expected)
    if path.exists() or path.is_symlink():
        return Submission(student, path, [])
    return Submission(student, None, [], why_missing=f"no notebook submitted ({path.name} not found)")


def cmd_grade_one(args) -> int:
    from .grading.feedback import summary_markdown, write_feedback
    from .grading.pipeline import Grader

    notebook = Path(args.notebook).absolute()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    root = None if args.visible_only else _answer_key_root(args)
    if root is None:
        result, info, graded = visible_only_result(notebook, args)
        if graded is not None:
            result.feedback = str(write_feedback(graded, info, result, out / "feedback.html"))
    else:
        manifest = _assignment(args, root)
        grader = Grader(root, manifest.name, _options(args, manifest))
        for note in grader.notes:
            print(f"warning: {note}", file=sys.stderr)
        try:
            sub = find_one_notebook(notebook, grader.info.notebook, args.student)
            result = grader.grade(sub, out, extra_hidden=[str(out)])
        finally:
            grader.close()
        info = grader.info
    results_path = Path(args.results or out / "results.json")
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(json.dumps(gradescope_json(result, info), indent=1))
    summary = summary_markdown(result, info)
    (out / "summary.md").write_text(summary)
    step = os.environ.get("GITHUB_STEP_SUMMARY")
    if step:
        with open(step, "a") as fh:
            fh.write(summary)
    print(summary)
    print(f"Wrote {results_path} and {out}/summary.md" + (f" and {result.feedback}" if result.feedback else ""))
    return 0


# --- check (student side) ----------------------------------------------------

def run_visible(nb, folder: Path, cell_timeout: int) -> list:
    """Execute ``nb`` in a plain local kernel (student side); a :class:`CellResult` per graded cell.

    A cell passes when it ran without error; hidden tests are not involved (a
    released notebook has none). The kernel talks over IPC sockets in a private
    temporary folder, as in grading (over TCP, ipykernel warns on the terminal).
    """
    from .grading.execute import GuardedExecute, ipc_kernel_config
    from .grading.results import CellResult
    from .grading.runs import describe, read_runs
    from .grading.status import Run

    with tempfile.TemporaryDirectory(prefix="course-check-") as ipc:
        GuardedExecute(timeout=cell_timeout, interrupt_on_timeout=True, allow_errors=True, kernel_name="python3",
                       config=ipc_kernel_config(ipc)).preprocess(nb, {"metadata": {"path": str(folder)}})
    runs = {run.index: run for run in read_runs(nb)}
    cells = []
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") and cell.cell_type == "code"):
            continue
        pts, run = float(meta.get("points", 0)), runs[index]
        if run.run is Run.OK:
            cells.append(CellResult(meta.get("grade_id", "?"), pts, pts))
        else:
            cells.append(CellResult(meta.get("grade_id", "?"), 0.0, pts, [describe(run)], run.run.outcome,
                                    run.function))
    return cells


PROVISIONAL = ("provisional: only the notebook's visible tests ran here (the hidden tests and the "
               "reference are not available in this environment); the final grade may be lower")


def visible_only_result(notebook: Path, args):
    """Grade-one without the answer key: the visible tests only (status ``provisional``)."""
    from .grading.notebooks import AssignmentInfo, GradedCell, NotebookProblem, load_submission
    from .grading.results import Result
    from .grading.status import Status

    # Without the course's manifests (the student side) the assignment is named by the notebook.
    name = args.assignment or (notebook.stem if notebook.suffix == ".ipynb" else "assignment")
    sub = find_one_notebook(notebook, f"{name}.ipynb", args.student)
    result = Result(args.student, Status.PROVISIONAL, notebook=sub.notebook.name if sub.notebook else "",
                    notes=list(sub.notes))
    info = AssignmentInfo(name, f"{name}.ipynb", [])
    if sub.notebook is None:
        result.status = Status.MISSING
        result.notes.append(sub.why_missing or f"no notebook submitted (expected {info.notebook})")
        return result, info, None
    start = time.monotonic()
    try:
        nb, _ = load_submission(sub.notebook)
    except NotebookProblem as exc:
        result.status = Status.INVALID
        result.notes.append(f"{sub.notebook.name}: {exc}")
        return result, info, None
    result.cells = run_visible(nb, sub.notebook.parent.resolve(), args.cell_timeout or 120)
    info.cells = [GradedCell(c.grade_id, c.max_points) for c in result.cells]
    result.score = sum(c.points for c in result.cells)
    result.max_score = info.max_score
    result.notes.append(PROVISIONAL)
    result.seconds = round(time.monotonic() - start, 2)
    return result, info, nb


def cmd_check(args) -> int:
    """Run the notebook's visible tests and print pass/fail per graded cell."""
    import nbformat

    from .grading.notebooks import NotebookProblem, load_submission

    path = Path(args.notebook)
    try:
        nb, _ = load_submission(path)
    except NotebookProblem as exc:
        print(f"{path}: {exc}")
        return 2
    from .grading.status import Outcome

    cells = run_visible(nb, path.parent.resolve(), args.cell_timeout)
    print(f"{'test cell':<45} {'points':>7}  result")
    for c in cells:
        if c.outcome is Outcome.PASSED:
            print(f"{c.grade_id:<45} {c.points:>3g}/{c.max_points:<3g}  passed")
        else:
            verdict = "TO DO " if c.outcome is Outcome.NOT_IMPLEMENTED else "FAILED"
            first = c.messages[0].splitlines()[0] if c.messages else ""
            print(f"{c.grade_id:<45} {c.points:>3g}/{c.max_points:<3g}  {verdict}  {first[:300]}")
    got, total = sum(c.points for c in cells), sum(c.max_points for c in cells)
    print(f"\nVisible tests: {got:g}/{total:g} points would be kept if the hidden tests agree. "
          f"Hidden tests run only at grading time.")
    if args.save:
        nbformat.write(nb, args.save)
    return 0 if all(c.outcome is Outcome.PASSED for c in cells) else 1


# --- validate ----------------------------------------------------------------

def validate(root: Path, assignments: list, jobs: int, options) -> list:
    """Source graded against the reference gets full marks; the release gets 0; no leaks."""
    import nbformat

    from .grading.batch import grade_batch

    problems = []
    with tempfile.TemporaryDirectory(prefix="course-validate-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(root, tmp / "course", ignore=shutil.ignore_patterns(".venv", ".git", "autograded",
                                                                             "gradebook.db", "__pycache__"))
        for assignment in assignments:
            problems += [f"{assignment}: {p}" for p in release(tmp / "course", assignment)]
            subs = tmp / "subs" / assignment
            subs.mkdir(parents=True)
            src = next((root / "source" / assignment).glob("*.ipynb"))
            rel = tmp / "course" / "release" / assignment / src.name
            nbformat.write(nbformat.read(src, 4), subs / "reference.ipynb")
            shutil.copy(rel, subs / "release.ipynb")
            results = {r.student: r for r in grade_batch(tmp / "course", assignment, subs, tmp / "out" / assignment,
                                                         jobs=jobs, options=options, progress=False)}
            ref, stub = results["reference"], results["release"]
            # written answers stay pending (0 points) until an instructor grades them
            if ref.score != ref.max_score - ref.pending:
                lost = [f"{c.grade_id} ({c.messages[0].splitlines()[0][:100] if c.messages else ''})"
                        for c in ref.cells if c.points < c.max_points and not c.manual]
                problems.append(f"{assignment}: the source scores {ref.score:g}/{ref.max_score:g}; lost: "
                                + ", ".join(lost) + f"; {ref.notes}")
            if stub.score != 0:
                problems.append(f"{assignment}: the untouched release scores {stub.score:g}, not 0: "
                                + ", ".join(c.grade_id for c in stub.cells if c.points))
            pending = f" + {ref.pending:g} points of written answers pending manual grading" if ref.pending else ""
            print(f"{assignment}: source {ref.score:g}/{ref.max_score:g}{pending} ({ref.seconds:.1f} s), "
                  f"release {stub.score:g}/{stub.max_score:g}")
    return problems


def cmd_validate(args) -> int:
    root = _root(args)
    problems = []
    manifests = _all_assignments(args, args.assignments)
    for manifest in manifests:
        _preflight(args, manifest)
    for manifest in manifests:
        problems += validate(root, [manifest.name], args.jobs or 2, _options(args, manifest))
    if problems:
        print("VALIDATION FAILED", *problems, sep="\n  ")
        return 1
    print("validate: every source gets full marks (written answers aside: they await manual grading), "
          "every release gets 0, no leaks.")
    return 0


# --- demo --------------------------------------------------------------------

def build_examples(root: Path, assignment: str, dest: Path) -> list:
    """Write the example submissions of ``solutions/<assignment>/demo.py`` to ``dest``."""
    import importlib

    import nbformat

    from .grading.submissions import fill

    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    examples = importlib.import_module(f"solutions.{assignment}.demo").EXAMPLES
    src = next((root / "source" / assignment).glob("*.ipynb"))
    source_nb = nbformat.read(src, 4)
    release_nb = nbformat.read(root / "release" / assignment / src.name, 4)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for student, recipe in examples.items():
        path = dest / f"{student}.ipynb"
        if recipe == "stub":
            nbformat.write(release_nb, path)
        elif recipe == "corrupt":
            text = nbformat.writes(fill(release_nb, source_nb))
            path.write_text(text[: len(text) // 2])
        else:
            nbformat.write(fill(release_nb, source_nb, recipe["overrides"]), path)
        written.append(path)
    return written


def cmd_demo(args) -> int:
    root = _root(args)
    manifests = _all_assignments(args, args.assignments)
    for manifest in manifests:
        _preflight(args, manifest)
    for manifest in manifests:
        status = demo_one(root, manifest, args)
        if status:
            return status
    return 0


def demo_one(root: Path, manifest, args) -> int:
    """Release one assignment, build its example submissions and grade them."""
    from .grading.batch import grade_batch
    from .grading.notebooks import read_assignment

    assignment = manifest.name
    problems = release(root, assignment)
    if problems:
        print("release has leaks:", *problems, sep="\n  ")
        return 1
    print(f"release/{assignment}: generated and checked for leaks.")
    subs = root / "build" / "examples" / assignment
    if subs.exists():
        shutil.rmtree(subs)
    build_examples(root, assignment, subs)
    print(f"example submissions written to {subs.relative_to(root)}/")
    out = root / "autograded" / assignment
    # The looping example should not hold the demo up: a short per-cell limit from the manifest.
    options = _options(args, manifest)
    options.cell_timeout = min(options.cell_timeout, manifest.limits.demo_cell_timeout)
    options.submission_timeout = min(options.submission_timeout, 150)
    results = grade_batch(root, assignment, subs, out, jobs=args.jobs, options=options, force=True)
    info = read_assignment(root / "source", assignment)
    _print_table(results, info)
    print(f"\nGradebook: {out / 'gradebook.csv'}")
    print(open(out / "gradebook.csv").read())
    return 0


# --- Gradescope ----------------------------------------------------------------

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, from /autograder/source, when it builds the autograder image.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# What to install: the course package. Default: the copy of the course in this bundle (it
# also carries the answer key, which stays on Gradescope's side). To install a published
# build instead, set COURSE_PACKAGE (e.g. git+https://github.com/ORG/COURSE.git@v1).
COURSE_PACKAGE="${COURSE_PACKAGE:-@PACKAGE@}"
PY="${COURSE_PYTHON:-python3}"
if ! "$PY" -m pip --version >/dev/null 2>&1 && command -v apt-get >/dev/null; then
    apt-get update && apt-get install -y python3 python3-pip
fi
"$PY" -m pip install --upgrade pip
"$PY" -m pip install "$COURSE_PACKAGE"
# Fetch MNIST once, into the image, so that grading never downloads. It goes where the
# kernels can read it: they run as a uid of their own (see docs/ISOLATION.md).
DATA="${COURSE_DATA_DIR:-/opt/dl-course-data}"
COURSE_DATA_CACHE="$DATA" COURSE_ROOT="$HERE/course" "$PY" -c \
    "from course_lib import get_mnist; print('MNIST:', get_mnist().source)"
chmod -R a+rX "$DATA"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission: it grades $ROOT/submission/*.ipynb and writes
# $ROOT/results/results.json. ROOT is /autograder unless AUTOGRADER_ROOT says otherwise.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
ASSIGNMENT="@ASSIGNMENT@"
PY="${COURSE_PYTHON:-$(command -v python3 || command -v python)}"
export COURSE_ROOT="${COURSE_ROOT:-$ROOT/source/course}"
export COURSE_MNIST_DIR="${COURSE_MNIST_DIR:-${COURSE_DATA_DIR:-/opt/dl-course-data}/mnist}"
RESULTS="$ROOT/results"
mkdir -p "$RESULTS"
# Where the container allows no namespaces, the kernel's own uid and these permissions are
# what keeps the answer key from it (isolation uid-only, acceptable here: this container
# holds nothing but this course): the course is for root alone.
chmod -R go-rwx "$COURSE_ROOT" 2>/dev/null || true
export COURSE_ALLOW_UID_ONLY="${COURSE_ALLOW_UID_ONLY:-1}"
rm -f "$RESULTS/results.json"
# shellcheck disable=SC2086
"$PY" -m course_lib.cli --root "$COURSE_ROOT" grade-one "$ROOT/submission" --assignment "$ASSIGNMENT" \
    --out "$RESULTS/grading-output" --results "$RESULTS/results.json" @GRADE_ARGS@ ${COURSE_GRADE_ARGS:-} \
    > "$RESULTS/grading.log" 2>&1
status=$?
cat "$RESULTS/grading.log"
if [ ! -s "$RESULTS/results.json" ]; then
    # The grader itself failed: score 0 with an explanation; the log stays for the instructor.
    printf '%s\n' '{"score": 0, "visibility": "visible", "stdout_visibility": "hidden",' \
        '"output": "The autograder could not grade this submission (internal error, exit status '"$status"'). Please contact the course staff."}' \
        > "$RESULTS/results.json"
fi
exit 0
"""

BUNDLE_DIRS = ("course_lib",)
BUNDLE_FILES = ("pyproject.toml", "README.md", "nbgrader_config.py", "LICENSE")


def gradescope_bundle(root: Path, assignment: str, out: Path, package: str = "", grade_args: str = "") -> Path:
    """Write the Gradescope autograder zip: setup.sh, run_autograder and ``course/``.

    ``course/`` holds what grading needs and nothing else: the package sources
    (so setup.sh can pip-install them), the assignment's source notebook, the
    answer key and the hidden-test suites.
    """
    import zipfile

    if not (root / "source" / assignment).is_dir():
        raise SystemExit(f"no source/{assignment} in {root}")
    skip = ("__pycache__", ".ipynb_checkpoints")

    def files_under(folder: Path):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(part in skip for part in path.parts) and path.suffix != ".pyc":
                yield path

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    entries = [root / f for f in BUNDLE_FILES if (root / f).is_file()] + [root / "solutions" / "__init__.py"]
    for folder in BUNDLE_DIRS + (f"source/{assignment}", f"solutions/{assignment}"):
        entries += list(files_under(root / folder))
    setup = SETUP_SH.replace("@PACKAGE@", package or "$HERE/course")
    run = RUN_AUTOGRADER.replace("@ASSIGNMENT@", assignment).replace("@GRADE_ARGS@", grade_args)

    def add_text(zf, name, text, mode):
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.external_attr = (0o100000 | mode) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, text)

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        add_text(zf, "setup.sh", setup, 0o755)
        add_text(zf, "run_autograder", run, 0o755)
        for path in entries:
            add_text(zf, "course/" + path.relative_to(root).as_posix(), path.read_bytes(), 0o644)
    return out


def cmd_gradescope_bundle(args) -> int:
    root = _answer_key_root(args)
    if root is None:
        raise SystemExit("gradescope-bundle needs the course repository (with solutions/<assignment>/); "
                         "run it there or pass --root")
    out = gradescope_bundle(root, _assignment(args, root).name, Path(args.out), args.package, args.grade_args)
    print(f"Wrote {out}: upload it as the Gradescope autograder (Ubuntu base image).")
    return 0


# --- argument parsing --------------------------------------------------------

def _grading_args(p) -> None:
    p.add_argument("--cell-timeout", type=int, default=None,
                   help="seconds one cell may run (default: the assignment manifest's, usually 120)")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds one whole submission may run (default: the manifest's, usually 900)")
    p.add_argument("--memory-mb", type=int, default=4096, help="address-space limit of a kernel (default 4096)")
    p.add_argument("--cpu-seconds", type=int, default=600, help="CPU-time limit of a kernel (default 600)")
    p.add_argument("--seed", type=int, default=None, help="seed of the hidden tests' inputs (default: fresh)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run kernels without the sandbox (only for trusted notebooks)")
    p.add_argument("--no-download", action="store_true",
                   help="never download missing data: grade nothing and say what to set instead")
    p.add_argument("--unsafe-no-isolation", action="store_true",
                   help="grade even where student code cannot be isolated (see `course doctor`); "
                        "every result is marked isolation=none")
    p.add_argument("--stop-after", metavar="GRADE_ID", default=None,
                   help="run each notebook only up to this test cell; later cells get 0 (quick checks)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="course directory (default: found from the installed package or COURSE_ROOT)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="generate release/ASSIGNMENT with nbgrader and check it for leaks")
    p.add_argument("assignments", nargs="*", help="default: every assignment")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("build", help="after editing a notebook: rebuild its twin, worked-example numbers, "
                                     "reference module and release (--check: only report what is stale)")
    p.add_argument("assignments", nargs="*", help="default: every assignment")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 when anything derived is stale")
    p.add_argument("--no-release", action="store_true", help="skip nbgrader generate_assignment")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("grade", help="grade a folder of submissions: course grade [ASSIGNMENT] SUBMISSIONS")
    p.add_argument("what", nargs="+", metavar="[ASSIGNMENT] SUBMISSIONS",
                   help="the assignment (optional when the course has one) and the folder "
                        "submitted/<student>/<assignment>/*.ipynb or a flat folder of <student>.ipynb")
    p.add_argument("--out", help="output folder (default: autograded/ASSIGNMENT)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count(), help="parallel jobs (default: cores)")
    p.add_argument("--force", action="store_true", help="regrade submissions that were already graded")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--shard", metavar="K/N",
                   help="grade only shard K of N (a fixed share of the students, by name); merge the "
                        "shards' output folders with `course merge` (default output: autograded/A-shard-K-of-N)")
    _grading_args(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("merge", help="combine the output folders of `course grade --shard K/N` runs into one "
                                     "gradebook, summary and histogram")
    p.add_argument("parts", nargs="+", help="the shards' output folders")
    p.add_argument("--assignment", help="default: the course's only assignment")
    p.add_argument("--out", help="output folder (default: autograded/ASSIGNMENT)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("manual", help="written answers: export them with the rubric to a CSV, import the "
                                      "scores and comments (see README)")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("what", nargs="+", metavar="[ASSIGNMENT] OUT [CSV]",
                   help="export: [ASSIGNMENT] OUT (the `course grade` output folder); import: [ASSIGNMENT] OUT CSV")
    p.add_argument("--to", metavar="CSV", help="export: the CSV to write (one row per student and answer)")
    p.set_defaults(func=cmd_manual)

    p = sub.add_parser("grade-one", help="grade one notebook (Gradescope / CI): results.json, summary.md, "
                                         "feedback.html")
    p.add_argument("notebook", help="the notebook, or a folder to search for it (e.g. /autograder/submission)")
    p.add_argument("--assignment", help="default: the course's only assignment, or the notebook's name")
    p.add_argument("--student", default="student")
    p.add_argument("--out", default="grading-output", help="output folder (default: grading-output)")
    p.add_argument("--results", help="where to write results.json (default: OUT/results.json)")
    p.add_argument("--visible-only", action="store_true",
                   help="run only the notebook's visible tests (automatic when the answer key is not installed)")
    _grading_args(p)
    p.set_defaults(func=cmd_grade_one)

    p = sub.add_parser("gradescope-bundle", help="build the Gradescope autograder zip (setup.sh, run_autograder, "
                                                 "the course with its answer key)")
    p.add_argument("--out", default="autograder.zip")
    p.add_argument("--assignment", help="default: the course's only assignment")
    p.add_argument("--package", default="",
                   help="what setup.sh pip-installs (default: the course copy inside the zip), e.g. "
                        "git+https://github.com/ORG/COURSE.git")
    p.add_argument("--grade-args", default="", help="extra options for grade-one, e.g. '--cell-timeout 300'")
    p.set_defaults(func=cmd_gradescope_bundle)

    p = sub.add_parser("check", help="student side: run the visible tests and print pass/fail per test cell")
    p.add_argument("notebook")
    p.add_argument("--cell-timeout", type=int, default=300)
    p.add_argument("--save", help="also save the executed notebook here")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("validate", help="source gets full marks, release gets 0, no leaks (in a temp folder)")
    p.add_argument("assignments", nargs="*")
    p.add_argument("--jobs", "-j", type=int, default=2)
    _grading_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("demo", help="release, build the example submissions, grade them with --jobs 2")
    p.add_argument("assignments", nargs="*", help="default: every assignment")
    p.add_argument("--jobs", "-j", type=int, default=2)
    _grading_args(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("doctor", help="which isolation this machine gives student code, proven by a probe "
                                      "submission")
    p.add_argument("assignment", nargs="?", help="default: the course's only assignment")
    p.set_defaults(func=cmd_doctor)
    return parser


def cmd_doctor(args) -> int:
    from .doctor import doctor

    return doctor(_root(args), _assignment(args).name)


def main(argv=None) -> int:
    # jsonschema's optional RFC 3987 grammar takes over a second to import and is never used
    # by nbformat's schema; keep it out of this process (nbgrader's subprocess does the same).
    sys.modules.setdefault("rfc3987_syntax", None)
    from .grading.datasets import MissingData

    args = build_parser().parse_args(argv)
    from .grading.isolation import IsolationRefused

    try:
        return int(args.func(args) or 0)
    except MissingData as exc:
        print(f"course {args.command}: refused: {exc}", file=sys.stderr)
        return 2
    except IsolationRefused as exc:
        print(f"course {args.command}: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
