"""Reference solution of the assignment ``layers`` (the answer key).

DERIVED FILE: written by ``course build layers`` from the solution cells of
``source/layers/layers.ipynb``. Do not edit it: edit the notebook (or its
``.pct.py`` twin) and rebuild; a test fails when this file is stale.
"""

import numpy as np

__all__ = ['param_name', 'set_params', 'FixedLayer', 'FixedSequential', 'fc', 'relu', 'dropout', 'cross_entropy', 'sequential', 'Network', 'Model', 'TestFCReLU', 'SmallFullyConnectedNetwork', 'DropoutNet', 'Optimizer', 'prefill', 'example_layers', 'SGD', 'SGDM', 'RMSProp', 'Adam', 'ScoresModel', 'compute_acc', 'train_net', 'TinyNet', 'tinynet_training', 'FullyConnectedNetwork', 'DropoutNetTest', 'activation_values']

# --- cell given_names -----------------------------------------------------------

def param_name(layer_name, kind):
    """The name of a layer's parameter: param_name("fc1", "w") == "fc1_w" (kind is "w" or "b")."""
    return f"{layer_name}_{kind}"


def set_params(layer, values):
    """Put new values ({parameter name: array}) into layer.params, as a caller may between two calls."""
    layer.params.update(values)


class FixedLayer:
    """A stand-in layer holding given `params` and `grads` dicts (used by the sequential and optimiser tests)."""

    def __init__(self, params, grads, name="fixed"):
        self.name = name
        self.params = params
        self.grads = grads

    def replace(self, params, grads):
        """Bind new params and grads dicts, as a caller may do between two steps."""
        self.params = params
        self.grads = grads

    def set_grads(self, grads):
        """Put new gradients into the grads dict (as a new backward pass would)."""
        self.grads.update(grads)


class FixedSequential:
    """A stand-in for sequential: only the list `layers`."""

    def __init__(self, *layers):
        self.layers = list(layers)

# --- cell fc --------------------------------------------------------------------

class fc:
    """A fully connected layer: out = flatten(feat) @ w + b.

    Attributes: name; w_name = name + "_w", b_name = name + "_b";
    params {w_name: (D, M), b_name: (M,)}; grads with the same keys;
    meta: the forward input feat (N, d1, ..., dk), kept for backward.
    """

    def __init__(self, input_dim, output_dim, init_scale=0.002, name="fc"):
        self.name = name
        self.w_name = param_name(name, "w")
        self.b_name = param_name(name, "b")
        self.input_dim, self.output_dim = input_dim, output_dim
        self.params = {self.w_name: init_scale * np.random.randn(input_dim, output_dim),
                       self.b_name: np.zeros(output_dim)}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}
        self.meta = None

    def forward(self, feat):
        """feat (N, d1, ..., dk) with d1 * ... * dk = D -> out (N, M); keeps feat in meta."""
        flat = feat.reshape(feat.shape[0], -1)
        self.meta = feat
        return flat @ self.params[self.w_name] + self.params[self.b_name]

    def backward(self, dprev):
        """dprev (N, M) -> dfeat shaped like the forward input; sets grads[w_name] (D, M), grads[b_name] (M,)."""
        feat = self.meta
        if feat is None:
            raise ValueError("fc.backward called before forward")
        flat = feat.reshape(feat.shape[0], -1)
        self.grads[self.w_name] = flat.T @ dprev
        self.grads[self.b_name] = dprev.sum(axis=0)
        return (dprev @ self.params[self.w_name].T).reshape(feat.shape)

# --- cell relu ------------------------------------------------------------------

class relu:
    """The rectified linear unit as a layer. params = grads = {}; meta: the forward input feat."""

    def __init__(self, name="relu"):
        self.name = name
        self.params = {}
        self.grads = {}
        self.meta = None

    def forward(self, feat):
        """feat (any shape) -> max(0, feat), same shape."""
        self.meta = feat
        return np.maximum(0, feat)

    def backward(self, dprev):
        """dprev (shape of feat) -> dprev where feat > 0, else 0."""
        feat = self.meta
        if feat is None:
            raise ValueError("relu.backward called before forward")
        return dprev * (feat > 0)

