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
# # Initialisation, regularisation, gradient checking and optimisation
#
# Deep networks are easy to write down and surprisingly easy to train badly. In
# this assignment you work, **with numpy only**, on small networks and
# two-dimensional data, so that you can *see* what each technique does by
# drawing the decision boundary:
#
# 1. **Initialisation**: why all-zero weights fail, why huge random weights hurt,
#    and why He initialisation works.
# 2. **Regularisation**: L2 weight decay and (inverted) dropout against
#    over-fitting.
# 3. **Gradient checking**: how to prove that a backward pass is right, and how
#    to find the mistakes in one that is not.
# 4. **Optimisation**: minibatches, momentum and Adam (with bias correction).
#
# ### How grading works
#
# * Each function you write lives in a cell that says `# YOUR CODE HERE`.
#   Replace `raise NotImplementedError()` with your implementation. Keep the
#   name and the signature exactly as given: the tests call them by name.
# * After each of these cells comes a **test cell**. It runs a small worked
#   example whose expected numbers you can read, then **hidden tests** that run
#   when your notebook is graded (fresh random inputs of several shapes, edge
#   cases, and whether seeded random draws happen in the specified order). The
#   visible examples passing is a good sign, not a guarantee.
# * The training results are graded cells of their own, computed with **your**
#   functions. Each states what a reference implementation reaches and the bar
#   you need.
# * **Do not modify, delete or copy the test cells** (or any read-only cell);
#   add new cells to experiment.
# * The notebook is graded by running it **from top to bottom** in a fresh
#   kernel: use **Kernel → Restart & Run All** before you submit.
# * Points: 100 in total, shown in each test cell's header.
#
# ### Conventions used throughout
#
# * Data matrices are **(features, samples)**: `X` has shape $(n_x, m)$, one
#   column per sample. Labels `Y` are a $(1, m)$ array of 0/1.
# * The parameters live in one dict, `parameters`, with keys `"W1"`, `"b1"`,
#   `"W2"`, ... Layer $l$ has $W^{[l]}$ of shape $(n_l, n_{l-1})$ and $b^{[l]}$
#   of shape $(n_l, 1)$.
# * Randomness comes from numpy's global generator. **Some functions below must
#   call `np.random.seed(...)` themselves** (the description says exactly
#   where); everywhere else, do not seed.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false}
import numpy as np
import matplotlib.pyplot as plt

from course_lib.data import load_moons, load_overfit_data
from course_lib.plotting import plot_decision_boundary, plot_runs, plot_costs

# %matplotlib inline


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_given", "locked": true, "schema_version": 3, "solution": false}
# ## 0. The model you are given
#
# All the studies use the same 3-layer network
#
# $$\text{LINEAR} \to \text{RELU} \to \text{LINEAR} \to \text{RELU} \to \text{LINEAR} \to \text{SIGMOID},$$
#
# $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]},\quad A^{[1]} = \mathrm{relu}(Z^{[1]}),\ A^{[2]} = \mathrm{relu}(Z^{[2]}),\ A^{[3]} = \sigma(Z^{[3]}),\qquad A^{[0]} = X,$$
#
# trained on the mean binary cross-entropy
#
# $$J = -\frac{1}{m}\sum_{i=1}^{m}\Big(y^{(i)}\log a^{[3](i)} + (1 - y^{(i)})\log\big(1 - a^{[3](i)}\big)\Big).$$
#
# The cell below gives it to you, read it carefully: you will modify these
# functions in the next sections.
#
# * `forward_propagation(X, parameters)` returns `(A3, cache)`, with
#   `cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`.
# * `backward_propagation(X, Y, cache)` returns a dict of gradients with keys
#   `dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1`. Note the
#   convention: $dZ^{[3]} = A^{[3]} - Y$ (no $1/m$ there), and the $1/m$ of the
#   mean appears in every $dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]T}$ and
#   $db^{[l]} = \frac{1}{m}\sum_i dZ^{[l](i)}$.
# * `compute_cost(A3, Y)`, `update_parameters(parameters, grads, learning_rate)`
#   (one gradient-descent step; `update_parameters_with_gd` is the same
#   function), `predict(X, parameters)` (0/1, shape $(1, m)$) and
#   `accuracy(X, Y, parameters)`.
# * `initialize_parameters(layer_dims)`, used by the regularisation study:
#   $W^{[l]} = \texttt{randn}(n_l, n_{l-1}) / \sqrt{n_{l-1}}$ after
#   `np.random.seed(3)`.
# * `layer_key("W", 2) == "W2"` builds the dict keys, and
#   `num_layers(parameters)` counts the layers.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_model", "locked": true, "schema_version": 3, "solution": false}
def sigmoid(x):
    """Sigmoid of x (any shape), computed without overflow."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(x):
    """ReLU of x (any shape): max(0, x)."""
    return np.maximum(0, x)


def layer_key(prefix, layer):
    """The dict key of ``prefix`` for ``layer``: ``layer_key("W", 2) == "W2"``."""
    return f"{prefix}{layer}"


def num_layers(parameters):
    """Number of layers L of a parameters dict with keys W1, b1, ..., WL, bL."""
    return sum(1 for k in parameters if k.startswith("W"))


def forward_propagation(X, parameters):
    """LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

    X: (n_x, m); parameters: W1 (n1, n_x), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1).
    Returns A3 (1, m) and cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
    """
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X, Y, cache):
    """Gradients of the mean cross-entropy for the 3-layer model.

    X: (n_x, m); Y: (1, m); cache from forward_propagation.
    Returns a dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1
    (dZ3 = A3 - Y; the 1/m lives in the dW and db).
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def compute_cost(A3, Y):
    """Mean binary cross-entropy of A3 (1, m) against labels Y (1, m); 0 * log 0 counts as 0."""
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    return 1. / m * np.nansum(logprobs)


