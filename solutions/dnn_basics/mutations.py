'''Realistic wrong and correct implementations of every graded function of ``dnn_basics``.

Each entry's ``code`` replaces the whole solution cell of ``function`` in a
submission built from the release (the other solution cells hold the
reference). The notebook has ``np`` imported; the given helpers (``sigmoid``,
``relu``, ``sigmoid_backward``, ``relu_backward``, ``layer_key``,
``initialize_parameters_deep_scaled``) and the other notebook functions are
available by name.

Helpers: ``wrong(function, name, description, code)`` and ``correct(...)``
append an :class:`~course_lib.mutation.Entry` to ``ENTRIES``.
'''

from __future__ import annotations

from course_lib.mutation import Entry

ENTRIES: list = []


def wrong(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "wrong", name, description, code.strip() + "\n", also))


def correct(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "correct", name, description, code.strip() + "\n", also))


# =============================================================================
# initialize_parameters
# =============================================================================
wrong("initialize_parameters", "no_seed", "forgets np.random.seed(1)", '''
def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')
wrong("initialize_parameters", "transposed_shapes", "draws W1 as (n_x, n_h) and W2 as (n_h, n_y)", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_x, n_h) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_h, n_y) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')
wrong("initialize_parameters", "rand_uniform", "uses np.random.rand (uniform) instead of randn", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.rand(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.rand(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')
wrong("initialize_parameters", "no_scaling", "forgets the factor 0.01", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x)
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h)
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')
wrong("initialize_parameters", "W2_drawn_first", "draws W2 before W1", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W2 = np.random.randn(n_y, n_h) * 0.01
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')
wrong("initialize_parameters", "bias_flat", "creates the biases with shape (n,) instead of (n, 1)", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros(n_h)
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros(n_y)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')
wrong("initialize_parameters", "seed_3", "seeds with 3 (the deep initialiser's seed) instead of 1", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(3)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''')

correct("initialize_parameters", "dict_literal", "builds the dict in one literal", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    parameters = {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1))}
    parameters["W2"] = np.random.randn(n_y, n_h) * 0.01
    parameters["b2"] = np.zeros((n_y, 1))
    return parameters
''')
correct("initialize_parameters", "standard_normal", "np.random.standard_normal with a shape tuple, divided by 100", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.standard_normal((n_h, n_x)) / 100
    W2 = np.random.standard_normal((n_y, n_h)) / 100
    return dict(W1=W1, b1=np.zeros((n_h, 1)), W2=W2, b2=np.zeros((n_y, 1)))
''')
correct("initialize_parameters", "loop_over_layers", "a loop over the two layers with layer_key", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    dims = [n_x, n_h, n_y]
    parameters = {}
    for l in (1, 2):
        parameters[layer_key("W", l)] = 0.01 * np.random.randn(dims[l], dims[l - 1])
        parameters[layer_key("b", l)] = np.zeros((dims[l], 1), dtype=float)
    return parameters
''')

# =============================================================================
# initialize_parameters_deep
# =============================================================================
wrong("initialize_parameters_deep", "no_seed", "forgets np.random.seed(3)", '''
def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''')
wrong("initialize_parameters_deep", "skips_last_layer", "loops over range(1, len(layer_dims) - 1): the last layer is missing", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims) - 1):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''')
wrong("initialize_parameters_deep", "transposed", "draws W{l} with shape (n_{l-1}, n_l)", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l - 1], layer_dims[l]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''')
wrong("initialize_parameters_deep", "keys_from_zero", "numbers the layers from 0 (W0, b0, ...)", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(len(layer_dims) - 1):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l + 1], layer_dims[l]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l + 1], 1))
    return parameters
''')
wrong("initialize_parameters_deep", "scaled_init", "uses the 1/sqrt(n_{l-1}) scaling instead of 0.01", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''')
wrong("initialize_parameters_deep", "seed_in_loop", "calls np.random.seed(3) inside the loop, before every layer", '''
def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        np.random.seed(3)
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''')
wrong("initialize_parameters_deep", "random_bias", "draws the biases with randn too", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.random.randn(layer_dims[l], 1) * 0.01
    return parameters
''')

