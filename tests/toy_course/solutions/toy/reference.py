"""Reference solution of the assignment ``toy`` (the answer key).

DERIVED FILE: written by ``course build toy`` from the solution cells of
``source/toy/toy.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['relu', 'relu_der', 'dropout', 'multi_layer_network', 'classify']

# --- cell relu ------------------------------------------------------------------

def relu(Z):
    """Element-wise max(0, Z).

    Input:  Z, array of any shape (or a nested list).
    Output: A, array with the shape of Z; cache, the dict {"Z": Z}.
    """
    A = np.maximum(0, Z)
    cache = {"Z": Z}
    return A, cache

# --- cell relu_der --------------------------------------------------------------

def relu_der(dA, cache):
    """Backward pass of relu: dA where Z > 0, else 0 (dA is not modified).

    Inputs: dA, array (any shape); cache, {"Z": Z} with Z of dA's shape.
    Output: dZ, array of dA's shape.
    """
    dZ = np.where(np.asarray(cache["Z"]) > 0, dA, 0.0)
    return dZ

# --- cell dropout ---------------------------------------------------------------

def dropout(A, mask, drop_prob):
    """Inverted dropout with a given mask.

    Inputs: A, array (n, m); mask, 0/1 array (n, m); drop_prob, float in [0, 1).
    Output: A * mask / (1 - drop_prob), an array (n, m).
    """
    out = A * mask / (1.0 - drop_prob)
    return out

# --- cell multi_layer_network ---------------------------------------------------

def multi_layer_network(X, Y, num_epochs=50, learning_rate=0.5):
    """Train a logistic-regression unit w, b by full-batch gradient descent from zeros.

    Inputs: X, array (n, m); Y, 0/1 labels (1, m); num_epochs, int; learning_rate, float.
    Outputs: costs, list of num_epochs floats (cross-entropy before each step);
             parameters, dict {"W1": (1, n) array, "b1": (1, 1) array}.
    """
    n, m = X.shape
    W, b = np.zeros((1, n)), np.zeros((1, 1))
    costs = []
    for _ in range(num_epochs):
        A = 1.0 / (1.0 + np.exp(-(W @ X + b)))
        costs.append(float(-np.mean(Y * np.log(A + 1e-12) + (1 - Y) * np.log(1 - A + 1e-12))))
        dZ = A - Y
        W = W - learning_rate * (dZ @ X.T) / m
        b = b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
    parameters = {"W1": W, "b1": b}
    return costs, parameters

# --- cell classify --------------------------------------------------------------

def classify(X, parameters):
    """Predicted labels, 1 where W1 @ X + b1 > 0 and 0 elsewhere.

    Inputs: X, array (n, m); parameters, {"W1": (1, n), "b1": (1, 1)}.
    Output: an int array (1, m).
    """
    labels = ((parameters["W1"] @ X + parameters["b1"]) > 0).astype(int)
    return labels
