"""Reading notebooks safely, and what the source notebook says about grading."""

from __future__ import annotations

import copy
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
CHECK_CALL = re.compile(r"""check\(\s*["']([A-Za-z0-9_]+)["']""")
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M)
SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", re.S)
SOLUTION_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION.*?^[ \t]*### END SOLUTION[^\n]*", re.S | re.M)
DROP_TAGS = {"skip-execution", "raises-exception"}
TEXT_STUB = "YOUR ANSWER HERE"   # what nbgrader's release shows in a written answer (ClearSolutions.text_stub)


class NotebookProblem(ValueError):
    """A submission that cannot be read as a notebook; the message says why and what to do."""


@dataclass
class GradedCell:
    """A graded cell of the source: a test cell (``checks``), or a manually graded written answer."""

    grade_id: str
    points: float
    checks: list = field(default_factory=list)
    manual: bool = False   # a Markdown answer the instructor grades (`course manual export/import`)
    rubric: str = ""       # manual: the source's solution region (instructor only, never shown to students)
    stub: str = ""         # manual: the cell as released (the prompt with "YOUR ANSWER HERE")

    def unanswered(self, answer: str) -> bool:
        """Whether ``answer`` (a manual cell's text) is empty or still the released stub."""
        text = answer.strip()
        return not text or text == TEXT_STUB or (bool(self.stub) and same_source(answer, self.stub))


@dataclass
class AssignmentInfo:
    """What grading needs to know about an assignment, read from its source notebook."""

    name: str
    notebook: str                     # file name, e.g. "optimization.ipynb"
    cells: list                       # GradedCell, in notebook order
    sources: dict = field(default_factory=dict)   # grade_id -> genuine source of each graded cell

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.cells)

    @property
    def checks(self) -> list:
        return [name for c in self.cells for name in c.checks]

    @property
    def manual_points(self) -> float:
        """Points of the manually graded answers (pending until `course manual import`)."""
        return sum(c.points for c in self.cells if c.manual)


def source_text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def read_assignment(source_dir: Path, name: str) -> AssignmentInfo:
    """Parse ``source/<name>/*.ipynb`` (exactly one notebook per assignment).

    Graded code cells are test cells; a graded solution Markdown cell is a manually
    graded written answer, whose rubric is its solution region.
    """
    notebooks = sorted(p for p in (source_dir / name).glob("*.ipynb"))
    if len(notebooks) != 1:
        raise ValueError(f"source/{name}/ must hold exactly one notebook, found {len(notebooks)}")
    nb = nbformat.read(notebooks[0], as_version=4)
    cells, sources = [], {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            cells.append(GradedCell(meta["grade_id"], float(meta.get("points", 0)),
                                    CHECK_CALL.findall(source_text(cell))))
            sources[meta["grade_id"]] = source_text(cell)
        elif meta.get("grade") and meta.get("solution") and cell.cell_type == "markdown":
            text = source_text(cell)
            cells.append(GradedCell(meta["grade_id"], float(meta.get("points", 0)), manual=True,
                                    rubric="\n\n".join(r.strip() for r in SOLUTION_REGION.findall(text)),
                                    stub=released_text(text)))
    return AssignmentInfo(name, notebooks[0].name, cells, sources)


def released_text(text: str) -> str:
    """A written answer's source as nbgrader releases it: every solution region becomes the stub."""
    return SOLUTION_BLOCK.sub(TEXT_STUB, text)


def _written_answer(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "markdown" and bool(meta.get("grade")) and bool(meta.get("solution"))


def same_source(a: str, b: str) -> bool:
    """Equal up to trailing white space on lines and at the end (what nbgrader's checksum ignores)."""
    norm = (lambda s: "\n".join(line.rstrip() for line in s.strip().splitlines()))
    return norm(a) == norm(b)


def load_submission(path: Path):
    """Read a submitted notebook as nbformat v4, or raise :class:`NotebookProblem`.

    Old formats (v3) are upgraded; outputs are dropped (grading re-runs
    everything); tags that would skip or excuse a cell are removed.
    """
    if path.is_symlink():
        raise NotebookProblem("the submitted file is a symbolic link, not a notebook; submit the .ipynb file itself")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotebookProblem(f"the file could not be read ({exc.strerror})") from None
    if size > MAX_NOTEBOOK_BYTES:
        raise NotebookProblem(f"the file is {size / 1e6:.0f} MB, over the {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB "
                              f"limit; clear the outputs (Kernel > Restart & Clear Output) and save again")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotebookProblem("the file is not text (not UTF-8); submit the .ipynb file that "
                              "Jupyter saved") from None
    except json.JSONDecodeError as exc:
        raise NotebookProblem(f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}): "
                              f"it may be truncated or edited by hand; re-download or re-save it from "
                              f"Jupyter") from None
    if not isinstance(data, dict) or not ("cells" in data or "worksheets" in data):
        raise NotebookProblem("the file is JSON but not a Jupyter notebook (no cells)")
    try:
        version = int(data.get("nbformat", 0))
    except (TypeError, ValueError):
        version = 0
    if version < 3 or version > 4:
        raise NotebookProblem(f"unsupported notebook format version {data.get('nbformat')!r}; "
                              f"open and save it with a current Jupyter")
    for cell in data.get("cells", []) if isinstance(data.get("cells"), list) else []:
        if isinstance(cell, dict):
            cell["outputs"] = [] if cell.get("cell_type") == "code" else cell.get("outputs", None)
            if cell.get("outputs") is None:
                cell.pop("outputs", None)
            if cell.get("cell_type") == "code":
                cell["execution_count"] = None
    try:
        with warnings.catch_warnings():  # cells without ids (nbformat < 4.5) are fine
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(data), as_version=4)
            nbformat.validate(nb)
    except Exception as exc:  # nbformat raises many kinds
        raise NotebookProblem(f"the notebook structure is invalid ({str(exc).splitlines()[0][:200]})") from None
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        if tags:
            cell.metadata["tags"] = [t for t in tags if t not in DROP_TAGS]
    if version == 3:
        nb.metadata.setdefault("course_notes", []).append("upgraded from notebook format 3")
    return nb, version


