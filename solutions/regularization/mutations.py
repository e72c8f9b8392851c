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
correct("initialize_parameters_zeros", "dict_comprehension", "builds a dict of shapes, then one comprehension with np.zeros", '''
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


# =============================================================================
# gradient checking
# =============================================================================
def _gc(approx="(J_plus - J_minus) / (2 * epsilon)", diff="np.abs(grad - gradapprox) / (np.abs(grad) + np.abs(gradapprox))",
        plus="theta + epsilon", minus="theta - epsilon"):
    return f'''
def gradient_check(x, theta, epsilon=1e-7):
    J_plus = forward_propagation_1d(x, {plus})
    J_minus = forward_propagation_1d(x, {minus})
    gradapprox = {approx}
    grad = backward_propagation_1d(x, theta)
    difference = {diff}
    return difference
'''


wrong("gradient_check", "no_two", "divides the centred difference by epsilon instead of 2 epsilon", _gc(approx="(J_plus - J_minus) / epsilon"))
wrong("gradient_check", "plus_instead_of_minus", "adds J_plus and J_minus", _gc(approx="(J_plus + J_minus) / (2 * epsilon)"))
wrong("gradient_check", "absolute_difference", "returns |grad - gradapprox| without dividing by the norms", _gc(diff="np.abs(grad - gradapprox)"))
wrong("gradient_check", "denominator_grad_only", "divides by |grad| only", _gc(diff="np.abs(grad - gradapprox) / np.abs(grad)"))
wrong("gradient_check", "returns_gradapprox", "returns the approximation instead of the difference", _gc(diff="gradapprox"))
wrong("gradient_check", "squared_norms", "divides by the sum of the squared values", _gc(diff="np.abs(grad - gradapprox) / (grad ** 2 + gradapprox ** 2)"))
wrong("gradient_check", "one_sided_half", "a one-sided difference (J(theta + eps) - J(theta)) / (2 eps)", _gc(minus="theta"))
correct("gradient_check", "norms", "np.linalg.norm as in the original", '''
def gradient_check(x, theta, epsilon=1e-7):
    thetaplus = theta + epsilon
    thetaminus = theta - epsilon
    J_plus = forward_propagation_1d(x, thetaplus)
    J_minus = forward_propagation_1d(x, thetaminus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation_1d(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator
''')
correct("gradient_check", "abs_builtin", "the built-in abs and float()", _gc(diff="float(abs(grad - gradapprox) / (abs(grad) + abs(gradapprox)))"))
correct("gradient_check", "symmetric_abs", "|gradapprox - grad| with the sum in the other order",
        _gc(diff="np.abs(gradapprox - grad) / (np.abs(gradapprox) + np.abs(grad))"))


def _gcn(loop_body=None, diff="np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))", pre=""):
    loop_body = loop_body or '''        thetaplus = np.copy(parameters_values)
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus, parameters))
        thetaminus = np.copy(parameters_values)
        thetaminus[i][0] = thetaminus[i][0] - epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus, parameters))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
'''
    return f'''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
{pre}    for i in range(num_parameters):
{loop_body}    difference = {diff}
    if print_msg and difference > 2e-7:
        print("There is a mistake in the backward propagation!")
    return difference
'''


wrong("gradient_check_n", "no_copy", "perturbs theta itself (no copy): the perturbations accumulate", _gcn('''        thetaplus = parameters_values
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus, parameters))
        thetaminus = parameters_values
        thetaminus[i][0] = thetaminus[i][0] - 2 * epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus, parameters))
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
'''))
wrong("gradient_check_n", "no_two", "divides by epsilon instead of 2 epsilon", _gcn().replace("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon"))
wrong("gradient_check_n", "one_sided", "a one-sided difference (J(theta + eps) - J(theta)) / eps", _gcn('''        thetaplus = np.copy(parameters_values)
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus, parameters))
        gradapprox[i] = (J_plus - J_0) / epsilon
