"""Shared fixtures: the course root, a scratch copy of the course, nbgrader on PATH."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "optimization"

# nbgrader shells out to tools of its own environment (alembic): put them on PATH.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")


def have_full_mnist() -> bool:
    d = os.environ.get("COURSE_MNIST_DIR")
    return bool(d) and (Path(d) / "train-images-idx3-ubyte.gz").exists()


needs_mnist = pytest.mark.skipif(not have_full_mnist(),
                                 reason="COURSE_MNIST_DIR is not set to the full MNIST (CI sets it)")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def copy_course(dest: Path) -> Path:
    """A copy of the course without the venv, git data or grading output."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".venv", ".git", "autograded", "build", "gradebook.db", "__pycache__", ".pytest_cache"))
    return dest
