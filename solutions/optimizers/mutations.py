'''Realistic wrong and correct implementations of every graded class of ``optimizers``.

Each entry's ``code`` replaces the whole solution cell of ``function`` (a
class) in a submission built from the release; the other solution cells hold
the reference. The notebook has ``np`` imported and the given helpers
(``initialize_dnn_parameters``, ``forward_propagation``, ``back_propagation``,
``gradient_descent_step``, ``Optimizer``, ``Sigmoid``, ...) defined.

Every ``wrong`` entry must lose points in ``test_<function>``; every
``correct`` entry must get full marks in every cell, training included.
'''

from __future__ import annotations

from course_lib.mutation import Entry

ENTRIES: list = []


def wrong(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "wrong", name, description, code.strip() + "\n", also))


def correct(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "correct", name, description, code.strip() + "\n", also))


def _relu(forward: str, derivative: str, call: str = "return self.forward(x)") -> str:
    return f'''
class ReLU:
    def forward(self, x):
        {forward}

    def derivative(self, x):
        {derivative}

    def __call__(self, x):
        {call}
'''


# =============================================================================
# ReLU
# =============================================================================
wrong("ReLU", "derivative_zero_at_zero", "derivative 0 at x == 0 (x > 0 instead of x >= 0)",
      _relu("return np.maximum(0, x)", "return (x > 0).astype(int)"))
wrong("ReLU", "derivative_float", "derivative as a float array (the spec fixes an integer array)",
      _relu("return np.maximum(0, x)", "return (x >= 0).astype(float)"))
wrong("ReLU", "derivative_bool", "derivative as a boolean array",
      _relu("return np.maximum(0, x)", "return x >= 0"))
wrong("ReLU", "forward_in_place", "clamps x itself in place and returns it",
      _relu("x[x < 0] = 0\n        return x", "return (x >= 0).astype(int)"))
wrong("ReLU", "leaky", "a leaky ReLU (0.01 x for negative x)",
      _relu("return np.where(x > 0, x, 0.01 * x)", "return (x >= 0).astype(int)"))
wrong("ReLU", "derivative_of_output", "derivative computed as the ReLU value itself (max(0, x))",
      _relu("return np.maximum(0, x)", "return np.maximum(0, x)"))
wrong("ReLU", "minimum", "np.minimum instead of np.maximum",
      _relu("return np.minimum(0, x)", "return (x >= 0).astype(int)"))
wrong("ReLU", "call_returns_derivative", "__call__ returns the derivative",
      _relu("return np.maximum(0, x)", "return (x >= 0).astype(int)", "return self.derivative(x)"))
correct("ReLU", "where_and_heaviside", "np.where for forward, np.heaviside(x, 1) cast to int for the derivative",
        _relu("return np.where(x > 0, x, 0.0)", "return np.heaviside(x, 1).astype(np.int64)"))
correct("ReLU", "abs_formula", "(x + |x|) / 2, and 1 - (x < 0) for the derivative",
        _relu("return (x + np.abs(x)) / 2", "return 1 - (x < 0).astype(np.int32)"))
correct("ReLU", "clip_and_greater_equal", "np.clip(x, 0, None); np.greater_equal(x, 0).astype(np.int8); call via forward",
        _relu("return np.clip(x, 0, None)", "return np.greater_equal(x, 0).astype(np.int8)",
              "return ReLU.forward(self, x)"))


# =============================================================================
# NeuralNetwork
# =============================================================================
def _net(init: str = "self.initialize()", dims: str = "[self.n_x] + [self.n_h] * (self.depth - 1) + [self.n_y]",
         forward: str = "A, self.caches = forward_propagation(X, self.parameters, self.act)\n        return A",
         backward: str = "self.grads = back_propagation(Y, self.parameters, self.caches, self.act.derivative)",
         call: str = "return self.forward(X)", store: str = "self.n_x, self.n_y, self.n_h, self.depth = n_x, n_y, n_h, depth") -> str:
    return f'''
class NeuralNetwork:
    def __init__(self, n_x, n_y, n_h, depth, act=ReLU()):
        {store}
        self.act = act
        {init}

    def initialize(self):
        self.parameters = initialize_dnn_parameters({dims})

    def forward(self, X):
        {forward}

    def __call__(self, X):
        {call}

    def backward(self, Y):
        {backward}
'''


