'''Realistic wrong and correct implementations of every graded function of ``optimization``.

Each entry's ``code`` replaces the whole solution cell of ``function`` in a
submission built from the release (the other solution cells hold the
reference). The notebook has ``np`` imported; the other notebook functions
(``relu``, ``linear``, ``batchnorm``, ...) are available by name.

Rules checked by ``tests/test_mutation.py`` through the real grading
pipeline: every ``wrong`` entry loses points in the cell ``test_<function>``;
every ``correct`` entry gets full marks in every cell, training included.

A correct entry may replace further cells with ``also`` (the batchnorm pair
with its own cache layout: "what goes in a non-empty cache is the
implementer's choice"); it counts as an alternative of each function it
replaces. Wrong batchnorm_der entries read the reference batchnorm's cache
(``A_hat``, ``inv_std``, ``gamma``), as a student's would read their own.

Helpers: ``wrong(function, name, description, code)`` and ``correct(...)``
append an :class:`~mutation.entry.Entry` to ``ENTRIES``.
'''

from __future__ import annotations

from course_lib.mutation import Entry

ENTRIES: list = []


def wrong(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "wrong", name, description, code.strip() + "\n", also))


def correct(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "correct", name, description, code.strip() + "\n", also))


# =============================================================================
# relu
# =============================================================================
wrong("relu", "clamps_input_in_place", "sets the negative entries of Z itself to 0 and returns Z (modifies the input)", '''
def relu(Z):
    Z[Z < 0] = 0
    A = Z
    cache = {"Z": Z}
    return A, cache
''')
wrong("relu", "cache_holds_output", "stores the output A in the cache instead of the input Z", '''
def relu(Z):
    A = np.maximum(0, Z)
    cache = {"Z": A}
    return A, cache
''')
wrong("relu", "leaky", "implements a leaky ReLU (0.01 * Z for negative Z)", '''
def relu(Z):
    Z_arr = np.asarray(Z)
    A = np.where(Z_arr > 0, Z_arr, 0.01 * Z_arr)
    cache = {"Z": Z}
    return A, cache
''')
wrong("relu", "returns_mask", "returns the 0/1 mask (Z > 0) instead of max(0, Z)", '''
def relu(Z):
    A = (np.asarray(Z) > 0).astype(float)
    cache = {"Z": Z}
    return A, cache
''')
wrong("relu", "minimum", "uses np.minimum instead of np.maximum", '''
def relu(Z):
    A = np.minimum(0, Z)
    cache = {"Z": Z}
    return A, cache
''')
wrong("relu", "clipped_at_one", "clips the output to [0, 1] (np.clip with an upper bound)", '''
def relu(Z):
    A = np.clip(Z, 0, 1)
    cache = {"Z": Z}
    return A, cache
''')
wrong("relu", "abs_formula_without_half", "uses Z + |Z| and forgets the division by 2", '''
def relu(Z):
    Z_arr = np.asarray(Z)
    A = Z_arr + np.abs(Z_arr)
    cache = {"Z": Z}
    return A, cache
''')

correct("relu", "boolean_mask_product", "multiplies Z by the boolean mask Z > 0 (after np.asarray)", '''
def relu(Z):
    Z_arr = np.asarray(Z)
    A = Z_arr * (Z_arr > 0)
    cache = {"Z": Z}
    return A, cache
''')
correct("relu", "copy_then_clamp", "copies Z, then sets the negative entries of the copy to 0", '''
def relu(Z):
    A = np.array(Z, dtype=float, copy=True)
    A[A < 0] = 0.0
    cache = {"Z": Z}
    return A, cache
''')
correct("relu", "half_abs_formula", "(Z + |Z|) / 2", '''
def relu(Z):
    Z_arr = np.asarray(Z, dtype=float)
    A = (Z_arr + np.abs(Z_arr)) / 2
    cache = {"Z": Z}
    return A, cache
''')

# =============================================================================
# relu_der
# =============================================================================
wrong("relu_der", "ge_at_zero", "passes the gradient where Z >= 0 (the derivative at Z == 0 must be 0)", '''
def relu_der(dA, cache):
    Z = cache["Z"]
    dZ = np.where(Z >= 0, dA, 0.0)
    return dZ
''')
wrong("relu_der", "heaviside_half", "uses np.heaviside(Z, 0.5): half the gradient at Z == 0", '''
def relu_der(dA, cache):
    Z = cache["Z"]
    dZ = dA * np.heaviside(Z, 0.5)
    return dZ
''')
wrong("relu_der", "zeroes_dA_in_place", "zeroes the entries of dA itself and returns dA (modifies the input)", '''
def relu_der(dA, cache):
    Z = cache["Z"]
    dA[Z <= 0] = 0
    return dA
''')
wrong("relu_der", "mask_from_dA", "tests the sign of dA instead of Z", '''
def relu_der(dA, cache):
    dZ = np.where(dA > 0, dA, 0.0)
    return dZ
''')
wrong("relu_der", "mask_only", "returns the derivative mask (Z > 0) without multiplying by dA", '''
def relu_der(dA, cache):
    Z = cache["Z"]
    dZ = (Z > 0).astype(float)
    return dZ
''')
wrong("relu_der", "times_activation", "multiplies dA by relu(Z) instead of by the indicator of Z > 0", '''
def relu_der(dA, cache):
    Z = cache["Z"]
    dZ = dA * np.maximum(Z, 0)
    return dZ
''')

correct("relu_der", "mask_product", "dA * (Z > 0)", '''
def relu_der(dA, cache):
    Z = np.asarray(cache["Z"])
    dZ = dA * (Z > 0)
    return dZ
''')
correct("relu_der", "copy_then_zero", "copies dA, then zeroes the copy where Z <= 0", '''
def relu_der(dA, cache):
    Z = np.asarray(cache["Z"])
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[Z <= 0] = 0.0
    return dZ
''')
correct("relu_der", "heaviside_zero", "dA * np.heaviside(Z, 0) (0 at Z == 0)", '''
def relu_der(dA, cache):
    dZ = np.multiply(dA, np.heaviside(cache["Z"], 0.0))
    return dZ
''')
# =============================================================================
# softmax_cross_entropy_loss
# =============================================================================
wrong("softmax_cross_entropy_loss", "no_max_shift", "exponentiates Z directly (overflows for logits around 1000)", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z)
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y.astype(int).ravel(), np.arange(m)])) / m
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "global_max_shift", "subtracts the maximum of the whole matrix instead of each column's maximum", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y.astype(int).ravel(), np.arange(m)])) / m
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "normalised_over_samples", "normalises over the samples (axis 1) instead of over the classes", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    A = E / np.sum(E, axis=1, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y.astype(int).ravel(), np.arange(m)])) / m
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "loss_not_averaged", "sums the loss over the samples without the 1/m", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y.astype(int).ravel(), np.arange(m)]))
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "float_labels_as_indices", "indexes A with the labels as given (floats are not cast to int)", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y[0], np.arange(m)])) / m
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "zero_loss_without_labels", "returns the loss 0 instead of [] when Y is empty", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = 0
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.sum(np.log(A[Y.astype(int).ravel(), np.arange(m)])) / m
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "mean_over_all_entries", "np.mean over the whole one-hot product (divides by n*m instead of m)", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        onehot = np.zeros_like(A)
        onehot[Y.astype(int).ravel(), np.arange(Z.shape[1])] = 1
        loss = -np.mean(onehot * np.log(A))
    return A, cache, loss
''')
wrong("softmax_cross_entropy_loss", "per_sample_losses", "returns the vector of per-sample losses instead of their mean", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        m = Z.shape[1]
        loss = -np.log(A[Y.astype(int).ravel(), np.arange(m)])
    return A, cache, loss
''')

correct("softmax_cross_entropy_loss", "textbook_log_of_A", "shifted softmax, then the mean of -log A[label, sample] (the textbook version)", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    Z = np.asarray(Z, dtype=float)
    E = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    A = E / np.sum(E, axis=0, keepdims=True)
    cache = {"A": A}
    if Y.size == 0:
        return A, cache, []
    m = Z.shape[1]
    labels = Y.astype(int).reshape(-1)
    loss = -np.sum(np.log(A[labels, np.arange(m)])) / m
    return A, cache, loss
''')
correct("softmax_cross_entropy_loss", "onehot_matrix", "builds a one-hot matrix and averages -sum(onehot * log A) over the samples", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    shifted = Z - Z.max(axis=0, keepdims=True)
    E = np.exp(shifted)
    A = E / E.sum(axis=0, keepdims=True)
    cache = {"A": A}
    loss = []
    if np.size(Y) > 0:
        n, m = A.shape
        onehot = (np.arange(n)[:, None] == np.asarray(Y).astype(int).reshape(1, -1)).astype(float)
        loss = -np.sum(onehot * np.log(A)) / m
    return A, cache, loss
''')
correct("softmax_cross_entropy_loss", "logaddexp_log_sum_exp", "log-sum-exp with np.logaddexp.reduce, A = exp(Z - lse)", '''
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    lse = np.logaddexp.reduce(Z, axis=0, keepdims=True)
    A = np.exp(Z - lse)
    cache = {"A": A}
    loss = []
    if Y.size > 0:
        y = Y.reshape(-1).astype(np.int64)
        loss = np.mean(lse[0] - Z[y, np.arange(Z.shape[1])])
    return A, cache, loss
''')

