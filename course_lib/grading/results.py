"""The result of grading one submission, and its plain-data form (``result.json``).

:class:`Result` and :class:`CellResult` hold typed values (:class:`Status`,
:class:`Outcome`); :meth:`Result.to_json` turns them into plain data (enum
values as strings) and :meth:`Result.from_json` reads it back, including
files written before cells had an ``outcome``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .status import Outcome, Status

__all__ = ["GRADER_VERSION", "CellResult", "Result"]

# Bump when grading decisions change: stored results of another version are graded again.
GRADER_VERSION = "3"


@dataclass
class CellResult:
    """Points of one graded cell, what became of it, and the messages the student reads."""

    grade_id: str
    points: float
    max_points: float
    messages: list = field(default_factory=list)
    outcome: Outcome | None = None  # None: derived from points and messages (results from older graders)
    function: str = ""              # the notebook function that looped, raised or is not implemented

    def __post_init__(self):
        if self.outcome is None:
            self.outcome = Outcome.PASSED if self.points >= self.max_points and not self.messages \
                else Outcome.FAILED
        self.outcome = Outcome(self.outcome)

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
