"""The ``course`` command: release, grade, grade-one, check, validate, demo.

Run ``course --help`` or ``course COMMAND --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .paths import course_root


def _root(args) -> Path:
    return Path(args.root).resolve() if args.root else course_root()


def _options(args):
    from .grading.pipeline import Options
    from .grading.sandbox import Limits

    return Options(cell_timeout=args.cell_timeout, submission_timeout=args.timeout,
                   limits=Limits(memory_mb=args.memory_mb, cpu_seconds=args.cpu_seconds),
                   sandbox=not args.no_sandbox, seed=args.seed)


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
    from .grading.pipeline import run_nbgrader

    done = run_nbgrader(["generate_assignment", assignment, "--force"], root, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"nbgrader generate_assignment failed:\n{done.stdout[-3000:]}")
    return find_leaks(root / "release" / assignment, root / "source" / assignment)


def cmd_release(args) -> int:
    root = _root(args)
    for assignment in args.assignments:
        problems = release(root, assignment)
        if problems:
            print(f"release/{assignment}: LEAKS FOUND", *problems, sep="\n  ")
            return 1
        print(f"release/{assignment}: generated; no solution code, hidden tests or answer-key imports.")
    return 0


# --- grade -------------------------------------------------------------------

def cmd_grade(args) -> int:
    from .grading.batch import grade_batch
    from .grading.notebooks import read_assignment

    root = _root(args)
    out = Path(args.out or root / "autograded" / args.assignment)
    results = grade_batch(root, args.assignment, Path(args.submissions), out, jobs=args.jobs,
                          options=_options(args), force=args.force, progress=not args.quiet)
    info = read_assignment(root / "source", args.assignment)
    _print_table(results, info)
    print(f"\nWrote {out}/gradebook.csv, summary.md, histogram.png and per-student feedback.")
    return 0


def gradescope_json(result, info) -> dict:
    """Gradescope's results format for one graded submission."""
    tests = []
    for cell in result.cells:
        tests.append({
            "name": cell.grade_id, "score": cell.points, "max_score": cell.max_points,
            "status": "passed" if cell.points >= cell.max_points else "failed",
            "output": "\n".join(cell.messages) or "passed", "visibility": "visible"})
    notes = "; ".join(result.notes)
    return {"score": result.score, "output": f"status: {result.status}" + (f"; {notes}" if notes else ""),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def cmd_grade_one(args) -> int:
    from .grading.feedback import summary_markdown
    from .grading.pipeline import Grader, Submission

    root = _root(args)
    notebook = Path(args.notebook).resolve()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    grader = Grader(root, args.assignment, _options(args))
    try:
        result = grader.grade(Submission(args.student, notebook if notebook.exists() else None), out,
                              uid=61000, extra_hidden=[str(out)])
    finally:
        grader.close()
    info = grader.info
    results_path = Path(args.results or out / "results.json")
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

def cmd_check(args) -> int:
    """Run the notebook's visible tests and print pass/fail per graded cell."""
    import nbformat
    from nbclient import NotebookClient

    from .grading.notebooks import NotebookProblem, load_submission

    path = Path(args.notebook)
    try:
        nb, _ = load_submission(path)
    except NotebookProblem as exc:
        print(f"{path}: {exc}")
        return 2
    client = NotebookClient(nb, timeout=args.cell_timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    client.execute()
    total = got = 0.0
    failed = 0
    print(f"{'test cell':<45} {'points':>7}  result")
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") and cell.cell_type == "code"):
            continue
        errors = [o for o in cell.outputs if o.get("output_type") == "error"]
        pts = float(meta.get("points", 0))
        total += pts
        if errors:
            failed += 1
            msg = f"{errors[0].get('ename')}: {str(errors[0].get('evalue', ''))[:80]}"
            print(f"{meta['grade_id']:<45} {0:>3g}/{pts:<3g}  FAILED  {msg}")
        else:
            got += pts
            print(f"{meta['grade_id']:<45} {pts:>3g}/{pts:<3g}  passed")
    print(f"\nVisible tests: {got:g}/{total:g} points would be kept if the hidden tests agree. "
          f"Hidden tests run only at grading time.")
    if args.save:
        nbformat.write(nb, args.save)
    return 0 if failed == 0 else 1


# --- validate ----------------------------------------------------------------

def validate(root: Path, assignments: list, jobs: int, options) -> list:
    """Source graded against the reference gets full marks; the release gets 0; no leaks."""
    import nbformat

    from .grading.batch import grade_batch
    from .grading.leaks import find_leaks

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
            if ref.score != ref.max_score:
                lost = [f"{c.grade_id} ({c.messages[0].splitlines()[0][:100] if c.messages else ''})"
                        for c in ref.cells if c.points < c.max_points]
                problems.append(f"{assignment}: the source scores {ref.score:g}/{ref.max_score:g}; lost: "
                                + ", ".join(lost) + f"; {ref.notes}")
            if stub.score != 0:
                problems.append(f"{assignment}: the untouched release scores {stub.score:g}, not 0: "
                                + ", ".join(c.grade_id for c in stub.cells if c.points))
            print(f"{assignment}: source {ref.score:g}/{ref.max_score:g} ({ref.seconds:.1f} s), "
                  f"release {stub.score:g}/{stub.max_score:g}")
    return problems


def cmd_validate(args) -> int:
    from .grading.answer_key import assignments

    root = _root(args)
    problems = validate(root, args.assignments or list(assignments()), args.jobs or 2, _options(args))
    if problems:
        print("VALIDATION FAILED", *problems, sep="\n  ")
        return 1
    print("validate: every source gets full marks, every release gets 0, no leaks.")
    return 0


# --- demo --------------------------------------------------------------------

def build_examples(root: Path, assignment: str, dest: Path) -> list:
    """Write the example submissions of ``examples/<assignment>.py`` to ``dest``."""
    import importlib

    import nbformat

    from .grading.submissions import fill

    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    examples = importlib.import_module(f"examples.{assignment}").EXAMPLES
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
    from .grading.batch import grade_batch
    from .grading.notebooks import read_assignment

    root = _root(args)
    assignment = args.assignment
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
    results = grade_batch(root, assignment, subs, out, jobs=args.jobs, options=_options(args), force=True)
    info = read_assignment(root / "source", assignment)
    _print_table(results, info)
    print(f"\nGradebook: {out / 'gradebook.csv'}")
    print(open(out / "gradebook.csv").read())
    return 0


# --- argument parsing --------------------------------------------------------

def _grading_args(p) -> None:
    p.add_argument("--cell-timeout", type=int, default=120, help="seconds one cell may run (default 120)")
    p.add_argument("--timeout", type=int, default=900, help="seconds one whole submission may run (default 900)")
    p.add_argument("--memory-mb", type=int, default=4096, help="address-space limit of a kernel (default 4096)")
    p.add_argument("--cpu-seconds", type=int, default=600, help="CPU-time limit of a kernel (default 600)")
    p.add_argument("--seed", type=int, default=None, help="seed of the hidden tests' inputs (default: fresh)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run kernels without the sandbox (only for trusted notebooks)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="course", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="course directory (default: found from the installed package or COURSE_ROOT)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="generate release/ASSIGNMENT with nbgrader and check it for leaks")
    p.add_argument("assignments", nargs="+")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("grade", help="grade a folder of submissions")
    p.add_argument("assignment")
    p.add_argument("submissions", help="submitted/<student>/<assignment>/*.ipynb or a flat folder of <student>.ipynb")
    p.add_argument("--out", help="output folder (default: autograded/ASSIGNMENT)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count(), help="parallel jobs (default: cores)")
    p.add_argument("--force", action="store_true", help="regrade submissions that were already graded")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _grading_args(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("grade-one", help="grade one notebook without a course directory (Gradescope / CI)")
    p.add_argument("notebook")
    p.add_argument("--assignment", default="optimization")
    p.add_argument("--student", default="student")
    p.add_argument("--out", default="grading-output", help="output folder (default: grading-output)")
    p.add_argument("--results", help="where to write results.json (default: OUT/results.json)")
    _grading_args(p)
    p.set_defaults(func=cmd_grade_one)

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
    p.add_argument("--assignment", default="optimization")
    p.add_argument("--jobs", "-j", type=int, default=2)
    _grading_args(p)
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "demo":  # the looping example should not hold the demo up for long
        args.cell_timeout = min(args.cell_timeout, 30)
        args.timeout = min(args.timeout, 150)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
