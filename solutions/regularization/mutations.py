"""Realistic wrong and correct implementations of every graded function of ``regularization``."""

from __future__ import annotations

from course_lib.mutation import Entry

ENTRIES: list = []


def wrong(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "wrong", name, description, code.strip() + "\n", also))


def correct(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "correct", name, description, code.strip() + "\n", also))


# =============================================================================
# initialisers
# =============================================================================
def _init(name, body, seed_line="    np.random.seed(3)\n"):
    return f"def {name}(layers_dims):\n{seed_line}    parameters = {{}}\n" + body + "    return parameters\n"


LOOP = "    for l in range(1, len(layers_dims)):\n"
B_ZERO = "        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))\n"

wrong("initialize_parameters_zeros", "no_seed", "forgets np.random.seed(3) (it draws nothing, so it seems harmless)",
      _init("initialize_parameters_zeros", LOOP + "        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n" + B_ZERO, ""))
wrong("initialize_parameters_zeros", "transposed", "W{l} of shape (n_{l-1}, n_l)",
      _init("initialize_parameters_zeros", LOOP + "        parameters['W' + str(l)] = np.zeros((layers_dims[l - 1], layers_dims[l]))\n" + B_ZERO))
wrong("initialize_parameters_zeros", "bias_row", "b{l} of shape (1, n_l)",
      _init("initialize_parameters_zeros", LOOP + "        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n        parameters['b' + str(l)] = np.zeros((1, layers_dims[l]))\n"))
wrong("initialize_parameters_zeros", "off_by_one_layers", "loops over range(1, len(layers_dims) - 1): the last layer is missing",
      _init("initialize_parameters_zeros", "    for l in range(1, len(layers_dims) - 1):\n        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n" + B_ZERO))
wrong("initialize_parameters_zeros", "ones_bias", "initialises the biases to ones",
      _init("initialize_parameters_zeros", LOOP + "        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n        parameters['b' + str(l)] = np.ones((layers_dims[l], 1))\n"))
wrong("initialize_parameters_zeros", "draws_then_zeroes", "draws random weights and multiplies them by 0 (consumes random numbers)",
      _init("initialize_parameters_zeros", LOOP + "        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0\n" + B_ZERO))
wrong("initialize_parameters_zeros", "seed_zero", "seeds with 0 instead of 3",
      _init("initialize_parameters_zeros", LOOP + "        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n" + B_ZERO, "    np.random.seed(0)\n"))
correct("initialize_parameters_zeros", "zip_dims", "zips consecutive sizes and uses f-strings", '''
def initialize_parameters_zeros(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_in, n_out) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
        parameters[f"W{l}"] = np.zeros((n_out, n_in))
        parameters[f"b{l}"] = np.zeros((n_out, 1))
    return parameters
''')
correct("initialize_parameters_zeros", "dict_comprehension", "builds the dict in one comprehension with np.zeros_like", '''
def initialize_parameters_zeros(layers_dims):
    np.random.seed(3)
    L = len(layers_dims) - 1
    shapes = {}
    for l in range(1, L + 1):
        shapes["W" + str(l)] = (layers_dims[l], layers_dims[l - 1])
        shapes["b" + str(l)] = (layers_dims[l], 1)
    return {k: np.zeros(s, dtype=np.float64) for k, s in shapes.items()}
''')
correct("initialize_parameters_zeros", "full_zero", "np.full(shape, 0.0)", '''
def initialize_parameters_zeros(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.full((layers_dims[l], layers_dims[l - 1]), 0.0)
        parameters['b' + str(l)] = np.full((layers_dims[l], 1), 0.0)
    return parameters
''')


def _rand_init(name, w_expr, seed_line="    np.random.seed(3)\n", bias=B_ZERO, loop=LOOP):
    return _init(name, loop + f"        parameters['W' + str(l)] = {w_expr}\n" + bias, seed_line)


