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
# # A configurable deep network and four optimisers, compared on MNIST 0-vs-1
#
# In this assignment you build, **with numpy only**, a fully connected network
# of any width and depth as a Python class, and four optimisers as classes that
# share one interface: plain gradient descent, gradient descent with momentum,
# RMSProp and Adam. At the end you train the same network with each of them on
# MNIST digits 0 and 1 and compare their loss curves and test accuracies.
#
# ### How grading works
#
# * Each piece you write lives in a cell that says `# YOUR CODE HERE`. Replace
#   `raise NotImplementedError()` with your implementation. Keep the names and
#   signatures exactly as given: the tests construct your classes and call their
#   methods by name.
# * After each of these cells comes a **test cell**. It runs a small worked
#   example whose expected numbers you can read, then **hidden tests** that run
#   when your notebook is graded (fresh random inputs of several shapes, several
#   steps in a row, edge cases, and whether seeded random draws match).
# * **Do not modify, delete or copy the test cells** (or any read-only cell).
# * The worked examples draw their inputs from numpy's random generator, which
#   is **seeded once, at the top of the notebook**, so the examples follow one
#   another. Run the notebook from top to bottom (**Kernel → Restart & Run
#   All**). An example that runs out of order says so and re-draws its inputs
#   as a run from the top would, so its numbers still apply. Never call
#   `np.random.seed` inside your code.
# * Points: 100 in total, shown in each test cell's header.
#
# ### Conventions
#
# * Data matrices are **(features, samples)**: `X` has shape $(n_x, m)$.
# * `parameters` is a dict with keys `"W1"`, `"b1"`, `"W2"`, ...; layers are
#   numbered from 1. Gradients use the same keys with a leading `d`: `"dW1"`.
# * The course fixes a few choices that differ from some textbooks. They are
#   explained where they appear; keep them as described, since the tests check them.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_imports", "locked": true, "schema_version": 3, "solution": false}
import numpy as np
import matplotlib.pyplot as plt

from course_lib.data import get_mnist_01
from course_lib.plotting import plot_runs

# %matplotlib inline

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "setup_seed", "locked": true, "schema_version": 3, "solution": false}
# The one seed of the worked examples: they draw their inputs in order from here on.
np.random.seed(1)


# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_example_helpers", "locked": true, "schema_version": 3, "solution": false}
EXAMPLE_SEED = 1
EXAMPLE_ORDER = ("ReLU", "NeuralNetwork", "GradientDescent", "GradientDescentWithMomentum", "RMSProp", "Adam")


def random_state_tag():
    """Where numpy's global random generator stands, as a short text (used by the worked examples)."""
    _, key, pos, has_gauss, _ = np.random.get_state()
    return f"{int(key[:8].astype(np.int64).sum())}-{int(pos)}-{int(has_gauss)}"


def _draw_example(name):
    """Draw the random inputs of the worked example `name` from numpy's global generator."""
    if name == "ReLU":
        x = np.round(np.random.randn(2, 4), 2)
        x[0, 1] = 0.0
        return {"x": x}
    if name == "NeuralNetwork":
        return {"X": np.random.randn(4, 5), "Y": (np.random.rand(1, 5) > 0.5).astype(float)}
    P = {"W1": np.random.randn(2, 3), "b1": np.random.randn(2, 1)}
    G = {"dW1": np.random.randn(2, 3), "db1": np.random.randn(2, 1)}
    return {"P": P, "G": G}


def _replay_examples_before(name):
    """Put the generator where running the notebook in order leaves it before the example `name`."""
    np.random.seed(EXAMPLE_SEED)
    for earlier in EXAMPLE_ORDER[:EXAMPLE_ORDER.index(name)]:
        _draw_example(earlier)
        if earlier == "NeuralNetwork":      # the example builds NeuralNetwork(4, 1, 3, 3), which draws its weights
            initialize_dnn_parameters([4, 3, 3, 1])


def example_inputs(name, expected_tag):
    """The inputs of the worked example `name`, drawn in the notebook's order.

    The notebook seeds numpy's generator once at the top, so each example
    continues where the previous one left it. When the generator is elsewhere
    (a cell ran again or out of order, or a cell above drew a different number
    of random numbers), this says so and re-draws the inputs from the seed, as
    Restart & Run All would, so that the expected numbers still apply.
    """
    if random_state_tag() != expected_tag:
        print(f"Note: numpy's random generator is not where the '{name}' example expects it: a cell above ran "
              f"again or out of order, or drew a different number of random numbers than described. The "
              f"example re-draws its inputs as Kernel -> Restart & Run All would; use that before submitting.")
        _replay_examples_before(name)
    return _draw_example(name)