# --- cell dropout ---------------------------------------------------------------

class dropout:
    """Inverted dropout: drop each unit with probability p in training, scale the kept ones by 1 / (1 - p).

    Attributes: name, p, seed; params = grads = {}; meta: the mask / (1 - p) of the last
    training forward (shape of feat), or None when forward passed the input through.
    """

    def __init__(self, p, seed=None, name="dropout"):
        self.name = name
        self.p = p
        self.seed = seed
        self.params = {}
        self.grads = {}
        self.meta = None

    def forward(self, feat, is_Training=True):
        """feat (any shape) -> feat * mask / (1 - p) in training with p > 0, else feat unchanged."""
        if not is_Training or self.p == 0:
            self.meta = None
            return feat
        rng = np.random.RandomState(self.seed) if self.seed is not None else np.random
        keep = rng.rand(*feat.shape) >= self.p
        self.meta = keep / (1 - self.p)
        return feat * self.meta

    def backward(self, dprev):
        """dprev (shape of feat) -> dprev * mask / (1 - p), or dprev unchanged."""
        if self.meta is None:
            return dprev
        return dprev * self.meta

# --- cell cross_entropy ---------------------------------------------------------

class cross_entropy:
    """Mean softmax cross-entropy. meta: (softmax probabilities (N, C), labels (N,)) of the last forward."""

    def __init__(self):
        self.meta = None

    def forward(self, feat, label):
        """feat (N, C) scores, label (N,) ints in 0..C-1 -> the mean cross-entropy, a float."""
        shifted = feat - feat.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        log_probs = shifted - log_sum
        self.meta = (np.exp(log_probs), label)
        return float(-log_probs[np.arange(feat.shape[0]), label].mean())

    def backward(self):
        """-> (softmax - onehot) / N, shape (N, C)."""
        probs, label = self.meta
        n = probs.shape[0]
        dfeat = probs.copy()
        dfeat[np.arange(n), label] -= 1
        return dfeat / n

# --- cell sequential ------------------------------------------------------------

class sequential:
    """Layers in order, with their parameters gathered by name.

    Attributes: layers (list); params, grads: {parameter name: array} gathered from the layers.
    """

    def __init__(self, *layers):
        self.layers = list(layers)
        seen = set()
        for layer in self.layers:
            for name in layer.params:
                if name in seen:
                    raise ValueError(f"duplicate parameter name {name!r}")
                seen.add(name)
        self.gather_params()
        self.gather_grads()

    def _layer_of(self, name):
        """A helper for the methods below (use it or not): the layer whose params hold `name`; ValueError when none does."""
        for layer in self.layers:
            if name in layer.params:
                return layer
        raise ValueError(f"no layer owns a parameter named {name!r}")

    def assign(self, name, val):
        """Set val as the parameter `name` in the layer that owns it."""
        self._layer_of(name).params[name] = val

    def assign_grads(self, name, val):
        """Set val as the gradient `name` in the layer that owns it."""
        self._layer_of(name).grads[name] = val

    def get_params(self, name):
        """The current value of the parameter `name` (read from the owning layer)."""
        return self._layer_of(name).params[name]

    def get_grads(self, name):
        """The current gradient `name` (read from the owning layer)."""
        return self._layer_of(name).grads[name]

    def gather_params(self):
        """Refresh self.params from the layers."""
        self.params = {name: value for layer in self.layers for name, value in layer.params.items()}

    def gather_grads(self):
        """Refresh self.grads from the layers."""
        self.grads = {name: value for layer in self.layers for name, value in layer.grads.items()}

    def load(self, pretrained):
        """Assign a copy of every entry of `pretrained` ({name: array}), printing one line per entry."""
        for name, value in pretrained.items():
            self.assign(name, np.array(value, copy=True))
            print(f"Loading Params: {name} Shape: {np.shape(value)}")
        self.gather_params()

# --- cell given_network ---------------------------------------------------------

