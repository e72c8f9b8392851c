"""Build submissions from the release: the reference filled in, or chosen cells replaced.

Used by the demo's example submissions and by the mutation harness.
"""

from __future__ import annotations

import copy
import re

from .notebooks import source_text

MARKER_LINE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def reference_code(source_nb) -> dict:
    """The source's solution cells, marker lines removed, keyed by grade_id."""
    code = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            code[meta["grade_id"]] = MARKER_LINE.sub("", source_text(cell))
    return code


def fill(release_nb, source_nb, overrides: dict | None = None, *, reference: bool = True):
    """A copy of ``release_nb`` with its solution cells answered.

    ``overrides`` maps a solution cell's grade_id to the code that replaces
    the whole cell; other solution cells get the reference (``reference=True``)
    or keep the stub.
    """
    overrides = dict(overrides or {})
    ref = reference_code(source_nb) if reference else {}
    nb = copy.deepcopy(release_nb)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in overrides:
            cell.source = overrides.pop(gid)
        elif gid in ref and cell.metadata["nbgrader"].get("solution"):
            cell.source = ref[gid]
    if overrides:
        raise KeyError(f"no solution cell with grade_id {', '.join(map(repr, overrides))}")
    return nb
