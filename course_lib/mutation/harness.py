"""Grade catalogue entries with the real pipeline and record which graded cells lost points.

How a run is organised (see docs/mutation_report.md for the numbers):

* **One** :class:`~course_lib.grading.pipeline.Grader` for everything, so
  ``nbgrader generate_assignment`` runs once; submissions are graded in
  parallel threads, each with its own sandbox uid.
* **Wrong entries** only need their own graded cell, so execution stops after
  it (``Options.stop_after``). Independent wrong entries share a submission
  (a *pack*): two entries may share one only when neither entry's function is
  used, directly or through other notebook functions, by the other's graded
  cell (visible tests and hidden cases alike; see :func:`dependencies`). The
  outcome of an entry's own cell is then exactly what it would be alone. A
  pack that ends abnormally (kernel died, time-out, nbgrader error, a cell not
  run) is re-graded entry by entry.
* **Correct entries** must get full marks in every cell, training included,
  so they need full runs. Alternatives of different functions are combined in
  one submission (one per "round"); when a combined run loses points, each of
  its entries is re-graded alone to attribute the failure.
* Independently of nbgrader, every entry is also checked in-process against
  the hidden tests alone (``check()`` in local mode, same suites and judge):
  this says whether a mistake would be caught even without the visible tests.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
import importlib
import io
import json
import os
import queue
import shutil
import tempfile
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from course_lib.grading.status import Outcome, Status

from .entry import Entry, names_used

UID_BASE_OFFSET = 300      # preferred sandbox uids FIRST_UID + 300 + i (the pipeline leases uids with lock files)


def _root(root: Path | None = None) -> Path:
    from course_lib.paths import course_root

    return Path(root) if root else course_root()


def results_path(assignment: str, root: Path | None = None) -> Path:
    """Where a run's raw results are kept (not committed): ``build/mutation/<a>.json``."""
    return _root(root) / "build" / "mutation" / f"{assignment}.json"


def report_path(assignment: str, root: Path | None = None) -> Path:
    """The committed report of an assignment: ``docs/mutation/<a>.md``."""
    return _root(root) / "docs" / "mutation" / f"{assignment}.md"


# --- the notebook ---------------------------------------------------------------

@dataclass
class NotebookLayout:
    """What the harness needs to know about the source notebook."""

    order: list                 # grade_ids of the code cells, in notebook order
    solutions: dict             # solution grade_id -> reference code (markers removed)
    tests: dict                 # graded cell grade_id -> visible test code (hidden block removed)
    given: dict                 # grade_id -> code of the locked definition cells handed to students (e.g. linear)
    checks: dict                # graded cell grade_id -> check names it calls
    assignment: str = ""

    def position(self, grade_id: str) -> int:
        return self.order.index(grade_id)


