"""Grade submissions: real nbgrader ``autograde`` in a sandbox, points decided here.

One submission is graded in its own throw-away nbgrader course (its own
gradebook copy), so any number can run in parallel. The student's kernel only
records outputs of the hidden tests (see :mod:`course_lib.grading`); this
trusted process compares them with the reference and decides the points.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from . import build_cases, judge_outcomes, serialize
from ..paths import PACKAGE_DIR
from .notebooks import AssignmentInfo, NotebookProblem, load_submission, read_assignment, \
    restore_missing_cells, same_source, source_text
from .isolation import Isolation, check_files, choose as choose_isolation, lock_job
from .sandbox import Limits, SandboxConfig

GRADER_VERSION = "2"
JOB_STUDENT = "student"  # nbgrader's id inside a job; the real name stays out of paths
FIRST_UID = 61000        # sandbox uids are FIRST_UID .. FIRST_UID + UID_COUNT - 1, leased with a lock file
UID_COUNT = 256
UID_LOCK_DIR = "/run/course-grading-uids"
STATUSES = ("graded", "stopped", "timeout", "missing", "invalid", "error")
ENV_PASSTHROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "COURSE_MNIST_ALLOW_SUBSET", "LANG", "TZ")

WARNINGS_TO_STDOUT = '''\
import sys as _sys, warnings as _warnings
def _course_showwarning(message, category, filename, lineno, file=None, line=None):
    _sys.stdout.write(_warnings.formatwarning(message, category, filename, lineno, line))
_warnings.showwarning = _course_showwarning
'''


@dataclass
class Options:
    """How to grade. Timeouts are in seconds."""

    cell_timeout: int = 120
    submission_timeout: int = 900
    limits: Limits = field(default_factory=Limits)
    sandbox: bool = True
    seed: int | None = None
    stop_after: str | None = None   # grade_id of a cell after which execution stops (None: run everything)
    unsafe_no_isolation: bool = False  # grade even where no isolation is possible (results say isolation=none)


@dataclass
class CellResult:
    grade_id: str
    points: float
    max_points: float
    messages: list = field(default_factory=list)


@dataclass
class Result:
    student: str
    status: str                     # one of STATUSES (see docs/DESIGN.md)
    score: float = 0.0
    max_score: float = 0.0
    cells: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    notebook: str = ""
    sha256: str = ""
    seconds: float = 0.0
    autograded: str = ""
    feedback: str = ""
    isolation: str = ""             # an Isolation value: how the kernel was isolated ("" = not run)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict) -> "Result":
        raw = dict(raw)
        raw["cells"] = [CellResult(**c) for c in raw.get("cells", [])]
        return cls(**raw)


@dataclass
class Submission:
    student: str
    notebook: Path | None
    notes: list = field(default_factory=list)


def venv_bin() -> str:
    return os.path.dirname(sys.executable)


def trusted_env() -> dict:
    """Environment of the nbgrader process (nbgrader needs its tools, e.g. alembic, on PATH)."""
    env = dict(os.environ)
    env["PATH"] = venv_bin() + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env.pop("COURSE_GRADING_DIR", None)
    return env


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- the template course (one per batch) --------------------------------------

NBCONFIG = '''\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "course"
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = {cell_timeout}
c.Execute.interrupt_on_timeout = True
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100
from course_lib.grading.execute import GuardedExecute
from nbgrader.preprocessors import IgnorePattern, LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata
from nbconvert.preprocessors import ClearMetadataPreprocessor
c.Autograde.autograde_preprocessors = [GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
c.GuardedExecute.timeout = {cell_timeout}
c.GuardedExecute.sandbox_config = {sandbox_config!r}
c.GuardedExecute.budget = {budget}
c.GuardedExecute.stop_after = {stop_after!r}
c.KernelManager.transport = {transport!r}
c.KernelManager.ip = {ip!r}
'''


def write_nbconfig(course: Path, cell_timeout: int, sandbox_config: str = "", ipc: str = "",
                   budget: float = 0, stop_after: str = "") -> None:
    text = NBCONFIG.format(root=str(course), cell_timeout=int(cell_timeout), sandbox_config=sandbox_config,
                           budget=float(budget), stop_after=stop_after or "",
                           transport="ipc" if ipc else "tcp", ip=ipc or "127.0.0.1")
    (course / "nbgrader_config.py").write_text(text)


# ``nbgrader`` itself, minus a 1.3 s import nbgrader never needs: jsonschema's optional
# RFC 3987 grammar (only used for "iri" formats, which nbformat's schema does not use).
NBGRADER_MAIN = ("import sys; sys.modules['rfc3987_syntax'] = None; "
                 "from nbgrader.apps.nbgraderapp import main; sys.exit(main())")


def run_nbgrader(args: list, cwd: Path, timeout: float, extra_env: dict | None = None):
    """Run ``nbgrader ARGS`` in its own process group; on timeout the whole group is killed."""
    cmd = [sys.executable, "-c", NBGRADER_MAIN, *args]
    env = trusted_env()
    env.update(extra_env or {})
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, text=True, errors="replace")
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        out, _ = proc.communicate()
        raise subprocess.TimeoutExpired(cmd, timeout, output=out) from None
    finally:
        _kill_group(proc.pid)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, None)


def template_key(root: Path, assignment: str) -> str:
    """What the template depends on: the source folder, nbgrader's version, this grader's version."""
    from importlib.metadata import version

    h = hashlib.sha256(f"{GRADER_VERSION}|{version('nbgrader')}|{assignment}|{NBCONFIG}".encode())
    src = Path(root) / "source" / assignment
    for path in sorted(p for p in src.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        h.update(str(path.relative_to(src)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:24]


def _template_cache() -> Path | None:
    if os.environ.get("COURSE_NO_TEMPLATE_CACHE"):
        return None
    from ..data.download import data_cache_dir

    return data_cache_dir("grading-templates")


def prepare_template(root: Path, assignment: str, workdir: Path) -> Path:
    """A private nbgrader course holding the assignment's gradebook.

    ``nbgrader generate_assignment`` runs once per version of the source
    folder: the result is kept in the data cache (``grading-templates/<key>``)
    and copied from there afterwards.
    """
    template = workdir / "template"
    cache = _template_cache()
    key = template_key(root, assignment)
    cached = cache / key if cache else None
    if cached is not None and (cached / "gradebook.db").is_file():
        shutil.copytree(cached, template)
        return template
    (template / "source").mkdir(parents=True)
    shutil.copytree(root / "source" / assignment, template / "source" / assignment)
    write_nbconfig(template, 60)
    done = run_nbgrader(["generate_assignment", assignment, "--force"], template, timeout=600)
    if done.returncode != 0 or not (template / "gradebook.db").exists():
        raise RuntimeError(f"nbgrader generate_assignment failed for {assignment}:\n{done.stdout[-3000:]}")
    if cached is not None:
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=_mkdirs(cache)))
            shutil.copy2(template / "gradebook.db", staging / "gradebook.db")
            shutil.copytree(template / "source", staging / "source")
            try:
                os.rename(staging, cached)  # atomic; another grader may have won the race
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
        except OSError:
            pass  # no cache, just slower next time
    return template


def _mkdirs(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _locate_mnist() -> str | None:
    """The folder of the full MNIST files as the trusted side finds it (download included).

    ``$COURSE_MNIST_DIR`` or the cache are used without loading the data when they hold
    the four files; only otherwise is :func:`get_mnist` asked (which may download).
    """
    from ..data import DataError, get_mnist
    from ..data.download import data_cache_dir
    from ..data.mnist import _locate

    env = os.environ.get("COURSE_MNIST_DIR", "").strip()
    for folder in ([Path(env).expanduser()] if env else []) + [data_cache_dir("mnist")]:
        if folder.is_dir() and not _locate(folder)[1]:
            return str(folder.resolve())
    try:
        return get_mnist().directory
    except DataError:
        return None


# --- sandbox uids ------------------------------------------------------------

@contextlib.contextmanager
def lease_uid(preferred: int | None = None):
    """A sandbox uid nobody else on this machine uses meanwhile (a lock file per uid).

    Yields ``None`` when not running as root (no uid switch then). Processes
    left over by the uid are killed before and after use.
    """
    if os.geteuid() != 0:
        yield None
        return
    lock_dir = Path(os.environ.get("COURSE_UID_LOCK_DIR", UID_LOCK_DIR))
    lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    order = list(range(FIRST_UID, FIRST_UID + UID_COUNT))
    if preferred in order:
        order.remove(preferred)
        order.insert(0, preferred)
    for uid in order:
        fd = os.open(lock_dir / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            kill_uid(uid)
            yield uid
        finally:
            kill_uid(uid)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        return
    raise RuntimeError(f"no free sandbox uid in {FIRST_UID}..{FIRST_UID + UID_COUNT - 1}")


# --- finding submissions -----------------------------------------------------

def _pick_notebook(student: str, notebooks: list, expected: str, flat: bool = False,
                   notes: list | None = None) -> Submission:
    notebooks = sorted(notebooks)
    chosen = next((p for p in notebooks if p.name == expected), None)
    notes = list(notes or [])
    if chosen is None and flat and len(notebooks) == 1:
        return Submission(student, notebooks[0], notes)
    if chosen is None:
        if not notebooks:
            return Submission(student, None, notes + [f"no notebook submitted (expected {expected})"])
        chosen = notebooks[0]
        notes.append(f"renamed notebook: graded {chosen.name} as {expected}")
    extra = [p.name for p in notebooks if p != chosen]
    if extra:
        notes.append(f"extra notebook(s) ignored: {', '.join(extra)}")
    return Submission(student, chosen, notes)


def _notebooks_in(folder: Path) -> list:
    return [p for p in folder.glob("*.ipynb") if not p.name.startswith(".") and not p.is_dir()]


def find_submissions(folder: Path, info: AssignmentInfo) -> list:
    """Submissions in the nbgrader layout (``<student>/<assignment>/*.ipynb``) or flat (``<student>.ipynb``).

    Every student folder gives a submission, even without a notebook (status
    ``missing``); a notebook placed directly in ``<student>/`` is accepted with
    a note.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"submissions folder not found: {folder}")
    found, flat, notes = {}, set(), {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            found.setdefault(entry.stem, []).append(entry)
            flat.add(entry.stem)
        elif entry.is_dir():
            sub = entry / info.name
            found.setdefault(entry.name, [])
            if sub.is_dir():
                found[entry.name].extend(_notebooks_in(sub))
            elif _notebooks_in(entry):
                found[entry.name].extend(_notebooks_in(entry))
                notes.setdefault(entry.name, []).append(
                    f"notebook found in {entry.name}/ instead of {entry.name}/{info.name}/")
    return [_pick_notebook(student, nbs, info.notebook, flat=student in flat, notes=notes.get(student))
            for student, nbs in sorted(found.items())]


# --- grading one submission --------------------------------------------------

def _error_messages(cell) -> list:
    msgs = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            ename, evalue = out.get("ename", "Error"), str(out.get("evalue", ""))
            if ename == "CellTimeoutError" and not evalue:
                evalue = "the cell ran past the time limit and was interrupted"
            msgs.append(f"{ename}: {evalue}"[:1500] if evalue else ename)
    # the reason first: a timeout also leaves the KeyboardInterrupt of the interrupt behind
    return sorted(msgs, key=lambda m: not m.startswith(("CellTimeoutError", "KernelDied", "Unresponsive")))


def _check_archive(path: Path) -> None:
    """Refuse an ``.npz`` that could expand in memory (compressed members, or too big in total)."""
    if not path.exists() or path.is_symlink():
        return
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
        if any(m.compress_type != zipfile.ZIP_STORED for m in members):
            raise ValueError("compressed members (the grader never writes those)")
        if sum(m.file_size for m in members) > serialize.MAX_BYTES:
            raise ValueError("too large")


def _load_outcomes(outbox: Path, name: str):
    stem = outbox / name
    if not stem.with_suffix(".json").exists():
        return None, "the hidden tests of this cell did not run (an earlier line of the cell failed, " \
                     "or the cell was not executed)"
    try:
        _check_archive(stem.with_suffix(".npz"))
        return serialize.load(stem), None
    except Exception as exc:  # anything the student's process wrote may be malformed
        return None, f"the recorded test outputs could not be read ({type(exc).__name__}: {str(exc)[:120]})"


# Judging runs the reference, which seeds and draws from numpy's *global* random state:
# two grading threads judging at once would disturb each other's draws.
_JUDGE_LOCK = threading.Lock()


def score_notebook(nb, info: AssignmentInfo, outbox: Path | None, cases: dict) -> list:
    """Points per graded cell: the cell ran without error AND its hidden checks passed."""
    with _JUDGE_LOCK:
        return _score_notebook(nb, info, outbox, cases)


def _score_notebook(nb, info: AssignmentInfo, outbox: Path | None, cases: dict) -> list:
    by_id = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid:
            by_id[gid] = cell
    results = []
    for spec in info.cells:
        cell = by_id.get(spec.grade_id)
        if cell is None:
            results.append(CellResult(spec.grade_id, 0.0, spec.points, ["this test cell is missing"]))
            continue
        genuine = info.sources.get(spec.grade_id)
        if cell.cell_type != "code" or (genuine is not None and not same_source(source_text(cell), genuine)):
            results.append(CellResult(spec.grade_id, 0.0, spec.points,
                                      ["this test cell was changed and could not be restored, so it "
                                       "was not graded; do not edit test cells"]))
            continue
        messages = _error_messages(cell)
        if not messages and outbox is not None:
            for name in spec.checks:
                outcomes, problem = _load_outcomes(outbox, name)
                if problem is None:
                    if not isinstance(outcomes, list) or len(outcomes) != len(cases[name]):
                        problem = "the recorded test outputs are incomplete"
                    else:
                        try:
                            problems = judge_outcomes(info.name, name, cases[name], outcomes)
                        except Exception as exc:  # malformed outcome structure
                            problems = [f"the recorded outputs could not be checked ({type(exc).__name__})"]
                        if problems:
                            problem = f"{len(problems)} of {len(cases[name])} hidden test case(s) failed:\n" + \
                                "\n".join(f"  - {p}" for p in problems)
                if problem:
                    messages.append(f"{name}: {problem}")
        points = 0.0 if messages else spec.points
        results.append(CellResult(spec.grade_id, points, spec.points, messages))
    return results


class Grader:
    """Grades submissions of one assignment; safe to call from several threads."""

    def __init__(self, root: Path, assignment: str, options: Options, workdir: Path | None = None):
        self.root = Path(root)
        self.info = read_assignment(self.root / "source", assignment)
        self.source_nb = nbformat.read(self.root / "source" / assignment / self.info.notebook, as_version=4)
        self.options = options
        # isolation: decided (or refused, IsolationRefused) before anything else; see isolation.py
        self.isolation, self.notes = choose_isolation(options.sandbox, options.unsafe_no_isolation)
        self.isolate, self.as_root = self.isolation.namespaces, self.isolation.own_uid
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="course-grade-"))
        os.chmod(self.workdir, 0o711)
        self.template = prepare_template(self.root, assignment, self.workdir)
        self.mnist_dir = _locate_mnist()
        check_files(self.isolation, secret=[*self._course_paths(), _template_cache()], needed=[self.mnist_dir])

    def close(self) -> None:
        if self._own_workdir and not os.environ.get("COURSE_KEEP_JOBS"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    # the sandbox of one job
    def _course_paths(self) -> list:
        """The course folder's entries a kernel must not see (the answer key, hidden tests, source)."""
        return [str(p) for p in self.root.iterdir() if p.name not in {".venv", "course_lib"}]

    def _hidden_paths(self, job: Path, extra: list) -> list:
        paths = self._course_paths()
        paths += [str(self.template), str(job / "course" / "gradebook.db"), str(job / "course" / "source"),
                  str(job / "course" / "nbgrader_config.py")]
        return paths + [str(p) for p in extra]

    def _sandbox(self, job: Path, uid: int | None, hide: list) -> tuple:
        box = job / "sandbox"
        for sub in ("in", "out", "home", "ipc", "home/.ipython/profile_default/startup"):
            (box / sub).mkdir(parents=True, exist_ok=True)
        (box / "home/.ipython/profile_default/startup/00-course.py").write_text(WARNINGS_TO_STDOUT)
        env = {"PATH": venv_bin() + ":/usr/local/bin:/usr/bin:/bin", "HOME": str(box / "home"),
               "IPYTHONDIR": str(box / "home" / ".ipython"), "MPLBACKEND": "Agg",
               "MPLCONFIGDIR": str(box / "home" / ".mpl"), "COURSE_GRADING_DIR": str(box),
               "COURSE_ASSIGNMENT": self.info.name, "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONNOUSERSITE": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "JPY_SESSION_NAME": "", "LANG": "C.UTF-8", "TMPDIR": "/tmp"}
        for var in ENV_PASSTHROUGH:
            if var in os.environ:
                env[var] = os.environ[var]
        if self.mnist_dir:
            env["COURSE_MNIST_DIR"] = self.mnist_dir
        # What the kernel may see (read-only): Python, the installed packages, course_lib, the data,
        # and its working folder (the notebook's folder, made by nbgrader before the kernel starts).
        expose = [os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), str(PACKAGE_DIR),
                  str(job / "course" / "autograded" / JOB_STUDENT / self.info.name)]
        if self.mnist_dir:
            expose.append(self.mnist_dir)
        config = SandboxConfig(limits=self.options.limits, uid=uid if self.as_root else None,
                               hide=hide if self.isolate else [], expose=expose, writable=[str(box)],
                               env=env, isolation=self.isolation.value, connection_dir=str(box / "ipc"))
        cfg_path = job / "sandbox.json"
        config.write(str(cfg_path))
        return box, cfg_path

    def grade(self, sub: Submission, out_dir: Path, uid: int | None = None, extra_hidden: list = ()) -> Result:
        """Grade one submission and write its outputs under ``out_dir``.

        ``uid`` is only a preference: the sandbox uid is leased (see :func:`lease_uid`),
        so concurrent graders on one machine never share one.
        """
        start = time.monotonic()
        info = self.info
        result = Result(sub.student, "graded", max_score=info.max_score, notes=list(sub.notes),
                        notebook=sub.notebook.name if sub.notebook else "", isolation=self.isolation.value)
        if self.isolation is Isolation.NONE and self.options.sandbox:
            result.notes.extend(self.notes)  # --unsafe-no-isolation: every result says so
        result.cells = [CellResult(c.grade_id, 0.0, c.points) for c in info.cells]
        if sub.notebook is None:
            result.status = "missing"
            if not any("no notebook" in n for n in result.notes):
                result.notes.append(f"no notebook submitted (expected {info.notebook})")
            return result
        try:
            result.sha256 = sha256_file(sub.notebook)
            nb, version = load_submission(sub.notebook)
        except NotebookProblem as exc:
            result.status = "invalid"
            result.notes.append(f"{sub.notebook.name}: {exc}")
            return result
        except OSError as exc:
            result.status = "invalid"
            result.notes.append(f"{sub.notebook.name}: the file could not be read ({exc.strerror})")
            return result
        if version == 3:
            result.notes.append("notebook format 3 upgraded to 4")
        restored = restore_missing_cells(nb, self.source_nb)
        if restored:
            shown = ", ".join(restored[:8]) + (f" and {len(restored) - 8} more" if len(restored) > 8 else "")
            result.notes.append(f"restored {len(restored)} deleted cell(s): {shown}")
        job = Path(tempfile.mkdtemp(prefix="job-", dir=self.workdir))
        os.chmod(job, 0o711)
        try:
            if self.as_root:
                with lease_uid(uid) as leased:
                    return self._grade_in(job, nb, result, out_dir, leased, extra_hidden, start)
            return self._grade_in(job, nb, result, out_dir, None, extra_hidden, start)
        finally:
            if not os.environ.get("COURSE_KEEP_JOBS"):
                shutil.rmtree(job, ignore_errors=True)

    def _grade_in(self, job, nb, result, out_dir, uid, extra_hidden, start) -> Result:
        info = self.info
        course = job / "course"
        course.mkdir()
        shutil.copy2(self.template / "gradebook.db", course / "gradebook.db")
        shutil.copytree(self.template / "source", course / "source")
        submitted = course / "submitted" / JOB_STUDENT / info.name
        submitted.mkdir(parents=True)
        nbformat.write(nb, submitted / info.notebook)
        box, cfg = self._sandbox(job, uid, self._hidden_paths(job, extra_hidden))
        seed = self.options.seed if self.options.seed is not None else int.from_bytes(os.urandom(4), "little")
        cases = {name: build_cases(info.name, name, seed + i) for i, name in enumerate(info.checks)}
        for name, value in cases.items():
            serialize.save(box / "in" / name, value)
        runtime = job / "runtime"
        runtime.mkdir()
        if self.as_root and uid is not None:
            for path in (box / "out", box / "home", box / "ipc", runtime):
                for sub in [path, *path.rglob("*")]:
                    os.chown(sub, uid, uid)
            for path in (course, course / "submitted", course / "submitted" / JOB_STUDENT):
                os.chmod(path, 0o711)
            lock_job(job, self.template, uid)
        write_nbconfig(course, self.options.cell_timeout, sandbox_config=str(cfg) if self.options.sandbox else "",
                       ipc=str(box / "ipc" / "kernel") if self.isolate else "",
                       budget=self.options.submission_timeout, stop_after=self.options.stop_after or "")
        try:
            done = run_nbgrader(["autograde", info.name, "--student", JOB_STUDENT, "--force"], course,
                                self.options.submission_timeout + 120, {"JUPYTER_RUNTIME_DIR": str(runtime)})
        except subprocess.TimeoutExpired:
            result.status = "timeout"
            result.notes.append(f"grading stopped after {self.options.submission_timeout} s "
                                f"(the whole notebook must finish within this time)")
            result.seconds = round(time.monotonic() - start, 2)
            return result
        finally:
            if self.as_root and uid is not None:
                kill_uid(uid)  # nothing of the student's may run while the outputs are read
        graded_nb_path = course / "autograded" / JOB_STUDENT / info.name / info.notebook
        if not graded_nb_path.exists():
            result.status = "error"
            tail = done.stdout.strip().splitlines()[-5:]
            result.notes.append("nbgrader could not grade this notebook: " + " | ".join(tail)[-600:])
            result.seconds = round(time.monotonic() - start, 2)
            return result
        graded = nbformat.read(graded_nb_path, as_version=4)
        result.cells = score_notebook(graded, info, box / "out" if self.options.sandbox else None, cases)
        result.score = round(sum(c.points for c in result.cells), 4)
        status, notes = run_notes(graded, self.options)
        result.status = status
        result.notes += notes
        dest = Path(out_dir)
        dest.mkdir(parents=True, exist_ok=True)
        from .feedback import write_feedback

        nbformat.write(graded, dest / info.notebook)
        result.autograded = str(dest / info.notebook)
        result.feedback = str(write_feedback(graded, info, result, dest / "feedback.html"))
        result.seconds = round(time.monotonic() - start, 2)
        return result


def _cell_label(cell, index: int) -> str:
    gid = cell.metadata.get("nbgrader", {}).get("grade_id")
    return f"cell {index + 1}" + (f" ({gid})" if gid else "")


def run_notes(graded, options: Options) -> tuple:
    """The status of a graded run and notes on what went wrong while it ran."""
    status, notes = "graded", []
    for i, cell in enumerate(graded.cells):
        names = [o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        texts = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        where = _cell_label(cell, i)
        if "CellTimeoutError" in names:
            notes.append(f"{where} ran past the {options.cell_timeout} s limit and was interrupted")
        if "Unresponsive" in names:
            status = "stopped"
            notes.append(f"{where} did not stop when interrupted; the notebook was stopped there "
                         f"and later cells were not run")
        if "KernelDied" in names:
            status = "stopped"
            notes.append(f"the notebook's Python process died in {where} (os._exit, a crash, or the "
                         f"memory/CPU limit); later cells were not run")
        if "NotRun" in names and any("time budget" in str(o.get("evalue", "")) for o in cell.outputs
                                     if o.get("output_type") == "error"):
            status = "timeout"
            notes.append(f"the notebook used up its {options.submission_timeout} s budget before {where}; "
                         f"later cells were not run")
            break
        if "the grader dropped the rest of this cell's output" in texts:
            notes.append(f"{where} printed too much; its output was cut")
    return status, notes


def kill_uid(uid: int) -> None:
    """Kill every process left running as ``uid`` (a sandbox uid is never shared)."""
    for _ in range(3):
        found = False
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                uid_line = next(l for l in status.read_text().splitlines() if l.startswith("Uid:"))
            except (OSError, StopIteration):
                continue
            if int(uid_line.split()[1]) == uid:
                found = True
                try:
                    os.kill(int(status.parent.name), signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        if not found:
            return
        time.sleep(0.05)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