wrong("NeuralNetwork", "depth_hidden_layers", "depth hidden layers (one layer too many)",
      _net(dims="[self.n_x] + [self.n_h] * self.depth + [self.n_y]"))
wrong("NeuralNetwork", "one_layer_too_few", "depth - 2 hidden layers (one layer too few)",
      _net(dims="[self.n_x] + [self.n_h] * (self.depth - 2) + [self.n_y]"))
wrong("NeuralNetwork", "ignores_act", "forward always uses ReLU, ignoring self.act",
      _net(forward="A, self.caches = forward_propagation(X, self.parameters)\n        return A",
           backward="self.grads = back_propagation(Y, self.parameters, self.caches)"))
wrong("NeuralNetwork", "backward_default_derivative", "backward uses the ReLU derivative whatever self.act is",
      _net(backward="self.grads = back_propagation(Y, self.parameters, self.caches)"))
wrong("NeuralNetwork", "swapped_sizes", "layer sizes built with n_y first and n_x last",
      _net(dims="[self.n_y] + [self.n_h] * (self.depth - 1) + [self.n_x]"))
wrong("NeuralNetwork", "forward_returns_caches", "forward returns (A, caches) instead of the output",
      _net(forward="A, self.caches = forward_propagation(X, self.parameters, self.act)\n        return A, self.caches"))
wrong("NeuralNetwork", "call_does_not_store", "__call__ runs forward_propagation without storing the caches",
      _net(call="return forward_propagation(X, self.parameters, self.act)[0]"))
wrong("NeuralNetwork", "init_twice", "initialises twice in __init__ (draws the weights twice)",
      _net(init="self.initialize()\n        self.initialize()"))
wrong("NeuralNetwork", "gradients_ascent", "backward stores the negated gradients",
      _net(backward="g = back_propagation(Y, self.parameters, self.caches, self.act.derivative)\n"
                    "        self.grads = {k: -v for k, v in g.items()}"))
correct("NeuralNetwork", "explicit_loop", "builds the layer sizes with a loop and stores attributes one by one", '''
class NeuralNetwork:
    def __init__(self, n_x, n_y, n_h, depth, act=ReLU()):
        self.n_x = n_x
        self.n_y = n_y
        self.n_h = n_h
        self.depth = depth
        self.act = act
        self.caches, self.grads = {}, {}
        self.initialize()

    def initialize(self):
        dims = [self.n_x]
        for _ in range(self.depth - 1):
            dims.append(self.n_h)
        dims.append(self.n_y)
        self.parameters = initialize_dnn_parameters(dims)
        return self.parameters

    def forward(self, X):
        output, caches = forward_propagation(X, self.parameters, act=self.act)
        self.caches = caches
        return output

    def __call__(self, X):
        return self.forward(X)

    def backward(self, Y):
        self.grads = back_propagation(Y, self.parameters, self.caches, act_derivative=self.act.derivative)
        return self.grads
''')
correct("NeuralNetwork", "call_alias", "__call__ = forward as a class attribute; layer sizes from list arithmetic", '''
class NeuralNetwork:
    def __init__(self, n_x, n_y, n_h, depth, act=ReLU()):
        self.n_x, self.n_y, self.n_h, self.depth, self.act = n_x, n_y, n_h, depth, act
        self.initialize()

    def layer_dims(self):
        return [self.n_x, *([self.n_h] * (self.depth - 1)), self.n_y]

    def initialize(self):
        self.parameters = initialize_dnn_parameters(self.layer_dims())

    def forward(self, X):
        out = forward_propagation(X, self.parameters, self.act)
        self.caches = out[1]
        return out[0]

    __call__ = forward

    def backward(self, Y):
        derivative = self.act.derivative
        self.grads = back_propagation(Y, self.parameters, self.caches, derivative)
''')
correct("NeuralNetwork", "uses_layer_directly", "forward written with the given `layer` in its own loop", '''
class NeuralNetwork:
    def __init__(self, n_x, n_y, n_h, depth, act=ReLU()):
        self.n_x, self.n_y, self.n_h, self.depth = n_x, n_y, n_h, depth
        self.act = act
        self.initialize()

    def initialize(self):
        self.parameters = initialize_dnn_parameters([self.n_x] + (self.depth - 1) * [self.n_h] + [self.n_y])

    def forward(self, X):
        A = X
        self.caches = {"A0": X}
        for l in range(1, len(self.parameters) // 2 + 1):
            A, Z = layer(A, self.parameters["W" + str(l)], self.parameters["b" + str(l)], self.act)
            self.caches["Z" + str(l)] = Z
            self.caches["A" + str(l)] = A
        return A

    def __call__(self, X):
        return self.forward(X)

    def backward(self, Y):
        self.grads = back_propagation(Y, self.parameters, self.caches, self.act.derivative)
''')