def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W and b; returns the updated dict."""
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            key = layer_key(p, l)
            parameters[key] = parameters[key] - learning_rate * grads[layer_key("d" + p, l)]
    return parameters


def update_parameters_with_gd(parameters, grads, learning_rate):
    """The same gradient-descent step as update_parameters (the name model uses)."""
    return update_parameters(parameters, grads, learning_rate)


def predict(X, parameters):
    """0/1 predictions (1, m) of the 3-layer model: 1 where A3 > 0.5."""
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(np.int64)


def accuracy(X, Y, parameters):
    """Fraction of the columns of X whose prediction equals Y."""
    return float(np.mean(predict(X, parameters) == Y))


def initialize_parameters(layer_dims):
    """Weights randn(n_l, n_{l-1}) / sqrt(n_{l-1}) after np.random.seed(3), biases zero."""
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[layer_key("W", l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[layer_key("b", l)] = np.zeros((layer_dims[l], 1))
    return parameters


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_data", "locked": true, "schema_version": 3, "solution": false}
# ### The data
#
# Two 2-D datasets from the course library, both fixed and reproducible:
#
# * **the moons**: two interleaved half-moons with Gaussian noise (0.2), 300
#   training and 100 test points; used for initialisation and optimisation;
# * **the noisy rings**: two concentric rings where 5% of the labels are
#   flipped, 200 training and 500 test points. A large unregularised network
#   learns the flipped points by heart and over-fits: exactly what
#   regularisation is for.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "data_load", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
train_X, train_Y, test_X, test_Y = load_moons()
rings_train_X, rings_train_Y, rings_test_X, rings_test_Y = load_overfit_data()
print(f"moons: train_X {train_X.shape}, train_Y {train_Y.shape}, test_X {test_X.shape}")
print(f"rings: train_X {rings_train_X.shape}, train_Y {rings_train_Y.shape}, test_X {rings_test_X.shape}")
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
axes[0].scatter(train_X[0], train_X[1], c=train_Y.ravel(), s=12, cmap="Spectral")
axes[0].set_title("moons (training set)")
axes[1].scatter(rings_train_X[0], rings_train_X[1], c=rings_train_Y.ravel(), s=12, cmap="Spectral")
axes[1].set_title("noisy rings (training set)")
plt.show()


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init", "locked": true, "schema_version": 3, "solution": false}
# ## 1. Initialisation
#
# Training starts from the initial weights, and a bad start can make training
# slow or impossible. You write three initialisers of the same signature:
# `layers_dims` is a list $[n_0, n_1, \dots, n_L]$ of layer sizes, and the
# result holds `W1, b1, ..., WL, bL`, every $b^{[l]}$ being zeros of shape
# $(n_l, 1)$.
#
# * **zeros**: every $W^{[l]}$ is zeros. All the units of a layer then compute
#   the same thing and receive the same gradient: the symmetry is never broken
#   and the network is no better than a single unit per layer.
# * **random ×10**: $W^{[l]} = \texttt{np.random.randn}(n_l, n_{l-1}) \cdot 10$.
#   Random weights break the symmetry, but large weights saturate the sigmoid:
#   outputs near exactly 0 or 1, huge costs for the wrong ones, slow progress.
# * **He**: $W^{[l]} = \texttt{np.random.randn}(n_l, n_{l-1}) \cdot
#   \sqrt{2 / n_{l-1}}$, scaled so that the variance of the activations stays
#   about constant through ReLU layers (He et al., 2015).
#
# **Fixed randomness.** Each initialiser calls `np.random.seed(3)` as its first
# statement (the zeros one too, even though it draws nothing), then, for the
# random ones, draws $W^{[1]}$, $W^{[2]}$, ... in layer order with one
# `np.random.randn` call each. The hidden tests check the values and the state
# of the random generator after the call.


# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_zeros", "locked": false, "schema_version": 3, "solution": true}
def initialize_parameters_zeros(layers_dims):
    """All-zero initialisation (calls np.random.seed(3) first, draws nothing).

    Input:
        layers_dims: list of ints [n_0, n_1, ..., n_L], the size of each layer.
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": zeros (n_l, n_{l-1}),
            "b{l}": zeros (n_l, 1).
    """
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[layer_key("W", l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[layer_key("b", l)] = np.zeros((layers_dims[l], 1))
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_parameters_zeros", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks initialize_parameters_zeros: the keys, the shapes, all zeros, and np.random.seed(3) called first.
parameters = initialize_parameters_zeros([3, 2, 1])
assert set(parameters) == {"W1", "b1", "W2", "b2"}, (
    f"For layers_dims = [3, 2, 1] the keys should be W1, b1, W2, b2; got {sorted(parameters)}.")
assert np.shape(parameters["W1"]) == (2, 3) and np.shape(parameters["b1"]) == (2, 1), (
    f"W1 should be (2, 3) and b1 (2, 1); got {np.shape(parameters['W1'])} and {np.shape(parameters['b1'])}.")
assert np.shape(parameters["W2"]) == (1, 2) and np.shape(parameters["b2"]) == (1, 1), (
    f"W2 should be (1, 2) and b2 (1, 1); got {np.shape(parameters['W2'])} and {np.shape(parameters['b2'])}.")
for k in parameters:
    assert np.all(np.asarray(parameters[k]) == 0), f"{k} should hold only zeros."
after = np.random.rand()
np.random.seed(3)
assert after == np.random.rand(), ("After the call, numpy's random generator should be exactly as right "
                                   "after np.random.seed(3): seed it first, and draw nothing.")
print("initialize_parameters_zeros: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_parameters_zeros", globals())
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_random", "locked": false, "schema_version": 3, "solution": true}
def initialize_parameters_random(layers_dims):
    """Large random initialisation: W{l} = randn(n_l, n_{l-1}) * 10 after np.random.seed(3).

    Input:
        layers_dims: list of ints [n_0, n_1, ..., n_L].
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": (n_l, n_{l-1}), drawn in layer order, one np.random.randn call each, times 10,
            "b{l}": zeros (n_l, 1).
    """
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[layer_key("W", l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[layer_key("b", l)] = np.zeros((layers_dims[l], 1))
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_parameters_random", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks initialize_parameters_random: W = randn * 10 after np.random.seed(3), in layer order; b = 0.
parameters = initialize_parameters_random([3, 2, 1])
# reference value: parameters["W1"]
expected_W1 = np.array([[17.8862847343, 4.36509850512, 0.96497468072],
                        [-18.6349270336, -2.77388202514, -3.54758979269]])
# reference value: parameters["W2"]
expected_W2 = np.array([[-0.827414814825, -6.27000676824]])
assert np.shape(parameters["W1"]) == (2, 3) and np.shape(parameters["W2"]) == (1, 2), (
    f"W1 should be (2, 3) and W2 (1, 2); got {np.shape(parameters['W1'])} and {np.shape(parameters['W2'])}.")
np.testing.assert_allclose(parameters["W1"], expected_W1, rtol=1e-6, atol=1e-10,
                           err_msg="W1 is not right: seed with np.random.seed(3) first, draw "
                                   "np.random.randn(n_1, n_0) and multiply by 10.")
np.testing.assert_allclose(parameters["W2"], expected_W2, rtol=1e-6, atol=1e-10,
                           err_msg="W2 is not right: draw it right after W1, with shape (n_2, n_1).")
assert np.shape(parameters["b1"]) == (2, 1) and np.all(parameters["b1"] == 0), "b1 should be zeros of shape (2, 1)."
assert np.shape(parameters["b2"]) == (1, 1) and np.all(parameters["b2"] == 0), "b2 should be zeros of shape (1, 1)."
print("initialize_parameters_random: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_parameters_random", globals())
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_he", "locked": false, "schema_version": 3, "solution": true}
def initialize_parameters_he(layers_dims):
    """He initialisation: W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}) after np.random.seed(3).

    Input:
        layers_dims: list of ints [n_0, n_1, ..., n_L].
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": (n_l, n_{l-1}), drawn in layer order, one np.random.randn call each,
                    times sqrt(2 / n_{l-1}),
            "b{l}": zeros (n_l, 1).
    """
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        scale = np.sqrt(2.0 / layers_dims[l - 1])
        parameters[layer_key("W", l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters[layer_key("b", l)] = np.zeros((layers_dims[l], 1))
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_parameters_he", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks initialize_parameters_he: W = randn * sqrt(2 / n_prev) after np.random.seed(3), in layer order; b = 0.
parameters = initialize_parameters_he([2, 4, 1])
# reference value: parameters["W1"]
expected_W1 = np.array([[1.78862847343, 0.436509850512],
                        [0.096497468072, -1.86349270336],
                        [-0.277388202514, -0.354758979269],
                        [-0.0827414814825, -0.627000676824]])
# reference value: parameters["W2"]
expected_W2 = np.array([[-0.0309841244221, -0.337444105372, -0.929042676665, 0.625522484041]])
assert np.shape(parameters["W1"]) == (4, 2) and np.shape(parameters["W2"]) == (1, 4), (
    f"W1 should be (4, 2) and W2 (1, 4); got {np.shape(parameters['W1'])} and {np.shape(parameters['W2'])}.")
np.testing.assert_allclose(parameters["W1"], expected_W1, rtol=1e-6, atol=1e-10,
                           err_msg="W1 is not right: seed with np.random.seed(3) first, then scale "
                                   "randn(n_1, n_0) by the square root of 2 over the size of the previous layer.")
np.testing.assert_allclose(parameters["W2"], expected_W2, rtol=1e-6, atol=1e-10,
                           err_msg="W2 is not right: its scale uses the size of layer 1 (the previous layer).")
assert np.shape(parameters["b1"]) == (4, 1) and np.all(parameters["b1"] == 0), "b1 should be zeros of shape (4, 1)."
assert np.shape(parameters["b2"]) == (1, 1) and np.all(parameters["b2"] == 0), "b2 should be zeros of shape (1, 1)."
print("initialize_parameters_he: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_parameters_he", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init_study", "locked": true, "schema_version": 3, "solution": false}
# ### The initialisation study
#
# The given `model_init` trains the network $[2, 10, 5, 1]$ on the moons with
# full-batch gradient descent (learning rate 0.01, 10,000 iterations) from the
# initialiser you name, and records the cost every 1,000 iterations. It runs
# in a few seconds. The study is at the end of the notebook (section 5), after
# all the functions are written.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_model_init", "locked": true, "schema_version": 3, "solution": false}
def model_init(X, Y, initialization="he", learning_rate=0.01, num_iterations=10000):
    """Train the 3-layer model INIT_DIMS = [2, 10, 5, 1] with full-batch gradient descent.

    X: (2, m), Y: (1, m); initialization: "zeros", "random" or "he".
    Returns (parameters, costs), the cost recorded every 1000 iterations.
    """
    initializers = {"zeros": initialize_parameters_zeros, "random": initialize_parameters_random,
                    "he": initialize_parameters_he}
    if initialization not in initializers:
        raise ValueError(f"unknown initialization {initialization!r}")
    parameters = initializers[initialization](INIT_DIMS)
    costs = []
    for i in range(num_iterations):
        A3, cache = forward_propagation(X, parameters)
        if i % 1000 == 0:
            costs.append(compute_cost(A3, Y))
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


INIT_DIMS = [2, 10, 5, 1]


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_l2", "locked": true, "schema_version": 3, "solution": false}
# ## 2. Regularisation
#
# ### L2 regularisation
#
# L2 regularisation adds the squared weights to the cost, with a strength
# $\lambda$ (`lambd`, since `lambda` is a Python keyword):
#
# $$J_{\text{reg}} = \underbrace{-\frac{1}{m}\sum_{i=1}^{m}\Big(y^{(i)}\log a^{[3](i)} + (1-y^{(i)})\log\big(1-a^{[3](i)}\big)\Big)}_{\text{compute\_cost(A3, Y)}}
# \;+\; \frac{\lambda}{2m}\sum_{l=1}^{3}\sum_{k,j}\big(W^{[l]}_{kj}\big)^2 .$$
#
# Large weights now cost something, so the network prefers smoother functions
# that cannot wrap themselves around every noisy point. Only the weights are
# penalised, not the biases.
#
# The extra term's gradient with respect to $W^{[l]}$ is
# $\frac{\lambda}{m}W^{[l]}$, and nothing else changes: the backward pass is the
# given `backward_propagation` with $\frac{\lambda}{m}W^{[l]}$ added to each
# $dW^{[l]}$ (the $dZ$, $dA$ and $db$ entries are the plain ones, and the dict
# has the same keys). This is also called *weight decay*: a gradient step
# $W \leftarrow W - \alpha\,(dW + \frac{\lambda}{m}W)$ shrinks the weights a
# little at every step.


# %% nbgrader={"grade": false, "grade_id": "compute_cost_with_regularization", "locked": false, "schema_version": 3, "solution": true}
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy cost plus the L2 penalty of the three weight matrices.

    Inputs:
        A3: (1, m) output of the forward pass (probabilities).
        Y: (1, m) labels 0/1.
        parameters: dict with W1 (n1, n0), W2 (n2, n1), W3 (1, n2) (and the biases).
        lambd: float >= 0, the regularisation strength.
    Returns:
        cost: float, compute_cost(A3, Y) + lambd / (2m) * (sum(W1**2) + sum(W2**2) + sum(W3**2)).
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(A3, Y)
    squares = sum(np.sum(np.square(parameters[layer_key("W", l)])) for l in (1, 2, 3))
    cost = cross_entropy_cost + lambd / (2 * m) * squares
    ### END SOLUTION
    return cost


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_compute_cost_with_regularization", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks compute_cost_with_regularization: the cross-entropy plus lambd/(2m) times the sum of the squared weights.
np.random.seed(1)
Y_example = np.array([[1, 1, 0, 1, 0]])
W1 = np.random.randn(2, 3)
b1 = np.random.randn(2, 1)
W2 = np.random.randn(3, 2)
b2 = np.random.randn(3, 1)
W3 = np.random.randn(1, 3)
b3 = np.random.randn(1, 1)
example_parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
A3_example = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
cost = compute_cost_with_regularization(A3_example, Y_example, example_parameters, lambd=0.1)
# reference value: cost
expected_cost = 1.78648594516
assert np.size(cost) == 1, f"The cost should be one number; got shape {np.shape(cost)}."
np.testing.assert_allclose(float(cost), expected_cost, rtol=1e-6, atol=1e-10,
                           err_msg="The regularised cost is not right: the penalty is lambd / (2 m) times the "
                                   "sum of the squares of the entries of W1, W2 and W3 (not the biases), added "
                                   "to compute_cost(A3, Y).")
cost0 = compute_cost_with_regularization(A3_example, Y_example, example_parameters, lambd=0.0)
np.testing.assert_allclose(float(cost0), compute_cost(A3_example, Y_example), rtol=1e-9, atol=1e-12,
                           err_msg="With lambd = 0 the cost should equal compute_cost(A3, Y).")
print("compute_cost_with_regularization: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("compute_cost_with_regularization", globals())
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "backward_propagation_with_regularization", "locked": false, "schema_version": 3, "solution": true}
def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Backward pass of the 3-layer model with L2 regularisation.

    Inputs:
        X: (n0, m) input data.
        Y: (1, m) labels 0/1.
        cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation.
        lambd: float >= 0, the regularisation strength.
    Returns:
        gradients: dict with the keys of backward_propagation (dZ3, dW3, db3, dA2, dZ2, dW2,
            db2, dA1, dZ1, dW1, db1), each of the shape of its variable; each dW{l} gets
            lambd / m * W{l} added, the other entries are the plain gradients.
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    gradients = backward_propagation(X, Y, cache)
    weights = {1: cache[2], 2: cache[6], 3: cache[10]}
    for l, W in weights.items():
        key = layer_key("dW", l)
        gradients[key] = gradients[key] + lambd / m * W
    ### END SOLUTION
    return gradients


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_backward_propagation_with_regularization", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks backward_propagation_with_regularization: the plain gradients with lambd/m * W added to each dW.
np.random.seed(1)
X_example = np.random.randn(3, 5)
Y_example = np.array([[1, 1, 0, 1, 0]])
example_parameters = {"W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1),
                      "W2": np.random.randn(3, 2), "b2": np.random.randn(3, 1),
                      "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
_, example_cache = forward_propagation(X_example, example_parameters)
grads = backward_propagation_with_regularization(X_example, Y_example, example_cache, lambd=0.7)
assert isinstance(grads, dict), f"The result should be a dict of gradients; got {type(grads).__name__}."
# reference value: grads["dW1"]
expected_dW1 = np.array([[-0.256046457631, 0.122988268964, -0.282971285915],
                         [-0.177063025976, 0.345360943291, -0.441057100691]])
# reference value: grads["dW2"]
expected_dW2 = np.array([[0.792764859316, 0.851339182393],
                         [-0.0957219002844, -0.0172046315726],
                         [-0.131007720796, -0.0375043311476]])
# reference value: grads["dW3"]
expected_dW3 = np.array([[-1.7769134664, -0.11832878981, -0.0939744583172]])
for name, expected in (("dW1", expected_dW1), ("dW2", expected_dW2), ("dW3", expected_dW3)):
    assert name in grads and np.shape(grads[name]) == expected.shape, (
        f"grads['{name}'] should have shape {expected.shape}; got {np.shape(grads.get(name))}.")
    np.testing.assert_allclose(grads[name], expected, rtol=1e-6, atol=1e-10,
                               err_msg=f"grads['{name}'] is not right: it is the plain gradient plus "
                                       f"lambd / m times the matching weight matrix.")
plain = backward_propagation(X_example, Y_example, example_cache)
for name in ("db1", "db2", "db3", "dZ1", "dA2"):
    np.testing.assert_allclose(grads[name], plain[name], rtol=1e-6, atol=1e-10,
                               err_msg=f"grads['{name}'] should be the plain gradient (only the dW change).")
print("backward_propagation_with_regularization: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("backward_propagation_with_regularization", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_dropout", "locked": true, "schema_version": 3, "solution": false}
# ### Dropout
#
# Dropout switches off a random subset of the hidden units at every training
# step, so that no unit can rely on particular others: the network learns
# redundant, more robust features. `keep_prob` is the probability of **keeping**
# a unit. We use *inverted* dropout: the kept activations are divided by
# `keep_prob`, so that their expected value is unchanged and nothing needs to be
# rescaled at test time (where dropout is simply not used).
#
# **Forward pass** `forward_propagation_with_dropout(X, parameters, keep_prob)`:
# the given forward pass, where after each hidden ReLU layer ($l = 1$, then
# $l = 2$)
#
# $$D^{[l]} = \big(\texttt{np.random.rand}(\ldots\text{shape of } A^{[l]}) < \texttt{keep\_prob}\big),\qquad
# A^{[l]} \leftarrow \frac{A^{[l]} \odot D^{[l]}}{\texttt{keep\_prob}} .$$
#
# The output layer is never dropped. **Fixed randomness:** the function calls
# `np.random.seed(1)` as its first statement, then draws $D^{[1]}$ and
# $D^{[2]}$ in that order, one `np.random.rand(*A.shape)` call each. The cache is
#
# `(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)`,
#
# holding the **dropped and scaled** `A1` and `A2` (the ones the next layer
# used), and the masks `D1`, `D2`.
#
# **Backward pass** `backward_propagation_with_dropout(X, Y, cache, keep_prob)`:
# the given backward pass, where the same masks and scaling are applied to the
# gradients of the dropped activations:
#
# $$dA^{[l]} \leftarrow \frac{dA^{[l]} \odot D^{[l]}}{\texttt{keep\_prob}}\quad (l = 2, 1),$$
#
# right after $dA^{[l]} = W^{[l+1]T} dZ^{[l+1]}$ and before $dZ^{[l]}$ is
# computed. The returned dict has the same keys as `backward_propagation`, with
# `dA1` and `dA2` after the masking.


# %% nbgrader={"grade": false, "grade_id": "forward_propagation_with_dropout", "locked": false, "schema_version": 3, "solution": true}
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """Forward pass of the 3-layer model with inverted dropout on the two hidden layers.

    Inputs:
        X: (n0, m) input data.
        parameters: dict with W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1).
        keep_prob: float in (0, 1], probability of keeping a unit.
    Returns:
        A3: (1, m) output probabilities.
        cache: (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3), where D1 (n1, m) and
            D2 (n2, m) are the boolean masks and A1, A2 the dropped and scaled activations.
    Calls np.random.seed(1) first, then draws D1 and D2 (one np.random.rand each).
    """
    ### BEGIN SOLUTION
    np.random.seed(1)
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = np.random.rand(*A1.shape) < keep_prob
    A1 = A1 * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(*A2.shape) < keep_prob
    A2 = A2 * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    ### END SOLUTION
    return A3, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_forward_propagation_with_dropout", "locked": true, "points": 7, "schema_version": 3, "solution": false}
# Checks forward_propagation_with_dropout: seed(1), the masks D1 then D2, inverted scaling, and the cache layout.
np.random.seed(1)
X_example = np.random.randn(3, 5)
example_parameters = {"W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1),
                      "W2": np.random.randn(3, 2), "b2": np.random.randn(3, 1),
                      "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
A3, cache = forward_propagation_with_dropout(X_example, example_parameters, keep_prob=0.7)
# reference value: A3
expected_A3 = np.array([[0.369747206178, 0.00305175813465, 0.0456509933734, 0.496833892588, 0.369747206178]])
assert np.shape(A3) == (1, 5), f"A3 should have shape (1, m) = (1, 5); got {np.shape(A3)}."
assert isinstance(cache, tuple) and len(cache) == 14, (
    "The cache should be the tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) of 14 items.")
# reference value: cache[1]
expected_D1 = np.array([[1, 0, 1, 1, 1],
                        [1, 1, 1, 1, 1]])
# reference value: cache[2]
expected_A1 = np.array([[0.0, 0.0, 3.0570648656, 3.72429505166, 0.0],
                        [0.0, 5.94299914883, 1.12930029599, 2.09276445962, 0.0]])
np.testing.assert_array_equal(np.asarray(cache[1]).astype(bool), expected_D1,
                              err_msg="The mask D1 (cache[1]) is not right: seed with np.random.seed(1) first, "
                                      "then D1 = np.random.rand(*A1.shape) < keep_prob.")
np.testing.assert_allclose(cache[2], expected_A1, rtol=1e-6, atol=1e-10,
                           err_msg="A1 in the cache (cache[2]) should be the dropped and scaled activation "
                                   "relu(Z1) * D1 / keep_prob.")
np.testing.assert_allclose(A3, expected_A3, rtol=1e-6, atol=1e-10,
                           err_msg="A3 is not right; check the mask D2 (drawn after D1) and the scaling by "
                                   "1 / keep_prob in both hidden layers.")
print("forward_propagation_with_dropout: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("forward_propagation_with_dropout", globals())
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "backward_propagation_with_dropout", "locked": false, "schema_version": 3, "solution": true}
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Backward pass of the 3-layer model with inverted dropout.

    Inputs:
        X: (n0, m) input data.
        Y: (1, m) labels 0/1.
        cache: (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) from
            forward_propagation_with_dropout.
        keep_prob: float in (0, 1], the same as in the forward pass.
    Returns:
        gradients: dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 (each of
            the shape of its variable); dA2 and dA1 are masked with D2, D1 and divided by keep_prob.
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3) * D2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2) * D1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    ### END SOLUTION
    return gradients


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_backward_propagation_with_dropout", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks backward_propagation_with_dropout: dA2 and dA1 masked with D2, D1 and divided by keep_prob.
np.random.seed(1)
X_example = np.random.randn(3, 5)
Y_example = np.array([[1, 1, 0, 1, 0]])
example_parameters = {"W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1),
                      "W2": np.random.randn(3, 2), "b2": np.random.randn(3, 1),
                      "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
W1, b1, W2, b2, W3, b3 = (example_parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
Z1 = W1 @ X_example + b1
D1 = np.random.rand(*Z1.shape) < 0.8
A1 = relu(Z1) * D1 / 0.8
Z2 = W2 @ A1 + b2
D2 = np.random.rand(*Z2.shape) < 0.8
A2 = relu(Z2) * D2 / 0.8
Z3 = W3 @ A2 + b3
A3 = sigmoid(Z3)
example_cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
grads = backward_propagation_with_dropout(X_example, Y_example, example_cache, keep_prob=0.8)
assert isinstance(grads, dict), f"The result should be a dict of gradients; got {type(grads).__name__}."
# reference value: grads["dA1"]
expected_dA1 = np.array([[0.331792027254, 0.538529194551, 0.0, 0.520186817195, 0.0],
                         [0.594826246845, 0.965458098143, 0.0, 0.932574464467, 0.0]])
# reference value: grads["dA2"]
expected_dA2 = np.array([[0.528232064033, 0.857369570734, 0.0, 0.828167446952, 0.0],
                         [0.649712540186, 1.05454363642, 0.0, 1.01862573724, -0.524908511129],
                         [0.0, 0.837498356603, -0.416872285086, 0.808973049067, 0.0]])
# reference value: grads["dW1"]
expected_dW1 = np.array([[-0.177518564243, 0.221118401193, -0.261845185866],
                         [-0.318249664369, 0.396414072329, -0.469427763086]])
np.testing.assert_allclose(grads["dA2"], expected_dA2, rtol=1e-6, atol=1e-10,
                           err_msg="dA2 is not right: W3.T dZ3, then times D2 and divided by keep_prob.")
np.testing.assert_allclose(grads["dA1"], expected_dA1, rtol=1e-6, atol=1e-10,
                           err_msg="dA1 is not right: W2.T dZ2, then times D1 and divided by keep_prob.")
np.testing.assert_allclose(grads["dW1"], expected_dW1, rtol=1e-6, atol=1e-10,
                           err_msg="dW1 is not right; dZ1 uses the masked dA1.")
print("backward_propagation_with_dropout: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("backward_propagation_with_dropout", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_reg_study", "locked": true, "schema_version": 3, "solution": false}
# ### The regularisation study
#
# The given `model_reg` trains the network $[2, 20, 3, 1]$ on the noisy rings
# with full-batch gradient descent (learning rate 0.3, 10,000 iterations), using
# **your** functions: with `lambd > 0` it uses the regularised cost and backward
# pass, with `keep_prob < 1` your dropout passes (use one or the other). The
# study runs at the end of the notebook (section 5).


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_model_reg", "locked": true, "schema_version": 3, "solution": false}
def model_reg(X, Y, learning_rate=0.3, num_iterations=10000, lambd=0.0, keep_prob=1.0):
    """Train the 3-layer model REG_DIMS = [2, 20, 3, 1] with full-batch gradient descent, optionally regularised.

    X: (2, m), Y: (1, m); lambd: L2 strength (0: none); keep_prob: dropout (1: none).
    Returns (parameters, costs), the cost recorded every 1000 iterations.
    """
    if lambd != 0 and keep_prob != 1:
        raise ValueError("use L2 regularisation or dropout, not both")
    parameters = initialize_parameters(REG_DIMS)
    costs = []
    for i in range(num_iterations):
        if keep_prob == 1:
            A3, cache = forward_propagation(X, parameters)
        else:
            A3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        if i % 1000 == 0:
            costs.append(compute_cost(A3, Y) if lambd == 0
                         else compute_cost_with_regularization(A3, Y, parameters, lambd))
        if lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob != 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        else:
            grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


REG_DIMS = [2, 20, 3, 1]


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_gradcheck", "locked": true, "schema_version": 3, "solution": false}
# ## 3. Gradient checking
#
# A backward pass with a mistake often still trains, just worse, so bugs hide.
# Gradient checking compares it with the definition of the derivative. For a
# cost $J(\theta)$, the **centred difference**
#
# $$\frac{\partial J}{\partial \theta} \approx \frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2\varepsilon}$$
#
# has an error of order $\varepsilon^2$ (a one-sided difference only
# $\varepsilon$). We compare the gradient $g$ from the backward pass with the
# approximation $\tilde g$ through the **relative difference**
#
# $$\text{difference} = \frac{\lVert g - \tilde g \rVert_2}{\lVert g \rVert_2 + \lVert \tilde g \rVert_2},$$
#
# which does not depend on the scale of the gradient. With
# $\varepsilon = 10^{-7}$, a correct backward pass gives a difference below
# $2 \cdot 10^{-7}$; a mistake typically gives $10^{-3}$ or more.
#
# ### 1-D warm-up
#
# Take the model $J(\theta) = \theta x$, given below as
# `forward_propagation_1d(x, theta)` with its derivative
# `backward_propagation_1d(x, theta)` $= x$. Write
# `gradient_check(x, theta, epsilon=1e-7)`: compute $J(\theta+\varepsilon)$ and
# $J(\theta-\varepsilon)$ with the forward function, the centred difference,
# the gradient with the backward function, and return the relative difference
# (with absolute values, the 1-D norms).


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_gradcheck_1d", "locked": true, "schema_version": 3, "solution": false}
def forward_propagation_1d(x, theta):
    """The 1-D model J = theta * x (x, theta: numbers)."""
    return theta * x


def backward_propagation_1d(x, theta):
    """dJ/dtheta of J = theta * x, which is x."""
    return x


# %% nbgrader={"grade": false, "grade_id": "gradient_check", "locked": false, "schema_version": 3, "solution": true}
def gradient_check(x, theta, epsilon=1e-7):
    """Gradient check of the 1-D model J = theta * x with a centred difference.

    Inputs:
        x, theta: real numbers.
        epsilon: the step of the centred difference.
    Returns:
        difference: float, |grad - gradapprox| / (|grad| + |gradapprox|), where grad comes from
            backward_propagation_1d and gradapprox = (J(theta + eps) - J(theta - eps)) / (2 eps).
    """
    ### BEGIN SOLUTION
    J_plus = forward_propagation_1d(x, theta + epsilon)
    J_minus = forward_propagation_1d(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation_1d(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = float(numerator / denominator)
    ### END SOLUTION
    return difference


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_gradient_check", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks gradient_check: the centred difference and the relative difference on the 1-D model.
difference = gradient_check(2, 4)
# reference value: difference
expected_difference = 2.91933588329e-10
assert np.size(difference) == 1, f"gradient_check should return one number; got shape {np.shape(difference)}."
assert float(difference) < 1e-7, (f"For x = 2, theta = 4 the gradient is right, so the relative difference "
                                  f"should be tiny (below 1e-7); got {float(difference):.3g}. Check the "
                                  f"centred difference (a factor 2 epsilon in the denominator).")
np.testing.assert_allclose(float(difference), expected_difference, rtol=0.5, atol=1e-12,
                           err_msg="The relative difference is not right: the norm of (grad - gradapprox) "
                                   "divided by the sum of the two norms.")
difference_big = gradient_check(3.0, -1.5, epsilon=0.1)
assert 0 <= float(difference_big) < 1e-12, (
    f"With epsilon = 0.1 the centred difference of a linear J is still exact, so the difference should be ~0; "
    f"got {float(difference_big):.3g}. Use theta + epsilon and theta - epsilon.")
print("gradient_check: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("gradient_check", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_gradcheck_n", "locked": true, "schema_version": 3, "solution": false}
# ### N-dimensional gradient checking
#
# For the 3-layer network, $\theta$ is all the parameters at once. The given
# helpers flatten them:
#
# * `dictionary_to_vector(parameters)` returns `(theta, keys)`: `theta` of shape
#   $(n, 1)$ holds `W1, b1, W2, b2, W3, b3` one after the other (row-major), and
#   `keys` names the parameter of each entry;
# * `vector_to_dictionary(theta, parameters)` undoes it, taking the shapes from
#   the dict `parameters` (so any layer sizes work);
# * `gradients_to_vector(gradients)` flattens `dW1, db1, dW2, db2, dW3, db3` the
#   same way;
# * `forward_propagation_n(X, Y, parameters)` returns `(cost, cache)`.
#
# `gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False)`:
# for each index $i$ of $\theta$,
#
# $$\tilde g_i = \frac{J(\theta_1, \dots, \theta_i + \varepsilon, \dots) - J(\theta_1, \dots, \theta_i - \varepsilon, \dots)}{2\varepsilon},$$
#
# each perturbed on a **copy** of $\theta$ (only entry $i$ moves), then return
# the relative difference between `gradients_to_vector(gradients)` and
# $\tilde g$ (2-norms of the whole vectors). When `print_msg` is true, print a
# clear verdict: a mistake if the difference exceeds $2 \cdot 10^{-7}$, else
# that the backward pass looks right. (Looping over the entries of $\theta$ is
# fine here: it is the point of the method.)


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_gradcheck_n", "locked": true, "schema_version": 3, "solution": false}
def dictionary_to_vector(parameters):
    """Stack W1, b1, W2, b2, W3, b3 (each flattened row-major) into theta (n, 1).

    Returns (theta, keys): keys[i] is the name of the parameter theta[i] belongs to.
    """
    pieces = [np.reshape(parameters[k], (-1, 1)) for k in PARAMETER_NAMES]
    keys = [k for k in PARAMETER_NAMES for _ in range(np.size(parameters[k]))]
    return np.concatenate(pieces, axis=0).astype(float), keys


GRADCHECK_THRESHOLD = 2e-7
PARAMETER_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")


def vector_to_dictionary(theta, parameters):
    """Undo dictionary_to_vector: a new dict of arrays shaped like those of ``parameters``."""
    result, start = {}, 0
    for k in PARAMETER_NAMES:
        shape = np.shape(parameters[k])
        size = int(np.prod(shape))
        result[k] = np.reshape(theta[start:start + size], shape)
        start += size
    return result


def gradients_to_vector(gradients):
    """Stack dW1, db1, dW2, db2, dW3, db3 (flattened row-major) into a vector (n, 1)."""
    return np.concatenate([np.reshape(gradients["d" + k], (-1, 1)) for k in PARAMETER_NAMES], axis=0)


def forward_propagation_n(X, Y, parameters):
    """Forward pass of the 3-layer model and its mean cross-entropy cost.

    Returns (cost, cache) with cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
    """
    A3, cache = forward_propagation(X, parameters)
    return compute_cost(A3, Y), cache


def backward_propagation_n(X, Y, cache):
    """A backward pass of the 3-layer model, with two planted mistakes (find them!)."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) * 2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def gradcheck_example():
    """The fixed example of the gradient-checking section: (X (4, 3), Y (1, 3), parameters [4, 5, 3, 1])."""
    rng = np.random.RandomState(1)
    X = rng.randn(4, 3)
    Y = np.array([[1, 1, 0]])
    parameters = {"W1": rng.randn(5, 4), "b1": rng.randn(5, 1), "W2": rng.randn(3, 5),
                  "b2": rng.randn(3, 1), "W3": rng.randn(1, 3), "b3": rng.randn(1, 1)}
    return X, Y, parameters


