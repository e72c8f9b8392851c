"""Running ``nbgrader`` from the trusted process: its configuration and its subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

__all__ = ["NBCONFIG", "write_nbconfig", "run_nbgrader", "trusted_env", "venv_bin", "kill_group"]

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

# ``nbgrader`` itself, minus a 1.3 s import nbgrader never needs: jsonschema's optional
# RFC 3987 grammar (only used for "iri" formats, which nbformat's schema does not use).
NBGRADER_MAIN = ("import sys; sys.modules['rfc3987_syntax'] = None; "
                 "from nbgrader.apps.nbgraderapp import main; sys.exit(main())")


def write_nbconfig(course: Path, cell_timeout: int, sandbox_config: str = "", ipc: str = "",
                   budget: float = 0, stop_after: str = "") -> None:
    """Write ``course/nbgrader_config.py``: our executor, its limits, and the kernel's transport."""
    text = NBCONFIG.format(root=str(course), cell_timeout=int(cell_timeout), sandbox_config=sandbox_config,
                           budget=float(budget), stop_after=stop_after or "",
                           transport="ipc" if ipc else "tcp", ip=ipc or "127.0.0.1")
    (course / "nbgrader_config.py").write_text(text)


def venv_bin() -> str:
    """The folder of this Python's executables (nbgrader, alembic, ...)."""
    return os.path.dirname(sys.executable)


def trusted_env() -> dict:
    """Environment of the nbgrader process (nbgrader needs its tools, e.g. alembic, on PATH)."""
    env = dict(os.environ)
    env["PATH"] = venv_bin() + os.pathsep + env.get("PATH", "/usr/bin:/bin")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env.pop("COURSE_GRADING_DIR", None)
    return env


def run_nbgrader(args: list, cwd: Path, timeout: float, extra_env: dict | None = None, server=None):
    """Run ``nbgrader ARGS`` in its own process group; on timeout the whole group is killed.

    ``server``: a :class:`~course_lib.grading.forkserver.NbgraderServer` to run it in a fork of
    an nbgrader imported once; default: a fresh Python process.
    """
    cmd = [sys.executable, "-c", NBGRADER_MAIN, *args]
    env = trusted_env()
    env.update(extra_env or {})
    if server is not None:
        returncode, out = server.run(args, cwd, timeout, env)
        return subprocess.CompletedProcess(cmd, returncode, out, None)
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, text=True, errors="replace")
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        out, _ = proc.communicate()
        raise subprocess.TimeoutExpired(cmd, timeout, output=out) from None
    finally:
        kill_group(proc.pid)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, None)


def kill_group(pgid: int) -> None:
    """SIGKILL every process of the process group ``pgid`` (gone already: nothing to do)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
