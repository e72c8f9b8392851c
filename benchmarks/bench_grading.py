"""Benchmark: batch grading of full reference submissions of each assignment, one job vs two.

Run from the course root (as root, so that the sandbox is the real one)::

    COURSE_MNIST_DIR=/path/to/mnist python benchmarks/bench_grading.py [ASSIGNMENT ...] [--copies N]

It writes N copies (``-n``/``--copies``, default 20) of the reference submission (the release
filled with the source's solutions), grades them with ``--jobs 1`` and then
with ``--jobs 2`` (fresh output folders, ``--force``, the same hidden-test
seed), exactly as ``course grade`` does: real nbgrader, sandboxed kernels,
feedback HTML, reports. It prints the seconds per submission of each run, the
speed-up, whether every score is identical (and full), the load average before
and after, and where the time of one submission goes.

Targets: at most 8 CPU-s per ``optimization`` submission with one job (issue 13);
a speed-up of at least 1.8 with two jobs on two cores. ``--profile-only`` prints
only the breakdown of one submission's CPU-seconds (docs/GRADING_COST.md).
Other processes on the machine make the figures noisy (CPU-seconds too: two
busy cores slow each other down): look at the load average printed with them.
"""

from __future__ import annotations

import argparse
import json
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


# --- where the CPU-seconds of one submission go ------------------------------------------------

# An IPython startup file added to the profiled job only: the kernel's own CPU time (every thread,
# and the sandbox launcher it was exec'ed from) before and after each cell, appended to a file in
# its home folder, which the profiler reads before the job folder is removed.
KERNEL_PROBE = '''\
import json as _json, os as _os, resource as _resource, time as _time
def _course_cpu():
    r = _resource.getrusage(_resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
_course_probe = open(_os.path.join(_os.environ["HOME"], "cpu-probe.jsonl"), "a", buffering=1)
_course_probe.write(_json.dumps({"event": "start", "cpu": _course_cpu()}) + "\\n")
def _course_pre(info):
    _course_probe.write(_json.dumps({"event": "pre", "cpu": _course_cpu(), "t": _time.monotonic(),
                                     "source": info.raw_cell}) + "\\n")
def _course_post(result):
    _course_probe.write(_json.dumps({"event": "post", "cpu": _course_cpu(), "t": _time.monotonic()}) + "\\n")
get_ipython().events.register("pre_run_cell", _course_pre)
get_ipython().events.register("post_run_cell", _course_post)
'''