# %% nbgrader={"grade": false, "grade_id": "gradient_check_n", "locked": false, "schema_version": 3, "solution": true}
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """Check gradients of the 3-layer model against centred differences of forward_propagation_n.

    Inputs:
        parameters: dict W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1).
        gradients: dict with dW1, db1, dW2, db2, dW3, db3 (shapes of the parameters), to check.
        X: (n0, m) input data; Y: (1, m) labels 0/1.
        epsilon: step of the centred differences.
        print_msg: if true, print a verdict at the threshold 2e-7.
    Returns:
        difference: float, ||grad - gradapprox|| / (||grad|| + ||gradapprox||) over all
            parameters as one vector (2-norms).
    """
    ### BEGIN SOLUTION
    theta, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        theta_plus = np.copy(theta)
        theta_plus[i, 0] += epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, parameters))
        theta_minus = np.copy(theta)
        theta_minus[i, 0] -= epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, parameters))
        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = float(numerator / denominator)
    if print_msg:
        if difference > GRADCHECK_THRESHOLD:
            print(f"There is a mistake in the backward propagation! difference = {difference:.3g}")
        else:
            print(f"Your backward propagation works perfectly fine! difference = {difference:.3g}")
    ### END SOLUTION
    return difference


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_gradient_check_n", "locked": true, "points": 7, "schema_version": 3, "solution": false}
# Checks gradient_check_n: the relative difference over all parameters, for a wrong and for a correct gradient.
X_gc, Y_gc, parameters_gc = gradcheck_example()
_, cache_gc = forward_propagation_n(X_gc, Y_gc, parameters_gc)
difference_buggy = gradient_check_n(parameters_gc, backward_propagation_n(X_gc, Y_gc, cache_gc), X_gc, Y_gc,
                                    print_msg=True)