class FixedNetwork:
    """A stand-in for NeuralNetwork that only holds given parameters and gradients.

    The optimiser examples and tests use it so that they do not depend on the
    network class: an optimiser only needs `network.parameters` ("W1", ...) and
    `network.grads` ("dW1", ...).
    """

    def __init__(self, parameters, grads):
        self.parameters = parameters
        self.grads = grads

    def set_grads(self, grads):
        """Replace the gradients (as a new backward pass would)."""
        self.grads = grads


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_init", "locked": true, "schema_version": 3, "solution": false}
# ## 1. Initialising the parameters
#
# A network with layer sizes `layer_dims` $= [n_0, n_1, \dots, n_L]$ has, for
# each layer $l = 1, \dots, L$, a weight matrix $W^{[l]}$ of shape
# $(n_l, n_{l-1})$ and a bias $b^{[l]}$ of shape $(n_l, 1)$. The weights are
# drawn from a normal distribution scaled by the fan-in,
#
# $$W^{[l]} = \sqrt{\tfrac{1}{n_{l-1}}}\; \mathcal{N}(0, 1) + \mu, \qquad \mu = 0, \qquad b^{[l]} = 0,$$
#
# one `np.random.randn(n_l, n_{l-1})` per layer, in the order $l = 1, 2, \dots$
# This function is given.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_initialize", "locked": true, "schema_version": 3, "solution": false}
def initialize_dnn_parameters(layer_dims):
    """Initial parameters of a fully connected network.

    Input:
        layer_dims: list [n_0, n_1, ..., n_L] of layer sizes (n_0 = number of features).
    Returns:
        parameters: dict with, for l = 1..L, "W{l}" of shape (n_l, n_{l-1}) drawn as
        sqrt(1 / n_{l-1}) * randn + 0, and "b{l}" = zeros of shape (n_l, 1).
    """
    parameters = {}
    for l in range(1, len(layer_dims)):
        stdv, mu = np.sqrt(1 / layer_dims[l - 1]), 0
        parameters[f"W{l}"] = stdv * np.random.randn(layer_dims[l], layer_dims[l - 1]) + mu
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_activations", "locked": true, "schema_version": 3, "solution": false}
# ## 2. Activations as classes
#
# An activation is an object with three methods: `forward(x)` computes the
# activation element-wise, `derivative(x)` its derivative at `x`, and calling
# the object, `act(x)`, is the same as `act.forward(x)`. The sigmoid is given:
#
# $$\sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,(1 - \sigma(x)).$$
#
# ### Your task: `ReLU`
#
# $$\mathrm{relu}(x) = \max(0, x), \qquad \mathrm{relu}'(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}$$
#
# * `forward(x)` returns $\max(0, x)$ element-wise (same shape as `x`).
# * `derivative(x)` returns an **integer** array (any integer dtype) holding 1
#   where $x \ge 0$ and 0 elsewhere. Note the course's convention: the
#   derivative at exactly $x = 0$ is **1** (the function has no derivative there,
#   so any value in $[0, 1]$ is a valid choice; we fix 1 so results reproduce).
# * `__call__(x)` returns `forward(x)`.
#
# Vectorise (no Python loops over entries) and do not change `x` in place.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_sigmoid", "locked": true, "schema_version": 3, "solution": false}
class Sigmoid:
    """The logistic sigmoid, element-wise."""

    def forward(self, x):
        """x: array of any shape -> 1 / (1 + exp(-x)), same shape."""
        return 1 / (1 + np.exp(-x))

    def derivative(self, x):
        """x: array of any shape -> s(x) * (1 - s(x)), same shape."""
        s = self.forward(x)
        return s * (1 - s)

    def __call__(self, x):
        return self.forward(x)


# %% nbgrader={"grade": false, "grade_id": "ReLU", "locked": false, "schema_version": 3, "solution": true}
class ReLU:
    """The rectified linear unit, element-wise."""

    def forward(self, x):
        """x: array of any shape -> max(0, x), same shape (float)."""
        ### BEGIN SOLUTION
        return np.maximum(0, x)
        ### END SOLUTION

    def derivative(self, x):
        """x: array of any shape -> integer array, same shape: 1 where x >= 0 (zero included), else 0."""
        ### BEGIN SOLUTION
        return (x >= 0).astype(np.int8)    # any integer dtype will do; one byte per entry is the cheapest
        ### END SOLUTION

    def __call__(self, x):
        """Same as forward(x)."""
        ### BEGIN SOLUTION
        return self.forward(x)
        ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_ReLU", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks ReLU: forward is max(0, x); derivative is an integer 0/1 array with 1 where x >= 0 (zero included); calling the object runs forward.
# reference value: random_state_tag()
example_tag = '15168709569-624-0'
x = example_inputs("ReLU", example_tag)["x"]
relu = ReLU()
out = relu.forward(x)
# reference value: out
expected_out = np.array([[1.62, 0.0, 0.0, 0.0],
                         [0.87, 0.0, 1.74, 0.0]])
assert np.shape(out) == x.shape, f"ReLU.forward should keep the shape of x, {x.shape}; got {np.shape(out)}."
np.testing.assert_allclose(out, expected_out, rtol=1e-6, atol=1e-12,
                           err_msg="ReLU.forward should set negative entries to 0 and keep the others.")
der = relu.derivative(x)
# reference value: der
expected_der = np.array([[1, 1, 0, 0],
                         [1, 0, 1, 0]])
