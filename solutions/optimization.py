"""Reference solution (answer key) of the assignment ``optimization``.

A multi-layer fully connected network in numpy with inverted dropout, batch
normalisation (after the activation) and the "momentum Adam" update, trained
with minibatches on MNIST.  The public API is fixed by the assignment's
spec, ``optimization.md`` (names, signatures, caches, the order of the
random draws, numerics, quirks included); every public function below
follows it to the letter.

Conventions
-----------
* Data matrices are ``(features, samples)``: ``X`` is ``(n, m)``.
* Labels ``Y`` are ``(1, m)`` class indices, possibly stored as floats.
* The network lives in one dict ``parameters`` with string keys; layers are
  numbered from 1.  The key strings are built only by :func:`_key` from the
  stems defined in the "Keys" section below.
* Randomness comes from numpy's global legacy RNG, in the order of the spec;
  nothing here calls ``np.random.seed``.
* No function modifies its array arguments in place.  The initialisers and
  the update add/rebind entries of the ``parameters`` dict they are given
  (and return that same dict), as the spec says ("sets ...").  Only
  :func:`multi_layer_network` updates arrays in place: the ones it created
  itself (this saves large temporaries; the numbers are the same).
* Hot paths are vectorised and avoid copies: caches hold references to
  arrays that exist anyway (the input minibatch is a view of ``X``), and
  the training loop skips the unused gradient of the input.
"""

import functools
from typing import NamedTuple

import numpy as np

__all__ = [
    "relu", "relu_der", "linear", "linear_der",
    "softmax_cross_entropy_loss", "softmax_cross_entropy_loss_der",
    "dropout", "dropout_der", "batchnorm", "batchnorm_der",
    "initialize_network", "initialize_velocity", "initialize_bnorm_params",
    "linear_forward", "layer_forward", "multi_layer_forward",
    "linear_backward", "layer_backward", "multi_layer_backward",
    "update_parameters_with_momentum_Adam", "multi_layer_network", "classify",
]

#: Fixed epsilon of batch normalisation (added to the variance).
BNORM_EPSILON = 1e-5

# --------------------------------------------------------------------------
# Keys of the ``parameters`` and ``gradients`` dicts.
#
# Every per-layer key is ``<stem><layer number>``.  Each trainable quantity
# has four stems: the parameter itself, its gradient, its velocity (first
# moment) and its running squared gradient (second moment).  Note the fixed
# quirk of the naming: velocities of W/b carry a "d" ("VdW1"), those of the
# batchnorm parameters do not ("Vbnorm_beta1").
# --------------------------------------------------------------------------
_NUM_LAYERS = "numLayers"
_APPLY_MOMENTUM = "apply_momentum"
_BNORM_LIST = "bnorm_list"
_ACT = "act"
_DROPOUT = "dropout"


class _Stems(NamedTuple):
    """Key stems of one trainable quantity."""
    param: str      # the parameter itself, e.g. "W"
    grad: str       # its gradient, "dW"
    vel: str        # its velocity (first moment), "VdW"
    sqr: str        # its running squared gradient (second moment), "GdW"


_W = _Stems("W", "dW", "VdW", "GdW")
_B = _Stems("b", "db", "Vdb", "Gdb")
_BETA = _Stems("bnorm_beta", "dbnorm_beta", "Vbnorm_beta", "Gbnorm_beta")
_GAMMA = _Stems("bnorm_gamma", "dbnorm_gamma", "Vbnorm_gamma", "Gbnorm_gamma")
_LINEAR = (_W, _B)
_BNORM = (_BETA, _GAMMA)


def _key(stem, l):
    """Return the dict key of quantity ``stem`` for layer ``l`` (1-based), e.g. ``_key("W", 2) == "W2"``."""
    return f"{stem}{l}"


@functools.lru_cache(maxsize=None)
def _trainable_keys(l, with_bnorm):
    """Keys ``(parameter, gradient, velocity, squared gradient)`` of each trainable array of layer ``l``.

    W and b, then (``with_bnorm``) bnorm_beta and bnorm_gamma, e.g.
    ``("W1", "dW1", "VdW1", "GdW1")``.  Cached: the training loop asks every step.
    """
    return tuple(tuple(_key(stem, l) for stem in stems)
                 for stems in _LINEAR + (_BNORM if with_bnorm else ()))