def strip_hidden(source: str, replacement: str = "# (hidden tests run by the grader)\n") -> str:
    """``source`` without its hidden-test regions."""
    return HIDDEN.sub(replacement, source)


def _restorable(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade_id")) and (_written_answer(cell) or not meta.get("solution")
                                           and bool(meta.get("grade") or meta.get("locked")))


def restore_missing_cells(nb, source_nb) -> list:
    """Put deleted test cells and locked cells back where the source has them; returns their grade_ids.

    nbgrader's own ``add_missing_cells`` does this only for graded cells and
    fails outright (``KeyError``) when the cell before a deleted one in the
    source is a locked, non-graded cell (e.g. the training cell before
    ``test_training``). Code solution cells are never added; a deleted written answer
    comes back as released ("YOUR ANSWER HERE", never the rubric). nbgrader then
    overwrites the restored cells with the versions in its gradebook, as for
    any locked cell.
    """
    def gid_of(cell):
        return cell.metadata.get("nbgrader", {}).get("grade_id")

    present = {gid_of(c) for c in nb.cells} - {None}
    order = [gid_of(c) for c in source_nb.cells if gid_of(c)]
    cells = list(nb.cells)
    anchor = None  # the cell after which the next missing one goes
    restored = []
    for k, src in enumerate(c for c in source_nb.cells if gid_of(c)):
        gid = gid_of(src)
        if gid in present:
            anchor = next(c for c in cells if gid_of(c) == gid)
            continue
        if not _restorable(src):
            continue
        metadata = copy.deepcopy(dict(src.metadata))
        text = released_text(source_text(src)) if _written_answer(src) else source_text(src)
        new = nbformat.v4.new_code_cell(text, metadata=metadata) if src.cell_type == "code" \
            else nbformat.v4.new_markdown_cell(text, metadata=metadata)
        if anchor is not None:
            at = next(i for i, c in enumerate(cells) if c is anchor) + 1
        else:  # before the first later cell that is there, else at the end
            later = [g for g in order[k + 1:] if g in present]
            at = next((i for i, c in enumerate(cells) if later and gid_of(c) == later[0]), len(cells))
        cells.insert(at, new)
        anchor = new
        restored.append(gid)
    nb.cells = cells
    return restored