assert np.shape(der) == x.shape, f"ReLU.derivative should keep the shape of x, {x.shape}; got {np.shape(der)}."
assert np.issubdtype(np.asarray(der).dtype, np.integer), (
    f"ReLU.derivative should return an integer array (e.g. int64); got dtype {np.asarray(der).dtype}.")
np.testing.assert_array_equal(der, expected_der,
                              err_msg="ReLU.derivative should be 1 where x >= 0 and 0 where x < 0; "
                                      "look at the entry where x is exactly 0.")
np.testing.assert_allclose(relu(x), expected_out, rtol=1e-6, atol=1e-12,
                           err_msg="Calling the object, relu(x), should give relu.forward(x).")
print("ReLU: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("ReLU", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_forward", "locked": true, "schema_version": 3, "solution": false}
# ## 3. The layer, forward propagation and the cost (given)
#
# One layer computes $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ and
# $A^{[l]} = g(Z^{[l]})$, with $A^{[0]} = X$. Forward propagation runs the
# $L = $ `len(parameters) // 2` layers in order and keeps a cache
# `{"A0": X, "Z1": ..., "A1": ..., ..., "ZL": ..., "AL": ...}` for the backward pass.
#
# In this course the activation is applied **at every layer, the output layer
# included**: with ReLU the network's output is $\max(0, Z^{[L]})$, which
# suits targets of 0 and 1 measured with the squared error below.
#
# The cost is the squared error over $2m$ (the $\tfrac12$ cancels the 2 of the derivative):
#
# $$J = \frac{1}{2m} \sum_{i=1}^{m} \left(A^{[L](i)} - Y^{(i)}\right)^2.$$

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_forward", "locked": true, "schema_version": 3, "solution": false}
def layer(A_prev, W, b, act=ReLU()):
    """One layer: Z = W @ A_prev + b, A = act(Z).

    Input: A_prev (n_prev, m), W (n, n_prev), b (n, 1), act an activation object.
    Returns: (A, Z), both (n, m).
    """
    Z = W @ A_prev
    Z += b
    A = act(Z)
    return A, Z


def forward_propagation(X, parameters, act=ReLU()):
    """Forward pass through L = len(parameters) // 2 layers, the activation at every layer.

    Input: X (n_0, m), parameters {"W{l}": (n_l, n_{l-1}), "b{l}": (n_l, 1)}.
    Returns: (A, caches): A = A_L (n_L, m); caches {"A0": X, "Z{l}": (n_l, m), "A{l}": (n_l, m)}.
    """
    L = len(parameters) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        A, Z = layer(A, parameters[f"W{l}"], parameters[f"b{l}"], act)
        caches[f"Z{l}"] = Z
        caches[f"A{l}"] = A
    return A, caches


def compute_cost(A, Y):
    """Squared error over 2m: A, Y of shape (n_L, m) -> float sum((A - Y)**2) / (2m)."""
    m = Y.shape[1]
    return np.sum((A - Y) ** 2) / (2 * m)


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_backward", "locked": true, "schema_version": 3, "solution": false}
# ## 4. Back propagation (given)
#
# With the cost above and the activation at the output,
#
# $$dZ^{[L]} = \frac{1}{m}\,(A^{[L]} - Y) \odot g'(Z^{[L]}),$$
#
# and for $l = L, \dots, 1$:
#
# $$dW^{[l]} = dZ^{[l]} A^{[l-1]\top}, \qquad db^{[l]} = \sum_{i} dZ^{[l](i)}, \qquad
# dZ^{[l-1]} = \left(W^{[l]\top} dZ^{[l]}\right) \odot g'(Z^{[l-1]}) \quad (l > 1).$$
#
# The $\frac1m$ sits in $dZ^{[L]}$, so every gradient is already averaged over the samples.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_backward", "locked": true, "schema_version": 3, "solution": false}
def back_propagation(Y, parameters, caches, act_derivative=ReLU().derivative):
    """Gradients of the squared-error cost.

    Input: Y (n_L, m), parameters as for forward_propagation, caches from it,
        act_derivative: the activation's derivative (a function of Z).
    Returns: grads {"dW{l}": (n_l, n_{l-1}), "db{l}": (n_l, 1)} for l = 1..L.
    """
    L = len(parameters) // 2
    m = Y.shape[1]
    grads = {}
    dZ = (caches[f"A{L}"] - Y) / m * act_derivative(caches[f"Z{L}"])
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ caches[f"A{l - 1}"].T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = parameters[f"W{l}"].T @ dZ
            dZ *= act_derivative(caches[f"Z{l - 1}"])
    return grads


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_network", "locked": true, "schema_version": 3, "solution": false}
# ## 5. The network as a class
#
# ### Your task: `NeuralNetwork(n_x, n_y, n_h, depth, act=ReLU())`
#
# A network with `n_x` inputs, `n_y` outputs and `depth` layers: `depth - 1`
# hidden layers of width `n_h`, then the output layer. Its layer sizes are
# `[n_x] + [n_h] * (depth - 1) + [n_y]`.
#
# * `__init__` stores `n_x`, `n_y`, `n_h`, `depth` and `act` as attributes of
#   the same names, then calls `self.initialize()`.
# * `initialize()` sets `self.parameters` with `initialize_dnn_parameters` on
#   those layer sizes (calling it again draws fresh parameters).
# * `forward(X)` runs `forward_propagation` with `self.act`, stores the caches
#   in `self.caches` and returns the output $A^{[L]}$; calling the network,
#   `net(X)`, is the same as `net.forward(X)`.
# * `backward(Y)` runs `back_propagation` on the stored caches with
#   `self.act.derivative` and stores the result in `self.grads`.