def _empty():
    """The placeholder for an absent batchnorm parameter: ``np.asarray([])`` (size 0)."""
    return np.asarray([])


def _labels(Y):
    """Class indices of ``Y`` (``(1, m)`` or ``(m,)``, ints or floats) as a 1-D int array of length m."""
    return np.asarray(Y).reshape(-1).astype(np.intp)


# --------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------
def relu(Z):
    """ReLU activation, ``A = max(0, Z)`` element-wise.

    Inputs:
    - Z: pre-activation, array-like of any shape, e.g. ``(n, m)``; a plain
      Python (nested) list is accepted.

    Returns a tuple ``(A, cache)``:
    - A: ndarray, same shape as ``Z``.
    - cache: ``{"Z": Z}``, the input object itself (not a copy).
    """
    A = np.maximum(Z, 0)
    return A, {"Z": Z}


def relu_der(dA, cache):
    """Backward pass of :func:`relu`.

    Inputs:
    - dA: upstream gradient ``dL/dA``, shape ``(n, m)``.
    - cache: ``{"Z": Z}`` from :func:`relu`; ``Z`` has the shape of ``dA``.

    Returns:
    - dZ: ``(n, m)``, equal to ``dA`` where ``Z > 0`` (strictly), else 0.
      A new array; ``dA`` is not modified.
    """
    Z = np.asarray(cache["Z"])
    return np.where(Z > 0, dA, 0.0)


def linear(Z):
    """Identity activation.

    Inputs:
    - Z: ``(n, m)``.

    Returns ``(A, cache)``: ``A`` is ``Z`` itself, ``cache = {"Z": Z}``.
    """
    A = Z
    return A, {"Z": Z}


def linear_der(dA, cache):
    """Backward pass of :func:`linear`.

    Inputs:
    - dA: ``(n, m)`` upstream gradient.
    - cache: ``{"Z": Z}`` from :func:`linear` (unused).

    Returns:
    - dZ: ``(n, m)``, a copy of ``dA``.
    """
    dZ = np.array(dA, copy=True)
    return dZ


# --------------------------------------------------------------------------
# Softmax and cross-entropy
# --------------------------------------------------------------------------
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    """Column-wise softmax and (optionally) the mean cross-entropy loss.

    Inputs:
    - Z: logits, ``(n, m)`` (n classes, m samples).  Computed stably: each
      column's maximum is subtracted first, so logits of magnitude 1000 do
      not overflow; the loss uses log-sum-exp, so ``log(0)`` never happens.
    - Y: labels, ``(1, m)`` class indices (ints or integral floats), or an
      empty array (the default) for "no labels".

    Returns a tuple ``(A, cache, loss)``:
    - A: ``(n, m)`` softmax probabilities, each column sums to 1.
    - cache: ``{"A": A}``.
    - loss: ``-(1/m) * sum_i log A[Y[0, i], i]`` as a numpy float when ``Y``
      is non-empty; the empty list ``[]`` when ``Y`` is empty.
    """
    Z = np.asarray(Z)
    # exp(very negative) underflowing to 0 is the correct result, not an error.
    with np.errstate(under="ignore"):
        shifted = Z - Z.max(axis=0, keepdims=True)   # (n, m), every entry <= 0
        A = np.exp(shifted)
        col_sum = A.sum(axis=0, keepdims=True)       # (1, m), in [1, n]
        A /= col_sum
    Y = np.asarray(Y)
    if Y.size == 0:
        loss = []
    else:
        y = _labels(Y)
        m = Z.shape[1]
        if y.shape[0] != m:
            raise ValueError(f"Y holds {y.shape[0]} labels but Z has {m} columns")
        # log A[y_i, i] = shifted[y_i, i] - log(sum_k exp(shifted[k, i]))
        log_prob = shifted[y, np.arange(m)] - np.log(col_sum[0])
        loss = -np.sum(log_prob) / m
    return A, {"A": A}, loss