# =============================================================================
# softmax_cross_entropy_loss_der
# =============================================================================
wrong("softmax_cross_entropy_loss_der", "no_division_by_m", "returns A - onehot(Y) without the 1/m", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    m = A.shape[1]
    dZ = A.copy()
    dZ[Y.astype(int).ravel(), np.arange(m)] -= 1
    return dZ
''')
wrong("softmax_cross_entropy_loss_der", "float_labels_as_indices", "indexes with the labels as given (floats are not cast to int)", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    m = A.shape[1]
    dZ = A.copy()
    dZ[Y[0], np.arange(m)] -= 1
    return dZ / m
''')
wrong("softmax_cross_entropy_loss_der", "modifies_cached_A", "subtracts the one-hot labels from the cached A in place", '''
def softmax_cross_entropy_loss_der(Y, cache):
    dZ = cache["A"]
    m = dZ.shape[1]
    dZ[Y.astype(int).ravel(), np.arange(m)] -= 1
    dZ /= m
    return dZ
''')
wrong("softmax_cross_entropy_loss_der", "onehot_not_transposed", "np.eye(n)[labels] is (m, n); used without transposing", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    n, m = A.shape
    onehot = np.eye(n)[Y.astype(int).ravel()]
    dZ = (A - onehot) / m
    return dZ
''')
wrong("softmax_cross_entropy_loss_der", "divides_by_classes", "divides by the number of classes n instead of the number of samples m", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    dZ = A.copy()
    dZ[Y.astype(int).ravel(), np.arange(A.shape[1])] -= 1
    dZ = dZ / A.shape[0]
    return dZ
''')
wrong("softmax_cross_entropy_loss_der", "subtracts_whole_rows", "subtracts 1 from whole rows (dZ[labels, :]) instead of one entry per sample", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    m = A.shape[1]
    dZ = A.copy()
    dZ[Y.astype(int).ravel(), :] -= 1
    return dZ / m
''')
wrong("softmax_cross_entropy_loss_der", "gradient_wrt_A", "returns the gradient with respect to A (-onehot / A / m), not Z", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    n, m = A.shape
    onehot = np.zeros((n, m))
    onehot[Y.astype(int).ravel(), np.arange(m)] = 1
    dZ = -onehot / A / m
    return dZ
''')

correct("softmax_cross_entropy_loss_der", "eye_columns", "one-hot as columns of the identity, np.eye(n)[:, labels]", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    n, m = A.shape
    labels = np.asarray(Y).astype(int).ravel()
    dZ = (A - np.eye(n)[:, labels]) / m
    return dZ
''')
correct("softmax_cross_entropy_loss_der", "loop_over_samples", "a readable loop over the samples", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    m = A.shape[1]
    dZ = np.array(A, dtype=float)
    for i in range(m):
        dZ[int(Y[0, i]), i] -= 1.0
    dZ /= m
    return dZ
''')
correct("softmax_cross_entropy_loss_der", "broadcast_equality", "one-hot from a broadcast comparison of class indices and labels", '''
def softmax_cross_entropy_loss_der(Y, cache):
    A = cache["A"]
    onehot = np.arange(A.shape[0]).reshape(-1, 1) == np.asarray(Y, dtype=float).reshape(1, -1)
    return (A - onehot) / A.shape[1]
''')

# =============================================================================
# dropout
# =============================================================================
wrong("dropout", "not_inverted", "keeps units with the right mask but does not scale them by 1/prob_keep", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob == 0:
        return A, (drop_prob, mode, mask)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep).astype(float)
        A_out = mask * A
    elif mode == 'test':
        A_out = A
    else:
        raise ValueError("unknown mode " + str(mode))
    return A_out, (drop_prob, mode, mask)
''')
wrong("dropout", "keeps_with_drop_prob", "keeps a unit when the draw is below drop_prob (keep and drop probabilities swapped)", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob == 0:
        return A, (drop_prob, mode, mask)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = (np.random.rand(A.shape[0], A.shape[1]) < drop_prob) / prob_keep
        A_out = mask * A
    elif mode == 'test':
        A_out = A
    else:
        raise ValueError("unknown mode " + str(mode))
    return A_out, (drop_prob, mode, mask)
''')
wrong("dropout", "mask_transposed", "draws an (m, n) matrix and transposes it (the seeded draws land in other places)", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob == 0:
        return A, (drop_prob, mode, mask)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = (np.random.rand(A.shape[1], A.shape[0]).T < prob_keep) / prob_keep
        A_out = mask * A
    elif mode == 'test':
        A_out = A
    else:
        raise ValueError("unknown mode " + str(mode))
    return A_out, (drop_prob, mode, mask)
''')
wrong("dropout", "binomial_draw", "draws the mask with np.random.binomial (a different use of the seeded generator)", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob == 0:
        return A, (drop_prob, mode, mask)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = np.random.binomial(1, prob_keep, size=A.shape) / prob_keep
        A_out = mask * A
    elif mode == 'test':
        A_out = A
    else:
        raise ValueError("unknown mode " + str(mode))
    return A_out, (drop_prob, mode, mask)
''')
wrong("dropout", "draws_in_test_mode", "draws the random mask before looking at the mode (a draw in test mode too)", '''
def dropout(A, drop_prob, mode='train'):
    if drop_prob == 0:
        return A, (drop_prob, mode, None)
    prob_keep = 1 - drop_prob
    mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
    if mode == 'train':
        return mask * A, (drop_prob, mode, mask)
    elif mode == 'test':
        return A, (drop_prob, mode, None)
    raise ValueError("unknown mode " + str(mode))
''')
wrong("dropout", "no_zero_prob_shortcut", "no special case for drop_prob == 0 (draws a mask of ones)", '''
def dropout(A, drop_prob, mode='train'):
    prob_keep = 1 - drop_prob
    mask = None
    if mode == 'train':
        mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
        A_out = mask * A
    elif mode == 'test':
        A_out = A
    else:
        raise ValueError("unknown mode " + str(mode))
    return A_out, (drop_prob, mode, mask)
''')
wrong("dropout", "unknown_mode_as_test", "treats any mode other than 'train' like 'test' (no ValueError)", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob != 0 and mode == 'train':
        prob_keep = 1 - drop_prob
        mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
        return mask * A, (drop_prob, mode, mask)
    return A, (drop_prob, mode, mask)
''')
wrong("dropout", "masks_input_in_place", "multiplies A by the mask in place (A *= mask)", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob == 0:
        return A, (drop_prob, mode, mask)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
        A *= mask
    elif mode != 'test':
        raise ValueError("unknown mode " + str(mode))
    return A, (drop_prob, mode, mask)
''')
wrong("dropout", "caches_unscaled_mask", "scales the output but caches the unscaled boolean mask", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    if drop_prob == 0:
        return A, (drop_prob, mode, mask)
    prob_keep = 1 - drop_prob
    if mode == 'train':
        mask = np.random.rand(A.shape[0], A.shape[1]) < prob_keep
        A_out = A * mask / prob_keep
    elif mode == 'test':
        A_out = A
    else:
        raise ValueError("unknown mode " + str(mode))
    return A_out, (drop_prob, mode, mask)
''')

correct("dropout", "rand_of_shape", "np.random.rand(*A.shape) and an early return per mode", '''
def dropout(A, drop_prob, mode='train'):
    if drop_prob == 0:
        return A, (drop_prob, mode, None)
    keep = 1.0 - drop_prob
    if mode == 'test':
        return A, (drop_prob, mode, None)
    if mode != 'train':
        raise ValueError(f"mode must be 'train' or 'test', not {mode!r}")
    mask = (np.random.rand(*A.shape) < keep) / keep
    return A * mask, (drop_prob, mode, mask)
''')
correct("dropout", "uniform_where", "np.random.uniform(size=A.shape) and np.where(u < keep, 1/keep, 0)", '''
def dropout(A, drop_prob, mode='train'):
    mask = None
    A_out = A
    if drop_prob != 0:
        keep = 1 - drop_prob
        if mode == 'train':
            u = np.random.uniform(size=A.shape)
            mask = np.where(u < keep, 1.0 / keep, 0.0)
            A_out = np.multiply(A, mask)
        elif mode != 'test':
            raise ValueError("dropout mode should be 'train' or 'test'")
    return A_out, (drop_prob, mode, mask)
''')
correct("dropout", "defensive_copies", "returns copies of A in test mode and when drop_prob is 0", '''
def dropout(A, drop_prob, mode='train'):
    if drop_prob == 0:
        return A.copy(), (drop_prob, mode, None)
    if mode not in ('train', 'test'):
        raise ValueError('mode ' + repr(mode) + ' is not supported')
    if mode == 'test':
        return A.copy(), (drop_prob, mode, None)
    n, m = A.shape
    prob_keep = 1 - drop_prob
    keep = np.random.rand(n, m) < prob_keep
    mask = keep.astype(float) / prob_keep
    return mask * A, (drop_prob, mode, mask)
''')

# =============================================================================
# dropout_der
# =============================================================================
wrong("dropout_der", "rescales_again", "multiplies by the mask and divides by prob_keep again (the mask is already scaled)", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0 or mode == 'test':
        return dA_in
    if mode == 'train':
        return mask * dA_in / (1 - drop_prob)
    raise ValueError("unknown mode " + str(mode))
''')
wrong("dropout_der", "fresh_mask", "draws a new mask instead of using the cached one", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0 or mode == 'test':
        return dA_in
    if mode == 'train':
        keep = 1 - drop_prob
        new_mask = (np.random.rand(*dA_in.shape) < keep) / keep
        return new_mask * dA_in
    raise ValueError("unknown mode " + str(mode))
''')
wrong("dropout_der", "scales_in_test_mode", "multiplies the gradient by prob_keep in test mode (old-style dropout)", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0:
        return dA_in
    if mode == 'train':
        return mask * dA_in
    if mode == 'test':
        return dA_in * (1 - drop_prob)
    raise ValueError("unknown mode " + str(mode))
''')
wrong("dropout_der", "no_mode_error", "returns dA_in for every mode other than 'train' (no ValueError)", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob != 0 and mode == 'train':
        return mask * dA_in
    return dA_in
''')
wrong("dropout_der", "masks_gradient_in_place", "multiplies dA_in by the mask in place", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0 or mode == 'test':
        return dA_in
    if mode == 'train':
        dA_in *= mask
        return dA_in
    raise ValueError("unknown mode " + str(mode))
''')
wrong("dropout_der", "ignores_zero_prob", "no special case for drop_prob == 0 (multiplies by the mask None in train mode)", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if mode == 'train':
        return mask * dA_in
    if mode == 'test':
        return dA_in
    raise ValueError("unknown mode " + str(mode))
''')
wrong("dropout_der", "boolean_mask", "uses the mask as 0/1 (mask > 0), dropping its 1/prob_keep scaling", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0 or mode == 'test':
        return dA_in
    if mode == 'train':
        return dA_in * (mask > 0)
    raise ValueError("unknown mode " + str(mode))
''')

