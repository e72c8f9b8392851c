"""``python -m course_lib.mutation run|report|quick [ASSIGNMENT ...]`` (default: every assignment).

run     grade the whole catalogue with the real pipeline, save the results
        (build/mutation/<assignment>.json) and write docs/mutation/<assignment>.md
report  print and write docs/mutation/<assignment>.md from the saved results when they
        are current (same catalogue, hidden tests, reference, notebooks and
        grading code); otherwise run first
quick   in-process only (no nbgrader, seconds): which mistakes the visible and the
        hidden tests catch, which alternatives fail; for working on the catalogue
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _env() -> None:
    # nbgrader shells out to tools of its own environment (alembic).
    bin_dir = os.path.dirname(sys.executable)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _assignments(args) -> list:
    from course_lib.assignments import discover

    if args.root:
        os.environ["COURSE_ROOT"] = os.path.abspath(args.root)
    return args.assignments or discover()


def _select(args, assignment: str):
    from .harness import catalogue

    entries = catalogue(assignment)
    if args.only:
        entries = [e for e in entries if e.function in args.only]
    return entries


def _write(data, quiet=False) -> int:
    from .harness import report_path, save
    from .report import failures, render, table

    path = save(data)
    text = render(data)
    report = report_path(data["assignment"])
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(text)
    if not quiet:
        print(table(data))
        print(f"\n{data['submissions']} submissions, {data['seconds']['total']:.0f} s. "
              f"Wrote {report} (results: {path}).")
    bad = failures(data)
    for line in bad:
        print("RULE BROKEN:", line)
    return 1 if bad else 0


def cmd_run(args) -> int:
    status = 0
    for assignment in _assignments(args):
        status |= _run_one(args, assignment)
    return status


def _run_one(args, assignment: str) -> int:
    from .harness import run

    entries = _select(args, assignment)
    if not entries:
        return 0
    data = run(assignment, entries, jobs=args.jobs, pack=not args.no_pack, combine=not args.no_combine,
               stop=not args.no_stop, seed=args.seed, progress=(lambda m: None) if args.quiet else
               (lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", flush=True)))
    return _write(data, args.quiet)


def cmd_report(args) -> int:
    from .harness import fingerprint, load

    status = 0
    for assignment in _assignments(args):
        data = load(assignment)
        if data is None or data.get("fingerprint") != fingerprint(assignment) or args.only:
            print(f"{assignment}: no current results: grading the catalogue first", flush=True)
            status |= _run_one(args, assignment)
        else:
            status |= _write(data)
    return status


def cmd_quick(args) -> int:
    from .harness import quick

    bad = 0
    rows = [row for a in _assignments(args) for row in quick(a, _select(args, a))]
    for e, v_ok, v_msg, h_ok, h_msg in rows:
        if e.kind == "wrong":
            state = "SURVIVES" if v_ok and h_ok else ("visible only" if h_ok else "caught")
            bad += v_ok and h_ok
            if state != "caught" or args.verbose:
                print(f"{state:12} {e.key}  {(v_msg or h_msg).splitlines()[0][:160] if (v_msg or h_msg) else ''}")
        elif not (v_ok and h_ok):
            bad += 1
            print(f"{'ALT FAILS':12} {e.key}  {(v_msg or h_msg)[:300]}")
        elif args.verbose:
            print(f"{'ok':12} {e.key}")
    print("quick check:", "all good" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


def main(argv=None) -> int:
    _env()
    p = argparse.ArgumentParser(prog="python -m course_lib.mutation", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", help="course directory (default: the installed course, or COURSE_ROOT)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, fn in (("run", cmd_run), ("report", cmd_report), ("quick", cmd_quick)):
        s = sub.add_parser(name)
        s.set_defaults(fn=fn)
        s.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment")
        s.add_argument("--only", nargs="*", metavar="FUNCTION", help="only the entries of these functions")
        if name == "quick":
            s.add_argument("-v", "--verbose", action="store_true")
            continue
        s.add_argument("--jobs", type=int, default=2, help="submissions graded in parallel (default 2)")
        s.add_argument("--no-pack", action="store_true", help="grade every mistake in its own submission")
        s.add_argument("--no-combine", action="store_true", help="grade every alternative in its own full run")
        s.add_argument("--no-stop", action="store_true",
                       help="grade every mistake alone through the whole notebook (slow; fills 'other cells')")
        s.add_argument("--seed", type=int, default=None, help="seed of the hidden cases (default: fresh)")
        s.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