# =============================================================================
# GradientDescent
# =============================================================================
def _gd(body: str) -> str:
    return f'''
class GradientDescent(Optimizer):
    def step(self):
        {body}
'''


wrong("GradientDescent", "ascent", "adds the gradient (gradient ascent)", _gd(
    "for k in self.network.parameters:\n"
    "            self.network.parameters[k] += self.learning_rate * self.network.grads['d' + k]"))
wrong("GradientDescent", "no_learning_rate", "forgets the learning rate", _gd(
    "gradient_descent_step(self.network.parameters, self.network.grads, 1.0)"))
wrong("GradientDescent", "weights_only", "updates only the weights, not the biases", _gd(
    "for k in self.network.parameters:\n"
    "            if k.startswith('W'):\n"
    "                self.network.parameters[k] -= self.learning_rate * self.network.grads['d' + k]"))
wrong("GradientDescent", "local_rebind", "rebinds a local name, so the dict never changes", _gd(
    "for k in self.network.parameters:\n"
    "            p = self.network.parameters[k]\n"
    "            p = p - self.learning_rate * self.network.grads['d' + k]"))
wrong("GradientDescent", "squared_lr", "multiplies by the learning rate twice", _gd(
    "gradient_descent_step(self.network.parameters, self.network.grads, self.learning_rate ** 2)"))
wrong("GradientDescent", "copy_of_parameters", "updates a copy of the parameters dict and its arrays", _gd(
    "params = {k: v.copy() for k, v in self.network.parameters.items()}\n"
    "        gradient_descent_step(params, self.network.grads, self.learning_rate)"))
wrong("GradientDescent", "first_layer_only", "updates only layer 1", _gd(
    "for k in ('W1', 'b1'):\n"
    "            self.network.parameters[k] -= self.learning_rate * self.network.grads['d' + k]"))
correct("GradientDescent", "rebind", "binds new arrays into the dict", _gd(
    "for k, p in list(self.network.parameters.items()):\n"
    "            self.network.parameters[k] = p - self.learning_rate * self.network.grads['d' + k]"))
correct("GradientDescent", "dict_update", "builds the new values, then dict.update", _gd(
    "new = {k: p - self.learning_rate * self.network.grads['d' + k] for k, p in self.network.parameters.items()}\n"
    "        self.network.parameters.update(new)"))
correct("GradientDescent", "np_subtract_out", "np.subtract with out=", _gd(
    "for k in self.network.parameters:\n"
    "            np.subtract(self.network.parameters[k], self.learning_rate * self.network.grads['d' + k],\n"
    "                        out=self.network.parameters[k])"))