correct("dropout_der", "mask_is_none", "decides by whether a mask was cached, then checks the mode", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0:
        return dA_in
    if mode not in ('train', 'test'):
        raise ValueError(f"unknown dropout mode {mode!r}")
    if mask is None:
        return dA_in
    return np.multiply(dA_in, mask)
''')
correct("dropout_der", "defensive_copy", "returns a copy of dA_in when nothing is dropped", '''
def dropout_der(dA_in, cache):
    drop_prob, mode, mask = cache
    if drop_prob == 0 or mode == 'test':
        return np.array(dA_in, copy=True)
    elif mode == 'train':
        return dA_in * mask
    else:
        raise ValueError("mode must be 'train' or 'test'")
''')
correct("dropout_der", "einsum_product", "element-wise product written with np.einsum", '''
def dropout_der(dA_in, cache):
    drop_prob = cache[0]
    mode = cache[1]
    if drop_prob == 0:
        return dA_in
    if mode == 'train':
        return np.einsum("ij,ij->ij", cache[2], dA_in)
    if mode == 'test':
        return dA_in
    raise ValueError("bad mode: " + str(mode))
''')

# =============================================================================
# batchnorm
# =============================================================================
wrong("batchnorm", "unbiased_variance", "unbiased variance (ddof=1) instead of the biased batch variance", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=1, keepdims=True)
    var = np.var(A, axis=1, ddof=1, keepdims=True) if A.shape[1] > 1 else np.zeros_like(mu)
    A_hat = (A - mu) / np.sqrt(var + 1e-5)
    return gamma * A_hat + beta, {"A_hat": A_hat, "inv_std": 1 / np.sqrt(var + 1e-5), "gamma": gamma}
''')
wrong("batchnorm", "epsilon_outside_sqrt", "adds epsilon to the standard deviation instead of to the variance", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=1, keepdims=True)
    var = np.mean((A - mu) ** 2, axis=1, keepdims=True)
    inv_std = 1 / (np.sqrt(var) + 1e-5)
    A_hat = (A - mu) * inv_std
    return gamma * A_hat + beta, {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
''')
wrong("batchnorm", "per_sample_axis", "normalises each sample (axis 0) instead of each feature over the batch", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=0, keepdims=True)
    var = np.var(A, axis=0, keepdims=True)
    inv_std = 1 / np.sqrt(var + 1e-5)
    A_hat = (A - mu) * inv_std
    return gamma * A_hat + beta, {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
''')
wrong("batchnorm", "statistics_without_keepdims", "row statistics of shape (n,) broadcast along the wrong axis", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=1)
    var = np.var(A, axis=1)
    A_hat = (A - mu) / np.sqrt(var + 1e-5)
    return gamma * A_hat + beta, {"A_hat": A_hat, "inv_std": 1 / np.sqrt(var + 1e-5), "gamma": gamma}