class Network:
    """The base of the networks: self.net is a sequential; forward/backward run its layers."""

    def forward(self, feat, is_Training=True):
        """feat (N, ...) -> the last layer's output; dropout layers get is_Training."""
        output = feat
        for layer in self.net.layers:
            if isinstance(layer, dropout):
                output = layer.forward(output, is_Training)
            else:
                output = layer.forward(output)
        self.net.gather_params()
        return output

    def backward(self, dprev):
        """dprev (shape of the output) -> the gradient for the input; layers in reverse order."""
        for layer in self.net.layers[::-1]:
            dprev = layer.backward(dprev)
        self.net.gather_grads()
        return dprev


class Model(Network):
    """A network made of a given sequential `net` (used by the tests and the comparisons)."""

    def __init__(self, net):
        self.net = net

# --- cell TestFCReLU ------------------------------------------------------------

class TestFCReLU(Network):
    """fc(12, 10, name="my_fc") then relu: parameters "my_fc_w" (12, 10) and "my_fc_b" (10,)."""

    def __init__(self):
        self.net = sequential(fc(12, 10, name="my_fc"), relu(name="my_relu"))

# --- cell SmallFullyConnectedNetwork --------------------------------------------

class SmallFullyConnectedNetwork(Network):
    """fc1 (4 -> 30), relu, fc2 (30 -> 7), relu; init_scale=0.02; parameters fc1_w, fc1_b, fc2_w, fc2_b."""

    def __init__(self):
        self.net = sequential(
            fc(4, 30, init_scale=0.02, name="fc1"),
            relu(name="relu1"),
            fc(30, 7, init_scale=0.02, name="fc2"),
            relu(name="relu2"),
        )

# --- cell given_dropoutnet ------------------------------------------------------

class DropoutNet(Network):
    """fc1 (15 -> 20), relu, dropout, fc2 (20 -> 30), relu, dropout, fc3 (30 -> 10)."""

    def __init__(self, dropout_p=0, seed=None):
        self.net = sequential(
            fc(15, 20, init_scale=5e-2, name="fc1"), relu(name="relu1"), dropout(dropout_p, seed=seed, name="dropout1"),
            fc(20, 30, init_scale=5e-2, name="fc2"), relu(name="relu2"), dropout(dropout_p, seed=seed, name="dropout2"),
            fc(30, 10, init_scale=5e-2, name="fc3"),
        )

# --- cell given_optimizer -------------------------------------------------------

class Optimizer:
    """The interface of every optimiser: built with a sequential `net` and a learning rate; step() updates once."""

    def __init__(self, net, lr):
        self.net = net
        self.lr = lr

    def step(self):
        raise NotImplementedError


def prefill(optimizer, state, values):
    """Pre-fill an optimiser's state, as a caller may: prefill(opt, "velocity", {"x_w": v}) puts the entries
    into opt.velocity (likewise "cache", "mt", "vt"); prefill(opt, "t", 5) sets opt.t = 5."""
    if state == "t":
        optimizer.t = values
    else:
        getattr(optimizer, state).update(values)


def example_layers():
    """Two FixedLayers with fixed parameters and gradients (the optimiser examples)."""
    first = FixedLayer({"a_w": np.array([[1.0, -2.0], [0.5, 3.0]]), "a_b": np.array([0.1, -0.1])},
                       {"a_w": np.array([[0.2, -0.4], [1.0, 0.0]]), "a_b": np.array([-0.5, 0.25])}, name="a")
    second = FixedLayer({"b_w": np.array([[2.0], [-1.0]])}, {"b_w": np.array([[1e-3], [-2.0]])}, name="b")
    return first, second

# --- cell SGD -------------------------------------------------------------------

class SGD(Optimizer):
    """Plain stochastic gradient descent: w <- w - lr * dw for every parameter of every layer."""

    def __init__(self, net, lr=1e-4):
        super().__init__(net, lr)

    def step(self):
        """Update every layer's params once from its grads."""
        for layer in self.net.layers:
            for name in layer.params:
                layer.params[name] -= self.lr * layer.grads[name]

# --- cell SGDM ------------------------------------------------------------------