# =============================================================================
# GradientDescentWithMomentum
# =============================================================================
def _mom(init_state: str, update: str, signature: str = "beta=0.9", store: str = "self.beta = beta") -> str:
    return f'''
class GradientDescentWithMomentum(Optimizer):
    def __init__(self, network, learning_rate, {signature}):
        super().__init__(network, learning_rate)
        {store}
        {init_state}

    def step(self):
        P, G = self.network.parameters, self.network.grads
        for k in P:
            g = G["d" + k]
            {update}
'''


ZEROS_V = "self.velocities = {k: np.zeros_like(p) for k, p in network.parameters.items()}"
wrong("GradientDescentWithMomentum", "no_one_minus_beta", "v = beta v + g (no 1 - beta)", _mom(
    ZEROS_V, "self.velocities[k] = self.beta * self.velocities[k] + g\n            P[k] = P[k] - self.learning_rate * self.velocities[k]"))
wrong("GradientDescentWithMomentum", "swapped_beta", "v = (1 - beta) v + beta g", _mom(
    ZEROS_V, "self.velocities[k] = (1 - self.beta) * self.velocities[k] + self.beta * g\n            P[k] = P[k] - self.learning_rate * self.velocities[k]"))
wrong("GradientDescentWithMomentum", "update_with_old_velocity", "updates theta with the velocity before updating it", _mom(
    ZEROS_V, "P[k] = P[k] - self.learning_rate * self.velocities[k]\n            self.velocities[k] = self.beta * self.velocities[k] + (1 - self.beta) * g"))
wrong("GradientDescentWithMomentum", "keys_with_d", "velocities keyed by 'dW1' instead of 'W1'", _mom(
    "self.velocities = {'d' + k: np.zeros_like(p) for k, p in network.parameters.items()}",
    "self.velocities['d' + k] = self.beta * self.velocities['d' + k] + (1 - self.beta) * g\n            P[k] = P[k] - self.learning_rate * self.velocities['d' + k]"))
wrong("GradientDescentWithMomentum", "state_starts_at_gradient", "velocities start at the first gradient instead of zeros", _mom(
    "self.velocities = {}",
    "self.velocities[k] = self.beta * self.velocities.get(k, g) + (1 - self.beta) * g\n            P[k] = P[k] - self.learning_rate * self.velocities[k]"))
wrong("GradientDescentWithMomentum", "state_not_kept", "velocity in a local variable, reset at every step", _mom(
    ZEROS_V, "v = (1 - self.beta) * g\n            self.velocities[k] = v\n            P[k] = P[k] - self.learning_rate * v"))
wrong("GradientDescentWithMomentum", "default_beta_0_99", "default beta 0.99 instead of 0.9", _mom(
    ZEROS_V, "self.velocities[k] = self.beta * self.velocities[k] + (1 - self.beta) * g\n            P[k] = P[k] - self.learning_rate * self.velocities[k]",
    signature="beta=0.99"))
wrong("GradientDescentWithMomentum", "plain_gradient_step", "keeps the velocity but steps with the raw gradient", _mom(
    ZEROS_V, "self.velocities[k] = self.beta * self.velocities[k] + (1 - self.beta) * g\n            P[k] = P[k] - self.learning_rate * g"))
correct("GradientDescentWithMomentum", "lazy_state", "velocities created at the first step, in-place updates", _mom(
    "self.velocities = None",
    "if self.velocities is None or k not in self.velocities:\n"
    "                self.velocities = self.velocities or {}\n"
    "                self.velocities[k] = np.zeros(P[k].shape)\n"
    "            self.velocities[k] *= self.beta\n"
    "            self.velocities[k] += (1 - self.beta) * g\n"
    "            P[k] -= self.learning_rate * self.velocities[k]"))
correct("GradientDescentWithMomentum", "lerp_form", "v += (1 - beta)(g - v), written as an interpolation", _mom(
    ZEROS_V, "self.velocities[k] = self.velocities[k] + (1 - self.beta) * (g - self.velocities[k])\n"
    "            self.network.parameters[k] = self.network.parameters[k] - self.learning_rate * self.velocities[k]"))
