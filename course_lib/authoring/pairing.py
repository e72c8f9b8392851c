"""The notebook and its jupytext percent-format twin (``<stem>.pct.py``).

The twin carries every cell with its nbgrader metadata (``# %% nbgrader={...}``)
so the notebook can be edited as text and reviewed in readable diffs. Outputs
are not kept: a source notebook has none.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

#: jupytext format of the twin, and the notebook metadata it keeps.
FORMAT = "py:percent"
KEEP_METADATA = "kernelspec,language_info,-jupytext"


def _clean(nb):
    """The notebook without outputs, execution counts or jupytext's own metadata."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.pop("id", None)
    nb.metadata.pop("jupytext", None)
    return nb


def read_text(path: Path):
    """The notebook that the twin ``path`` describes."""
    import jupytext

    return _clean(jupytext.read(path, fmt=FORMAT))


def to_text(nb) -> str:
    """The twin's text for notebook ``nb``."""
    import copy

    import jupytext

    nb = copy.deepcopy(nb)
    nb.metadata["jupytext"] = {"notebook_metadata_filter": KEEP_METADATA, "cell_metadata_filter": "all",
                               "formats": "ipynb,.pct.py:percent"}
    return jupytext.writes(nb, fmt=FORMAT)


def to_ipynb(nb) -> str:
    """The source notebook's JSON for ``nb`` (no outputs, stable cell ids)."""
    import copy

    nb = _clean(copy.deepcopy(nb))
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        cell["id"] = meta.get("grade_id") or f"cell-{i}"
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nbformat.writes(nb) + "\n"


def newer(ipynb: Path, text: Path) -> Path:
    """Which of the two was edited last (the other one is regenerated from it)."""
    if not text.exists():
        return ipynb
    if not ipynb.exists():
        return text
    return text if text.stat().st_mtime > ipynb.stat().st_mtime else ipynb


def read_source(ipynb: Path, text: Path):
    """The notebook from whichever twin was edited last."""
    src = newer(ipynb, text)
    return read_text(src) if src == text else _clean(nbformat.read(src, as_version=4))