# reference value: difference_buggy
expected_difference_buggy = 0.285093156776
assert np.size(difference_buggy) == 1, f"gradient_check_n should return one number; got shape {np.shape(difference_buggy)}."
np.testing.assert_allclose(float(difference_buggy), expected_difference_buggy, rtol=1e-5, atol=1e-9,
                           err_msg="For the given (buggy) backward_propagation_n the relative difference is not "
                                   "right: perturb one entry of a copy of theta at a time, use the centred "
                                   "difference, then the 2-norms of the whole vectors.")
assert float(difference_buggy) > 2e-7, "The given backward_propagation_n has mistakes: the check should flag it."
correct_gradients = backward_propagation(X_gc, Y_gc, cache_gc)
difference_ok = gradient_check_n(parameters_gc, correct_gradients, X_gc, Y_gc, print_msg=True)
assert float(difference_ok) < 2e-7, (f"For the correct gradients of backward_propagation the difference should "
                                     f"be below 2e-7; got {float(difference_ok):.3g}.")
# a network of other sizes: the helpers take the shapes from the dict
rng_gc = np.random.RandomState(7)
X_small = rng_gc.randn(2, 4)
Y_small = np.array([[0, 1, 1, 0]])
parameters_small = {"W1": rng_gc.randn(3, 2), "b1": rng_gc.randn(3, 1), "W2": rng_gc.randn(2, 3),
                    "b2": rng_gc.randn(2, 1), "W3": rng_gc.randn(1, 2), "b3": rng_gc.randn(1, 1)}