''')
wrong("batchnorm", "normalises_input_in_place", "centres and scales A in place (A -= mu; A /= std)", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=1, keepdims=True)
    var = np.var(A, axis=1, keepdims=True)
    inv_std = 1 / np.sqrt(var + 1e-5)
    A -= mu
    A *= inv_std
    return gamma * A + beta, {"A_hat": A, "inv_std": inv_std, "gamma": gamma}
''')
wrong("batchnorm", "epsilon_1e-8", "uses epsilon = 1e-8 instead of the fixed 1e-5", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    mu = np.mean(A, axis=1, keepdims=True)
    var = np.mean((A - mu) ** 2, axis=1, keepdims=True)
    inv_std = 1 / np.sqrt(var + 1e-8)
    A_hat = (A - mu) * inv_std
    return gamma * A_hat + beta, {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
''')
correct("batchnorm", "np_var", "np.mean and np.var (biased by default) with keepdims", '''
def batchnorm(A, beta, gamma):
    if np.size(beta) == 0 or np.size(gamma) == 0:
        return A, {}
    mu = A.mean(axis=1, keepdims=True)
    var = A.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + 1e-5)
    A_hat = (A - mu) * inv_std
    Anorm = gamma * A_hat + beta
    return Anorm, {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
''')
correct("batchnorm", "row_loop", "a readable loop over the features (rows)", '''
def batchnorm(A, beta, gamma):
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    n = A.shape[0]
    A_hat = np.empty(A.shape)
    inv_std = np.empty((n, 1))
    for i in range(n):
        row = A[i]
        mean = row.mean()
        variance = ((row - mean) ** 2).mean()
        inv_std[i, 0] = 1.0 / np.sqrt(variance + 1e-5)
        A_hat[i] = (row - mean) * inv_std[i, 0]
    return gamma * A_hat + beta, {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
''')
correct("batchnorm", "own_cache_layout", "means as products with a column of ones; caches (A, mu, var, gamma) and a matching batchnorm_der recomputes the rest", '''
def batchnorm(A, beta, gamma):
    if len(beta) == 0 or len(gamma) == 0:
        return A, {}
    m = A.shape[1]
    ones = np.ones((m, 1))
    mu = A @ ones / m
    var = ((A - mu) * (A - mu)) @ ones / m
    Anorm = gamma * (A - mu) * (var + 1e-5) ** -0.5 + beta
    return Anorm, {"A": A, "mu": mu, "var": var, "gamma": gamma}
''', batchnorm_der='''
def batchnorm_der(dA_in, cache):
    if not cache:
        return dA_in, [], []
    A, mu, var, gamma = cache["A"], cache["mu"], cache["var"], cache["gamma"]
    m = A.shape[1]
    std = np.sqrt(var + 1e-5)
    A_hat = (A - mu) / std
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_hat = dA_in * gamma
    dA_out = (dA_hat - np.mean(dA_hat, axis=1, keepdims=True)
              - A_hat * np.mean(dA_hat * A_hat, axis=1, keepdims=True)) / std
    return dA_out, dbeta, dgamma
''')

# =============================================================================
# batchnorm_der (the cache comes from the reference batchnorm: A_hat, inv_std, gamma)
# =============================================================================
wrong("batchnorm_der", "no_variance_path", "drops the gradient through the variance (the A_hat * mean(g * A_hat) term)", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_out = gamma * inv_std * (dA_in - np.mean(dA_in, axis=1, keepdims=True))
    return dA_out, dbeta, dgamma
''')
wrong("batchnorm_der", "no_mean_path", "drops the gradient through the mean (the mean(g) term)", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_out = gamma * inv_std * (dA_in - A_hat * np.mean(dA_in * A_hat, axis=1, keepdims=True))
    return dA_out, dbeta, dgamma
''')
wrong("batchnorm_der", "no_gamma_factor", "forgets the factor gamma in dA_out", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std = cache["A_hat"], cache["inv_std"]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_out = inv_std * (dA_in - np.mean(dA_in, axis=1, keepdims=True)
                        - A_hat * np.mean(dA_in * A_hat, axis=1, keepdims=True))
    return dA_out, dbeta, dgamma
''')
wrong("batchnorm_der", "dbeta_dgamma_swapped", "returns dgamma where dbeta belongs and vice versa", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    m = dA_in.shape[1]
    dA_out = gamma * inv_std * (dA_in - dbeta / m - A_hat * dgamma / m)
    return dA_out, dgamma, dbeta
''')
wrong("batchnorm_der", "sums_instead_of_means", "subtracts sums over the samples where means belong (a 1/m missing)", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_out = gamma * inv_std * (dA_in - dbeta - A_hat * dgamma)
    return dA_out, dbeta, dgamma
''')
wrong("batchnorm_der", "flat_parameter_gradients", "dbeta and dgamma of shape (n,) (no keepdims)", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = dA_in.shape[1]
    dbeta = np.sum(dA_in, axis=1)
    dgamma = np.sum(dA_in * A_hat, axis=1)
    dA_out = gamma * inv_std * (dA_in - dbeta[:, None] / m - A_hat * dgamma[:, None] / m)
    return dA_out, dbeta, dgamma
''')
wrong("batchnorm_der", "none_without_batchnorm", "returns None instead of [] for dbeta and dgamma when the cache is empty", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, None, None
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = dA_in.shape[1]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_out = gamma * inv_std * (dA_in - dbeta / m - A_hat * dgamma / m)
    return dA_out, dbeta, dgamma
''')
wrong("batchnorm_der", "updates_gradient_in_place", "right values, but builds dA_out by modifying dA_in in place", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = dA_in.shape[1]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_in -= dbeta / m
    dA_in -= A_hat * dgamma / m
    dA_in *= gamma * inv_std
    return dA_in, dbeta, dgamma
''')

correct("batchnorm_der", "chain_rule_steps", "the step-by-step chain rule through var and mu", '''
def batchnorm_der(dA_in, cache):
    if not cache:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = dA_in.shape[1]
    x_mu = A_hat / inv_std
    dA_hat = dA_in * gamma
    dvar = np.sum(dA_hat * x_mu, axis=1, keepdims=True) * -0.5 * inv_std ** 3
    dmu = np.sum(-dA_hat * inv_std, axis=1, keepdims=True) + dvar * np.mean(-2.0 * x_mu, axis=1, keepdims=True)
    dA_out = dA_hat * inv_std + dvar * 2.0 * x_mu / m + dmu / m
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    return dA_out, dbeta, dgamma
''')
correct("batchnorm_der", "compact_formula_einsum", "the compact formula with dbeta/dgamma from np.einsum", '''
def batchnorm_der(dA_in, cache):
    if len(cache) == 0:
        return dA_in, [], []
    A_hat = cache["A_hat"]
    m = A_hat.shape[1]
    dbeta = np.einsum("ij->i", dA_in).reshape(-1, 1)
    dgamma = np.einsum("ij,ij->i", dA_in, A_hat).reshape(-1, 1)
    dA_out = (cache["gamma"] * cache["inv_std"] / m) * (m * dA_in - dbeta - A_hat * dgamma)
    return dA_out, dbeta, dgamma
''')
# =============================================================================
# initialize_network
# =============================================================================
wrong("initialize_network", "he_scaling", "He scaling sqrt(2 / n_in) instead of the fixed 2 / sqrt(n_in)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l + 1], net_dims[l]) * np.sqrt(2. / net_dims[l])
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters
''')
wrong("initialize_network", "draw_transposed", "draws randn(n_in, n_out) and transposes (the seeded values land elsewhere)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l], net_dims[l + 1]).T * 2. / np.sqrt(net_dims[l])
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters
''')
wrong("initialize_network", "W_shape_in_by_out", "W of shape (n_in, n_out) instead of (n_out, n_in)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l], net_dims[l + 1]) * 2. / np.sqrt(net_dims[l])
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters
''')
wrong("initialize_network", "flat_bias", "biases of shape (n,) instead of (n, 1)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l + 1], net_dims[l]) * 2. / np.sqrt(net_dims[l])
        parameters["b" + str(l + 1)] = np.zeros(net_dims[l + 1])
    return parameters
''')
wrong("initialize_network", "num_layers_counts_input", "numLayers = len(net_dims) (counts the input layer)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims)}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l + 1], net_dims[l]) * 2. / np.sqrt(net_dims[l])
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters
''')
wrong("initialize_network", "fan_out_scaling", "scales by 2 / sqrt(n_out) instead of 2 / sqrt(n_in)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l + 1], net_dims[l]) * 2. / np.sqrt(net_dims[l + 1])
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters
''')
wrong("initialize_network", "small_random_bias", "initialises the biases with small random numbers (extra draws)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.randn(net_dims[l + 1], net_dims[l]) * 2. / np.sqrt(net_dims[l])
        parameters["b" + str(l + 1)] = np.random.randn(net_dims[l + 1], 1) * 0.01
    return parameters
''')
wrong("initialize_network", "uniform_draw", "np.random.rand (uniform) instead of np.random.randn", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {"numLayers": len(net_dims) - 1}
    for l in range(len(net_dims) - 1):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = np.random.rand(net_dims[l + 1], net_dims[l]) * 2. / np.sqrt(net_dims[l])
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    return parameters
''')

correct("initialize_network", "divide_then_double", "randn / sqrt(n_in) * 2 with f-string keys", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    L = len(net_dims) - 1
    parameters = {"numLayers": L}
    for l in range(1, L + 1):
        parameters[f"act{l}"] = act_list[l - 1]
        parameters[f"dropout{l}"] = drop_prob_list[l - 1]
        parameters[f"W{l}"] = np.random.randn(net_dims[l], net_dims[l - 1]) / np.sqrt(net_dims[l - 1]) * 2
        parameters[f"b{l}"] = np.zeros((net_dims[l], 1))
    return parameters
''')
correct("initialize_network", "normal_with_scale", "np.random.normal(0, 2/sqrt(n_in), size) (same draws as randn)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    parameters = {}
    parameters["numLayers"] = len(net_dims) - 1
    for l, (n_in, n_out) in enumerate(zip(net_dims[:-1], net_dims[1:]), start=1):
        parameters["act%d" % l] = act_list[l - 1]
        parameters["dropout%d" % l] = drop_prob_list[l - 1]
        parameters["W%d" % l] = np.random.normal(0.0, 2.0 / np.sqrt(n_in), size=(n_out, n_in))
        parameters["b%d" % l] = np.zeros((n_out, 1))
    return parameters
''')
correct("initialize_network", "standard_normal_int_dims", "np.random.standard_normal with the dims cast to int (numpy arrays of dims work)", '''
def initialize_network(net_dims, act_list, drop_prob_list):
    dims = [int(d) for d in net_dims]
    parameters = {"numLayers": len(dims) - 1}
    for i in range(len(dims) - 1):
        layer = str(i + 1)
        parameters["act" + layer] = act_list[i]
        parameters["dropout" + layer] = drop_prob_list[i]
        parameters["W" + layer] = 2. * np.random.standard_normal((dims[i + 1], dims[i])) / np.sqrt(dims[i])
        parameters["b" + layer] = np.zeros((dims[i + 1], 1), dtype=float)
    return parameters
''')

# =============================================================================
# initialize_velocity
# =============================================================================
wrong("initialize_velocity", "bias_state_shaped_like_W", "Vdb and Gdb shaped like W instead of b", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            shape = parameters["W" + str(l)].shape
            parameters["VdW" + str(l)] = np.zeros(shape)
            parameters["Vdb" + str(l)] = np.zeros(shape)
            parameters["GdW" + str(l)] = np.zeros(shape)
            parameters["Gdb" + str(l)] = np.zeros(shape)
    return parameters
''')
wrong("initialize_velocity", "state_even_without_momentum", "creates the V and G keys even when apply_momentum is False", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    for l in range(1, parameters["numLayers"] + 1):
        for t in ("W", "b"):
            shape = parameters[t + str(l)].shape
            parameters["Vd" + t + str(l)] = np.zeros(shape)
            parameters["Gd" + t + str(l)] = np.zeros(shape)
    return parameters
''')
wrong("initialize_velocity", "velocities_only", "creates the velocities V but not the squared-gradient averages G", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            parameters["VdW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            parameters["Vdb" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return parameters
''')
wrong("initialize_velocity", "flag_only_when_on", "sets apply_momentum only when it is True", '''
def initialize_velocity(parameters, apply_momentum=True):
    if apply_momentum:
        parameters["apply_momentum"] = True
        for l in range(1, parameters["numLayers"] + 1):
            for t in ("W", "b"):
                parameters["Vd" + t + str(l)] = np.zeros(parameters[t + str(l)].shape)
                parameters["Gd" + t + str(l)] = np.zeros(parameters[t + str(l)].shape)
    return parameters
''')
wrong("initialize_velocity", "zero_based_keys", "numbers the new keys from 0 (VdW0 ...) while the layers start at 1", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(parameters["numLayers"]):
            parameters["VdW" + str(l)] = np.zeros(parameters["W" + str(l + 1)].shape)
            parameters["Vdb" + str(l)] = np.zeros(parameters["b" + str(l + 1)].shape)
            parameters["GdW" + str(l)] = np.zeros(parameters["W" + str(l + 1)].shape)
            parameters["Gdb" + str(l)] = np.zeros(parameters["b" + str(l + 1)].shape)
    return parameters
''')
wrong("initialize_velocity", "returns_only_the_state", "returns a new dict holding only the optimiser state", '''
def initialize_velocity(parameters, apply_momentum=True):
    state = {"apply_momentum": apply_momentum}
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            state["VdW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            state["Vdb" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
            state["GdW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            state["Gdb" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return state
''')
wrong("initialize_velocity", "squares_start_at_one", "initialises the squared-gradient averages G with ones", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            parameters["VdW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            parameters["Vdb" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
            parameters["GdW" + str(l)] = np.ones(parameters["W" + str(l)].shape)
            parameters["Gdb" + str(l)] = np.ones(parameters["b" + str(l)].shape)
    return parameters
''')
wrong("initialize_velocity", "flag_always_true", "always sets apply_momentum to True", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = True
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            parameters["VdW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            parameters["Vdb" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
            parameters["GdW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
            parameters["Gdb" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return parameters
''')

correct("initialize_velocity", "zeros_like", "np.zeros_like of W and b", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    if not apply_momentum:
        return parameters
    for l in range(1, parameters["numLayers"] + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        parameters[f"VdW{l}"], parameters[f"GdW{l}"] = np.zeros_like(W, dtype=float), np.zeros_like(W, dtype=float)
        parameters[f"Vdb{l}"], parameters[f"Gdb{l}"] = np.zeros_like(b, dtype=float), np.zeros_like(b, dtype=float)
    return parameters
''')
correct("initialize_velocity", "returns_updated_copy", "returns an updated copy of the dict (the caller uses the return value)", '''
def initialize_velocity(parameters, apply_momentum=True):
    new = dict(parameters)
    new["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(1, new["numLayers"] + 1):
            for t in ["W", "b"]:
                shape = new[t + str(l)].shape
                new["Vd" + t + str(l)] = np.zeros(shape)
                new["Gd" + t + str(l)] = np.zeros(shape)
    return new
''')
correct("initialize_velocity", "update_from_comprehension", "dict.update with a comprehension over layers and prefixes", '''
def initialize_velocity(parameters, apply_momentum=True):
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        L = parameters["numLayers"]
        parameters.update({prefix + t + str(l): np.zeros(parameters[t + str(l)].shape)
                           for l in range(1, L + 1) for t in ("W", "b") for prefix in ("Vd", "Gd")})
    return parameters
''')

# =============================================================================
# initialize_bnorm_params
# =============================================================================
wrong("initialize_bnorm_params", "state_even_without_momentum", "creates V/G for batchnorm layers even when apply_momentum is False", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            for key in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[key + s] = np.zeros((n, 1))
        else:
            for key in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[key + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "python_list_for_plain_layers", "gives layers without batchnorm a Python list [] instead of np.asarray([])", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            if apply_momentum:
                for key in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[key + s] = np.zeros((n, 1))
        else:
            for key in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[key + s] = []
    return parameters
''')
wrong("initialize_bnorm_params", "gamma_drawn_first", "draws gamma before beta", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "standard_init_ones_zeros", "the usual beta = 0, gamma = 1 instead of the specified random draws", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.zeros((n, 1))
            parameters["bnorm_gamma" + s] = np.ones((n, 1))
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "flat_shapes", "beta, gamma and their state of shape (n,) instead of (n, 1)", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.random.randn(n)
            parameters["bnorm_gamma" + s] = np.random.randn(n)
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros(n)
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "none_for_plain_layers", "sets None instead of empty arrays for layers without batchnorm", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = None
    return parameters
''')
wrong("initialize_bnorm_params", "size_from_inputs", "takes n from W.shape[1] (the layer's inputs) instead of W.shape[0]", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[1]
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "plain_layers_without_state", "layers without batchnorm get empty beta/gamma but no V/G keys", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            parameters["bnorm_beta" + s] = np.asarray([])
            parameters["bnorm_gamma" + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "one_draw_split", "draws beta and gamma together with one randn(n, 2) and splits the columns", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bnorm_list[l - 1]:
            n = parameters["W" + s].shape[0]
            both = np.random.randn(n, 2)
            parameters["bnorm_beta" + s] = both[:, :1]
            parameters["bnorm_gamma" + s] = both[:, 1:]
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = np.asarray([])
    return parameters
''')
wrong("initialize_bnorm_params", "flag_index_off_by_one", "reads the flag of layer l from bnorm_list[l] (off by one)", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    L = parameters["numLayers"]
    for l in range(1, L + 1):
        s = str(l)
        if l < L and bnorm_list[l]:
            n = parameters["W" + s].shape[0]
            parameters["bnorm_beta" + s] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + s] = np.random.randn(n, 1)
            if apply_momentum:
                for k in ("Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                    parameters[k + s] = np.zeros((n, 1))
        else:
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = np.asarray([])
    return parameters
''')

correct("initialize_bnorm_params", "loop_over_names", "a loop over ('beta', 'gamma') for the draws and the state", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        n = parameters[f"W{l}"].shape[0]
        for name in ("beta", "gamma"):
            if bnorm_list[l - 1]:
                parameters[f"bnorm_{name}{l}"] = np.random.randn(n, 1)
                if apply_momentum:
                    parameters[f"Vbnorm_{name}{l}"] = np.zeros((n, 1))
                    parameters[f"Gbnorm_{name}{l}"] = np.zeros((n, 1))
            else:
                for prefix in ("", "V", "G"):
                    parameters[f"{prefix}bnorm_{name}{l}"] = np.asarray([])
    return parameters
''')
correct("initialize_bnorm_params", "standard_normal_empty", "np.random.standard_normal and np.empty(0) for the absent parameters", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    keys = ["bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"]
    for i, flag in enumerate(bnorm_list):
        s = str(i + 1)
        if not flag:
            for k in keys:
                parameters[k + s] = np.empty(0)
            continue
        n = parameters["W" + s].shape[0]
        parameters["bnorm_beta" + s] = np.random.standard_normal((n, 1))
        parameters["bnorm_gamma" + s] = np.random.standard_normal((n, 1))
        if apply_momentum:
            for k in keys[2:]:
                parameters[k + s] = np.zeros((n, 1))
    return parameters
''')
correct("initialize_bnorm_params", "zeros_like_state", "state as np.zeros_like of the drawn parameters, flags read as booleans", '''
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    parameters["bnorm_list"] = bnorm_list
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        if bool(bnorm_list[l - 1]):
            rows = parameters["W" + s].shape[0]
            beta = np.random.randn(rows, 1)
            gamma = np.random.randn(rows, 1)
            parameters["bnorm_beta" + s], parameters["bnorm_gamma" + s] = beta, gamma
            if apply_momentum:
                parameters["Vbnorm_beta" + s] = np.zeros_like(beta)
                parameters["Gbnorm_beta" + s] = np.zeros_like(beta)
                parameters["Vbnorm_gamma" + s] = np.zeros_like(gamma)
                parameters["Gbnorm_gamma" + s] = np.zeros_like(gamma)
        else:
            empty = np.array([])
            for k in ("bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"):
                parameters[k + s] = empty.copy()
    return parameters
''')

# =============================================================================
# linear_forward
# =============================================================================
wrong("linear_forward", "elementwise_product", "W * A_prev (element-wise) instead of the matrix product", '''
def linear_forward(A_prev, W, b):
    Z = W * A_prev + b
    cache = {"A": A_prev}
    return Z, cache
''')
wrong("linear_forward", "flattened_bias", "adds b.ravel() (shape (n,)), which broadcasts along the samples", '''
def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b.ravel()
    cache = {"A": A_prev}
    return Z, cache
''')
wrong("linear_forward", "W_transposed", "W.T @ A_prev instead of W @ A_prev", '''
def linear_forward(A_prev, W, b):
    Z = W.T @ A_prev + b
    cache = {"A": A_prev}
    return Z, cache
''')
wrong("linear_forward", "no_bias", "forgets the bias", '''
def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev)
    cache = {"A": A_prev}
    return Z, cache
''')
wrong("linear_forward", "bias_subtracted", "subtracts the bias", '''
def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) - b
    cache = {"A": A_prev}
    return Z, cache
''')
wrong("linear_forward", "cache_key_A_prev", "caches under the key 'A_prev' instead of 'A'", '''
def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    cache = {"A_prev": A_prev}
    return Z, cache
''')
wrong("linear_forward", "caches_output", "caches Z instead of the input A_prev", '''
def linear_forward(A_prev, W, b):
    Z = np.dot(W, A_prev) + b
    cache = {"A": Z}
    return Z, cache
''')

correct("linear_forward", "matmul", "np.matmul and np.add", '''
def linear_forward(A_prev, W, b):
    Z = np.add(np.matmul(W, A_prev), b)
    return Z, {"A": A_prev}
''')
correct("linear_forward", "einsum", "np.einsum('ij,jk->ik')", '''
def linear_forward(A_prev, W, b):
    Z = np.einsum("ij,jk->ik", W, A_prev) + b
    cache = {"A": A_prev}
    return Z, cache
''')
correct("linear_forward", "transposed_product", "(A_prev.T @ W.T).T + b", '''
def linear_forward(A_prev, W, b):
    Z = (A_prev.T @ W.T).T + b
    cache = dict(A=A_prev)
    return Z, cache
''')

# =============================================================================
# layer_forward
# =============================================================================
wrong("layer_forward", "batchnorm_before_activation", "applies batchnorm before the activation", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    Z, bnorm_cache = batchnorm(Z, bnorm_beta, bnorm_gamma)
    if activation == "relu":
        A, act_cache = relu(Z)
    else:
        A, act_cache = linear(Z)
    A, drop_cache = dropout(A, drop_prob, mode)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache, "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache
''')
wrong("layer_forward", "dropout_before_batchnorm", "applies dropout before batchnorm", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, act_cache = relu(Z)
    else:
        A, act_cache = linear(Z)
    A, drop_cache = dropout(A, drop_prob, mode)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache, "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache
''')
wrong("layer_forward", "always_relu", "always applies relu, ignoring activation='linear'", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    A, act_cache = relu(Z)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob, mode)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache, "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache
''')
wrong("layer_forward", "mode_not_passed", "calls dropout without the mode (always the default 'train')", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, act_cache = relu(Z)
    else:
        A, act_cache = linear(Z)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache, "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache
''')
wrong("layer_forward", "caches_swapped", "stores the batchnorm cache under 'act_cache' and the activation cache under 'bnorm_cache'", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, act_cache = relu(Z)
    else:
        A, act_cache = linear(Z)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob, mode)
    cache = {"lin_cache": lin_cache, "act_cache": bnorm_cache, "bnorm_cache": act_cache, "drop_cache": drop_cache}
    return A, cache
''')
wrong("layer_forward", "keep_prob_passed", "passes the keep probability 1 - drop_prob to dropout", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, act_cache = relu(Z)
    else:
        A, act_cache = linear(Z)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, 1 - drop_prob if drop_prob else 0, mode)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache, "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    return A, cache
''')
correct("layer_forward", "dispatch_dict", "a dict mapping activation names to functions", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    activations = {"relu": relu, "linear": linear}
    if activation not in activations:
        raise ValueError("unknown activation " + str(activation))
    cache = {}
    Z, cache["lin_cache"] = linear_forward(A_prev, W, b)
    A, cache["act_cache"] = activations[activation](Z)
    A, cache["bnorm_cache"] = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, cache["drop_cache"] = dropout(A, drop_prob, mode=mode)
    return A, cache
''')
correct("layer_forward", "explicit_names", "one named intermediate per step and dict(...)", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "linear":
        A_act, act_cache = linear(Z)
    elif activation == "relu":
        A_act, act_cache = relu(Z)
    else:
        raise ValueError(activation)
    A_bn, bnorm_cache = batchnorm(A_act, bnorm_beta, bnorm_gamma)
    A_out, drop_cache = dropout(A_bn, drop_prob, mode)
    return A_out, dict(lin_cache=lin_cache, act_cache=act_cache, bnorm_cache=bnorm_cache, drop_cache=drop_cache)
''')
correct("layer_forward", "globals_lookup", "looks the activation function up by name in globals()", '''
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    Z, lin_cache = linear_forward(A_prev, W, b)
    A, act_cache = globals()[activation](Z)
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob, mode)
    return A, {"lin_cache": lin_cache, "act_cache": act_cache, "bnorm_cache": bnorm_cache,
               "drop_cache": drop_cache}
''')

# =============================================================================
# multi_layer_forward
# =============================================================================
wrong("multi_layer_forward", "skips_last_layer", "loops over range(1, L): the last layer is never applied", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s], parameters["act" + s],
                                 parameters["dropout" + s], parameters["bnorm_beta" + s],
                                 parameters["bnorm_gamma" + s], mode)
        caches.append(cache)
    return A, caches
''')
wrong("multi_layer_forward", "mode_hardcoded_train", "passes 'train' to every layer whatever the mode", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s], parameters["act" + s],
                                 parameters["dropout" + s], parameters["bnorm_beta" + s],
                                 parameters["bnorm_gamma" + s], "train")
        caches.append(cache)
    return A, caches
''')
wrong("multi_layer_forward", "input_to_every_layer", "feeds A0 to every layer instead of the previous layer's output", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        AL, cache = layer_forward(A0, parameters["W" + s], parameters["b" + s], parameters["act" + s],
                                  parameters["dropout" + s], parameters["bnorm_beta" + s],
                                  parameters["bnorm_gamma" + s], mode)
        caches.append(cache)
    return AL, caches
''')
wrong("multi_layer_forward", "caches_reversed", "inserts each cache at the front (caches come out last layer first)", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s], parameters["act" + s],
                                 parameters["dropout" + s], parameters["bnorm_beta" + s],
                                 parameters["bnorm_gamma" + s], mode)
        caches.insert(0, cache)
    return A, caches
''')
wrong("multi_layer_forward", "ignores_dropout", "passes drop_prob 0 to every layer", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s], parameters["act" + s], 0,
                                 parameters["bnorm_beta" + s], parameters["bnorm_gamma" + s], mode)
        caches.append(cache)
    return A, caches
''')
wrong("multi_layer_forward", "ignores_batchnorm", "passes empty beta/gamma to every layer (batchnorm never applied)", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s], parameters["act" + s],
                                 parameters["dropout" + s], np.asarray([]), np.asarray([]), mode)
        caches.append(cache)
    return A, caches
''')
wrong("multi_layer_forward", "relu_everywhere", "uses relu in every layer, ignoring act{l}", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s], "relu",
                                 parameters["dropout" + s], parameters["bnorm_beta" + s],
                                 parameters["bnorm_gamma" + s], mode)
        caches.append(cache)
    return A, caches
''')

correct("multi_layer_forward", "while_loop", "a while loop over the layers", '''
def multi_layer_forward(A0, parameters, mode):
    caches = []
    A = A0
    l = 1
    while l <= parameters["numLayers"]:
        A, cache = layer_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], parameters[f"act{l}"],
                                 parameters[f"dropout{l}"], parameters[f"bnorm_beta{l}"],
                                 parameters[f"bnorm_gamma{l}"], mode)
        caches.append(cache)
        l += 1
    return A, caches
