"""One catalogue entry: a complete replacement of a solution cell, known to be right or wrong."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

KINDS = ("wrong", "correct")


@dataclass(frozen=True)
class Entry:
    """A realistic implementation of one graded function.

    ``code`` replaces the whole solution cell whose grade_id is ``function``
    (the full ``def`` with the spec signature). ``also`` replaces further
    solution cells together with it, for alternatives that only make sense as
    a pair (e.g. a batchnorm with its own cache layout and the matching
    batchnorm_der). ``kind`` says what the grader must do with it: a
    ``"wrong"`` entry must lose points in the cell ``test_<function>``; a
    ``"correct"`` entry must get full marks in every cell.
    """

    function: str
    kind: str
    name: str
    description: str
    code: str
    also: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> str:
        return f"{self.function}/{self.kind}/{self.name}"

    @property
    def overrides(self) -> dict:
        """Solution cell grade_id -> replacement code."""
        return {self.function: self.code, **self.also}

    def problems(self) -> list:
        """What is malformed about this entry (empty: fine)."""
        found = []
        if self.kind not in KINDS:
            found.append(f"{self.key}: kind must be one of {KINDS}")
        for cell, code in self.overrides.items():
            try:
                tree = ast.parse(code)
            except SyntaxError as exc:
                found.append(f"{self.key}: the code for {cell} does not parse ({exc})")
                continue
            defs = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
            defs += [t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))   # e.g. a dict of functions
                     for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)]
            if cell not in defs:
                found.append(f"{self.key}: the code for {cell} does not define {cell} (a function, class or variable)")
        if not self.description.strip():
            found.append(f"{self.key}: no description")
        return found


def names_used(code: str) -> set:
    """Every global name the code may look up (loads of bare names and attribute roots)."""
    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            names.add(node.id)
    return names