# %% nbgrader={"grade": false, "grade_id": "NeuralNetwork", "locked": false, "schema_version": 3, "solution": true}
class NeuralNetwork:
    """A fully connected network of `depth` layers: n_x -> n_h -> ... -> n_h -> n_y.

    Attributes: n_x, n_y, n_h, depth, act; parameters ("W{l}", "b{l}");
    after forward: caches ("A0", "Z{l}", "A{l}"); after backward: grads ("dW{l}", "db{l}").
    """

    def __init__(self, n_x, n_y, n_h, depth, act=ReLU()):
        ### BEGIN SOLUTION
        self.n_x, self.n_y, self.n_h, self.depth = n_x, n_y, n_h, depth
        self.act = act
        self.initialize()
        ### END SOLUTION

    def initialize(self):
        """Set self.parameters for the layer sizes [n_x] + [n_h] * (depth - 1) + [n_y]."""
        ### BEGIN SOLUTION
        layer_dims = [self.n_x] + [self.n_h] * (self.depth - 1) + [self.n_y]
        self.parameters = initialize_dnn_parameters(layer_dims)
        ### END SOLUTION

    def forward(self, X):
        """X (n_x, m) -> output A_L (n_y, m); stores self.caches."""
        ### BEGIN SOLUTION
        A, self.caches = forward_propagation(X, self.parameters, self.act)
        return A
        ### END SOLUTION

    def __call__(self, X):
        """Same as forward(X)."""
        ### BEGIN SOLUTION
        return self.forward(X)
        ### END SOLUTION

    def backward(self, Y):
        """Y (n_y, m) -> stores self.grads ("dW{l}", "db{l}") computed from self.caches."""
        ### BEGIN SOLUTION
        self.grads = back_propagation(Y, self.parameters, self.caches, self.act.derivative)
        ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_NeuralNetwork", "locked": true, "points": 15, "schema_version": 3, "solution": false}
# Checks NeuralNetwork: the stored sizes, the parameters it draws, forward (output and caches), calling it, and backward (grads).
# reference value: random_state_tag()
example_tag = '16305281194-24-0'
inputs = example_inputs("NeuralNetwork", example_tag)
X, Y = inputs["X"], inputs["Y"]
net = NeuralNetwork(4, 1, 3, 3)   # layer sizes [4, 3, 3, 1]
assert (net.n_x, net.n_y, net.n_h, net.depth) == (4, 1, 3, 3), "NeuralNetwork should store n_x, n_y, n_h, depth."
assert isinstance(getattr(net, "parameters", None), dict), "NeuralNetwork() should set self.parameters (a dict)."
shapes = {k: np.shape(v) for k, v in net.parameters.items()}
assert shapes == {"W1": (3, 4), "b1": (3, 1), "W2": (3, 3), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}, (
    f"For layer sizes [4, 3, 3, 1] the parameters should be W1 (3, 4), b1 (3, 1), W2 (3, 3), b2 (3, 1), "
    f"W3 (1, 3), b3 (1, 1); got {shapes}.")
# reference value: net.parameters["W2"]
expected_W2 = np.array([[-0.335323433192, -0.0639438354839, 1.17896584677],
                        [0.258376191355, 0.394552069494, 0.0132132237197],
                        [0.494924439339, 0.106192368625, -0.240242132729]])
np.testing.assert_allclose(net.parameters["W2"], expected_W2, rtol=1e-6, atol=1e-12,
                           err_msg="W2 differs: initialise through initialize_dnn_parameters with the layer "
                                   "sizes [n_x] + [n_h] * (depth - 1) + [n_y].")
out = net.forward(X)
# reference value: out
expected_out = np.array([[0.0, 0.349210021814, 0.151885068516, 1.29268118789, 1.02828773072]])
np.testing.assert_allclose(out, expected_out, rtol=1e-6, atol=1e-12,
                           err_msg="forward(X) should return the network's output A_L, shape (n_y, m).")
assert set(net.caches) == {"A0", "Z1", "A1", "Z2", "A2", "Z3", "A3"}, (
    f"forward should store the caches of forward_propagation in self.caches; got keys {sorted(net.caches)}.")
np.testing.assert_allclose(net(X), expected_out, rtol=1e-6, atol=1e-12, err_msg="net(X) should equal net.forward(X).")
net.backward(Y)
assert isinstance(getattr(net, "grads", None), dict), "backward(Y) should store the gradients in self.grads."
# reference value: net.grads["dW1"]
expected_dW1 = np.array([[0.163086221552, 0.0612986382881, -0.131075830853, 0.0610542449992],
                         [-0.10428039956, -0.0511157086034, 0.0843508046469, -0.0479360824331],
                         [-0.593247482932, -0.149218662892, 0.499784217971, -0.162348394453]])
