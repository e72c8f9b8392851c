"""Manually graded written answers: the CSV round trip (``course manual export`` / ``import``).

Every submission is graded in its own private nbgrader course, so there is no
shared gradebook for formgrader. Instead the instructor exports the pending
answers (with the rubric) to a CSV, fills in scores and comments, and imports
it; the import checks every row before it changes anything, then merges the
scores into each ``result.json`` and rewrites the reports and the feedback.
See docs/DESIGN.md, "Manually graded answers".
"""

from __future__ import annotations

import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from .notebooks import AssignmentInfo, same_source
from .results import Result, StaleResult, load_result, save_result, stored_results
from .status import Outcome

__all__ = ["COLUMNS", "REQUIRED", "ManualError", "Grade", "export_answers", "read_grades", "apply_grades",
           "import_answers", "keep_manual_grades"]

COLUMNS = ["student", "grade_id", "max_points", "rubric", "answer", "score", "comment"]
REQUIRED = ("student", "grade_id", "score", "comment")   # the others are there to read while grading


class ManualError(ValueError):
    """The answers CSV cannot be imported; ``problems`` says, row by row, what to fix. Nothing was written."""

    def __init__(self, problems: list):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Grade:
    """One row of a checked answers CSV: ``score`` None keeps the answer pending."""

    student: str
    grade_id: str
    score: float | None
    comment: str


def _load(out: Path) -> dict:
    """``{student: (Result, folder)}`` of a grading output folder (ManualError when unusable)."""
    try:
        found = stored_results(out)
    except StaleResult as exc:
        raise ManualError([f"{exc}: grade the submissions again with `course grade`"]) from None
    if not found:
        raise ManualError([f"{out} holds no graded submissions (no */result.json): run `course grade` first"])
    return {result.student: (result, folder) for result, folder in found.values()}


def export_answers(info: AssignmentInfo, out: Path, dest: Path) -> int:
    """Write one CSV row per student and manually graded answer; return the number of rows.

    ``score`` and ``comment`` hold what was imported before (empty while pending), so
    exporting, editing and importing again never loses a grade.
    """
    specs = {c.grade_id: c for c in info.cells if c.manual}
    rows = []
    for student, (result, _) in sorted(_load(Path(out)).items()):
        for cell in result.cells:
            if cell.grade_id in specs and cell.manual:
                graded = cell.outcome is Outcome.GRADED_MANUALLY
                rows.append([student, cell.grade_id, f"{cell.max_points:g}", specs[cell.grade_id].rubric,
                             cell.answer, f"{cell.points:g}" if graded else "", cell.comment])
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)


def _score(text: str, max_points: float) -> tuple:
    """``(score or None, problem)`` for the text of a score column."""
    text = text.strip()
    if not text:
        return None, ""
    try:
        value = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    except ValueError:
        return None, f"the score {text!r} is not a number"
    if not math.isfinite(value) or not 0 <= value <= max_points:
        return None, f"the score {text} is outside 0..{max_points:g}"
    return value, ""


