"""Finding the submissions in a folder, and the notebook of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .notebooks import AssignmentInfo

__all__ = ["Submission", "pick_notebook", "find_submissions"]


@dataclass
class Submission:
    """One student's submission: the notebook to grade (None: nothing usable) and notes on how it was found."""

    student: str
    notebook: Path | None
    notes: list = field(default_factory=list)
    why_missing: str = ""   # when ``notebook`` is None: what was looked for (the grader's note)


def pick_notebook(student: str, notebooks: list, expected: str, flat: bool = False,
                  notes: list | None = None) -> Submission:
    """The submission made of ``notebooks``: the one named ``expected``, else the only or first one.

    ``flat``: a single notebook is the submission whatever its name (``<student>.ipynb``).
    """
    notebooks = sorted(notebooks)
    chosen = next((p for p in notebooks if p.name == expected), None)
    notes = list(notes or [])
    if chosen is None and flat and len(notebooks) == 1:
        return Submission(student, notebooks[0], notes)
    if chosen is None:
        if not notebooks:
            return Submission(student, None, notes, why_missing=f"no notebook submitted (expected {expected})")
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
    return [pick_notebook(student, nbs, info.notebook, flat=student in flat, notes=notes.get(student))
            for student, nbs in sorted(found.items())]
