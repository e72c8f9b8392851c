"""Reference solution of the assignment ``dnn_basics`` (the answer key).

DERIVED FILE: written by ``course build dnn_basics`` from the solution cells of
``source/dnn_basics/dnn_basics.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['layer_key', 'sigmoid', 'relu', 'sigmoid_backward', 'relu_backward', 'initialize_parameters', 'initialize_parameters_deep', 'linear_forward', 'linear_activation_forward', 'L_model_forward', 'compute_cost', 'linear_backward', 'linear_activation_backward', 'L_model_backward', 'update_parameters', 'initialize_parameters_deep_scaled', 'two_layer_model', 'L_layer_model', 'predict']

# --- cell given_activations -----------------------------------------------------

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

# --- cell initialize_parameters -------------------------------------------------

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
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters

# --- cell initialize_parameters_deep --------------------------------------------

def initialize_parameters_deep(layer_dims):
    """Parameters of an L-layer network, drawn after np.random.seed(3).

    Input:
        layer_dims: list of L + 1 ints [n_0, n_1, ..., n_L], input size first.
    Returns:
        parameters: dict with, for l = 1..L,
            "W{l}": (n_l, n_{l-1}) array, randn * 0.01;  "b{l}": (n_l, 1) zeros.
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[layer_key("W", l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters[layer_key("b", l)] = np.zeros((layer_dims[l], 1))
    return parameters

# --- cell linear_forward --------------------------------------------------------

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
    Z = W @ A + b
    cache = (A, W, b)
    return Z, cache

# --- cell linear_activation_forward ---------------------------------------------

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
    if activation == "sigmoid":
        forward = sigmoid
    elif activation == "relu":
        forward = relu
    else:
        raise ValueError(f"unknown activation {activation!r}: use 'sigmoid' or 'relu'")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = forward(Z)
    cache = (linear_cache, activation_cache)
    return A, cache

# --- cell L_model_forward -------------------------------------------------------

def L_model_forward(X, parameters):
    """Forward pass of [LINEAR -> RELU] x (L-1) -> LINEAR -> SIGMOID.

    Inputs:
        X: (n_0, m) input data.
        parameters: dict with "W{l}" (n_l, n_{l-1}) and "b{l}" (n_l, 1) for l = 1..L.
    Returns:
        AL: (1, m), the output of the sigmoid layer.
        caches: list of L caches, one per layer (linear_activation_forward's cache), layer 1 first.
    """
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[layer_key("W", l)], parameters[layer_key("b", l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[layer_key("W", L)], parameters[layer_key("b", L)], "sigmoid")
    caches.append(cache)
    return AL, caches

# --- cell compute_cost ----------------------------------------------------------

def compute_cost(AL, Y):
    """Binary cross-entropy cost.

    Inputs:
        AL: (1, m) predicted probabilities, strictly between 0 and 1.
        Y: (1, m) labels, 0 or 1.
    Returns:
        cost: 0-d value (np.shape(cost) == ()), the mean cross-entropy.
    """
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    cost = np.squeeze(cost)
    return cost

# --- cell linear_backward -------------------------------------------------------

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
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db

# --- cell linear_activation_backward --------------------------------------------

def linear_activation_backward(dA, cache, activation):
    """Backward pass of one LINEAR -> ACTIVATION layer.

    Inputs:
        dA: (n_l, m) gradient of the cost with respect to the layer's output A.
        cache: (linear_cache, activation_cache) from linear_activation_forward.
        activation: "sigmoid" or "relu"; anything else raises ValueError.
    Returns:
        dA_prev: (n_{l-1}, m).   dW: (n_l, n_{l-1}).   db: (n_l, 1).
    """
    if activation == "sigmoid":
        backward = sigmoid_backward
    elif activation == "relu":
        backward = relu_backward
    else:
        raise ValueError(f"unknown activation {activation!r}: use 'sigmoid' or 'relu'")
    linear_cache, activation_cache = cache
    dZ = backward(dA, activation_cache)
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db

# --- cell L_model_backward ------------------------------------------------------

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
    return grads

# --- cell update_parameters -----------------------------------------------------

def update_parameters(parameters, grads, learning_rate):
    """One step of gradient descent on every W{l}, b{l}.

    Inputs:
        parameters: dict with "W{l}" (n_l, n_{l-1}) and "b{l}" (n_l, 1), l = 1..L.
        grads: dict with "dW{l}" and "db{l}" of the same shapes (it may hold "dA{l}" too).
        learning_rate: float.
    Returns:
        parameters: dict with the updated "W{l}" and "b{l}".
    """
    L = len(parameters) // 2
    updated = {}
    for l in range(1, L + 1):
        for name in ("W", "b"):
            updated[layer_key(name, l)] = parameters[layer_key(name, l)] - learning_rate * grads[layer_key("d" + name, l)]
    parameters = updated
    return parameters

# --- cell given_scaled_init -----------------------------------------------------

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

# --- cell two_layer_model -------------------------------------------------------

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
    return parameters, costs

# --- cell L_layer_model ---------------------------------------------------------

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
    return parameters, costs

# --- cell predict ---------------------------------------------------------------

def predict(X, y, parameters):
    """Predicted labels of an L-layer network, and print the accuracy.

    Inputs:
        X: (n_0, m) data.   y: (1, m) true labels, 0 or 1.
        parameters: dict "W{l}", "b{l}" for l = 1..L.
    Returns:
        p: (1, m), 1 where AL > 0.5 and 0 elsewhere.
    """
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    print(f"Accuracy: {np.mean(p == y)}")
    return p
