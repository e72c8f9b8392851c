"""Grade a folder of submissions in parallel, resumably, and write the reports."""

from __future__ import annotations

import csv
import json
import os
import queue
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from .discovery import find_submissions
from .feedback import summary_markdown
from .isolation import Isolation, check_files
from .manual import keep_manual_grades
from .pipeline import Grader, Options, sha256_file
from .results import GRADER_VERSION, Result, save_result
from .status import Manual, Outcome, Status
from .uids import FIRST_UID


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name) or "_"


def _previous(path: Path, sub, isolation: str) -> Result | None:
    """The stored result of an earlier run, if it graded this very file with the same isolation."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if raw.get("grader_version") != GRADER_VERSION:
        return None
    current = sha256_file(sub.notebook) if sub.notebook else ""
    if raw.get("sha256", "") != current or raw.get("isolation", "") != isolation:
        return None
    raw.pop("grader_version", None)
    try:
        return Result.from_json(raw)
    except (TypeError, ValueError):
        return None


def grade_batch(root: Path, assignment: str, submissions: Path, out: Path, *, jobs: int | None = None,
                options: Options | None = None, force: bool = False, progress: bool = True,
                shard=None) -> list:
    """Grade every submission under ``submissions``; write everything under ``out``.

    ``shard`` (a :class:`~course_lib.grading.shards.Shard`): grade only that share of the
    students; ``course merge`` combines the shards' output folders.

    Returns the list of :class:`Result`, sorted by student. The data preflight
    runs first: when a dataset is missing, :class:`~course_lib.grading.datasets.MissingData`
    is raised and nothing is written.
    """
    options = options or Options()
    jobs = max(1, jobs or os.cpu_count() or 1)
    out = Path(out)
    grader = Grader(root, assignment, options)
    out.mkdir(parents=True, exist_ok=True)
    for note in grader.notes:
        print(f"warning: {note}", file=sys.stderr)
    try:
        # other students' notebooks and results: only file permissions keep them from a uid-only kernel
        if grader.isolation is Isolation.UID_ONLY:
            os.chmod(out, 0o700)
        check_files(grader.isolation, secret=[Path(submissions).resolve()], needed=[])
        subs = find_submissions(Path(submissions), grader.info)
        if shard is not None:
            subs = [s for s in subs if shard.holds(s.student)]
        results, todo = [], []
        for sub in subs:
            prev = None if force else _previous(out / _safe(sub.student) / "result.json", sub,
                                                grader.isolation.value)
            (results.append(prev) if prev else todo.append(sub))
        if results:
            print(f"{len(results)} already graded and unchanged, skipped (use --force to regrade them).")
        uids: queue.Queue = queue.Queue()
        for i in range(jobs):
            uids.put(FIRST_UID + i)

        def work(sub):
            uid = uids.get()
            try:
                dest = out / _safe(sub.student)
                return grader.grade(sub, dest, uid=uid, extra_hidden=[str(Path(submissions).resolve()),
                                                                      str(out.resolve())])
            finally:
                uids.put(uid)

        bar = None
        if progress and todo:
            from tqdm import tqdm

            bar = tqdm(total=len(todo), desc=f"grading {assignment}", unit="submission")
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(work, sub): sub for sub in todo}
            for fut in as_completed(futures):
                sub = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # a grader bug must not stop the batch
                    res = Result(sub.student, Status.ERROR, max_score=grader.info.max_score,
                                 notes=[f"internal grading error: {type(exc).__name__}: {exc}"],
                                 isolation=grader.isolation.value)
                dest = out / _safe(sub.student)
                dest.mkdir(parents=True, exist_ok=True)
                keep_manual_grades(dest / "result.json", res, grader.info)   # regrading keeps imported grades
                save_result(res, dest / "result.json")
                results.append(res)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix_str(f"{sub.student}: {res.score:g}")
        if bar is not None:
            bar.close()
    finally:
        grader.close()
    results.sort(key=lambda r: r.student)
    write_reports(results, grader.info, out)
    return results


def write_reports(results: list, info, out: Path) -> None:
    """gradebook.csv, summary.md and a score histogram (histogram.png)."""
    ids = [c.grade_id for c in info.cells]
    manual = bool(info.manual_points)   # the `manual` column only for assignments with written answers
    with open(out / "gradebook.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", *ids, "total", "max_score", "status", *(["manual"] * manual),
                         "isolation", "notes"])
        for r in results:
            # a pending answer has no points yet: its column stays empty, and the total is provisional
            pts = {c.grade_id: "" if c.outcome is Outcome.PENDING else f"{c.points:g}" for c in r.cells}
            writer.writerow([r.student, *[pts.get(g, "0") for g in ids], f"{r.score:g}",
                             f"{info.max_score:g}", r.status, *([r.manual] * manual), r.isolation,
                             "; ".join(r.notes)])
    scores = [r.score for r in results]
    lines = [f"# {info.name}: {len(results)} submission(s)", ""]
    if scores:
        lines += [f"- mean {statistics.mean(scores):.1f}, median {statistics.median(scores):.1f}, "
                  f"min {min(scores):g}, max {max(scores):g} (out of {info.max_score:g})"]
    by_status = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    levels = sorted({r.isolation or "?" for r in results})
    waiting = [r for r in results if r.manual is Manual.PENDING]
    if waiting:
        lines += [f"- **provisional**: {sum(r.pending for r in waiting):g} points await manual grading "
                  f"({len(waiting)} submission(s)); the scores above count them as 0 until "
                  f"`course manual export` / `course manual import`"]
    lines += ["- status: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())),
              f"- isolation of the kernels: {', '.join(levels)}"
              + (" (**some were graded WITHOUT isolation**)" if "none" in levels else ""), "",
              "| student | score | status | isolation | notes |", "| --- | ---: | --- | --- | --- |"]
    for r in results:
        notes = "; ".join(r.notes).replace("|", "\\|")[:200]
        score = f"{r.score:g} (provisional: {r.pending:g} pending)" if r.pending else f"{r.score:g}"
        lines.append(f"| {r.student} | {score} | {r.status} | {r.isolation} | {notes} |")
    lines += ["", "![score histogram](histogram.png)", ""]
    (out / "summary.md").write_text("\n".join(lines))
    _histogram(scores, info, out / "histogram.png")
    for r in results:
        dest = out / _safe(r.student)
        if dest.is_dir():
            (dest / "summary.md").write_text(summary_markdown(r, info))


def _histogram(scores, info, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3.5))
    ax = fig.add_subplot()
    ax.hist(scores, bins=20, range=(0, info.max_score or 1), color="#4477aa", edgecolor="white")
    ax.set_xlabel("score")
    ax.set_ylabel("submissions")
    ax.set_title(f"{info.name}: {len(scores)} submission(s)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