correct("GradientDescentWithMomentum", "lazy_in_step_with_setdefault", "velocities via setdefault, beta stored as momentum", _mom(
    "self.velocities = {}",
    "v = self.velocities.setdefault(k, np.zeros_like(P[k]))\n"
    "            v = self.momentum * v + (1 - self.momentum) * g\n"
    "            self.velocities[k] = v\n"
    "            P[k] = P[k] - self.learning_rate * v", store="self.momentum = beta"))


# =============================================================================
# RMSProp
# =============================================================================
def _rms(init_state: str, update: str, signature: str = "beta=0.9") -> str:
    return f'''
class RMSProp(Optimizer):
    def __init__(self, network, learning_rate, {signature}):
        super().__init__(network, learning_rate)
        self.beta = beta
        {init_state}

    def step(self):
        P, G = self.network.parameters, self.network.grads
        for k in P:
            g = G["d" + k]
            {update}
'''


ZEROS_S = "self.squared_gradients = {k: np.zeros_like(p) for k, p in network.parameters.items()}"
S_UPDATE = "self.squared_gradients[k] = self.beta * self.squared_gradients[k] + (1 - self.beta) * g ** 2\n            "
wrong("RMSProp", "eps_inside_sqrt", "epsilon inside the square root", _rms(
    ZEROS_S, S_UPDATE + "P[k] = P[k] - self.learning_rate * g / np.sqrt(self.squared_gradients[k] + 1e-8)"))
wrong("RMSProp", "no_eps", "no epsilon (division by zero on zero gradients)", _rms(
    ZEROS_S, S_UPDATE + "P[k] = P[k] - self.learning_rate * g / np.sqrt(self.squared_gradients[k])"))
wrong("RMSProp", "abs_not_square", "accumulates |g| instead of g**2", _rms(
    ZEROS_S, "self.squared_gradients[k] = self.beta * self.squared_gradients[k] + (1 - self.beta) * np.abs(g)\n"
    "            P[k] = P[k] - self.learning_rate * g / (np.sqrt(self.squared_gradients[k]) + 1e-8)"))
wrong("RMSProp", "no_sqrt", "divides by s instead of sqrt(s)", _rms(
    ZEROS_S, S_UPDATE + "P[k] = P[k] - self.learning_rate * g / (self.squared_gradients[k] + 1e-8)"))
wrong("RMSProp", "swapped_beta", "s = (1 - beta) s + beta g**2", _rms(
    ZEROS_S, "self.squared_gradients[k] = (1 - self.beta) * self.squared_gradients[k] + self.beta * g ** 2\n"
    "            P[k] = P[k] - self.learning_rate * g / (np.sqrt(self.squared_gradients[k]) + 1e-8)"))
wrong("RMSProp", "old_s_in_update", "divides by the square root of the state before updating it", _rms(
    ZEROS_S, "P[k] = P[k] - self.learning_rate * g / (np.sqrt(self.squared_gradients[k]) + 1e-8)\n            "
    "self.squared_gradients[k] = self.beta * self.squared_gradients[k] + (1 - self.beta) * g ** 2"))
wrong("RMSProp", "eps_1e_7", "epsilon 1e-7 (Keras' default) instead of 1e-8", _rms(
    ZEROS_S, S_UPDATE + "P[k] = P[k] - self.learning_rate * g / (np.sqrt(self.squared_gradients[k]) + 1e-7)"))
wrong("RMSProp", "keys_with_d", "squared_gradients keyed by 'dW1'", _rms(
    "self.squared_gradients = {'d' + k: np.zeros_like(p) for k, p in network.parameters.items()}",
    "self.squared_gradients['d' + k] = self.beta * self.squared_gradients['d' + k] + (1 - self.beta) * g ** 2\n"
    "            P[k] = P[k] - self.learning_rate * g / (np.sqrt(self.squared_gradients['d' + k]) + 1e-8)"))