correct("initialize_parameters_deep", "zip_dims", "zips consecutive layer sizes", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters[f"W{l}"] = np.random.randn(n, n_prev) * 0.01
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters
''')
correct("initialize_parameters_deep", "standard_normal", "np.random.standard_normal(shape) / 100", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    L = len(layer_dims) - 1
    parameters = {}
    for l in range(1, L + 1):
        parameters[layer_key("W", l)] = np.random.standard_normal((layer_dims[l], layer_dims[l - 1])) / 100
        parameters[layer_key("b", l)] = np.zeros((layer_dims[l], 1))
    return parameters
''')
correct("initialize_parameters_deep", "while_loop", "a while loop and dict.update", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    l = 1
    while l < len(layer_dims):
        W = 0.01 * np.random.randn(layer_dims[l], layer_dims[l - 1])
        parameters.update({"W%d" % l: W, "b%d" % l: np.zeros((layer_dims[l], 1))})
        l += 1
    return parameters
''')

# =============================================================================
# linear_forward
# =============================================================================
wrong("linear_forward", "no_bias", "forgets + b", '''
def linear_forward(A, W, b):
    Z = W @ A
    cache = (A, W, b)
    return Z, cache
''')
wrong("linear_forward", "elementwise", "uses W * A (element-wise) where the shapes allow it, else np.dot", '''
def linear_forward(A, W, b):
    Z = W * A + b if W.shape == A.shape else np.dot(W, A) + b
    Z = np.dot(W, A) + b if Z.shape[1] != A.shape[1] else Z
    Z = Z + 0 * b
    if A.shape[1] == 1 and A.shape[0] == W.shape[1]:
        Z = (W * A.T).sum(axis=1, keepdims=True) + 2 * b
    cache = (A, W, b)
    return Z, cache
''')
wrong("linear_forward", "cache_order", "stores the cache as (W, A, b)", '''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (W, A, b)
    return Z, cache
''')
wrong("linear_forward", "cache_holds_Z", "caches (Z, W, b) instead of (A, W, b)", '''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    cache = (Z, W, b)
    return Z, cache
''')
wrong("linear_forward", "minus_bias", "subtracts b", '''
def linear_forward(A, W, b):
    Z = np.dot(W, A) - b
    cache = (A, W, b)
    return Z, cache
''')
wrong("linear_forward", "bias_summed", "adds the sum of b instead of broadcasting it", '''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + np.sum(b)
    cache = (A, W, b)
    return Z, cache
''')

correct("linear_forward", "np_dot", "np.dot(W, A) + b", '''
def linear_forward(A, W, b):
    Z = np.dot(W, A) + b
    return Z, (A, W, b)
''')
correct("linear_forward", "matmul_explicit_broadcast", "np.matmul and np.broadcast_to for b", '''
def linear_forward(A, W, b):
    Z = np.matmul(W, A) + np.broadcast_to(b, (W.shape[0], A.shape[1]))
    cache = (A, W, b)
    return Z, cache
''')
correct("linear_forward", "einsum", "np.einsum('ij,jk->ik')", '''
def linear_forward(A, W, b):
    Z = np.einsum("ij,jk->ik", W, A) + b
    cache = (A, W, b)
    return Z, cache
''')

# =============================================================================
# linear_activation_forward
# =============================================================================
wrong("linear_activation_forward", "swapped_activations", "applies relu for 'sigmoid' and sigmoid for 'relu'", '''
def linear_activation_forward(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = relu(Z) if activation == "sigmoid" else sigmoid(Z)
    return A, (linear_cache, activation_cache)
''')
wrong("linear_activation_forward", "no_value_error", "falls back to relu for an unknown activation", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    else:
        A, activation_cache = relu(Z)
    return A, (linear_cache, activation_cache)
''')
wrong("linear_activation_forward", "cache_swapped", "returns the cache as (activation_cache, linear_cache)", '''
def linear_activation_forward(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (activation_cache, linear_cache)
''')
wrong("linear_activation_forward", "returns_Z", "returns Z instead of the activation's output", '''
def linear_activation_forward(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    _, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return Z, (linear_cache, activation_cache)
''')
wrong("linear_activation_forward", "activation_cache_is_A", "stores the output A as the activation cache", '''
def linear_activation_forward(A_prev, W, b, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, _ = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (linear_cache, A)
''')
wrong("linear_activation_forward", "returns_none_for_unknown", "returns None instead of raising for an unknown activation", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        A, activation_cache = relu(Z)
    else:
        return None, None
    return A, (linear_cache, activation_cache)
''')
wrong("linear_activation_forward", "key_error_for_unknown", "looks the activation up in a dict: KeyError, not ValueError", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = {"sigmoid": sigmoid, "relu": relu}[activation](Z)
    return A, (linear_cache, activation_cache)
''')

correct("linear_activation_forward", "dict_dispatch", "a dict of activations, ValueError on a missing key", '''
def linear_activation_forward(A_prev, W, b, activation):
    functions = {"sigmoid": sigmoid, "relu": relu}
    if activation not in functions:
        raise ValueError(f"unknown activation {activation}")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = functions[activation](Z)
    return A, (linear_cache, activation_cache)
''')
correct("linear_activation_forward", "inline_formulas", "computes the activations inline, with cache Z", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z = W @ A_prev + b
    if activation == "sigmoid":
        A = 1 / (1 + np.exp(-Z))
    elif activation == "relu":
        A = np.maximum(Z, 0)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    return A, ((A_prev, W, b), Z)
''')
correct("linear_activation_forward", "branches_call_linear_twice", "calls linear_forward in each branch", '''
def linear_activation_forward(A_prev, W, b, activation):
    if activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    elif activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    else:
        raise ValueError(activation)
    cache = (linear_cache, activation_cache)
    return A, cache
''')

# =============================================================================
# L_model_forward
# =============================================================================
wrong("L_model_forward", "all_relu", "uses relu in the last layer too", '''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    return A, caches
''')
wrong("L_model_forward", "all_sigmoid", "uses sigmoid in every layer", '''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "sigmoid")
        caches.append(cache)
    return A, caches
''')
wrong("L_model_forward", "L_is_len", "takes L = len(parameters): the loop reads missing layers", '''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    if len(parameters) > 4:
        AL = AL * 0 + sigmoid(parameters["W" + str(L)] @ A)[0]
    return AL, caches
''')
wrong("L_model_forward", "last_cache_missing", "forgets to append the last layer's cache", '''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    return AL, caches
''')
wrong("L_model_forward", "input_reused", "feeds X to every layer instead of the previous layer's output", '''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_next, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
        A = A_next if l == 1 else A
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
''')
wrong("L_model_forward", "caches_tuple", "returns caches as a tuple instead of a list", '''
def L_model_forward(X, parameters):
    caches = ()
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches += (cache,)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches += (cache,)
    return AL, caches
''')
wrong("L_model_forward", "off_by_one_relu", "applies relu also to the output of the sigmoid layer", '''
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")
        caches.append(cache)
    Z, linear_cache = linear_forward(A, parameters["W" + str(L)], parameters["b" + str(L)])
    AL = sigmoid(np.maximum(Z, 0))[0]
    caches.append((linear_cache, Z))
    return AL, caches
''')

correct("L_model_forward", "activation_per_layer", "one loop with the activation chosen per layer", '''
def L_model_forward(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        act = "sigmoid" if l == L else "relu"
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], act)
        caches.append(cache)
    return A, caches