''', pre="    J_0, _ = forward_propagation_n(X, Y, parameters)\n"))
wrong("gradient_check_n", "numerator_only", "returns the norm of the difference without dividing", _gcn(diff="np.linalg.norm(grad - gradapprox)"))
wrong("gradient_check_n", "squared_norms", "divides by the sum of the squared norms",
      _gcn(diff="np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) ** 2 + np.linalg.norm(gradapprox) ** 2)"))
wrong("gradient_check_n", "fixed_epsilon", "ignores the epsilon argument (always 1e-7)", _gcn().replace("    for i in range(num_parameters):\n", "    epsilon = 1e-7\n    for i in range(num_parameters):\n"))
wrong("gradient_check_n", "mean_abs", "compares with the mean absolute error relative to the mean gradient size",
      _gcn(diff="np.mean(np.abs(grad - gradapprox)) / (np.mean(np.abs(grad)) + np.mean(np.abs(gradapprox)))"))
correct("gradient_check_n", "perturb_dict", "perturbs a copy of each array of the dict directly, in the vector order", '''
def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    approx, exact = [], []
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        flat = np.asarray(parameters[name], dtype=float).ravel()
        for i in range(flat.size):
            values = []
            for step in (epsilon, -epsilon):
                moved = flat.copy()
                moved[i] = moved[i] + step
                trial = dict(parameters)
                trial[name] = moved.reshape(np.shape(parameters[name]))
                values.append(forward_propagation_n(X, Y, trial)[0])
            approx.append((values[0] - values[1]) / (2 * epsilon))
        exact.extend(np.ravel(gradients["d" + name]))
    approx, exact = np.array(approx), np.array(exact)
    difference = np.linalg.norm(exact - approx) / (np.linalg.norm(exact) + np.linalg.norm(approx))
    if print_msg:
        print("mistake" if difference > 2e-7 else "fine", difference)
    return difference
''')
correct("gradient_check_n", "sqrt_sum", "the 2-norms written as sqrt(sum of squares), flat arrays", _gcn(
    diff="np.sqrt(np.sum((grad - gradapprox) ** 2)) / (np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2)))"))
correct("gradient_check_n", "float_result_prints", "float() of the result and prints both verdicts", _gcn(
    diff="float(np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))").replace(
    '        print("There is a mistake in the backward propagation!")\n',
    '        print("There is a mistake in the backward propagation!")\n    elif print_msg:\n        print("Your backward propagation works perfectly fine!")\n'))


def _fixed(dW2="1. / m * np.dot(dZ2, A1.T)", db1="1. / m * np.sum(dZ1, axis=1, keepdims=True)", dz3="A3 - Y",
           dZ1="np.multiply(dA1, np.int64(A1 > 0))", dW1="1. / m * np.dot(dZ1, X.T)", db2="1. / m * np.sum(dZ2, axis=1, keepdims=True)"):
    return f'''