def softmax_cross_entropy_loss_der(Y, cache):
    """Gradient of the mean cross-entropy loss with respect to the logits.

    Inputs:
    - Y: labels, ``(1, m)`` class indices (ints or integral floats).
    - cache: ``{"A": A}`` from :func:`softmax_cross_entropy_loss`, ``A`` is
      ``(n, m)``.

    Returns:
    - dZ: ``(n, m)``, ``(A - onehot(Y)) / m``.
    """
    A = cache["A"]
    y = _labels(Y)
    m = A.shape[1]
    if y.shape[0] != m:
        raise ValueError(f"Y holds {y.shape[0]} labels but the cached A has {m} columns")
    dZ = A.copy()
    dZ[y, np.arange(m)] -= 1.0
    with np.errstate(under="ignore"):   # tiny probabilities / m may underflow to 0
        dZ /= m
    return dZ


# --------------------------------------------------------------------------
# Dropout (inverted)
# --------------------------------------------------------------------------
def dropout(A, drop_prob, mode='train'):
    """Inverted dropout.

    Inputs:
    - A: activations, ``(n, m)``.
    - drop_prob: probability of dropping a unit, in ``[0, 1)``.
    - mode: ``'train'`` or ``'test'``.

    Returns a tuple ``(A_out, cache)``:
    - A_out: ``(n, m)``.  ``mask * A`` in train mode; ``A`` itself (not a
      copy) when ``drop_prob == 0`` or in test mode.
    - cache: the tuple ``(drop_prob, mode, mask)`` where ``mask`` is the
      ``(n, m)`` array of ``0`` and ``1/prob_keep`` used in train mode and
      ``None`` otherwise.

    Random draws: exactly one ``np.random.rand(n, m)`` in train mode with
    ``drop_prob > 0``; none otherwise.  When ``drop_prob == 0`` the function
    returns before looking at ``mode`` (fixed by the spec); otherwise an
    unknown ``mode`` raises ``ValueError``.
    """
    if drop_prob == 0:
        return A, (drop_prob, mode, None)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
        return mask * A, (drop_prob, mode, mask)
    if mode == 'test':
        return A, (drop_prob, mode, None)
    raise ValueError(f"dropout: unknown mode {mode!r}; expected 'train' or 'test'")


def dropout_der(dA_in, cache):
    """Backward pass of :func:`dropout`.

    Inputs:
    - dA_in: upstream gradient, ``(n, m)``.
    - cache: ``(drop_prob, mode, mask)`` from :func:`dropout`.

    Returns:
    - dA_out: ``(n, m)``; ``mask * dA_in`` in train mode, ``dA_in`` itself
      when ``drop_prob == 0`` or in test mode.  An unknown mode (with
      ``drop_prob > 0``) raises ``ValueError``.
    """
    drop_prob, mode, mask = cache
    if drop_prob == 0:
        return dA_in
    if mode == 'train':
        return mask * dA_in
    if mode == 'test':
        return dA_in
    raise ValueError(f"dropout_der: unknown mode {mode!r}; expected 'train' or 'test'")


# --------------------------------------------------------------------------
# Batch normalisation (after the activation)
# --------------------------------------------------------------------------
def batchnorm(A, beta, gamma):
    """Batch normalisation with batch statistics (train and test alike).

    Inputs:
    - A: activations, ``(n, m)``.
    - beta: shift, ``(n, 1)``; size 0 means "no batchnorm in this layer".
    - gamma: scale, ``(n, 1)``; size 0 means "no batchnorm in this layer".

    Returns a tuple ``(Anorm, cache)``:
    - Anorm: ``(n, m)``, ``gamma * A_hat + beta`` with
      ``A_hat = (A - mu) / sqrt(var + 1e-5)``, ``mu``/``var`` the per-row
      mean and biased variance over the m samples.  ``A`` itself when beta
      or gamma is empty.
    - cache: ``{}`` without batchnorm; otherwise a dict with
      ``"A_hat"`` ``(n, m)``, ``"inv_std"`` ``(n, 1)`` = ``1/sqrt(var+eps)``
      and ``"gamma"`` ``(n, 1)`` (references, no copies).
    """
    if np.size(beta) == 0 or np.size(gamma) == 0:
        return A, {}
    m = A.shape[1]
    mu = A.sum(axis=1, keepdims=True) / m                   # (n, 1)
    A_hat = A - mu                                          # (n, m), new array
    var = np.einsum("ij,ij->i", A_hat, A_hat)[:, None] / m  # (n, 1), biased
    inv_std = 1.0 / np.sqrt(var + BNORM_EPSILON)            # (n, 1)
    A_hat *= inv_std
    Anorm = gamma * A_hat
    Anorm += beta
    return Anorm, {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}