RANDN = "np.random.randn(layers_dims[l], layers_dims[l - 1])"
for fn, scale in (("initialize_parameters_random", "10"), ("initialize_parameters_he", "np.sqrt(2 / layers_dims[l - 1])")):
    wrong(fn, "no_seed", "forgets np.random.seed(3)", _rand_init(fn, f"{RANDN} * {scale}", ""))
    wrong(fn, "seed_in_loop", "calls np.random.seed(3) before every layer (all layers start from the same draws)",
          _init(fn, LOOP + f"        np.random.seed(3)\n        parameters['W' + str(l)] = {RANDN} * {scale}\n" + B_ZERO))
    wrong(fn, "rand_uniform", "draws uniform np.random.rand instead of the normal np.random.randn",
          _rand_init(fn, f"np.random.rand(layers_dims[l], layers_dims[l - 1]) * {scale}"))
    wrong(fn, "transposed_draw", "draws randn(n_{l-1}, n_l) and transposes it",
          _rand_init(fn, f"np.random.randn(layers_dims[l - 1], layers_dims[l]).T * {scale}"))
    wrong(fn, "random_bias", "draws the biases at random too (after each W)",
          _rand_init(fn, f"{RANDN} * {scale}", bias="        parameters['b' + str(l)] = np.random.randn(layers_dims[l], 1) * 0.01\n"))
    wrong(fn, "last_layer_missing", "loops over range(1, len(layers_dims) - 1)",
          _rand_init(fn, f"{RANDN} * {scale}", loop="    for l in range(1, len(layers_dims) - 1):\n"))
wrong("initialize_parameters_random", "times_001", "scales by 0.01 (the usual small init) instead of 10", _rand_init("initialize_parameters_random", f"{RANDN} * 0.01"))
wrong("initialize_parameters_he", "current_layer_size", "scales by sqrt(2 / n_l) (the current layer) instead of n_{l-1}",
      _rand_init("initialize_parameters_he", f"{RANDN} * np.sqrt(2 / layers_dims[l])"))
wrong("initialize_parameters_he", "xavier", "Xavier scale sqrt(1 / n_{l-1}) instead of He's sqrt(2 / n_{l-1})",
      _rand_init("initialize_parameters_he", f"{RANDN} * np.sqrt(1 / layers_dims[l - 1])"))
wrong("initialize_parameters_he", "no_sqrt", "scales by 2 / n_{l-1} without the square root",
      _rand_init("initialize_parameters_he", f"{RANDN} * (2 / layers_dims[l - 1])"))
correct("initialize_parameters_random", "normal_scale", "10 * randn with f-string keys (the factor first)", '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = 10 * np.random.randn(layers_dims[l], layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''')
correct("initialize_parameters_random", "tuple_shape", "np.random.standard_normal((n_l, n_{l-1})) * 10.0", '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        shape = (layers_dims[l], layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.standard_normal(shape) * 10.0
        parameters["b" + str(l)] = np.zeros((shape[0], 1))
    return parameters
''')
correct("initialize_parameters_random", "zip_dims", "zips consecutive sizes", '''
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_in, n_out) in enumerate(zip(layers_dims, layers_dims[1:]), 1):
        parameters["W%d" % l] = np.random.randn(n_out, n_in) * 10
        parameters["b%d" % l] = np.zeros((n_out, 1))
    return parameters
''')
correct("initialize_parameters_he", "divide_by_sqrt_half", "randn / sqrt(n_{l-1} / 2)", '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1] / 2)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
''')
correct("initialize_parameters_he", "power_half", "scale (2 / n) ** 0.5 with standard_normal", '''
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        n_prev = layers_dims[l - 1]
        parameters[f"W{l}"] = np.random.standard_normal((layers_dims[l], n_prev)) * (2.0 / n_prev) ** 0.5
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
''')
correct("initialize_parameters_he", "zip_dims", "zips consecutive sizes, math.sqrt", '''
def initialize_parameters_he(layers_dims):
    import math
    np.random.seed(3)
    parameters = {}
    for l, (n_in, n_out) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
        parameters["W" + str(l)] = np.random.randn(n_out, n_in) * math.sqrt(2.0 / n_in)
        parameters["b" + str(l)] = np.zeros((n_out, 1))
    return parameters
''')


# =============================================================================
# L2
# =============================================================================
def _cost(expr, pre=""):
    return f'''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
{pre}    cross_entropy_cost = compute_cost(A3, Y)
    return {expr}
'''


SQ = "(np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))"
wrong("compute_cost_with_regularization", "no_half", "lambd / m instead of lambd / (2m)", _cost(f"cross_entropy_cost + lambd / m * {SQ}"))
wrong("compute_cost_with_regularization", "no_m", "forgets to divide the penalty by m", _cost(f"cross_entropy_cost + lambd / 2 * {SQ}"))
wrong("compute_cost_with_regularization", "norm_not_squared", "sums the Frobenius norms instead of the squared entries",
      _cost("cross_entropy_cost + lambd / (2 * m) * (np.linalg.norm(W1) + np.linalg.norm(W2) + np.linalg.norm(W3))"))