correct("RMSProp", "lazy_in_place", "state created at the first step, in-place numpy updates", _rms(
    "self.squared_gradients = {}",
    "if k not in self.squared_gradients:\n"
    "                self.squared_gradients[k] = np.zeros(P[k].shape)\n"
    "            s = self.squared_gradients[k]\n"
    "            s *= self.beta\n"
    "            s += (1 - self.beta) * np.square(g)\n"
    "            P[k] -= self.learning_rate * g / (np.sqrt(s) + 1e-8)"))
correct("RMSProp", "g_times_g", "g * g and a precomputed denominator", _rms(
    ZEROS_S, "self.squared_gradients[k] = self.beta * self.squared_gradients[k] + (1.0 - self.beta) * (g * g)\n"
    "            denom = np.sqrt(self.squared_gradients[k]) + 1e-8\n"
    "            self.network.parameters[k] = P[k] - self.learning_rate * (g / denom)"))
correct("RMSProp", "items_loop", "loops over items, EPS as a name, np.power", '''
class RMSProp(Optimizer):
    EPS = 1e-8

    def __init__(self, network, learning_rate, beta=0.9):
        Optimizer.__init__(self, network, learning_rate)
        self.beta = beta
        self.squared_gradients = {name: 0 * value for name, value in network.parameters.items()}

    def step(self):
        for name, value in list(self.network.parameters.items()):
            grad = self.network.grads[f"d{name}"]
            s = self.beta * self.squared_gradients[name] + (1 - self.beta) * np.power(grad, 2)
            self.squared_gradients[name] = s
            self.network.parameters[name] = value - self.learning_rate * grad / (np.sqrt(s) + self.EPS)
''')


# =============================================================================
# Adam
# =============================================================================
def _adam(update: str, init_state: str = ZEROS_V + "\n        " + ZEROS_S, signature: str = "beta1=0.9, beta2=0.999") -> str:
    return f'''
class Adam(Optimizer):
    def __init__(self, network, learning_rate, {signature}):
        super().__init__(network, learning_rate)
        self.beta1, self.beta2, self.t = beta1, beta2, 0
        {init_state}

    def step(self):
        self.t += 1
        P, G = self.network.parameters, self.network.grads
        for k in P:
            g = G["d" + k]
            {update}
'''


V_UP = "self.velocities[k] = self.beta1 * self.velocities[k] + (1 - self.beta1) * g\n            "
S_UP = "self.squared_gradients[k] = self.beta2 * self.squared_gradients[k] + (1 - self.beta2) * g ** 2\n            "
THETA = "P[k] = P[k] - self.learning_rate * self.velocities[k] / (np.sqrt(self.squared_gradients[k]) + 1e-8)"
wrong("Adam", "bias_correction", "adds the textbook bias correction (this Adam has none)", _adam(
    V_UP + S_UP + "v_hat = self.velocities[k] / (1 - self.beta1 ** self.t)\n            "
    "s_hat = self.squared_gradients[k] / (1 - self.beta2 ** self.t)\n            "
    "P[k] = P[k] - self.learning_rate * v_hat / (np.sqrt(s_hat) + 1e-8)"))
wrong("Adam", "eps_inside_sqrt", "epsilon inside the square root", _adam(
    V_UP + S_UP + "P[k] = P[k] - self.learning_rate * self.velocities[k] / np.sqrt(self.squared_gradients[k] + 1e-8)"))
wrong("Adam", "betas_swapped", "beta2 for the velocity and beta1 for the squared gradients", _adam(
    "self.velocities[k] = self.beta2 * self.velocities[k] + (1 - self.beta2) * g\n            "
    "self.squared_gradients[k] = self.beta1 * self.squared_gradients[k] + (1 - self.beta1) * g ** 2\n            " + THETA))
wrong("Adam", "gradient_in_numerator", "divides the raw gradient (RMSProp step) instead of the velocity", _adam(
    V_UP + S_UP + "P[k] = P[k] - self.learning_rate * g / (np.sqrt(self.squared_gradients[k]) + 1e-8)"))