def batchnorm_der(dA_in, cache):
    """Backward pass of :func:`batchnorm`.

    Inputs:
    - dA_in: upstream gradient ``dL/dAnorm``, ``(n, m)``.
    - cache: from :func:`batchnorm` (``{}`` when the layer has no batchnorm).

    Returns a tuple ``(dA_out, dbeta, dgamma)``:
    - dA_out: ``(n, m)``, ``dL/dA``.  With ``g = dA_in``:
      ``dA_out = gamma * inv_std * (g - mean(g) - A_hat * mean(g * A_hat))``
      (means over the samples).
    - dbeta: ``(n, 1)``, ``sum(g)`` over the samples.
    - dgamma: ``(n, 1)``, ``sum(g * A_hat)`` over the samples.
    With an empty cache: ``(dA_in, [], [])``.
    """
    if not cache:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = A_hat.shape[1]
    dbeta = dA_in.sum(axis=1, keepdims=True)                        # (n, 1)
    dgamma = np.einsum("ij,ij->i", dA_in, A_hat)[:, None]           # (n, 1)
    correction = A_hat * (dgamma / m)                               # (n, m)
    correction += dbeta / m
    dA_out = dA_in - correction
    dA_out *= gamma * inv_std
    return dA_out, dbeta, dgamma


# --------------------------------------------------------------------------
# Initialisation
# --------------------------------------------------------------------------
def initialize_network(net_dims, act_list, drop_prob_list):
    """Create the parameters dict of an L-layer network.

    Inputs:
    - net_dims: ``[n_0, n_1, ..., n_L]`` layer widths (``n_0`` = input size).
    - act_list: L activation names (``"relu"`` or ``"linear"``).
    - drop_prob_list: L dropout probabilities.

    Returns:
    - parameters: a new dict with ``"numLayers" = L`` and, for l = 1..L in
      this order, ``"act{l}"``, ``"dropout{l}"``,
      ``"W{l}"`` ``(n_l, n_{l-1})`` = ``randn * 2. / sqrt(n_{l-1})`` (one
      ``np.random.randn`` call per layer, layers in order; the factor 2 is
      fixed by the spec) and ``"b{l}"`` ``(n_l, 1)`` zeros.
    """
    num_layers = len(net_dims) - 1
    parameters = {_NUM_LAYERS: num_layers}
    for l in range(1, num_layers + 1):
        n_in, n_out = net_dims[l - 1], net_dims[l]
        parameters[_key(_ACT, l)] = act_list[l - 1]
        parameters[_key(_DROPOUT, l)] = drop_prob_list[l - 1]
        parameters[_key(_W.param, l)] = np.random.randn(n_out, n_in) * 2. / np.sqrt(n_in)
        parameters[_key(_B.param, l)] = np.zeros((n_out, 1))
    return parameters


def initialize_velocity(parameters, apply_momentum=True):
    """Add the optimiser state for W and b to ``parameters``.

    Inputs:
    - parameters: dict from :func:`initialize_network` (modified: keys added).
    - apply_momentum: whether the momentum-Adam update is used.

    Returns:
    - parameters: the same dict, with ``"apply_momentum"`` set and, when
      ``apply_momentum``, ``"VdW{l}"``, ``"Vdb{l}"``, ``"GdW{l}"``,
      ``"Gdb{l}"`` zeros shaped like ``W{l}`` / ``b{l}`` for every layer.
    """
    parameters[_APPLY_MOMENTUM] = apply_momentum
    if apply_momentum:
        for l in range(1, parameters[_NUM_LAYERS] + 1):
            for moment in ("vel", "sqr"):
                for stems in _LINEAR:
                    shape = parameters[_key(stems.param, l)].shape
                    parameters[_key(getattr(stems, moment), l)] = np.zeros(shape)
    return parameters