def _self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _own_cpu(pid: int | None) -> float:
    """CPU-seconds of the running process ``pid`` itself (not its children), from /proc."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cell_kind(cell) -> str:
    """The profile row of a code cell of the source notebook."""
    gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
    named = {"setup_imports": "kernel: the notebook's imports (numpy, matplotlib, course_lib)",
             "data_load": "kernel: MNIST loading (get_mnist)",
             "data_show": "kernel: show_digits (100-digit grid)",
             "training_run": "kernel: the training cell",
             "test_training": "kernel: the training check (visible; hidden check records `parameters`)"}
    if gid in named:
        return named[gid]
    if cell.metadata.get("nbgrader", {}).get("grade"):
        return "kernel: graded test cells (visible tests + hidden checks)"
    return "kernel: the student's function cells and other given cells"


def profile_one(assignment: str, sub: Path, options: Options) -> dict:
    """CPU-seconds of one submission by stage, measured (not estimated); printed and returned as rows.

    Trusted process: ``RUSAGE_SELF`` around each stage (nothing else runs meanwhile).
    nbgrader: ``RUSAGE_CHILDREN`` once the grader is closed (its nbgrader server, the
    autograde fork, the sandbox launcher and the kernel have all been reaped then),
    minus the kernel; the server's own start-up (its imports, once per batch) is read
    from /proc before it exits. Kernel: its own CPU clock before and after each cell
    (an IPython startup file added to this job only).
    """
    import course_lib.grading.feedback as feedback
    import course_lib.grading.job as job_module

    self_cpu: dict = {}
    probe: list = []

    def self_timed(mod, name, label):
        fn = getattr(mod, name)

        def wrapper(*a, **k):
            c = _self_cpu()
            try:
                return fn(*a, **k)
            finally:
                self_cpu[label] = self_cpu.get(label, 0.0) + _self_cpu() - c
        setattr(mod, name, wrapper)
        return mod, name, fn

    real_set_up, real_remove = job_module.Job.set_up, job_module.Job.remove

    def set_up(self, template, nb):
        real_set_up(self, template, nb)
        (self.box / "home/.ipython/profile_default/startup/99-cpu-probe.py").write_text(KERNEL_PROBE)

    def remove(self):
        path = self.box / "home" / "cpu-probe.jsonl"
        if path.exists():
            probe.extend(json.loads(line) for line in path.read_text().splitlines() if line.strip())
        real_remove(self)

    saved = [self_timed(pipeline, "score_notebook", "trusted: scoring (hidden checks judged, training evaluated)"),
             self_timed(feedback, "write_feedback", "trusted: feedback HTML"),
             self_timed(pipeline.Grader, "_cases", "trusted: hidden-test cases built"),
             self_timed(job_module.Job, "write_inputs", "trusted: cases written for the kernel"),
             self_timed(pipeline, "run_autograde", "trusted: waiting for nbgrader (kill_uid, reading the notebook)")]
    job_module.Job.set_up, job_module.Job.remove = set_up, remove
    try:
        grader = pipeline.Grader(ROOT, assignment, options)
        with tempfile.TemporaryDirectory() as tmp:
            s0, c0 = _self_cpu(), _children_cpu()
            res = grader.grade(pipeline.Submission("profile", sub), Path(tmp) / "one")
            server = _own_cpu(getattr(getattr(grader, "_nbgrader", None), "pid", None))  # None: no server
            grader.close()  # the nbgrader server exits: its CPU and its children's are accounted now
            trusted, children = _self_cpu() - s0, _children_cpu() - c0
    finally:
        for mod, name, fn in saved:
            setattr(mod, name, fn)
        job_module.Job.set_up, job_module.Job.remove = real_set_up, real_remove

    kinds = {}
    for cell in nbformat.read(load(assignment, ROOT).source_notebook, 4).cells:
        if cell.cell_type == "code":
            kinds.setdefault(cell.source.strip(), _cell_kind(cell))
    first = next((e["cpu"] for e in probe if e["event"] == "pre"), 0.0)
    kernel = max((e["cpu"] for e in probe), default=0.0)
    rows = {"kernel: start (sandbox launcher, ipykernel and its imports)": first}
    pre = None
    for e in probe:
        if e["event"] == "pre":
            pre = e
        elif e["event"] == "post" and pre is not None:
            kind = kinds.get(pre["source"].strip(), "kernel: cells added by nbgrader or changed")
            rows[kind] = rows.get(kind, 0.0) + e["cpu"] - pre["cpu"]
            pre = None
    rows["nbgrader: autograde (gradebook, executor, kernel manager, outer sandbox launcher)"] = \
        children - server - kernel
    rows.update(self_cpu)
    rows["trusted: the rest (job set-up, results, notes)"] = trusted - sum(self_cpu.values())
    total = trusted + children - server
    print(f"  one submission: {total:.2f} CPU-s, score {res.score:g} (kernel {kernel:.2f}; nbgrader server "
          f"start-up, once per batch: {server:.2f}; load avg {_load()})")
    for label, cpu in sorted(rows.items(), key=lambda kv: -kv[1]):
        print(f"    {cpu:6.2f}  {label}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every assignment of the course")
    parser.add_argument("--assignment", action="append", default=[], metavar="A",
                        help="only this assignment (repeatable; same as naming it)")
    parser.add_argument("-n", "--copies", dest="n", type=int, default=20, help="submissions (default 20)")
    parser.add_argument("--cell-timeout", type=int, default=120)
    parser.add_argument("--seed", type=int, default=12345, help="hidden-test seed, the same for both runs")
    parser.add_argument("--no-profile", action="store_true", help="skip the one-submission breakdown")
    parser.add_argument("--profile-only", action="store_true",
                        help="only the one-submission breakdown (no --jobs 1 / --jobs 2 batches)")
    args = parser.parse_args()
    if not os.environ.get("COURSE_MNIST_DIR"):
        print("note: COURSE_MNIST_DIR is not set; the MNIST loader searches its cache (and may download)")
    status = 0
    for assignment in [*args.assignments, *args.assignment] or discover(ROOT):
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
        if args.profile_only:
            return 0
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
    print(f"per submission: {one['cpu'] / args.n:.2f} CPU-s and {one['per_sub']:.2f} s wall with 1 job, "
          f"{two['cpu'] / args.n:.2f} CPU-s and {two['per_sub']:.2f} s wall with 2 jobs "
          f"(issue 13's target for optimization: <= 8 CPU-s with 1 job)")
    print(f"scores identical across runs and submissions: {identical}; all full marks: {full}; "
          f"statuses: {sorted(one['statuses'] | two['statuses'])}")
    return 0 if identical and full else 1


if __name__ == "__main__":
    sys.exit(main())