def backward_propagation_n_fixed(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = {dz3}
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = {dW2}
    db2 = {db2}
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = {dZ1}
    dW1 = {dW1}
    db1 = {db1}
    return {{"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}}
'''


wrong("backward_propagation_n_fixed", "unchanged", "submits the given backward pass unchanged", _fixed(dW2="1. / m * np.dot(dZ2, A1.T) * 2", db1="4. / m * np.sum(dZ1, axis=1, keepdims=True)"))
wrong("backward_propagation_n_fixed", "only_dW2_fixed", "fixes dW2 but not db1", _fixed(db1="4. / m * np.sum(dZ1, axis=1, keepdims=True)"))
wrong("backward_propagation_n_fixed", "only_db1_fixed", "fixes db1 but not dW2", _fixed(dW2="1. / m * np.dot(dZ2, A1.T) * 2"))
wrong("backward_propagation_n_fixed", "db1_halved", "'fixes' db1 by dividing by 2 m instead of m", _fixed(db1="1. / (2 * m) * np.sum(dZ1, axis=1, keepdims=True)"))
wrong("backward_propagation_n_fixed", "relu_mask_on_z_ge", "changes the ReLU mask to A1 >= 0 (passes the gradient of inactive units)", _fixed(dZ1="np.multiply(dA1, np.int64(A1 >= 0))"))
wrong("backward_propagation_n_fixed", "dW1_transposed_input", "dW1 from X instead of X.T with the factors swapped", _fixed(dW1="1. / m * np.dot(X, dZ1.T).T * 2"))
wrong("backward_propagation_n_fixed", "db2_keepdims_false", "db2 without keepdims, shape (n2,)", _fixed(db2="1. / m * np.sum(dZ2, axis=1)"))
correct("backward_propagation_n_fixed", "matmul", "the @ operator and boolean masks", _fixed(
    dW2="(dZ2 @ A1.T) / m", db1="dZ1.sum(axis=1, keepdims=True) / m", dZ1="dA1 * (A1 > 0)", dW1="dZ1 @ X.T / m"))
correct("backward_propagation_n_fixed", "calls_given_backward", "reuses the given backward_propagation (which has no mistakes)", '''
def backward_propagation_n_fixed(X, Y, cache):
    return backward_propagation(X, Y, cache)
''')
correct("backward_propagation_n_fixed", "mean_axis", "np.mean for the biases and Z > 0 for the masks", '''
def backward_propagation_n_fixed(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = np.dot(dZ3, A2.T) / m
    db3 = np.mean(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = dA2 * (Z2 > 0)
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.mean(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = dA1 * (Z1 > 0)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.mean(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
''')


# =============================================================================
# minibatches
# =============================================================================
def _mb(shuffle="    permutation = list(np.random.permutation(m))\n    shuffled_X = X[:, permutation]\n    shuffled_Y = Y[:, permutation].reshape((1, m))\n",
        partition=None, seed="    np.random.seed(seed)\n"):
    partition = partition or '''    num_complete = m // mini_batch_size
    for k in range(num_complete):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                             shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, num_complete * mini_batch_size:], shuffled_Y[:, num_complete * mini_batch_size:]))
'''
    return f'''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
{seed}    m = X.shape[1]
    mini_batches = []
{shuffle}{partition}    return mini_batches
'''


wrong("random_mini_batches", "no_seed", "forgets np.random.seed(seed)", _mb(seed=""))
wrong("random_mini_batches", "shuffles_rows", "permutes the rows (features) of X instead of the columns",
      _mb(shuffle="    permutation = list(np.random.permutation(m))\n    shuffled_X = X[np.random.permutation(X.shape[0]), :][:, permutation]\n    shuffled_Y = Y[:, permutation]\n"))
wrong("random_mini_batches", "separate_permutations", "shuffles X and Y with two different permutations",
      _mb(shuffle="    shuffled_X = X[:, list(np.random.permutation(m))]\n    shuffled_Y = Y[:, list(np.random.permutation(m))]\n"))
wrong("random_mini_batches", "drops_last_batch", "drops the last incomplete minibatch", _mb(partition='''    for k in range(m // mini_batch_size):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                             shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
'''))
wrong("random_mini_batches", "last_batch_overlaps", "the last batch takes the last mini_batch_size columns (overlapping)", _mb(partition='''    num_complete = m // mini_batch_size
    for k in range(num_complete):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                             shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    if m % mini_batch_size != 0:
        mini_batches.append((shuffled_X[:, -mini_batch_size:], shuffled_Y[:, -mini_batch_size:]))
'''))
wrong("random_mini_batches", "no_shuffle", "does not shuffle (but seeds and draws the permutation)",
      _mb(shuffle="    permutation = list(np.random.permutation(m))\n    shuffled_X = X\n    shuffled_Y = Y\n"))
wrong("random_mini_batches", "shuffle_function", "np.random.shuffle of the indices (a different draw than permutation)",
      _mb(shuffle="    idx = np.arange(m)\n    np.random.shuffle(idx)\n    idx = idx[::-1]\n    shuffled_X = X[:, idx]\n    shuffled_Y = Y[:, idx]\n"))
wrong("random_mini_batches", "extra_empty_batch", "always appends a last batch, empty when m divides evenly", _mb(partition='''    num_complete = m // mini_batch_size
    for k in range(num_complete):
        mini_batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                             shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    mini_batches.append((shuffled_X[:, num_complete * mini_batch_size:], shuffled_Y[:, num_complete * mini_batch_size:]))
'''))
correct("random_mini_batches", "range_step", "slices with range(0, m, size)", _mb(partition='''    for start in range(0, m, mini_batch_size):
        mini_batches.append((shuffled_X[:, start:start + mini_batch_size], shuffled_Y[:, start:start + mini_batch_size]))
'''))
correct("random_mini_batches", "array_permutation", "the permutation as an array (same draw), math.floor", '''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    import math
    np.random.seed(seed)
    m = X.shape[1]
    permutation = np.random.permutation(m)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation].reshape((1, m))
    n_full = math.floor(m / mini_batch_size)
    batches = [(shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]) for k in range(n_full)]
    if m % mini_batch_size:
        batches.append((shuffled_X[:, n_full * mini_batch_size:m], shuffled_Y[:, n_full * mini_batch_size:m]))
    return batches
''')
correct("random_mini_batches", "take_and_split", "np.take, then np.array_split at the batch boundaries", '''
def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    Xs = np.take(X, permutation, axis=1)
    Ys = np.take(Y, permutation, axis=1)
    cuts = list(range(mini_batch_size, m, mini_batch_size))
    return list(zip(np.split(Xs, cuts, axis=1), np.split(Ys, cuts, axis=1)))
''')


# =============================================================================
# velocity and Adam initialisation
# =============================================================================
def _vel(body, name="initialize_velocity", ret="v"):
    return f"def {name}(parameters):\n    L = len(parameters) // 2\n    v = {{}}\n    s = {{}}\n{body}    return {ret}\n"


VLOOP = "    for l in range(1, L + 1):\n"
wrong("initialize_velocity", "off_by_one", "range(1, L): the last layer is missing",
      _vel("    for l in range(1, L):\n        v['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n        v['db' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n"))
wrong("initialize_velocity", "keys_without_d", "keys W1, b1 instead of dW1, db1",
      _vel(VLOOP + "        v['W' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n        v['b' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n"))
wrong("initialize_velocity", "copies_parameters", "copies the parameters instead of zeros",
      _vel(VLOOP + "        v['dW' + str(l)] = parameters['W' + str(l)].copy()\n        v['db' + str(l)] = parameters['b' + str(l)].copy()\n"))
wrong("initialize_velocity", "scalar_zeros", "plain 0 instead of arrays",
      _vel(VLOOP + "        v['dW' + str(l)] = 0.0\n        v['db' + str(l)] = 0.0\n"))
wrong("initialize_velocity", "transposed", "zeros of the transposed shape",
      _vel(VLOOP + "        v['dW' + str(l)] = np.zeros(parameters['W' + str(l)].shape[::-1])\n        v['db' + str(l)] = np.zeros(parameters['b' + str(l)].shape[::-1])\n"))
wrong("initialize_velocity", "bias_like_w", "db{l} shaped like W{l}",
      _vel(VLOOP + "        v['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n        v['db' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n"))
correct("initialize_velocity", "dict_comprehension", "a comprehension over the keys", '''
def initialize_velocity(parameters):
    return {"d" + k: np.zeros(np.shape(p)) for k, p in parameters.items()}
''')
correct("initialize_velocity", "zeros_shape", "np.zeros(shape) with f-strings", _vel(VLOOP + "        v[f'dW{l}'] = np.zeros(parameters[f'W{l}'].shape)\n        v[f'db{l}'] = np.zeros(parameters[f'b{l}'].shape)\n"))
correct("initialize_velocity", "zeros_like_float", "np.zeros_like(..., dtype=float)", _vel(VLOOP + "        v['dW%d' % l] = np.zeros_like(parameters['W%d' % l], dtype=float)\n        v['db%d' % l] = np.zeros_like(parameters['b%d' % l], dtype=float)\n"))

AL = "    for l in range(1, L + 1):\n"
wrong("initialize_adam", "same_dict", "returns the same dict twice (v is s)", _vel(AL + "        v['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n        v['db' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n", "initialize_adam", "v, v"))
wrong("initialize_adam", "off_by_one", "range(1, L): the last layer is missing", _vel("    for l in range(1, L):\n        for d in (v, s):\n            d['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n            d['db' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n", "initialize_adam", "v, s"))
wrong("initialize_adam", "s_ones", "initialises s to ones", _vel(AL + "        v['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n        v['db' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n        s['dW' + str(l)] = np.ones_like(parameters['W' + str(l)])\n        s['db' + str(l)] = np.ones_like(parameters['b' + str(l)])\n", "initialize_adam", "v, s"))
wrong("initialize_adam", "keys_without_d", "keys W1, b1 instead of dW1, db1", _vel(AL + "        for d in (v, s):\n            d['W' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n            d['b' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n", "initialize_adam", "v, s"))
wrong("initialize_adam", "swapped_shapes", "db shaped like W and dW like b", _vel(AL + "        for d in (v, s):\n            d['dW' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n            d['db' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n", "initialize_adam", "v, s"))
wrong("initialize_adam", "returns_dict_pair", "returns one dict {'v': v, 's': s}", _vel(AL + "        for d in (v, s):\n            d['dW' + str(l)] = np.zeros_like(parameters['W' + str(l)])\n            d['db' + str(l)] = np.zeros_like(parameters['b' + str(l)])\n", "initialize_adam", "{'v': v, 's': s}"))
correct("initialize_adam", "two_comprehensions", "two comprehensions", '''
def initialize_adam(parameters):
    v = {"d" + k: np.zeros_like(p, dtype=float) for k, p in parameters.items()}
    s = {"d" + k: np.zeros_like(p, dtype=float) for k, p in parameters.items()}
    return v, s
''')
correct("initialize_adam", "uses_velocity", "calls initialize_velocity twice", '''
def initialize_adam(parameters):
    return initialize_velocity(parameters), initialize_velocity(parameters)
''')
correct("initialize_adam", "deepcopy", "builds v, then s as a deep copy", '''
def initialize_adam(parameters):
    import copy
    L = len(parameters) // 2
    v = {}
    for l in range(L):
        v["dW" + str(l + 1)] = np.zeros((parameters["W" + str(l + 1)].shape[0], parameters["W" + str(l + 1)].shape[1]))
        v["db" + str(l + 1)] = np.zeros((parameters["b" + str(l + 1)].shape[0], parameters["b" + str(l + 1)].shape[1]))
    return v, copy.deepcopy(v)
''')


# =============================================================================
# momentum and Adam updates
# =============================================================================
def _mom(vel="beta * v[g] + (1 - beta) * grads[g]", step="parameters[p] - learning_rate * v[g]", loop="range(1, L + 1)"):
    return f'''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in {loop}:
        for name in ("W", "b"):
            p, g = name + str(l), "d" + name + str(l)
            v[g] = {vel}
            parameters[p] = {step}
    return parameters, v
'''


wrong("update_parameters_with_momentum", "swapped_beta", "(1 - beta) * v + beta * grad", _mom(vel="(1 - beta) * v[g] + beta * grads[g]"))
wrong("update_parameters_with_momentum", "no_one_minus_beta", "v = beta * v + grad (no (1 - beta))", _mom(vel="beta * v[g] + grads[g]"))
wrong("update_parameters_with_momentum", "steps_with_gradient", "updates v but steps along the raw gradient", _mom(step="parameters[p] - learning_rate * grads[g]"))
wrong("update_parameters_with_momentum", "plus_sign", "adds the step (gradient ascent)", _mom(step="parameters[p] + learning_rate * v[g]"))
wrong("update_parameters_with_momentum", "last_layer_skipped", "range(1, L): the last layer is not updated", _mom(loop="range(1, L)"))
wrong("update_parameters_with_momentum", "old_velocity_step", "steps with the old velocity, then updates it", '''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W", "b"):
            p, g = name + str(l), "d" + name + str(l)
            parameters[p] = parameters[p] - learning_rate * v[g]
            v[g] = beta * v[g] + (1 - beta) * grads[g]
    return parameters, v
''')
wrong("update_parameters_with_momentum", "weights_only", "updates the weights but not the biases", '''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads["dW" + str(l)]
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
    return parameters, v
''')
correct("update_parameters_with_momentum", "in_place", "updates the arrays in place with *=, +=, -=", '''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W", "b"):
            g = "d" + name + str(l)
            v[g] *= beta
            v[g] += (1 - beta) * grads[g]
            parameters[name + str(l)] -= learning_rate * v[g]
    return parameters, v
''')
correct("update_parameters_with_momentum", "new_dicts", "returns new dicts, leaving the inputs alone", '''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    new_v = {k: beta * v[k] + (1 - beta) * grads[k] for k in v}
    new_parameters = {k: parameters[k] - learning_rate * new_v["d" + k] for k in parameters}
    return new_parameters, new_v
''')
correct("update_parameters_with_momentum", "original_style", "the original's explicit two statements per key", '''
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(L):
        v["dW" + str(l + 1)] = beta * v["dW" + str(l + 1)] + (1 - beta) * grads["dW" + str(l + 1)]
        v["db" + str(l + 1)] = beta * v["db" + str(l + 1)] + (1 - beta) * grads["db" + str(l + 1)]
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * v["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * v["db" + str(l + 1)]
    return parameters, v
''')


def _adam(v_upd="beta1 * v[g] + (1 - beta1) * grads[g]", s_upd="beta2 * s[g] + (1 - beta2) * np.square(grads[g])",
          v_hat="v[g] / (1 - beta1 ** t)", s_hat="s[g] / (1 - beta2 ** t)",
          step="parameters[p] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)"):
    return f'''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W", "b"):
            p, g = name + str(l), "d" + name + str(l)
            v[g] = {v_upd}
            s[g] = {s_upd}
            v_hat = {v_hat}
            s_hat = {s_hat}
            parameters[p] = {step}
    return parameters, v, s
'''


wrong("update_parameters_with_adam", "no_bias_correction", "forgets the bias correction", _adam(v_hat="v[g]", s_hat="s[g]"))
wrong("update_parameters_with_adam", "eps_inside_sqrt", "puts epsilon inside the square root", _adam(step="parameters[p] - learning_rate * v_hat / np.sqrt(s_hat + epsilon)"))
wrong("update_parameters_with_adam", "correction_power_one", "divides by (1 - beta) without the power t", _adam(v_hat="v[g] / (1 - beta1)", s_hat="s[g] / (1 - beta2)"))
wrong("update_parameters_with_adam", "gradient_not_squared", "s averages the gradient, not its square", _adam(s_upd="beta2 * s[g] + (1 - beta2) * np.abs(grads[g])"))
wrong("update_parameters_with_adam", "returns_corrected", "stores the bias-corrected moments in v and s", '''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for name in ("W", "b"):
            p, g = name + str(l), "d" + name + str(l)
            v[g] = (beta1 * v[g] + (1 - beta1) * grads[g]) / (1 - beta1 ** t)
            s[g] = (beta2 * s[g] + (1 - beta2) * grads[g] ** 2) / (1 - beta2 ** t)
            parameters[p] = parameters[p] - learning_rate * v[g] / (np.sqrt(s[g]) + epsilon)
    return parameters, v, s
''')
wrong("update_parameters_with_adam", "swapped_betas", "uses beta2 for v and beta1 for s", _adam(
    v_upd="beta2 * v[g] + (1 - beta2) * grads[g]", s_upd="beta1 * s[g] + (1 - beta1) * np.square(grads[g])",
    v_hat="v[g] / (1 - beta2 ** t)", s_hat="s[g] / (1 - beta1 ** t)"))
wrong("update_parameters_with_adam", "t_from_zero", "uses t + 1 in the correction (counts t from 0)", _adam(v_hat="v[g] / (1 - beta1 ** (t + 1))", s_hat="s[g] / (1 - beta2 ** (t + 1))"))
wrong("update_parameters_with_adam", "no_epsilon", "forgets epsilon (only visible with tiny gradients)", _adam(step="parameters[p] - learning_rate * v_hat / np.sqrt(s_hat)"))
correct("update_parameters_with_adam", "in_place", "updates the arrays in place", '''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    for key in list(v):
        g = grads[key]
        v[key] *= beta1
        v[key] += (1 - beta1) * g
        s[key] *= beta2
        s[key] += (1 - beta2) * g * g
        parameters[key[1:]] -= learning_rate * (v[key] / (1 - beta1 ** t)) / (np.sqrt(s[key] / (1 - beta2 ** t)) + epsilon)
    return parameters, v, s
''')
correct("update_parameters_with_adam", "new_dicts", "returns new dicts and uses np.power", '''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    v2 = {k: beta1 * v[k] + (1 - beta1) * grads[k] for k in v}
    s2 = {k: beta2 * s[k] + (1 - beta2) * np.power(grads[k], 2) for k in s}
    p2 = {}
    for k in parameters:
        v_hat = v2["d" + k] / (1 - np.power(beta1, t))
        s_hat = s2["d" + k] / (1 - np.power(beta2, t))
        p2[k] = parameters[k] - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return p2, v2, s2
''')
correct("update_parameters_with_adam", "original_style", "the original's v_corrected / s_corrected dicts", '''
def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    L = len(parameters) // 2
    v_corrected = {}
    s_corrected = {}
    for l in range(L):
        for n in ("W", "b"):
            k = "d" + n + str(l + 1)
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            v_corrected[k] = v[k] / (1 - beta1 ** t)
            s[k] = beta2 * s[k] + (1 - beta2) * (grads[k] ** 2)
            s_corrected[k] = s[k] / (1 - beta2 ** t)
            parameters[n + str(l + 1)] = parameters[n + str(l + 1)] - learning_rate * v_corrected[k] / (np.sqrt(s_corrected[k]) + epsilon)
    return parameters, v, s
''')


# =============================================================================
# model
# =============================================================================
MODEL = '''
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
          epsilon=1e-8, num_epochs=5000, print_cost=True):
    costs = []
    t = 0
    seed = 10
    m = X.shape[1]
    parameters = INIT(layers_dims)
    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)
    for i in range(num_epochs):
SEED_LINE        minibatches = random_mini_batches(X, Y, mini_batch_size, seed)
        cost_total = 0
        for minibatch_X, minibatch_Y in minibatches:
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += compute_cost(a3, minibatch_Y) * minibatch_X.shape[1]
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, BETA, learning_rate)
            elif optimizer == "adam":
                T_LINE
                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_total / m))
        if i % 100 == 0:
            costs.append(cost_total / m)
    return parameters
