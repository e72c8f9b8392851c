"""Shared fixtures: the course root, the toy course the engine tests grade, nbgrader on PATH.

Two kinds of tests live here:

* **engine tests** grade the toy course in ``tests/toy_course`` (a tiny assignment with the
  shape of a real one, seconds per submission);
* **contract tests** (``test_contract.py``) run once per assignment that the course has,
  found by :func:`course_lib.assignments.discover`.
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOY = Path(__file__).resolve().parent / "toy_course"
IN_CI = bool(os.environ.get("CI"))

# nbgrader shells out to tools of its own environment (alembic): put them on PATH.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")


def grading_jobs() -> int:
    """Parallel grading jobs for one test: never more kernels than cores (workers x jobs <= cores)."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    return max(1, (os.cpu_count() or 1) // workers)


def have_full_mnist() -> bool:
    d = os.environ.get("COURSE_MNIST_DIR")
    return bool(d) and (Path(d) / "train-images-idx3-ubyte.gz").exists()


needs_mnist = pytest.mark.skipif(not have_full_mnist(),
                                 reason="COURSE_MNIST_DIR is not set to the full MNIST (CI sets it)")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def copy_course(dest: Path, src: Path = ROOT) -> Path:
    """A copy of a course without the venv, git data or grading output."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(
        ".venv", ".git", "autograded", "build", "gradebook.db", "__pycache__", ".pytest_cache", "*.egg-info",
        "toy_course" if src == ROOT else "__none__"))
    return dest


@pytest.fixture
def strict_numpy():
    """Every warning is an error and numpy raises on every floating-point event."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield


def rng_state():
    """A copy of numpy's global RNG state (to check what a function drew)."""
    name, keys, pos, has_gauss, cached = np.random.get_state()
    return name, keys.copy(), pos, has_gauss, cached


def same_state(a, b) -> bool:
    """Whether two :func:`rng_state` snapshots are the same state."""
    return a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:]
