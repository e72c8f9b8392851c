"""Worked examples whose expected numbers come from the reference.

In a visible test, a comment line ``# reference value: EXPR`` directly above an
assignment ``NAME = <literal>`` marks the literal as derived::

    A, cache = relu(Z)
    # reference value: A
    expected_A = np.array([[0.0, 0.0, 2.0],
                           [3.0, 0.0, 0.25]])

:func:`fill_examples` runs the source notebook's code cells in order, in one
namespace (the solution cells are the reference), statement by statement. At
each marked assignment it evaluates ``EXPR`` and rewrites the literal with the
value, so the numbers students read are always what the reference computes.
Everything else in the test runs too, so a visible test that the reference
fails stops the build. Hidden-test blocks, IPython magics and cells tagged
``examples-skip`` (slow data loading, training) are not run; the run stops after
the last cell that holds a marker.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import warnings

import numpy as np

from ..grading.notebooks import HIDDEN, source_text

MARKER = re.compile(r"^(?P<indent>[ \t]*)# reference value: (?P<expr>.+?)\s*$")
MAGIC = re.compile(r"^[ \t]*[%!].*$", re.M)
SKIP_TAG = "examples-skip"


class ExampleError(RuntimeError):
    """A worked example could not be computed: the message names the cell and the line."""


def fmt_float(x) -> str:
    """Shortest literal of a float rounded to 12 significant digits."""
    x = float(x)
    return "0.0" if x == 0 else repr(float(f"{x:.12g}"))


def _nested(a) -> str:
    if a.ndim == 0:
        return fmt_float(a) if a.dtype.kind == "f" else repr(a.item())
    return "[" + ", ".join(_nested(x) for x in a) + "]"


def literal(value, column: int) -> str:
    """A Python literal for ``value``; continuation lines aligned for a literal starting at ``column``."""
    if isinstance(value, dict):
        items = list(value.items())
        lines = []
        for i, (key, v) in enumerate(items):
            lead = "{" if i == 0 else " " * (column + 1)
            entry = f"{key!r}: "
            start = column + 1 + len(entry)
            lines.append(lead + entry + literal(v, start) + ("}" if i == len(items) - 1 else ","))
        return "\n".join(lines) if items else "{}"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (float, np.floating)):
        return fmt_float(value)
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, str):
        return repr(value)
    a = np.asarray(value)
    if a.dtype.kind not in "fiub":
        raise TypeError(f"cannot write a literal for a value of type {type(value).__name__}")
    if a.dtype.kind == "b":
        a = a.astype(int)
    head = "np.array("
    if a.ndim <= 1:
        return head + _nested(a) + ")"
    pad = " " * (column + len(head) + 1)
    return head + "[" + (",\n" + pad).join(_nested(r) for r in a) + "])"


def _snapshot(value):
    if isinstance(value, dict):
        return {k: _snapshot(v) for k, v in value.items()}
    return value if np.isscalar(value) else np.array(value, copy=True)


def _run(code: str, ns: dict, where: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, where, "exec"), ns)  # noqa: S102 (the course's own notebook)
    except Exception as exc:
        raise ExampleError(f"{where}: {type(exc).__name__}: {exc}") from exc


def fill_cell(code: str, ns: dict, where: str) -> str:
    """Run ``code`` in ``ns`` statement by statement; return it with every marked literal rewritten."""
    lines = code.split("\n")
    tree = ast.parse(code)
    out, done = [], 0            # lines copied so far
    for stmt in tree.body:
        decorators = getattr(stmt, "decorator_list", [])
        first = min([stmt.lineno] + [d.lineno for d in decorators]) - 1   # 0-based first line
        last = stmt.end_lineno                                            # exclusive end
        marker = MARKER.match(lines[first - 1]) if first > 0 else None
        if marker and isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            try:
                value = _snapshot(eval(marker["expr"], ns))  # noqa: S307 (the course's own notebook)
            except Exception as exc:
                raise ExampleError(f"{where}, line {first}: `{marker['expr']}` failed: "
                                   f"{type(exc).__name__}: {exc}") from exc
            target = ast.get_source_segment(code, stmt.targets[0])
            prefix = lines[first][:stmt.col_offset] + f"{target} = "
            new = prefix + literal(value, len(prefix))
            out += lines[done:first] + new.split("\n")
            _run(new.strip(), ns, f"{where}, line {first + 1}")
        else:
            out += lines[done:last]     # empty for a second statement on a line already copied
            # the statement alone (a line may hold several: `a = 1; b = 2`)
            source = ast.get_source_segment(code, stmt) if not decorators else "\n".join(lines[first:last])
            _run(source, ns, f"{where}, line {first + 1}")
        done = max(done, last)
    return "\n".join(out + lines[done:])


def fill_examples(nb) -> list:
    """Rewrite the marked worked-example literals of source notebook ``nb`` in place.

    Returns the grade_ids of the cells that changed. Raises :class:`ExampleError`
    when the notebook's own code fails before the last marker.
    """
    cells = [c for c in nb.cells if c.cell_type == "code"]
    marked = [i for i, c in enumerate(cells) if "# reference value:" in source_text(c)]
    if not marked:
        return []
    ns: dict = {"__name__": "__worked_examples__"}
    state = np.random.get_state()
    changed = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # matplotlib's backend selection and the like
            import matplotlib
            matplotlib.use("Agg")
        for i, cell in enumerate(cells[: marked[-1] + 1]):
            if SKIP_TAG in cell.metadata.get("tags", []):
                continue
            gid = cell.metadata.get("nbgrader", {}).get("grade_id") or f"code cell {i + 1}"
            text = source_text(cell)
            runnable = MAGIC.sub("", HIDDEN.sub("", text))
            if i in marked:
                if MAGIC.search(HIDDEN.sub("", text)):
                    raise ExampleError(f"{gid}: a cell with worked-example markers cannot hold IPython magics")
                new_visible = fill_cell(runnable, ns, gid)
                hidden = HIDDEN.search(text)
                new = new_visible.rstrip("\n") + ("\n\n" + hidden.group(0).rstrip("\n") if hidden else "")
                if new.strip() != text.strip():
                    cell.source = new
                    changed.append(gid)
            else:
                _run(runnable, ns, gid)
    finally:
        np.random.set_state(state)
    return changed