wrong("compute_cost_with_regularization", "includes_biases", "penalises the biases too",
      _cost(f"cross_entropy_cost + lambd / (2 * m) * ({SQ} + np.sum(parameters['b1'] ** 2) + np.sum(parameters['b2'] ** 2) + np.sum(parameters['b3'] ** 2))"))
wrong("compute_cost_with_regularization", "only_last_layer", "penalises W3 only", _cost("cross_entropy_cost + lambd / (2 * m) * np.sum(np.square(W3))"))
wrong("compute_cost_with_regularization", "abs_l1", "sums absolute values (L1) instead of squares",
      _cost("cross_entropy_cost + lambd / (2 * m) * (np.sum(np.abs(W1)) + np.sum(np.abs(W2)) + np.sum(np.abs(W3)))"))
wrong("compute_cost_with_regularization", "integer_division_m", "lambd / 2 / m written as lambd * 1 // (2 * m) (integer division)",
      _cost(f"cross_entropy_cost + (lambd // (2 * m)) * {SQ}"))
correct("compute_cost_with_regularization", "norm_squared", "squared Frobenius norms", _cost(
    "cross_entropy_cost + lambd / (2 * m) * (np.linalg.norm(W1) ** 2 + np.linalg.norm(W2) ** 2 + np.linalg.norm(W3) ** 2)"))
correct("compute_cost_with_regularization", "loop_over_layers", "a loop over the weight keys", '''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    total = 0.0
    for key in ("W1", "W2", "W3"):
        total += np.sum(parameters[key] * parameters[key])
    return compute_cost(A3, Y) + lambd * total / (2 * m)
''')
correct("compute_cost_with_regularization", "ravel_dot", "dot products of the flattened weights", '''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    L2 = sum(float(np.dot(parameters[k].ravel(), parameters[k].ravel())) for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + (1. / m) * (lambd / 2) * L2
''')


def _back_reg(dw_extra, plain_fix=""):
    return f'''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    gradients = backward_propagation(X, Y, cache)
{plain_fix}    for l, W in ((1, W1), (2, W2), (3, W3)):
        gradients["dW" + str(l)] = gradients["dW" + str(l)] + {dw_extra}
    return gradients
'''


wrong("backward_propagation_with_regularization", "no_m", "adds lambd * W (forgets 1/m)", _back_reg("lambd * W"))
wrong("backward_propagation_with_regularization", "half", "adds lambd / (2m) * W (copies the factor of the cost)", _back_reg("lambd / (2 * m) * W"))
wrong("backward_propagation_with_regularization", "subtracts", "subtracts the decay term", _back_reg("-lambd / m * W"))
wrong("backward_propagation_with_regularization", "squared", "adds lambd / m * W**2", _back_reg("lambd / m * W ** 2"))
wrong("backward_propagation_with_regularization", "also_bias", "adds lambd / m * b to every db as well",
      _back_reg("lambd / m * W", plain_fix="    for l, b in ((1, b1), (2, b2), (3, b3)):\n        gradients['db' + str(l)] = gradients['db' + str(l)] + lambd / m * b\n"))
wrong("backward_propagation_with_regularization", "last_layer_only", "adds the term to dW3 only", '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    gradients = backward_propagation(X, Y, cache)
    gradients["dW3"] = gradients["dW3"] + lambd / m * cache[10]
    return gradients
''')
wrong("backward_propagation_with_regularization", "decay_propagates", "adds the term to dW3 before propagating, so dA2 and the earlier gradients change", '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + lambd / m * W3
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T + lambd / m * W3.T, dZ3)
    dZ2 = dA2 * (A2 > 0)
    dW2 = 1. / m * np.dot(dZ2, A1.T) + lambd / m * W2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (A1 > 0)
    dW1 = 1. / m * np.dot(dZ1, X.T) + lambd / m * W1
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
''')
correct("backward_propagation_with_regularization", "written_out", "writes the whole backward pass out, as in the original", '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + (lambd * W3) / m
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd * W2) / m
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T) + (lambd * W1) / m
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
''')
correct("backward_propagation_with_regularization", "in_place_add", "adds in place to the dict's arrays (new dict from the given pass)", '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    grads = dict(backward_propagation(X, Y, cache))
    grads["dW1"] = grads["dW1"] + (lambd / m) * cache[2]
    grads["dW2"] = grads["dW2"] + (lambd / m) * cache[6]
    grads["dW3"] = grads["dW3"] + (lambd / m) * cache[10]
    return grads
''')
correct("backward_propagation_with_regularization", "matmul_operator", "the @ operator and boolean masks", '''
def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    g = {}
    g["dZ3"] = A3 - Y
    g["dW3"] = (g["dZ3"] @ A2.T + lambd * W3) / m
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    g["dA2"] = W3.T @ g["dZ3"]
    g["dZ2"] = g["dA2"] * (A2 > 0)
    g["dW2"] = (g["dZ2"] @ A1.T + lambd * W2) / m
    g["db2"] = g["dZ2"].sum(axis=1, keepdims=True) / m
    g["dA1"] = W2.T @ g["dZ2"]
    g["dZ1"] = g["dA1"] * (A1 > 0)
    g["dW1"] = (g["dZ1"] @ X.T + lambd * W1) / m
    g["db1"] = g["dZ1"].sum(axis=1, keepdims=True) / m
    return g
''')


