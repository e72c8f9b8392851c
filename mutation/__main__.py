"""``python -m mutation run|report|quick``.

run     grade the whole catalogue with the real pipeline, save the results
        (build/mutation/<assignment>.json) and write docs/mutation_report.md
report  print and write docs/mutation_report.md from the saved results when they
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


def _select(args):
    from .harness import catalogue

    entries = catalogue()
    if args.only:
        entries = [e for e in entries if e.function in args.only]
        if not entries:
            raise SystemExit(f"no catalogue entries for {', '.join(args.only)}")
    return entries


def _write(data, quiet=False) -> int:
    from .harness import REPORT, save
    from .report import failures, render, table

    path = save(data)
    text = render(data)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text)
    if not quiet:
        print(table(data))
        print(f"\n{data['submissions']} submissions, {data['seconds']['total']:.0f} s. "
              f"Wrote {REPORT} (results: {path}).")
    bad = failures(data)
    for line in bad:
        print("RULE BROKEN:", line)
    return 1 if bad else 0


def cmd_run(args) -> int:
    from .harness import run

    data = run(_select(args), jobs=args.jobs, pack=not args.no_pack, combine=not args.no_combine,
               stop=not args.no_stop, seed=args.seed, progress=(lambda m: None) if args.quiet else
               (lambda m: print(f"[{time.strftime('%H:%M:%S')}] {m}", flush=True)))
    return _write(data, args.quiet)


def cmd_report(args) -> int:
    from .harness import fingerprint, load

    data = load()
    if data is None or data.get("fingerprint") != fingerprint() or args.only:
        print("no current results: grading the catalogue first", flush=True)
        return cmd_run(args)
    return _write(data)


def cmd_quick(args) -> int:
    from .harness import quick

    bad = 0
    for e, v_ok, v_msg, h_ok, h_msg in quick(_select(args)):
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
    p = argparse.ArgumentParser(prog="python -m mutation", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name, fn in (("run", cmd_run), ("report", cmd_report), ("quick", cmd_quick)):
        s = sub.add_parser(name)
        s.set_defaults(fn=fn)
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
