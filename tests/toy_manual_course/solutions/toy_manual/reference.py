"""Reference solution of the assignment ``toy_manual`` (the answer key).

DERIVED FILE: written by ``course build toy_manual`` from the solution cells of
``source/toy_manual/toy_manual.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['relu']

# --- cell relu ------------------------------------------------------------------

def relu(Z):
    """Element-wise max(0, Z).

    Input:  Z, array of any shape.
    Output: A, array with the shape of Z; cache, the dict {"Z": Z}.
    """
    A = np.maximum(0, Z)
    cache = {"Z": Z}
    return A, cache
