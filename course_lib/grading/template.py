"""The template course: ``nbgrader generate_assignment`` once per version of ``source/<a>/``.

Every submission is graded in a copy of the template's gradebook and source
folder. The template is cached in ``$COURSE_DATA_CACHE/grading-templates/<key>``
(``COURSE_NO_TEMPLATE_CACHE=1`` turns the cache off).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .nbgrader_app import NBCONFIG, run_nbgrader, write_nbconfig
from .results import GRADER_VERSION

__all__ = ["template_key", "prepare_template"]


def template_key(root: Path, assignment: str) -> str:
    """What the template depends on: the source folder, nbgrader's version, this grader's version."""
    from importlib.metadata import version

    h = hashlib.sha256(f"{GRADER_VERSION}|{version('nbgrader')}|{assignment}|{NBCONFIG}".encode())
    src = Path(root) / "source" / assignment
    for path in sorted(p for p in src.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts):
        h.update(str(path.relative_to(src)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:24]


def template_cache() -> Path | None:
    if os.environ.get("COURSE_NO_TEMPLATE_CACHE"):
        return None
    from ..data.download import data_cache_dir

    return data_cache_dir("grading-templates")


def _mkdirs(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def prepare_template(root: Path, assignment: str, workdir: Path) -> Path:
    """A private nbgrader course holding the assignment's gradebook (``workdir/template``).

    ``nbgrader generate_assignment`` runs once per version of the source
    folder: the result is kept in the data cache (``grading-templates/<key>``)
    and copied from there afterwards.
    """
    template = workdir / "template"
    cache = template_cache()
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