''')
correct("multi_layer_forward", "key_list", "builds each layer's arguments from a list of key prefixes", '''
def multi_layer_forward(A0, parameters, mode):
    prefixes = ["W", "b", "act", "dropout", "bnorm_beta", "bnorm_gamma"]
    A, caches = A0, []
    for l in range(1, parameters["numLayers"] + 1):
        args = [parameters[p + str(l)] for p in prefixes]
        A, cache = layer_forward(A, *args, mode)
        caches.append(cache)
    return A, caches
''')
correct("multi_layer_forward", "preallocated_caches", "preallocates the list of caches and fills it by index", '''
def multi_layer_forward(A0, parameters, mode):
    L = parameters["numLayers"]
    caches = [None] * L
    A = A0
    for i in range(L):
        s = str(i + 1)
        A, caches[i] = layer_forward(A, parameters["W" + s], parameters["b" + s], parameters["act" + s],
                                     parameters["dropout" + s], parameters["bnorm_beta" + s],
                                     parameters["bnorm_gamma" + s], mode=mode)
    AL = A
    return AL, caches
''')

# =============================================================================
# linear_backward
# =============================================================================
wrong("linear_backward", "divides_by_m", "divides dW and db by m (the 1/m already lives in the softmax derivative)", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    m = A_prev.shape[1]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return dA_prev, dW, db
''')
wrong("linear_backward", "flat_db", "db of shape (n,) (no keepdims)", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1)
    return dA_prev, dW, db