# =============================================================================
# dropout
# =============================================================================
def _fwd(layer1, layer2, seed="    np.random.seed(1)\n", head=""):
    return f'''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
{seed}    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
{head}    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
{layer1}    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
{layer2}    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
'''


def _drop(i, mask="np.random.rand(*A{i}.shape) < keep_prob", apply="A{i} * D{i} / keep_prob"):
    return f"    D{i} = {mask.format(i=i)}\n    A{i} = {apply.format(i=i)}\n"


wrong("forward_propagation_with_dropout", "no_seed", "forgets np.random.seed(1)", _fwd(_drop(1), _drop(2), seed=""))
wrong("forward_propagation_with_dropout", "no_scaling", "drops units but does not divide by keep_prob",
      _fwd(_drop(1, apply="A{i} * D{i}"), _drop(2, apply="A{i} * D{i}")))
wrong("forward_propagation_with_dropout", "greater_than", "keeps the units where rand > keep_prob",
      _fwd(_drop(1, mask="np.random.rand(*A{i}.shape) > keep_prob"), _drop(2, mask="np.random.rand(*A{i}.shape) > keep_prob")))
wrong("forward_propagation_with_dropout", "randn_mask", "draws the mask with randn instead of rand",
      _fwd(_drop(1, mask="np.random.randn(*A{i}.shape) < keep_prob"), _drop(2, mask="np.random.randn(*A{i}.shape) < keep_prob")))
wrong("forward_propagation_with_dropout", "seed_each_layer", "calls np.random.seed(1) again before the second mask",
      _fwd(_drop(1), "    np.random.seed(1)\n" + _drop(2)))
wrong("forward_propagation_with_dropout", "mask_on_z", "masks Z before the ReLU and keeps A = relu(Z) unscaled in the cache", '''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    np.random.seed(1)
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    D1 = np.random.rand(*Z1.shape) < keep_prob
    A1 = relu(Z1 * D1) / keep_prob
    Z2 = np.dot(W2, A1) + b2
    D2 = np.random.rand(*Z2.shape) < keep_prob
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2 * D2 / keep_prob) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
''')
wrong("forward_propagation_with_dropout", "drops_output_too", "also drops the output layer's activation",
      _fwd(_drop(1), _drop(2)).replace("    A3 = sigmoid(Z3)\n", "    A3 = sigmoid(Z3) * (np.random.rand(*Z3.shape) < keep_prob)\n"))
wrong("forward_propagation_with_dropout", "cache_unscaled", "puts the undropped relu(Z) in the cache",
      _fwd("    D1 = np.random.rand(*A1.shape) < keep_prob\n    A1_used = A1 * D1 / keep_prob\n",
           "    D2 = np.random.rand(*A2.shape) < keep_prob\n    A2_used = A2 * D2 / keep_prob\n")
      .replace("np.dot(W2, A1)", "np.dot(W2, A1_used)").replace("np.dot(W3, A2)", "np.dot(W3, A2_used)"))
correct("forward_propagation_with_dropout", "float_mask", "stores the mask as floats (rand < keep_prob).astype(float)",
        _fwd(_drop(1, mask="(np.random.rand(*A{i}.shape) < keep_prob).astype(float)"),
             _drop(2, mask="(np.random.rand(*A{i}.shape) < keep_prob).astype(float)")))
