# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   language_info:
#     name: python
# ---

# %% [markdown]
# Before you turn this problem in, make sure everything runs as expected. First,
# **restart the kernel** (in the menubar, select Kernel → Restart) and then **run
# all cells** (in the menubar, select Cell → Run All, or Kernel → Restart & Run
# All).
#
# Make sure you fill in any place that says `YOUR CODE HERE`, as well as your
# name and collaborators below:

# %%
NAME = ""
COLLABORATORS = ""

# %% [markdown]
# ---

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_intro", "locked": true, "schema_version": 3, "solution": false}
# # Regularisation and optimisation of a deep MLP on MNIST
#
# In this assignment you build, **with numpy only**, the pieces of a deep fully
# connected network (multi-layer perceptron) and train it to classify
# handwritten digits from MNIST. On top of the plain network you implement three
# techniques that make deep networks train well:
#
# * **inverted dropout** (regularisation),
# * **batch normalisation** (faster, more stable training),
# * a **momentum + RMS ("momentum Adam") optimiser** with learning-rate decay.
#
# At the end you train a network `[784, 100, 100, 10]` for 3 epochs and reach
# **at least 95% accuracy** on both the training and the test set.
#
# ### How grading works
#
# * Each function you write lives in a cell that says `# YOUR CODE HERE`.
#   Replace `raise NotImplementedError()` with your implementation. Keep the
#   function's name and signature exactly as given: the tests call them by name.
# * After each of these cells comes a **test cell**. It runs a small worked
#   example whose expected numbers you can read, and then **hidden tests** that
#   run when your notebook is graded (fresh random inputs of several shapes, edge
#   cases, and whether seeded random draws match). The visible examples passing
#   is a good sign, not a guarantee.
# * **Do not modify, delete or copy the test cells** (or any read-only cell);
#   add new cells if you want to experiment.
# * The notebook is graded by running it **from top to bottom** in a fresh
#   kernel. Before submitting, use **Kernel → Restart & Run All** and check that
#   every cell runs without errors. Do not call `np.random.seed` inside your
#   functions: the tests seed the random generator themselves.
# * Points: 100 in total, shown in each test cell's header.
#
# ### Conventions used throughout
#
# * Data matrices are **(features, samples)**: `X` has shape $(n, m)$, one column
#   per sample.
# * Labels `Y` are a $(1, m)$ array of class indices. They may arrive as floats
#   (`[[1., 0., 2.]]`); use them as integers.
# * All the state of the network lives in **one dict**, `parameters`, with
#   string keys such as `"W1"`, `"b1"`, `"act1"`, `"dropout1"`, `"numLayers"`.
#   Layers are numbered from 1.
# * Randomness comes from numpy's global generator (`np.random.rand`,
#   `np.random.randn`), in exactly the order described in each section, so that
#   seeded examples reproduce.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false}
import numpy as np
import matplotlib.pyplot as plt

from course_lib import get_mnist
from course_lib.plotting import show_digits, plot_costs

# %matplotlib inline

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_data", "locked": true, "schema_version": 3, "solution": false}
# ## 1. The data: MNIST
#
# MNIST holds 70,000 grey-scale images of handwritten digits, 28 × 28 pixels:
# 60,000 for training and 10,000 for testing. The course library loads them
# already prepared for this assignment:
#
# * images are flattened to vectors of $28 \cdot 28 = 784$ pixels and stored as
#   **columns**: `train_X` has shape `(784, 60000)`;
# * pixel values are scaled from $0..255$ to $[-1, 1]$;
# * labels are a row vector: `train_Y` has shape `(1, 60000)` with integers
#   $0..9$.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "data_load", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
mnist = get_mnist()
train_X, train_Y, test_X, test_Y = mnist
print(f"MNIST variant: {mnist.variant}  (source: {mnist.source})")
print(f"train_X {train_X.shape}, train_Y {train_Y.shape}")
print(f"test_X  {test_X.shape}, test_Y  {test_Y.shape}")
print(f"pixel values in [{train_X.min():.1f}, {train_X.max():.1f}]")
print("labels:", np.unique(train_Y))

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "data_show", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
# The first 100 training digits with their labels.
fig = show_digits(train_X[:, :100], train_Y[:, :100], n_rows=10, n_cols=10, title="MNIST training digits")


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_activations", "locked": true, "schema_version": 3, "solution": false}
# ## 2. Activation functions
#
# Every function that takes part in forward propagation returns its output
# **and a cache**: whatever the matching backward function needs later. The
# backward function receives the gradient of the loss with respect to the output
# (`dA`) and the cache, and returns the gradient with respect to the input
# (`dZ`).
#
# ### ReLU
#
# $$A = \mathrm{relu}(Z) = \max(0, Z) \qquad\text{(element-wise)}$$
#
# Its derivative is $1$ where $Z > 0$ and $0$ elsewhere (we use $0$ at exactly
# $Z = 0$), so by the chain rule
#
# $$dZ = dA \odot \mathbb{1}[Z > 0].$$
#
# * `relu(Z)` returns `A` and `cache = {"Z": Z}` (the input object itself). It
#   must also accept a plain Python list.
# * `relu_der(dA, cache)` returns `dZ`, same shape as `dA`. Vectorise (no Python
#   loops over entries) and **do not modify `dA`** in place.
#
# The linear (identity) activation, used by the last layer, is given below.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_linear", "locked": true, "schema_version": 3, "solution": false}
def linear(Z):
    """Linear (identity) activation.

    Input:  Z, numpy array of any shape.
    Output: A = Z, and cache = {"Z": Z}.
    """
    A = Z
    cache = {"Z": Z}
    return A, cache


def linear_der(dA, cache):
    """Derivative of the linear activation: dZ is a copy of dA."""
    dZ = np.array(dA, copy=True)
    return dZ


# %% nbgrader={"grade": false, "grade_id": "relu", "locked": false, "schema_version": 3, "solution": true}
def relu(Z):
    """ReLU activation, element-wise max(0, Z).

    Input:
        Z: numpy array (any shape) or a nested Python list.
    Returns:
        A: numpy array, same shape as Z, A = max(0, Z).
        cache: dict {"Z": Z} holding the input itself, for relu_der.
    """
    ### BEGIN SOLUTION
    A = np.maximum(0, Z)
    cache = {"Z": Z}
    ### END SOLUTION
    return A, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_relu", "locked": true, "points": 2, "schema_version": 3, "solution": false}
# Checks relu: the element-wise max(0, Z), its cache, and that a plain Python list is accepted.
Z = np.array([[-1.5, 0.0, 2.0],
              [3.0, -0.5, 0.25]])
A, cache = relu(Z)
# reference value: A
expected_A = np.array([[0.0, 0.0, 2.0],
                       [3.0, 0.0, 0.25]])
assert np.shape(A) == (2, 3), f"relu should return A with the same shape as Z, (2, 3); got {np.shape(A)}."
np.testing.assert_allclose(A, expected_A, rtol=1e-6, atol=1e-10,
                           err_msg="relu should set negative entries (and exact zeros) to 0 and keep "
                                   "positive entries unchanged; check the comparison.")
assert isinstance(cache, dict) and "Z" in cache, "relu's cache should be a dict with the key 'Z'."
assert cache["Z"] is Z, "cache['Z'] should be the input Z itself (not the output A or a modified copy)."

try:
    A_list, _ = relu([[-1.0, 2.0], [0.5, -3.0]])
except Exception as exc:
    raise AssertionError(f"relu should also accept a plain Python list, but relu([[-1.0, 2.0], [0.5, -3.0]]) "
                         f"raised {type(exc).__name__}: {exc}. Convert the input with np.asarray(Z) first "
                         f"(np.maximum also handles lists).") from exc
# reference value: A_list
expected_A_list = np.array([[0.0, 2.0],
                            [0.5, 0.0]])
np.testing.assert_allclose(A_list, expected_A_list, rtol=1e-6, atol=1e-10,
                           err_msg="relu should also accept a plain Python list; np.maximum handles "
                                   "lists, or convert the input with np.asarray.")
print("relu: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("relu", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "relu_der", "locked": false, "schema_version": 3, "solution": true}
def relu_der(dA, cache):
    """Backward pass of ReLU.

    Inputs:
        dA: numpy array, gradient of the loss with respect to relu's output A.
        cache: dict {"Z": Z} returned by relu (Z has the same shape as dA).
    Returns:
        dZ: numpy array, same shape as dA: dA where Z > 0 (strictly), 0 elsewhere.
            dA itself is not modified.
    """
    ### BEGIN SOLUTION
    Z = np.asarray(cache["Z"])
    dZ = np.where(Z > 0, dA, 0.0)
    ### END SOLUTION
    return dZ


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_relu_der", "locked": true, "points": 2, "schema_version": 3, "solution": false}
# Checks relu_der: the gradient passes where Z > 0 (strictly) and is 0 elsewhere; dA is not modified.
dA = np.array([[1.0, -2.0, 3.0],
               [4.0, 5.0, -6.0]])
cache = {"Z": np.array([[-1.0, 0.0, 2.0],
                        [3.0, -0.5, 0.25]])}
dA_before = dA.copy()
dZ = relu_der(dA, cache)
# reference value: dZ
expected_dZ = np.array([[0.0, 0.0, 3.0],
                        [4.0, 0.0, -6.0]])
assert np.shape(dZ) == (2, 3), f"relu_der should return dZ with the shape of dA, (2, 3); got {np.shape(dZ)}."
np.testing.assert_allclose(dZ, expected_dZ, rtol=1e-6, atol=1e-10,
                           err_msg="relu_der should keep dA where Z > 0 and give 0 where Z <= 0 "
                                   "(including Z == 0 exactly); check which array you compare and the "
                                   "strictness of the comparison.")
assert np.array_equal(dA, dA_before), ("relu_der must not modify dA in place; build a new array "
                                       "(e.g. a copy) instead.")
print("relu_der: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("relu_der", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_softmax", "locked": true, "schema_version": 3, "solution": false}
# ## 3. Softmax and the cross-entropy loss
#
# The last layer produces one score (logit) per class and sample, $Z$ of shape
# $(n, m)$ with $n = 10$ classes. Softmax turns each **column** into a
# probability distribution:
#
# $$A_{kj} = \frac{e^{Z_{kj}}}{\sum_{i=1}^{n} e^{Z_{ij}}}
#         = \frac{e^{Z_{kj} - c_j}}{\sum_{i=1}^{n} e^{Z_{ij} - c_j}},
#   \qquad c_j = \max_i Z_{ij}.$$
#
# Both expressions are equal, but only the second is safe in floating point:
# $e^{1000}$ overflows, $e^{1000 - 1000}$ does not. **Subtract each column's
# maximum before exponentiating.**
#
# With labels $y_j \in \{0, \dots, n-1\}$, the average cross-entropy loss of the
# batch is
#
# $$\mathcal{L} = -\frac{1}{m}\sum_{j=1}^{m} \log A_{y_j,\, j}.$$
#
# (Computing $\log A_{y_j, j}$ as $(Z_{y_j j} - c_j) - \log\sum_i e^{Z_{ij}-c_j}$
# avoids taking the log of a probability that rounded to 0.)
#
# `softmax_cross_entropy_loss(Z, Y=np.array([]))` returns `(A, cache, loss)`
# with `cache = {"A": A}`. When `Y` is empty (`Y.size == 0`, used for
# prediction) there is no loss: return `loss = []`.
#
# The gradient of the loss with respect to the logits has a famously simple form,
#
# $$dZ = \frac{\partial \mathcal{L}}{\partial Z} = \frac{1}{m}\left(A - \bar{Y}\right),$$
#
# where $\bar{Y}$ is the one-hot encoding of the labels, shape $(n, m)$:
# $\bar{Y}_{kj} = 1$ if $k = y_j$, else $0$. **The factor $1/m$ lives here**:
# every gradient further back already includes it, so the backward functions of
# the layers do not divide by $m$ again.

# %% nbgrader={"grade": false, "grade_id": "softmax_cross_entropy_loss", "locked": false, "schema_version": 3, "solution": true}
def softmax_cross_entropy_loss(Z, Y=np.array([])):
    """Column-wise softmax of Z and the average cross-entropy loss.

    Inputs:
        Z: numpy array (n, m), logits: n classes x m samples.
        Y: numpy array (1, m) of class indices (may be floats), or empty
           (size 0) when no loss is wanted.
    Returns:
        A: numpy array (n, m), the softmax of each column of Z (computed stably).
        cache: dict {"A": A}.
        loss: float, -(1/m) * sum_j log A[Y[0, j], j]; the empty list [] when Y is empty.
    """
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=float)
    Y = np.asarray(Y)
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    with np.errstate(under="ignore"):   # exp of a very negative number is 0: correct, not an error
        expZ = np.exp(shifted)
    sums = np.sum(expZ, axis=0, keepdims=True)
    A = expZ / sums
    cache = {"A": A}
    if Y.size > 0:
        m = Z.shape[1]
        labels = Y.reshape(-1).astype(int)
        log_probs = shifted[labels, np.arange(m)] - np.log(sums[0])
        loss = -np.sum(log_probs) / m
    else:
        loss = []
    ### END SOLUTION
    return A, cache, loss


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_softmax_cross_entropy_loss", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks softmax_cross_entropy_loss: the column-wise softmax, its cache, the loss, large logits and the no-label case.
Z = np.array([[1.0, 2.0, -1.0, 0.5],
              [2.0, 0.0, 0.0, 0.5],
              [0.5, -1.0, 3.0, 0.5]])