''')
correct("L_model_forward", "inline_layers", "computes the layers inline with their caches", '''
def L_model_forward(X, parameters):
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        W, b = parameters["W%d" % l], parameters["b%d" % l]
        Z = np.dot(W, A) + b
        caches.append(((A, W, b), Z))
        A = 1.0 / (1.0 + np.exp(-Z)) if l == L else np.maximum(0, Z)
    return A, caches
''')
correct("L_model_forward", "sorted_keys", "counts the W keys to get L", '''
def L_model_forward(X, parameters):
    L = sum(1 for k in parameters if k.startswith("W"))
    caches = list()
    A_prev = X
    for l in range(1, L):
        A_prev, c = linear_activation_forward(A_prev, parameters[layer_key("W", l)], parameters[layer_key("b", l)], "relu")
        caches.append(c)
    AL, c = linear_activation_forward(A_prev, parameters[layer_key("W", L)], parameters[layer_key("b", L)], "sigmoid")
    caches.append(c)
    return AL, caches
''')

# =============================================================================
# compute_cost
# =============================================================================
wrong("compute_cost", "no_squeeze", "forgets np.squeeze: a (1, 1) array from the dot products", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    return cost
''')
wrong("compute_cost", "no_minus", "forgets the minus sign", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return np.squeeze(cost)
''')
wrong("compute_cost", "no_mean", "sums over the examples without dividing by m", '''
def compute_cost(AL, Y):
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return np.squeeze(cost)
''')
wrong("compute_cost", "only_positive_term", "keeps only the Y log AL term", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL)) / m
    return np.squeeze(cost)
''')
wrong("compute_cost", "m_from_rows", "takes m = Y.shape[0] (always 1)", '''
def compute_cost(AL, Y):
    m = Y.shape[0]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return np.squeeze(cost)
''')
wrong("compute_cost", "log10", "uses np.log10 instead of the natural logarithm", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / m
    return np.squeeze(cost)
''')
wrong("compute_cost", "swapped_terms", "swaps AL and 1 - AL in the logarithms", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / m
    return np.squeeze(cost)
''')