class SGDM(Optimizer):
    """SGD with momentum: v <- momentum * v - lr * dw; w <- w + v. State: self.velocity {name: array}."""

    def __init__(self, net, lr=1e-4, momentum=0.0):
        super().__init__(net, lr)
        self.momentum = momentum
        self.velocity = {}

    def step(self):
        """Update self.velocity, then every layer's params, once."""
        for layer in self.net.layers:
            for name, value in layer.params.items():
                if name not in self.velocity:
                    self.velocity[name] = np.zeros_like(value)
                v = self.momentum * self.velocity[name] - self.lr * layer.grads[name]
                self.velocity[name] = v
                layer.params[name] += v

# --- cell RMSProp ---------------------------------------------------------------

class RMSProp(Optimizer):
    """RMSProp: c <- decay * c + (1 - decay) * dw**2; w <- w - lr * dw / (sqrt(c) + eps). State: self.cache."""

    def __init__(self, net, lr=1e-2, decay=0.99, eps=1e-8):
        super().__init__(net, lr)
        self.decay = decay
        self.eps = eps
        self.cache = {}

    def step(self):
        """Update self.cache, then every layer's params, once."""
        for layer in self.net.layers:
            for name, value in layer.params.items():
                g = layer.grads[name]
                c = self.cache.get(name, np.zeros_like(value))
                c = self.decay * c + (1 - self.decay) * g ** 2
                self.cache[name] = c
                layer.params[name] = value - self.lr * g / (np.sqrt(c) + self.eps)

# --- cell Adam ------------------------------------------------------------------

class Adam(Optimizer):
    """Adam with bias correction. State: self.mt, self.vt ({name: array}) and the step count self.t."""

    def __init__(self, net, lr=1e-3, beta1=0.9, beta2=0.999, t=0, eps=1e-8):
        super().__init__(net, lr)
        self.beta1, self.beta2 = beta1, beta2
        self.t = t
        self.eps = eps
        self.mt = {}
        self.vt = {}

    def step(self):
        """t += 1, then update self.mt, self.vt and every layer's params once."""
        self.t += 1
        for layer in self.net.layers:
            for name, value in layer.params.items():
                g = layer.grads[name]
                m = self.beta1 * self.mt.get(name, np.zeros_like(value)) + (1 - self.beta1) * g
                v = self.beta2 * self.vt.get(name, np.zeros_like(value)) + (1 - self.beta2) * g ** 2
                self.mt[name], self.vt[name] = m, v
                m_hat = m / (1 - self.beta1 ** self.t)
                v_hat = v / (1 - self.beta2 ** self.t)
                layer.params[name] = value - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

# --- cell given_scores_model ----------------------------------------------------

class ScoresModel:
    """A stand-in model for the compute_acc tests: its input rows ARE the scores.

    forward(feat, is_Training=True) returns feat (N, C) in test mode and the columns in reverse order in
    training mode (so predictions made in training mode differ); it records the size of every batch it sees.
    """

    def __init__(self):
        self.batch_sizes = []

    def forward(self, feat, is_Training=True):
        self.batch_sizes.append(int(feat.shape[0]))
        return feat[:, ::-1] if is_Training else feat

# --- cell compute_acc -----------------------------------------------------------

def compute_acc(model, data, labels, num_samples=None, batch_size=100):
    """Accuracy of model in test mode.

    Input: model (a Network), data (N, ...), labels (N,) ints, num_samples (None: all N; else the
        first num_samples), batch_size (samples per forward call).
    Returns: a float in [0, 1].
    """
    if num_samples is not None and num_samples < data.shape[0]:
        data, labels = data[:num_samples], labels[:num_samples]
    predictions = [np.argmax(model.forward(data[start:start + batch_size], is_Training=False), axis=1)
                   for start in range(0, data.shape[0], batch_size)]
    return float(np.mean(np.concatenate(predictions) == labels))

# --- cell train_net -------------------------------------------------------------