_, cache_small = forward_propagation_n(X_small, Y_small, parameters_small)
difference_small = gradient_check_n(parameters_small, backward_propagation(X_small, Y_small, cache_small),
                                    X_small, Y_small, epsilon=1e-3)
# reference value: difference_small
expected_difference_small = 4.82522876574e-08
np.testing.assert_allclose(float(difference_small), expected_difference_small, rtol=1e-4, atol=1e-12,
                           err_msg="For a [2, 3, 2, 1] network with epsilon = 1e-3 the difference is not right; "
                                   "pass `parameters` to vector_to_dictionary and use the epsilon given.")
print("gradient_check_n: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("gradient_check_n", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_fix", "locked": true, "schema_version": 3, "solution": false}
# ### Find and fix the two mistakes
#
# The given `backward_propagation_n` has **two planted mistakes**. Your checker
# flags it above (a difference far above $2 \cdot 10^{-7}$). Find them: compare
# `backward_propagation_n` line by line with the formulas of section 0, or,
# better, check one gradient at a time (use the `keys` returned by
# `dictionary_to_vector` to see which parameters carry the largest errors).
#
# Then write `backward_propagation_n_fixed(X, Y, cache)`: the same backward
# pass, with both mistakes fixed (copy the body of `backward_propagation_n` and
# correct it; keep the same keys). The test checks it with your own
# `gradient_check_n`, which must now pass.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "gradcheck_localise", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Which parameters carry the error? (Uses your gradient_check_n and the buggy backward pass.)
X_gc, Y_gc, parameters_gc = gradcheck_example()
_, cache_gc = forward_propagation_n(X_gc, Y_gc, parameters_gc)
buggy = backward_propagation_n(X_gc, Y_gc, cache_gc)
for name in PARAMETER_NAMES:
    single = {("d" + k): (buggy["d" + k] if k == name else backward_propagation(X_gc, Y_gc, cache_gc)["d" + k])
              for k in PARAMETER_NAMES}
    print(f"only d{name} from backward_propagation_n: difference = "
          f"{gradient_check_n(parameters_gc, single, X_gc, Y_gc):.3g}")


# %% nbgrader={"grade": false, "grade_id": "backward_propagation_n_fixed", "locked": false, "schema_version": 3, "solution": true}
def backward_propagation_n_fixed(X, Y, cache):
    """backward_propagation_n with its two mistakes fixed.

    Inputs:
        X: (n0, m) input data; Y: (1, m) labels 0/1.
        cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation_n.
    Returns:
        gradients: dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each of the
            shape of its variable, the true gradients of the mean cross-entropy.
    """
    ### BEGIN SOLUTION
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    ### END SOLUTION
    return gradients


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_backward_propagation_n_fixed", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks the fixed backward pass: your gradient_check_n must now pass on it (difference below 2e-7).
X_gc, Y_gc, parameters_gc = gradcheck_example()
_, cache_gc = forward_propagation_n(X_gc, Y_gc, parameters_gc)
fixed_gradients = backward_propagation_n_fixed(X_gc, Y_gc, cache_gc)
assert isinstance(fixed_gradients, dict), f"The result should be a dict; got {type(fixed_gradients).__name__}."
difference_fixed = gradient_check_n(parameters_gc, fixed_gradients, X_gc, Y_gc, print_msg=True)
assert float(difference_fixed) < 2e-7, (f"Your gradient check still finds a mistake (difference "
                                        f"{float(difference_fixed):.3g} > 2e-7): one of the two planted mistakes "
                                        f"is not fixed yet, or a new one slipped in.")
# reference value: fixed_gradients["db1"]
expected_db1 = np.array([[0.632907871976],
                         [0.0372513980024],
                         [-0.06401301305],
                         [0.0904557523197],
                         [0.0]])
np.testing.assert_allclose(fixed_gradients["db1"], expected_db1, rtol=1e-6, atol=1e-10,
                           err_msg="db1 of the fixed backward pass is not right.")
print("backward_propagation_n_fixed: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("backward_propagation_n_fixed", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_minibatches", "locked": true, "schema_version": 3, "solution": false}
# ## 4. Optimisation
#
# ### Minibatches
#
# Instead of one step per pass over the data (full-batch gradient descent),
# minibatch gradient descent takes one step per small batch: many more, cheaper
# and noisier steps per epoch. `random_mini_batches(X, Y, mini_batch_size=64, seed=0)`:
#
# 1. **Shuffle** (fixed): call `np.random.seed(seed)`, then
#    `permutation = list(np.random.permutation(m))`, and reorder the columns of
#    `X` and `Y` with the same permutation, so that each sample keeps its label.
# 2. **Partition**: cut the shuffled data into
#    $\lfloor m / \texttt{mini\_batch\_size} \rfloor$ complete minibatches, in
#    order, followed by one last smaller batch of the remaining
#    $m \bmod \texttt{mini\_batch\_size}$ columns when that is not 0. When $m$
#    is smaller than one batch, the result is one batch of all the data.
#
# It returns a list of tuples `(mini_batch_X, mini_batch_Y)`, of shapes
# $(n_x, k)$ and $(1, k)$.