def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    """Add the batchnorm parameters (and their optimiser state) to ``parameters``.

    Inputs:
    - parameters: dict from :func:`initialize_network` (modified: keys added).
    - bnorm_list: L flags (0/1), batchnorm on layer l when ``bnorm_list[l-1]``.
    - apply_momentum: whether to create the optimiser state.

    Returns:
    - parameters: the same dict with ``"bnorm_list"`` set and, for each layer
      l with the flag set and ``n = W{l}.shape[0]``:
      ``"bnorm_beta{l}" = randn(n, 1)`` then ``"bnorm_gamma{l}" = randn(n, 1)``
      (draws in that order, layers in order), and when ``apply_momentum``
      ``"Vbnorm_beta{l}"``, ``"Gbnorm_beta{l}"``, ``"Vbnorm_gamma{l}"``,
      ``"Gbnorm_gamma{l}"`` ``(n, 1)`` zeros.  For each layer without the
      flag, all six keys are ``np.asarray([])``.
    """
    parameters[_BNORM_LIST] = bnorm_list
    for l in range(1, parameters[_NUM_LAYERS] + 1):
        if bnorm_list[l - 1]:
            n = parameters[_key(_W.param, l)].shape[0]
            for stems in _BNORM:                    # beta, then gamma
                parameters[_key(stems.param, l)] = np.random.randn(n, 1)
            if apply_momentum:
                for stems in _BNORM:
                    parameters[_key(stems.vel, l)] = np.zeros((n, 1))
                    parameters[_key(stems.sqr, l)] = np.zeros((n, 1))
        else:
            for stems in _BNORM:
                for stem in (stems.param, stems.vel, stems.sqr):
                    parameters[_key(stem, l)] = _empty()
    return parameters


# --------------------------------------------------------------------------
# Forward propagation
# --------------------------------------------------------------------------
_ACTIVATIONS = {"relu": (relu, relu_der), "linear": (linear, linear_der)}


def _activation(name):
    """Return the pair ``(forward, backward)`` of the activation called ``name``."""
    try:
        return _ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}; expected 'relu' or 'linear'") from None


def linear_forward(A_prev, W, b):
    """Affine part of a layer, ``Z = W @ A_prev + b``.

    Inputs:
    - A_prev: ``(n_prev, m)`` activations of the previous layer.
    - W: ``(n, n_prev)`` weights.
    - b: ``(n, 1)`` biases.

    Returns a tuple ``(Z, cache)``:
    - Z: ``(n, m)``.
    - cache: ``{"A": A_prev}`` (the input object, not a copy).
    """
    Z = W @ A_prev + b
    return Z, {"A": A_prev}


def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    """One layer: linear -> activation -> batchnorm -> dropout.

    Inputs:
    - A_prev: ``(n_prev, m)``.
    - W: ``(n, n_prev)``; b: ``(n, 1)``.
    - activation: ``"relu"`` or ``"linear"`` (else ``ValueError``).
    - drop_prob: dropout probability of this layer.
    - bnorm_beta, bnorm_gamma: ``(n, 1)``, or empty for no batchnorm.
    - mode: ``'train'`` or ``'test'`` (used by dropout).

    Returns a tuple ``(A, cache)``:
    - A: ``(n, m)`` output of the layer.
    - cache: dict with ``"lin_cache"`` (:func:`linear_forward`),
      ``"act_cache"`` (activation), ``"bnorm_cache"`` (:func:`batchnorm`) and
      ``"drop_cache"`` (:func:`dropout`).
    """
    act_forward, _ = _activation(activation)
    Z, lin_cache = linear_forward(A_prev, W, b)
    A, act_cache = act_forward(Z)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob, mode)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache,
             "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache


def _layer_params(parameters, l):
    """Return ``(W, b, activation, drop_prob, bnorm_beta, bnorm_gamma)`` of layer ``l``.

    Missing batchnorm entries (``initialize_bnorm_params`` never called) mean
    "no batchnorm".
    """
    return (parameters[_key(_W.param, l)],
            parameters[_key(_B.param, l)],
            parameters[_key(_ACT, l)],
            parameters[_key(_DROPOUT, l)],
            parameters.get(_key(_BETA.param, l), _empty()),
            parameters.get(_key(_GAMMA.param, l), _empty()))