Y = np.array([[1.0, 0.0, 2.0, 1.0]])   # labels may arrive as floats
try:
    A, cache, loss = softmax_cross_entropy_loss(Z, Y)
except IndexError as exc:
    raise AssertionError(f"softmax_cross_entropy_loss raised IndexError: {exc}. The labels here are floats "
                         f"({Y.tolist()}): convert them to integers (e.g. Y.astype(int)) before indexing "
                         f"A[label, sample] with them.") from exc
# reference value: A
expected_A = np.array([[0.231223897622, 0.843794734481, 0.0171478255455, 0.333333333333],
                       [0.628531719212, 0.114195199385, 0.046612622578, 0.333333333333],
                       [0.140244383166, 0.0420100661341, 0.936239551877, 0.333333333333]])
# reference value: loss
expected_loss = 0.449677749022
assert np.shape(A) == (3, 4), f"A should have the shape of Z, (3, 4); got {np.shape(A)}."
np.testing.assert_allclose(np.sum(A, axis=0), np.ones(4), rtol=1e-6, atol=1e-10,
                           err_msg="Each column of A should sum to 1: normalise over the classes "
                                   "(axis 0), not over the samples.")
np.testing.assert_allclose(A, expected_A, rtol=1e-6, atol=1e-10, err_msg="The softmax values A are not right.")
assert isinstance(cache, dict) and "A" in cache, "The cache should be a dict with the key 'A'."
np.testing.assert_allclose(cache["A"], expected_A, rtol=1e-6, atol=1e-10, err_msg="cache['A'] should hold the softmax output A.")
np.testing.assert_allclose(loss, expected_loss, rtol=1e-6, atol=1e-10,
                           err_msg="The loss should be the mean over the samples of -log A[label, sample]; "
                                   "check the indexing with the (integer) labels and the 1/m factor.")

# Large logits must not overflow.
Z_big = np.array([[1000.0, 1002.0],
                  [1001.0, 1000.0]])
A_big, _, loss_big = softmax_cross_entropy_loss(Z_big, np.array([[1, 0]]))
assert np.all(np.isfinite(A_big)), ("softmax produced inf/nan for logits around 1000: subtract each "
                                    "column's maximum before exponentiating.")
# reference value: A_big
expected_A_big = np.array([[0.26894142137, 0.880797077978],
                           [0.73105857863, 0.119202922022]])
# reference value: loss_big
expected_loss_big = 0.220094849281
np.testing.assert_allclose(A_big, expected_A_big, rtol=1e-6, atol=1e-10, err_msg="softmax of large logits is not right.")
np.testing.assert_allclose(loss_big, expected_loss_big, rtol=1e-6, atol=1e-10, err_msg="The loss for large logits is not right.")