def read_grades(info: AssignmentInfo, out: Path, csv_path: Path) -> list:
    """Every row of ``csv_path`` checked against the results in ``out``: a :class:`Grade` per row.

    Raises :class:`ManualError` listing every problem (a missing column, an unknown student
    or grade_id, a score that is not a number or is outside 0..max_points, a row given twice,
    an answer that is no longer the student's); nothing is changed then.
    """
    results = _load(Path(out))
    specs = {c.grade_id: c for c in info.cells if c.manual}
    try:
        with open(csv_path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ManualError([f"{csv_path}: could not be read as a UTF-8 CSV ({exc})"]) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ManualError([f"{csv_path}: the column(s) {', '.join(missing)} are missing; the header must hold "
                           f"{', '.join(COLUMNS)} (as `course manual export` writes it)"])
    problems, grades, seen = [], [], {}
    for number, row in enumerate(rows, start=2):   # row 1 is the header
        where = f"{csv_path.name} row {number}"
        if None in row:
            problems.append(f"{where}: more fields than columns (a comma outside quotes?)")
            continue
        student, gid = (row.get("student") or "").strip(), (row.get("grade_id") or "").strip()
        if not student and not gid and not any((v or "").strip() for v in row.values()):
            continue   # a blank line
        if student not in results:
            problems.append(f"{where}: unknown student {student!r} (not graded in {out}); fix the name or "
                            f"delete the row")
            continue
        if gid not in specs:
            problems.append(f"{where}: unknown grade_id {gid!r}; the written answers of {info.name} are "
                            f"{', '.join(specs) or 'none'}")
            continue
        result, _ = results[student]
        cell = next((c for c in result.cells if c.grade_id == gid), None)
        if cell is None or not cell.manual:
            problems.append(f"{where}: {student}'s submission has no answer {gid} to grade (status "
                            f"{result.status}); delete the row")
            continue
        if (student, gid) in seen:
            problems.append(f"{where}: {student} / {gid} is also in row {seen[student, gid]}; keep one row")
            continue
        seen[student, gid] = number
        answer = row.get("answer")
        if answer is not None and not same_source(answer.replace("\r\n", "\n"), cell.answer):
            problems.append(f"{where}: the answer is not {student}'s current answer to {gid} (was the submission "
                            f"graded again?); run `course manual export` again and copy the scores over")
            continue
        score, problem = _score(row.get("score") or "", cell.max_points)
        if problem:
            problems.append(f"{where} ({student}, {gid}): {problem}; write a number from 0 to "
                            f"{cell.max_points:g}, or leave it empty to keep the answer pending")
            continue
        grades.append(Grade(student, gid, score, (row.get("comment") or "").strip()))
    if problems:
        raise ManualError(problems)
    return grades


def apply_grades(info: AssignmentInfo, out: Path, grades: list) -> list:
    """Merge checked ``grades`` into ``out``: result.json, feedback and the reports; return every result."""
    from .batch import write_reports

    out = Path(out)
    results = _load(out)
    changed = set()
    for grade in grades:
        result, _ = results[grade.student]
        cell = next(c for c in result.cells if c.grade_id == grade.grade_id)
        cell.points = 0.0 if grade.score is None else float(grade.score)
        cell.outcome = Outcome.PENDING if grade.score is None else Outcome.GRADED_MANUALLY
        cell.comment = grade.comment
        changed.add(grade.student)
    for student in sorted(changed):
        result, folder = results[student]
        result.rescore()
        save_result(result, folder / "result.json")
        rewrite_feedback(info, result, folder)
    ordered = sorted((r for r, _ in results.values()), key=lambda r: r.student)
    write_reports(ordered, info, out)
    return ordered


def import_answers(info: AssignmentInfo, out: Path, csv_path: Path) -> list:
    """Check every row of ``csv_path`` (ManualError: nothing written), then merge it; return the results."""
    return apply_grades(info, out, read_grades(info, Path(out), Path(csv_path)))


def rewrite_feedback(info: AssignmentInfo, result: Result, folder: Path) -> None:
    """Write ``folder/feedback.html`` again from the autograded notebook there (when there is one)."""
    import nbformat

    from .feedback import write_feedback

    notebook = Path(folder) / info.notebook
    if notebook.is_file():
        result.feedback = str(write_feedback(nbformat.read(notebook, as_version=4), info, result,
                                             Path(folder) / "feedback.html"))


def keep_manual_grades(stored: Path, result: Result, info: AssignmentInfo) -> list:
    """After a regrade: keep the manual grades of ``stored`` (the previous result.json) whose answer is unchanged.

    A grade whose answer changed is dropped (the answer is pending again) and a note
    says so. Rewrites the feedback when anything was kept or dropped; returns the notes.
    """
    try:
        previous = load_result(stored) if Path(stored).is_file() else None
    except StaleResult:
        previous = None
    if previous is None:
        return []
    before = {c.grade_id: c for c in previous.cells if c.outcome is Outcome.GRADED_MANUALLY}
    notes, touched = [], False
    for cell in result.cells:
        old = before.get(cell.grade_id)
        if old is None or cell.outcome is not Outcome.PENDING:
            continue
        touched = True
        if same_source(old.answer, cell.answer):
            cell.points, cell.outcome, cell.comment = old.points, Outcome.GRADED_MANUALLY, old.comment
        else:
            notes.append(f"{cell.grade_id}: the answer changed after the instructor graded it, so the earlier "
                         f"grade ({old.points:g} / {old.max_points:g}) was set aside; it awaits grading again")
    if touched:
        result.rescore()
        result.notes += notes
        for note in notes:
            print(f"warning: {result.student}: {note}", file=sys.stderr)
        rewrite_feedback(info, result, Path(stored).parent)
    return notes
