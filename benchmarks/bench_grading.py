"""Benchmark: batch grading of full reference submissions of each assignment, one job vs two.

Run from the course root (as root, so that the sandbox is the real one)::

    COURSE_MNIST_DIR=/path/to/mnist python benchmarks/bench_grading.py [ASSIGNMENT ...]

It writes N copies (default 20) of the reference submission (the release
filled with the source's solutions), grades them with ``--jobs 1`` and then
with ``--jobs 2`` (fresh output folders, ``--force``, the same hidden-test
seed), exactly as ``course grade`` does: real nbgrader, sandboxed kernels,
feedback HTML, reports. It prints the seconds per submission of each run, the
speed-up, whether every score is identical (and full), the load average before
and after, and where the time of one submission goes.

Targets: at most 20 s per full submission; a speed-up of at least 1.8 with
two jobs on two cores. Other processes on the machine make the figures noisy:
look at the load average printed with them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.modules.setdefault("rfc3987_syntax", None)  # as the `course` command does (slow, unused import)

import nbformat  # noqa: E402

from course_lib.grading import pipeline  # noqa: E402
from course_lib.grading.batch import grade_batch  # noqa: E402
from course_lib.grading.pipeline import Options  # noqa: E402
from course_lib.grading.submissions import fill  # noqa: E402
from course_lib.assignments import discover, load  # noqa: E402


def _cpu() -> float:
    self_, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_.ru_utime + self_.ru_stime + kids.ru_utime + kids.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def write_submissions(assignment: str, folder: Path, n: int) -> None:
    manifest = load(assignment, ROOT)
    release = nbformat.read(manifest.release_notebook, 4)
    good = fill(release, nbformat.read(manifest.source_notebook, 4))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        nbformat.write(good, folder / f"student{i:02d}.ipynb")


def run(assignment: str, subs: Path, out: Path, jobs: int, options: Options) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    load_before, cpu0, t0 = _load(), _cpu(), time.monotonic()
    results = grade_batch(ROOT, assignment, subs, out, jobs=jobs, options=options, force=True, progress=False)
    wall = time.monotonic() - t0
    return {"jobs": jobs, "wall": wall, "per_sub": wall / len(results), "cpu": _cpu() - cpu0,
            "scores": {r.student: r.score for r in results}, "statuses": {r.status for r in results},
            "mean_job": sum(r.seconds for r in results) / len(results),
            "load": f"{load_before} -> {_load()}"}


def profile_one(assignment: str, sub: Path, options: Options) -> None:
    """Where the time of one submission goes (the grader's own phases; the kernel is inside nbgrader)."""
    spent: dict = {}

    def timed(mod, name):
        fn = getattr(mod, name)

        def wrapper(*a, **k):
            t = time.monotonic()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.monotonic() - t
        setattr(mod, name, wrapper)
        return fn

    import course_lib.grading.execution as execution
    import course_lib.grading.feedback as feedback
    saved = [(execution, "run_nbgrader", timed(execution, "run_nbgrader")),
             (pipeline, "score_notebook", timed(pipeline, "score_notebook")),
             (pipeline, "build_cases", timed(pipeline, "build_cases")),
             (feedback, "write_feedback", timed(feedback, "write_feedback"))]
    try:
        t = time.monotonic()
        grader = pipeline.Grader(ROOT, assignment, options)
        init = time.monotonic() - t
        with tempfile.TemporaryDirectory() as tmp:
            for label in ("first", "second"):
                spent.clear()
                t = time.monotonic()
                res = grader.grade(pipeline.Submission("profile", sub), Path(tmp) / label)
                total = time.monotonic() - t
                print(f"  one submission ({label} in this process): {total:.1f} s, score {res.score:g}; "
                      + ", ".join(f"{k} {v:.2f} s" for k, v in spent.items())
                      + f"; other {total - sum(spent.values()):.2f} s")
        grader.close()
        print(f"  grader start-up (template from cache, MNIST located): {init:.2f} s")
    finally:
        for mod, name, fn in saved:
            setattr(mod, name, fn)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every assignment of the course")
    parser.add_argument("-n", type=int, default=20, help="submissions (default 20)")
    parser.add_argument("--cell-timeout", type=int, default=120)
    parser.add_argument("--seed", type=int, default=12345, help="hidden-test seed, the same for both runs")
    parser.add_argument("--no-profile", action="store_true", help="skip the one-submission breakdown")
    args = parser.parse_args()
    if not os.environ.get("COURSE_MNIST_DIR"):
        print("note: COURSE_MNIST_DIR is not set; the MNIST loader searches its cache (and may download)")
    status = 0
    for assignment in args.assignments or discover(ROOT):
        status |= bench(assignment, args)
    return status


def bench(assignment: str, args) -> int:
    """Grade ``args.n`` reference copies of ``assignment`` with 1 then 2 jobs; print the figures."""
    options = Options(cell_timeout=args.cell_timeout, submission_timeout=900, seed=args.seed)
    from course_lib.grading.isolation import detect

    print(f"grading benchmark: {args.n} copies of the reference {assignment} submission, "
          f"{os.cpu_count()} cores, sandbox isolation {detect().level.value}, "
          f"OPENBLAS_NUM_THREADS in the kernel = 1")
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        write_submissions(assignment, tmp / "subs", args.n)
        if not args.no_profile:
            print("profile:")
            profile_one(assignment, tmp / "subs" / "student00.ipynb", options)
        runs = [run(assignment, tmp / "subs", tmp / f"out{j}", j, options) for j in (1, 2)]
    for r in runs:
        print(f"--jobs {r['jobs']}: {r['wall']:.1f} s for {args.n} -> {r['per_sub']:.2f} s per submission "
              f"(mean time inside one job {r['mean_job']:.1f} s; CPU {r['cpu']:.0f} s = {r['cpu'] / args.n:.1f} CPU-s per submission; load avg {r['load']})")
    one, two = runs
    speedup = one["wall"] / two["wall"]
    identical = one["scores"] == two["scores"] and len(set(one["scores"].values())) == 1
    full = set(one["scores"].values()) == {load(assignment, ROOT).points}
    if not identical:
        print("scores differ:", {s: (one["scores"].get(s), two["scores"].get(s))
                                 for s in sorted(set(one["scores"]) | set(two["scores"]))})
    print(f"speed-up with 2 jobs: {speedup:.2f}x (target >= 1.8)")
    print(f"seconds per submission: {one['per_sub']:.2f} (1 job), {two['per_sub']:.2f} (2 jobs) (target <= 20)")
    print(f"scores identical across runs and submissions: {identical}; all full marks: {full}; "
          f"statuses: {sorted(one['statuses'] | two['statuses'])}")
    return 0 if identical and full else 1


if __name__ == "__main__":
    sys.exit(main())
