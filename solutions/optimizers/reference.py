"""Reference solution of the assignment ``optimizers`` (the answer key).

DERIVED FILE: written by ``course build optimizers`` from the solution cells of
``source/optimizers/optimizers.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['random_state_tag', 'example_inputs', 'FixedNetwork', 'initialize_dnn_parameters', 'Sigmoid', 'ReLU', 'layer', 'forward_propagation', 'compute_cost', 'back_propagation', 'NeuralNetwork', 'gradient_descent_step', 'Optimizer', 'GradientDescent', 'GradientDescentWithMomentum', 'RMSProp', 'Adam', 'train_loop', 'train']

# --- cell given_example_helpers -------------------------------------------------

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

# --- cell given_initialize ------------------------------------------------------

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

# --- cell given_sigmoid ---------------------------------------------------------

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

# --- cell ReLU ------------------------------------------------------------------

class ReLU:
    """The rectified linear unit, element-wise."""

    def forward(self, x):
        """x: array of any shape -> max(0, x), same shape (float)."""
        return np.maximum(0, x)

    def derivative(self, x):
        """x: array of any shape -> integer array, same shape: 1 where x >= 0 (zero included), else 0."""
        return (x >= 0).astype(np.int8)    # any integer dtype will do; one byte per entry is the cheapest

    def __call__(self, x):
        """Same as forward(x)."""
        return self.forward(x)

# --- cell given_forward ---------------------------------------------------------

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

# --- cell given_backward --------------------------------------------------------

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

# --- cell NeuralNetwork ---------------------------------------------------------

class NeuralNetwork:
    """A fully connected network of `depth` layers: n_x -> n_h -> ... -> n_h -> n_y.

    Attributes: n_x, n_y, n_h, depth, act; parameters ("W{l}", "b{l}");
    after forward: caches ("A0", "Z{l}", "A{l}"); after backward: grads ("dW{l}", "db{l}").
    """

    def __init__(self, n_x, n_y, n_h, depth, act=ReLU()):
        self.n_x, self.n_y, self.n_h, self.depth = n_x, n_y, n_h, depth
        self.act = act
        self.initialize()

    def initialize(self):
        """Set self.parameters for the layer sizes [n_x] + [n_h] * (depth - 1) + [n_y]."""
        layer_dims = [self.n_x] + [self.n_h] * (self.depth - 1) + [self.n_y]
        self.parameters = initialize_dnn_parameters(layer_dims)

    def forward(self, X):
        """X (n_x, m) -> output A_L (n_y, m); stores self.caches."""
        A, self.caches = forward_propagation(X, self.parameters, self.act)
        return A

    def __call__(self, X):
        """Same as forward(X)."""
        return self.forward(X)

    def backward(self, Y):
        """Y (n_y, m) -> stores self.grads ("dW{l}", "db{l}") computed from self.caches."""
        self.grads = back_propagation(Y, self.parameters, self.caches, self.act.derivative)

# --- cell given_optimizer -------------------------------------------------------

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

# --- cell GradientDescent -------------------------------------------------------

class GradientDescent(Optimizer):
    """Plain gradient descent: theta <- theta - lr * g for every parameter of the network."""

    def step(self):
        """Update network.parameters once from network.grads."""
        gradient_descent_step(self.network.parameters, self.network.grads, self.learning_rate)

# --- cell GradientDescentWithMomentum -------------------------------------------

class GradientDescentWithMomentum(Optimizer):
    """Momentum: v <- beta * v + (1 - beta) * g; theta <- theta - lr * v.

    State: self.velocities, a dict keyed by parameter key ("W1", ...), starting at zeros.
    """

    def __init__(self, network, learning_rate, beta=0.9):
        super().__init__(network, learning_rate)
        self.beta = beta
        self.velocities = {key: np.zeros_like(p) for key, p in network.parameters.items()}

    def step(self):
        """Update self.velocities, then network.parameters, once."""
        parameters, grads = self.network.parameters, self.network.grads
        for key in parameters:
            self.velocities[key] = self.beta * self.velocities[key] + (1 - self.beta) * grads["d" + key]
            parameters[key] = parameters[key] - self.learning_rate * self.velocities[key]

# --- cell RMSProp ---------------------------------------------------------------

class RMSProp(Optimizer):
    """RMSProp: s <- beta * s + (1 - beta) * g**2; theta <- theta - lr * g / (sqrt(s) + 1e-8).

    State: self.squared_gradients, a dict keyed by parameter key ("W1", ...), starting at zeros.
    """

    def __init__(self, network, learning_rate, beta=0.9):
        super().__init__(network, learning_rate)
        self.beta = beta
        self.squared_gradients = {key: np.zeros_like(p) for key, p in network.parameters.items()}

    def step(self):
        """Update self.squared_gradients, then network.parameters, once."""
        parameters, grads = self.network.parameters, self.network.grads
        for key in parameters:
            g = grads["d" + key]
            self.squared_gradients[key] = self.beta * self.squared_gradients[key] + (1 - self.beta) * g ** 2
            parameters[key] = parameters[key] - self.learning_rate * g / (np.sqrt(self.squared_gradients[key]) + 1e-8)

# --- cell Adam ------------------------------------------------------------------

class Adam(Optimizer):
    """Adam without bias correction: v <- b1 v + (1 - b1) g; s <- b2 s + (1 - b2) g**2;
    theta <- theta - lr * v / (sqrt(s) + 1e-8).

    State: self.velocities and self.squared_gradients, dicts keyed by parameter key, starting at zeros.
    """

    def __init__(self, network, learning_rate, beta1=0.9, beta2=0.999):
        super().__init__(network, learning_rate)
        self.beta1, self.beta2 = beta1, beta2
        self.velocities = {key: np.zeros_like(p) for key, p in network.parameters.items()}
        self.squared_gradients = {key: np.zeros_like(p) for key, p in network.parameters.items()}

    def step(self):
        """Update self.velocities, self.squared_gradients, then network.parameters, once."""
        parameters, grads = self.network.parameters, self.network.grads
        for key in parameters:
            g = grads["d" + key]
            self.velocities[key] = self.beta1 * self.velocities[key] + (1 - self.beta1) * g
            self.squared_gradients[key] = self.beta2 * self.squared_gradients[key] + (1 - self.beta2) * g ** 2
            parameters[key] = parameters[key] - self.learning_rate * self.velocities[key] / (
                np.sqrt(self.squared_gradients[key]) + 1e-8)

# --- cell given_train -----------------------------------------------------------

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