''')
wrong("linear_backward", "dW_transposed", "A_prev @ dZ.T (the transpose of dW)", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(A_prev, dZ.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    return dA_prev, dW, db
''')
wrong("linear_backward", "db_over_features", "sums dZ over the units (axis 0) instead of over the samples", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=0, keepdims=True)
    return dA_prev, dW, db
''')
wrong("linear_backward", "db_mean", "db as the mean of dZ over the samples instead of the sum", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T)
    db = np.mean(dZ, axis=1, keepdims=True)
    return dA_prev, dW, db
''')
wrong("linear_backward", "dA_prev_times_A", "multiplies dA_prev by the cached activations", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ) * A_prev
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    return dA_prev, dW, db
''')
wrong("linear_backward", "returns_in_wrong_order", "returns (dW, db, dA_prev) instead of (dA_prev, dW, db)", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    return dW, db, dA_prev
''')

correct("linear_backward", "einsum", "every product written with np.einsum", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dA_prev = np.einsum("ji,jk->ik", W, dZ)
    dW = np.einsum("ik,jk->ij", dZ, A_prev)
    db = np.einsum("ik->i", dZ)[:, np.newaxis]
    return dA_prev, dW, db
''')
correct("linear_backward", "ones_column", "db = dZ @ ones((m, 1))", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    m = dZ.shape[1]
    dA_prev = W.T @ dZ
    dW = dZ @ A_prev.T
    db = dZ @ np.ones((m, 1))
    return dA_prev, dW, db
''')
correct("linear_backward", "reshape_db", "np.sum(dZ, axis=1).reshape(-1, 1), np.matmul", '''
def linear_backward(dZ, cache, W, b):
    A_prev = cache["A"]
    dW = np.matmul(dZ, A_prev.T)
    db = np.sum(dZ, axis=1).reshape(-1, 1)
    dA_prev = np.matmul(W.T, dZ)
    return dA_prev, dW, db
''')

# =============================================================================
# layer_backward
# =============================================================================
_LB_HEAD = "def layer_backward(dA, cache, W, b, activation):\n"

wrong("layer_backward", "batchnorm_before_dropout", "applies batchnorm_der before dropout_der (the order of the forward pass, not its reverse)", _LB_HEAD + '''
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    dA = dropout_der(dA, cache["drop_cache"])
    if activation == "relu":
        dZ = relu_der(dA, cache["act_cache"])
    else:
        dZ = linear_der(dA, cache["act_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma
''')
wrong("layer_backward", "skips_dropout_der", "forgets the dropout derivative", _LB_HEAD + '''
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    if activation == "relu":
        dZ = relu_der(dA, cache["act_cache"])
    else:
        dZ = linear_der(dA, cache["act_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma
''')
wrong("layer_backward", "skips_batchnorm_der", "forgets the batchnorm derivative (and returns no batchnorm gradients)", _LB_HEAD + '''
    dA = dropout_der(dA, cache["drop_cache"])
    if activation == "relu":
        dZ = relu_der(dA, cache["act_cache"])
    else:
        dZ = linear_der(dA, cache["act_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, [], []
''')
wrong("layer_backward", "always_relu_der", "always uses relu_der, also for linear layers", _LB_HEAD + '''
    dA = dropout_der(dA, cache["drop_cache"])
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    dZ = relu_der(dA, cache["act_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma
''')
wrong("layer_backward", "activation_gets_linear_cache", "passes the linear cache to the activation derivative", _LB_HEAD + '''
    dA = dropout_der(dA, cache["drop_cache"])
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    if activation == "relu":
        dZ = relu_der(dA, cache["lin_cache"])
    else:
        dZ = linear_der(dA, cache["lin_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma
''')
wrong("layer_backward", "activation_before_batchnorm_der", "applies the activation derivative before batchnorm_der", _LB_HEAD + '''
    dA = dropout_der(dA, cache["drop_cache"])
    if activation == "relu":
        dA = relu_der(dA, cache["act_cache"])
    else:
        dA = linear_der(dA, cache["act_cache"])
    dZ, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma
''')

correct("layer_backward", "dispatch_dict", "a dict mapping activation names to derivative functions", _LB_HEAD + '''
    derivatives = {"relu": relu_der, "linear": linear_der}
    grad = dropout_der(dA, cache["drop_cache"])
    grad, dbnorm_beta, dbnorm_gamma = batchnorm_der(grad, cache["bnorm_cache"])
    dZ = derivatives[activation](grad, cache["act_cache"])
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma
''')
correct("layer_backward", "named_steps", "one named gradient per step, linear case first", _LB_HEAD + '''
    dA_bn = dropout_der(dA, cache["drop_cache"])
    dA_act, dbeta, dgamma = batchnorm_der(dA_bn, cache["bnorm_cache"])
    if activation == "linear":
        dZ = linear_der(dA_act, cache["act_cache"])
    elif activation == "relu":
        dZ = relu_der(dA_act, cache["act_cache"])
    else:
        raise ValueError("activation must be 'relu' or 'linear'")
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    return dA_prev, dW, db, dbeta, dgamma
''')
correct("layer_backward", "globals_lookup", "looks the derivative up by name (activation + '_der') in globals()", _LB_HEAD + '''
    dA = dropout_der(dA, cache["drop_cache"])
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    dZ = globals()[activation + "_der"](dA, cache["act_cache"])
    return (*linear_backward(dZ, cache["lin_cache"], W, b), dbnorm_beta, dbnorm_gamma)
''')

# =============================================================================
# multi_layer_backward
# =============================================================================
wrong("multi_layer_backward", "forward_order", "goes through the layers from 1 up to L instead of from L down to 1", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in range(1, L + 1):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s], parameters["b" + s],
                                                   parameters["act" + s])
        gradients["dW" + s], gradients["db" + s] = dW, db
        gradients["dbnorm_beta" + s], gradients["dbnorm_gamma" + s] = dbeta, dgamma
    return gradients
