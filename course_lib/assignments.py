"""The course's assignments: discovered from the course folder, described by a manifest.

An assignment ``<a>`` is a folder ``source/<a>/`` (the nbgrader source notebook
and its paired text file) plus a Python package ``solutions/<a>/`` that holds
everything the instructor owns about it:

``solutions/<a>/assignment.toml``
    the manifest: title, what it teaches, the notebook, the datasets it needs,
    the grading time limits;
``solutions/<a>/reference.py``
    the reference, derived from the source notebook's solution cells
    (``course build <a>`` writes it); ``import solutions.<a>`` exposes it;
``solutions/<a>/hidden_tests.py``
    ``SUITES``: the hidden-test case suites, one per ``check()`` name;
``solutions/<a>/mutations.py``
    ``ENTRIES``: realistic wrong and correct implementations (mutation testing);
``solutions/<a>/demo.py``
    ``EXAMPLES``: the example submissions that ``course demo`` grades.

Nothing outside these two folders names an assignment: the engine finds them
with :func:`discover`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

from .paths import course_root

__all__ = ["Assignment", "AssignmentError", "discover", "load", "resolve", "MANIFEST"]

MANIFEST = "assignment.toml"


class AssignmentError(ValueError):
    """An assignment is unknown, ambiguous or its manifest is malformed; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    """Grading time limits in seconds: per cell, per whole notebook, and per cell in ``course demo``."""

    cell_timeout: int = 120
    submission_timeout: int = 900
    demo_cell_timeout: int = 20


@dataclass(frozen=True)
class Assignment:
    """One assignment of the course, as its manifest describes it."""

    name: str
    root: Path
    title: str
    teaches: str
    notebook: str
    datasets: tuple
    points: float
    limits: Limits
    grading_cost: str = ""

    @property
    def source_dir(self) -> Path:
        return self.root / "source" / self.name

    @property
    def source_notebook(self) -> Path:
        return self.source_dir / self.notebook

    @property
    def text_source(self) -> Path:
        """The jupytext percent-format twin of the source notebook (``<stem>.pct.py``)."""
        return self.source_dir / (Path(self.notebook).stem + ".pct.py")

    @property
    def release_notebook(self) -> Path:
        return self.root / "release" / self.name / self.notebook

    @property
    def package_dir(self) -> Path:
        return self.root / "solutions" / self.name

    @property
    def module(self) -> str:
        """The import name of the answer-key package, ``solutions.<name>``."""
        return f"solutions.{self.name}"


def _manifest_path(root: Path, name: str) -> Path:
    return Path(root) / "solutions" / name / MANIFEST


def discover(root: Path | None = None) -> list:
    """Names of the assignments in the course at ``root``, sorted.

    An assignment is a ``solutions/<name>/assignment.toml`` whose ``source/<name>/`` exists.
    """
    root = Path(root) if root else course_root()
    return sorted(p.parent.name for p in (root / "solutions").glob(f"*/{MANIFEST}")
                  if (root / "source" / p.parent.name).is_dir())


def load(name: str, root: Path | None = None) -> Assignment:
    """The manifest of assignment ``name``; :class:`AssignmentError` when absent or malformed."""
    root = Path(root) if root else course_root()
    path = _manifest_path(root, name)
    if not path.is_file() or not (root / "source" / name).is_dir():
        known = ", ".join(discover(root)) or "none"
        raise AssignmentError(f"no assignment {name!r} in {root} (known: {known}); an assignment needs "
                              f"source/{name}/ and solutions/{name}/{MANIFEST}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        grading = raw.get("grading", {})
        limits = Limits(**{k: int(v) for k, v in grading.items()})
        return Assignment(
            name=name, root=root, title=str(raw["title"]), teaches=str(raw.get("teaches", "")),
            notebook=str(raw.get("notebook", f"{name}.ipynb")), datasets=tuple(raw.get("datasets", ())),
            points=float(raw.get("points", 100)), limits=limits, grading_cost=str(raw.get("grading_cost", "")))
    except (KeyError, TypeError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise AssignmentError(f"{path} is malformed ({type(exc).__name__}: {exc}); see docs/DESIGN.md "
                              f"for the manifest's fields") from exc


def resolve(name: str | None, root: Path | None = None) -> Assignment:
    """``name``'s manifest; when ``name`` is None, the course's only assignment (else an error)."""
    root = Path(root) if root else course_root()
    if name:
        return load(name, root)
    names = discover(root)
    if len(names) == 1:
        return load(names[0], root)
    raise AssignmentError("this course has " + (f"{len(names)} assignments ({', '.join(names)})" if names
                                                 else "no assignments") + ": name the one you mean")