'''


def _model(init="initialize_parameters_he", seed_line="        seed = seed + 1\n", t_line="t = t + 1", beta="beta"):
    return MODEL.replace("INIT", init).replace("SEED_LINE", seed_line).replace("T_LINE", t_line).replace("BETA", beta)


wrong("model", "seed_after_shuffle", "increments the seed after the shuffle (first epoch uses seed 10)",
      _model(seed_line="").replace("        cost_total = 0\n", "        seed = seed + 1\n        cost_total = 0\n", 1))
wrong("model", "fixed_seed", "shuffles every epoch with the same seed", _model(seed_line=""))
wrong("model", "random_init", "initialises with initialize_parameters_random", _model(init="initialize_parameters_random"))
wrong("model", "t_not_incremented", "never increments t (bias correction with t = 0 divides by zero)", _model(t_line="t = max(t, 1)"))
wrong("model", "t_per_epoch", "t counts epochs instead of Adam steps", _model(t_line="t = i + 1"))
wrong("model", "momentum_beta1", "passes beta1 instead of beta to the momentum update", _model(beta="beta1 * 0 + 0.95"))
wrong("model", "full_batch", "ignores the minibatches: one step on the whole data per epoch",
      _model().replace("random_mini_batches(X, Y, mini_batch_size, seed)", "[random_mini_batches(X, Y, mini_batch_size, seed) and (X, Y)][0:1]"))
correct("model", "original", "the original's structure (costs list, seed update first)", _model())
correct("model", "dispatch_dict", "a dict of update functions, t incremented before each Adam step", '''
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
          epsilon=1e-8, num_epochs=5000, print_cost=True):
    parameters = initialize_parameters_he(layers_dims)
    state = {"t": 0}
    if optimizer == "momentum":
        state["v"] = initialize_velocity(parameters)
    elif optimizer == "adam":
        state["v"], state["s"] = initialize_adam(parameters)
    elif optimizer != "gd":
        raise ValueError(optimizer)
    for epoch in range(num_epochs):
        for mb_X, mb_Y in random_mini_batches(X, Y, mini_batch_size, 11 + epoch):
            A3, cache = forward_propagation(mb_X, parameters)
            grads = backward_propagation(mb_X, mb_Y, cache)
            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, state["v"] = update_parameters_with_momentum(parameters, grads, state["v"], beta, learning_rate)
            else:
                state["t"] += 1
                parameters, state["v"], state["s"] = update_parameters_with_adam(
                    parameters, grads, state["v"], state["s"], state["t"], learning_rate, beta1, beta2, epsilon)
    return parameters
''')
correct("model", "keyword_calls", "keyword arguments everywhere, cost only when printing", '''
def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
          epsilon=1e-8, num_epochs=5000, print_cost=True):
    parameters = initialize_parameters_he(layers_dims=layers_dims)
    v = s = None
    if optimizer == "momentum":
        v = initialize_velocity(parameters=parameters)
    if optimizer == "adam":
        v, s = initialize_adam(parameters=parameters)
    t, seed = 0, 10
    for i in range(num_epochs):
        seed += 1
        for mini_batch_X, mini_batch_Y in random_mini_batches(X, Y, mini_batch_size=mini_batch_size, seed=seed):
            A3, cache = forward_propagation(mini_batch_X, parameters)
            if print_cost and i % 1000 == 0:
                compute_cost(A3, mini_batch_Y)
            grads = backward_propagation(mini_batch_X, mini_batch_Y, cache)
            if optimizer == "adam":
                t += 1
                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t=t, learning_rate=learning_rate,
                                                               beta1=beta1, beta2=beta2, epsilon=epsilon)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta=beta, learning_rate=learning_rate)
            else:
                parameters = update_parameters_with_gd(parameters, grads, learning_rate=learning_rate)
    return parameters
''')