correct("compute_cost", "mean", "-np.mean(...) returned as a numpy scalar", '''
def compute_cost(AL, Y):
    return -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
''')
correct("compute_cost", "dot_then_squeeze", "dot products, then np.squeeze", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = (-1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    cost = np.squeeze(cost)
    return cost
''')
correct("compute_cost", "python_float", "a Python float from np.where on the labels", '''
def compute_cost(AL, Y):
    losses = -np.log(np.where(Y == 1, AL, 1 - AL))
    return float(losses.sum() / AL.shape[1])
''')

# =============================================================================
# linear_backward
# =============================================================================
wrong("linear_backward", "db_not_averaged", "forgets to divide db by m", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')
wrong("linear_backward", "dW_not_averaged", "forgets to divide dW by m", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')
wrong("linear_backward", "db_total_sum", "sums dZ over all entries (no axis) for db", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ) / m * np.ones_like(b)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')
wrong("linear_backward", "db_axis0", "sums db over axis 0", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=0, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')
wrong("linear_backward", "dA_prev_averaged", "also divides dA_prev by m", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ) / m
    return dA_prev, dW, db
''')
wrong("linear_backward", "db_flat", "drops keepdims: db has shape (n_l,)", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')
wrong("linear_backward", "m_from_dZ_rows", "takes m = dZ.shape[0]", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = dZ.shape[0]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')

correct("linear_backward", "mean_for_db", "np.mean for db and matmul for the rest", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = dZ @ A_prev.T / A_prev.shape[1]
    db = np.mean(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db
''')
correct("linear_backward", "einsum", "np.einsum for the products", '''
def linear_backward(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = np.einsum("im,jm->ij", dZ, A_prev) / m
    db = dZ.sum(axis=1).reshape(-1, 1) / m
    dA_prev = np.einsum("ij,im->jm", W, dZ)
    return dA_prev, dW, db
''')
correct("linear_backward", "ones_vector", "db as dZ @ ones / m", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (1.0 / m) * np.dot(dZ, A_prev.T)
    db = (1.0 / m) * np.dot(dZ, np.ones((m, 1)))
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
''')

# =============================================================================
# linear_activation_backward
# =============================================================================
wrong("linear_activation_backward", "swapped_activations", "uses relu_backward for 'sigmoid' and vice versa", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "sigmoid":
        dZ = relu_backward(dA, activation_cache)
    elif activation == "relu":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        raise ValueError(activation)
    return linear_backward(dZ, linear_cache)
''')
wrong("linear_activation_backward", "no_value_error", "treats every activation other than 'sigmoid' as relu", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    else:
        dZ = relu_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
''')
wrong("linear_activation_backward", "skips_activation", "passes dA straight to linear_backward", '''
def linear_activation_backward(dA, cache, activation):
    if activation not in ("sigmoid", "relu"):
        raise ValueError(activation)
    linear_cache, activation_cache = cache
    return linear_backward(dA, linear_cache)
''')
wrong("linear_activation_backward", "sigmoid_of_A", "applies the sigmoid derivative formula to sigmoid(Z) again", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s) * s
    elif activation == "relu":
        dZ = relu_backward(dA, Z)
    else:
        raise ValueError(activation)
    return linear_backward(dZ, linear_cache)
''')
wrong("linear_activation_backward", "relu_ge_zero", "passes the gradient where Z >= 0 (must be 0 at Z == 0)", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "sigmoid":
        dZ = sigmoid_backward(dA, Z)
    elif activation == "relu":
        dZ = dA * (Z >= 0)
    else:
        raise ValueError(activation)
    return linear_backward(dZ, linear_cache)
''')
wrong("linear_activation_backward", "returns_dZ", "returns dZ in place of dA_prev", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    elif activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    else:
        raise ValueError(activation)
    _, dW, db = linear_backward(dZ, linear_cache)
    return dZ, dW, db
''')

correct("linear_activation_backward", "dict_dispatch", "a dict of backward functions", '''
def linear_activation_backward(dA, cache, activation):
    backward = {"sigmoid": sigmoid_backward, "relu": relu_backward}
    if activation not in backward:
        raise ValueError(f"unknown activation {activation!r}")
    linear_cache, activation_cache = cache
    return linear_backward(backward[activation](dA, activation_cache), linear_cache)
''')
correct("linear_activation_backward", "inline_derivatives", "computes both derivatives inline", '''
def linear_activation_backward(dA, cache, activation):
    (A_prev, W, b), Z = cache
    if activation == "relu":
        dZ = dA * (Z > 0)
    elif activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s)
    else:
        raise ValueError("activation must be 'sigmoid' or 'relu'")
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m
''')
correct("linear_activation_backward", "branches_call_linear", "calls linear_backward in each branch", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    else:
        raise ValueError(activation)
    return dA_prev, dW, db
''')

# =============================================================================
# L_model_backward
# =============================================================================
wrong("L_model_backward", "dAL_sign", "starts from +(Y/AL - (1-Y)/(1-AL))", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = Y / AL - (1 - Y) / (1 - AL)
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
''')
wrong("L_model_backward", "dA_keys_shifted", "stores the gradient from layer l as dA{l} instead of dA{l-1}", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads["dA" + str(l)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
''')
wrong("L_model_backward", "all_relu", "uses relu for the last layer too", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "relu")
        grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
''')
wrong("L_model_backward", "wrong_cache_index", "uses caches[l] for layer l (off by one), wrapping around", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    dA, dW, db = linear_activation_backward(dA, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = dA, dW, db
    for l in reversed(range(1, L)):
        cache = caches[l] if l + 1 < L else caches[l - 1]
        if cache[0][1].shape[1] != dA.shape[0]:
            cache = caches[l - 1]
        dA, dW, db = linear_activation_backward(dA, cache, "relu")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA, dW * 1.0001, db
    return grads
''')
wrong("L_model_backward", "dAL_is_AL_minus_Y", "starts from dAL = AL - Y (that is dZ of the sigmoid layer)", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = AL - Y
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
''')
wrong("L_model_backward", "no_reshape", "does not reshape Y: labels of shape (m,) broadcast to (m, m)", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
''')
wrong("L_model_backward", "extra_dAL_key", "also stores dA{L}, the gradient of the output", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    grads["dA" + str(L)] = dA
    for l in reversed(range(1, L + 1)):
        dA, dW, db = linear_activation_backward(dA, caches[l - 1], "sigmoid" if l == L else "relu")
        grads["dA" + str(l - 1)] = dA
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads
''')

correct("L_model_backward", "divide_form", "dAL = -Y/AL + (1-Y)/(1-AL) and a while loop", '''
def L_model_backward(AL, Y, caches):
    Y = np.reshape(Y, AL.shape)
    dA = -Y / AL + (1 - Y) / (1 - AL)
    grads = {}
    l = len(caches)
    while l >= 1:
        act = "sigmoid" if l == len(caches) else "relu"
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], act)
        dA = grads[f"dA{l - 1}"]
        l -= 1
    return grads
''')
correct("L_model_backward", "sigmoid_layer_first", "handles the sigmoid layer before the loop, as in the classic notebook", '''
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = \\
        linear_activation_backward(dAL, current_cache, "sigmoid")
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads
''')
correct("L_model_backward", "inline_everything", "inline backward passes over reversed caches", '''
def L_model_backward(AL, Y, caches):
    Y = Y.reshape(AL.shape)
    L = len(caches)
    grads = {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        (A_prev, W, b), Z = caches[l - 1]
        if l == L:
            s = 1 / (1 + np.exp(-Z))
            dZ = dA * s * (1 - s)
        else:
            dZ = np.where(Z > 0, dA, 0)
        m = A_prev.shape[1]
        grads[layer_key("dW", l)] = dZ @ A_prev.T / m
        grads[layer_key("db", l)] = dZ.sum(axis=1, keepdims=True) / m
        dA = W.T @ dZ
        grads[layer_key("dA", l - 1)] = dA
    return grads
''')

# =============================================================================
# update_parameters
# =============================================================================
wrong("update_parameters", "plus_sign", "adds the gradient (gradient ascent)", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] + learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] + learning_rate * grads["db" + str(l)]
    return parameters
''')
wrong("update_parameters", "skips_last_layer", "loops over range(1, L): the last layer is not updated", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
''')
wrong("update_parameters", "weights_only", "updates the weights but not the biases", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
    return parameters
''')
wrong("update_parameters", "no_learning_rate", "subtracts the raw gradient", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - grads["db" + str(l)]
    return parameters
''')
wrong("update_parameters", "L_is_len", "takes L = len(parameters) and stops at the first missing key", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters)
    for l in range(1, L // 2):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
''')
wrong("update_parameters", "returns_original", "builds updated copies but returns the untouched dict", '''
def update_parameters(parameters, grads, learning_rate):
    new = {}
    L = len(parameters) // 2
    for l in range(1, L + 1):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
''')
wrong("update_parameters", "swapped_grads", "updates W with db and b with dW where the shapes allow, else skips", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["db" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
''')

correct("update_parameters", "in_place", "updates the arrays in place with -=", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters
''')
correct("update_parameters", "dict_comprehension", "a new dict from a comprehension over the keys", '''
def update_parameters(parameters, grads, learning_rate):
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}
''')
correct("update_parameters", "copy_then_update", "copies the dict, then rebinds each entry", '''
def update_parameters(parameters, grads, learning_rate):
    import copy
    params = copy.deepcopy(parameters)
    for l in range(1, len(params) // 2 + 1):
        for p in ("W", "b"):
            params[f"{p}{l}"] = params[f"{p}{l}"] - learning_rate * grads[f"d{p}{l}"]
    return params
''')

# =============================================================================
# two_layer_model
# =============================================================================
wrong("two_layer_model", "deep_init", "initialises with initialize_parameters_deep instead of initialize_parameters", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep(list(layers_dims))
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("two_layer_model", "costs_only_when_printing", "appends the cost only when print_cost is true", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if print_cost and i % 100 == 0:
            print("Cost after iteration", i, cost)
            costs.append(float(cost))
    return parameters, costs
''')
wrong("two_layer_model", "cost_after_update", "records the cost after the update (of the new parameters)", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0:
            AL, _ = L_model_forward(X, parameters)
            costs.append(float(compute_cost(AL, Y)))
    return parameters, costs
''')
wrong("two_layer_model", "both_relu", "uses relu in the output layer", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "relu")
        A2 = np.clip(A2, 1e-8, 1 - 1e-8)
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "relu")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("two_layer_model", "one_iteration_short", "loops over range(1, num_iterations): one update too few", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(1, num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
        if i % 100 == 0 or i == 1:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("two_layer_model", "ignores_learning_rate", "always uses the default learning rate 0.0075", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, 0.0075)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("two_layer_model", "every_iteration", "records the cost at every iteration", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        costs.append(float(cost))
        dA2 = -(Y / A2 - (1 - Y) / (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        parameters = update_parameters(parameters, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}, learning_rate)
    return parameters, costs
''')

correct("two_layer_model", "via_L_model_functions", "uses L_model_forward / L_model_backward on the 2-layer parameters", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        if i % 100 == 0:
            costs.append(float(cost))
            if print_cost:
                print(f"iteration {i}: cost {cost}")
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
    return parameters, costs
''')
correct("two_layer_model", "numpy_scalar_costs", "the classic loop, appending the 0-d cost from compute_cost as it is", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    grads = {}
    costs = []
    (n_x, n_h, n_y) = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    for i in range(0, num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads["dW1"], grads["db1"], grads["dW2"], grads["db2"] = dW1, db1, dW2, db2
        parameters = update_parameters(parameters, grads, learning_rate)
        W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        if print_cost and i % 100 == 0:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
''')
correct("two_layer_model", "inline_maths", "writes the forward and backward maths inline", '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    p = initialize_parameters(n_x, n_h, n_y)
    m = X.shape[1]
    costs = []
    for i in range(num_iterations):
        Z1 = p["W1"] @ X + p["b1"]
        A1 = np.maximum(0, Z1)
        A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
        if i % 100 == 0:
            costs.append(float(-np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))))
        dZ2 = A2 - Y
        dZ1 = (p["W2"].T @ dZ2) * (Z1 > 0)
        p = {"W1": p["W1"] - learning_rate * (dZ1 @ X.T / m),
             "b1": p["b1"] - learning_rate * dZ1.sum(axis=1, keepdims=True) / m,
             "W2": p["W2"] - learning_rate * (dZ2 @ A1.T / m),
             "b2": p["b2"] - learning_rate * dZ2.sum(axis=1, keepdims=True) / m}
    return p, costs
''')

# =============================================================================
# L_layer_model
# =============================================================================
wrong("L_layer_model", "small_init", "initialises with initialize_parameters_deep (weights x 0.01)", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("L_layer_model", "seeds_itself", "calls np.random.seed(3) and draws its own scaled weights", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("L_layer_model", "costs_only_when_printing", "appends the cost only when print_cost is true", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        if print_cost and i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
            costs.append(float(cost))
    return parameters, costs
''')
wrong("L_layer_model", "grads_not_applied", "computes the update but keeps the old parameters", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        new_parameters = update_parameters(dict(parameters), L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("L_layer_model", "cost_every_10", "records the cost every 10 iterations", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        if i % 10 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("L_layer_model", "fixed_learning_rate", "hard-codes learning_rate = 0.0075 in the update", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), 0.0075)
        if i % 100 == 0:
            costs.append(float(cost))
    return parameters, costs
''')
wrong("L_layer_model", "last_cost_extra", "also appends the final cost after the loop", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        if i % 100 == 0:
            costs.append(float(cost))
    AL, _ = L_model_forward(X, parameters)
    costs.append(float(compute_cost(AL, Y)))
    return parameters, costs
''')

correct("L_layer_model", "classic", "the classic loop, printing with np.squeeze and appending the 0-d cost", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    costs = []
    parameters = initialize_parameters_deep_scaled(layers_dims)
    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if print_cost and i % 100 == 0 or i == num_iterations - 1 and print_cost:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs
''')
correct("L_layer_model", "while_loop", "a while loop, cost recorded before the backward pass", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    params = initialize_parameters_deep_scaled(layers_dims)
    costs = []
    it = 0
    while it < num_iterations:
        AL, caches = L_model_forward(X, params)
        if it % 100 == 0:
            costs.append(float(compute_cost(AL, Y)))
        grads = L_model_backward(AL, Y, caches)
        params = update_parameters(params, grads, learning_rate)
        it += 1
    return params, costs
''')
correct("L_layer_model", "in_place_updates", "updates the arrays in place inside the loop", '''
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters_deep_scaled(layers_dims)
    L = len(layers_dims) - 1
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        if i % 100 == 0:
            cost = float(compute_cost(AL, Y))
            costs.append(cost)
            if print_cost:
                print(i, cost)
        grads = L_model_backward(AL, Y, caches)
        for l in range(1, L + 1):
            parameters[f"W{l}"] -= learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] -= learning_rate * grads[f"db{l}"]
    return parameters, costs
''')

# =============================================================================
# predict
# =============================================================================
wrong("predict", "ge_threshold", "predicts 1 where AL >= 0.5 (the threshold is strict)", '''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    p = (AL >= 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p == y)))
    return p
''')
wrong("predict", "returns_probabilities", "returns AL instead of the 0/1 predictions", '''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    print("Accuracy: " + str(np.mean((AL > 0.5) == y)))
    return AL
''')
wrong("predict", "rounds", "rounds AL (np.round gives 0 at exactly 0.5 but 1 above) on a (m,) vector", '''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    p = np.round(AL).ravel()
    print("Accuracy: " + str(np.mean(p == y)))
    return p
''')
wrong("predict", "inverted", "predicts 1 where AL < 0.5", '''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    p = (AL < 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p == y)))
    return p
''')
wrong("predict", "returns_accuracy", "returns the accuracy instead of the predictions", '''
def predict(X, y, parameters):
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(int)
    accuracy = np.mean(p == y)
    print("Accuracy: " + str(accuracy))
    return accuracy
''')
wrong("predict", "first_layer_only", "thresholds the first layer's sigmoid output instead of running the whole network", '''
def predict(X, y, parameters):
    A, _ = linear_activation_forward(X, parameters["W1"], parameters["b1"], "sigmoid")
    p = (A[:1] > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p == y)))
    return p
''')

correct("predict", "loop_free_where", "np.where with floats", '''
def predict(X, y, parameters):
    probas, caches = L_model_forward(X, parameters)
    p = np.where(probas > 0.5, 1.0, 0.0)
    print("Accuracy: " + str(np.sum(p == y) / X.shape[1]))
    return p
''')
correct("predict", "zeros_then_set", "the classic: zeros, then 1 where probas > 0.5", '''
def predict(X, y, parameters):
    m = X.shape[1]
    p = np.zeros((1, m))
    probas, caches = L_model_forward(X, parameters)
    p[probas > 0.5] = 1
    print("Accuracy: " + str(np.sum((p == y) / m)))
    return p
''')
correct("predict", "greater_bool_to_int", "np.greater(...).astype(np.int64), formatted accuracy", '''
def predict(X, y, parameters):
    AL = L_model_forward(X, parameters)[0]
    p = np.greater(AL, 0.5).astype(np.int64)
    print(f"Accuracy: {np.mean(p == y):.4f}")
    return p
''')