np.testing.assert_allclose(net.grads["dW1"], expected_dW1, rtol=1e-6, atol=1e-12,
                           err_msg="grads['dW1'] differs: backward should use the caches of the last forward "
                                   "and the derivative of the network's own activation.")
print("NeuralNetwork: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("NeuralNetwork", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_optimizers", "locked": true, "schema_version": 3, "solution": false}
# ## 6. Optimisers as classes
#
# An optimiser is built with the network it trains and a learning rate
# $\alpha$; each call of `step()` updates the network's parameters once,
# using the gradients that the network's last `backward` stored. The base class
# `Optimizer` is given. Every optimiser loops over the keys of
# `network.parameters` (`"W1"`, `"b1"`, ...), reads the gradient
# $g$ = `network.grads["d" + key]`, and writes the new value $\theta$ back into
# `network.parameters[key]` (in place, or by binding a new array: both are fine).
# Optimisers with a state keep it in dicts **keyed by the parameter key**
# (`"W1"`, not `"dW1"`), each entry starting as **zeros** shaped like the
# parameter; create them in `__init__` or at the first `step()`, as you prefer.
#
# | class | state | update, for each parameter $\theta$ with gradient $g$ |
# | --- | --- | --- |
# | `GradientDescent(network, learning_rate)` | none | $\theta \leftarrow \theta - \alpha\, g$ (use `gradient_descent_step`) |
# | `GradientDescentWithMomentum(network, learning_rate, beta=0.9)` | `velocities` | $v \leftarrow \beta v + (1-\beta) g$; $\theta \leftarrow \theta - \alpha v$ |
# | `RMSProp(network, learning_rate, beta=0.9)` | `squared_gradients` | $s \leftarrow \beta s + (1-\beta) g^2$; $\theta \leftarrow \theta - \alpha \dfrac{g}{\sqrt{s} + 10^{-8}}$ |
# | `Adam(network, learning_rate, beta1=0.9, beta2=0.999)` | `velocities`, `squared_gradients` | $v \leftarrow \beta_1 v + (1-\beta_1) g$; $s \leftarrow \beta_2 s + (1-\beta_2) g^2$; $\theta \leftarrow \theta - \alpha \dfrac{v}{\sqrt{s} + 10^{-8}}$ |
#
# Two choices of this course, to keep exactly: $\epsilon = 10^{-8}$ is added
# **outside** the square root, and this Adam has **no bias correction** (the
# `regularization` assignment adds it), so its first steps are small.
#
# The examples and tests of this section use `FixedNetwork(parameters, grads)`,
# a given stand-in that only holds parameters and gradients, so that they do
# not depend on your network class.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_optimizer", "locked": true, "schema_version": 3, "solution": false}
def gradient_descent_step(parameters, grads, learning_rate):
    """One gradient-descent update of every parameter, in place: W{l} -= lr * dW{l}, b{l} -= lr * db{l}.

    Input: parameters {"W{l}", "b{l}"}, grads {"dW{l}", "db{l}"} of the same shapes, learning_rate float.
    Returns: None.
    """
    for key in parameters:
        parameters[key] -= learning_rate * grads["d" + key]


class Optimizer:
    """The interface of every optimiser: built with a network and a learning rate; step() updates once."""

    def __init__(self, network, learning_rate):
        self.network = network
        self.learning_rate = learning_rate

    def step(self):
        raise NotImplementedError


# %% nbgrader={"grade": false, "grade_id": "GradientDescent", "locked": false, "schema_version": 3, "solution": true}
class GradientDescent(Optimizer):
    """Plain gradient descent: theta <- theta - lr * g for every parameter of the network."""

    def step(self):
        """Update network.parameters once from network.grads."""
        ### BEGIN SOLUTION
        gradient_descent_step(self.network.parameters, self.network.grads, self.learning_rate)
        ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_GradientDescent", "locked": true, "points": 10, "schema_version": 3, "solution": false}
# Checks GradientDescent: two steps of theta <- theta - lr * g on a FixedNetwork (gradients read at "d" + key).
# reference value: random_state_tag()
example_tag = '16305281194-158-0'
inputs = example_inputs("GradientDescent", example_tag)
P, G = inputs["P"], inputs["G"]
fixed = FixedNetwork(P, G)
opt = GradientDescent(fixed, 0.5)
assert opt.network is fixed and opt.learning_rate == 0.5, "GradientDescent should keep Optimizer's constructor."
opt.step()
opt.step()
# reference value: fixed.parameters["W1"]
expected_W1 = np.array([[0.508043576175, 0.118620561411, 2.24750950044],
                        [0.395587229057, -1.22140592948, -1.47783184168]])
np.testing.assert_allclose(fixed.parameters["W1"], expected_W1, rtol=1e-6, atol=1e-12,
                           err_msg="After two steps, network.parameters['W1'] differs: each step should "
                                   "subtract learning_rate * grads['dW1'].")