def train_net(data, model, loss_func, optimizer, batch_size, max_epochs, show_every=10, verbose=False):
    """Minibatch training with the best parameters kept.

    Input: data {"data_train": (X (N, ...), y (N,)), "data_val": (X, y), "data_test": (X, y)};
        model (a Network), loss_func (e.g. cross_entropy()), optimizer (built on model.net);
        batch_size, max_epochs ints; show_every, verbose for printing.
    Returns: (opt_params {name: copied array}, loss_hist [float per iteration],
        train_acc_hist [float per epoch], val_acc_hist [float per epoch]).
    """
    X_train, y_train = data["data_train"]
    X_val, y_val = data["data_val"]
    n = X_train.shape[0]
    opt_params, best_val = None, -1.0
    loss_hist, train_acc_hist, val_acc_hist = [], [], []
    iteration = 0
    for epoch in range(max_epochs):
        order = np.random.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            output = model.forward(X_train[batch])
            loss = loss_func.forward(output, y_train[batch])
            model.backward(loss_func.backward())
            optimizer.step()
            loss_hist.append(float(loss))
            if verbose and iteration % show_every == 0:
                print(f"(Iteration {iteration + 1}) loss: {loss:.4f}")
            iteration += 1
        train_acc = compute_acc(model, X_train[:1000], y_train[:1000])
        val_acc = compute_acc(model, X_val, y_val)
        train_acc_hist.append(train_acc)
        val_acc_hist.append(val_acc)
        if val_acc > best_val:
            best_val = val_acc
            model.net.gather_params()
            opt_params = {name: np.array(value, copy=True) for name, value in model.net.params.items()}
        if verbose:
            print(f"(Epoch {epoch + 1} / {max_epochs}) Training Accuracy: {train_acc:.4f}, "
                  f"Validation Accuracy: {val_acc:.4f}")
    return opt_params, loss_hist, train_acc_hist, val_acc_hist

# --- cell TinyNet ---------------------------------------------------------------

class TinyNet(Network):
    """fc1 (3072 -> H), relu, fc2 (H -> 10); parameters fc1_w, fc1_b, fc2_w, fc2_b. H and the rest: your design."""

    def __init__(self):
        self.net = sequential(fc(3072, 512, init_scale=0.002, name="fc1"), relu(name="relu1"),
                              fc(512, 10, init_scale=0.002, name="fc2"))
        for layer in self.net.layers:
            for name, value in layer.params.items():
                layer.params[name] = value.astype(np.float32)
        self.net.gather_params()


def tinynet_training(model):
    """Your training settings for `model` (a TinyNet): returns (optimizer, batch_size, max_epochs)."""
    return SGDM(model.net, lr=1e-4, momentum=0.9), 200, 5

# --- cell given_fcnet -----------------------------------------------------------

class FullyConnectedNetwork(Network):
    """fc1 (3072 -> 100), relu, fc2 (100 -> 100), relu, fc3 (100 -> 10)."""

    def __init__(self):
        self.net = sequential(fc(3072, 100, init_scale=2e-3, name="fc1"), relu(name="relu1"),
                              fc(100, 100, init_scale=0.1, name="fc2"), relu(name="relu2"),
                              fc(100, 10, init_scale=0.1, name="fc3"))


class DropoutNetTest(Network):
    """fc1 (3072 -> 128), relu, dropout, fc2 (128 -> 128), relu, dropout, fc3 (128 -> 10)."""

    def __init__(self, dropout_p=0, seed=None):
        self.net = sequential(fc(3072, 128, init_scale=2e-3, name="fc1"), relu(name="relu1"),
                              dropout(dropout_p, seed=seed, name="dropout1"),
                              fc(128, 128, init_scale=0.1, name="fc2"), relu(name="relu2"),
                              dropout(dropout_p, seed=seed, name="dropout2"),
                              fc(128, 10, init_scale=0.1, name="fc3"))

# --- cell activations -----------------------------------------------------------

activations = {}   # fill in: activations["Sigmoid"] = a function of x, ... (six keys)


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _elu(x, alpha):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


activations.update({
    "Sigmoid": _sigmoid,
    "LeakyReLU": lambda x: np.where(x > 0, x, 0.1 * x),
    "ReLU": lambda x: np.maximum(0, x),
    "ELU": lambda x: _elu(x, 0.5),
    "SeLU": lambda x: 1.0507 * _elu(x, 1.6732),
    "Tanh": np.tanh,
})

# --- cell given_activation_values -----------------------------------------------

def activation_values(name, x):
    """activations[name](x) as a float array (the tests call the zoo through this)."""
    return np.asarray(activations[name](x), dtype=float)
