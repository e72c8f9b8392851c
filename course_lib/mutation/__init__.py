"""Mutation testing of the hidden tests (instructor side, never shipped to students).

``solutions/<assignment>/mutations.py`` lists realistic wrong and correct
implementations of every graded function; :mod:`course_lib.mutation.harness` grades them
with the real pipeline and records which graded cells lost points;
``python -m course_lib.mutation report`` writes docs/mutation/<assignment>.md.
"""

from .entry import Entry

__all__ = ["Entry"]