# reference value: fixed.parameters["b1"]
expected_b1 = np.array([[1.64682399101],
                        [-0.630252556182]])
np.testing.assert_allclose(fixed.parameters["b1"], expected_b1, rtol=1e-6, atol=1e-12,
                           err_msg="After two steps, network.parameters['b1'] differs.")
print("GradientDescent: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("GradientDescent", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "GradientDescentWithMomentum", "locked": false, "schema_version": 3, "solution": true}
class GradientDescentWithMomentum(Optimizer):
    """Momentum: v <- beta * v + (1 - beta) * g; theta <- theta - lr * v.

    State: self.velocities, a dict keyed by parameter key ("W1", ...), starting at zeros.
    """

    def __init__(self, network, learning_rate, beta=0.9):
        ### BEGIN SOLUTION
        super().__init__(network, learning_rate)
        self.beta = beta
        self.velocities = {key: np.zeros_like(p) for key, p in network.parameters.items()}
        ### END SOLUTION

    def step(self):
        """Update self.velocities, then network.parameters, once."""
        ### BEGIN SOLUTION
        parameters, grads = self.network.parameters, self.network.grads
        for key in parameters:
            self.velocities[key] = self.beta * self.velocities[key] + (1 - self.beta) * grads["d" + key]
            parameters[key] = parameters[key] - self.learning_rate * self.velocities[key]
        ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_GradientDescentWithMomentum", "locked": true, "points": 15, "schema_version": 3, "solution": false}
# Checks GradientDescentWithMomentum: velocities keyed by parameter key from zeros, and the parameters after two steps.
# reference value: random_state_tag()
example_tag = '16305281194-190-0'
inputs = example_inputs("GradientDescentWithMomentum", example_tag)
P, G = inputs["P"], inputs["G"]
fixed = FixedNetwork(P, G)
opt = GradientDescentWithMomentum(fixed, 0.1, beta=0.8)
opt.step()
assert set(opt.velocities) == {"W1", "b1"}, (
    f"velocities should be keyed by the parameter keys 'W1', 'b1'; got {sorted(opt.velocities)}.")
# reference value: opt.velocities["W1"]
expected_v1 = np.array([[-0.0103059855609, 0.0026257813945, 0.0404478110893],
                        [0.0909904483065, -0.0798536343839, 0.036213483324]])
np.testing.assert_allclose(opt.velocities["W1"], expected_v1, rtol=1e-6, atol=1e-12,
                           err_msg="After one step from zero velocities, velocities['W1'] should be (1 - beta) * dW1.")
opt.step()
# reference value: fixed.parameters["W1"]
expected_W1 = np.array([[0.327943103522, -0.212648141891, -1.5580494555],
                        [1.01972330162, 1.03273449821, 0.0606968686139]])
np.testing.assert_allclose(fixed.parameters["W1"], expected_W1, rtol=1e-6, atol=1e-12,
                           err_msg="After two steps, network.parameters['W1'] differs: update the velocity "
                                   "first, then subtract learning_rate * velocity.")
print("GradientDescentWithMomentum: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("GradientDescentWithMomentum", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "RMSProp", "locked": false, "schema_version": 3, "solution": true}
class RMSProp(Optimizer):
    """RMSProp: s <- beta * s + (1 - beta) * g**2; theta <- theta - lr * g / (sqrt(s) + 1e-8).

    State: self.squared_gradients, a dict keyed by parameter key ("W1", ...), starting at zeros.
    """

    def __init__(self, network, learning_rate, beta=0.9):
        ### BEGIN SOLUTION
        super().__init__(network, learning_rate)
        self.beta = beta
        self.squared_gradients = {key: np.zeros_like(p) for key, p in network.parameters.items()}
        ### END SOLUTION

    def step(self):
        """Update self.squared_gradients, then network.parameters, once."""
        ### BEGIN SOLUTION
        parameters, grads = self.network.parameters, self.network.grads
        for key in parameters:
            g = grads["d" + key]
            self.squared_gradients[key] = self.beta * self.squared_gradients[key] + (1 - self.beta) * g ** 2
            parameters[key] = parameters[key] - self.learning_rate * g / (np.sqrt(self.squared_gradients[key]) + 1e-8)
        ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_RMSProp", "locked": true, "points": 15, "schema_version": 3, "solution": false}
# Checks RMSProp: squared_gradients keyed by parameter key from zeros, and the parameters after two steps (eps outside the root).
# reference value: random_state_tag()
example_tag = '16305281194-234-0'
inputs = example_inputs("RMSProp", example_tag)
P, G = inputs["P"], inputs["G"]
fixed = FixedNetwork(P, G)
opt = RMSProp(fixed, 0.01, beta=0.9)
opt.step()
assert set(opt.squared_gradients) == {"W1", "b1"}, (
    f"squared_gradients should be keyed by 'W1', 'b1'; got {sorted(opt.squared_gradients)}.")
# reference value: opt.squared_gradients["W1"]
expected_s1 = np.array([[0.000361173810043, 0.0213832986999, 0.0469001018607],
                        [0.0354573004704, 0.0998103379654, 0.00949692053861]])
np.testing.assert_allclose(opt.squared_gradients["W1"], expected_s1, rtol=1e-6, atol=1e-12,
                           err_msg="After one step from zeros, squared_gradients['W1'] should be (1 - beta) * dW1**2.")
opt.step()
# reference value: fixed.parameters["W1"]
expected_W1 = np.array([[0.156337706816, 0.367214807962, 0.527360836015],
                        [-0.355643170256, 2.24230175397, 1.74306139923]])
np.testing.assert_allclose(fixed.parameters["W1"], expected_W1, rtol=1e-6, atol=1e-12,
                           err_msg="After two steps, network.parameters['W1'] differs: divide the gradient by "
                                   "sqrt(s) + 1e-8 (epsilon outside the square root).")
print("RMSProp: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("RMSProp", globals())
### END HIDDEN TESTS

# %% nbgrader={"grade": false, "grade_id": "Adam", "locked": false, "schema_version": 3, "solution": true}
class Adam(Optimizer):
    """Adam without bias correction: v <- b1 v + (1 - b1) g; s <- b2 s + (1 - b2) g**2;
    theta <- theta - lr * v / (sqrt(s) + 1e-8).

    State: self.velocities and self.squared_gradients, dicts keyed by parameter key, starting at zeros.
    """

    def __init__(self, network, learning_rate, beta1=0.9, beta2=0.999):
        ### BEGIN SOLUTION
        super().__init__(network, learning_rate)
        self.beta1, self.beta2 = beta1, beta2
        self.velocities = {key: np.zeros_like(p) for key, p in network.parameters.items()}
        self.squared_gradients = {key: np.zeros_like(p) for key, p in network.parameters.items()}
        ### END SOLUTION

    def step(self):
        """Update self.velocities, self.squared_gradients, then network.parameters, once."""
        ### BEGIN SOLUTION
        parameters, grads = self.network.parameters, self.network.grads
        for key in parameters:
            g = grads["d" + key]
            self.velocities[key] = self.beta1 * self.velocities[key] + (1 - self.beta1) * g
            self.squared_gradients[key] = self.beta2 * self.squared_gradients[key] + (1 - self.beta2) * g ** 2
            parameters[key] = parameters[key] - self.learning_rate * self.velocities[key] / (
                np.sqrt(self.squared_gradients[key]) + 1e-8)
        ### END SOLUTION


# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_Adam", "locked": true, "points": 15, "schema_version": 3, "solution": false}
# Checks Adam: velocities and squared_gradients keyed by parameter key from zeros, and the parameters after two steps (no bias correction).
# reference value: random_state_tag()
example_tag = '16305281194-282-0'
inputs = example_inputs("Adam", example_tag)
P, G = inputs["P"], inputs["G"]
fixed = FixedNetwork(P, G)
opt = Adam(fixed, 0.01, beta1=0.9, beta2=0.99)
opt.step()
assert set(opt.velocities) == {"W1", "b1"} and set(opt.squared_gradients) == {"W1", "b1"}, (
    "velocities and squared_gradients should both be keyed by the parameter keys 'W1', 'b1'.")
# reference value: fixed.parameters["W1"]
expected_W1_one_step = np.array([[-0.228177369201, -0.350828281596, 0.477594208438],
                                 [1.7290730414, 0.0789698027225, 0.463241392676]])
np.testing.assert_allclose(fixed.parameters["W1"], expected_W1_one_step, rtol=1e-6, atol=1e-12,
                           err_msg="After one step, network.parameters['W1'] differs: this Adam has no bias "
                                   "correction and adds 1e-8 outside the square root.")
opt.step()
# reference value: opt.squared_gradients["b1"]
expected_s_b1 = np.array([[0.113215214871],
                          [0.00030540687725]])
np.testing.assert_allclose(opt.squared_gradients["b1"], expected_s_b1, rtol=1e-6, atol=1e-14,
                           err_msg="After two steps, squared_gradients['b1'] differs (it uses beta2).")
# reference value: fixed.parameters["W1"]
expected_W1 = np.array([[-0.214708627533, -0.364297022957, 0.464125467776],
                        [1.71560431141, 0.0924385435108, 0.449772651361]])
np.testing.assert_allclose(fixed.parameters["W1"], expected_W1, rtol=1e-6, atol=1e-12,
                           err_msg="After two steps, network.parameters['W1'] differs.")
print("Adam: visible examples passed.")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("Adam", globals())
### END HIDDEN TESTS

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_training", "locked": true, "schema_version": 3, "solution": false}
# ## 7. Training (given)
#
# `train_loop` runs one iteration: the output and the loss, then, unless it
# only evaluates, `backward` and one optimiser step. `train` first evaluates on
# the test set, then takes one training step, at every iteration, and returns
# both loss curves as numpy arrays.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "given_train", "locked": true, "schema_version": 3, "solution": false}
def train_loop(model, optimizer, X, Y, evaluate=False, print_cost=False):
    """One iteration on (X (n_x, m), Y (n_y, m)): returns the loss; trains unless evaluate."""
    outputs = model(X)
    loss = compute_cost(outputs, Y)
    if not evaluate:
        model.backward(Y)
        optimizer.step()
    if print_cost:
        print(f"{'test' if evaluate else 'train'} loss: {loss:.6f}")
    return loss


def train(model, optimizer, X_train, Y_train, X_test, Y_test, num_iterations=10, print_cost=False):
    """Full-batch training: returns (train_losses, test_losses), arrays of length num_iterations."""
    train_losses, test_losses = [], []
    for i in range(num_iterations):
        show = print_cost and i % 10 == 0
        if show:
            print(f"iteration {i}")
        test_losses.append(train_loop(model, optimizer, X_test, Y_test, evaluate=True, print_cost=show))
        train_losses.append(train_loop(model, optimizer, X_train, Y_train, print_cost=show))
    return np.array(train_losses), np.array(test_losses)


# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_data", "locked": true, "schema_version": 3, "solution": false}
# ## 8. The data: MNIST 0-vs-1
#
# The images of the digits 0 and 1 from MNIST, flattened to 784 pixels scaled
# to $[0, 1]$ and stored as columns; the label is 1 for the digit 1 and 0 for
# the digit 0. There are 12,665 training and 2,115 test images.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "data_load", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
mnist01 = get_mnist_01()
X_train, Y_train, X_test, Y_test = mnist01
print(f"MNIST 0-vs-1 ({mnist01.variant}, from {mnist01.source})")
print(f"X_train {X_train.shape}, Y_train {Y_train.shape}")
print(f"X_test  {X_test.shape}, Y_test  {Y_test.shape}")
print(f"pixel values in [{X_train.min():.1f}, {X_train.max():.1f}]")

# %% [markdown] deletable=false editable=false nbgrader={"grade": false, "grade_id": "md_comparison", "locked": true, "schema_version": 3, "solution": false}
# ## 9. Comparing the optimisers
#
# The same network, depth 3 and width 64 (`[784, 64, 64, 1]`), is re-seeded
# with `np.random.seed(1)` before each optimiser, so all four start from the
# same weights, and trained for 100 full-batch iterations: gradient descent
# (learning rate 0.1), momentum (0.1, $\beta = 0.9$), RMSProp (0.001) and Adam
# (0.01, $\beta_1 = 0.9$, $\beta_2 = 0.99$). A prediction is "1" when the
# output exceeds 0.5. This takes some seconds per optimiser.
#
# Graded: the **test accuracy reached with Adam**. The reference implementation
# reaches **99.95%** (one mistake among 2,115 test images); the bar is **99.5%**.

# %% deletable=false editable=false nbgrader={"grade": false, "grade_id": "comparison_run", "locked": true, "schema_version": 3, "solution": false} tags=["examples-skip"]
def accuracy(model, X, Y):
    """Share of columns whose prediction (output > 0.5) equals the label."""
    return float(np.mean((model(X) > 0.5) == Y))


OPTIMIZERS = {
    "GD": lambda net: GradientDescent(net, 0.1),
    "Momentum": lambda net: GradientDescentWithMomentum(net, 0.1, beta=0.9),
    "RMSProp": lambda net: RMSProp(net, 0.001),
    "Adam": lambda net: Adam(net, 0.01, beta1=0.9, beta2=0.99),
}
runs, test_accuracies, models = {}, {}, {}
for name, make_optimizer in OPTIMIZERS.items():
    np.random.seed(1)
    model = NeuralNetwork(784, 1, 64, 3)
    train_losses, test_losses = train(model, make_optimizer(model), X_train, Y_train, X_test, Y_test,
                                      num_iterations=100)
    runs[name] = {"train": train_losses, "test": test_losses}
    models[name] = model
    test_accuracies[name] = accuracy(model, X_test, Y_test)
    print(f"{name:>9}: final train loss {train_losses[-1]:.5f}, test accuracy {test_accuracies[name]:.2%}")

adam_parameters = models["Adam"].parameters
fig = plot_runs(runs, xlabel="iteration", ylabel="loss (squared error / 2m)", logy=True,
                title="Optimisers on MNIST 0-vs-1, depth 3, width 64")

# %% deletable=false editable=false nbgrader={"grade": true, "grade_id": "test_training", "locked": true, "points": 20, "schema_version": 3, "solution": false}
# Checks the network trained with Adam above (`adam_parameters`): at least 99.5% test accuracy on MNIST 0-vs-1.
assert "adam_parameters" in globals(), ("No trained network found: run the comparison cell above (it defines "
                                        "`adam_parameters`) before this check.")
adam_accuracy = test_accuracies["Adam"]
assert adam_accuracy >= 0.995, (
    f"With Adam the test accuracy is {adam_accuracy:.2%}, below the 99.5% bar (a correct implementation "
    f"reaches about 99.95%). Check Adam's update (no bias correction, epsilon outside the square root) and "
    f"that NeuralNetwork.backward stores the gradients of the last forward pass.")
print(f"training: visible check passed (Adam test accuracy {adam_accuracy:.2%}).")

### BEGIN HIDDEN TESTS
from course_lib.grading import check
check("training", globals())
### END HIDDEN TESTS
