"""One submission's sandbox job: its private nbgrader course, its sandbox folders and settings.

Layout of a job folder (under the grader's work folder, removed afterwards)::

    course/                 a copy of the template course, plus submitted/ and autograded/
    sandbox/in/             the hidden-test cases, as data (written here, read by the kernel)
    sandbox/out/            what the kernel recorded (read back here, as data)
    sandbox/home/, ipc/     the kernel's home and its IPC sockets
    sandbox.json            the sandbox settings (course_lib.grading.sandbox)
    runtime/                Jupyter's runtime folder for this job
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from ..paths import PACKAGE_DIR
from . import serialize
from .nbgrader_app import venv_bin, write_nbconfig
from .notebooks import AssignmentInfo
from .isolation import Isolation, lock_job
from .sandbox import Limits, SandboxConfig

__all__ = ["Job", "JOB_STUDENT", "ENV_PASSTHROUGH"]

JOB_STUDENT = "student"  # nbgrader's id inside a job; the real name stays out of paths
ENV_PASSTHROUGH = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "COURSE_MNIST_ALLOW_SUBSET", "LANG", "TZ")

WARNINGS_TO_STDOUT = '''\
import sys as _sys, warnings as _warnings
def _course_showwarning(message, category, filename, lineno, file=None, line=None):
    _sys.stdout.write(_warnings.formatwarning(message, category, filename, lineno, line))
_warnings.showwarning = _course_showwarning
'''


class Job:
    """The folder in which one submission is graded (see the module docstring)."""

    def __init__(self, workdir: Path, info: AssignmentInfo):
        self.info = info
        self.folder = Path(tempfile.mkdtemp(prefix="job-", dir=workdir))
        os.chmod(self.folder, 0o711)
        self.course = self.folder / "course"
        self.box = self.folder / "sandbox"
        self.runtime = self.folder / "runtime"
        self.config_path = self.folder / "sandbox.json"

    @property
    def inbox(self) -> Path:
        return self.box / "in"

    @property
    def outbox(self) -> Path:
        return self.box / "out"

    @property
    def notebook_dir(self) -> Path:
        """The kernel's working folder (nbgrader makes it before the kernel starts)."""
        return self.course / "autograded" / JOB_STUDENT / self.info.name

    @property
    def graded_notebook(self) -> Path:
        return self.notebook_dir / self.info.notebook

    def set_up(self, template: Path, nb) -> None:
        """The course (gradebook and source from ``template``, ``nb`` as the submission) and empty sandbox folders."""
        self.course.mkdir()
        shutil.copy2(template / "gradebook.db", self.course / "gradebook.db")
        shutil.copytree(template / "source", self.course / "source")
        submitted = self.course / "submitted" / JOB_STUDENT / self.info.name
        submitted.mkdir(parents=True)
        nbformat.write(nb, submitted / self.info.notebook)
        for sub in ("in", "out", "home", "ipc", "home/.ipython/profile_default/startup"):
            (self.box / sub).mkdir(parents=True, exist_ok=True)
        (self.box / "home/.ipython/profile_default/startup/00-course.py").write_text(WARNINGS_TO_STDOUT)
        self.runtime.mkdir()

    def write_inputs(self, cases: dict) -> None:
        """The cases of every check, as plain data, where ``check()`` in the kernel reads them."""
        for name, value in cases.items():
            serialize.save(self.inbox / name, [c.to_data() for c in value])

    def hidden_paths(self, root: Path, template: Path, extra: list) -> list:
        """What the kernel must not see even without the allow-list view: the course, the template, the job's course."""
        paths = course_paths(root)
        paths += [str(template), str(self.course / "gradebook.db"), str(self.course / "source"),
                  str(self.course / "nbgrader_config.py")]
        return paths + [str(p) for p in extra]

    def write_sandbox_config(self, *, limits: Limits, uid: int | None, isolate: bool, isolation: Isolation,
                             hide: list, datasets: list) -> Path:
        """The sandbox settings of this job's kernel; ``datasets``: located folders, exposed read-only."""
        box = self.box
        env = {"PATH": venv_bin() + ":/usr/local/bin:/usr/bin:/bin", "HOME": str(box / "home"),
               "IPYTHONDIR": str(box / "home" / ".ipython"), "MPLBACKEND": "Agg",
               "MPLCONFIGDIR": str(box / "home" / ".mpl"), "COURSE_GRADING_DIR": str(box),
               "COURSE_ASSIGNMENT": self.info.name, "PYTHONDONTWRITEBYTECODE": "1",
               "PYTHONNOUSERSITE": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "JPY_SESSION_NAME": "", "LANG": "C.UTF-8", "TMPDIR": "/tmp"}
        for var in ENV_PASSTHROUGH:
            if var in os.environ:
                env[var] = os.environ[var]
        # What the kernel may see (read-only): Python, the installed packages, course_lib, the data,
        # and its working folder (the notebook's folder, made by nbgrader before the kernel starts).
        expose = [os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), str(PACKAGE_DIR),
                  str(self.notebook_dir)]
        for location in datasets:
            env[location.env_var] = str(location.directory)
            expose.append(str(location.directory))
            for var, folder in location.derived:   # read-only caches made by the trusted process
                env[var] = str(folder)
                expose.append(str(folder))
        config = SandboxConfig(limits=limits, uid=uid, hide=hide if isolate else [], expose=expose,
                               writable=[str(box)], env=env, isolation=isolation.value,
                               connection_dir=str(box / "ipc"))
        config.write(str(self.config_path))
        return self.config_path

    def hand_over(self, uid: int, template: Path) -> None:
        """Let the sandbox uid write its folders and reach (not list) the notebook's folder; lock the rest."""
        for path in (self.outbox, self.box / "home", self.box / "ipc", self.runtime):
            for sub in [path, *path.rglob("*")]:
                os.chown(sub, uid, uid)
        for path in (self.course, self.course / "submitted", self.course / "submitted" / JOB_STUDENT):
            os.chmod(path, 0o711)
        lock_job(self.folder, template, uid)

    def configure_nbgrader(self, *, cell_timeout: int, budget: float, stop_after: str | None, sandboxed: bool,
                           isolate: bool) -> None:
        """nbgrader's settings for this job: our executor, behind the sandbox when ``sandboxed``."""
        write_nbconfig(self.course, cell_timeout, sandbox_config=str(self.config_path) if sandboxed else "",
                       ipc=str(self.box / "ipc" / "kernel") if isolate else "", budget=budget,
                       stop_after=stop_after or "")

    def remove(self) -> None:
        if not os.environ.get("COURSE_KEEP_JOBS"):
            shutil.rmtree(self.folder, ignore_errors=True)


def course_paths(root: Path) -> list:
    """The course folder's entries a kernel must not see (answer keys, hidden tests, source): all but
    ``.venv`` and ``course_lib``."""
    return [str(p) for p in Path(root).iterdir() if p.name not in {".venv", "course_lib"}]
