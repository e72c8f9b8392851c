"""Derive the reference module ``solutions/<a>/reference.py`` from the source notebook.

The module is the notebook's code that defines the graded API, in notebook order:

* the import statements of the locked set-up cells (IPython magics dropped);
* locked cells that only define functions, classes or constants (helpers given
  to students, such as ``linear``), so that the reference can call them;
* every solution cell, with nbgrader's ``### BEGIN/END SOLUTION`` marker lines
  removed (their content is the reference).

Cells that load data, plot or train are not part of it. ``__all__`` lists the
public names the module defines, so ``import solutions.<a>`` exposes exactly the
spec's functions and classes under the spec's names.
"""

from __future__ import annotations

import ast
import re

from ..grading.notebooks import source_text

MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)
MAGIC = re.compile(r"^[ \t]*[%!].*$\n?", re.M)
DEFINITIONS = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def _is_constant_assign(node) -> bool:
    return isinstance(node, (ast.Assign, ast.AnnAssign)) and all(
        isinstance(t, ast.Name) and t.id.isupper() for t in getattr(node, "targets", [getattr(node, "target", None)]))


def _definitions_only(code: str) -> bool:
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(n, DEFINITIONS) or _is_constant_assign(n) or
                              (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)) for n in body)


def _imports(code: str) -> list:
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return []
    lines = code.splitlines()
    return ["\n".join(lines[n.lineno - 1:n.end_lineno]) for n in body if isinstance(n, (ast.Import, ast.ImportFrom))]


def reference_parts(nb) -> tuple:
    """``(imports, blocks)``: import lines and code blocks (with their grade_ids) of the reference."""
    imports, blocks = [], []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("grade"):
            continue
        code = MAGIC.sub("", source_text(cell)).strip("\n")
        if meta.get("solution"):
            blocks.append((meta.get("grade_id", ""), MARKER.sub("", code).strip("\n")))
        elif meta.get("locked") and _definitions_only(code):
            body = "\n".join(l for l in code.splitlines())
            only_imports = all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.parse(code).body)
            if only_imports:
                imports += [i for i in _imports(code) if i not in imports]
            else:
                blocks.append((meta.get("grade_id", ""), body))
        else:
            imports += [i for i in _imports(code) if i not in imports]
    return imports, blocks


def _public_names(blocks: list) -> list:
    names = []
    for _, code in blocks:
        for node in ast.parse(code).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                names.append(node.name)
    return list(dict.fromkeys(names))


def module_text(nb, assignment: str, notebook_name: str) -> str:
    """The text of ``solutions/<assignment>/reference.py`` for source notebook ``nb``."""
    imports, blocks = reference_parts(nb)
    # Plotting and data imports serve the notebook's narrative, not the graded API.
    used = "\n".join(code for _, code in blocks)
    keep = []
    for line in imports:
        bound = [a.asname or a.name.split(".")[0] for n in ast.parse(line).body for a in n.names]
        if any(re.search(rf"\b{re.escape(b)}\b", used) for b in bound):
            keep.append(line)
    header = (f'"""Reference solution of the assignment ``{assignment}`` (the answer key).\n\n'
              f"DERIVED FILE: written by ``course build {assignment}`` from the solution cells of\n"
              f"``source/{assignment}/{notebook_name}``. Do not edit it: edit the notebook (or its\n"
              f"``.pct.py`` twin) and rebuild; a test fails when this file is stale.\n"
              f'"""\n')
    parts = [header, "\n".join(keep), f"__all__ = {_public_names(blocks)!r}"]
    for grade_id, code in blocks:
        parts.append(f"# --- cell {grade_id} " + "-" * max(3, 70 - len(grade_id)) + "\n\n" + code)
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + "\n"
