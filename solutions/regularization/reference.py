"""Reference solution of the assignment ``regularization`` (the answer key).

DERIVED FILE: written by ``course build regularization`` from the solution cells of
``source/regularization/regularization.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['sigmoid', 'relu', 'layer_key', 'num_layers', 'forward_propagation', 'backward_propagation', 'compute_cost', 'update_parameters', 'update_parameters_with_gd', 'predict', 'accuracy', 'initialize_parameters', 'initialize_parameters_zeros', 'initialize_parameters_random', 'initialize_parameters_he', 'model_init', 'compute_cost_with_regularization', 'backward_propagation_with_regularization', 'forward_propagation_with_dropout', 'backward_propagation_with_dropout', 'model_reg', 'forward_propagation_1d', 'backward_propagation_1d', 'gradient_check', 'dictionary_to_vector', 'vector_to_dictionary', 'gradients_to_vector', 'forward_propagation_n', 'backward_propagation_n', 'gradcheck_example', 'gradient_check_n', 'backward_propagation_n_fixed', 'random_mini_batches', 'initialize_velocity', 'update_parameters_with_momentum', 'initialize_adam', 'update_parameters_with_adam', 'model']

# --- cell given_model -----------------------------------------------------------

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

# --- cell initialize_parameters_zeros -------------------------------------------

def initialize_parameters_zeros(layers_dims):
    """All-zero initialisation (calls np.random.seed(3) first, draws nothing).

    Input:
        layers_dims: list of ints [n_0, n_1, ..., n_L], the size of each layer.
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": zeros (n_l, n_{l-1}),
            "b{l}": zeros (n_l, 1).
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[layer_key("W", l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[layer_key("b", l)] = np.zeros((layers_dims[l], 1))
    return parameters

# --- cell initialize_parameters_random ------------------------------------------

def initialize_parameters_random(layers_dims):
    """Large random initialisation: W{l} = randn(n_l, n_{l-1}) * 10 after np.random.seed(3).

    Input:
        layers_dims: list of ints [n_0, n_1, ..., n_L].
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": (n_l, n_{l-1}), drawn in layer order, one np.random.randn call each, times 10,
            "b{l}": zeros (n_l, 1).
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[layer_key("W", l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[layer_key("b", l)] = np.zeros((layers_dims[l], 1))
    return parameters

# --- cell initialize_parameters_he ----------------------------------------------

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
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        scale = np.sqrt(2.0 / layers_dims[l - 1])
        parameters[layer_key("W", l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters[layer_key("b", l)] = np.zeros((layers_dims[l], 1))
    return parameters

# --- cell given_model_init ------------------------------------------------------

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

# --- cell compute_cost_with_regularization --------------------------------------

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
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(A3, Y)
    squares = sum(np.sum(np.square(parameters[layer_key("W", l)])) for l in (1, 2, 3))
    cost = cross_entropy_cost + lambd / (2 * m) * squares
    return cost

# --- cell backward_propagation_with_regularization ------------------------------

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
    m = X.shape[1]
    gradients = backward_propagation(X, Y, cache)
    weights = {1: cache[2], 2: cache[6], 3: cache[10]}
    for l, W in weights.items():
        key = layer_key("dW", l)
        gradients[key] = gradients[key] + lambd / m * W
    return gradients

# --- cell forward_propagation_with_dropout --------------------------------------

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
    return A3, cache

# --- cell backward_propagation_with_dropout -------------------------------------

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
    return gradients

# --- cell given_model_reg -------------------------------------------------------

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

# --- cell given_gradcheck_1d ----------------------------------------------------

def forward_propagation_1d(x, theta):
    """The 1-D model J = theta * x (x, theta: numbers)."""
    return theta * x


def backward_propagation_1d(x, theta):
    """dJ/dtheta of J = theta * x, which is x."""
    return x

# --- cell gradient_check --------------------------------------------------------

def gradient_check(x, theta, epsilon=1e-7):
    """Gradient check of the 1-D model J = theta * x with a centred difference.

    Inputs:
        x, theta: real numbers.
        epsilon: the step of the centred difference.
    Returns:
        difference: float, |grad - gradapprox| / (|grad| + |gradapprox|), where grad comes from
            backward_propagation_1d and gradapprox = (J(theta + eps) - J(theta - eps)) / (2 eps).
    """
    J_plus = forward_propagation_1d(x, theta + epsilon)
    J_minus = forward_propagation_1d(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation_1d(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = float(numerator / denominator)
    return difference

# --- cell given_gradcheck_n -----------------------------------------------------

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

# --- cell gradient_check_n ------------------------------------------------------

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
    return difference

# --- cell backward_propagation_n_fixed ------------------------------------------

def backward_propagation_n_fixed(X, Y, cache):
    """backward_propagation_n with its two mistakes fixed.

    Inputs:
        X: (n0, m) input data; Y: (1, m) labels 0/1.
        cache: (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation_n.
    Returns:
        gradients: dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1, each of the
            shape of its variable, the true gradients of the mean cross-entropy.
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
    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients

# --- cell random_mini_batches ---------------------------------------------------

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
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    mini_batches = [(shuffled_X[:, k:k + mini_batch_size], shuffled_Y[:, k:k + mini_batch_size])
                    for k in range(0, m, mini_batch_size)]
    return mini_batches

# --- cell initialize_velocity ---------------------------------------------------

def initialize_velocity(parameters):
    """Zero velocities for momentum.

    Input:
        parameters: dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) for l = 1..L.
    Returns:
        v: dict with, for l = 1..L, "dW{l}" zeros like W{l} and "db{l}" zeros like b{l}.
    """
    v = {}
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            v[layer_key("d" + p, l)] = np.zeros(np.shape(parameters[layer_key(p, l)]))
    return v

# --- cell update_parameters_with_momentum ---------------------------------------

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
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            g = layer_key("d" + p, l)
            v[g] = beta * v[g] + (1 - beta) * grads[g]
            parameters[layer_key(p, l)] = parameters[layer_key(p, l)] - learning_rate * v[g]
    return parameters, v

# --- cell initialize_adam -------------------------------------------------------

def initialize_adam(parameters):
    """Zero first and second moments for Adam.

    Input:
        parameters: dict with W{l} (n_l, n_{l-1}) and b{l} (n_l, 1) for l = 1..L.
    Returns:
        (v, s): two dicts with, for l = 1..L, "dW{l}" zeros like W{l} and "db{l}" zeros like b{l}.
    """
    v, s = {}, {}
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            shape = np.shape(parameters[layer_key(p, l)])
            v[layer_key("d" + p, l)] = np.zeros(shape)
            s[layer_key("d" + p, l)] = np.zeros(shape)
    return v, s

# --- cell update_parameters_with_adam -------------------------------------------

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
    for l in range(1, num_layers(parameters) + 1):
        for p in ("W", "b"):
            g = layer_key("d" + p, l)
            v[g] = beta1 * v[g] + (1 - beta1) * grads[g]
            s[g] = beta2 * s[g] + (1 - beta2) * np.square(grads[g])
            v_hat = v[g] / (1 - beta1 ** t)
            s_hat = s[g] / (1 - beta2 ** t)
            key = layer_key(p, l)
            parameters[key] = parameters[key] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return parameters, v, s

# --- cell model -----------------------------------------------------------------

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
    return parameters