# %% nbgrader={"grade": false, "grade_id": "random_mini_batches", "locked": false, "schema_version": 3, "solution": true}
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the columns of (X, Y) together and cut them into minibatches.

    Inputs:
        X: (n_x, m) input data; Y: (1, m) labels.
        mini_batch_size: int, the size of a complete minibatch.
        seed: int; np.random.seed(seed) is called, then permutation = list(np.random.permutation(m)).
    Returns:
        mini_batches: list of (mini_batch_X (n_x, k), mini_batch_Y (1, k)): the complete batches
            (k = mini_batch_size) in order, then the remaining m % mini_batch_size columns if any.
    """
    ### BEGIN SOLUTION
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    mini_batches = [(shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size])
                    for k in range(0, m, mini_batch_size)]
    ### END SOLUTION
    return mini_batches


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_random_mini_batches", "locked": true, "points": 7, "schema_version": 3, "solution": false}
# Checks random_mini_batches: the seeded shuffle, X and Y shuffled together, the sizes and the last smaller batch.
X_mb = np.arange(24, dtype=float).reshape(2, 12)
Y_mb = (np.arange(12) % 2).reshape(1, 12)
mini_batches = random_mini_batches(X_mb, Y_mb, mini_batch_size=5, seed=2)
assert isinstance(mini_batches, list) and len(mini_batches) == 3, (
    f"12 samples in batches of 5 should give 3 minibatches (5, 5 and 2); got "
    f"{len(mini_batches) if isinstance(mini_batches, list) else type(mini_batches).__name__}.")
sizes = [np.shape(b[0]) for b in mini_batches]
assert sizes == [(2, 5), (2, 5), (2, 2)], f"The minibatch X shapes should be [(2, 5), (2, 5), (2, 2)]; got {sizes}."
assert [np.shape(b[1]) for b in mini_batches] == [(1, 5), (1, 5), (1, 2)], "Each minibatch Y should be (1, k)."
# reference value: mini_batches[0][0]
expected_first_X = np.array([[9.0, 5.0, 4.0, 7.0, 1.0],
                             [21.0, 17.0, 16.0, 19.0, 13.0]])
# reference value: mini_batches[2][1]
expected_last_Y = np.array([[1, 0]])
np.testing.assert_allclose(mini_batches[0][0], expected_first_X, rtol=0, atol=0,
                           err_msg="The first minibatch's X is not right: call np.random.seed(seed), then "
                                   "permutation = list(np.random.permutation(m)), and take the columns in "
                                   "that order.")
np.testing.assert_array_equal(mini_batches[2][1], expected_last_Y,
                              err_msg="The last minibatch's Y is not right: shuffle Y with the same permutation as X.")
one = random_mini_batches(X_mb[:, :3], Y_mb[:, :3], mini_batch_size=64, seed=1)
assert len(one) == 1 and np.shape(one[0][0]) == (2, 3), (
    "With fewer samples (3) than one batch (64) there should be exactly one minibatch of all 3 samples.")
print("random_mini_batches: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("random_mini_batches", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_momentum", "locked": true, "schema_version": 3, "solution": false}
# ### Momentum
#
# Minibatch gradients are noisy. Momentum smooths them with an exponentially
# weighted average, the *velocity* $v$, and steps along it: for every parameter
# $\theta$ (each $W^{[l]}$ and $b^{[l]}$) with gradient $d\theta$,
#
# $$v_{d\theta} \leftarrow \beta\, v_{d\theta} + (1 - \beta)\, d\theta, \qquad \theta \leftarrow \theta - \alpha\, v_{d\theta} .$$
#
# * `initialize_velocity(parameters)` returns `v` with keys `"dW1", "db1", ...,
#   "dWL", "dbL"`, zeros of the shape of the matching parameter.
# * `update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)`
#   applies one step to every layer and returns `(parameters, v)`. You may
#   update the arrays in place or bind new arrays; the returned dicts must hold
#   the new values.


# %% nbgrader={"grade": false, "grade_id": "initialize_velocity", "locked": false, "schema_version": 3, "solution": true}
def initialize_velocity(parameters):
    """Zero velocities for momentum.

    Input:
        parameters: dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) for l = 1..L.
    Returns:
        v: dict with, for l = 1..L, "dW{l}" zeros like W{l} and "db{l}" zeros like b{l}.
    """
    ### BEGIN SOLUTION
    v = {}
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            v[layer_key("d" + p, l)] = np.zeros(np.shape(parameters[layer_key(p, l)]))
    ### END SOLUTION
    return v


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_velocity", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks initialize_velocity: keys dW1, db1, ..., zeros with the shapes of the parameters.
example_parameters = {"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)), "b2": np.ones((1, 1))}
v = initialize_velocity(example_parameters)
assert isinstance(v, dict) and set(v) == {"dW1", "db1", "dW2", "db2"}, (
    f"v should be a dict with the keys dW1, db1, dW2, db2; got {sorted(v) if isinstance(v, dict) else type(v).__name__}.")
for k in v:
    shape = example_parameters[k[1:]].shape
    assert np.shape(v[k]) == shape, f"v['{k}'] should have shape {shape}; got {np.shape(v[k])}."
    assert np.all(np.asarray(v[k]) == 0), f"v['{k}'] should hold zeros."
print("initialize_velocity: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_velocity", globals())
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_momentum", "locked": false, "schema_version": 3, "solution": true}
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """One momentum step on every layer.

    Inputs:
        parameters: dict W{l} (n_l, n_{l-1}), b{l} (n_l, 1), l = 1..L.
        grads: dict dW{l}, db{l} of the same shapes.
        v: dict dW{l}, db{l}, the velocities (same shapes).
        beta: float, the momentum; learning_rate: float.
    Returns:
        (parameters, v): v = beta * v + (1 - beta) * grad, then theta = theta - learning_rate * v,
            for every W{l} and b{l}.
    """
    ### BEGIN SOLUTION
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            g = layer_key("d" + p, l)
            v[g] = beta * v[g] + (1 - beta) * grads[g]
            parameters[layer_key(p, l)] = parameters[layer_key(p, l)] - learning_rate * v[g]
    ### END SOLUTION
    return parameters, v


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_update_parameters_with_momentum", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks update_parameters_with_momentum: the velocity average and the step, on every layer.
rng_ex = np.random.RandomState(1)
example_parameters = {"W1": rng_ex.randn(2, 3), "b1": rng_ex.randn(2, 1), "W2": rng_ex.randn(1, 2), "b2": rng_ex.randn(1, 1)}
example_grads = {"dW1": rng_ex.randn(2, 3), "db1": rng_ex.randn(2, 1), "dW2": rng_ex.randn(1, 2), "db2": rng_ex.randn(1, 1)}
example_v = {k: 0.1 * rng_ex.randn(*g.shape) for k, g in example_grads.items()}
new_parameters, new_v = update_parameters_with_momentum(dict(example_parameters), example_grads, dict(example_v),
                                                        beta=0.9, learning_rate=0.01)
# reference value: new_v["dW1"]
expected_vdW1 = np.array([[-0.124870906096, 0.0129827700998, 0.042671599967],
                          [0.0518414369079, -0.121049247028, -0.101462069838]])
# reference value: new_parameters["W1"]
expected_W1 = np.array([[1.62559407272, -0.611886241351, -0.528598468263],
                        [-1.07348703653, 0.866618121795, -2.30052407618]])
# reference value: new_parameters["b2"]
expected_b2 = np.array([[1.46158166877]])
np.testing.assert_allclose(new_v["dW1"], expected_vdW1, rtol=1e-6, atol=1e-10,
                           err_msg="v['dW1'] is not right: beta * v + (1 - beta) * grad.")
np.testing.assert_allclose(new_parameters["W1"], expected_W1, rtol=1e-6, atol=1e-10,
                           err_msg="W1 is not right: step along the new velocity, W - learning_rate * v.")
np.testing.assert_allclose(new_parameters["b2"], expected_b2, rtol=1e-6, atol=1e-10,
                           err_msg="b2 is not right: update the biases of every layer too, up to the last.")
print("update_parameters_with_momentum: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("update_parameters_with_momentum", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_adam", "locked": true, "schema_version": 3, "solution": false}
# ### Adam
#
# Adam keeps two averages per parameter, of the gradient ($v$, like momentum)
# and of its square ($s$, like RMSProp), corrects their bias towards zero in the
# first steps, and divides one by the square root of the other. At step
# $t = 1, 2, \dots$ (counted from 1), for every parameter $\theta$:
#
# $$v \leftarrow \beta_1 v + (1 - \beta_1)\, d\theta, \qquad s \leftarrow \beta_2 s + (1 - \beta_2)\, (d\theta)^2,$$
#
# $$\hat v = \frac{v}{1 - \beta_1^{\,t}}, \qquad \hat s = \frac{s}{1 - \beta_2^{\,t}}, \qquad \theta \leftarrow \theta - \alpha\, \frac{\hat v}{\sqrt{\hat s} + \varepsilon} .$$
#
# The square is element-wise, and $\varepsilon$ is added **after** the square
# root. This is exactly what `torch.optim.Adam` computes (without weight decay):
# the course's tests check the reference against it step for step.
#
# * `initialize_adam(parameters)` returns `(v, s)`, two dicts of zeros keyed like
#   the velocity (`"dW1", "db1", ...`).
# * `update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
#   beta1=0.9, beta2=0.999, epsilon=1e-8)` applies one step to every layer and
#   returns `(parameters, v, s)` with the new (not bias-corrected) averages.


# %% nbgrader={"grade": false, "grade_id": "initialize_adam", "locked": false, "schema_version": 3, "solution": true}
def initialize_adam(parameters):
    """Zero first and second moments for Adam.

    Input:
        parameters: dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) for l = 1..L.
    Returns:
        (v, s): two dicts with, for l = 1..L, "dW{l}" zeros like W{l} and "db{l}" zeros like b{l}.
    """
    ### BEGIN SOLUTION
    v, s = {}, {}
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            shape = np.shape(parameters[layer_key(p, l)])
            v[layer_key("d" + p, l)] = np.zeros(shape)
            s[layer_key("d" + p, l)] = np.zeros(shape)
    ### END SOLUTION
    return v, s


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_adam", "locked": true, "points": 3, "schema_version": 3, "solution": false}
# Checks initialize_adam: two dicts keyed dW1, db1, ..., zeros with the shapes of the parameters.
example_parameters = {"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)), "b2": np.ones((1, 1))}
result = initialize_adam(example_parameters)
assert isinstance(result, tuple) and len(result) == 2, "initialize_adam should return the pair (v, s)."
v, s = result
for name, d in (("v", v), ("s", s)):
    assert isinstance(d, dict) and set(d) == {"dW1", "db1", "dW2", "db2"}, (
        f"{name} should be a dict with the keys dW1, db1, dW2, db2.")
    for k in d:
        shape = example_parameters[k[1:]].shape
        assert np.shape(d[k]) == shape and np.all(np.asarray(d[k]) == 0), (
            f"{name}['{k}'] should be zeros of shape {shape}.")
assert v["dW1"] is not s["dW1"], "v and s should be two separate sets of arrays, not the same ones."
print("initialize_adam: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_adam", globals())
### END HIDDEN TESTS


# %% nbgrader={"grade": false, "grade_id": "update_parameters_with_adam", "locked": false, "schema_version": 3, "solution": true}
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
                                epsilon=1e-8):
    """One Adam step (bias-corrected) on every layer.

    Inputs:
        parameters: dict W{l} (n_l, n_{l-1}), b{l} (n_l, 1), l = 1..L.
        grads: dict dW{l}, db{l} of the same shapes.
        v, s: dicts dW{l}, db{l}, the first and second moments (same shapes).
        t: int >= 1, the number of the step.
        learning_rate, beta1, beta2, epsilon: floats.
    Returns:
        (parameters, v, s): v = beta1 v + (1 - beta1) g, s = beta2 s + (1 - beta2) g**2,
            theta = theta - learning_rate * v_hat / (sqrt(s_hat) + epsilon) with
            v_hat = v / (1 - beta1**t), s_hat = s / (1 - beta2**t).
    """
    ### BEGIN SOLUTION
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            g = layer_key("d" + p, l)
            v[g] = beta1 * v[g] + (1 - beta1) * grads[g]
            s[g] = beta2 * s[g] + (1 - beta2) * np.square(grads[g])
            v_hat = v[g] / (1 - beta1 ** t)
            s_hat = s[g] / (1 - beta2 ** t)
            key = layer_key(p, l)
            parameters[key] = parameters[key] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    ### END SOLUTION
    return parameters, v, s


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_update_parameters_with_adam", "locked": true, "points": 7, "schema_version": 3, "solution": false}
# Checks update_parameters_with_adam: both moments, the bias correction with t, and eps after the square root.
rng_ex = np.random.RandomState(2)
example_parameters = {"W1": rng_ex.randn(2, 3), "b1": rng_ex.randn(2, 1), "W2": rng_ex.randn(1, 2), "b2": rng_ex.randn(1, 1)}
example_grads = {"dW1": rng_ex.randn(2, 3), "db1": rng_ex.randn(2, 1), "dW2": rng_ex.randn(1, 2), "db2": rng_ex.randn(1, 1)}
example_v = {k: 0.1 * rng_ex.randn(*g.shape) for k, g in example_grads.items()}
example_s = {k: 0.01 * rng_ex.rand(*g.shape) for k, g in example_grads.items()}
new_parameters, new_v, new_s = update_parameters_with_adam(dict(example_parameters), example_grads, dict(example_v),
                                                           dict(example_s), t=2, learning_rate=0.01)
# reference value: new_v["dW1"]
expected_vdW1 = np.array([[0.252312141962, -0.0848361750894, -0.142286521454],
                          [0.0326492692813, -0.117004921104, -0.108798155427]])
# reference value: new_s["dW1"]
expected_sdW1 = np.array([[0.0131826557439, 0.00579596726816, 0.00287112029987],
                          [0.00729109981559, 0.00999127167776, 0.00499544950399]])
# reference value: new_parameters["W1"]
expected_W1 = np.array([[-0.421929025433, -0.0536445964443, -2.12994737862],
                        [1.63937104207, -1.79068106134, -0.838125043777]])
# reference value: new_parameters["b2"]
expected_b2 = np.array([[0.559794459336]])
np.testing.assert_allclose(new_v["dW1"], expected_vdW1, rtol=1e-6, atol=1e-10,
                           err_msg="v['dW1'] is not right: beta1 * v + (1 - beta1) * grad (returned without "
                                   "bias correction).")
np.testing.assert_allclose(new_s["dW1"], expected_sdW1, rtol=1e-6, atol=1e-10,
                           err_msg="s['dW1'] is not right: beta2 * s + (1 - beta2) * grad**2, element-wise "
                                   "(returned without bias correction).")
np.testing.assert_allclose(new_parameters["W1"], expected_W1, rtol=1e-6, atol=1e-10,
                           err_msg="W1 is not right: divide v and s by (1 - beta**t) with this step's t, "
                                   "and add epsilon after the square root.")
np.testing.assert_allclose(new_parameters["b2"], expected_b2, rtol=1e-6, atol=1e-10,
                           err_msg="b2 is not right: update the biases of every layer too, up to the last.")
print("update_parameters_with_adam: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("update_parameters_with_adam", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_model", "locked": true, "schema_version": 3, "solution": false}
# ### The model with minibatches and an optimiser
#
# `model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64,
# beta=0.9, beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=5000,
# print_cost=True)` trains the given 3-layer network and returns its
# `parameters`:
#
# 1. `parameters = initialize_parameters_he(layers_dims)`; for `"momentum"`,
#    `v = initialize_velocity(parameters)`; for `"adam"`,
#    `v, s = initialize_adam(parameters)` and the step counter `t = 0`.
#    `optimizer` is `"gd"`, `"momentum"` or `"adam"`.
# 2. `seed = 10`. For each epoch: **first** `seed = seed + 1` (so the first epoch
#    shuffles with seed 11), then
#    `random_mini_batches(X, Y, mini_batch_size, seed)`, and for each minibatch:
#    `forward_propagation`, `compute_cost`, `backward_propagation`, then the
#    update: `update_parameters_with_gd(parameters, grads, learning_rate)`, or
#    `update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)`,
#    or `t = t + 1` then
#    `update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)`.
# 3. Record the cost averaged over the epoch every 100 epochs (print it every
#    1,000 epochs if `print_cost`); this record is for you, it is not returned.
#
# The spec's default of 5,000 epochs is for exploring; the study below uses
# 1,000 epochs so that it runs in about a second per optimiser.


# %% nbgrader={"grade": false, "grade_id": "model", "locked": false, "schema_version": 3, "solution": true}
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9,
          beta2=0.999, epsilon=1e-8, num_epochs=5000, print_cost=True):
    """Train the 3-layer model with minibatches and "gd", "momentum" or "adam".

    Inputs:
        X: (n_x, m) input data; Y: (1, m) labels 0/1.
        layers_dims: [n_x, n_1, n_2, 1], the layer sizes.
        optimizer: "gd", "momentum" or "adam".
        learning_rate, mini_batch_size, beta (momentum), beta1, beta2, epsilon (Adam), num_epochs.
        print_cost: if true, print the epoch's average cost every 1000 epochs.
    Returns:
        parameters: dict W1, b1, ..., the trained parameters.
    Randomness: initialize_parameters_he, then random_mini_batches with seed 11, 12, ... (one per epoch).
    """
    ### BEGIN SOLUTION
    if optimizer not in ("gd", "momentum", "adam"):
        raise ValueError(f"unknown optimizer {optimizer!r}: use 'gd', 'momentum' or 'adam'")
    costs = []
    t = 0
    seed = 10
    m = X.shape[1]
    parameters = initialize_parameters_he(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0.0
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size, seed):
            A3, cache = forward_propagation(mini_batch_X, parameters)
            cost_total += compute_cost(A3, mini_batch_Y) * mini_batch_X.shape[1]
            grads = backward_propagation(mini_batch_X, mini_batch_Y, cache)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            else:
                t = t + 1
                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                               beta1, beta2, epsilon)
        if i % 100 == 0:
            costs.append(cost_total / m)
            if print_cost and i % 1000 == 0:
                print(f"Cost after epoch {i}: {cost_total / m:f}")
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_model", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks model: He initialisation, the epoch seeds 11, 12, ..., and the three optimisers, on a tiny problem.
rng_ex = np.random.RandomState(3)
X_tiny = rng_ex.randn(2, 10)
Y_tiny = (X_tiny[0:1] * X_tiny[1:2] > 0).astype(np.int64)
trained = {}
for opt in ("gd", "momentum", "adam"):
    trained[opt] = model(X_tiny, Y_tiny, [2, 3, 2, 1], opt, learning_rate=0.01, mini_batch_size=4,
                         num_epochs=3, print_cost=False)
    assert isinstance(trained[opt], dict) and set(trained[opt]) == {"W1", "b1", "W2", "b2", "W3", "b3"}, (
        f"model(..., '{opt}') should return the parameters dict with W1, b1, W2, b2, W3, b3.")
# reference value: trained["gd"]["W1"]
expected_gd_W1 = np.array([[1.78862847343, 0.436509850512],
                           [0.096497468072, -1.86349270336],
                           [-0.276057748338, -0.354998958719]])
# reference value: trained["momentum"]["b1"]
expected_momentum_b1 = np.array([[0.0],
                                 [0.0],
                                 [-0.0018698505991]])
# reference value: trained["adam"]["W3"]
expected_adam_W3 = np.array([[0.881318042208, 1.6731010392]])
np.testing.assert_allclose(trained["gd"]["W1"], expected_gd_W1, rtol=1e-6, atol=1e-10,
                           err_msg="With 'gd', W1 after 3 epochs is not right: initialise with "
                                   "initialize_parameters_he, and shuffle epoch 1 with seed 11, epoch 2 with 12, ...")
np.testing.assert_allclose(trained["momentum"]["b1"], expected_momentum_b1, rtol=1e-6, atol=1e-10,
                           err_msg="With 'momentum', b1 after 3 epochs is not right: one momentum update per "
                                   "minibatch, with the velocity kept across minibatches and epochs.")
np.testing.assert_allclose(trained["adam"]["W3"], expected_adam_W3, rtol=1e-6, atol=1e-10,
                           err_msg="With 'adam', W3 after 3 epochs is not right: t counts the Adam steps "
                                   "(minibatches) from 1 and keeps growing across epochs.")
print("model: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("model", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_studies", "locked": true, "schema_version": 3, "solution": false}
# ## 5. The three studies
#
# Everything below uses your functions. Each study takes a few seconds.
#
# ### 5.1 Initialisation
#
# Train the network $[2, 10, 5, 1]$ on the moons three times, from the three
# initialisers, and compare the cost curves and the decision boundaries.
# Expect: with zeros the cost stays at $\log 2 \approx 0.693$ and every point
# gets the same prediction; with random ×10 the initial cost is huge (saturated
# sigmoids) and the boundary is rough; He trains well.
#
# A reference run reaches **92.3% training and 95.0% test accuracy** with He
# initialisation (zeros: 50% / 50%; random ×10: 82.3% / 84%). The graded cell
# requires **at least 90% training and 92% test accuracy** for He.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "init_study_run", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
init_runs = {}
init_costs = {}
for name in ("zeros", "random", "he"):
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        init_runs[name], init_costs[name] = model_init(train_X, train_Y, initialization=name)
    print(f"{name:>6}: train accuracy {accuracy(train_X, train_Y, init_runs[name]):.1%}, "
          f"test accuracy {accuracy(test_X, test_Y, init_runs[name]):.1%}")
parameters_he = init_runs["he"]


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "init_study_plots", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
fig = plot_runs(init_costs, step=1000, ylabel="cost", title="Cost by initialisation", logy=True)
plt.show()
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, name in zip(axes, ("zeros", "random", "he")):
    plot_decision_boundary(lambda P, p=init_runs[name]: predict(P, p), train_X, train_Y, ax=ax,
                           title=f"{name} initialisation")
plt.show()


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training_init_he", "locked": true, "points": 4, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Checks the He-initialised network `parameters_he` from the study: at least 90% train and 92% test accuracy.
assert "parameters_he" in globals(), "Run the initialisation study above first (it defines `parameters_he`)."
train_acc = accuracy(train_X, train_Y, parameters_he)
test_acc = accuracy(test_X, test_Y, parameters_he)
assert train_acc >= 0.90 and test_acc >= 0.92, (
    f"With He initialisation the network reaches {train_acc:.1%} train and {test_acc:.1%} test accuracy; the bars "
    f"are 90% and 92% (a reference reaches 92.3% and 95.0%). Check initialize_parameters_he (scale by the size "
    f"of the previous layer, seed first).")
print(f"training_init_he: visible check passed (train {train_acc:.1%}, test {test_acc:.1%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training_init_he", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_reg_results", "locked": true, "schema_version": 3, "solution": false}
# ### 5.2 Regularisation on the noisy rings
#
# Train the network $[2, 20, 3, 1]$ on the noisy rings three times: without
# regularisation, with L2 ($\lambda = 0.7$) and with dropout
# (`keep_prob = 0.86`). Without regularisation the network carves small islands
# around the flipped training points: high training accuracy, lower test
# accuracy. Both regularisers smooth the boundary: the training accuracy drops a
# little, the test accuracy rises.
#
# A reference run gives (train / test): **no regularisation 97.5% / 90.4%, L2
# 94.5% / 93.0%, dropout 95.0% / 92.0%**, that is a test-accuracy gain of
# **+2.6 points for L2 and +1.6 points for dropout**. The graded cells require a
# gain of **at least +2.0 points for L2** and **at least +1.0 point for
# dropout** over your unregularised run.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "reg_study_run", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
regularization_runs = {}
regularization_costs = {}
for name, options in (("none", {}), ("L2", {"lambd": 0.7}), ("dropout", {"keep_prob": 0.86})):
    regularization_runs[name], regularization_costs[name] = model_reg(rings_train_X, rings_train_Y, **options)
    print(f"{name:>8}: train accuracy {accuracy(rings_train_X, rings_train_Y, regularization_runs[name]):.1%}, "
          f"test accuracy {accuracy(rings_test_X, rings_test_Y, regularization_runs[name]):.1%}")


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "reg_study_plots", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
fig = plot_runs(regularization_costs, step=1000, ylabel="cost", title="Cost (L2: including the penalty)")
plt.show()
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, name in zip(axes, ("none", "L2", "dropout")):
    plot_decision_boundary(lambda P, p=regularization_runs[name]: predict(P, p), rings_train_X, rings_train_Y,
                           ax=ax, title=f"{name} (training set)")
plt.show()


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training_l2_gain", "locked": true, "points": 5, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Checks the L2 study: the test accuracy with lambd = 0.7 beats the unregularised run by at least 2.0 points.
assert "regularization_runs" in globals(), "Run the regularisation study above first (it defines `regularization_runs`)."
base = accuracy(rings_test_X, rings_test_Y, regularization_runs["none"])
l2 = accuracy(rings_test_X, rings_test_Y, regularization_runs["L2"])
assert l2 - base >= 0.020, (
    f"L2 regularisation changes the test accuracy from {base:.1%} to {l2:.1%} ({100 * (l2 - base):+.1f} points); "
    f"the bar is +2.0 points (a reference gains +2.6). Check compute_cost_with_regularization and "
    f"backward_propagation_with_regularization (lambd / m times W in every dW).")
print(f"training_l2_gain: visible check passed ({base:.1%} -> {l2:.1%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training_l2_gain", globals())
### END HIDDEN TESTS


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training_dropout_gain", "locked": true, "points": 5, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Checks the dropout study: the test accuracy with keep_prob = 0.86 beats the unregularised run by at least 1.0 point.
assert "regularization_runs" in globals(), "Run the regularisation study above first (it defines `regularization_runs`)."
base = accuracy(rings_test_X, rings_test_Y, regularization_runs["none"])
dropped = accuracy(rings_test_X, rings_test_Y, regularization_runs["dropout"])
assert dropped - base >= 0.010, (
    f"Dropout changes the test accuracy from {base:.1%} to {dropped:.1%} ({100 * (dropped - base):+.1f} points); "
    f"the bar is +1.0 point (a reference gains +1.6). Check both dropout passes: the same masks, and the "
    f"scaling by 1 / keep_prob.")
print(f"training_dropout_gain: visible check passed ({base:.1%} -> {dropped:.1%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training_dropout_gain", globals())
### END HIDDEN TESTS


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_opt_results", "locked": true, "schema_version": 3, "solution": false}
# ### 5.3 Optimisation on the moons
#
# Train the network $[2, 5, 2, 1]$ on the moons with minibatches of 64, learning
# rate 0.0007, for 1,000 epochs, with plain gradient descent, momentum
# ($\beta = 0.9$) and Adam. With such a small learning rate, gradient descent and
# momentum barely get started (momentum mostly smooths the steps, it does not
# make them larger), while Adam's per-parameter step size makes fast progress.
#
# A reference run gives (train / test): **GD 65.0% / 64%, momentum 65.0% / 64%,
# Adam 93.0% / 98%**. The graded cell requires **at least 90% training and 95%
# test accuracy** for Adam.


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "opt_study_run", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
OPT_DIMS = [train_X.shape[0], 5, 2, 1]
OPT_EPOCHS = 1000


def train_and_record(optimizer):
    # Run model(...) once and listen to its compute_cost calls to draw the cost curve.
    # Returns (parameters, costs): the cost averaged over each epoch, every 100 epochs.
    recorded = []
    plain_cost = globals()["compute_cost"]

    def recording_cost(A3, Y):
        cost = plain_cost(A3, Y)
        recorded.append(float(cost) * Y.shape[1])
        return cost

    globals()["compute_cost"] = recording_cost
    try:
        parameters = model(train_X, train_Y, OPT_DIMS, optimizer, num_epochs=OPT_EPOCHS, print_cost=False)
    finally:
        globals()["compute_cost"] = plain_cost
    per_epoch = -(-train_X.shape[1] // 64)
    costs = [sum(recorded[e * per_epoch:(e + 1) * per_epoch]) / train_X.shape[1]
             for e in range(0, len(recorded) // per_epoch, 100)]
    return parameters, costs


optimizer_runs, optimizer_costs = {}, {}
for name in ("gd", "momentum", "adam"):
    optimizer_runs[name], optimizer_costs[name] = train_and_record(name)
    print(f"{name:>8}: train accuracy {accuracy(train_X, train_Y, optimizer_runs[name]):.1%}, "
          f"test accuracy {accuracy(test_X, test_Y, optimizer_runs[name]):.1%}")
parameters_adam = optimizer_runs["adam"]


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "opt_study_plots", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
if all(optimizer_costs.values()):
    fig = plot_runs(optimizer_costs, step=100, xlabel="epoch", ylabel="cost", title="Cost by optimiser")
    plt.show()
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, name in zip(axes, ("gd", "momentum", "adam")):
    plot_decision_boundary(lambda P, p=optimizer_runs[name]: predict(P, p), train_X, train_Y, ax=ax, title=name)
plt.show()


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training_adam", "locked": true, "points": 5, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Checks the Adam network `parameters_adam` from the study: at least 90% train and 95% test accuracy.
assert "parameters_adam" in globals(), "Run the optimisation study above first (it defines `parameters_adam`)."
train_acc = accuracy(train_X, train_Y, parameters_adam)
test_acc = accuracy(test_X, test_Y, parameters_adam)
assert train_acc >= 0.90 and test_acc >= 0.95, (
    f"With Adam the network reaches {train_acc:.1%} train and {test_acc:.1%} test accuracy; the bars are 90% and "
    f"95% (a reference reaches 93.0% and 98%). Check update_parameters_with_adam (bias correction with the step "
    f"number t) and how model counts t.")
print(f"training_adam: visible check passed (train {train_acc:.1%}, test {test_acc:.1%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training_adam", globals())
### END HIDDEN TESTS

