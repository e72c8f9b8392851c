"""``course build``: derive everything of an assignment from its one editable source.

Steps, in order (see :mod:`course_lib.authoring`): the twin, the worked examples,
the reference module, the release. With ``check=True`` nothing in the course is
written: everything is derived in a scratch copy and the files that differ from
the committed ones are returned.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..assignments import Assignment, load
from . import pairing
from .examples import fill_examples
from .reference import module_text


@dataclass
class BuildReport:
    """What a build wrote (or, with ``check``, what is stale)."""

    assignment: str
    written: list = field(default_factory=list)     # paths relative to the course root
    examples_changed: list = field(default_factory=list)
    leaks: list = field(default_factory=list)


def _write_if_changed(path: Path, text: str, report: BuildReport, root: Path) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        report.written.append(str(path.relative_to(root)))


def build(a: Assignment, *, release: bool = True) -> BuildReport:
    """Derive the twin, worked examples, reference and release of ``a`` in its course folder."""
    report = BuildReport(a.name)
    nb = pairing.read_source(a.source_notebook, a.text_source)
    report.examples_changed = fill_examples(nb)
    _write_if_changed(a.source_notebook, pairing.to_ipynb(nb), report, a.root)
    _write_if_changed(a.text_source, pairing.to_text(nb), report, a.root)
    _write_if_changed(a.package_dir / "reference.py", module_text(nb, a.name, a.notebook), report, a.root)
    if release:
        from ..cli import release as generate_release

        before = a.release_notebook.read_bytes() if a.release_notebook.exists() else b""
        report.leaks = generate_release(a.root, a.name)
        if a.release_notebook.read_bytes() != before:
            report.written.append(str(a.release_notebook.relative_to(a.root)))
    return report


def _twins_agree(a: Assignment) -> bool:
    if not (a.source_notebook.exists() and a.text_source.exists()):
        return False
    from_ipynb = pairing.to_text(pairing._clean(nbformat.read(a.source_notebook, as_version=4)))
    return from_ipynb == a.text_source.read_text(encoding="utf-8")


def stale(a: Assignment, *, release: bool = True) -> list:
    """Committed files of ``a`` that a build would change (empty: everything is current)."""
    problems = [] if _twins_agree(a) else [f"{a.text_source.relative_to(a.root)} and "
                                           f"{a.source_notebook.relative_to(a.root)} differ"]
    with tempfile.TemporaryDirectory(prefix="course-build-check-") as tmp:
        copy = Path(tmp) / "course"
        copy.mkdir()
        for name in ("nbgrader_config.py",):
            shutil.copy2(a.root / name, copy / name)
        for sub in (f"source/{a.name}", f"solutions/{a.name}", f"release/{a.name}"):
            if (a.root / sub).exists():
                shutil.copytree(a.root / sub, copy / sub)
        (copy / "solutions" / "__init__.py").write_text("")
        twin = load(a.name, copy)
        # Derive from the notebook as committed (the twin's agreement is checked above).
        twin.text_source.unlink(missing_ok=True)
        report = build(twin, release=release)
    written = [w for w in report.written if w != str(a.text_source.relative_to(a.root))]
    return problems + [f"{w} is stale" for w in written] + [f"release leak: {p}" for p in report.leaks]
