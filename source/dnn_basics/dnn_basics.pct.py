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
# # Deep neural networks, step by step: cat or not a cat?
#
# In this assignment you build, **with numpy only**, an $L$-layer neural network
# for binary classification,
#
# $$[\text{LINEAR} \to \text{RELU}] \times (L-1) \;\to\; \text{LINEAR} \to \text{SIGMOID},$$
#
# one small function at a time: initialisation, forward propagation, the cost,
# backward propagation and the gradient-descent update. You then put the pieces
# together into a 2-layer and an $L$-layer model and train both to tell **cats
# from non-cats** in small colour images from CIFAR-10.
#
# ### How grading works
#
# * Each function you write lives in a cell that says `# YOUR CODE HERE`.
#   Replace `raise NotImplementedError()` with your implementation. Keep the
#   function's name and signature exactly as given: the tests call them by name.
# * After each of these cells comes a **test cell**. It runs a small worked
#   example whose expected numbers you can read, and then **hidden tests** that
#   run when your notebook is graded (fresh random inputs of several shapes,
#   including a single sample, and edge cases). The visible examples passing is
#   a good sign, not a guarantee.
# * **Do not modify, delete or copy the test cells** (or any read-only cell);
#   add new cells if you want to experiment.
# * The notebook is graded by running it **from top to bottom** in a fresh
#   kernel. Before submitting, use **Kernel → Restart & Run All**. Call
#   `np.random.seed` only where the description asks for it.
# * Points: 100 in total, shown in each test cell's header.
#
# ### Conventions used throughout
#
# * Data matrices are **(features, samples)**: `X` has shape $(n_x, m)$, one
#   example per column.
# * Labels `Y` are a $(1, m)$ array of 0 (non-cat) and 1 (cat).
# * The network's parameters live in one dict, `parameters`, with the keys
#   `"W1"`, `"b1"`, `"W2"`, `"b2"`, ...; layers are numbered from 1, and layer
#   0 is the input: $A^{[0]} = X$. The helper `layer_key("W", 2)` gives `"W2"`.
# * Vectorise: no Python loops over the entries of an array (a loop over the
#   layers is fine).

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false}
import numpy as np
import matplotlib.pyplot as plt

from course_lib.data import get_cat_noncat
from course_lib.plotting import show_cifar_images, plot_costs, plot_runs

# %matplotlib inline

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_data", "locked": true, "schema_version": 3, "solution": false}
# ## 1. The data: cat vs non-cat
#
# The data set is a balanced, fixed subset of CIFAR-10: 1,000 cats and 1,000
# non-cats for training, 250 + 250 for testing. The non-cats are spread evenly
# over the nine other CIFAR-10 classes (airplanes, cars, birds, deer, dogs,
# frogs, horses, ships, trucks).
#
# Each image is $32 \times 32$ pixels with 3 colour channels. The course library
# flattens it to a column of $32 \cdot 32 \cdot 3 = 3072$ values scaled from
# $0..255$ to $[0, 1]$, so `train_x` has shape `(3072, 2000)` and `train_y`
# shape `(1, 2000)`.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "data_load", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
train_x, train_y, test_x, test_y, classes = get_cat_noncat()
print(f"train_x {train_x.shape}, train_y {train_y.shape}")
print(f"test_x  {test_x.shape}, test_y  {test_y.shape}")
print(f"pixel values in [{train_x.min():.1f}, {train_x.max():.1f}]; classes: {classes}")
print(f"cats: {int(train_y.sum())} of {train_y.shape[1]} training images, "
      f"{int(test_y.sum())} of {test_y.shape[1]} test images")

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "data_show", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
# A few training images with their labels.
fig = show_cifar_images(train_x, train_y, n_rows=2, n_cols=8, class_names=classes, start=990,
                        title="Training images: cats and non-cats")

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_helpers", "locked": true, "schema_version": 3, "solution": false}
# ## 2. Given: the activations and their backward passes
#
# These four functions are given (and not graded). Each forward function returns
# its output **and a cache**, here simply its input $Z$, which the backward
# function needs later:
#
# $$\sigma(Z) = \frac{1}{1 + e^{-Z}}, \qquad \mathrm{relu}(Z) = \max(0, Z).$$
#
# Each backward function receives $dA = \partial \mathcal{L} / \partial A$ and the
# cache and returns $dZ = \partial \mathcal{L} / \partial Z$ by the chain rule:
#
# $$dZ = dA \odot \sigma(Z)\,\big(1 - \sigma(Z)\big) \quad\text{(sigmoid)}, \qquad
#   dZ = dA \odot \mathbb{1}[Z > 0] \quad\text{(ReLU)}.$$

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_activations", "locked": true, "schema_version": 3, "solution": false}
def layer_key(prefix, layer):
    """The dict key of ``prefix`` for a layer: layer_key("W", 2) == "W2", layer_key("dA", 0) == "dA0"."""
    return f"{prefix}{layer}"


def sigmoid(Z):
    """Sigmoid activation, element-wise.

    Input:  Z, array of any shape.
    Output: A = 1 / (1 + exp(-Z)), same shape as Z; cache = Z.
    """
    A = 1.0 / (1.0 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """ReLU activation, element-wise.

    Input:  Z, array of any shape.
    Output: A = max(0, Z), same shape as Z; cache = Z.
    """
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def sigmoid_backward(dA, cache):
    """Backward pass of sigmoid.

    Inputs: dA, gradient with respect to A (any shape); cache, the Z of the forward pass.
    Output: dZ = dA * s * (1 - s) with s = sigmoid(Z), same shape as Z.
    """
    s = 1.0 / (1.0 + np.exp(-cache))
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """Backward pass of ReLU.

    Inputs: dA, gradient with respect to A (any shape); cache, the Z of the forward pass.
    Output: dZ, equal to dA where Z > 0 and 0 elsewhere.
    """
    dZ = np.where(cache > 0, dA, 0.0)
    return dZ


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init", "locked": true, "schema_version": 3, "solution": false}
# ## 3. Initialisation
#
# ### A 2-layer network
#
# `initialize_parameters(n_x, n_h, n_y)` creates the parameters of a network
# with $n_x$ inputs, one hidden layer of $n_h$ units and $n_y$ outputs. So that
# everyone starts from the same numbers, it **first calls `np.random.seed(1)`**,
# then draws, in this order,
#
# * $W^{[1]}$ of shape $(n_h, n_x)$: `np.random.randn(n_h, n_x) * 0.01`,
# * $b^{[1]}$ of shape $(n_h, 1)$: zeros,
# * $W^{[2]}$ of shape $(n_y, n_h)$: `np.random.randn(n_y, n_h) * 0.01`,
# * $b^{[2]}$ of shape $(n_y, 1)$: zeros,
#
# and returns them in a dict with the keys `"W1"`, `"b1"`, `"W2"`, `"b2"` (and
# no others).

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters", "locked": false, "schema_version": 3, "solution": true}
def initialize_parameters(n_x, n_h, n_y):
    """Parameters of a 2-layer network, drawn after np.random.seed(1).

    Inputs:
        n_x: int, size of the input layer.
        n_h: int, size of the hidden layer.
        n_y: int, size of the output layer.
    Returns:
        parameters: dict with
            "W1": (n_h, n_x) array, randn * 0.01;  "b1": (n_h, 1) zeros;
            "W2": (n_y, n_h) array, randn * 0.01;  "b2": (n_y, 1) zeros.
    """
    ### BEGIN SOLUTION
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_parameters", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks initialize_parameters: the seed, the order of the draws, the shapes and the keys.
parameters = initialize_parameters(3, 2, 1)
assert isinstance(parameters, dict), f"initialize_parameters should return a dict, not a {type(parameters).__name__}."
assert sorted(parameters) == ["W1", "W2", "b1", "b2"], (
    f"the dict should have exactly the keys 'W1', 'b1', 'W2', 'b2'; got {sorted(parameters)}.")
for name, shape in [("W1", (2, 3)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))]:
    assert np.shape(parameters[name]) == shape, (
        f"{name} should have shape {shape} for n_x=3, n_h=2, n_y=1; got {np.shape(parameters[name])}.")