def load_layout(assignment: str, root: Path | None = None) -> NotebookLayout:
    from course_lib.grading.notebooks import HIDDEN, read_assignment, source_text
    from course_lib.grading.submissions import reference_code

    from course_lib.grading.answer_key import register_root

    root = _root(root)
    register_root(root)
    path = next((root / "source" / assignment).glob("*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    info = read_assignment(root / "source", assignment)
    from course_lib.authoring.reference import MAGIC, _definitions_only

    order, tests, given = [], {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if cell.cell_type != "code" or not gid:
            continue
        order.append(gid)
        text = source_text(cell)
        if meta.get("grade"):
            tests[gid] = HIDDEN.sub("", text)
        elif not meta.get("solution") and _definitions_only(MAGIC.sub("", text)):
            given[gid] = MAGIC.sub("", text)
    return NotebookLayout(order, reference_code(nb), tests, given, {c.grade_id: list(c.checks) for c in info.cells
                                                                    if not c.manual},
                          assignment)


def graded_cell(function: str) -> str:
    return f"test_{function}"


# --- which functions each graded cell uses ---------------------------------------

def _suite_functions(assignment: str, check: str) -> set:
    from course_lib.grading import build_cases

    names = set()
    for seed in (0, 1):
        for case_spec in build_cases(assignment, check, seed):
            names |= case_spec.names_used()
    return names


def dependencies(layout: NotebookLayout, entries: list) -> dict:
    """Graded cell -> every solution function its outcome can depend on.

    Names the visible test code and the hidden cases call, closed over the
    names that the reference *and every catalogue entry* of each function
    refer to (so an entry calling another notebook function counts). Code that
    calls ``globals()`` may reach anything: it depends on every function.
    """
    functions = set(layout.solutions)
    calls = {f: names_used(code) & functions for f, code in layout.solutions.items()}
    for e in entries:
        for cell, code in e.overrides.items():
            used = names_used(code)
            calls.setdefault(cell, set()).update(functions if "globals" in used else used & functions)
    deps = {}
    for cell, code in layout.tests.items():
        try:
            direct = names_used(code)
        except SyntaxError:          # e.g. IPython syntax: be conservative
            direct = set(functions)
        for check in layout.checks.get(cell, []):
            direct |= _suite_functions(layout.assignment, check)
        todo, seen = list(direct & functions), set()
        while todo:
            f = todo.pop()
            if f not in seen:
                seen.add(f)
                todo.extend(calls.get(f, set()) - seen)
        deps[cell] = seen
    return deps


# --- plans ---------------------------------------------------------------------

@dataclass
class Job:
    """One submission to grade: some entries, where to stop, what it is for."""

    name: str
    kind: str                   # "pack" (wrong entries) or "combined" (correct entries) or "single"
    entries: list               # Entry
    stop_after: str | None

    @property
    def overrides(self) -> dict:
        merged = {}
        for e in self.entries:
            merged.update(e.overrides)
        return merged


def compatible(a: Entry, b: Entry, deps: dict) -> bool:
    """May ``a`` and ``b`` share a submission without changing each other's own-cell outcome?"""
    cells_a, cells_b = set(a.overrides), set(b.overrides)
    if cells_a & cells_b:
        return False
    return not (cells_a & deps.get(graded_cell(b.function), set())) and \
        not (cells_b & deps.get(graded_cell(a.function), set()))


def plan_wrong(entries: list, layout: NotebookLayout, deps: dict, pack: bool = True, stop: bool = True) -> list:
    """Jobs for the wrong entries: packs of mutually independent entries (greedy colouring).

    ``stop=False`` grades every entry alone through the whole notebook (slow; shows every cell a
    mistake breaks, not only its own).
    """
    wrong = [e for e in entries if e.kind == "wrong"]
    if not pack or not stop:
        return [Job(f"alone-{e.function}-{e.name}", "single", [e], graded_cell(e.function) if stop else None)
                for e in wrong]
    degree = {e.key: sum(not compatible(e, o, deps) for o in wrong if o is not e) for e in wrong}
    packs: list = []
    for e in sorted(wrong, key=lambda x: (-degree[x.key], layout.position(x.function), x.name)):
        for members in packs:
            if all(compatible(e, o, deps) for o in members):
                members.append(e)
                break
        else:
            packs.append([e])
    jobs = []
    for i, members in enumerate(packs):
        last = max((graded_cell(e.function) for e in members), key=layout.position)
        jobs.append(Job(f"pack-{i:02d}", "pack", members, last))
    return jobs


def plan_correct(entries: list, combine: bool = True) -> list:
    """Full-run jobs for the correct entries: alternatives of different functions combined."""
    good = [e for e in entries if e.kind == "correct"]
    if not combine:
        return [Job(f"alone-{e.function}-{e.name}", "single", [e], None) for e in good]
    rounds: list = []
    for e in sorted(good, key=lambda x: -len(x.overrides)):
        for members in rounds:
            if not any(set(e.overrides) & set(o.overrides) for o in members):
                members.append(e)
                break
        else:
            rounds.append([e])
    return [Job(f"combined-{i}", "combined", members, None) for i, members in enumerate(rounds)]


# --- running jobs through the pipeline ---------------------------------------------

@dataclass
class CellOutcome:
    points: float
    max_points: float
    error: str = ""             # the cell's own error output (visible test or student code), if any
    messages: list = field(default_factory=list)   # what the grader reported (hidden-test problems included)
    outcome: Outcome = Outcome.PASSED               # what became of the cell (course_lib.grading.status)

    @property
    def lost(self) -> bool:
        return self.points < self.max_points


# A cell that ended like this may have been cut short by something that also affects other entries.
ABNORMAL = {Outcome.TIMEOUT, Outcome.UNRESPONSIVE, Outcome.KERNEL_DIED, Outcome.NOT_RUN}


@dataclass
class JobResult:
    job: str
    status: Status
    notes: list
    cells: dict                 # grade_id -> CellOutcome
    seconds: float
    stop_after: str | None

    def abnormal(self, ran: set) -> bool:
        """Did the run end in a way that could affect other entries of the same job?

        ``ran``: the graded cells that should have run (up to ``stop_after``).
        """
        if self.status is not Status.GRADED or not self.cells:
            return True
        return any(o.outcome in ABNORMAL for gid, o in self.cells.items() if gid in ran)


def _error_text(cell) -> str:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", "Error"), str(out.get("evalue", ""))
            return f"{ename}: {evalue}" if evalue else ename
    return ""


class Runner:
    """Grades jobs with one shared Grader."""

    def __init__(self, assignment: str, root: Path | None = None, jobs: int = 2, workdir: Path | None = None,
                 seed: int | None = None, progress=None):
        from course_lib.grading.pipeline import Grader, Options
        from course_lib.grading.uids import FIRST_UID

        self.root, self.assignment = _root(root), assignment
        self.jobs = max(1, int(jobs))
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="course-mutation-"))
        os.chmod(self.workdir, 0o711)
        self.release = nbformat.read(next((self.root / "release" / assignment).glob("*.ipynb")), as_version=4)
        self.source = nbformat.read(next((self.root / "source" / assignment).glob("*.ipynb")), as_version=4)
        (self.workdir / "grader").mkdir()
        self.grader = Grader(self.root, assignment, Options(seed=seed, submission_timeout=600),
                             workdir=self.workdir / "grader")
        self.uids: queue.Queue = queue.Queue()
        for i in range(self.jobs):
            self.uids.put(FIRST_UID + UID_BASE_OFFSET + i)
        self.progress = progress or (lambda msg: None)
        self._lock = threading.Lock()

    def close(self) -> None:
        self.grader.close()  # its nbgrader server
        if self._own_workdir and not os.environ.get("COURSE_KEEP_JOBS"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _view(self, stop_after):
        """The shared grader with other options (same template, gradebook and workdir)."""
        view = copy.copy(self.grader)
        view.options = dataclasses.replace(self.grader.options, stop_after=stop_after)
        return view

    def grade(self, job: Job) -> JobResult:
        from course_lib.grading.discovery import Submission
        from course_lib.grading.submissions import fill

        start = time.monotonic()
        folder = self.workdir / "jobs" / job.name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.grader.info.notebook
        nbformat.write(fill(self.release, self.source, job.overrides), path)
        uid = self.uids.get()
        try:
            result = self._view(job.stop_after).grade(Submission(job.name, path), folder / "graded", uid=uid)
        finally:
            self.uids.put(uid)
        errors = {}
        if result.autograded and Path(result.autograded).exists():
            graded = nbformat.read(result.autograded, as_version=4)
            for cell in graded.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if gid:
                    errors[gid] = _error_text(cell)
        cells = {c.grade_id: CellOutcome(c.points, c.max_points, errors.get(c.grade_id, ""), list(c.messages),
                                         c.outcome)
                 for c in result.cells}
        return JobResult(job.name, result.status, list(result.notes), cells, round(time.monotonic() - start, 1),
                         job.stop_after)

    def grade_all(self, jobs: list) -> dict:
        results = {}
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = {pool.submit(self.grade, job): job for job in jobs}
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # a harness or grader bug must not hide the other results
                    res = JobResult(job.name, Status.ERROR, [f"{type(exc).__name__}: {exc}"], {}, 0.0, job.stop_after)
                results[job.name] = res
                with self._lock:
                    self.progress(f"{job.name}: {res.status}, {res.seconds:.0f} s, "
                                  f"{len(job.entries)} entr{'y' if len(job.entries) == 1 else 'ies'}")
        return results


# --- in-process check against the hidden tests alone ---------------------------------

def _namespace(layout: NotebookLayout, overrides: dict) -> dict:
    ns = {"np": np, "__name__": "__main__"}
    for gid in layout.order:           # in notebook order: a given cell may use an earlier solution (a default ReLU())
        if gid in layout.given:
            exec(compile(layout.given[gid], f"<{gid}>", "exec"), ns)
        elif gid in layout.solutions:
            code = overrides.get(gid, layout.solutions[gid])
            exec(compile(code, f"<{gid}>", "exec"), ns)
    return ns


def hidden_alone(function: str, overrides: dict, layout: NotebookLayout) -> tuple:
    """(passed, message): the hidden tests of ``function`` run in-process, without the visible tests."""
    from course_lib.grading import check

    state = np.random.get_state()
    try:
        ns = _namespace(layout, overrides)
        with contextlib.redirect_stdout(io.StringIO()):
            check(function, ns, assignment=layout.assignment)
        return True, ""
    except AssertionError as exc:
        return False, str(exc)
    except Exception as exc:  # the entry's code failed to define itself, etc.
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        np.random.set_state(state)


def visible_alone(function: str, overrides: dict, layout: NotebookLayout) -> tuple:
    """(passed, message): the visible test code of ``function``'s graded cell, run in-process."""
    state = np.random.get_state()
    try:
        ns = _namespace(layout, overrides)
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            exec(compile(layout.tests[graded_cell(function)], "<visible>", "exec"), ns)
        return True, ""
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        np.random.set_state(state)


# --- the whole run ---------------------------------------------------------------------

@dataclass
class EntryResult:
    key: str
    function: str
    kind: str
    name: str
    description: str
    replaces: list                  # the solution cells the entry replaces (its function first)
    ok: bool                        # wrong: caught in its own cell; correct: full marks everywhere
    own_cell: str
    own_points: list                # [points, max] of the own cell
    lost_cells: dict                # grade_id -> [points, max]: cells that lost points because of this entry
                                    # (cells that ran and that no other entry of the submission could affect)
    visible_message: str            # error output of the own cell (a visible test or the code itself), if any
    hidden_message: str             # what the hidden tests reported for the own cell, if they ran and failed
    hidden_alone: bool | None       # wrong: caught by the hidden tests alone (in-process); None for correct ones
    hidden_alone_message: str
    job: str
    job_kind: str
    shared_with: list
    seconds: float


def ran_cells(job: Job, layout: NotebookLayout) -> set:
    """The graded cells a job runs (all of them, or up to its stop_after)."""
    if job.stop_after is None:
        return set(layout.tests)
    last = layout.position(job.stop_after)
    return {gid for gid in layout.tests if layout.position(gid) <= last}


def _attribute(entry: Entry, job: Job, res: JobResult, layout: NotebookLayout, deps: dict) -> EntryResult:
    own = graded_cell(entry.function)
    out = res.cells.get(own)
    ran = ran_cells(job, layout)
    if entry.kind == "wrong":
        # Only cells this entry can affect and no other entry of the same submission can.
        mine = set(entry.overrides)
        others = {c for o in job.entries if o is not entry for c in o.overrides}
        ran = {gid for gid in ran if gid == own or (mine & deps.get(gid, set()) and not others & deps.get(gid, set()))}
    lost = {gid: [o.points, o.max_points] for gid, o in res.cells.items() if o.lost and gid in ran}
    if entry.kind == "correct":
        ok = res.status is Status.GRADED and not lost and bool(res.cells)
    else:
        ok = out is not None and out.lost
    hidden_msg = ""
    if out is not None and out.lost and not out.error:
        hidden_msg = "\n".join(out.messages)
    return EntryResult(entry.key, entry.function, entry.kind, entry.name, entry.description,
                       list(entry.overrides), ok, own,
                       [out.points, out.max_points] if out else [0, 0], lost, out.error if out else "",
                       hidden_msg, None, "", res.job, job.kind,
                       [e.key for e in job.entries if e is not entry], res.seconds)


def fingerprint(assignment: str, root: Path | None = None) -> str:
    """Changes when the assignment's side of the outcome changes: the catalogue, the hidden tests,
    the reference and the source notebook (whose visible tests grade too). The grading engine has
    tests of its own, so an engine change alone does not make a report stale."""
    root = _root(root)
    h = hashlib.sha256()
    paths = [*sorted((root / "solutions" / assignment).glob("*.py")),
             *sorted((root / "source" / assignment).glob("*.ipynb"))]
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()[:16]


def catalogue(assignment: str, root: Path | None = None) -> list:
    """The assignment's catalogue: ``ENTRIES`` of ``solutions/<assignment>/mutations.py``."""
    from course_lib.grading.answer_key import register_root

    register_root(_root(root))
    return list(importlib.import_module(f"solutions.{assignment}.mutations").ENTRIES)


def run(assignment: str, entries: list | None = None, *, jobs: int = 2, pack: bool = True, combine: bool = True,
        stop: bool = True, seed: int | None = None, progress=print, root: Path | None = None) -> dict:
    """Grade every entry; return the results as a JSON-able dict (also see :func:`save`)."""
    t0 = time.monotonic()
    root = _root(root)
    entries = catalogue(assignment, root) if entries is None else list(entries)
    problems = [p for e in entries for p in e.problems()]
    if problems:
        raise ValueError("malformed catalogue entries:\n  " + "\n  ".join(problems))
    layout = load_layout(assignment, root)
    deps = dependencies(layout, [e for e in entries if e.kind == "wrong"])   # only wrong entries are packed
    # Longest first: the full runs, then the packs that run furthest into the notebook.
    plan = plan_correct(entries, combine=combine) + sorted(
        plan_wrong(entries, layout, deps, pack=pack, stop=stop),
        key=lambda j: -layout.position(j.stop_after or layout.order[-1]))
    progress(f"{len(entries)} entries in {len(plan)} submissions "
             f"({sum(j.kind != 'combined' for j in plan)} for mistakes, {sum(j.kind == 'combined' for j in plan)} "
             f"full runs for alternatives), {jobs} in parallel")
    runner = Runner(assignment, root, jobs=jobs, seed=seed, progress=progress)
    t_template = time.monotonic() - t0         # includes nbgrader generate_assignment
    reruns = []
    try:
        results = runner.grade_all(plan)
        out = {}
        retry = []
        for job in plan:
            res = results[job.name]
            for e in job.entries:
                r = _attribute(e, job, res, layout, deps)
                shared = len(job.entries) > 1
                if shared and ((e.kind == "wrong" and res.abnormal(ran_cells(job, layout)))
                               or (e.kind == "correct" and not r.ok)):
                    retry.append(e)
                else:
                    out[e.key] = r
        if retry:
            progress(f"re-grading {len(retry)} entr{'y' if len(retry) == 1 else 'ies'} alone "
                     f"(their shared submission lost points or ended abnormally)")
            solo = [Job(f"alone-{e.function}-{e.name}", "single", [e],
                        graded_cell(e.function) if e.kind == "wrong" else None) for e in retry]
            solo_results = runner.grade_all(solo)
            for job in solo:
                out[job.entries[0].key] = _attribute(job.entries[0], job, solo_results[job.name], layout, deps)
                reruns.append(job.entries[0].key)
            results.update(solo_results)
    finally:
        runner.close()
    t_grading = time.monotonic() - t0
    for e in entries:
        if e.kind == "wrong":
            passed, msg = hidden_alone(e.function, e.overrides, layout)
            out[e.key].hidden_alone = not passed
            out[e.key].hidden_alone_message = msg
    return {
        "assignment": assignment,
        "fingerprint": fingerprint(assignment, root),
        "jobs": jobs,
        "packed": pack and stop,
        "stopped": stop,
        "combined": combine,
        "submissions": len(results),
        "reruns": reruns,
        "seconds": {"total": round(time.monotonic() - t0, 1), "template": round(t_template, 1),
                    "grading": round(t_grading - t_template, 1)},
        "job_seconds": {name: r.seconds for name, r in results.items()},
        "job_status": {name: {"status": r.status.value, "notes": r.notes, "stop_after": r.stop_after,
                              "not_run": sorted((g for g, o in r.cells.items() if o.outcome is Outcome.NOT_RUN),
                                                key=layout.position)}
                       for name, r in results.items()},
        "entries": [dataclasses.asdict(out[e.key]) for e in entries],
    }


def save(data: dict, path: Path | None = None) -> Path:
    path = Path(path or results_path(data["assignment"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))
    return path


def load(assignment: str, path: Path | None = None) -> dict | None:
    path = Path(path or results_path(assignment))
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _is_training(check_name: str) -> bool:
    """A training-result check (judged on a notebook variable that a training run made)."""
    return check_name == "training" or check_name.startswith("training_")


def quick(assignment: str, entries: list | None = None, root: Path | None = None) -> list:
    """In-process only, no nbgrader: (entry, visible_ok, visible_msg, hidden_ok, hidden_msg) per entry.

    A wrong entry is checked in its own cell; a correct one in every graded
    cell except the training ones (checks named ``training`` or ``training_*``:
    they need the notebook's training runs, data and time).
    """
    entries = catalogue(assignment, root) if entries is None else list(entries)
    layout = load_layout(assignment, root)
    rows = []
    for e in entries:
        cells = [graded_cell(e.function)] if e.kind == "wrong" else \
            [gid for gid, names in layout.checks.items() if not any(_is_training(n) for n in names)]
        ok_v, msg_v, ok_h, msg_h = True, "", True, ""
        for gid in cells:
            fn = gid[len("test_"):]
            v, vm = visible_alone(fn, e.overrides, layout)
            h, hm = hidden_alone(fn, e.overrides, layout)
            if not v and ok_v:
                ok_v, msg_v = False, (vm if e.kind == "wrong" else f"{gid}: {vm}")
            if not h and ok_h:
                ok_h, msg_h = False, (hm if e.kind == "wrong" else f"{gid}: {hm}")
        rows.append((e, ok_v, msg_v, ok_h, msg_h))
    return rows