def multi_layer_forward(A0, parameters, mode):
    """Forward pass through all layers (without the final softmax).

    Inputs:
    - A0: ``(n_0, m)`` input.
    - parameters: the network dict.
    - mode: ``'train'`` or ``'test'``.

    Returns a tuple ``(AL, caches)``:
    - AL: ``(n_L, m)`` output of layer L (logits).
    - caches: list of the L layer caches (:func:`layer_forward`), layer 1 first.
    """
    A = A0
    caches = []
    for l in range(1, parameters[_NUM_LAYERS] + 1):
        A, cache = layer_forward(A, *_layer_params(parameters, l), mode)
        caches.append(cache)
    return A, caches


# --------------------------------------------------------------------------
# Backward propagation
# --------------------------------------------------------------------------
def _linear_backward(dZ, cache, W, need_dA_prev):
    """:func:`linear_backward`, optionally skipping ``dA_prev`` (returned as None)."""
    A_prev = cache["A"]
    dA_prev = W.T @ dZ if need_dA_prev else None
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    return dA_prev, dW, db


def linear_backward(dZ, cache, W, b):
    """Backward pass of :func:`linear_forward`.

    Inputs:
    - dZ: ``(n, m)`` upstream gradient (already holding the 1/m of the loss).
    - cache: ``{"A": A_prev}``, ``A_prev`` is ``(n_prev, m)``.
    - W: ``(n, n_prev)``; b: ``(n, 1)`` (unused, part of the fixed signature).

    Returns a tuple ``(dA_prev, dW, db)``:
    - dA_prev: ``(n_prev, m)`` = ``W.T @ dZ``.
    - dW: ``(n, n_prev)`` = ``dZ @ A_prev.T``.
    - db: ``(n, 1)``, sum of ``dZ`` over the samples.
    """
    return _linear_backward(dZ, cache, W, need_dA_prev=True)


def _layer_backward(dA, cache, W, activation, need_dA_prev):
    """:func:`layer_backward`, optionally skipping ``dA_prev`` (returned as None)."""
    _, act_backward = _activation(activation)
    dA = dropout_der(dA, cache["drop_cache"])
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    dZ = act_backward(dA, cache["act_cache"])
    dA_prev, dW, db = _linear_backward(dZ, cache["lin_cache"], W, need_dA_prev)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma


def layer_backward(dA, cache, W, b, activation):
    """Backward pass of :func:`layer_forward`: dropout -> batchnorm -> activation -> linear.

    Inputs:
    - dA: ``(n, m)`` gradient of the layer output.
    - cache: from :func:`layer_forward`.
    - W: ``(n, n_prev)``; b: ``(n, 1)``.
    - activation: ``"relu"`` or ``"linear"`` (else ``ValueError``).

    Returns a tuple ``(dA_prev, dW, db, dbnorm_beta, dbnorm_gamma)``:
    - dA_prev: ``(n_prev, m)``; dW: ``(n, n_prev)``; db: ``(n, 1)``.
    - dbnorm_beta, dbnorm_gamma: ``(n, 1)``, or ``[]`` without batchnorm.
    """
    return _layer_backward(dA, cache, W, activation, need_dA_prev=True)


def multi_layer_backward(dAL, caches, parameters):
    """Backward pass through all layers.

    Inputs:
    - dAL: ``(n_L, m)`` gradient of the logits (from the softmax derivative).
    - caches: list of layer caches from :func:`multi_layer_forward`.
    - parameters: the network dict.

    Returns:
    - gradients: dict with ``"dW{l}"`` ``(n_l, n_{l-1})``, ``"db{l}"``
      ``(n_l, 1)``, ``"dbnorm_beta{l}"`` and ``"dbnorm_gamma{l}"`` (``(n_l, 1)``,
      or ``[]`` without batchnorm) for l = 1..L.
    """
    gradients = {}
    dA = dAL
    for l in range(parameters[_NUM_LAYERS], 0, -1):
        W = parameters[_key(_W.param, l)]
        act = parameters[_key(_ACT, l)]
        # dA_0 (the gradient of the input) is not needed: skip that product.
        dA, dW, db, dbeta, dgamma = _layer_backward(dA, caches[l - 1], W, act, need_dA_prev=l > 1)
        gradients[_key(_W.grad, l)] = dW
        gradients[_key(_B.grad, l)] = db
        gradients[_key(_BETA.grad, l)] = dbeta
        gradients[_key(_GAMMA.grad, l)] = dgamma
    return gradients