''')
wrong("multi_layer_backward", "not_chained", "passes dAL to every layer instead of the gradient coming from the layer above", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = {}
    for l in reversed(range(1, L + 1)):
        s = str(l)
        _, dW, db, dbeta, dgamma = layer_backward(dAL, caches[l - 1], parameters["W" + s], parameters["b" + s],
                                                  parameters["act" + s])
        gradients["dW" + s], gradients["db" + s] = dW, db
        gradients["dbnorm_beta" + s], gradients["dbnorm_gamma" + s] = dbeta, dgamma
    return gradients
''')
wrong("multi_layer_backward", "cache_index_off_by_one", "uses caches[l] for layer l (the caches list starts at layer 1)", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in reversed(range(L)):
        s = str(l + 1)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s], parameters["b" + s],
                                                   parameters["act" + s])
        gradients["dW" + s], gradients["db" + s] = dW, db
        gradients["dbnorm_beta" + s], gradients["dbnorm_gamma" + s] = dbeta, dgamma
    return gradients
''')
wrong("multi_layer_backward", "zero_based_keys", "numbers the gradient keys from 0 (dW0 ...)", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in reversed(range(1, L + 1)):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s], parameters["b" + s],
                                                   parameters["act" + s])
        k = str(l - 1)
        gradients["dW" + k], gradients["db" + k] = dW, db
        gradients["dbnorm_beta" + k], gradients["dbnorm_gamma" + k] = dbeta, dgamma
    return gradients
''')
wrong("multi_layer_backward", "bnorm_keys_only_when_used", "leaves out dbnorm_beta/dbnorm_gamma for layers without batchnorm", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in reversed(range(1, L + 1)):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s], parameters["b" + s],
                                                   parameters["act" + s])
        gradients["dW" + s], gradients["db" + s] = dW, db
        if len(dbeta) > 0:
            gradients["dbnorm_beta" + s], gradients["dbnorm_gamma" + s] = dbeta, dgamma
    return gradients
''')
wrong("multi_layer_backward", "last_activation_everywhere", "uses the last layer's activation for every layer", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in reversed(range(1, L + 1)):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s], parameters["b" + s],
                                                   parameters["act" + str(L)])
        gradients["dW" + s], gradients["db" + s] = dW, db
        gradients["dbnorm_beta" + s], gradients["dbnorm_gamma" + s] = dbeta, dgamma
    return gradients
''')

correct("multi_layer_backward", "while_loop", "a while loop from L down to 1", '''
def multi_layer_backward(dAL, caches, parameters):
    gradients = {}
    l = parameters["numLayers"]
    dA = dAL
    while l >= 1:
        dA, gradients[f"dW{l}"], gradients[f"db{l}"], gradients[f"dbnorm_beta{l}"], gradients[f"dbnorm_gamma{l}"] = \\
            layer_backward(dA, caches[l - 1], parameters[f"W{l}"], parameters[f"b{l}"], parameters[f"act{l}"])
        l -= 1
    return gradients
''')
correct("multi_layer_backward", "reversed_enumerate", "iterates over reversed(list(enumerate(caches, start=1)))", '''
def multi_layer_backward(dAL, caches, parameters):
    gradients = {}
    dA = dAL
    for l, cache in reversed(list(enumerate(caches, start=1))):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, cache, parameters["W" + s], parameters["b" + s],
                                                   parameters["act" + s])
        gradients.update({"dW" + s: dW, "db" + s: db, "dbnorm_beta" + s: dbeta, "dbnorm_gamma" + s: dgamma})
    return gradients
''')
correct("multi_layer_backward", "range_down", "range(L, 0, -1) with names zipped into the dict", '''
def multi_layer_backward(dAL, caches, parameters):
    L = len(caches)
    gradients = dict()
    dA_prev = dAL
    for l in range(L, 0, -1):
        outputs = layer_backward(dA_prev, caches[l - 1], parameters["W%d" % l], parameters["b%d" % l],
                                 parameters["act%d" % l])
        dA_prev = outputs[0]
        for name, value in zip(("dW", "db", "dbnorm_beta", "dbnorm_gamma"), outputs[1:]):
            gradients[name + str(l)] = value
    return gradients
''')

# =============================================================================
# update_parameters_with_momentum_Adam
# =============================================================================
_UP_HEAD = "def update_parameters_with_momentum_Adam(parameters, gradients, alpha, beta=0.9, beta2=0.99, eps=1e-8):\n"
_UP_ITEMS = '''
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        items = [("W" + s, "dW" + s, "VdW" + s, "GdW" + s), ("b" + s, "db" + s, "Vdb" + s, "Gdb" + s)]
        if parameters["bnorm_list"][l - 1]:
            items += [("bnorm_beta" + s, "dbnorm_beta" + s, "Vbnorm_beta" + s, "Gbnorm_beta" + s),
                      ("bnorm_gamma" + s, "dbnorm_gamma" + s, "Vbnorm_gamma" + s, "Gbnorm_gamma" + s)]
        for p, d, v, sq in items:
            g = gradients[d]
'''

