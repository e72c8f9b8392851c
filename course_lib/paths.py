"""Where the course lives on disk (resolved from the package, never the cwd)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


class CourseRootError(RuntimeError):
    """The course directory (with nbgrader_config.py) could not be found."""


def course_root() -> Path:
    """Return the course root: the directory that holds ``nbgrader_config.py``.

    Order: the ``COURSE_ROOT`` environment variable, then the directory above
    the installed ``course_lib`` package (an editable install from the repo).
    """
    env = os.environ.get("COURSE_ROOT")
    candidates = [Path(env).expanduser()] if env else []
    candidates.append(PACKAGE_DIR.parent)
    for cand in candidates:
        if (cand / "nbgrader_config.py").is_file() and (cand / "source").is_dir():
            return cand.resolve()
    tried = ", ".join(str(c) for c in candidates)
    raise CourseRootError(
        f"Could not find the course directory (looked for nbgrader_config.py and "
        f"source/ in: {tried}). Set COURSE_ROOT to the course repository, or "
        f"install the package from it with `pip install -e .`."
    )