# --------------------------------------------------------------------------
# Parameter update
# --------------------------------------------------------------------------
def _adam_step(theta, g, V, G, alpha, beta, beta2, eps, scratch=None):
    """One momentum-Adam step for one array; returns ``(theta, V, G)`` after the step.

    ``V = beta*V + (1-beta)*g``; ``G = beta2*G + (1-beta2)*g**2``;
    ``theta = theta - alpha * V / sqrt(G + eps)`` (no bias correction).

    Without ``scratch`` the results are new arrays and no argument is
    modified.  With ``scratch`` (an array shaped like ``theta``, clobbered)
    ``theta``, ``V`` and ``G`` are updated in place, which saves the large
    temporaries (used by the training loop, which owns its arrays).  Both
    paths perform the same floating-point operations: bitwise equal results.
    """
    in_place = scratch is not None
    if not in_place:
        scratch = np.empty_like(theta)
    V_new = np.multiply(V, beta, out=V if in_place else None)
    V_new += np.multiply(g, 1 - beta, out=scratch)
    G_new = np.multiply(G, beta2, out=G if in_place else None)
    np.square(g, out=scratch)
    scratch *= 1 - beta2
    G_new += scratch
    np.add(G_new, eps, out=scratch)              # the step, built in scratch
    np.sqrt(scratch, out=scratch)
    np.divide(V_new, scratch, out=scratch)
    scratch *= alpha
    theta_new = np.subtract(theta, scratch, out=theta if in_place else None)
    return theta_new, V_new, G_new


def _gd_step(theta, g, alpha, scratch=None):
    """One plain gradient-descent step ``theta - alpha*g``.

    New array without ``scratch``; with ``scratch`` (clobbered) in place into ``theta``.
    """
    if scratch is None:
        return theta - alpha * g
    np.multiply(g, alpha, out=scratch)
    return np.subtract(theta, scratch, out=theta)


def _update_parameters(parameters, gradients, alpha, beta, beta2, eps, workspace=None):
    """:func:`update_parameters_with_momentum_Adam`; in place when ``workspace`` is a dict.

    ``workspace`` maps parameter keys to scratch arrays (filled on first use).
    Pass it only when ``parameters`` owns its arrays (no one else holds them).
    """
    apply_momentum = parameters[_APPLY_MOMENTUM]
    num_layers = parameters[_NUM_LAYERS]
    bnorm_list = parameters.get(_BNORM_LIST)
    if bnorm_list is None:                 # initialize_bnorm_params never called
        bnorm_list = [0] * num_layers
    for l in range(1, num_layers + 1):
        for p_key, g_key, v_key, s_key in _trainable_keys(l, bool(bnorm_list[l - 1])):
            theta, g = parameters[p_key], gradients[g_key]
            scratch = None
            if workspace is not None:
                scratch = workspace.get(p_key)
                if scratch is None:
                    scratch = workspace[p_key] = np.empty_like(theta)
            if apply_momentum:
                parameters[p_key], parameters[v_key], parameters[s_key] = _adam_step(
                    theta, g, parameters[v_key], parameters[s_key], alpha, beta, beta2, eps, scratch)
            else:
                parameters[p_key] = _gd_step(theta, g, alpha, scratch)
    return parameters