wrong("update_parameters_with_momentum_Adam", "epsilon_outside_sqrt", "theta -= alpha * V / (sqrt(G) + eps): epsilon outside the square root", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[v] = beta * parameters[v] + (1 - beta) * g
                parameters[sq] = beta2 * parameters[sq] + (1 - beta2) * g ** 2
                parameters[p] = parameters[p] - alpha * parameters[v] / (np.sqrt(parameters[sq]) + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "bias_correction", "adds Adam's bias correction (t = 1), which the spec does not have", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[v] = beta * parameters[v] + (1 - beta) * g
                parameters[sq] = beta2 * parameters[sq] + (1 - beta2) * g ** 2
                v_hat = parameters[v] / (1 - beta)
                sq_hat = parameters[sq] / (1 - beta2)
                parameters[p] = parameters[p] - alpha * v_hat / np.sqrt(sq_hat + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "state_not_stored", "computes the new V and G in local variables but never stores them", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                V = beta * parameters[v] + (1 - beta) * g
                G = beta2 * parameters[sq] + (1 - beta2) * g ** 2
                parameters[p] = parameters[p] - alpha * V / np.sqrt(G + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "batchnorm_not_updated", "updates W and b only; bnorm_beta and bnorm_gamma never change", _UP_HEAD + '''
    for l in range(1, parameters["numLayers"] + 1):
        for t in ("W", "b"):
            p, g = t + str(l), gradients["d" + t + str(l)]
            v, sq = "Vd" + t + str(l), "Gd" + t + str(l)
            if parameters["apply_momentum"]:
                parameters[v] = beta * parameters[v] + (1 - beta) * g
                parameters[sq] = beta2 * parameters[sq] + (1 - beta2) * g ** 2
                parameters[p] = parameters[p] - alpha * parameters[v] / np.sqrt(parameters[sq] + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "old_state_used", "updates theta with the old V and G, before updating them", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[p] = parameters[p] - alpha * parameters[v] / np.sqrt(parameters[sq] + eps)
                parameters[v] = beta * parameters[v] + (1 - beta) * g
                parameters[sq] = beta2 * parameters[sq] + (1 - beta2) * g ** 2
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "always_adam", "ignores apply_momentum and always does the Adam step", _UP_HEAD + _UP_ITEMS + '''
            V = beta * parameters.get(v, 0) + (1 - beta) * g
            G = beta2 * parameters.get(sq, 0) + (1 - beta2) * g ** 2
            parameters[v], parameters[sq] = V, G
            parameters[p] = parameters[p] - alpha * V / np.sqrt(G + eps)
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "betas_swapped", "uses beta2 for the velocity and beta for the squared gradients", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[v] = beta2 * parameters[v] + (1 - beta2) * g
                parameters[sq] = beta * parameters[sq] + (1 - beta) * g ** 2
                parameters[p] = parameters[p] - alpha * parameters[v] / np.sqrt(parameters[sq] + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "no_one_minus_beta", "V = beta * V + g (the factor 1 - beta missing)", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[v] = beta * parameters[v] + g
                parameters[sq] = beta2 * parameters[sq] + (1 - beta2) * g ** 2
                parameters[p] = parameters[p] - alpha * parameters[v] / np.sqrt(parameters[sq] + eps)
            else:
                parameters[p] = parameters[p] - alpha * g
    return parameters
''')
wrong("update_parameters_with_momentum_Adam", "gradient_ascent", "adds the step instead of subtracting it", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[v] = beta * parameters[v] + (1 - beta) * g
                parameters[sq] = beta2 * parameters[sq] + (1 - beta2) * g ** 2
                parameters[p] = parameters[p] + alpha * parameters[v] / np.sqrt(parameters[sq] + eps)
            else:
                parameters[p] = parameters[p] + alpha * g
    return parameters
''')

correct("update_parameters_with_momentum_Adam", "in_place_arrays", "updates the arrays of the dict in place (*=, +=, -=)", _UP_HEAD + _UP_ITEMS + '''
            if parameters["apply_momentum"]:
                parameters[v] *= beta
                parameters[v] += (1 - beta) * g
                parameters[sq] *= beta2
                parameters[sq] += (1 - beta2) * np.square(g)
                parameters[p] -= alpha * parameters[v] / np.sqrt(parameters[sq] + eps)
            else:
                parameters[p] -= alpha * g
    return parameters
''')
correct("update_parameters_with_momentum_Adam", "helper_function", "a nested helper that performs one step for one array", _UP_HEAD + '''
    def step(theta, g, V, G):
        V = beta * V + (1 - beta) * g
        G = beta2 * G + (1 - beta2) * (g * g)
        return theta - alpha * (V / (G + eps) ** 0.5), V, G

    momentum = parameters["apply_momentum"]
    for l in range(1, parameters["numLayers"] + 1):
        names = ["W", "b"] + (["bnorm_beta", "bnorm_gamma"] if parameters["bnorm_list"][l - 1] else [])
        for name in names:
            key = f"{name}{l}"
            g = gradients[f"d{name}{l}"]
            vkey = f"Vd{key}" if name in ("W", "b") else f"V{key}"
            gkey = f"Gd{key}" if name in ("W", "b") else f"G{key}"
            if momentum:
                parameters[key], parameters[vkey], parameters[gkey] = step(parameters[key], g, parameters[vkey],
                                                                           parameters[gkey])
            else:
                parameters[key] = parameters[key] - alpha * g
    return parameters
''')
correct("update_parameters_with_momentum_Adam", "driven_by_gradients", "loops over the gradients dict and skips the empty batchnorm gradients", _UP_HEAD + '''
    for gkey, g in gradients.items():
        if np.size(g) == 0:
            continue
        name = gkey[1:]                       # "dW1" -> "W1", "dbnorm_beta2" -> "bnorm_beta2"
        if name.startswith("bnorm"):
            layer = int(name.rsplit("_", 1)[1].lstrip("betagm"))
            if not parameters["bnorm_list"][layer - 1]:
                continue
            vkey, skey = "V" + name, "G" + name
        else:
            vkey, skey = "V" + gkey, "G" + gkey
        if parameters["apply_momentum"]:
            parameters[vkey] = beta * parameters[vkey] + (1 - beta) * g
            parameters[skey] = beta2 * parameters[skey] + (1 - beta2) * g ** 2
            parameters[name] = parameters[name] - alpha * parameters[vkey] / np.sqrt(parameters[skey] + eps)
        else:
            parameters[name] = parameters[name] - alpha * g
    return parameters
''')

# =============================================================================
# multi_layer_network
# =============================================================================
_MLN_HEAD = ("def multi_layer_network(X, Y, net_dims, act_list, drop_prob_list, bnorm_list, num_epochs=3,\n"
             "                        batch_size=64, learning_rate=0.2, decay_rate=0.01, apply_momentum=True,\n"
             "                        log=True, log_step=200):\n")
_MLN_INIT = '''
    m = X.shape[1]
    parameters = initialize_network(net_dims, act_list, drop_prob_list)
    parameters = initialize_velocity(parameters, apply_momentum)
    parameters = initialize_bnorm_params(parameters, bnorm_list, apply_momentum)
    costs = []
    itr = 0
'''
_MLN_STEP = '''
            AL, caches = multi_layer_forward(X_batch, parameters, 'train')
            _, soft_cache, cost = softmax_cross_entropy_loss(AL, Y_batch)
            dZ = softmax_cross_entropy_loss_der(Y_batch, soft_cache)
            gradients = multi_layer_backward(dZ, caches, parameters)
            parameters = update_parameters_with_momentum_Adam(parameters, gradients, alpha)
'''
_MLN_LOG = '''
            if itr % log_step == 0:
                costs.append(cost)
                if log:
                    print("Cost at iteration", itr, ":", cost)
            itr += 1
    return costs, parameters
'''

wrong("multi_layer_network", "decay_per_iteration", "decays the learning rate with the iteration counter instead of the epoch", _MLN_HEAD + _MLN_INIT + '''
    for epoch in range(num_epochs):
        for ii in range((m - 1) // batch_size + 1):
            alpha = learning_rate * (1 / (1 + decay_rate * itr))
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]''' + _MLN_STEP + _MLN_LOG)
wrong("multi_layer_network", "drops_last_partial_batch", "range(m // batch_size): the last, smaller minibatch is never used", _MLN_HEAD + _MLN_INIT + '''
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range(m // batch_size):
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]''' + _MLN_STEP + _MLN_LOG)
wrong("multi_layer_network", "shuffles_each_epoch", "shuffles the samples every epoch (the spec fixes the order and the draws)", _MLN_HEAD + _MLN_INIT + '''
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        order = np.random.permutation(m)
        X_shuf, Y_shuf = X[:, order], Y[:, order]
        for ii in range((m - 1) // batch_size + 1):
            X_batch = X_shuf[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y_shuf[:, ii * batch_size:(ii + 1) * batch_size]''' + _MLN_STEP + _MLN_LOG)
wrong("multi_layer_network", "counter_reset_each_epoch", "logs with the minibatch index of the epoch (the counter restarts every epoch)", _MLN_HEAD + _MLN_INIT + '''
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range((m - 1) // batch_size + 1):
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]''' + _MLN_STEP + '''
            if ii % log_step == 0:
                costs.append(cost)
                if log:
                    print("Cost at iteration", ii, ":", cost)
    return costs, parameters
''')
wrong("multi_layer_network", "trains_in_test_mode", "runs the forward pass in 'test' mode during training (no dropout)", _MLN_HEAD + _MLN_INIT + '''
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range((m - 1) // batch_size + 1):
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]
            AL, caches = multi_layer_forward(X_batch, parameters, 'test')
            _, soft_cache, cost = softmax_cross_entropy_loss(AL, Y_batch)
            dZ = softmax_cross_entropy_loss_der(Y_batch, soft_cache)
            gradients = multi_layer_backward(dZ, caches, parameters)
            parameters = update_parameters_with_momentum_Adam(parameters, gradients, alpha)''' + _MLN_LOG)
wrong("multi_layer_network", "momentum_always_on", "does not pass apply_momentum to the initialisers (momentum is always on)", _MLN_HEAD + '''
    m = X.shape[1]
    parameters = initialize_network(net_dims, act_list, drop_prob_list)
    parameters = initialize_velocity(parameters)
    parameters = initialize_bnorm_params(parameters, bnorm_list, True)
    costs = []
    itr = 0
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range((m - 1) // batch_size + 1):
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]''' + _MLN_STEP + _MLN_LOG)
correct("multi_layer_network", "start_indices", "minibatches from range(0, m, batch_size), alpha = lr / (1 + decay * epoch)", _MLN_HEAD + _MLN_INIT + '''
    for epoch in range(num_epochs):
        alpha = learning_rate / (1 + decay_rate * epoch)
        for start in range(0, m, batch_size):
            X_batch = X[:, start:start + batch_size]
            Y_batch = Y[:, start:start + batch_size]''' + _MLN_STEP + _MLN_LOG)
correct("multi_layer_network", "counter_from_indices", "the iteration number computed from the epoch and the minibatch index", _MLN_HEAD + '''
    X, Y = np.asarray(X), np.asarray(Y)
    parameters = initialize_network(net_dims, act_list, drop_prob_list)
    parameters = initialize_velocity(parameters, apply_momentum=apply_momentum)
    parameters = initialize_bnorm_params(parameters, bnorm_list, apply_momentum)
    m = X.shape[1]
    num_batches = int(np.ceil(m / batch_size))
    costs = []
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range(num_batches):
            itr = epoch * num_batches + ii
            cols = slice(ii * batch_size, min(m, (ii + 1) * batch_size))
            AL, caches = multi_layer_forward(X[:, cols], parameters, 'train')
            _, soft_cache, cost = softmax_cross_entropy_loss(AL, Y[:, cols])
            gradients = multi_layer_backward(softmax_cross_entropy_loss_der(Y[:, cols], soft_cache), caches,
                                             parameters)
            parameters = update_parameters_with_momentum_Adam(parameters, gradients, alpha)
            if itr % log_step == 0:
                costs.append(float(cost))
                if log:
                    print(f"iteration {itr}: cost {float(cost):.4f}")
    return costs, parameters
''')
correct("multi_layer_network", "while_over_batches", "a while loop over the minibatches, integer labels", _MLN_HEAD + '''
    Y = np.asarray(Y).astype(int)
    parameters = initialize_bnorm_params(initialize_velocity(initialize_network(net_dims, act_list, drop_prob_list),
                                                             apply_momentum), bnorm_list, apply_momentum)
    m = X.shape[1]
    costs, itr = [], 0
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        start = 0
        while start < m:
            X_batch, Y_batch = X[:, start:start + batch_size], Y[:, start:start + batch_size]
            start += batch_size''' + _MLN_STEP + _MLN_LOG)

# =============================================================================
# classify
# =============================================================================
wrong("classify", "forward_in_train_mode", "runs the forward pass in 'train' mode (dropout active while predicting)", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, 'train')
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=0).reshape(1, -1)
''')
wrong("classify", "argmax_over_samples", "argmax over axis 1 (the samples) instead of over the classes", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=1).reshape(1, -1)
''')
wrong("classify", "flat_predictions", "returns shape (m,) instead of (1, m)", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=0)
''')
wrong("classify", "max_probability", "returns the largest probability instead of its index", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.max(A, axis=0, keepdims=True)
''')
wrong("classify", "argmax_without_axis", "np.argmax without an axis (one index into the flattened array)", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A)
''')
wrong("classify", "column_vector", "returns shape (m, 1) instead of (1, m)", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=0).reshape(-1, 1)
''')
wrong("classify", "float_predictions", "returns the classes as floats", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=0).reshape(1, -1).astype(float)
''')

wrong("classify", "ignores_mode", "ignores its mode argument and always runs the forward pass in 'test' mode", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, 'test')
    A, _, _ = softmax_cross_entropy_loss(AL)
    return np.argmax(A, axis=0).reshape(1, -1)
''')

correct("classify", "argmax_of_logits", "argmax of the logits directly (softmax keeps the order)", '''
def classify(X, parameters, mode='test'):
    AL, _ = multi_layer_forward(X, parameters, mode)
    return np.argmax(AL, axis=0).reshape(1, -1)
''')
correct("classify", "argmax_keepdims", "np.argmax(A, axis=0, keepdims=True)", '''
def classify(X, parameters, mode='test'):
    AL, caches = multi_layer_forward(X, parameters, mode=mode)
    A, cache, loss = softmax_cross_entropy_loss(AL)
    YPred = np.argmax(A, axis=0, keepdims=True)
    return YPred
''')
correct("classify", "expand_dims_int64", "np.expand_dims(..., 0) as int64", '''
def classify(X, parameters, mode='test'):
    probabilities = softmax_cross_entropy_loss(multi_layer_forward(X, parameters, mode)[0])[0]
    return np.expand_dims(probabilities.argmax(axis=0), axis=0).astype(np.int64)
''')