# Without labels there is no loss.
A_nolabel, _, loss_nolabel = softmax_cross_entropy_loss(Z)
np.testing.assert_allclose(A_nolabel, expected_A, rtol=1e-6, atol=1e-10, err_msg="Without labels, A should still be the softmax of Z.")
assert np.size(loss_nolabel) == 0, f"Without labels (Y empty) the loss should be an empty list []; got {loss_nolabel!r}."
print("softmax_cross_entropy_loss: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("softmax_cross_entropy_loss", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "softmax_cross_entropy_loss_der", "locked": false, "schema_version": 3, "solution": true}
def softmax_cross_entropy_loss_der(Y, cache):
    """Gradient of the average cross-entropy loss with respect to the logits Z.

    Inputs:
        Y: numpy array (1, m) of class indices (may be floats).
        cache: dict {"A": A} from softmax_cross_entropy_loss, A of shape (n, m).
    Returns:
        dZ: numpy array (n, m), (A - onehot(Y)) / m.
    """
    ### BEGIN SOLUTION
    A = cache["A"]
    m = A.shape[1]
    labels = np.asarray(Y).reshape(-1).astype(int)
    dZ = np.array(A, dtype=float, copy=True)
    dZ[labels, np.arange(m)] -= 1.0
    with np.errstate(under="ignore"):   # tiny probabilities / m may round to 0
        dZ = dZ / m
    ### END SOLUTION
    return dZ


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_softmax_cross_entropy_loss_der", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks softmax_cross_entropy_loss_der: dZ = (A - onehot(Y)) / m, with labels given as floats.
A = np.array([[0.2, 0.5, 0.1],
              [0.3, 0.25, 0.6],
              [0.5, 0.25, 0.3]])
Y = np.array([[2.0, 0.0, 1.0]])
try:
    dZ = softmax_cross_entropy_loss_der(Y, {"A": A})
except IndexError as exc:
    raise AssertionError(f"softmax_cross_entropy_loss_der raised IndexError: {exc}. The labels here are floats "
                         f"({Y.tolist()}): convert them to integers (e.g. Y.astype(int)) before using them as "
                         f"indices.") from exc
# reference value: dZ
expected_dZ = np.array([[0.0666666666667, -0.166666666667, 0.0333333333333],
                        [0.1, 0.0833333333333, -0.133333333333],
                        [-0.166666666667, 0.0833333333333, 0.1]])
assert np.shape(dZ) == (3, 3), f"dZ should have the shape of A, (3, 3); got {np.shape(dZ)}."
np.testing.assert_allclose(dZ, expected_dZ, rtol=1e-6, atol=1e-10,
                           err_msg="dZ should be (A - onehot(Y)) / m: subtract 1 at [label, sample] for "
                                   "every sample (labels used as integers) and divide by the number of "
                                   "samples m.")
print("softmax_cross_entropy_loss_der: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("softmax_cross_entropy_loss_der", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_dropout", "locked": true, "schema_version": 3, "solution": false}
# ## 4. Dropout (inverted dropout)
#
# During training, dropout switches off each unit independently with probability
# `drop_prob`, which keeps units from co-adapting and acts as a regulariser.
# With **inverted** dropout the kept units are scaled up by $1/p_\text{keep}$
# during training, so that the expected activation is unchanged and **nothing
# needs to be done at test time**:
#
# $$p_\text{keep} = 1 - \text{drop\_prob},\qquad
#   M_{ij} = \frac{\mathbb{1}\left[U_{ij} < p_\text{keep}\right]}{p_\text{keep}},\qquad
#   A_\text{out} = M \odot A,$$
#
# where $U$ is drawn uniformly in $[0, 1)$ with **one** call
# `np.random.rand(A.shape[0], A.shape[1])` (this exact draw is graded: the
# seeded tests expect the same random numbers in the same order).
#
# `dropout(A, drop_prob, mode='train')` returns `(A_out, cache)` with
# `cache = (drop_prob, mode, mask)`:
#
# * `drop_prob == 0`: return `A` unchanged, `mask = None`, **no random draw**;
# * `mode == 'train'`: draw the mask as above and return `mask * A`;
# * `mode == 'test'`: return `A` unchanged, `mask = None`;
# * any other mode: raise a `ValueError` whose message names the bad mode.
#
# Backward, the gradient flows only through the kept units, with the same
# scaling: `dropout_der(dA_in, cache)` returns `mask * dA_in` in train mode and
# `dA_in` unchanged in test mode or when `drop_prob == 0` (other modes:
# `ValueError`).

# %% nbgrader={"grade": false, "grade_id": "dropout", "locked": false, "schema_version": 3, "solution": true}
def dropout(A, drop_prob, mode='train'):
    """Inverted dropout.

    Inputs:
        A: numpy array (n, m), activations.
        drop_prob: float in [0, 1), probability of dropping a unit.
        mode: 'train' or 'test'.
    Returns:
        A_out: numpy array (n, m): mask * A in train mode; A unchanged in test mode
               or when drop_prob == 0.
        cache: tuple (drop_prob, mode, mask); mask is the (n, m) array
               (U < prob_keep) / prob_keep with U = np.random.rand(n, m) drawn once
               in train mode, and None otherwise (no random draw).
    Raises:
        ValueError if mode is neither 'train' nor 'test' (and drop_prob != 0).
    """
    ### BEGIN SOLUTION
    mask = None
    if drop_prob == 0:
        A_out = A
    else:
        prob_keep = 1 - drop_prob
        if mode == 'train':
            mask = (np.random.rand(A.shape[0], A.shape[1]) < prob_keep) / prob_keep
            A_out = mask * A
        elif mode == 'test':
            A_out = A
        else:
            raise ValueError(f"dropout: mode must be 'train' or 'test', got {mode!r}")
    cache = (drop_prob, mode, mask)
    ### END SOLUTION
    return A_out, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_dropout", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks dropout: the seeded inverted-dropout mask in train mode, test mode, drop_prob = 0 (no random draw) and a bad mode.
A = np.arange(1.0, 13.0).reshape(3, 4)
np.random.seed(1)
A_out, cache = dropout(A, 0.4, mode='train')
# reference value: A_out
expected_A_out = np.array([[1.66666666667, 0.0, 5.0, 6.66666666667],
                           [8.33333333333, 10.0, 11.6666666667, 13.3333333333],
                           [15.0, 16.6666666667, 18.3333333333, 0.0]])
# reference value: cache[2]
expected_mask = np.array([[1.66666666667, 0.0, 1.66666666667, 1.66666666667],
                          [1.66666666667, 1.66666666667, 1.66666666667, 1.66666666667],
                          [1.66666666667, 1.66666666667, 1.66666666667, 0.0]])
assert np.shape(A_out) == (3, 4), f"A_out should have the shape of A, (3, 4); got {np.shape(A_out)}."
assert isinstance(cache, tuple) and len(cache) == 3, "The cache should be the tuple (drop_prob, mode, mask)."
assert cache[0] == 0.4 and cache[1] == 'train', "The cache should start with drop_prob and mode, as given."
assert cache[2] is not None and np.shape(cache[2]) == (3, 4), (
    f"In train mode the mask should be an array of the shape of A, (3, 4); got {np.shape(cache[2])}.")
np.testing.assert_allclose(cache[2], expected_mask, rtol=1e-6, atol=1e-10,
                           err_msg="The mask should be (np.random.rand(n, m) < prob_keep) / prob_keep with "
                                   "prob_keep = 1 - drop_prob, drawn with exactly one call: entries are 0 "
                                   "or 1/prob_keep.")
np.testing.assert_allclose(A_out, expected_A_out, rtol=1e-6, atol=1e-10,
                           err_msg="In train mode A_out should be mask * A (kept units scaled by 1/prob_keep).")

# Test mode: no change, no mask.
A_test, cache_test = dropout(A, 0.4, mode='test')
np.testing.assert_array_equal(A_test, A, err_msg="In test mode dropout should return A unchanged.")
assert cache_test[2] is None, "In test mode the mask in the cache should be None."

# drop_prob = 0: no change and no random draw.
np.random.seed(2)
A_zero, cache_zero = dropout(A, 0, mode='train')
next_draw = np.random.rand()
np.random.seed(2)
assert next_draw == np.random.rand(), "With drop_prob = 0, dropout should not draw any random numbers."
np.testing.assert_array_equal(A_zero, A, err_msg="With drop_prob = 0, dropout should return A unchanged.")
assert cache_zero[2] is None, "With drop_prob = 0 the mask in the cache should be None."

# Any other mode is an error.
try:
    dropout(A, 0.4, mode='validation')
except ValueError:
    pass
else:
    raise AssertionError("dropout should raise ValueError for a mode other than 'train' or 'test'.")
print("dropout: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("dropout", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "dropout_der", "locked": false, "schema_version": 3, "solution": true}
def dropout_der(dA_in, cache):
    """Backward pass of inverted dropout.

    Inputs:
        dA_in: numpy array (n, m), gradient with respect to dropout's output.
        cache: tuple (drop_prob, mode, mask) from dropout.
    Returns:
        dA_out: numpy array (n, m): mask * dA_in in train mode; dA_in unchanged in
                test mode or when drop_prob == 0.
    Raises:
        ValueError if mode is neither 'train' nor 'test' (and drop_prob != 0).
    """
    ### BEGIN SOLUTION
    drop_prob, mode, mask = cache
    if drop_prob == 0:
        dA_out = dA_in
    elif mode == 'train':
        dA_out = mask * dA_in
    elif mode == 'test':
        dA_out = dA_in
    else:
        raise ValueError(f"dropout_der: mode must be 'train' or 'test', got {mode!r}")
    ### END SOLUTION
    return dA_out


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_dropout_der", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks dropout_der: in train mode the gradient goes through the cached mask; in test mode or with drop_prob = 0 it passes unchanged.
np.random.seed(3)
mask = (np.random.rand(3, 4) < 0.6) / 0.6
dA = np.random.randn(3, 4)
dA_out = dropout_der(dA, (0.4, 'train', mask))
# reference value: dA_out
expected_dA_out = np.array([[-2.18977458894, 0.0, 1.46886340368, 2.84928843942],
                            [0.0, 0.0, -0.908933246033, -2.57746219264],
                            [1.6372790571, -1.83511271685, -1.97507754503, -0.342749832371]])
assert np.shape(dA_out) == (3, 4), f"dA_out should have the shape of dA_in, (3, 4); got {np.shape(dA_out)}."
np.testing.assert_allclose(dA_out, expected_dA_out, rtol=1e-6, atol=1e-10,
                           err_msg="In train mode dropout_der should multiply dA_in by the mask from the "
                                   "cache (the mask already holds the 1/prob_keep scaling; do not draw a "
                                   "new one).")
for cache_no_mask, when in [((0.4, 'test', None), "In test mode"), ((0, 'train', None), "With drop_prob = 0")]:
    try:
        dA_same = dropout_der(dA, cache_no_mask)
    except Exception as exc:
        raise AssertionError(f"{when} the cached mask is None and dropout_der should return dA_in unchanged "
                             f"without using it; with the cache {cache_no_mask} it raised "
                             f"{type(exc).__name__}: {exc}") from exc
    np.testing.assert_array_equal(dA_same, dA, err_msg=f"{when} dropout_der should return dA_in unchanged.")
try:
    dropout_der(dA, (0.4, 'validation', None))
except ValueError:
    pass
else:
    raise AssertionError("dropout_der should raise ValueError for a mode other than 'train' or 'test'.")
print("dropout_der: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("dropout_der", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_batchnorm", "locked": true, "schema_version": 3, "solution": false}
# ## 5. Batch normalisation
#
# Batch normalisation standardises every unit (row) over the samples of the
# current batch, then lets the network choose a new scale $\gamma$ and shift
# $\beta$ (both learned, shape $(n, 1)$). In this assignment it is applied
# **after the activation** of a layer. For a batch $A$ of shape $(n, m)$, per
# row:
#
# $$\mu = \frac{1}{m}\sum_{j=1}^m A_{:,j},\qquad
#   \sigma^2 = \frac{1}{m}\sum_{j=1}^m \left(A_{:,j}-\mu\right)^2,\qquad
#   \hat{A} = \frac{A-\mu}{\sqrt{\sigma^2+\epsilon}},\qquad
#   A_\text{norm} = \gamma \odot \hat{A} + \beta,$$
#
# with $\epsilon = 10^{-5}$ (fixed) and the **biased** variance (divide by $m$).
# The statistics are always those of the batch being processed, in training and
# at test time alike (there are no running averages here: we always evaluate on
# a minibatch or a whole data set).
#
# `batchnorm(A, beta, gamma)` returns `(Anorm, cache)`. If `beta` or `gamma` is
# empty (`size == 0`) the layer has no batch normalisation: return `A` and the
# empty dict `{}` as the cache. Otherwise, what you store in the cache is up to
# you (store what the backward pass needs).
#
# ### The backward pass
#
# Let $dY$ be the gradient with respect to $A_\text{norm}$. The parameters get
#
# $$d\beta = \sum_{j=1}^m dY_{:,j}, \qquad d\gamma = \sum_{j=1}^m \left(dY \odot \hat{A}\right)_{:,j}
#   \qquad\text{(both } (n, 1)\text{)}.$$
#
# For $dA$ remember that every sample influences $\mu$ and $\sigma^2$, so the
# chain rule has three paths. With $d\hat{A} = \gamma \odot dY$:
#
# $$d\sigma^2 = -\frac{1}{2}\,(\sigma^2+\epsilon)^{-3/2} \sum_j d\hat{A}_{:,j}\,(A_{:,j}-\mu), \qquad
#   d\mu = -\frac{1}{\sqrt{\sigma^2+\epsilon}}\sum_j d\hat{A}_{:,j}
#          - \frac{2}{m}\, d\sigma^2 \sum_j (A_{:,j}-\mu),$$
#
# $$dA = \frac{d\hat{A}}{\sqrt{\sigma^2+\epsilon}} + \frac{2}{m}\, d\sigma^2\,(A-\mu) + \frac{1}{m}\, d\mu.$$
#
# (The last term of $d\mu$ is zero, since the deviations from the mean sum to
# zero.) Work with whole arrays, summing over axis 1 with `keepdims=True`; no
# loops. `batchnorm_der(dA_in, cache)` returns `(dA_out, dbeta, dgamma)`; with
# an empty cache it returns `(dA_in, [], [])`.
#
# *Tip:* if your gradient is wrong, compare it with a numerical one: perturb
# one entry of $A$ by $\pm h$ and look at how $\sum dY \odot A_\text{norm}$
# changes.

# %% nbgrader={"grade": false, "grade_id": "batchnorm", "locked": false, "schema_version": 3, "solution": true}
def batchnorm(A, beta, gamma):
    """Batch normalisation of each row of A over the samples of the batch.

    Inputs:
        A: numpy array (n, m), activations of a layer for a batch of m samples.
        beta: numpy array (n, 1), shift; empty (size 0) when the layer has no batchnorm.
        gamma: numpy array (n, 1), scale; empty (size 0) when the layer has no batchnorm.
    Returns:
        Anorm: numpy array (n, m), gamma * (A - mu) / sqrt(var + 1e-5) + beta, with the
               per-row batch mean mu and biased variance var. A itself when beta or
               gamma is empty.
        cache: dict with what batchnorm_der needs; {} when beta or gamma is empty.
    """
    ### BEGIN SOLUTION
    beta = np.asarray(beta)
    gamma = np.asarray(gamma)
    if beta.size == 0 or gamma.size == 0:
        return A, {}
    epsilon = 1e-5
    mu = np.mean(A, axis=1, keepdims=True)
    centered = A - mu
    var = np.mean(centered ** 2, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    A_hat = centered * inv_std
    Anorm = gamma * A_hat + beta
    cache = {"A_hat": A_hat, "inv_std": inv_std, "gamma": gamma}
    ### END SOLUTION
    return Anorm, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_batchnorm", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks batchnorm: per-row normalisation with the batch statistics, the scale gamma and shift beta, and the no-batchnorm case.
np.random.seed(4)
A = np.random.randn(3, 5) * 2.0 + 1.0
beta = np.random.randn(3, 1)
gamma = np.random.randn(3, 1)
try:
    Anorm, cache = batchnorm(A, beta, gamma)
except ValueError as exc:
    raise AssertionError(f"batchnorm raised ValueError: {exc}. With A of shape (n, m) = (3, 5), the per-row "
                         f"mean and variance should have shape (n, 1) (use keepdims=True) so that they "
                         f"broadcast over the samples.") from exc
# reference value: Anorm
expected_Anorm = np.array([[0.45038707249, 0.978455329139, -0.779298468711, 1.20600603391, -0.100564201418],
                           [-0.667116293341, -0.6155751089, -0.547011898099, -0.561663564152, -0.643069550995],
                           [0.629939794678, 1.72379164963, 0.929613996198, 1.0732912894, 3.37825991517]])
assert np.shape(Anorm) == (3, 5), f"Anorm should have the shape of A, (3, 5); got {np.shape(Anorm)}."
np.testing.assert_allclose(Anorm, expected_Anorm, rtol=1e-6, atol=1e-10,
                           err_msg="Anorm is not right. Normalise each row (axis 1, over the samples) with "
                                   "the biased variance, epsilon = 1e-5 inside the square root, then scale "
                                   "by gamma and shift by beta.")

# With gamma = 1 and beta = 0 every row has mean 0 and variance var / (var + eps), just below 1.
A_hat, _ = batchnorm(A, np.zeros((3, 1)), np.ones((3, 1)))
np.testing.assert_allclose(np.mean(A_hat, axis=1), np.zeros(3), atol=1e-10,
                           err_msg="With gamma = 1, beta = 0 each row of the output should have mean 0: "
                                   "subtract the mean of each row (over the samples).")
# reference value: np.var(A_hat, axis=1)
expected_row_var = np.array([0.999993402382, 0.999996445177, 0.999993800731])
np.testing.assert_allclose(np.var(A_hat, axis=1), expected_row_var, rtol=1e-6, atol=1e-10,
                           err_msg="With gamma = 1, beta = 0 the row variances are not right: divide by "
                                   "sqrt(var + epsilon) with the biased per-row variance.")

# A layer without batch normalisation: A passes unchanged, the cache is {}.
A_same, cache_none = batchnorm(A, np.asarray([]), np.asarray([]))
np.testing.assert_array_equal(A_same, A, err_msg="With empty beta/gamma, batchnorm should return A unchanged.")
assert isinstance(cache_none, dict) and len(cache_none) == 0, (
    "With empty beta/gamma, batchnorm's cache should be the empty dict {}.")
print("batchnorm: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("batchnorm", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "batchnorm_der", "locked": false, "schema_version": 3, "solution": true}
def batchnorm_der(dA_in, cache):
    """Backward pass of batchnorm.

    Inputs:
        dA_in: numpy array (n, m), gradient with respect to batchnorm's output Anorm.
        cache: the cache returned by batchnorm ({} when the layer has no batchnorm).
    Returns:
        dA_out: numpy array (n, m), gradient with respect to batchnorm's input A.
        dbeta: numpy array (n, 1), sum over the samples of dA_in.
        dgamma: numpy array (n, 1), sum over the samples of dA_in * A_hat.
        With an empty cache: (dA_in, [], []).
    """
    ### BEGIN SOLUTION
    if len(cache) == 0:
        return dA_in, [], []
    A_hat, inv_std, gamma = cache["A_hat"], cache["inv_std"], cache["gamma"]
    m = dA_in.shape[1]
    dbeta = np.sum(dA_in, axis=1, keepdims=True)
    dgamma = np.sum(dA_in * A_hat, axis=1, keepdims=True)
    dA_hat = dA_in * gamma
    dA_out = (inv_std / m) * (m * dA_hat
                              - np.sum(dA_hat, axis=1, keepdims=True)
                              - A_hat * np.sum(dA_hat * A_hat, axis=1, keepdims=True))
    ### END SOLUTION
    return dA_out, dbeta, dgamma


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_batchnorm_der", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks batchnorm_der: the gradients dA_out, dbeta and dgamma of batchnorm, and the no-batchnorm case (uses your batchnorm for the cache).
np.random.seed(4)
A = np.random.randn(3, 5) * 2.0 + 1.0
beta = np.random.randn(3, 1)
gamma = np.random.randn(3, 1)
dA = np.random.randn(3, 5)
_, cache = batchnorm(A, beta, gamma)
dA_out, dbeta, dgamma = batchnorm_der(dA, cache)
# reference value: dA_out
expected_dA_out = np.array([[-0.230058166293, -0.54702818878, -0.0899445918765, 0.502054026948, 0.364976920002],
                            [0.0404055145784, -0.0324530011118, 0.048876796216, -0.0347774830328, -0.0220518266498],
                            [-1.17926339829, -0.266536795589, 1.21084721116, 0.311088150139, -0.0761351674138]])
# reference value: dbeta
expected_dbeta = np.array([[1.62303294643],
                           [0.20310167802],
                           [-2.03536376732]])
# reference value: dgamma
expected_dgamma = np.array([[4.41720649973],
                            [-0.700223233239],
                            [-3.07718492939]])
assert np.shape(dbeta) == (3, 1), f"dbeta should have shape (n, 1) = (3, 1); got {np.shape(dbeta)}."
assert np.shape(dgamma) == (3, 1), f"dgamma should have shape (n, 1) = (3, 1); got {np.shape(dgamma)}."
assert np.shape(dA_out) == (3, 5), f"dA_out should have the shape of dA_in, (3, 5); got {np.shape(dA_out)}."
np.testing.assert_allclose(dbeta, expected_dbeta, rtol=1e-6, atol=1e-10,
                           err_msg="dbeta should be the sum of dA_in over the samples (axis 1), kept as (n, 1).")
np.testing.assert_allclose(dgamma, expected_dgamma, rtol=1e-6, atol=1e-10,
                           err_msg="dgamma should be the sum over the samples of dA_in times the normalised "
                                   "activations A_hat (before scaling and shifting).")
np.testing.assert_allclose(dA_out, expected_dA_out, rtol=1e-6, atol=1e-10,
                           err_msg="dA_out is not right. Remember the three paths from A to the output: "
                                   "directly, through the mean and through the variance, and the factor "
                                   "gamma.")

# No batch normalisation: the gradient passes unchanged.
dA_same, dbeta_none, dgamma_none = batchnorm_der(dA, {})
np.testing.assert_array_equal(dA_same, dA, err_msg="With an empty cache, batchnorm_der should return dA_in unchanged.")
assert np.size(dbeta_none) == 0 and np.size(dgamma_none) == 0, (
    "With an empty cache, dbeta and dgamma should be empty lists [].")
print("batchnorm_der: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("batchnorm_der", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init", "locked": true, "schema_version": 3, "solution": false}
# ## 6. Initialising the network
#
# `initialize_network(net_dims, act_list, drop_prob_list)` creates the
# `parameters` dict for a network with layer sizes `net_dims`
# $= [n_0, n_1, \dots, n_L]$ ($n_0$ inputs, $L$ layers):
#
# * `parameters["numLayers"] = L = len(net_dims) - 1`;
# * for $l = 1, \dots, L$, **in this order**:
#   `"act{l}"` $=$ `act_list[l-1]` (`"relu"` or `"linear"`),
#   `"dropout{l}"` $=$ `drop_prob_list[l-1]`,
#   `"W{l}"`, and `"b{l}"`, with
#
# $$W^{[l]} = \texttt{np.random.randn}(n_l, n_{l-1}) \cdot \frac{2}{\sqrt{n_{l-1}}},
#   \qquad b^{[l]} = 0 \in \mathbb{R}^{n_l \times 1}.$$
#
# One `randn` call per layer, layers in order. Note the factor is
# $2/\sqrt{n_{l-1}}$ (not He's $\sqrt{2/n_{l-1}}$): this is fixed.
#
# `initialize_velocity(parameters, apply_momentum=True)` prepares the optimiser
# state: it sets `parameters["apply_momentum"]` and, when momentum is on, adds
# for every layer the velocities `"VdW{l}"`, `"Vdb{l}"` and the running squared
# gradients `"GdW{l}"`, `"Gdb{l}"`, all zeros shaped like `W{l}` / `b{l}`.
#
# `initialize_bnorm_params(parameters, bnorm_list, apply_momentum)` adds the
# batch-norm parameters. `bnorm_list` has one 0/1 flag per layer and is stored
# as `parameters["bnorm_list"]`. For each layer $l$ (in order):
#
# * flag set, with $n = $ `W{l}.shape[0]`: `"bnorm_beta{l}" = np.random.randn(n, 1)`
#   **then** `"bnorm_gamma{l}" = np.random.randn(n, 1)`; and if `apply_momentum`,
#   `"Vbnorm_beta{l}"`, `"Gbnorm_beta{l}"`, `"Vbnorm_gamma{l}"`,
#   `"Gbnorm_gamma{l}"` as $(n, 1)$ zeros;
# * flag not set: all six keys set to `np.asarray([])` (empty: "no batchnorm").
#
# Yes, $\gamma$ starts random here (not at 1): that is part of the fixed
# specification.

# %% nbgrader={"grade": false, "grade_id": "initialize_network", "locked": false, "schema_version": 3, "solution": true}
def initialize_network(net_dims, act_list, drop_prob_list):
    """Create the parameters dict of a fully connected network.

    Inputs:
        net_dims: list of layer sizes [n_0, n_1, ..., n_L] (n_0 = number of inputs).
        act_list: list of L activation names ("relu" or "linear"), one per layer.
        drop_prob_list: list of L dropout probabilities, one per layer.
    Returns:
        parameters: dict with
            "numLayers": L,
            and for l = 1..L (set in this order):
            "act{l}", "dropout{l}",
            "W{l}": (n_l, n_{l-1}) array, np.random.randn(n_l, n_{l-1}) * 2 / sqrt(n_{l-1}),
            "b{l}": (n_l, 1) zeros.
    """
    ### BEGIN SOLUTION
    parameters = {}
    L = len(net_dims) - 1
    parameters["numLayers"] = L
    for l in range(L):
        parameters["act" + str(l + 1)] = act_list[l]
        parameters["dropout" + str(l + 1)] = drop_prob_list[l]
        parameters["W" + str(l + 1)] = (np.random.randn(net_dims[l + 1], net_dims[l])
                                        * 2. / np.sqrt(net_dims[l]))
        parameters["b" + str(l + 1)] = np.zeros((net_dims[l + 1], 1))
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_network", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks initialize_network: the keys, the seeded weights (one randn per layer, factor 2/sqrt(n_in)) and the zero biases.
np.random.seed(5)
params = initialize_network([4, 3, 2], ["relu", "linear"], [0.1, 0.0])
# reference value: params['W1']
expected_W1 = np.array([[0.441227486885, -0.330870151894, 2.43077118701, -0.252092129603],
                        [0.109609841578, 1.58248111706, -0.909232404856, -0.59163665793],
                        [0.187603225837, -0.329869957779, -1.19276461242, -0.204876510588]])
# reference value: params['W2']
expected_W2 = np.array([[-0.414339978288, 0.69682898443, -1.92233221127],
                        [-0.808497111782, 1.32951181854, 2.144661114]])
assert params["numLayers"] == 2, f"numLayers should be len(net_dims) - 1 = 2; got {params['numLayers']!r}."
assert params["act1"] == "relu" and params["act2"] == "linear", "act1, act2 should come from act_list, in order."
assert params["dropout1"] == 0.1 and params["dropout2"] == 0.0, (
    "dropout1, dropout2 should come from drop_prob_list, in order.")
for key, shape in [("W1", (3, 4)), ("b1", (3, 1)), ("W2", (2, 3)), ("b2", (2, 1))]:
    assert np.shape(params[key]) == shape, f"{key} should have shape {shape}; got {np.shape(params[key])}."
np.testing.assert_array_equal(params["b1"], np.zeros((3, 1)), err_msg="b1 should be zeros.")
np.testing.assert_array_equal(params["b2"], np.zeros((2, 1)), err_msg="b2 should be zeros.")
np.testing.assert_allclose(params["W1"], expected_W1, rtol=1e-6, atol=1e-10,
                           err_msg="W1 is not right: it should be np.random.randn(n_1, n_0) * 2 / sqrt(n_0), "
                                   "drawn first (one randn call per layer).")
np.testing.assert_allclose(params["W2"], expected_W2, rtol=1e-6, atol=1e-10,
                           err_msg="W2 is not right: it should be np.random.randn(n_2, n_1) * 2 / sqrt(n_1), "
                                   "drawn right after W1.")
print("initialize_network: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_network", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "initialize_velocity", "locked": false, "schema_version": 3, "solution": true}
def initialize_velocity(parameters, apply_momentum=True):
    """Add the optimiser state to parameters.

    Inputs:
        parameters: dict from initialize_network (uses "numLayers", "W{l}", "b{l}").
        apply_momentum: bool.
    Returns:
        parameters, with "apply_momentum" set and, if apply_momentum, for every layer l:
            "VdW{l}", "GdW{l}": zeros shaped like W{l};
            "Vdb{l}", "Gdb{l}": zeros shaped like b{l}.
    """
    ### BEGIN SOLUTION
    parameters["apply_momentum"] = apply_momentum
    if apply_momentum:
        for l in range(1, parameters["numLayers"] + 1):
            W, b = parameters["W" + str(l)], parameters["b" + str(l)]
            parameters["VdW" + str(l)] = np.zeros(W.shape)
            parameters["Vdb" + str(l)] = np.zeros(b.shape)
            parameters["GdW" + str(l)] = np.zeros(W.shape)
            parameters["Gdb" + str(l)] = np.zeros(b.shape)
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_velocity", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks initialize_velocity: the apply_momentum flag and the zero velocities / squared-gradient accumulators shaped like W and b.
params = {"numLayers": 2,
          "W1": np.ones((3, 4)), "b1": np.ones((3, 1)),
          "W2": np.ones((2, 3)), "b2": np.ones((2, 1))}
params = initialize_velocity(params, apply_momentum=True)
assert params.get("apply_momentum") is True, "parameters['apply_momentum'] should be set to the argument (True)."
for l, (w_shape, b_shape) in [(1, ((3, 4), (3, 1))), (2, ((2, 3), (2, 1)))]:
    for key, shape in [(f"VdW{l}", w_shape), (f"GdW{l}", w_shape), (f"Vdb{l}", b_shape), (f"Gdb{l}", b_shape)]:
        assert key in params, f"With momentum on, initialize_velocity should add the key '{key}'."
        assert np.shape(params[key]) == shape, f"{key} should have shape {shape}; got {np.shape(params[key])}."
        np.testing.assert_array_equal(params[key], np.zeros(shape), err_msg=f"{key} should start at zero.")

params_gd = initialize_velocity({"numLayers": 1, "W1": np.ones((2, 2)), "b1": np.ones((2, 1))},
                                apply_momentum=False)
assert params_gd.get("apply_momentum") is False, "parameters['apply_momentum'] should be set to the argument (False)."
print("initialize_velocity: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_velocity", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "initialize_bnorm_params", "locked": false, "schema_version": 3, "solution": true}
def initialize_bnorm_params(parameters, bnorm_list, apply_momentum):
    """Add the batch-normalisation parameters (and their optimiser state).

    Inputs:
        parameters: dict with "numLayers" and "W{l}" for l = 1..L.
        bnorm_list: list of L flags (0/1), batchnorm on or off for each layer.
        apply_momentum: bool.
    Returns:
        parameters, with "bnorm_list" = bnorm_list and, for each layer l in order:
          flag set (n = W{l}.shape[0]):
            "bnorm_beta{l}" = np.random.randn(n, 1), then "bnorm_gamma{l}" = np.random.randn(n, 1);
            if apply_momentum also "Vbnorm_beta{l}", "Gbnorm_beta{l}",
            "Vbnorm_gamma{l}", "Gbnorm_gamma{l}" as (n, 1) zeros;
          flag not set: those six keys set to np.asarray([]).
    """
    ### BEGIN SOLUTION
    parameters["bnorm_list"] = bnorm_list
    keys = ["bnorm_beta", "bnorm_gamma", "Vbnorm_beta", "Gbnorm_beta", "Vbnorm_gamma", "Gbnorm_gamma"]
    for l in range(1, parameters["numLayers"] + 1):
        if bnorm_list[l - 1]:
            n = parameters["W" + str(l)].shape[0]
            parameters["bnorm_beta" + str(l)] = np.random.randn(n, 1)
            parameters["bnorm_gamma" + str(l)] = np.random.randn(n, 1)
            if apply_momentum:
                for key in keys[2:]:
                    parameters[key + str(l)] = np.zeros((n, 1))
        else:
            for key in keys:
                parameters[key + str(l)] = np.asarray([])
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_bnorm_params", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks initialize_bnorm_params: seeded beta then gamma for layers with batchnorm, zero optimiser state, and empty arrays for layers without.
params = {"numLayers": 2,
          "W1": np.zeros((3, 4)), "b1": np.zeros((3, 1)),
          "W2": np.zeros((2, 3)), "b2": np.zeros((2, 1))}
np.random.seed(6)
params = initialize_bnorm_params(params, [1, 0], True)
# reference value: params['bnorm_beta1']
expected_beta1 = np.array([[-0.311783673488],
                           [0.729003923613],
                           [0.217820788076]])
# reference value: params['bnorm_gamma1']
expected_gamma1 = np.array([[-0.899091796547],
                            [-2.48678065163],
                            [0.913251521236]])
assert list(params["bnorm_list"]) == [1, 0], "parameters['bnorm_list'] should hold the bnorm_list argument."
for key in ["bnorm_beta1", "bnorm_gamma1", "Vbnorm_beta1", "Gbnorm_beta1", "Vbnorm_gamma1", "Gbnorm_gamma1"]:
    assert key in params, f"Layer 1 has batchnorm and momentum is on: the key '{key}' should be set."
    assert np.shape(params[key]) == (3, 1), f"{key} should have shape (n, 1) = (3, 1); got {np.shape(params[key])}."
np.testing.assert_allclose(params["bnorm_beta1"], expected_beta1, rtol=1e-6, atol=1e-10,
                           err_msg="bnorm_beta1 should be np.random.randn(n, 1), drawn before gamma.")
np.testing.assert_allclose(params["bnorm_gamma1"], expected_gamma1, rtol=1e-6, atol=1e-10,
                           err_msg="bnorm_gamma1 should be np.random.randn(n, 1), drawn right after beta.")
for key in ["Vbnorm_beta1", "Gbnorm_beta1", "Vbnorm_gamma1", "Gbnorm_gamma1"]:
    np.testing.assert_array_equal(params[key], np.zeros((3, 1)), err_msg=f"{key} should start at zero.")
for key in ["bnorm_beta2", "bnorm_gamma2", "Vbnorm_beta2", "Gbnorm_beta2", "Vbnorm_gamma2", "Gbnorm_gamma2"]:
    assert key in params and np.size(params[key]) == 0, (
        f"Layer 2 has no batchnorm: '{key}' should be set to the empty array np.asarray([]).")
print("initialize_bnorm_params: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_bnorm_params", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_forward", "locked": true, "schema_version": 3, "solution": false}
# ## 7. Forward propagation
#
# One layer computes, in this order,
#
# $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}
#   \;\rightarrow\; A = g^{[l]}(Z^{[l]})
#   \;\rightarrow\; \text{batchnorm}
#   \;\rightarrow\; \text{dropout}
#   \;\rightarrow\; A^{[l]},$$
#
# where $g^{[l]}$ is the layer's activation (`"relu"` or `"linear"`), and the
# bias $b^{[l]}$ of shape $(n_l, 1)$ is broadcast over the $m$ columns.
#
# * `linear_forward(A_prev, W, b)` returns `Z` and `cache = {"A": A_prev}`.
# * `layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode)`
#   chains the four steps using your functions above and returns `(A, cache)`,
#   where `cache` is a dict with the keys `"lin_cache"`, `"act_cache"`,
#   `"bnorm_cache"` and `"drop_cache"`.
# * `multi_layer_forward(A0, parameters, mode)` runs `layer_forward` for layers
#   $1, \dots, L$, each with its own `W{l}`, `b{l}`, `act{l}`, `dropout{l}`,
#   `bnorm_beta{l}`, `bnorm_gamma{l}`, and returns the output of the last layer
#   `AL` (the logits, before the softmax) and the list of the $L$ layer caches.

# %% nbgrader={"grade": false, "grade_id": "linear_forward", "locked": false, "schema_version": 3, "solution": true}
def linear_forward(A_prev, W, b):
    """Linear part of a layer: Z = W A_prev + b.

    Inputs:
        A_prev: numpy array (n_prev, m), activations of the previous layer.
        W: numpy array (n, n_prev), weights.
        b: numpy array (n, 1), biases.
    Returns:
        Z: numpy array (n, m).
        cache: dict {"A": A_prev}.
    """
    ### BEGIN SOLUTION
    Z = np.dot(W, A_prev) + b
    cache = {"A": A_prev}
    ### END SOLUTION
    return Z, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_linear_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false}
# Checks linear_forward: Z = W A_prev + b (b broadcast over the samples) and cache = {"A": A_prev}.
A_prev = np.array([[1.0, -2.0],
                   [0.5, 3.0],
                   [-1.0, 0.0]])
W = np.array([[0.2, -0.4, 1.0],
              [1.5, 0.3, -0.7]])
b = np.array([[0.1],
              [-0.2]])
try:
    Z, cache = linear_forward(A_prev, W, b)
except ValueError as exc:
    raise AssertionError(f"linear_forward raised ValueError: {exc}. Here W is (2, 3), A_prev is (3, 2) and b is "
                         f"(2, 1): Z = W @ A_prev + b uses the matrix product (np.dot or @), not the "
                         f"element-wise W * A_prev, and no transpose.") from exc
# reference value: Z
expected_Z = np.array([[-0.9, -1.5],
                       [2.15, -2.3]])
assert np.shape(Z) == (2, 2), f"Z should have shape (n, m) = (2, 2); got {np.shape(Z)}."
np.testing.assert_allclose(Z, expected_Z, rtol=1e-6, atol=1e-10,
                           err_msg="Z should be the matrix product W @ A_prev plus b added to every column.")
assert isinstance(cache, dict) and cache.get("A") is A_prev, "The cache should be the dict {'A': A_prev}."
print("linear_forward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("linear_forward", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "layer_forward", "locked": false, "schema_version": 3, "solution": true}
def layer_forward(A_prev, W, b, activation, drop_prob, bnorm_beta, bnorm_gamma, mode):
    """One layer: linear -> activation -> batchnorm -> dropout.

    Inputs:
        A_prev: numpy array (n_prev, m), input activations.
        W: numpy array (n, n_prev); b: numpy array (n, 1).
        activation: "relu" or "linear".
        drop_prob: float, dropout probability of this layer.
        bnorm_beta, bnorm_gamma: numpy arrays (n, 1), or empty for no batchnorm.
        mode: 'train' or 'test' (passed to dropout).
    Returns:
        A: numpy array (n, m), output of the layer.
        cache: dict with keys "lin_cache", "act_cache", "bnorm_cache", "drop_cache"
               (the caches of linear_forward, the activation, batchnorm and dropout).
    """
    ### BEGIN SOLUTION
    Z, lin_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, act_cache = relu(Z)
    elif activation == "linear":
        A, act_cache = linear(Z)
    else:
        raise ValueError(f"layer_forward: unknown activation {activation!r}")
    A, bnorm_cache = batchnorm(A, bnorm_beta, bnorm_gamma)
    A, drop_cache = dropout(A, drop_prob, mode)
    cache = {"lin_cache": lin_cache, "act_cache": act_cache,
             "bnorm_cache": bnorm_cache, "drop_cache": drop_cache}
    ### END SOLUTION
    return A, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_layer_forward", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks layer_forward: linear -> activation -> batchnorm -> dropout in this order (the dropout draw continues the seeded stream), and the cache keys.
np.random.seed(3)
A_prev = np.random.randn(4, 6)
W = np.random.randn(3, 4)
b = np.random.randn(3, 1)
beta = np.random.randn(3, 1)
gamma = np.random.randn(3, 1)
A, cache = layer_forward(A_prev, W, b, "relu", 0.5, beta, gamma, "train")
# reference value: A
expected_A = np.array([[0.0, -0.412128482088, 0.154400405041, -1.78844393169, 0.0, 0.0],
                       [0.0, 0.0, -1.49161563854, 0.0, -10.997073046, 0.0],
                       [2.70652359768, 1.15482928757, 0.0614218120543, -0.42277267544, 0.0, 1.55357980769]])
assert np.shape(A) == (3, 6), f"A should have shape (n, m) = (3, 6); got {np.shape(A)}."
assert isinstance(cache, dict) and {"lin_cache", "act_cache", "bnorm_cache", "drop_cache"} <= set(cache), (
    "The cache should be a dict with the keys 'lin_cache', 'act_cache', 'bnorm_cache' and 'drop_cache'.")
np.testing.assert_allclose(A, expected_A, rtol=1e-6, atol=1e-10,
                           err_msg="The output of a relu layer with batchnorm and dropout (train mode) is not "
                                   "right. Check the order: linear, activation, batchnorm, then dropout.")

# A linear layer without batchnorm, in test mode.
A_lin, _ = layer_forward(A_prev, W, b, "linear", 0.5, np.asarray([]), np.asarray([]), "test")
# reference value: A_lin
expected_A_lin = np.array([[-2.30261259126, 0.322000919702, -0.769843552532, 1.10426436758, -0.28255969962, -2.19624807345],
                           [0.217893144188, -2.11735447549, -3.39249233887, -0.189274451153, 2.02208957396, -1.63904953373],
                           [-4.13426787937, 2.26314700967, 3.85788241759, 4.56408034545, -0.864664449968, 1.68156915549]])
np.testing.assert_allclose(A_lin, expected_A_lin, rtol=1e-6, atol=1e-10,
                           err_msg="A linear layer without batchnorm in test mode should output W @ A_prev + b.")
print("layer_forward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("layer_forward", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "multi_layer_forward", "locked": false, "schema_version": 3, "solution": true}
def multi_layer_forward(A0, parameters, mode):
    """Forward propagation through all the layers.

    Inputs:
        A0: numpy array (n_0, m), input data.
        parameters: dict with "numLayers" and, for each layer l, "W{l}", "b{l}",
            "act{l}", "dropout{l}", "bnorm_beta{l}", "bnorm_gamma{l}".
        mode: 'train' or 'test'.
    Returns:
        AL: numpy array (n_L, m), output of the last layer (logits, before softmax).
        caches: list of the L caches returned by layer_forward, layer 1 first.
    """
    ### BEGIN SOLUTION
    L = parameters["numLayers"]
    A = A0
    caches = []
    for l in range(1, L + 1):
        s = str(l)
        A, cache = layer_forward(A, parameters["W" + s], parameters["b" + s],
                                 parameters["act" + s], parameters["dropout" + s],
                                 parameters.get("bnorm_beta" + s, np.asarray([])),
                                 parameters.get("bnorm_gamma" + s, np.asarray([])), mode)
        caches.append(cache)
    AL = A
    ### END SOLUTION
    return AL, caches


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_multi_layer_forward", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks multi_layer_forward: a 2-layer network (relu + batchnorm + dropout, then linear) in train and in test mode.
np.random.seed(0)
params = {"numLayers": 2, "apply_momentum": False, "bnorm_list": [1, 0],
          "W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1), "act1": "relu", "dropout1": 0.5,
          "bnorm_beta1": np.random.randn(3, 1), "bnorm_gamma1": np.random.randn(3, 1),
          "W2": np.random.randn(3, 3), "b2": np.random.randn(3, 1), "act2": "linear", "dropout2": 0.0,
          "bnorm_beta2": np.asarray([]), "bnorm_gamma2": np.asarray([])}
X = np.random.randn(4, 6)
try:
    AL, caches = multi_layer_forward(X, params, "train")
except Exception as exc:
    raise AssertionError(f"multi_layer_forward raised {type(exc).__name__}: {exc}. Feed each layer the output of "
                         f"the previous one (layer 1 gets A0), with that layer's own W{{l}}, b{{l}}, act{{l}}, "
                         f"dropout{{l}}, bnorm_beta{{l}} and bnorm_gamma{{l}}, for l = 1..numLayers.") from exc
# reference value: AL
expected_AL_train = np.array([[3.83821433013, 1.48760544429, 0.781564761203, 0.532641183614, 8.85668000532, 4.06240673909],
                              [-5.8187285445, -4.88144790565, 0.479635143262, 1.68974110605, 4.58704431704, -5.04019843465],
                              [5.64321672485, 10.6766749061, -0.238428461633, -0.995950007691, -15.8419493896, 5.57901231183]])
assert np.shape(AL) == (3, 6), f"AL should have shape (n_L, m) = (3, 6); got {np.shape(AL)}."
assert len(caches) == 2, f"caches should hold one cache per layer (2); got {len(caches)}."
np.testing.assert_allclose(AL, expected_AL_train, rtol=1e-6, atol=1e-10,
                           err_msg="AL in train mode is not right: run layer_forward for layers 1..L with "
                                   "each layer's own W, b, act, dropout, bnorm_beta and bnorm_gamma.")
AL_test, _ = multi_layer_forward(X, params, "test")
# reference value: AL_test
expected_AL_test = np.array([[3.78968502163, 0.821276434995, -0.819144553951, -0.645213090006, 6.23052385162, 1.52391529191],
                             [-2.43466125619, -2.25164269302, 0.508274095933, 0.611297078017, -0.419125157949, -2.29496420698],
                             [-0.982492583669, 4.89444457921, 1.98572419248, 2.13606085441, -5.30668947414, 3.50334079758]])
np.testing.assert_allclose(AL_test, expected_AL_test, rtol=1e-6, atol=1e-10,
                           err_msg="AL in test mode is not right: pass the mode on to every layer.")
print("multi_layer_forward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("multi_layer_forward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_backward", "locked": true, "schema_version": 3, "solution": false}
# ## 8. Backward propagation
#
# Backward propagation visits the same steps in reverse order. For the linear
# part $Z = W A_\text{prev} + b$, given $dZ$ (shape $(n, m)$):
#
# $$dA_\text{prev} = W^\top dZ, \qquad dW = dZ\, A_\text{prev}^\top, \qquad
#   db = \sum_{j=1}^m dZ_{:,j} \;\;(\text{shape } (n, 1)).$$
#
# There is **no $1/m$ here**: it is already inside $dZ$, coming from the softmax
# derivative.
#
# * `linear_backward(dZ, cache, W, b)` returns `(dA_prev, dW, db)`; `cache` is
#   `{"A": A_prev}`.
# * `layer_backward(dA, cache, W, b, activation)` goes
#   `dropout_der` → `batchnorm_der` → activation derivative (`relu_der` or
#   `linear_der`) → `linear_backward`, and returns
#   `(dA_prev, dW, db, dbnorm_beta, dbnorm_gamma)`.
# * `multi_layer_backward(dAL, caches, parameters)` starts from `dAL`, the
#   gradient with respect to the last layer's output (the softmax derivative),
#   runs `layer_backward` for layers $L, \dots, 1$ and returns a dict
#   `gradients` with `"dW{l}"`, `"db{l}"`, `"dbnorm_beta{l}"` and
#   `"dbnorm_gamma{l}"` for every layer (the batchnorm entries are `[]` for
#   layers without batchnorm).

# %% nbgrader={"grade": false, "grade_id": "linear_backward", "locked": false, "schema_version": 3, "solution": true}
def linear_backward(dZ, cache, W, b):
    """Backward pass of the linear part Z = W A_prev + b.

    Inputs:
        dZ: numpy array (n, m), gradient with respect to Z (already includes 1/m).
        cache: dict {"A": A_prev} from linear_forward, A_prev of shape (n_prev, m).
        W: numpy array (n, n_prev); b: numpy array (n, 1).
    Returns:
        dA_prev: numpy array (n_prev, m), W.T @ dZ.
        dW: numpy array (n, n_prev), dZ @ A_prev.T.
        db: numpy array (n, 1), sum of dZ over the samples.
    """
    ### BEGIN SOLUTION
    A_prev = cache["A"]
    dA_prev = np.dot(W.T, dZ)
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    ### END SOLUTION
    return dA_prev, dW, db


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_linear_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks linear_backward: dA_prev = W.T dZ, dW = dZ A_prev.T, db = sum of dZ over the samples (no 1/m).
A_prev = np.array([[1.0, -2.0],
                   [0.5, 3.0],
                   [-1.0, 0.0]])
W = np.array([[0.2, -0.4, 1.0],
              [1.5, 0.3, -0.7]])
b = np.array([[0.1],
              [-0.2]])
dZ = np.array([[0.5, -1.0],
               [2.0, 0.25]])
dA_prev, dW, db = linear_backward(dZ, {"A": A_prev}, W, b)
# reference value: dA_prev
expected_dA_prev = np.array([[3.1, 0.175],
                             [0.4, 0.475],
                             [-0.9, -1.175]])
# reference value: dW
expected_dW = np.array([[2.5, -2.75, -0.5],
                        [1.5, 1.75, -2.0]])
# reference value: db
expected_db = np.array([[-0.5],
                        [2.25]])
assert np.shape(dA_prev) == (3, 2), f"dA_prev should have the shape of A_prev, (3, 2); got {np.shape(dA_prev)}."
assert np.shape(dW) == (2, 3), f"dW should have the shape of W, (2, 3); got {np.shape(dW)}."
assert np.shape(db) == (2, 1), f"db should have the shape of b, (2, 1); got {np.shape(db)}."
np.testing.assert_allclose(dA_prev, expected_dA_prev, rtol=1e-6, atol=1e-10, err_msg="dA_prev should be W.T @ dZ.")
np.testing.assert_allclose(dW, expected_dW, rtol=1e-6, atol=1e-10,
                           err_msg="dW should be dZ @ A_prev.T, without dividing by m (dZ already holds 1/m).")
np.testing.assert_allclose(db, expected_db, rtol=1e-6, atol=1e-10,
                           err_msg="db should be the sum of dZ over the samples (axis 1), kept as (n, 1), "
                                   "without dividing by m.")
print("linear_backward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("linear_backward", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "layer_backward", "locked": false, "schema_version": 3, "solution": true}
def layer_backward(dA, cache, W, b, activation):
    """Backward pass of one layer: dropout -> batchnorm -> activation -> linear.

    Inputs:
        dA: numpy array (n, m), gradient with respect to the layer's output.
        cache: dict from layer_forward ("lin_cache", "act_cache", "bnorm_cache", "drop_cache").
        W: numpy array (n, n_prev); b: numpy array (n, 1).
        activation: "relu" or "linear".
    Returns:
        dA_prev: numpy array (n_prev, m).
        dW: numpy array (n, n_prev); db: numpy array (n, 1).
        dbnorm_beta, dbnorm_gamma: numpy arrays (n, 1), or [] without batchnorm.
    """
    ### BEGIN SOLUTION
    dA = dropout_der(dA, cache["drop_cache"])
    dA, dbnorm_beta, dbnorm_gamma = batchnorm_der(dA, cache["bnorm_cache"])
    if activation == "relu":
        dZ = relu_der(dA, cache["act_cache"])
    elif activation == "linear":
        dZ = linear_der(dA, cache["act_cache"])
    else:
        raise ValueError(f"layer_backward: unknown activation {activation!r}")
    dA_prev, dW, db = linear_backward(dZ, cache["lin_cache"], W, b)
    ### END SOLUTION
    return dA_prev, dW, db, dbnorm_beta, dbnorm_gamma


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_layer_backward", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks layer_backward on a relu layer with batchnorm and dropout (the cache comes from your layer_forward, so make its test pass first).
np.random.seed(3)
A_prev = np.random.randn(4, 6)
W = np.random.randn(3, 4)
b = np.random.randn(3, 1)
beta = np.random.randn(3, 1)
gamma = np.random.randn(3, 1)
_, cache = layer_forward(A_prev, W, b, "relu", 0.5, beta, gamma, "train")
dA = np.random.randn(3, 6)
try:
    dA_prev, dW, db, dbeta, dgamma = layer_backward(dA, cache, W, b, "relu")
except Exception as exc:
    raise AssertionError(f"layer_backward raised {type(exc).__name__}: {exc}. Each step takes its own part of the "
                         f"cache, in this order: dropout_der(dA, cache['drop_cache']), batchnorm_der(..., "
                         f"cache['bnorm_cache']), relu_der or linear_der(..., cache['act_cache']), then "
                         f"linear_backward(dZ, cache['lin_cache'], W, b).") from exc
# reference value: dA_prev
expected_dA_prev = np.array([[0.084900613572, 0.622916318648, 0.80110404491, -0.748020621925, -0.00903179029632, 0.0712184619925],
                             [0.0254016988839, 0.563259395505, 0.403356411437, -0.449425335616, -0.00270225158379, 0.0358585422704],
                             [-0.0822746402888, -1.22364114395, 0.517553408525, -0.00904881146794, 0.00875243730911, 0.0460106998439],
                             [-0.218216812855, -1.10172145828, 1.55767299745, -0.779942600921, 0.0232140665411, 0.138477736906]])
# reference value: dW
expected_dW = np.array([[-1.23846501249, 0.616517523962, -2.30969709151, 1.31572968424],
                        [-0.200772201858, -0.00629750190971, -0.103728211062, -0.0910219939527],
                        [-0.361666015413, -0.502747575278, 0.857681153757, 0.0944481348158]])
# reference value: db
expected_db = np.array([[-0.895236444806],
                        [-0.0986800679288],
                        [0.136089052706]])
# reference value: dbeta
expected_dbeta = np.array([[4.36894130506],
                           [1.74956637293],
                           [7.28282105086]])
# reference value: dgamma
expected_dgamma = np.array([[-1.97419749738],
                            [9.6926590922],
                            [2.59885046923]])
for name, value, shape in [("dA_prev", dA_prev, (4, 6)), ("dW", dW, (3, 4)), ("db", db, (3, 1)),
                           ("dbnorm_beta", dbeta, (3, 1)), ("dbnorm_gamma", dgamma, (3, 1))]:
    assert np.shape(value) == shape, f"{name} should have shape {shape}; got {np.shape(value)}."
np.testing.assert_allclose(dbeta, expected_dbeta, rtol=1e-6, atol=1e-10,
                           err_msg="dbnorm_beta is not right: apply dropout_der first, then batchnorm_der.")
np.testing.assert_allclose(dgamma, expected_dgamma, rtol=1e-6, atol=1e-10,
                           err_msg="dbnorm_gamma is not right: apply dropout_der first, then batchnorm_der.")
np.testing.assert_allclose(dW, expected_dW, rtol=1e-6, atol=1e-10,
                           err_msg="dW is not right: the order is dropout_der, batchnorm_der, the activation's "
                                   "derivative, then linear_backward.")
np.testing.assert_allclose(db, expected_db, rtol=1e-6, atol=1e-10, err_msg="db is not right.")
np.testing.assert_allclose(dA_prev, expected_dA_prev, rtol=1e-6, atol=1e-10, err_msg="dA_prev is not right.")
print("layer_backward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("layer_backward", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "multi_layer_backward", "locked": false, "schema_version": 3, "solution": true}
def multi_layer_backward(dAL, caches, parameters):
    """Backward propagation through all the layers.

    Inputs:
        dAL: numpy array (n_L, m), gradient with respect to the last layer's output.
        caches: list of the L caches from multi_layer_forward.
        parameters: dict with "W{l}", "b{l}", "act{l}" for every layer.
    Returns:
        gradients: dict with, for every layer l = 1..L, "dW{l}" (shape of W{l}),
            "db{l}" (shape of b{l}), "dbnorm_beta{l}" and "dbnorm_gamma{l}"
            ((n_l, 1) arrays, or [] for layers without batchnorm).
    """
    ### BEGIN SOLUTION
    L = len(caches)
    gradients = {}
    dA = dAL
    for l in reversed(range(1, L + 1)):
        s = str(l)
        dA, dW, db, dbeta, dgamma = layer_backward(dA, caches[l - 1], parameters["W" + s],
                                                   parameters["b" + s], parameters["act" + s])
        gradients["dW" + s] = dW
        gradients["db" + s] = db
        gradients["dbnorm_beta" + s] = dbeta
        gradients["dbnorm_gamma" + s] = dgamma
    ### END SOLUTION
    return gradients


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_multi_layer_backward", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks multi_layer_backward on a 2-layer network in train mode (the caches come from your multi_layer_forward).
np.random.seed(0)
params = {"numLayers": 2, "apply_momentum": False, "bnorm_list": [1, 0],
          "W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1), "act1": "relu", "dropout1": 0.5,
          "bnorm_beta1": np.random.randn(3, 1), "bnorm_gamma1": np.random.randn(3, 1),
          "W2": np.random.randn(3, 3), "b2": np.random.randn(3, 1), "act2": "linear", "dropout2": 0.0,
          "bnorm_beta2": np.asarray([]), "bnorm_gamma2": np.asarray([])}
X = np.random.randn(4, 6)
_, caches = multi_layer_forward(X, params, "train")
dAL = np.random.randn(3, 6)
try:
    gradients = multi_layer_backward(dAL, caches, params)
except Exception as exc:
    raise AssertionError(f"multi_layer_backward raised {type(exc).__name__}: {exc}. Go from layer L down to 1: "
                         f"layer l gets the dA_prev returned by layer l + 1 (layer L gets dAL), its own cache "
                         f"caches[l - 1] and its own W{{l}}, b{{l}} and act{{l}}.") from exc
# reference value: {k: gradients[k] for k in ['dW1', 'db1', 'dbnorm_beta1', 'dbnorm_gamma1', 'dW2', 'db2']}
expected = {'dW1': np.array([[0.258529050526, -0.479086325024, -0.384595595613, -0.0211085376149],
                             [-0.175305916786, 3.08663744151, 3.22390385533, -1.00964399348],
                             [-20.3454825551, -12.5200427527, -4.75837042476, 0.923011877419]]),
            'db1': np.array([[0.209380814826],
                             [1.05326100402],
                             [5.36984085284]]),
            'dbnorm_beta1': np.array([[-2.19233572523],
                                      [3.4105428666],
                                      [6.57760862309]]),
            'dbnorm_gamma1': np.array([[-20.5544172809],
                                       [-12.2190283452],
                                       [5.00910041585]]),
            'dW2': np.array([[-1.89603345264, 1.35683882989, 7.13551776218],
                             [-2.46691091111, 2.03538350773, 11.1905842925],
                             [1.75167438672, 11.2991694555, -6.36601908533]]),
            'db2': np.array([[-1.7411958981],
                             [0.209512935649],
                             [2.47526606983]])}
for key, shape in [("dW1", (3, 4)), ("db1", (3, 1)), ("dbnorm_beta1", (3, 1)), ("dbnorm_gamma1", (3, 1)),
                   ("dW2", (3, 3)), ("db2", (3, 1))]:
    assert key in gradients, f"gradients should contain the key '{key}'."
    assert np.shape(gradients[key]) == shape, f"gradients['{key}'] should have shape {shape}; got {np.shape(gradients[key])}."
for key in ["dbnorm_beta2", "dbnorm_gamma2"]:
    assert key in gradients and np.size(gradients[key]) == 0, (
        f"Layer 2 has no batchnorm: gradients['{key}'] should be the empty list [].")
for key in ["dW2", "db2", "dW1", "db1", "dbnorm_beta1", "dbnorm_gamma1"]:
    np.testing.assert_allclose(gradients[key], expected[key], rtol=1e-6, atol=1e-10,
                               err_msg=f"gradients['{key}'] is not right. Go through the layers from L down "
                                       f"to 1, feeding each layer's dA_prev into the layer below, with each "
                                       f"layer's own W, b and activation.")
print("multi_layer_backward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("multi_layer_backward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_update", "locked": true, "schema_version": 3, "solution": false}
# ## 9. Parameter update: momentum Adam
#
# Plain gradient descent moves each parameter $\theta$ against its gradient $g$:
# $\theta \leftarrow \theta - \alpha\, g$. Our optimiser combines **momentum** (a
# running average $V$ of the gradients, which smooths the direction) with an
# **RMS** scaling (a running average $G$ of the squared gradients, which gives
# every parameter its own step size):
#
# $$V \leftarrow \beta V + (1-\beta)\, g, \qquad
#   G \leftarrow \beta_2 G + (1-\beta_2)\, g^2, \qquad
#   \theta \leftarrow \theta - \alpha \frac{V}{\sqrt{G + \epsilon}}.$$
#
# Two details are fixed in this assignment: $\epsilon$ goes **inside** the
# square root, and there is **no bias correction** (unlike the textbook Adam).
# Defaults: $\beta = 0.9$, $\beta_2 = 0.99$, $\epsilon = 10^{-8}$.
#
# `update_parameters_with_momentum_Adam(parameters, gradients, alpha, beta=0.9, beta2=0.99, eps=1e-8)`
# updates, for every layer $l$:
#
# * `W{l}` and `b{l}` with the gradients `dW{l}`, `db{l}` and the state
#   `VdW{l}`, `GdW{l}`, `Vdb{l}`, `Gdb{l}` when `parameters["apply_momentum"]`
#   is true; with plain gradient descent otherwise;
# * if the layer's flag in `parameters["bnorm_list"]` is set, also
#   `bnorm_beta{l}` and `bnorm_gamma{l}` with `dbnorm_beta{l}`,
#   `dbnorm_gamma{l}`, the same way (state `Vbnorm_beta{l}`, `Gbnorm_beta{l}`,
#   `Vbnorm_gamma{l}`, `Gbnorm_gamma{l}` with momentum; plain descent without).
#
# It returns `parameters` with the new values (and the new $V$, $G$).

# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_momentum_Adam", "locked": false, "schema_version": 3, "solution": true}
def update_parameters_with_momentum_Adam(parameters, gradients, alpha, beta=0.9, beta2=0.99, eps=1e-8):
    """One optimisation step: momentum Adam (no bias correction) or plain gradient descent.

    Inputs:
        parameters: dict with "numLayers", "apply_momentum", "bnorm_list", "W{l}", "b{l}",
            "bnorm_beta{l}", "bnorm_gamma{l}" and, with momentum, the state
            "VdW{l}", "Vdb{l}", "GdW{l}", "Gdb{l}", "Vbnorm_beta{l}", "Gbnorm_beta{l}",
            "Vbnorm_gamma{l}", "Gbnorm_gamma{l}".
        gradients: dict with "dW{l}", "db{l}", "dbnorm_beta{l}", "dbnorm_gamma{l}".
        alpha: learning rate; beta, beta2: decay rates of V and G; eps: added inside the sqrt.
    Returns:
        parameters, updated: for theta in W, b (and bnorm_beta, bnorm_gamma where the
        layer's bnorm_list flag is set):
            with momentum: V = beta*V + (1-beta)*g, G = beta2*G + (1-beta2)*g**2,
                           theta = theta - alpha * V / sqrt(G + eps);
            without:       theta = theta - alpha * g.
    """
    ### BEGIN SOLUTION
    apply_momentum = parameters["apply_momentum"]
    bnorm_list = parameters.get("bnorm_list", [False] * parameters["numLayers"])
    for l in range(1, parameters["numLayers"] + 1):
        s = str(l)
        # (parameter key, gradient key, velocity key, squared-gradient key)
        items = [("W" + s, "dW" + s, "VdW" + s, "GdW" + s),
                 ("b" + s, "db" + s, "Vdb" + s, "Gdb" + s)]
        if bnorm_list[l - 1]:
            items += [("bnorm_beta" + s, "dbnorm_beta" + s, "Vbnorm_beta" + s, "Gbnorm_beta" + s),
                      ("bnorm_gamma" + s, "dbnorm_gamma" + s, "Vbnorm_gamma" + s, "Gbnorm_gamma" + s)]
        for key, gkey, vkey, sqkey in items:
            g = gradients[gkey]
            if apply_momentum:
                parameters[vkey] = beta * parameters[vkey] + (1 - beta) * g
                parameters[sqkey] = beta2 * parameters[sqkey] + (1 - beta2) * g ** 2
                parameters[key] = parameters[key] - alpha * parameters[vkey] / np.sqrt(parameters[sqkey] + eps)
            else:
                parameters[key] = parameters[key] - alpha * g
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_update_parameters_with_momentum_Adam", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks update_parameters_with_momentum_Adam: one momentum-Adam step (W, b and the batchnorm parameters) and one plain gradient-descent step.
np.random.seed(9)
params = {"numLayers": 1, "apply_momentum": True, "bnorm_list": [1],
          "W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1),
          "bnorm_beta1": np.random.randn(2, 1), "bnorm_gamma1": np.random.randn(2, 1),
          "VdW1": 0.1 * np.random.randn(2, 3), "GdW1": 0.01 * np.random.rand(2, 3),
          "Vdb1": 0.1 * np.random.randn(2, 1), "Gdb1": 0.01 * np.random.rand(2, 1),
          "Vbnorm_beta1": 0.1 * np.random.randn(2, 1), "Gbnorm_beta1": 0.01 * np.random.rand(2, 1),
          "Vbnorm_gamma1": 0.1 * np.random.randn(2, 1), "Gbnorm_gamma1": 0.01 * np.random.rand(2, 1)}
grads = {"dW1": np.random.randn(2, 3), "db1": np.random.randn(2, 1),
         "dbnorm_beta1": np.random.randn(2, 1), "dbnorm_gamma1": np.random.randn(2, 1)}
params = update_parameters_with_momentum_Adam(params, grads, 0.01)
# reference value: {k: params[k] for k in ['VdW1', 'GdW1', 'W1', 'Vdb1', 'Gdb1', 'b1', 'Vbnorm_beta1', 'Gbnorm_beta1', 'bnorm_beta1', 'Vbnorm_gamma1', 'Gbnorm_gamma1', 'bnorm_gamma1']}
expected = {'VdW1': np.array([[-0.240509600823, -0.027652598492, 0.141321982956],
                              [0.065700750351, 0.251891791972, 0.0231748393189]]),
            'GdW1': np.array([[0.0795679363425, 0.0129509083496, 0.00982790982441],
                              [0.0086823314458, 0.0225146830882, 0.0125453233349]]),
            'W1': np.array([[0.00963490838114, -0.287114184557, -1.13032168705],
                            [-0.0199337759739, -0.395148769959, -0.483204434998]]),
            'Vdb1': np.array([[0.191155449377],
                              [0.141816303763]]),
            'Gdb1': np.array([[0.0234296673001],
                              [0.0278265799908]]),
            'b1': np.array([[-1.52981948474],
                            [-0.499373493129]]),
            'Vbnorm_beta1': np.array([[-0.0191721839011],
                                      [-0.0375972808389]]),
            'Gbnorm_beta1': np.array([[0.0132814449069],
                                      [0.00753860090268]]),
            'bnorm_beta1': np.array([[-0.239016979083],
                                     [-0.643617232138]]),
            'Vbnorm_gamma1': np.array([[-0.0948304909438],
                                       [-0.144617971523]]),
            'Gbnorm_gamma1': np.array([[0.00854334992529],
                                       [0.00681780776573]]),
            'bnorm_gamma1': np.array([[0.646150756278],
                                      [1.75763187899]])}
for key in ["VdW1", "Vdb1", "Vbnorm_beta1", "Vbnorm_gamma1"]:
    np.testing.assert_allclose(params[key], expected[key], rtol=1e-6, atol=1e-10,
                               err_msg=f"The velocity {key} should become beta * V + (1 - beta) * gradient.")
for key in ["GdW1", "Gdb1", "Gbnorm_beta1", "Gbnorm_gamma1"]:
    np.testing.assert_allclose(params[key], expected[key], rtol=1e-6, atol=1e-10,
                               err_msg=f"The squared-gradient average {key} should become "
                                       f"beta2 * G + (1 - beta2) * gradient**2.")
for key in ["W1", "b1", "bnorm_beta1", "bnorm_gamma1"]:
    np.testing.assert_allclose(params[key], expected[key], rtol=1e-6, atol=1e-10,
                               err_msg=f"{key} after the update is not right: theta - alpha * V / sqrt(G + eps), "
                                       f"using the new V and G, with eps inside the square root and no bias "
                                       f"correction.")

# Without momentum: plain gradient descent; a layer without batchnorm has no batchnorm parameters to update.
params_gd = {"numLayers": 1, "apply_momentum": False, "bnorm_list": [0],
             "W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([[0.1], [-0.1]]),
             "bnorm_beta1": np.asarray([]), "bnorm_gamma1": np.asarray([])}
grads_gd = {"dW1": np.array([[0.5, 1.0], [-1.0, 2.0]]), "db1": np.array([[1.0], [-2.0]]),
            "dbnorm_beta1": [], "dbnorm_gamma1": []}
params_gd = update_parameters_with_momentum_Adam(params_gd, grads_gd, 0.1)
# reference value: params_gd['W1']
expected_W1_gd = np.array([[0.95, -2.1],
                           [0.6, -0.2]])
# reference value: params_gd['b1']
expected_b1_gd = np.array([[0.0],
                           [0.1]])
np.testing.assert_allclose(params_gd["W1"], expected_W1_gd, rtol=1e-6, atol=1e-10,
                           err_msg="Without momentum, W should become W - alpha * dW.")
np.testing.assert_allclose(params_gd["b1"], expected_b1_gd, rtol=1e-6, atol=1e-10,
                           err_msg="Without momentum, b should become b - alpha * db.")
print("update_parameters_with_momentum_Adam: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("update_parameters_with_momentum_Adam", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_network", "locked": true, "schema_version": 3, "solution": false}
# ## 10. The training loop
#
# `multi_layer_network(X, Y, net_dims, act_list, drop_prob_list, bnorm_list, num_epochs=3, batch_size=64, learning_rate=0.2, decay_rate=0.01, apply_momentum=True, log=True, log_step=200)`
# puts everything together and returns `(costs, parameters)`:
#
# 1. initialise with `initialize_network`, then `initialize_velocity`, then
#    `initialize_bnorm_params` (this order fixes the random draws);
# 2. for each epoch $e = 0, 1, \dots$ use the decayed learning rate
#    $$\alpha_e = \frac{\text{learning\_rate}}{1 + \text{decay\_rate}\cdot e};$$
# 3. go through the data in **minibatches of consecutive columns, in order, no
#    shuffling**: for `ii in range((m - 1) // batch_size + 1)` take the columns
#    `ii*batch_size : (ii+1)*batch_size` (the last minibatch may be smaller);
# 4. for every minibatch: forward in mode `'train'`, softmax loss, its
#    derivative, backward, update with $\alpha_e$;
# 5. an iteration counter starts at 0 and counts minibatches across epochs;
#    when `itr % log_step == 0`, append that minibatch's cost to `costs` (and
#    print it if `log` is true).

# %% nbgrader={"grade": false, "grade_id": "multi_layer_network", "locked": false, "schema_version": 3, "solution": true}
def multi_layer_network(X, Y, net_dims, act_list, drop_prob_list, bnorm_list, num_epochs=3,
                        batch_size=64, learning_rate=0.2, decay_rate=0.01, apply_momentum=True,
                        log=True, log_step=200):
    """Create and train a multi-layer network with minibatch optimisation.

    Inputs:
        X: numpy array (n_0, m), training data, one sample per column.
        Y: numpy array (1, m), labels (class indices, may be floats).
        net_dims: layer sizes [n_0, ..., n_L]; act_list, drop_prob_list, bnorm_list: one
            entry per layer (activation name, dropout probability, batchnorm flag).
        num_epochs: passes over the data; batch_size: minibatch size (columns in order,
            no shuffling; the last minibatch may be smaller).
        learning_rate, decay_rate: epoch e uses alpha = learning_rate / (1 + decay_rate * e).
        apply_momentum: momentum Adam if True, plain gradient descent otherwise.
        log: print the cost when it is recorded; log_step: record the minibatch cost
            every log_step iterations (itr = 0, log_step, 2*log_step, ...).
    Returns:
        costs: list of the recorded minibatch costs.
        parameters: dict of the trained network.
    """
    ### BEGIN SOLUTION
    Y = np.asarray(Y)
    m = X.shape[1]
    parameters = initialize_network(net_dims, act_list, drop_prob_list)
    parameters = initialize_velocity(parameters, apply_momentum)
    parameters = initialize_bnorm_params(parameters, bnorm_list, apply_momentum)
    costs = []
    itr = 0
    num_batches = (m - 1) // batch_size + 1
    for epoch in range(num_epochs):
        alpha = learning_rate * (1 / (1 + decay_rate * epoch))
        for ii in range(num_batches):
            X_batch = X[:, ii * batch_size:(ii + 1) * batch_size]
            Y_batch = Y[:, ii * batch_size:(ii + 1) * batch_size]
            AL, caches = multi_layer_forward(X_batch, parameters, 'train')
            _, soft_cache, cost = softmax_cross_entropy_loss(AL, Y_batch)
            dZ = softmax_cross_entropy_loss_der(Y_batch, soft_cache)
            gradients = multi_layer_backward(dZ, caches, parameters)
            parameters = update_parameters_with_momentum_Adam(parameters, gradients, alpha)
            if itr % log_step == 0:
                costs.append(cost)
                if log:
                    print(f"Cost at iteration {itr}: {cost:.5f}, learning rate {alpha:.6f}")
            itr += 1
    ### END SOLUTION
    return costs, parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_multi_layer_network", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks multi_layer_network on a tiny seeded problem: the cost log (every iteration), the minibatch order and the trained parameters.
np.random.seed(10)
X_small = np.random.randn(5, 10)
Y_small = np.array([[0., 1., 2., 1., 0., 2., 2., 1., 0., 1.]])
np.random.seed(1)
costs_small, params_small = multi_layer_network(X_small, Y_small, [5, 4, 3], ["relu", "linear"], [0.2, 0.0],
                                                [1, 1], num_epochs=2, batch_size=4, learning_rate=0.01,
                                                decay_rate=0.1, apply_momentum=True, log=False, log_step=1)
# reference value: np.array(costs_small)
expected_costs = np.array([0.626249269196, 1.50907950431, 2.44115597352, 0.805816095133, 1.56782737536, 2.17318692451])
# reference value: params_small['W1']
expected_W1 = np.array([[1.44070165102, -0.566560731954, -0.453973981865, -0.940832142963, 0.793641449221],
                        [-2.00065145546, 1.61849629901, -0.738701092666, 0.228400828872, -0.166929056389],
                        [1.30773087757, -1.84266704108, -0.288345572469, -0.343500691388, 1.01405970551],
                        [-1.01924699124, -0.197632302806, -0.747807117175, 0.0811003628422, 0.492835138017]])
# reference value: params_small['bnorm_gamma2']
expected_gamma2 = np.array([[1.6516294064],
                            [0.055286412274],
                            [-0.682411985993]])
assert len(costs_small) == 6, (
    f"With 10 samples, batch_size 4 (minibatches of 4, 4 and 2 columns), 2 epochs and log_step 1 there "
    f"should be 6 recorded costs; got {len(costs_small)}.")
np.testing.assert_allclose(np.ravel(costs_small)[:1], expected_costs[:1], rtol=1e-6, atol=1e-10,
                           err_msg="The first cost is not right: initialise with initialize_network, "
                                   "initialize_velocity, initialize_bnorm_params in this order, then run the "
                                   "first minibatch (the first batch_size columns) in 'train' mode.")
np.testing.assert_allclose(np.ravel(costs_small), expected_costs, rtol=1e-6, atol=1e-10,
                           err_msg="The costs after the first one are not right: check the minibatch "
                                   "slicing (consecutive columns, no shuffling), the update with the "
                                   "decayed learning rate, and when costs are recorded.")
np.testing.assert_allclose(params_small["W1"], expected_W1, rtol=1e-6, atol=1e-10, err_msg="The trained W1 is not right.")
np.testing.assert_allclose(params_small["bnorm_gamma2"], expected_gamma2, rtol=1e-6, atol=1e-10,
                           err_msg="The trained bnorm_gamma2 is not right: are the batchnorm parameters "
                                   "updated too?")
print("multi_layer_network: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("multi_layer_network", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_classify", "locked": true, "schema_version": 3, "solution": false}
# ## 11. Prediction
#
# `classify(X, parameters, mode='test')` runs the forward pass in `mode`
# (`'test'`: no dropout), applies the softmax (without labels) and returns, for
# every sample, the index of the most probable class: an integer array of
# shape $(1, m)$.

# %% nbgrader={"grade": false, "grade_id": "classify", "locked": false, "schema_version": 3, "solution": true}
def classify(X, parameters, mode='test'):
    """Predict the class of every sample.

    Inputs:
        X: numpy array (n_0, m), data.
        parameters: dict of a trained network.
        mode: 'test' (default) or 'train', passed to the forward pass.
    Returns:
        YPred: numpy integer array (1, m), the predicted class of each column of X.
    """
    ### BEGIN SOLUTION
    AL, _ = multi_layer_forward(X, parameters, mode)
    A, _, _ = softmax_cross_entropy_loss(AL)
    YPred = np.argmax(A, axis=0).reshape(1, -1)
    ### END SOLUTION
    return YPred


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_classify", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks classify: the predicted classes, as a (1, m) integer array, of a small network in test mode.
np.random.seed(0)
params = {"numLayers": 2, "apply_momentum": False, "bnorm_list": [1, 0],
          "W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1), "act1": "relu", "dropout1": 0.5,
          "bnorm_beta1": np.random.randn(3, 1), "bnorm_gamma1": np.random.randn(3, 1),
          "W2": np.random.randn(3, 3), "b2": np.random.randn(3, 1), "act2": "linear", "dropout2": 0.0,
          "bnorm_beta2": np.asarray([]), "bnorm_gamma2": np.asarray([])}
X = np.random.randn(4, 8)
YPred = classify(X, params)
# reference value: YPred
expected_YPred = np.array([[0, 2, 0, 1, 2, 2, 2, 2]])
assert np.shape(YPred) == (1, 8), f"YPred should have shape (1, m) = (1, 8); got {np.shape(YPred)}."
assert np.issubdtype(np.asarray(YPred).dtype, np.integer), (
    f"YPred should hold integer class indices; got dtype {np.asarray(YPred).dtype}.")
np.testing.assert_array_equal(YPred, expected_YPred,
                              err_msg="The predicted classes are not right: take the argmax over the classes "
                                      "(axis 0) of the softmax of the network's output, in test mode.")
print("classify: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("classify", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_training", "locked": true, "schema_version": 3, "solution": false}
# ## 12. Training on MNIST
#
# Time to train the real network: layer sizes `[784, 100, 100, 10]`, ReLU in the
# two hidden layers and a linear last layer (the softmax is in the loss), no
# dropout, batch normalisation in all three layers, 3 epochs of minibatches of
# 64, learning rate $10^{-3}$ with decay rate $0.1$, momentum Adam. The cell
# below uses **your** functions and takes a few seconds.
#
# A reference run of exactly this configuration reaches about **97% training
# accuracy and 96.6% test accuracy**. The graded cell after it requires at
# least **95% on both**. The recorded cost (one minibatch every 200
# iterations, so the curve is noisy) should drop from about 2.5 to below 0.5
# within the first 600 or so iterations, then keep going down slowly to around
# 0.1-0.3. Your numbers may differ slightly from the reference run (the
# floating-point order of operations differs between implementations and
# machines), but not by much.
#
# *If the accuracy is too low:* check that every test above passes, that the
# gradients of `batchnorm_der` and the update are right, and that you slice the
# minibatches of both `X` and `Y` the same way.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "training_run", "locked": true, "schema_version": 3, "solution": false}
np.random.seed(1)
costs, parameters = multi_layer_network(train_X, train_Y, [784, 100, 100, 10], ["relu", "relu", "linear"],
                                        [0, 0, 0], [1, 1, 1], num_epochs=3, batch_size=64,
                                        learning_rate=1e-3, decay_rate=0.1, apply_momentum=True,
                                        log=True, log_step=200)


def accuracy(X, Y, parameters):
    YPred = np.asarray(classify(X, parameters))
    assert YPred.shape == Y.shape, f"classify should return shape {Y.shape}; got {YPred.shape}."
    return float(np.mean(YPred == Y))


train_accuracy = accuracy(train_X, train_Y, parameters)
test_accuracy = accuracy(test_X, test_Y, parameters)
print(f"Training accuracy: {train_accuracy:.2%}")
print(f"Test accuracy:     {test_accuracy:.2%}")
fig = plot_costs(costs, log_step=200)

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks the trained network `parameters` from the cell above: at least 95% accuracy on the training and on the test set.
assert "parameters" in globals(), ("No trained network found: run the training cell above (it defines "
                                   "`parameters`) before this check.")
train_pred = np.asarray(classify(train_X, parameters))
test_pred = np.asarray(classify(test_X, parameters))
assert train_pred.shape == train_Y.shape and test_pred.shape == test_Y.shape, (
    f"classify should return one prediction per column, shape (1, m); got {train_pred.shape} for the "
    f"training set (expected {train_Y.shape}).")
train_acc = float(np.mean(train_pred == train_Y))
test_acc = float(np.mean(test_pred == test_Y))
assert train_acc >= 0.95, (
    f"The training accuracy is {train_acc:.2%}, below the 95% bar (a correct implementation reaches about 97%). "
    f"Common causes: a wrong gradient (batchnorm_der, layer_backward), the update not using the new V and G, "
    f"the batchnorm parameters not being updated, or X and Y minibatches sliced differently.")
assert test_acc >= 0.95, (
    f"The test accuracy is {test_acc:.2%}, below the 95% bar (a correct implementation reaches about 96.6%) "
    f"while the training accuracy is {train_acc:.2%}. Check classify (mode 'test', argmax over axis 0).")
print(f"training: visible check passed (train {train_acc:.2%}, test {test_acc:.2%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_experiments", "locked": true, "schema_version": 3, "solution": false}
# ## 13. Free experimentation (not graded)
#
# Try other widths and depths, dropout, learning rates, no momentum, or no batch
# normalisation, and compare the cost curves and accuracies. Use new variable
# names (as below), so that `parameters` keeps the network graded above, and
# keep the example commented out before you submit so that grading stays fast.

# %%
# Example (uncomment to run; it takes about as long as the training above): one wider hidden layer with dropout.
# np.random.seed(0)
# exp_costs, exp_parameters = multi_layer_network(train_X, train_Y, [784, 200, 10], ["relu", "linear"],
#                                                 [0.2, 0], [1, 1], num_epochs=2, batch_size=64,
#                                                 learning_rate=1e-3, decay_rate=0.1, apply_momentum=True,
#                                                 log=False)
# print("test accuracy:", np.mean(classify(test_X, exp_parameters) == test_Y))
# plot_costs(exp_costs, log_step=200)
