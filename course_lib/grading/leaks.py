"""Find solution code or hidden tests in released notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from .notebooks import SOLUTION_REGION, source_text

MARKERS = re.compile(r"BEGIN SOLUTION|END SOLUTION|BEGIN HIDDEN TESTS|END HIDDEN TESTS")
FORBIDDEN = [
    (re.compile(r"^\s*(from|import)\s+(solutions|graders)\b", re.M), "imports the answer key"),
    (re.compile(r"course_lib\.grading|\bcheck\(\s*[\"']", re.M), "calls the hidden-test helper"),
]
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS[^\n]*\n(.*?)### END HIDDEN TESTS", re.S)
MIN_LINE = 16  # shorter lines (``return A``) are too generic to count as leaked code


def _secret_lines(source_nb) -> set:
    """Distinctive lines of the source's solution and hidden-test regions."""
    secret, public = set(), set()
    for cell in source_nb.cells:
        text = source_text(cell)
        regions = SOLUTION_REGION.findall(text) + HIDDEN_REGION.findall(text)
        for region in regions:
            secret.update(line.strip() for line in region.splitlines())
        public_text = HIDDEN_REGION.sub("", SOLUTION_REGION.sub("", text))
        public.update(line.strip() for line in public_text.splitlines())
    return {line for line in secret - public if len(line) >= MIN_LINE and not line.startswith("#")}


def find_leaks(release_dir: Path, source_dir: Path) -> list:
    """Problems found in ``release_dir`` (empty when clean)."""
    problems = []
    release_dir, source_dir = Path(release_dir), Path(source_dir)
    notebooks = sorted(release_dir.glob("*.ipynb"))
    if not notebooks:
        return [f"{release_dir}: no released notebook"]
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        src_path = source_dir / path.name
        secret = _secret_lines(nbformat.read(src_path, as_version=4)) if src_path.exists() else set()
        for i, cell in enumerate(nb.cells):
            text = source_text(cell)
            where = f"{path.name}, cell {i}"
            if MARKERS.search(text):
                problems.append(f"{where}: contains a solution or hidden-test marker")
            for pattern, what in FORBIDDEN:
                if pattern.search(text):
                    problems.append(f"{where}: {what}")
            for line in text.splitlines():
                if line.strip() in secret:
                    problems.append(f"{where}: contains a line of the solution: {line.strip()[:60]!r}")
                    break
            for out in cell.get("outputs", []):
                problems.append(f"{where}: has stored outputs (a release must be cleared)")
                break
    for path in release_dir.rglob("*"):
        if path.suffix == ".py" and path.is_file():
            problems.append(f"{path.name}: a Python file in the release")
    return problems