correct("forward_propagation_with_dropout", "in_place_ops", "np.multiply then /= keep_prob, rand(n, m) with two arguments",
        _fwd("    D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = D1 < keep_prob\n    A1 = np.multiply(A1, D1)\n    A1 /= keep_prob\n",
             "    D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = D2 < keep_prob\n    A2 = np.multiply(A2, D2)\n    A2 /= keep_prob\n"))
correct("forward_propagation_with_dropout", "helper_and_where", "a nested helper with np.where", '''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    np.random.seed(1)

    def drop(A):
        D = np.random.rand(*A.shape) < keep_prob
        return np.where(D, A / keep_prob, 0.0), D

    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1, D1 = drop(np.maximum(0, Z1))
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2, D2 = drop(np.maximum(0, Z2))
    Z3 = parameters["W3"] @ A2 + parameters["b3"]
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, parameters["W1"], parameters["b1"], Z2, D2, A2, parameters["W2"], parameters["b2"],
                Z3, A3, parameters["W3"], parameters["b3"])
''')


def _bwd(da2, da1, dz="np.multiply(dA{i}, np.int64(A{i} > 0))"):
    return f'''
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = {da2}
    dZ2 = {dz.format(i=2)}
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = {da1}
    dZ1 = {dz.format(i=1)}
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {{"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}}
'''


DA2 = "np.dot(W3.T, dZ3) * D2 / keep_prob"
DA1 = "np.dot(W2.T, dZ2) * D1 / keep_prob"
wrong("backward_propagation_with_dropout", "no_scaling", "masks but forgets / keep_prob", _bwd("np.dot(W3.T, dZ3) * D2", "np.dot(W2.T, dZ2) * D1"))
wrong("backward_propagation_with_dropout", "no_mask", "divides by keep_prob but forgets the masks", _bwd("np.dot(W3.T, dZ3) / keep_prob", "np.dot(W2.T, dZ2) / keep_prob"))
wrong("backward_propagation_with_dropout", "multiplies_keep_prob", "multiplies by keep_prob instead of dividing",
      _bwd("np.dot(W3.T, dZ3) * D2 * keep_prob", "np.dot(W2.T, dZ2) * D1 * keep_prob"))
wrong("backward_propagation_with_dropout", "drop_probability", "divides by 1 - keep_prob (the drop probability)",
      _bwd("np.dot(W3.T, dZ3) * D2 / (1 - keep_prob)", "np.dot(W2.T, dZ2) * D1 / (1 - keep_prob)"))
wrong("backward_propagation_with_dropout", "only_layer_two", "masks dA2 only", _bwd(DA2, "np.dot(W2.T, dZ2)"))
wrong("backward_propagation_with_dropout", "mask_on_dz", "masks dZ after the ReLU derivative: dA holds the unmasked gradient",
      _bwd("np.dot(W3.T, dZ3)", "np.dot(W2.T, dZ2)", dz="np.multiply(dA{i}, np.int64(A{i} > 0)) * D{i} / keep_prob"))
wrong("backward_propagation_with_dropout", "dz3_over_m", "divides dZ3 by m and again in dW3 (1/m twice)", _bwd(DA2, DA1).replace("dZ3 = A3 - Y", "dZ3 = (A3 - Y) / m"))
correct("backward_propagation_with_dropout", "float_mask_where", "np.where on the mask", _bwd(
    "np.where(D2, np.dot(W3.T, dZ3) / keep_prob, 0.0)", "np.where(D1, np.dot(W2.T, dZ2) / keep_prob, 0.0)"))
correct("backward_propagation_with_dropout", "two_statements", "mask, then /= keep_prob in a second statement", '''
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
''')
correct("backward_propagation_with_dropout", "matmul_loop", "a loop over the two hidden layers with @", '''
def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    m = X.shape[1]
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    A = {0: X, 1: A1, 2: A2}
    D = {1: D1, 2: D2}
    W = {2: W2, 3: W3}
    g = {"dZ3": A3 - Y}
    g["dW3"] = g["dZ3"] @ A2.T / m
    g["db3"] = g["dZ3"].sum(axis=1, keepdims=True) / m
    for l in (2, 1):
        g[f"dA{l}"] = (W[l + 1].T @ g[f"dZ{l + 1}"]) * D[l] / keep_prob
        g[f"dZ{l}"] = g[f"dA{l}"] * (A[l] > 0)
        g[f"dW{l}"] = g[f"dZ{l}"] @ A[l - 1].T / m
        g[f"db{l}"] = g[f"dZ{l}"].sum(axis=1, keepdims=True) / m
    return g
''')
