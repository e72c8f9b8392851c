"""Authoring an assignment: one editable source per notebook, everything else derived.

The source notebook ``source/<a>/<a>.ipynb`` and its jupytext twin
``source/<a>/<a>.pct.py`` are one text in two forms (edit either). From them
``course build <a>`` derives, in order:

1. the other twin (:mod:`.pairing`);
2. the worked examples' expected numbers (:mod:`.examples`): a test-cell line
   ``# reference value: EXPR`` directly above an assignment makes the build
   write the value of ``EXPR`` (computed by the notebook's own solution code)
   as the assignment's literal;
3. the reference module ``solutions/<a>/reference.py`` (:mod:`.reference`);
4. the student release (``nbgrader generate_assignment``), checked for leaks.

``course build <a> --check`` derives everything in a scratch copy and lists what
differs from the committed files (a test runs it).
"""
