"""Mutation testing of the hidden tests (instructor side, never shipped to students).

``mutation/catalogue_<assignment>.py`` lists realistic wrong and correct
implementations of every graded function; :mod:`mutation.harness` grades them
with the real pipeline and records which graded cells lost points;
``python -m mutation report`` writes docs/mutation_report.md.
"""

from .entry import Entry

__all__ = ["Entry"]
