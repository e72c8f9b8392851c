"""The result of grading one submission, and its plain-data form (``result.json``).

:class:`Result` and :class:`CellResult` hold typed values (:class:`Status`,
:class:`Outcome`); :meth:`Result.to_json` turns them into plain data (enum
values as strings) and :meth:`Result.from_json` reads it back, including
files written before cells had an ``outcome``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .status import Manual, Outcome, Status

__all__ = ["GRADER_VERSION", "CellResult", "Result", "StaleResult", "save_result", "load_result", "stored_results"]

# Bump when grading decisions change: stored results of another version are graded again.
GRADER_VERSION = "4"   # 4: manually graded answers (Outcome.PENDING, answer, comment)


@dataclass
class CellResult:
    """Points of one graded cell, what became of it, and the messages the student reads."""

    grade_id: str
    points: float
    max_points: float
    messages: list = field(default_factory=list)
    outcome: Outcome | None = None  # None: derived from points and messages (results from older graders)
    function: str = ""              # the notebook function that looped, raised or is not implemented
    answer: str = ""                # a manually graded answer: the student's text (Markdown)
    unanswered: bool = False        # a manually graded answer left empty (or still "YOUR ANSWER HERE")
    comment: str = ""               # a manually graded answer: the instructor's comment (course manual import)

    def __post_init__(self):
        if self.outcome is None:
            self.outcome = Outcome.PASSED if self.points >= self.max_points and not self.messages \
                else Outcome.FAILED
        self.outcome = Outcome(self.outcome)

    @property
    def manual(self) -> bool:
        """Whether this is a manually graded answer (pending, or scored by the instructor)."""
        return self.outcome in (Outcome.PENDING, Outcome.GRADED_MANUALLY)

    def to_json(self) -> dict:
        return {**asdict(self), "outcome": self.outcome.value}

    @classmethod
    def from_json(cls, raw: dict) -> "CellResult":
        return cls(**raw)


@dataclass
class Result:
    """How grading one submission went (see docs/DESIGN.md for the statuses)."""

    student: str
    status: Status
    score: float = 0.0
    max_score: float = 0.0
    cells: list = field(default_factory=list)   # CellResult, in notebook order
    notes: list = field(default_factory=list)   # what happened, for people
    notebook: str = ""
    sha256: str = ""
    seconds: float = 0.0
    autograded: str = ""
    feedback: str = ""
    isolation: str = ""             # an Isolation value: how the kernel was isolated ("" = not run)

    def __post_init__(self):
        self.status = Status(self.status)

    @property
    def pending(self) -> float:
        """Points of manually graded answers that await the instructor (``score`` is provisional while > 0)."""
        return sum(c.max_points for c in self.cells if c.outcome is Outcome.PENDING)

    @property
    def manual(self) -> Manual:
        """Where the manually graded answers stand."""
        if any(c.outcome is Outcome.PENDING for c in self.cells):
            return Manual.PENDING
        return Manual.GRADED if any(c.outcome is Outcome.GRADED_MANUALLY for c in self.cells) else Manual.NONE

    def rescore(self) -> None:
        """``score`` from the cells' points (after manual grades changed)."""
        self.score = round(sum(c.points for c in self.cells), 4)

    def to_json(self) -> dict:
        raw = asdict(self)
        raw["status"] = self.status.value
        raw["cells"] = [c.to_json() for c in self.cells]
        return raw

    @classmethod
    def from_json(cls, raw: dict) -> "Result":
        """Read :meth:`to_json`'s output (``TypeError``/``ValueError`` when it is not one)."""
        raw = dict(raw)
        raw["cells"] = [CellResult.from_json(c) for c in raw.get("cells", [])]
        return cls(**raw)


class StaleResult(ValueError):
    """A stored ``result.json`` that another grader version wrote (or that is not a result)."""


def save_result(result: Result, path: Path) -> None:
    """Write ``result`` as ``result.json`` (with the grader version)."""
    Path(path).write_text(json.dumps({**result.to_json(), "grader_version": GRADER_VERSION}, indent=1))


def load_result(path: Path) -> Result:
    """Read a ``result.json`` that this grader version wrote; :class:`StaleResult` otherwise."""
    try:
        raw = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise StaleResult(f"{path} could not be read ({exc})") from None
    if not isinstance(raw, dict) or raw.pop("grader_version", None) != GRADER_VERSION:
        raise StaleResult(f"{path} was written by another grader version")
    try:
        return Result.from_json(raw)
    except (TypeError, ValueError) as exc:
        raise StaleResult(f"{path} is not a grading result ({exc})") from None


def stored_results(folder: Path) -> dict:
    """``{student folder name: (Result, folder)}`` for every ``folder/*/result.json`` (StaleResult if one is old)."""
    return {path.parent.name: (load_result(path), path.parent)
            for path in sorted(Path(folder).glob("*/result.json"))}