# reference value: parameters["W1"]
expected_W1 = np.array([[0.0162434536366, -0.0061175641365, -0.00528171752263],
                        [-0.0107296862216, 0.00865407629325, -0.0230153869688]])
# reference value: parameters["W2"]
expected_W2 = np.array([[0.0174481176422, -0.00761206900895]])
np.testing.assert_allclose(parameters["W1"], expected_W1, rtol=1e-6, atol=1e-12,
                           err_msg="W1 differs from the example: seed with np.random.seed(1) first, draw W1 "
                                   "first with np.random.randn(n_h, n_x), and scale it by 0.01.")
np.testing.assert_allclose(parameters["W2"], expected_W2, rtol=1e-6, atol=1e-12,
                           err_msg="W2 differs from the example: draw it right after W1 with "
                                   "np.random.randn(n_y, n_h) and scale it by 0.01.")
assert not np.any(parameters["b1"]) and not np.any(parameters["b2"]), "b1 and b2 should be zeros."
print("initialize_parameters: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_parameters", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init_deep", "locked": true, "schema_version": 3, "solution": false}
# ### An $L$-layer network
#
# `layer_dims` lists the layer sizes, input first: `[n_x, n_1, ..., n_L]`, so the
# network has $L$ = `len(layer_dims) - 1` layers. `initialize_parameters_deep`
# **first calls `np.random.seed(3)`**, then for $l = 1, \dots, L$ in order draws
#
# * $W^{[l]}$ of shape $(n_l, n_{l-1})$: `np.random.randn(n_l, n_{l-1}) * 0.01`,
# * $b^{[l]}$ of shape $(n_l, 1)$: zeros.

# %% nbgrader={"grade": false, "grade_id": "initialize_parameters_deep", "locked": false, "schema_version": 3, "solution": true}
def initialize_parameters_deep(layer_dims):
    """Parameters of an L-layer network, drawn after np.random.seed(3).

    Input:
        layer_dims: list of L + 1 ints [n_0, n_1, ..., n_L], input size first.
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": (n_l, n_{l-1}) array, randn * 0.01;  "b{l}": (n_l, 1) zeros.
    """
    ### BEGIN SOLUTION
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[layer_key("W", l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters[layer_key("b", l)] = np.zeros((layer_dims[l], 1))
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_initialize_parameters_deep", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks initialize_parameters_deep: the seed, the order of the draws, the shapes and the keys.
parameters = initialize_parameters_deep([5, 4, 3])
assert isinstance(parameters, dict), "initialize_parameters_deep should return a dict."
assert sorted(parameters) == ["W1", "W2", "b1", "b2"], (
    f"for layer_dims [5, 4, 3] the dict should have exactly the keys 'W1', 'b1', 'W2', 'b2'; got {sorted(parameters)}.")
for name, shape in [("W1", (4, 5)), ("b1", (4, 1)), ("W2", (3, 4)), ("b2", (3, 1))]:
    assert np.shape(parameters[name]) == shape, (
        f"{name} should have shape {shape} for layer_dims [5, 4, 3]; got {np.shape(parameters[name])}.")
# reference value: parameters["W1"]
expected_W1 = np.array([[0.0178862847343, 0.00436509850512, 0.00096497468072, -0.0186349270336, -0.00277388202514],
                        [-0.00354758979269, -0.000827414814825, -0.00627000676824, -0.000438181689759, -0.0047721803036],
                        [-0.0131386475336, 0.008846223805, 0.00881318042208, 0.0170957306365, 0.000500336421769],
                        [-0.00404677414601, -0.0054535994762, -0.0154647731558, 0.00982367434258, -0.0110106763011]])
# reference value: parameters["W2"]
expected_W2 = np.array([[-0.0118504652702, -0.00205649899423, 0.0148614835507, 0.00236716267227],
                        [-0.0102378513993, -0.00712993200112, 0.00625244966163, -0.00160513363187],
                        [-0.00768836350319, -0.00230030722278, 0.00745056266405, 0.0197611078313]])
np.testing.assert_allclose(parameters["W1"], expected_W1, rtol=1e-6, atol=1e-12,
                           err_msg="W1 differs from the example: seed with np.random.seed(3) first and draw "
                                   "W1 with np.random.randn(n_1, n_0) * 0.01.")
np.testing.assert_allclose(parameters["W2"], expected_W2, rtol=1e-6, atol=1e-12,
                           err_msg="W2 differs from the example: draw the layers in order, W2 right after W1.")
print("initialize_parameters_deep: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("initialize_parameters_deep", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_forward", "locked": true, "schema_version": 3, "solution": false}
# ## 4. Forward propagation
#
# ### The linear part
#
# For a layer $l$ with input $A^{[l-1]}$ of shape $(n_{l-1}, m)$,
#
# $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]},$$
#
# where $b^{[l]}$, of shape $(n_l, 1)$, is broadcast over the $m$ columns.
# `linear_forward(A, W, b)` returns `Z` and the cache `(A, W, b)`, a tuple in
# that order.

# %% nbgrader={"grade": false, "grade_id": "linear_forward", "locked": false, "schema_version": 3, "solution": true}
def linear_forward(A, W, b):
    """The linear part of a layer's forward pass.

    Inputs:
        A: (n_{l-1}, m) activations of the previous layer (or the input X).
        W: (n_l, n_{l-1}) weights.
        b: (n_l, 1) biases.
    Returns:
        Z: (n_l, m), W @ A + b.
        cache: the tuple (A, W, b), for the backward pass.
    """
    ### BEGIN SOLUTION
    Z = W @ A + b
    cache = (A, W, b)
    ### END SOLUTION
    return Z, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_linear_forward", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks linear_forward: Z = W @ A + b and the cache (A, W, b).
np.random.seed(1)
A = np.random.randn(3, 2)
W = np.random.randn(1, 3)
b = np.random.randn(1, 1)
Z, linear_cache = linear_forward(A, W, b)
assert np.shape(Z) == (1, 2), f"Z should have shape (n_l, m) = (1, 2); got {np.shape(Z)}."
# reference value: Z
expected_Z = np.array([[3.26295337465, -1.23429986861]])
np.testing.assert_allclose(Z, expected_Z, rtol=1e-6, atol=1e-10,
                           err_msg="Z differs from the example (tolerance 1e-6): compute W @ A + b.")
assert isinstance(linear_cache, tuple) and len(linear_cache) == 3, "the cache should be the tuple (A, W, b)."
assert linear_cache[0] is A and linear_cache[1] is W and linear_cache[2] is b, (
    "the cache should hold the inputs A, W and b themselves, in that order.")
print("linear_forward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("linear_forward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_linear_activation_forward", "locked": true, "schema_version": 3, "solution": false}
# ### LINEAR → ACTIVATION
#
# A whole layer applies the linear part, then the activation $g$:
#
# $$A^{[l]} = g\big(Z^{[l]}\big) = g\big(W^{[l]} A^{[l-1]} + b^{[l]}\big),$$
#
# with $g$ = `sigmoid` or `relu` (the given functions). The layer's cache is the
# pair `(linear_cache, activation_cache)`: the cache of `linear_forward` and the
# cache of the activation function. Any `activation` other than `"sigmoid"` or
# `"relu"` must raise a `ValueError`.

# %% nbgrader={"grade": false, "grade_id": "linear_activation_forward", "locked": false, "schema_version": 3, "solution": true}
def linear_activation_forward(A_prev, W, b, activation):
    """Forward pass of one LINEAR -> ACTIVATION layer.

    Inputs:
        A_prev: (n_{l-1}, m) activations of the previous layer.
        W: (n_l, n_{l-1}) weights.   b: (n_l, 1) biases.
        activation: "sigmoid" or "relu"; anything else raises ValueError.
    Returns:
        A: (n_l, m), the layer's output.
        cache: (linear_cache, activation_cache) with linear_cache = (A_prev, W, b)
               and activation_cache = Z, (n_l, m).
    """
    ### BEGIN SOLUTION
    if activation == "sigmoid":
        forward = sigmoid
    elif activation == "relu":
        forward = relu
    else:
        raise ValueError(f"unknown activation {activation!r}: use 'sigmoid' or 'relu'")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = forward(Z)
    cache = (linear_cache, activation_cache)
    ### END SOLUTION
    return A, cache


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_linear_activation_forward", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks linear_activation_forward: both activations, the cache structure and the ValueError for an unknown activation.
np.random.seed(2)
A_prev = np.random.randn(3, 2)
W = np.random.randn(1, 3)
b = np.random.randn(1, 1)
A_sig, cache_sig = linear_activation_forward(A_prev, W, b, "sigmoid")
A_relu, cache_relu = linear_activation_forward(A_prev, W, b, "relu")
# reference value: A_sig
expected_A_sig = np.array([[0.968900232784, 0.11013289484]])
# reference value: A_relu
expected_A_relu = np.array([[3.43896131349, 0.0]])
np.testing.assert_allclose(A_sig, expected_A_sig, rtol=1e-6, atol=1e-10,
                           err_msg="with activation 'sigmoid', A differs from the example (tolerance 1e-6).")
np.testing.assert_allclose(A_relu, expected_A_relu, rtol=1e-6, atol=1e-10,
                           err_msg="with activation 'relu', A differs from the example (tolerance 1e-6).")
assert isinstance(cache_sig, tuple) and len(cache_sig) == 2, "the cache should be the pair (linear_cache, activation_cache)."
assert isinstance(cache_sig[0], tuple) and len(cache_sig[0]) == 3 and cache_sig[0][0] is A_prev, (
    "the first item of the cache should be linear_forward's cache (A_prev, W, b).")
assert np.shape(cache_sig[1]) == (1, 2), "the second item of the cache should be the activation's cache, Z of shape (1, 2)."
try:
    linear_activation_forward(A_prev, W, b, "tanh")
except ValueError:
    pass
else:
    raise AssertionError("an unknown activation such as 'tanh' should raise a ValueError.")
print("linear_activation_forward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("linear_activation_forward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_L_model_forward", "locked": true, "schema_version": 3, "solution": false}
# ### The whole network
#
# The network has $L$ = `len(parameters) // 2` layers. Starting from
# $A^{[0]} = X$, layers $1, \dots, L-1$ are LINEAR → RELU and layer $L$ is
# LINEAR → SIGMOID; its output $A^{[L]}$, of shape $(1, m)$, is the predicted
# probability that each example is a cat. `caches` is a **list of the $L$ layer
# caches**, layer 1 first.

# %% nbgrader={"grade": false, "grade_id": "L_model_forward", "locked": false, "schema_version": 3, "solution": true}
def L_model_forward(X, parameters):
    """Forward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Inputs:
        X: (n_0, m) input data.
        parameters: dict with "W{l}" (n_l, n_{l-1}) and "b{l}" (n_l, 1) for l = 1..L.
    Returns:
        AL: (1, m), the output of the sigmoid layer.
        caches: list of L caches, one per layer (linear_activation_forward's cache), layer 1 first.
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[layer_key("W", l)], parameters[layer_key("b", l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[layer_key("W", L)], parameters[layer_key("b", L)], "sigmoid")
    caches.append(cache)
    ### END SOLUTION
    return AL, caches


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_L_model_forward", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks L_model_forward: the output AL of a 3-layer network and the list of its L caches.
np.random.seed(6)
X = np.random.randn(5, 4)
parameters = {"W1": np.random.randn(4, 5), "b1": np.random.randn(4, 1),
              "W2": np.random.randn(3, 4), "b2": np.random.randn(3, 1),
              "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
AL, caches = L_model_forward(X, parameters)
assert np.shape(AL) == (1, 4), f"AL should have shape (1, m) = (1, 4); got {np.shape(AL)}."
# reference value: AL
expected_AL = np.array([[0.0392166792225, 0.704989207501, 0.197343872347, 0.0472817716198]])
np.testing.assert_allclose(AL, expected_AL, rtol=1e-6, atol=1e-10,
                           err_msg="AL differs from the example (tolerance 1e-6): ReLU in layers 1..L-1, "
                                   "sigmoid in layer L.")
assert isinstance(caches, list) and len(caches) == 3, (
    f"caches should be a list of L = 3 layer caches; got {type(caches).__name__} of length {len(caches)}.")
print("L_model_forward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("L_model_forward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_cost", "locked": true, "schema_version": 3, "solution": false}
# ## 5. The cost
#
# The binary cross-entropy of predictions $A^{[L]}$ against labels $Y$, averaged
# over the $m$ examples:
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \Big( y^{(i)} \log a^{[L](i)} + \big(1 - y^{(i)}\big) \log\big(1 - a^{[L](i)}\big) \Big).$$
#
# Return it as a **0-d value** with `np.squeeze` (a number, not a `(1, 1)`
# array): `np.shape(cost)` must be `()`.

# %% nbgrader={"grade": false, "grade_id": "compute_cost", "locked": false, "schema_version": 3, "solution": true}
def compute_cost(AL, Y):
    """Binary cross-entropy cost.

    Inputs:
        AL: (1, m) predicted probabilities, strictly between 0 and 1.
        Y: (1, m) labels, 0 or 1.
    Returns:
        cost: 0-d value (np.shape(cost) == ()), the mean cross-entropy.
    """
    ### BEGIN SOLUTION
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    cost = np.squeeze(cost)
    ### END SOLUTION
    return cost


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_compute_cost", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks compute_cost: the mean cross-entropy, returned as a 0-d value.
Y = np.array([[1, 1, 0]])
AL = np.array([[0.8, 0.9, 0.4]])
cost = compute_cost(AL, Y)
assert np.shape(cost) == (), f"the cost should be a 0-d value (use np.squeeze); np.shape(cost) is {np.shape(cost)}."
# reference value: cost
expected_cost = 0.279776563579
np.testing.assert_allclose(cost, expected_cost, rtol=1e-6, atol=1e-12,
                           err_msg="the cost differs from the example (tolerance 1e-6): average over the m "
                                   "examples, with a minus sign, and use both terms.")
print("compute_cost: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("compute_cost", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_backward", "locked": true, "schema_version": 3, "solution": false}
# ## 6. Backward propagation
#
# ### The linear part
#
# Given $dZ^{[l]} = \partial J / \partial Z^{[l]}$ of shape $(n_l, m)$ and the
# cache $(A^{[l-1]}, W^{[l]}, b^{[l]})$, with $m$ the number of columns of
# $A^{[l-1]}$:
#
# $$dW^{[l]} = \frac{1}{m}\, dZ^{[l]} A^{[l-1]\,T}, \qquad
#   db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \qquad
#   dA^{[l-1]} = W^{[l]\,T} dZ^{[l]}.$$
#
# $db^{[l]}$ sums over the examples (the columns) and keeps the shape
# $(n_l, 1)$. Each gradient has the shape of what it is the gradient of.

# %% nbgrader={"grade": false, "grade_id": "linear_backward", "locked": false, "schema_version": 3, "solution": true}
def linear_backward(dZ, cache):
    """Backward pass of the linear part of a layer.

    Inputs:
        dZ: (n_l, m) gradient of the cost with respect to Z.
        cache: (A_prev, W, b) from linear_forward; A_prev (n_{l-1}, m), W (n_l, n_{l-1}), b (n_l, 1).
    Returns:
        dA_prev: (n_{l-1}, m), W.T @ dZ.
        dW: (n_l, n_{l-1}), dZ @ A_prev.T / m.
        db: (n_l, 1), the row sums of dZ divided by m.
    """
    ### BEGIN SOLUTION
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    ### END SOLUTION
    return dA_prev, dW, db


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_linear_backward", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks linear_backward: dA_prev, dW and db for one example layer.
np.random.seed(1)
dZ = np.random.randn(3, 4)
A_prev = np.random.randn(5, 4)
W = np.random.randn(3, 5)
b = np.random.randn(3, 1)
dA_prev, dW, db = linear_backward(dZ, (A_prev, W, b))
for name, got, shape in [("dA_prev", dA_prev, (5, 4)), ("dW", dW, (3, 5)), ("db", db, (3, 1))]:
    assert np.shape(got) == shape, f"{name} should have shape {shape}; got {np.shape(got)}."
# reference value: dA_prev
expected_dA_prev = np.array([[-1.1517133628, 0.0671846511549, -0.320469595124, 2.09812711577],
                             [0.60345878816, -3.72508700708, 5.81700741484, -3.84326836129],
                             [-0.431955202486, -1.30987417357, 1.72354704759, 0.050705776359],
                             [-0.3898141484, 0.608112440375, -1.25938423586, 1.47191592682],
                             [-2.52214925846, 2.67882551503, -0.679474648697, 1.48119547615]])
# reference value: dW
expected_dW = np.array([[0.0731386621861, -0.097671496866, -0.875858284547, 0.73763361846, 0.00785715946106],
                        [0.855088183651, 0.375304128039, -0.599126552752, 0.712781894313, -0.589318077893],
                        [0.979133040384, -0.243764937486, -0.0883967060152, 0.551511918201, -0.102909073793]])
# reference value: db
expected_db = np.array([[-0.147137856102],
                        [-0.113131551059],
                        [-0.132091012968]])
np.testing.assert_allclose(dA_prev, expected_dA_prev, rtol=1e-6, atol=1e-10,
                           err_msg="dA_prev differs from the example (tolerance 1e-6).")
np.testing.assert_allclose(dW, expected_dW, rtol=1e-6, atol=1e-10,
                           err_msg="dW differs from the example (tolerance 1e-6); remember the 1/m.")
np.testing.assert_allclose(db, expected_db, rtol=1e-6, atol=1e-10,
                           err_msg="db differs from the example (tolerance 1e-6): sum over the examples "
                                   "(columns), keep the shape (n_l, 1), and divide by m.")
print("linear_backward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("linear_backward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_linear_activation_backward", "locked": true, "schema_version": 3, "solution": false}
# ### LINEAR → ACTIVATION backward
#
# With the layer cache `(linear_cache, activation_cache)`, first go back through
# the activation, $dZ^{[l]} = dA^{[l]} \odot g'\big(Z^{[l]}\big)$, with the given
# `sigmoid_backward` or `relu_backward`, then through the linear part with
# `linear_backward`. An unknown `activation` raises a `ValueError`, as in the
# forward pass.

# %% nbgrader={"grade": false, "grade_id": "linear_activation_backward", "locked": false, "schema_version": 3, "solution": true}
def linear_activation_backward(dA, cache, activation):
    """Backward pass of one LINEAR -> ACTIVATION layer.

    Inputs:
        dA: (n_l, m) gradient of the cost with respect to the layer's output A.
        cache: (linear_cache, activation_cache) from linear_activation_forward.
        activation: "sigmoid" or "relu"; anything else raises ValueError.
    Returns:
        dA_prev: (n_{l-1}, m).   dW: (n_l, n_{l-1}).   db: (n_l, 1).
    """
    ### BEGIN SOLUTION
    if activation == "sigmoid":
        backward = sigmoid_backward
    elif activation == "relu":
        backward = relu_backward
    else:
        raise ValueError(f"unknown activation {activation!r}: use 'sigmoid' or 'relu'")
    linear_cache, activation_cache = cache
    dZ = backward(dA, activation_cache)
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    ### END SOLUTION
    return dA_prev, dW, db


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_linear_activation_backward", "locked": true, "points": 8, "schema_version": 3, "solution": false}
# Checks linear_activation_backward: both activations and the ValueError for an unknown activation.
np.random.seed(2)
dA = np.random.randn(1, 2)
A_prev = np.random.randn(3, 2)
W = np.random.randn(1, 3)
b = np.random.randn(1, 1)
Z = np.random.randn(1, 2)
cache = ((A_prev, W, b), Z)
dA_prev_sig, dW_sig, db_sig = linear_activation_backward(dA, cache, "sigmoid")
dA_prev_relu, dW_relu, db_relu = linear_activation_backward(dA, cache, "relu")
# reference value: dW_sig
expected_dW_sig = np.array([[0.102667863768, 0.097785505003, -0.0196808423384]])
# reference value: dA_prev_relu
expected_dA_prev_relu = np.array([[0.440909889391, 0.0],
                                  [0.378836056872, 0.0],
                                  [-0.229822800548, 0.0]])
# reference value: db_relu
expected_db_relu = np.array([[-0.208378923703]])
np.testing.assert_allclose(dW_sig, expected_dW_sig, rtol=1e-6, atol=1e-10,
                           err_msg="with 'sigmoid', dW differs from the example (tolerance 1e-6).")
np.testing.assert_allclose(dA_prev_relu, expected_dA_prev_relu, rtol=1e-6, atol=1e-10,
                           err_msg="with 'relu', dA_prev differs from the example (tolerance 1e-6).")
np.testing.assert_allclose(db_relu, expected_db_relu, rtol=1e-6, atol=1e-10,
                           err_msg="with 'relu', db differs from the example (tolerance 1e-6).")
try:
    linear_activation_backward(dA, cache, "tanh")
except ValueError:
    pass
else:
    raise AssertionError("an unknown activation such as 'tanh' should raise a ValueError.")
print("linear_activation_backward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("linear_activation_backward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_L_model_backward", "locked": true, "schema_version": 3, "solution": false}
# ### The whole network backward
#
# Start from the gradient of the cost with respect to the output (for one
# example; the $1/m$ is in `linear_backward`):
#
# $$dA^{[L]} = -\left( \frac{Y}{A^{[L]}} - \frac{1 - Y}{1 - A^{[L]}} \right),$$
#
# after reshaping `Y` to `AL.shape`. Then go back through layer $L$ (sigmoid) and
# layers $L-1, \dots, 1$ (ReLU), using `caches[l - 1]` for layer $l$. Store in
# the dict `grads`:
#
# * `grads["dA{l}"]`: the gradient with respect to $A^{[l]}$ for
#   $l = 0, \dots, L-1$; going back through layer $l$ yields `"dA{l-1}"` (so
#   the sigmoid layer $L$ yields `"dA{L-1}"`, and layer 1 yields `"dA0"`, the
#   gradient with respect to $X$);
# * `grads["dW{l}"]`, `grads["db{l}"]` for $l = 1, \dots, L$.

# %% nbgrader={"grade": false, "grade_id": "L_model_backward", "locked": false, "schema_version": 3, "solution": true}
def L_model_backward(AL, Y, caches):
    """Backward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Inputs:
        AL: (1, m) output of L_model_forward.
        Y: labels, 0 or 1, reshaped to AL.shape.
        caches: list of the L layer caches from L_model_forward.
    Returns:
        grads: dict with "dA{l}" (n_l, m) for l = 0..L-1, and "dW{l}" (n_l, n_{l-1}),
               "db{l}" (n_l, 1) for l = 1..L.
    """
    ### BEGIN SOLUTION
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], activation)
        grads[layer_key("dA", l - 1)] = dA
        grads[layer_key("dW", l)] = dW
        grads[layer_key("db", l)] = db
    ### END SOLUTION
    return grads


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_L_model_backward", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks L_model_backward: the keys of grads and the gradients of a 2-layer example.
np.random.seed(3)
X = np.random.randn(4, 2)
Y = np.array([[1, 0]])
parameters = {"W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1),
              "W2": np.random.randn(1, 3), "b2": np.random.randn(1, 1)}
AL, caches = L_model_forward(X, parameters)
grads = L_model_backward(AL, Y, caches)
assert isinstance(grads, dict), "L_model_backward should return a dict."
assert sorted(grads) == ["dA0", "dA1", "dW1", "dW2", "db1", "db2"], (
    f"for L = 2 layers, grads should have exactly the keys dA0, dA1, dW1, dW2, db1, db2; got {sorted(grads)}.")
# reference value: grads["dW1"]
expected_dW1 = np.array([[0.0, 0.0, 0.0, 0.0],
                         [0.686140175737, 0.0370176314895, -0.10640957183, -0.0317406635802],
                         [0.466713451846, 0.0733126656429, -0.0650577461812, -0.00611205609925]])
# reference value: grads["db1"]
expected_db1 = np.array([[0.0],
                         [0.383612463924],
                         [0.241651445487]])
# reference value: grads["dA1"]
expected_dA1 = np.array([[-0.177395250195, 0.0169369789616],
                         [0.767224927848, -0.0732515241949],
                         [0.534317343726, -0.0510144527518]])
np.testing.assert_allclose(grads["dA1"], expected_dA1, rtol=1e-6, atol=1e-10,
                           err_msg="grads['dA1'] (from the sigmoid layer 2) differs from the example (tolerance 1e-6).")
np.testing.assert_allclose(grads["dW1"], expected_dW1, rtol=1e-6, atol=1e-10,
                           err_msg="grads['dW1'] differs from the example (tolerance 1e-6).")
np.testing.assert_allclose(grads["db1"], expected_db1, rtol=1e-6, atol=1e-10,
                           err_msg="grads['db1'] differs from the example (tolerance 1e-6).")
print("L_model_backward: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("L_model_backward", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_update", "locked": true, "schema_version": 3, "solution": false}
# ## 7. Gradient descent
#
# For every layer $l = 1, \dots, L$, with learning rate $\alpha$:
#
# $$W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}, \qquad b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}.$$
#
# Return the updated `parameters`. Whether you change the given dict and its
# arrays in place or build new ones is your choice: callers always use the
# returned dict.

# %% nbgrader={"grade": false, "grade_id": "update_parameters", "locked": false, "schema_version": 3, "solution": true}
def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W{l}, b{l}.

    Inputs:
        parameters: dict with "W{l}" (n_l, n_{l-1}) and "b{l}" (n_l, 1), l = 1..L.
        grads: dict with "dW{l}" and "db{l}" of the same shapes (it may hold "dA{l}" too).
        learning_rate: float.
    Returns:
        parameters: dict with the updated "W{l}" and "b{l}".
    """
    ### BEGIN SOLUTION
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            updated[layer_key(name, l)] = parameters[layer_key(name, l)] - learning_rate * grads[layer_key("d" + name, l)]
    parameters = updated
    ### END SOLUTION
    return parameters


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_update_parameters", "locked": true, "points": 5, "schema_version": 3, "solution": false}
# Checks update_parameters: one gradient-descent step on every W and b.
np.random.seed(2)
parameters = {"W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1),
              "W2": np.random.randn(1, 3), "b2": np.random.randn(1, 1)}
grads = {"dW1": np.random.randn(3, 4), "db1": np.random.randn(3, 1),
         "dW2": np.random.randn(1, 3), "db2": np.random.randn(1, 1)}
parameters = update_parameters(parameters, grads, 0.1)
# reference value: parameters["W1"]
expected_W1 = np.array([[-0.417660372503, 0.0315439620977, -2.12055267863, 1.6146137632],
                        [-1.69455768032, -0.807865169053, 0.526499820243, -1.18152258536],
                        [-0.939190990224, -0.766885892196, 0.566803564114, 2.31911370884]])
# reference value: parameters["b2"]
expected_b2 = np.array([[-0.663449578911]])
np.testing.assert_allclose(parameters["W1"], expected_W1, rtol=1e-6, atol=1e-10,
                           err_msg="W1 after the update differs from the example (tolerance 1e-6): W1 - learning_rate * dW1.")
np.testing.assert_allclose(parameters["b2"], expected_b2, rtol=1e-6, atol=1e-10,
                           err_msg="b2 after the update differs from the example: update every layer, b too.")
print("update_parameters: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("update_parameters", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_models", "locked": true, "schema_version": 3, "solution": false}
# ## 8. Two models
#
# Both models run **full-batch gradient descent** for `num_iterations`
# iterations. Each iteration does forward propagation, the cost, backward
# propagation and the update. The cost is appended to the list `costs` (as a
# float) at iterations $i = 0, 100, 200, \dots$ (when `i % 100 == 0`), whatever
# `print_cost` says; when `print_cost` is true, print it at those same
# iterations (the format is up to you). Each returns `(parameters, costs)`.
#
# * `two_layer_model(X, Y, layers_dims, ...)` is LINEAR → RELU → LINEAR →
#   SIGMOID with `layers_dims = (n_x, n_h, n_y)`, initialised with **your**
#   `initialize_parameters`.
# * `L_layer_model(X, Y, layers_dims, ...)` takes a list `[n_x, n_1, ..., n_L]`
#   and is initialised with the **given** `initialize_parameters_deep_scaled`
#   below, not with `initialize_parameters_deep`.
#
# **Why a different initialisation for the deep model?** With weights of size
# $0.01$, each layer multiplies the signal by a matrix with small entries:
# after a few layers the activations, and by the same token the gradients, are
# vanishingly small, so the cost hardly moves. Scaling $W^{[l]}$ by
# $1/\sqrt{n_{l-1}}$ instead keeps the variance of $Z^{[l]}$ about the same from
# layer to layer, whatever the width. Section 10 shows both cost curves.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_scaled_init", "locked": true, "schema_version": 3, "solution": false}
def initialize_parameters_deep_scaled(layer_dims):
    """Parameters of an L-layer network, drawn after np.random.seed(1), scaled by 1 / sqrt(n_{l-1}).

    Input:
        layer_dims: list of L + 1 ints [n_0, n_1, ..., n_L].
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": (n_l, n_{l-1}) array, randn / sqrt(n_{l-1});  "b{l}": (n_l, 1) zeros.
    """
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[layer_key("W", l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[layer_key("b", l)] = np.zeros((layer_dims[l], 1))
    return parameters


# %% nbgrader={"grade": false, "grade_id": "two_layer_model", "locked": false, "schema_version": 3, "solution": true}
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train LINEAR -> RELU -> LINEAR -> SIGMOID by full-batch gradient descent.

    Inputs:
        X: (n_x, m) data.   Y: (1, m) labels, 0 or 1.
        layers_dims: (n_x, n_h, n_y).
        learning_rate: float.   num_iterations: int.
        print_cost: bool, print the cost every 100 iterations.
    Returns:
        parameters: dict "W1" (n_h, n_x), "b1" (n_h, 1), "W2" (n_y, n_h), "b2" (n_y, 1), after training.
        costs: list of floats, the cost at iterations 0, 100, 200, ... (before that iteration's update).
    """
    ### BEGIN SOLUTION
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):.6f}")
    ### END SOLUTION
    return parameters, costs


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_two_layer_model", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks two_layer_model: the costs and the parameters after 201 iterations on a small example.
np.random.seed(4)
X_small = np.random.randn(4, 12)
Y_small = (X_small[0:1] + X_small[1:2] > 0).astype(int)
parameters_small, costs_small = two_layer_model(X_small, Y_small, (4, 3, 1), learning_rate=0.5, num_iterations=201)
assert len(costs_small) == 3, (
    f"201 iterations should record 3 costs (at i = 0, 100, 200); got {len(costs_small)}.")
# reference value: np.array(costs_small)
expected_costs = np.array([0.693157779089, 0.2123973893, 0.046715993924])
# reference value: parameters_small["W1"]
expected_W1 = np.array([[1.34050891289, 0.544770663295, 0.297390746538, -0.338074282804],
                        [-1.08942370754, -2.36479259118, 0.0317376433698, -0.07376075144],
                        [0.00337337900059, -0.00697359844907, 0.0145379776123, -0.0168196295586]])
np.testing.assert_allclose(np.array(costs_small, dtype=float), expected_costs, rtol=1e-5, atol=1e-8,
                           err_msg="the recorded costs differ from the example (tolerance 1e-5): record the cost "
                                   "of iteration i (before its update) when i % 100 == 0, starting from "
                                   "initialize_parameters.")
np.testing.assert_allclose(parameters_small["W1"], expected_W1, rtol=1e-5, atol=1e-8,
                           err_msg="W1 after training differs from the example (tolerance 1e-5).")
print("two_layer_model: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("two_layer_model", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "L_layer_model", "locked": false, "schema_version": 3, "solution": true}
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID by full-batch gradient descent.

    Inputs:
        X: (n_0, m) data.   Y: (1, m) labels, 0 or 1.
        layers_dims: list [n_0, n_1, ..., n_L].
        learning_rate: float.   num_iterations: int.
        print_cost: bool, print the cost every 100 iterations.
    Returns:
        parameters: dict "W{l}" (n_l, n_{l-1}), "b{l}" (n_l, 1) for l = 1..L, after training,
                    starting from initialize_parameters_deep_scaled(layers_dims).
        costs: list of floats, the cost at iterations 0, 100, 200, ... (before that iteration's update).
    """
    ### BEGIN SOLUTION
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
            if print_cost:
                print(f"Cost after iteration {i}: {float(cost):.6f}")
    ### END SOLUTION
    return parameters, costs


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_L_layer_model", "locked": true, "points": 6, "schema_version": 3, "solution": false}
# Checks L_layer_model: the costs and the parameters after 201 iterations on a small example.
np.random.seed(5)
X_small = np.random.randn(4, 12)
Y_small = (X_small[0:1] - X_small[2:3] > 0).astype(int)
parameters_small, costs_small = L_layer_model(X_small, Y_small, [4, 5, 3, 1], learning_rate=0.1, num_iterations=201)
assert len(costs_small) == 3, (
    f"201 iterations should record 3 costs (at i = 0, 100, 200); got {len(costs_small)}.")
# reference value: np.array(costs_small)
expected_costs = np.array([0.685444320706, 0.448972155817, 0.18014265134])
# reference value: parameters_small["W3"]
expected_W3 = np.array([[-1.54264266699, -1.12565841901, 0.135339966237]])
np.testing.assert_allclose(np.array(costs_small, dtype=float), expected_costs, rtol=1e-5, atol=1e-8,
                           err_msg="the recorded costs differ from the example (tolerance 1e-5): start from "
                                   "initialize_parameters_deep_scaled and record the cost of iteration i "
                                   "(before its update) when i % 100 == 0.")
np.testing.assert_allclose(parameters_small["W3"], expected_W3, rtol=1e-5, atol=1e-8,
                           err_msg="W3 after training differs from the example (tolerance 1e-5).")
print("L_layer_model: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("L_layer_model", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_predict", "locked": true, "schema_version": 3, "solution": false}
# ## 9. Prediction
#
# `predict(X, y, parameters)` runs the forward pass and predicts a cat (1)
# where $a^{[L]} > 0.5$ (strictly) and a non-cat (0) elsewhere. It returns
# `p` of shape $(1, m)$ (integers or floats, both fine) and **prints** the
# accuracy, the fraction of the $m$ examples where `p` equals `y`, e.g.
# `Accuracy: 0.75` (the format is up to you).

# %% nbgrader={"grade": false, "grade_id": "predict", "locked": false, "schema_version": 3, "solution": true}
def predict(X, y, parameters):
    """Predicted labels of an L-layer network, and print the accuracy.

    Inputs:
        X: (n_0, m) data.   y: (1, m) true labels, 0 or 1.
        parameters: dict "W{l}", "b{l}" for l = 1..L.
    Returns:
        p: (1, m), 1 where AL > 0.5 and 0 elsewhere.
    """
    ### BEGIN SOLUTION
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    print(f"Accuracy: {np.mean(p == y)}")
    ### END SOLUTION
    return p


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_predict", "locked": true, "points": 4, "schema_version": 3, "solution": false}
# Checks predict: the 0/1 predictions of a small network (threshold 0.5, strictly).
np.random.seed(7)
X = np.random.randn(3, 6)
y = np.array([[1, 0, 1, 1, 0, 0]])
parameters = {"W1": np.random.randn(2, 3), "b1": np.zeros((2, 1)),
              "W2": np.random.randn(1, 2), "b2": np.zeros((1, 1))}
p = predict(X, y, parameters)
assert np.shape(p) == (1, 6), f"p should have shape (1, m) = (1, 6); got {np.shape(p)}."
# reference value: p
expected_p = np.array([[0, 0, 0, 0, 0, 0]])
np.testing.assert_array_equal(p, expected_p, err_msg="the predictions differ from the example: 1 where AL > 0.5, else 0.")
p_half = predict(X, y, {"W1": parameters["W1"], "b1": parameters["b1"],
                        "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))})
assert not np.any(p_half), "where AL is exactly 0.5 the prediction should be 0 (the threshold is strict)."
print("predict: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("predict", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_training", "locked": true, "schema_version": 3, "solution": false}
# ## 10. Training on cats and non-cats
#
# Both models now train on the 2,000 training images, with **your** functions
# and the default learning rate $0.0075$. The iteration budgets are kept small so
# that each run takes at most about 20 seconds; more iterations would reach
# higher accuracy (about 74% / 68% for the 2-layer model after 2,500 iterations).
#
# ### The 2-layer model, `(3072, 7, 1)`, 500 iterations
#
# A reference run reaches about **60.4% train and 62.2% test
# accuracy**. The graded cell after it requires at least **58% on the
# training set and 60% on the test set**.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "training_two_layer_run", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
NUM_ITERATIONS_2L = 500
parameters_2l, costs_2l = two_layer_model(train_x, train_y, layers_dims=(3072, 7, 1),
                                          num_iterations=NUM_ITERATIONS_2L, print_cost=True)
fig = plot_costs(costs_2l, log_step=100, title="2-layer model: cost")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training_two_layer", "locked": true, "points": 8, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Checks the trained 2-layer network `parameters_2l`: accuracy bars on the training and the test set.
assert "parameters_2l" in globals(), "run the training cell above first: it defines parameters_2l."
print("training set:", end=" ")
pred_train_2l = predict(train_x, train_y, parameters_2l)
print("test set:    ", end=" ")
pred_test_2l = predict(test_x, test_y, parameters_2l)
train_acc_2l = float(np.mean(np.asarray(pred_train_2l) == train_y))
test_acc_2l = float(np.mean(np.asarray(pred_test_2l) == test_y))
assert train_acc_2l >= 0.58, (
    f"the 2-layer training accuracy is {train_acc_2l:.1%}, below the 58% bar (a correct implementation "
    f"reaches about 60.4%): check that the cost in the cell above goes down.")
assert test_acc_2l >= 0.60, (
    f"the 2-layer test accuracy is {test_acc_2l:.1%}, below the 60% bar (a correct implementation "
    f"reaches about 62.2%).")
print(f"training_two_layer: visible check passed (train {train_acc_2l:.1%}, test {test_acc_2l:.1%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training_two_layer", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_training_L", "locked": true, "schema_version": 3, "solution": false}
# ### The 4-layer model, `[3072, 20, 7, 5, 1]`, 300 iterations
#
# A reference run reaches about **68.8% train and 68.8% test accuracy**.
# The graded cell after it requires at least **66% on the training set
# and 66% on the test set**.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "training_L_layer_run", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
NUM_ITERATIONS_L = 300
parameters_L, costs_L = L_layer_model(train_x, train_y, layers_dims=[3072, 20, 7, 5, 1],
                                      num_iterations=NUM_ITERATIONS_L, print_cost=True)
fig = plot_costs(costs_L, log_step=100, title="4-layer model: cost")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training_L_layer", "locked": true, "points": 8, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Checks the trained 4-layer network `parameters_L`: accuracy bars on the training and the test set.
assert "parameters_L" in globals(), "run the training cell above first: it defines parameters_L."
print("training set:", end=" ")
pred_train_L = predict(train_x, train_y, parameters_L)
print("test set:    ", end=" ")
pred_test_L = predict(test_x, test_y, parameters_L)
train_acc_L = float(np.mean(np.asarray(pred_train_L) == train_y))
test_acc_L = float(np.mean(np.asarray(pred_test_L) == test_y))
assert train_acc_L >= 0.66, (
    f"the 4-layer training accuracy is {train_acc_L:.1%}, below the 66% bar (a correct implementation "
    f"reaches about 68.8%): check that the cost in the cell above goes down.")
assert test_acc_L >= 0.66, (
    f"the 4-layer test accuracy is {test_acc_L:.1%}, below the 66% bar (a correct implementation "
    f"reaches about 68.8%).")
print(f"training_L_layer: visible check passed (train {train_acc_L:.1%}, test {test_acc_L:.1%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training_L_layer", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init_compare", "locked": true, "schema_version": 3, "solution": false}
# ## 11. Why the deep model needs the scaled initialisation (not graded)
#
# The cell below trains the same 4-layer network twice on 400 of the training
# images (every fifth) for 300 iterations: once from `initialize_parameters_deep` (weights
# $\times 0.01$) and once from `initialize_parameters_deep_scaled` (weights
# $/\sqrt{n_{l-1}}$). With the small weights the output stays at
# $a^{[L]} \approx 0.5$ and the cost stays flat at $\log 2 \approx 0.693$: the
# gradients reaching the first layers are products of several tiny matrices.
# With the scaled weights the cost goes down from the start.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "init_compare", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
# Full-batch gradient descent on a fifth of the training images from two initialisations;
# the cost every 10 iterations.
dims = [3072, 20, 7, 5, 1]
X_few, Y_few = train_x[:, ::5], train_y[:, ::5]
runs = {}
for label, init in [("weights x 0.01", initialize_parameters_deep),
                    ("weights / sqrt(n_prev)", initialize_parameters_deep_scaled)]:
    params, run_costs = init(dims), []
    for i in range(300):
        AL, caches = L_model_forward(X_few, params)
        if i % 10 == 0:
            run_costs.append(float(compute_cost(AL, Y_few)))
        params = update_parameters(params, L_model_backward(AL, Y_few, caches), 0.0075)
    runs[label] = run_costs
fig = plot_runs(runs, step=10, ylabel="cost", title="4-layer network: two initialisations")

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_mislabelled", "locked": true, "schema_version": 3, "solution": false}
# ## 12. Which test images does the 4-layer model get wrong? (not graded)
#
# The grid shows misclassified test images, titled "predicted/true".

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "mislabelled_show", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
wrong = np.flatnonzero(np.asarray(pred_test_L).ravel() != test_y.ravel())
print(f"{wrong.size} of {test_y.shape[1]} test images are misclassified.")
fig = show_cifar_images(test_x[:, wrong[:16]], test_y[:, wrong[:16]], n_rows=2, n_cols=8, class_names=classes,
                        predictions=np.asarray(pred_test_L)[:, wrong[:16]].astype(int),
                        title="Misclassified test images (predicted/true)")

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_discussion", "locked": true, "schema_version": 3, "solution": false}
# ## 13. Discussion (not graded)
#
# **The mislabelled images.** Looking at the grid, the mistakes are rarely
# random. A fully connected network sees each image as 3072 unrelated numbers:
# it has no notion that neighbouring pixels belong together, nor that a cat
# is a cat wherever it sits in the frame. It therefore leans on global cues
# such as colour, brightness and the background. Cats in an unusual pose, at
# an unusual scale, partly hidden, or on a background typical of another class
# are missed; dogs, deer and other furry animals on indoor or grassy backgrounds
# are often taken for cats. Some images are hard even for people at
# $32 \times 32$ pixels. Convolutional networks, which share weights across
# positions, do much better on exactly these cases.
#
# **Over-fitting.** Compare the training and the test accuracy: with longer
# training the training accuracy keeps climbing while the test accuracy
# stalls (the reference 2-layer run after 2,500 iterations: about 74% train,
# 68% test; the 4-layer one: about 78% train, 66% test). The 4-layer network
# has about 62,000 parameters for 2,000 training images, enough to memorise
# details of the training set that do not carry over to new images. More data,
# regularisation (L2, dropout), early stopping on a validation set, or an
# architecture with fewer parameters per useful feature (convolutions) all
# narrow that gap. The next assignments introduce several of these tools.