def update_parameters_with_momentum_Adam(parameters, gradients, alpha, beta=0.9, beta2=0.99, eps=1e-8):
    """Update W, b (and the batchnorm beta/gamma) of every layer.

    Inputs:
    - parameters: the network dict.  Its entries are rebound to new arrays;
      the arrays it held before are not modified.
    - gradients: dict from :func:`multi_layer_backward` (``"dW{l}"``, ...).
    - alpha: learning rate.
    - beta, beta2: decay rates of the velocity and of the squared gradient.
    - eps: added to the squared gradient *inside* the square root.

    With ``parameters["apply_momentum"]``, for each θ of each layer
    (W, b, and bnorm_beta, bnorm_gamma for the layers flagged in
    ``parameters["bnorm_list"]``), every array shaped like θ:
    ``V = beta*V + (1-beta)*g``; ``G = beta2*G + (1-beta2)*g**2``;
    ``θ = θ - alpha * V / sqrt(G + eps)`` (no bias correction; keys ``VdW{l}``,
    ``GdW{l}``, ``Vdb{l}``, ``Gdb{l}``, ``Vbnorm_beta{l}``, ...).
    Otherwise plain gradient descent ``θ = θ - alpha*g``.

    Returns:
    - parameters: the same dict, updated.
    """
    return _update_parameters(parameters, gradients, alpha, beta, beta2, eps)


# --------------------------------------------------------------------------
# Training and prediction
# --------------------------------------------------------------------------
def multi_layer_network(X, Y, net_dims, act_list, drop_prob_list, bnorm_list, num_epochs=3,
                        batch_size=64, learning_rate=0.2, decay_rate=0.01, apply_momentum=True,
                        log=True, log_step=200):
    """Train the network with minibatch momentum-Adam.

    Inputs:
    - X: ``(n_0, m)`` training data; Y: ``(1, m)`` labels.
    - net_dims: ``[n_0, ..., n_L]``; act_list, drop_prob_list, bnorm_list:
      one entry per layer.
    - num_epochs: passes over the data.
    - batch_size: minibatch size; minibatches are consecutive column slices
      ``ii*batch_size:(ii+1)*batch_size`` for ``ii`` in
      ``range((m - 1) // batch_size + 1)``, no shuffling (the last one may be
      smaller).
    - learning_rate, decay_rate: in epoch e (from 0) the step size is
      ``learning_rate * (1 / (1 + decay_rate * e))``.
    - apply_momentum: momentum-Adam when True, plain gradient descent otherwise.
    - log: print the logged costs.
    - log_step: the minibatch cost is logged when ``itr % log_step == 0``,
      ``itr`` counting minibatches across epochs from 0.

    Returns a tuple ``(costs, parameters)``:
    - costs: list of the logged minibatch costs.
    - parameters: the trained network dict.

    Random draws: :func:`initialize_network`, then :func:`initialize_velocity`
    (none), then :func:`initialize_bnorm_params`, then dropout masks.
    """
    parameters = initialize_network(net_dims, act_list, drop_prob_list)
    parameters = initialize_velocity(parameters, apply_momentum)
    parameters = initialize_bnorm_params(parameters, bnorm_list, apply_momentum)
    X, Y = np.asarray(X), np.asarray(Y)
    m = X.shape[1]
    num_batches = (m - 1) // batch_size + 1
    workspace = {}      # scratch arrays: the loop owns `parameters`, so it updates them in place
    costs = []
    itr = 0
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range(num_batches):
            batch = slice(ii * batch_size, (ii + 1) * batch_size)
            X_batch, Y_batch = X[:, batch], Y[:, batch]
            AL, caches = multi_layer_forward(X_batch, parameters, 'train')
            _, soft_cache, cost = softmax_cross_entropy_loss(AL, Y_batch)
            dAL = softmax_cross_entropy_loss_der(Y_batch, soft_cache)
            gradients = multi_layer_backward(dAL, caches, parameters)
            # = update_parameters_with_momentum_Adam(parameters, gradients, alpha), in place
            parameters = _update_parameters(parameters, gradients, alpha, 0.9, 0.99, 1e-8, workspace)
            if itr % log_step == 0:
                costs.append(cost)
                if log:
                    print(f"Cost at iteration {itr} is: {cost:.5f}, learning rate: {alpha:.5f}")
            itr += 1
    return costs, parameters


def classify(X, parameters, mode='test'):
    """Predict class labels.

    Inputs:
    - X: ``(n_0, m)`` data.
    - parameters: the trained network dict.
    - mode: forward mode (``'test'`` by default).

    Returns:
    - YPred: ``(1, m)`` int array of predicted classes (argmax of the softmax).
    """
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=0).reshape(1, -1)