wrong("Adam", "squares_velocity", "accumulates v**2 instead of g**2", _adam(
    V_UP + "self.squared_gradients[k] = self.beta2 * self.squared_gradients[k] + (1 - self.beta2) * self.velocities[k] ** 2\n            " + THETA))
wrong("Adam", "shared_state", "velocities and squared_gradients are the same dict", _adam(
    V_UP + S_UP + THETA,
    init_state="self.velocities = {k: np.zeros_like(p) for k, p in network.parameters.items()}\n        "
               "self.squared_gradients = self.velocities"))
wrong("Adam", "default_beta2_0_99", "default beta2 0.99 instead of 0.999", _adam(V_UP + S_UP + THETA,
                                                                             signature="beta1=0.9, beta2=0.99"))
wrong("Adam", "state_keyed_by_gradient", "state dicts keyed by 'dW1'", _adam(
    "self.velocities['d' + k] = self.beta1 * self.velocities['d' + k] + (1 - self.beta1) * g\n            "
    "self.squared_gradients['d' + k] = self.beta2 * self.squared_gradients['d' + k] + (1 - self.beta2) * g ** 2\n            "
    "P[k] = P[k] - self.learning_rate * self.velocities['d' + k] / (np.sqrt(self.squared_gradients['d' + k]) + 1e-8)",
    init_state="self.velocities = {'d' + k: np.zeros_like(p) for k, p in network.parameters.items()}\n        "
               "self.squared_gradients = {'d' + k: np.zeros_like(p) for k, p in network.parameters.items()}"))
correct("Adam", "lazy_in_place", "state created at the first step, in-place updates", _adam(
    "if k not in self.velocities:\n"
    "                self.velocities[k], self.squared_gradients[k] = np.zeros(P[k].shape), np.zeros(P[k].shape)\n"
    "            self.velocities[k] *= self.beta1\n"
    "            self.velocities[k] += (1 - self.beta1) * g\n"
    "            self.squared_gradients[k] *= self.beta2\n"
    "            self.squared_gradients[k] += (1 - self.beta2) * g * g\n"
    "            P[k] -= self.learning_rate * self.velocities[k] / (np.sqrt(self.squared_gradients[k]) + 1e-8)",
    init_state="self.velocities, self.squared_gradients = {}, {}"))
correct("Adam", "reuses_momentum_and_rmsprop_formulas", "interpolation form of both moving averages", _adam(
    "v = self.velocities[k] + (1 - self.beta1) * (g - self.velocities[k])\n            "
    "s = self.squared_gradients[k] + (1 - self.beta2) * (g ** 2 - self.squared_gradients[k])\n            "
    "self.velocities[k], self.squared_gradients[k] = v, s\n            "
    "self.network.parameters[k] = P[k] - self.learning_rate * v / (np.sqrt(s) + 1e-8)"))
correct("Adam", "separate_helpers", "a helper method per moving average, items loop", '''
class Adam(Optimizer):
    def __init__(self, network, learning_rate, beta1=0.9, beta2=0.999):
        super().__init__(network, learning_rate)
        self.beta1 = beta1
        self.beta2 = beta2
        self.velocities = {k: np.zeros(v.shape) for k, v in network.parameters.items()}
        self.squared_gradients = {k: np.zeros(v.shape) for k, v in network.parameters.items()}

    @staticmethod
    def _average(old, new, beta):
        return beta * old + (1 - beta) * new

    def step(self):
        for key, theta in list(self.network.parameters.items()):
            grad = self.network.grads["d" + key]
            self.velocities[key] = self._average(self.velocities[key], grad, self.beta1)
            self.squared_gradients[key] = self._average(self.squared_gradients[key], np.square(grad), self.beta2)
            step = self.velocities[key] / (np.sqrt(self.squared_gradients[key]) + 1e-8)
            self.network.parameters[key] = theta - self.learning_rate * step
''')
