'''Realistic wrong and correct implementations of every graded piece of ``layers``.

Each entry's ``code`` replaces the whole solution cell of ``function`` (a
class, a function, or the ``activations`` dict) in a submission built from the
release; the other solution cells hold the reference. The notebook has ``np``
imported and the given helpers (``param_name``, ``Network``, ``Model``,
``Optimizer``, ``FixedLayer``, ``FixedSequential``, ``prefill``,
``ScoresModel``, ``activation_values``) defined.

Every ``wrong`` entry must lose points in ``test_<function>``; every
``correct`` entry must get full marks in every cell, TinyNet's training included.
'''

from __future__ import annotations

from course_lib.mutation import Entry

ENTRIES: list = []


def wrong(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "wrong", name, description, code.strip() + "\n", also))


def correct(function: str, name: str, description: str, code: str, **also) -> None:
    ENTRIES.append(Entry(function, "correct", name, description, code.strip() + "\n", also))


# =============================================================================
# fc
# =============================================================================
def _fc(init="self.params = {self.w_name: init_scale * np.random.randn(input_dim, output_dim),\n"
             "                       self.b_name: np.zeros(output_dim)}",
        names='self.w_name, self.b_name = param_name(name, "w"), param_name(name, "b")',
        forward="self.meta = feat\n        return feat.reshape(feat.shape[0], -1) @ self.params[self.w_name] + self.params[self.b_name]",
        backward="flat = self.meta.reshape(self.meta.shape[0], -1)\n"
                 "        self.grads[self.w_name] = flat.T @ dprev\n"
                 "        self.grads[self.b_name] = dprev.sum(axis=0)\n"
                 "        return (dprev @ self.params[self.w_name].T).reshape(self.meta.shape)") -> str:
    return f'''
class fc:
    def __init__(self, input_dim, output_dim, init_scale=0.002, name="fc"):
        self.name = name
        {names}
        {init}
        self.grads = {{k: np.zeros_like(v) for k, v in self.params.items()}}
        self.meta = None

    def forward(self, feat):
        {forward}

    def backward(self, dprev):
        {backward}
'''


wrong("fc", "rand_not_randn", "uniform initial weights (np.random.rand)",
      _fc(init="self.params = {self.w_name: init_scale * np.random.rand(input_dim, output_dim),\n"
               "                       self.b_name: np.zeros(output_dim)}"))
wrong("fc", "transposed_weights", "w drawn as (output_dim, input_dim) and used transposed",
      _fc(init="self.params = {self.w_name: init_scale * np.random.randn(output_dim, input_dim).T,\n"
               "                       self.b_name: np.zeros(output_dim)}"))
wrong("fc", "no_bias_in_forward", "forgets the bias in forward",
      _fc(forward="self.meta = feat\n        return feat.reshape(feat.shape[0], -1) @ self.params[self.w_name]"))
wrong("fc", "db_mean", "db as the mean over the batch instead of the sum",
      _fc(backward="flat = self.meta.reshape(self.meta.shape[0], -1)\n"
                   "        self.grads[self.w_name] = flat.T @ dprev\n"
                   "        self.grads[self.b_name] = dprev.mean(axis=0)\n"
                   "        return (dprev @ self.params[self.w_name].T).reshape(self.meta.shape)"))
wrong("fc", "dfeat_flat", "returns dfeat flattened to (N, D) instead of the input's shape",
      _fc(backward="flat = self.meta.reshape(self.meta.shape[0], -1)\n"
                   "        self.grads[self.w_name] = flat.T @ dprev\n"
                   "        self.grads[self.b_name] = dprev.sum(axis=0)\n"
                   "        return dprev @ self.params[self.w_name].T"))
wrong("fc", "dw_divided_by_n", "divides dw by the batch size",
      _fc(backward="flat = self.meta.reshape(self.meta.shape[0], -1)\n"
                   "        self.grads[self.w_name] = flat.T @ dprev / flat.shape[0]\n"
                   "        self.grads[self.b_name] = dprev.sum(axis=0)\n"
                   "        return (dprev @ self.params[self.w_name].T).reshape(self.meta.shape)"))
wrong("fc", "names_without_underscore", "parameter names name + 'w' (no underscore)",
      _fc(names='self.w_name, self.b_name = name + "w", name + "b"'))
wrong("fc", "flatten_wrong_axis", "flattens with reshape(-1, N) then transposes (mixes samples)",
      _fc(forward="self.meta = feat\n        return feat.reshape(-1, feat.shape[0]).T @ self.params[self.w_name] + self.params[self.b_name]"))
wrong("fc", "bias_init_ones", "bias initialised to ones",
      _fc(init="self.params = {self.w_name: init_scale * np.random.randn(input_dim, output_dim),\n"
               "                       self.b_name: np.ones(output_dim)}"))
correct("fc", "dot_and_tensordot", "np.dot / np.tensordot formulation, flattening with np.prod of the shape", _fc(
    forward="self.meta = feat\n        x = np.reshape(feat, (feat.shape[0], int(np.prod(feat.shape[1:]))))\n"
            "        return np.dot(x, self.params[self.w_name]) + self.params[self.b_name]",
    backward="x = np.reshape(self.meta, (self.meta.shape[0], -1))\n"
             "        self.grads[self.w_name] = np.tensordot(x, dprev, axes=([0], [0]))\n"
             "        self.grads[self.b_name] = np.add.reduce(dprev, axis=0)\n"
             "        return np.dot(dprev, self.params[self.w_name].T).reshape(*self.meta.shape)"))
correct("fc", "cache_flat_and_shape", "caches the flattened input and the original shape", _fc(
    forward="self.meta = (feat.reshape(len(feat), -1), feat.shape)\n"
            "        return self.meta[0] @ self.params[self.w_name] + self.params[self.b_name]",
    backward="flat, shape = self.meta\n"
             "        self.grads[self.w_name] = flat.T @ dprev\n"
             "        self.grads[self.b_name] = np.sum(dprev, axis=0)\n"
             "        return (dprev @ self.params[self.w_name].T).reshape(shape)"))
correct("fc", "size_and_dict_literal", "draws w through np.random.normal(0, 1, size) * scale; names via f-strings", _fc(
    names='self.w_name = f"{name}_w"\n        self.b_name = f"{name}_b"',
    init="w = np.random.randn(input_dim, output_dim) * init_scale\n"
         "        self.params = dict([(self.w_name, w), (self.b_name, np.zeros((output_dim,)))])"))


# =============================================================================
# relu
# =============================================================================
def _relu(forward="self.meta = feat\n        return np.maximum(0, feat)",
          backward="return dprev * (self.meta > 0)") -> str:
    return f'''
class relu:
    def __init__(self, name="relu"):
        self.name = name
        self.params, self.grads, self.meta = {{}}, {{}}, None

    def forward(self, feat):
        {forward}

    def backward(self, dprev):
        {backward}
'''


wrong("relu", "passes_at_zero", "backward passes the gradient where feat >= 0 (zero included)",
      _relu(backward="return dprev * (self.meta >= 0)"))
wrong("relu", "forward_in_place", "clamps feat in place",
      _relu(forward="self.meta = feat.copy()\n        feat[feat < 0] = 0\n        return feat"))
wrong("relu", "backward_in_place", "zeroes dprev in place",
      _relu(backward="dprev[self.meta <= 0] = 0\n        return dprev"))
wrong("relu", "mask_from_output_of_dprev", "masks with dprev > 0 instead of feat > 0",
      _relu(backward="return dprev * (dprev > 0)"))
wrong("relu", "leaky", "a leaky ReLU (0.01 feat for negative feat)",
      _relu(forward="self.meta = feat\n        return np.where(feat > 0, feat, 0.01 * feat)"))
wrong("relu", "backward_returns_mask", "backward returns the mask, not dprev times the mask",
      _relu(backward="return (self.meta > 0).astype(float)"))
wrong("relu", "minimum", "np.minimum instead of np.maximum", _relu(forward="self.meta = feat\n        return np.minimum(0, feat)"))
correct("relu", "where", "np.where in both passes",
        _relu(forward="self.meta = feat\n        return np.where(feat > 0, feat, 0.0)",
              backward="return np.where(self.meta > 0, dprev, 0.0)"))
correct("relu", "cache_mask", "caches the boolean mask only",
        _relu(forward="self.meta = feat > 0\n        return feat * self.meta", backward="return dprev * self.meta"))
correct("relu", "abs_formula", "(x + |x|) / 2 and np.heaviside(x, 0)",
        _relu(forward="self.meta = feat\n        return (feat + np.abs(feat)) / 2",
              backward="return dprev * np.heaviside(self.meta, 0.0)"))


# =============================================================================
# dropout
# =============================================================================
def _dropout(draw="rng.rand(*feat.shape)", keep="u >= self.p", scale="1 / (1 - self.p)",
             rng="np.random.RandomState(self.seed) if self.seed is not None else np.random",
             passthrough="not is_Training or self.p == 0",
             backward="return dprev if self.meta is None else dprev * self.meta", init_rng="") -> str:
    return f'''
class dropout:
    def __init__(self, p, seed=None, name="dropout"):
        self.name, self.p, self.seed = name, p, seed
        self.params, self.grads, self.meta = {{}}, {{}}, None
        {init_rng or "pass"}

    def forward(self, feat, is_Training=True):
        if {passthrough}:
            self.meta = None
            return feat
        rng = {rng}
        u = {draw}
        self.meta = ({keep}) * ({scale})
        return feat * self.meta

    def backward(self, dprev):
        {backward}
'''


wrong("dropout", "keeps_with_prob_p", "keeps a unit where u < p (p taken as the keep probability)",
      _dropout(keep="u < self.p"))
wrong("dropout", "scale_by_p", "scales by 1 / p instead of 1 / (1 - p)", _dropout(scale="1 / self.p"))
wrong("dropout", "not_inverted", "no scaling of the kept units", _dropout(scale="1"))
wrong("dropout", "rng_created_once", "creates RandomState(seed) once in __init__ (masks differ between calls)",
      _dropout(rng="self.rng", init_rng="self.rng = np.random.RandomState(seed) if seed is not None else np.random"))
wrong("dropout", "seed_ignored", "always draws from the global generator", _dropout(rng="np.random"))
wrong("dropout", "drops_in_test_mode", "applies the mask in test mode too", _dropout(passthrough="self.p == 0"))
wrong("dropout", "backward_without_scale", "backward applies the mask but not the scaling",
      _dropout(backward="return dprev if self.meta is None else dprev * (self.meta > 0)"))
wrong("dropout", "binomial_draw", "draws the mask with rng.binomial (a different random stream)",
      _dropout(draw="1 - rng.binomial(1, self.p, size=feat.shape)", keep="u == 1"))
correct("dropout", "uniform", "rng.uniform(size=...) and a boolean mask kept with the scale apart", '''
class dropout:
    def __init__(self, p, seed=None, name="dropout"):
        self.name = name
        self.p = p
        self.seed = seed
        self.params = {}
        self.grads = {}
        self.meta = None

    def forward(self, feat, is_Training=True):
        if is_Training and self.p > 0:
            source = np.random if self.seed is None else np.random.RandomState(self.seed)
            mask = source.uniform(size=feat.shape) >= self.p
            self.meta = (mask, 1.0 / (1.0 - self.p))
            return np.where(mask, feat * self.meta[1], 0.0)
        self.meta = None
        return feat

    def backward(self, dprev):
        if self.meta is None:
            return dprev
        mask, scale = self.meta
        return np.where(mask, dprev * scale, 0.0)
''')
correct("dropout", "random_sample", "random_sample and division by (1 - p)", _dropout(
    draw="rng.random_sample(feat.shape)", keep="u >= self.p", scale="1", backward=
    "return dprev if self.meta is None else dprev * self.meta / (1 - self.p)").replace(
    "return feat * self.meta", "return feat * self.meta / (1 - self.p)"))
correct("dropout", "float_mask", "the mask as a float array from np.greater_equal", _dropout(
    keep="np.greater_equal(u, self.p).astype(feat.dtype)"))


# =============================================================================
# cross_entropy
# =============================================================================
def _ce(forward, backward="probs, label = self.meta\n        d = probs.copy()\n"
                          "        d[np.arange(len(label)), label] -= 1\n        return d / len(label)") -> str:
    return f'''
class cross_entropy:
    def __init__(self):
        self.meta = None

    def forward(self, feat, label):
        {forward}

    def backward(self):
        {backward}
'''


_STABLE = ("s = feat - feat.max(axis=1, keepdims=True)\n"
           "        p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)\n"
           "        self.meta = (p, label)\n")
wrong("cross_entropy", "not_stable", "softmax without subtracting the row maximum (overflows at 1000)", _ce(
    "p = np.exp(feat) / np.exp(feat).sum(axis=1, keepdims=True)\n        self.meta = (p, label)\n"
    "        return -np.mean(np.log(p[np.arange(len(label)), label]))"))
wrong("cross_entropy", "log_of_underflow", "stable softmax, then log of the probability (log 0 = -inf at -1000)", _ce(
    _STABLE + "        return -np.mean(np.log(p[np.arange(len(label)), label]))"))
wrong("cross_entropy", "sum_not_mean", "the summed loss instead of the mean", _ce(
    _STABLE + "        return -np.sum(np.log(p[np.arange(len(label)), label] + 1e-300))"))
wrong("cross_entropy", "backward_not_divided", "backward returns softmax - onehot without dividing by N", _ce(
    _STABLE + "        return -np.mean(np.log(p[np.arange(len(label)), label]))",
    "probs, label = self.meta\n        d = probs.copy()\n        d[np.arange(len(label)), label] -= 1\n        return d"))
wrong("cross_entropy", "global_max", "subtracts the global maximum (not per row): still overflows to log 0", _ce(
    "s = feat - feat.max()\n        p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)\n        self.meta = (p, label)\n"
    "        return -np.mean(np.log(p[np.arange(len(label)), label]))"))
wrong("cross_entropy", "backward_changes_cache", "backward subtracts the one-hot in the cached probabilities", _ce(
    "s = feat - feat.max(axis=1, keepdims=True)\n        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n"
    "        self.meta = (np.exp(logp), label)\n        return -np.mean(logp[np.arange(len(label)), label])",
    "probs, label = self.meta\n        probs[np.arange(len(label)), label] -= 1\n        return probs / len(label)"))
wrong("cross_entropy", "label_column_slice", "indexes p[:, label] (an N x N block) instead of p[i, label[i]]", _ce(
    "s = feat - feat.max(axis=1, keepdims=True)\n        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))\n"
    "        self.meta = (np.exp(logp), label)\n        return -np.mean(logp[:, label])"))
correct("cross_entropy", "logsumexp", "log-sum-exp with the row maximum; one-hot via np.eye", _ce(
    "m = np.max(feat, axis=1, keepdims=True)\n        lse = m + np.log(np.sum(np.exp(feat - m), axis=1, keepdims=True))\n"
    "        logp = feat - lse\n        self.meta = (np.exp(logp), label)\n"
    "        return float(-np.take_along_axis(logp, label[:, None], axis=1).mean())",
    "probs, label = self.meta\n        return (probs - np.eye(probs.shape[1])[label]) / probs.shape[0]"))
correct("cross_entropy", "cache_feat", "caches the scores and labels; backward recomputes the softmax", _ce(
    "self.meta = (feat, label)\n        z = feat - feat.max(axis=1)[:, None]\n"
    "        return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(feat.shape[0]), label]))",
    "feat, label = self.meta\n        z = np.exp(feat - feat.max(axis=1)[:, None])\n        p = z / z.sum(axis=1)[:, None]\n"
    "        p[np.arange(len(label)), label] -= 1\n        return p / len(label)"))
correct("cross_entropy", "onehot_sum", "one-hot matrix and sums instead of fancy indexing", _ce(
    "n, c = feat.shape\n        onehot = np.zeros((n, c))\n        onehot[np.arange(n), label] = 1\n"
    "        z = feat - feat.max(axis=1, keepdims=True)\n        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))\n"
    "        self.meta = (np.exp(logp), onehot)\n        return -(onehot * logp).sum() / n",
    "probs, onehot = self.meta\n        return (probs - onehot) / probs.shape[0]"))


# =============================================================================
# sequential
# =============================================================================
_SEQ_REST = '''
    def _owner(self, name):
        for layer in self.layers:
            if name in layer.params:
                return layer
        raise ValueError(name)

    def assign(self, name, val):
        self._owner(name).params[name] = val

    def assign_grads(self, name, val):
        self._owner(name).grads[name] = val

    def get_params(self, name):
        return self._owner(name).params[name]

    def get_grads(self, name):
        return self._owner(name).grads[name]

    def gather_params(self):
        self.params = {n: v for l in self.layers for n, v in l.params.items()}

    def gather_grads(self):
        self.grads = {n: v for l in self.layers for n, v in l.grads.items()}

    def load(self, pretrained):
        for name, value in pretrained.items():
            self.assign(name, value.copy())
            print(f"Loading Params: {name} Shape: {value.shape}")
'''

_SEQ_INIT = '''
class sequential:
    def __init__(self, *layers):
        self.layers = list(layers)
        names = [n for l in self.layers for n in l.params]
        if len(names) != len(set(names)):
            raise ValueError("duplicate parameter name")
        self.gather_params()
        self.gather_grads()
'''


def _seq(init=_SEQ_INIT, **replace) -> str:
    rest = _SEQ_REST
    for old, new in replace.items():
        rest = rest.replace(old.replace("_NL_", "\n"), new.replace("_NL_", "\n"))
    return init + rest


wrong("sequential", "no_duplicate_check", "lets a later layer overwrite a duplicate name silently", _seq(init='''
class sequential:
    def __init__(self, *layers):
        self.layers = list(layers)
        self.gather_params()
        self.gather_grads()
'''))
wrong("sequential", "layer_name_check", "checks duplicate LAYER names instead of parameter names", _seq(init='''
class sequential:
    def __init__(self, *layers):
        self.layers = list(layers)
        names = [l.name for l in self.layers if l.params]
        if len(names) != len(set(names)):
            raise ValueError("duplicate layer name")
        self.gather_params()
        self.gather_grads()
'''))
wrong("sequential", "key_error", "unknown names raise KeyError (dict lookup) instead of ValueError",
      _seq(**{"raise ValueError(name)": "return self.layers[0].params[name] and None"}).replace(
          "return self._owner(name).params[name]", "return self.params[name]"))
wrong("sequential", "get_params_stale", "get_params reads the gathered dict (stale after assign)",
      _seq(**{"return self._owner(name).params[name]": "return self.params[name]"}))
wrong("sequential", "assign_grads_into_params", "assign_grads writes into the layer's params",
      _seq(**{"self._owner(name).grads[name] = val": "self._owner(name).params[name] = val"}))
wrong("sequential", "load_no_copy", "load assigns the given arrays themselves, not copies",
      _seq(**{"self.assign(name, value.copy())": "self.assign(name, value)"}))
wrong("sequential", "load_prints_wrong", "load prints 'Loading <name> <shape>'",
      _seq(**{'print(f"Loading Params: {name} Shape: {value.shape}")': 'print(f"Loading {name} {value.shape}")'}))
wrong("sequential", "gather_grads_from_params", "gather_grads copies the parameters",
      _seq(**{"self.grads = {n: v for l in self.layers for n, v in l.grads.items()}":
              "self.grads = {n: v for l in self.layers for n, v in l.params.items()}"}))
correct("sequential", "index_map", "a name -> layer index map built at construction (as in the original)", '''
class sequential:
    def __init__(self, *layers):
        self.layers = list(layers)
        self.params, self.grads, self.index = {}, {}, {}
        for i, layer in enumerate(self.layers):
            for n, v in layer.params.items():
                if n in self.index:
                    raise ValueError(f"Existing name {n}!")
                self.index[n] = i
                self.params[n] = v
            for n, v in layer.grads.items():
                self.grads[n] = v

    def _layer(self, name):
        for i, layer in enumerate(self.layers):
            if name in layer.params:
                return layer
        raise ValueError(f"unknown parameter {name}")

    def assign(self, name, val):
        self._layer(name).params[name] = val

    def assign_grads(self, name, val):
        self._layer(name).grads[name] = val

    def get_params(self, name):
        return self._layer(name).params[name]

    def get_grads(self, name):
        return self._layer(name).grads[name]

    def gather_params(self):
        for layer in self.layers:
            for n, v in layer.params.items():
                self.params[n] = v

    def gather_grads(self):
        for layer in self.layers:
            for n, v in layer.grads.items():
                self.grads[n] = v

    def load(self, pretrained):
        for n in pretrained:
            self.assign(n, np.copy(pretrained[n]))
            print("Loading Params: {} Shape: {}".format(n, pretrained[n].shape))
''')
correct("sequential", "assign_refreshes", "assign and load also refresh the gathered dicts",
        _seq(**{"self._owner(name).params[name] = val": "self._owner(name).params[name] = val_NL_        self.gather_params()"}))
correct("sequential", "counter_check", "duplicates found with collections.Counter; copies with np.array(copy=True)", _seq(init='''
class sequential:
    def __init__(self, *layers):
        from collections import Counter
        self.layers = [layer for layer in layers]
        counts = Counter(n for l in self.layers for n in l.params)
        duplicates = [n for n, k in counts.items() if k > 1]
        if duplicates:
            raise ValueError(f"duplicate parameter names: {duplicates}")
        self.params, self.grads = {}, {}
        self.gather_params()
        self.gather_grads()
''', **{"self.assign(name, value.copy())": "self.assign(name, np.array(value, copy=True))"}))


# =============================================================================
# TestFCReLU and SmallFullyConnectedNetwork
# =============================================================================
def _net(cls, body) -> str:
    return f'''
class {cls}(Network):
    def __init__(self):
        {body}
'''


wrong("TestFCReLU", "default_name", "fc without the name my_fc", _net("TestFCReLU", "self.net = sequential(fc(12, 10), relu())"))
wrong("TestFCReLU", "swapped_dims", "fc(10, 12)", _net("TestFCReLU", 'self.net = sequential(fc(10, 12, name="my_fc"), relu())'))
wrong("TestFCReLU", "no_relu", "forgets the relu", _net("TestFCReLU", 'self.net = sequential(fc(12, 10, name="my_fc"))'))
wrong("TestFCReLU", "relu_first", "relu before the fc", _net("TestFCReLU", 'self.net = sequential(relu(), fc(12, 10, name="my_fc"))'))
wrong("TestFCReLU", "init_scale", "init_scale 0.02 instead of the default", _net("TestFCReLU",
      'self.net = sequential(fc(12, 10, init_scale=0.02, name="my_fc"), relu())'))
wrong("TestFCReLU", "name_with_w", "fc named my_fc_w (parameters my_fc_w_w ...)", _net("TestFCReLU",
      'self.net = sequential(fc(12, 10, name="my_fc_w"), relu())'))
wrong("TestFCReLU", "layers_as_list", "passes a list of layers as ONE argument", _net("TestFCReLU",
      'self.net = sequential([fc(12, 10, name="my_fc"), relu()])'))
correct("TestFCReLU", "keyword_args", "keyword arguments everywhere", _net("TestFCReLU",
        'self.net = sequential(fc(input_dim=12, output_dim=10, init_scale=0.002, name="my_fc"), relu(name="my_relu"))'))
correct("TestFCReLU", "layers_first", "builds the layers first, then the sequential", _net("TestFCReLU",
        'layers = [fc(12, 10, name="my_fc"), relu()]\n        self.net = sequential(*layers)'))
correct("TestFCReLU", "extra_attributes", "keeps the layers as attributes too", _net("TestFCReLU",
        'self.fc = fc(3 * 4, 10, name="my" + "_fc")\n        self.act = relu("relu1")\n        self.net = sequential(self.fc, self.act)'))

_SMALL = ('self.net = sequential(fc(4, 30, init_scale=0.02, name="fc1"), relu(name="relu1"),\n'
          '                              fc(30, 7, init_scale=0.02, name="fc2"), relu(name="relu2"))')
wrong("SmallFullyConnectedNetwork", "default_init_scale", "default init_scale 0.002", _net("SmallFullyConnectedNetwork",
      _SMALL.replace("init_scale=0.02, ", "")))
wrong("SmallFullyConnectedNetwork", "no_last_relu", "no relu after fc2", _net("SmallFullyConnectedNetwork",
      _SMALL.replace(', relu(name="relu2")', "")))
wrong("SmallFullyConnectedNetwork", "created_in_reverse", "creates fc2 before fc1 (the draws swap)", _net(
      "SmallFullyConnectedNetwork", 'second = fc(30, 7, init_scale=0.02, name="fc2")\n'
      '        first = fc(4, 30, init_scale=0.02, name="fc1")\n'
      '        self.net = sequential(first, relu(name="relu1"), second, relu(name="relu2"))'))
wrong("SmallFullyConnectedNetwork", "hidden_20", "hidden width 20", _net("SmallFullyConnectedNetwork",
      _SMALL.replace("30", "20")))
wrong("SmallFullyConnectedNetwork", "names_1_2", "layers named layer1/layer2", _net("SmallFullyConnectedNetwork",
      _SMALL.replace('"fc1"', '"layer1"').replace('"fc2"', '"layer2"')))
wrong("SmallFullyConnectedNetwork", "init_scale_0_2", "init_scale 0.2", _net("SmallFullyConnectedNetwork",
      _SMALL.replace("0.02", "0.2")))
correct("SmallFullyConnectedNetwork", "list_of_layers", "a list, unpacked", _net("SmallFullyConnectedNetwork",
        'layers = [fc(4, 30, 0.02, "fc1"), relu("r1"), fc(30, 7, 0.02, "fc2"), relu("r2")]\n'
        '        self.net = sequential(*layers)'))
correct("SmallFullyConnectedNetwork", "loop_built", "built in a loop over the sizes", _net("SmallFullyConnectedNetwork",
        'sizes = [4, 30, 7]\n        layers = []\n        for i in range(2):\n'
        '            layers += [fc(sizes[i], sizes[i + 1], init_scale=0.02, name=f"fc{i + 1}"), relu(name=f"relu{i + 1}")]\n'
        '        self.net = sequential(*layers)'))
correct("SmallFullyConnectedNetwork", "keywords", "keyword arguments and default relu names", _net(
        "SmallFullyConnectedNetwork", 'fc1 = fc(input_dim=4, output_dim=30, init_scale=2e-2, name="fc1")\n'
        '        fc2 = fc(input_dim=30, output_dim=7, init_scale=2e-2, name="fc2")\n'
        '        self.net = sequential(fc1, relu(), fc2, relu())'))


# =============================================================================
# optimisers
# =============================================================================
def _opt(cls, signature, init, update, pre="") -> str:
    return f'''
class {cls}(Optimizer):
    def __init__(self, {signature}):
        {init}

    def step(self):
        {pre or "pass"}
        for layer in self.net.layers:
            for n, w in layer.params.items():
                dw = layer.grads[n]
                {update}
'''


_SGD_SIG, _SGD_INIT = "net, lr=1e-4", "super().__init__(net, lr)"
wrong("SGD", "ascent", "adds the gradient", _opt("SGD", _SGD_SIG, _SGD_INIT, "layer.params[n] = w + self.lr * dw"))
wrong("SGD", "no_lr", "forgets the learning rate", _opt("SGD", _SGD_SIG, _SGD_INIT, "layer.params[n] = w - dw"))
wrong("SGD", "default_lr", "default learning rate 1e-3", _opt("SGD", "net, lr=1e-3", _SGD_INIT, "layer.params[n] = w - self.lr * dw"))
wrong("SGD", "local_rebind", "rebinds a local name only", _opt("SGD", _SGD_SIG, _SGD_INIT, "w = w - self.lr * dw"))
wrong("SGD", "params_cached_in_init", "collects the layers' dicts in __init__ (misses replaced dicts)", '''
class SGD(Optimizer):
    def __init__(self, net, lr=1e-4):
        super().__init__(net, lr)
        self.pairs = [(layer.params, layer.grads) for layer in net.layers]

    def step(self):
        for params, grads in self.pairs:
            for n in params:
                params[n] = params[n] - self.lr * grads[n]
''')
wrong("SGD", "first_layer_only", "updates only the first layer", '''
class SGD(Optimizer):
    def __init__(self, net, lr=1e-4):
        super().__init__(net, lr)

    def step(self):
        layer = self.net.layers[0]
        for n in layer.params:
            layer.params[n] = layer.params[n] - self.lr * layer.grads[n]
''')
wrong("SGD", "weights_only", "skips the biases", _opt("SGD", _SGD_SIG, _SGD_INIT,
      "if n.endswith('_w'):\n                    layer.params[n] = w - self.lr * dw"))
correct("SGD", "in_place", "in-place update with -=", _opt("SGD", _SGD_SIG, _SGD_INIT, "w -= self.lr * dw"))
correct("SGD", "np_subtract_out", "np.subtract with out=", _opt("SGD", _SGD_SIG, "self.net = net\n        self.lr = lr",
        "np.subtract(w, self.lr * dw, out=w)"))
correct("SGD", "dict_update", "builds the new dict, then update()", '''
class SGD(Optimizer):
    def __init__(self, net, lr=1e-4):
        super().__init__(net, lr)

    def step(self):
        for layer in self.net.layers:
            layer.params.update({n: layer.params[n] - self.lr * layer.grads[n] for n in list(layer.params)})
''')

_M_SIG = "net, lr=1e-4, momentum=0.0"
_M_INIT = "super().__init__(net, lr)\n        self.momentum = momentum\n        self.velocity = {}"
_M_UPD = ("v = self.momentum * self.velocity.get(n, np.zeros_like(w)) - self.lr * dw\n"
          "                self.velocity[n] = v\n                layer.params[n] = w + v")
wrong("SGDM", "plus_lr", "v = momentum v + lr dw, w -= v (sign flipped state)", _opt("SGDM", _M_SIG, _M_INIT,
      "v = self.momentum * self.velocity.get(n, np.zeros_like(w)) + self.lr * dw\n"
      "                self.velocity[n] = v\n                layer.params[n] = w - v"))
wrong("SGDM", "reset_prefill", "creates the velocity at the first step, overwriting a pre-filled one", _opt(
      "SGDM", _M_SIG, "super().__init__(net, lr)\n        self.momentum = momentum\n        self.velocity = {}",
      "if self.net.layers.index(layer) == 0 and n not in getattr(self, '_seen', set()):\n"
      "                    self.velocity[n] = np.zeros_like(w)\n"
      "                    self._seen = getattr(self, '_seen', set()) | {n}\n" + " " * 16 + _M_UPD.replace(
          "self.velocity.get(n, np.zeros_like(w))", "self.velocity.setdefault(n, np.zeros_like(w))")))
wrong("SGDM", "default_momentum", "default momentum 0.9", _opt("SGDM", "net, lr=1e-4, momentum=0.9", _M_INIT, _M_UPD))
wrong("SGDM", "old_velocity", "updates w with the old velocity", _opt("SGDM", _M_SIG, _M_INIT,
      "old = self.velocity.get(n, np.zeros_like(w))\n                self.velocity[n] = self.momentum * old - self.lr * dw\n"
      "                layer.params[n] = w + old"))
wrong("SGDM", "one_minus_momentum", "v = momentum v - (1 - momentum) lr dw", _opt("SGDM", _M_SIG, _M_INIT,
      "v = self.momentum * self.velocity.get(n, np.zeros_like(w)) - (1 - self.momentum) * self.lr * dw\n"
      "                self.velocity[n] = v\n                layer.params[n] = w + v"))
wrong("SGDM", "state_not_kept", "velocity not stored", _opt("SGDM", _M_SIG, _M_INIT,
      "v = self.momentum * self.velocity.get(n, np.zeros_like(w)) - self.lr * dw\n                layer.params[n] = w + v"))
wrong("SGDM", "keyed_by_layer", "one velocity per layer name (parameters of a layer collide)", _opt("SGDM", _M_SIG, _M_INIT,
      "key = layer.name\n                v = self.momentum * self.velocity.get(key, np.zeros_like(w)) - self.lr * dw\n"
      "                self.velocity[key] = v\n                layer.params[n] = w + v"))
correct("SGDM", "in_place", "in-place updates; velocity via setdefault", _opt("SGDM", _M_SIG, _M_INIT,
        "v = self.velocity.setdefault(n, np.zeros_like(w))\n                v *= self.momentum\n"
        "                v -= self.lr * dw\n                w += v"))
correct("SGDM", "if_missing", "explicit 'if n not in' check", _opt("SGDM", _M_SIG,
        "self.net, self.lr, self.momentum = net, lr, momentum\n        self.velocity = dict()",
        "if n not in self.velocity:\n                    self.velocity[n] = np.zeros(w.shape)\n"
        "                self.velocity[n] = self.momentum * self.velocity[n] - self.lr * dw\n"
        "                layer.params[n] = w + self.velocity[n]"))
correct("SGDM", "rebind_state", "rebinds a new state array each step", _opt("SGDM", _M_SIG, _M_INIT,
        "prev = self.velocity[n] if n in self.velocity else 0.0 * w\n"
        "                self.velocity[n] = np.add(self.momentum * prev, -self.lr * dw)\n"
        "                layer.params[n] = np.add(w, self.velocity[n])"))

_R_SIG = "net, lr=1e-2, decay=0.99, eps=1e-8"
_R_INIT = "super().__init__(net, lr)\n        self.decay, self.eps = decay, eps\n        self.cache = {}"


def _rms(cache_expr="self.decay * self.cache.get(n, np.zeros_like(w)) + (1 - self.decay) * dw ** 2",
         step="w - self.lr * dw / (np.sqrt(c) + self.eps)", sig=_R_SIG, init=_R_INIT, store=True):
    return _opt("RMSProp", sig, init, f"c = {cache_expr}\n" + ("                self.cache[n] = c\n" if store else "")
                + f"                layer.params[n] = {step}")


wrong("RMSProp", "eps_inside", "eps inside the square root", _rms(step="w - self.lr * dw / np.sqrt(c + self.eps)"))
wrong("RMSProp", "swapped_decay", "c = (1 - decay) c + decay dw**2",
      _rms("(1 - self.decay) * self.cache.get(n, np.zeros_like(w)) + self.decay * dw ** 2"))
wrong("RMSProp", "no_sqrt", "divides by c + eps", _rms(step="w - self.lr * dw / (c + self.eps)"))
wrong("RMSProp", "abs_not_square", "accumulates |dw|", _rms("self.decay * self.cache.get(n, np.zeros_like(w)) + (1 - self.decay) * np.abs(dw)"))
wrong("RMSProp", "default_decay", "default decay 0.9", _rms(sig="net, lr=1e-2, decay=0.9, eps=1e-8"))
wrong("RMSProp", "state_not_kept", "cache not stored", _rms(store=False))
wrong("RMSProp", "eps_ignored", "hard-codes eps 1e-8 (ignores the argument)", _rms(step="w - self.lr * dw / (np.sqrt(c) + 1e-8)"))
correct("RMSProp", "in_place", "in-place state and parameter updates", _opt("RMSProp", _R_SIG, _R_INIT,
        "c = self.cache.setdefault(n, np.zeros_like(w))\n                c *= self.decay\n"
        "                c += (1 - self.decay) * np.square(dw)\n                w -= self.lr * dw / (np.sqrt(c) + self.eps)"))
correct("RMSProp", "lerp_form", "c += (1 - decay)(dw^2 - c)", _rms(
    "self.cache.get(n, np.zeros_like(w)) + (1 - self.decay) * (dw * dw - self.cache.get(n, np.zeros_like(w)))"))
correct("RMSProp", "power_half", "c ** 0.5 and explicit attributes", _rms(
    step="w - self.lr * dw / (c ** 0.5 + self.eps)",
    init="self.net = net\n        self.lr = lr\n        self.decay = decay\n        self.eps = eps\n        self.cache = {}"))

_A_SIG = "net, lr=1e-3, beta1=0.9, beta2=0.999, t=0, eps=1e-8"
_A_INIT = ("super().__init__(net, lr)\n        self.beta1, self.beta2, self.t, self.eps = beta1, beta2, t, eps\n"
           "        self.mt, self.vt = {}, {}")


def _adam(m="self.beta1 * self.mt.get(n, np.zeros_like(w)) + (1 - self.beta1) * dw",
          v="self.beta2 * self.vt.get(n, np.zeros_like(w)) + (1 - self.beta2) * dw ** 2",
          mhat="m / (1 - self.beta1 ** self.t)", vhat="v / (1 - self.beta2 ** self.t)",
          step="w - self.lr * mh / (np.sqrt(vh) + self.eps)", pre="self.t += 1", sig=_A_SIG, init=_A_INIT, inner=""):
    return _opt("Adam", sig, init, f"{inner}m = {m}\n                v = {v}\n                self.mt[n], self.vt[n] = m, v\n"
                f"                mh = {mhat}\n                vh = {vhat}\n                layer.params[n] = {step}", pre=pre)


wrong("Adam", "no_bias_correction", "no bias correction", _adam(mhat="m", vhat="v"))
wrong("Adam", "t_per_parameter", "t += 1 for every parameter instead of once per step", _adam(pre="pass", inner="self.t += 1\n                "))
wrong("Adam", "t_after_update", "increments t after the update (first correction divides by 0)", _adam(
    pre="self.t = self.t", mhat="m / (1 - self.beta1 ** (self.t + 1))", vhat="v / (1 - self.beta2 ** self.t + 1e-300)"))
wrong("Adam", "eps_inside", "eps inside the square root", _adam(step="w - self.lr * mh / np.sqrt(vh + self.eps)"))
wrong("Adam", "swapped_betas", "beta2 for the first moment, beta1 for the second", _adam(
    m="self.beta2 * self.mt.get(n, np.zeros_like(w)) + (1 - self.beta2) * dw",
    v="self.beta1 * self.vt.get(n, np.zeros_like(w)) + (1 - self.beta1) * dw ** 2",
    mhat="m / (1 - self.beta2 ** self.t)", vhat="v / (1 - self.beta1 ** self.t)"))
wrong("Adam", "ignores_t_argument", "starts t at 0 whatever the constructor says", _adam(init=_A_INIT.replace(
    "self.t, self.eps = beta1, beta2, t, eps", "self.t, self.eps = beta1, beta2, 0, eps")))
wrong("Adam", "corrected_state_stored", "stores the bias-corrected moments as the state", _adam(
    m="(self.beta1 * self.mt.get(n, np.zeros_like(w)) + (1 - self.beta1) * dw) / (1 - self.beta1 ** self.t)",
    v="(self.beta2 * self.vt.get(n, np.zeros_like(w)) + (1 - self.beta2) * dw ** 2) / (1 - self.beta2 ** self.t)",
    mhat="m", vhat="v"))
correct("Adam", "in_place", "in-place moment updates with setdefault", _opt("Adam", _A_SIG, _A_INIT,
        "m = self.mt.setdefault(n, np.zeros_like(w))\n                v = self.vt.setdefault(n, np.zeros_like(w))\n"
        "                m *= self.beta1\n                m += (1 - self.beta1) * dw\n"
        "                v *= self.beta2\n                v += (1 - self.beta2) * dw * dw\n"
        "                w -= self.lr * (m / (1 - self.beta1 ** self.t)) / (np.sqrt(v / (1 - self.beta2 ** self.t)) + self.eps)",
        pre="self.t += 1"))
correct("Adam", "folded_step_size", "folds the corrections into the step size (same maths, eps scaled accordingly)", _adam(
    mhat="m", vhat="v / (1 - self.beta2 ** self.t)", step="w - (self.lr / (1 - self.beta1 ** self.t)) * mh / (np.sqrt(vh) + self.eps)"))
correct("Adam", "explicit_attributes", "attributes one by one, t read into a local", _adam(
    init="self.net = net\n        self.lr = lr\n        self.beta1 = beta1\n        self.beta2 = beta2\n"
         "        self.t = t\n        self.eps = eps\n        self.mt = {}\n        self.vt = {}",
    pre="self.t = self.t + 1\n        t = self.t", mhat="m / (1.0 - np.power(self.beta1, t))",
    vhat="v / (1.0 - np.power(self.beta2, t))"))


# =============================================================================
# compute_acc
# =============================================================================
def _acc(body, signature="model, data, labels, num_samples=None, batch_size=100") -> str:
    return f'''
def compute_acc({signature}):
    {body}
'''


_ACC_LOOP = ("preds = []\n    for s in range(0, len(data), batch_size):\n"
             "        preds.append(np.argmax(model.forward(data[s:s + batch_size], is_Training=False), axis=1))\n"
             "    return float(np.mean(np.concatenate(preds) == labels))")
wrong("compute_acc", "training_mode", "forward in training mode", _acc(
    "if num_samples is not None:\n        data, labels = data[:num_samples], labels[:num_samples]\n    "
    + _ACC_LOOP.replace("is_Training=False", "is_Training=True")))
wrong("compute_acc", "drops_last_batch", "N // batch_size batches (drops the last partial one)", _acc(
    "if num_samples is not None:\n        data, labels = data[:num_samples], labels[:num_samples]\n"
    "    n = (len(data) // batch_size) * batch_size\n    data, labels = data[:n], labels[:n]\n    " + _ACC_LOOP))
wrong("compute_acc", "argmax_axis0", "argmax over axis 0", _acc(
    "if num_samples is not None:\n        data, labels = data[:num_samples], labels[:num_samples]\n    "
    + _ACC_LOOP.replace("axis=1", "axis=0").replace("np.concatenate(preds) == labels",
                                                     "np.concatenate(preds)[:len(labels)] == labels[:len(np.concatenate(preds))]")))
wrong("compute_acc", "one_batch", "one forward on everything (ignores batch_size)", _acc(
    "if num_samples is not None:\n        data, labels = data[:num_samples], labels[:num_samples]\n"
    "    return float(np.mean(np.argmax(model.forward(data, is_Training=False), axis=1) == labels))"))
wrong("compute_acc", "random_subset", "num_samples drawn at random (np.random.choice)", _acc(
    "if num_samples is not None and num_samples < len(data):\n        idx = np.random.choice(len(data), num_samples)\n"
    "        data, labels = data[idx], labels[idx]\n    " + _ACC_LOOP))
wrong("compute_acc", "error_rate", "returns the error rate", _acc(
    "if num_samples is not None:\n        data, labels = data[:num_samples], labels[:num_samples]\n    "
    + _ACC_LOOP.replace("np.concatenate(preds) == labels", "np.concatenate(preds) != labels")))
wrong("compute_acc", "argmin", "argmin instead of argmax", _acc(
    "if num_samples is not None:\n        data, labels = data[:num_samples], labels[:num_samples]\n    "
    + _ACC_LOOP.replace("np.argmax", "np.argmin")))
correct("compute_acc", "count_correct", "counts correct predictions batch by batch", _acc(
    "n = len(data) if num_samples is None else min(num_samples, len(data))\n    correct = 0\n"
    "    for start in range(0, n, batch_size):\n        stop = min(start + batch_size, n)\n"
    "        out = model.forward(data[start:stop], False)\n        correct += int(np.sum(out.argmax(axis=1) == labels[start:stop]))\n"
    "    return correct / n"))
correct("compute_acc", "num_batches", "the original's num_batches arithmetic with hstack", _acc(
    "N = data.shape[0]\n    if num_samples is not None and N > num_samples:\n        N = num_samples\n"
    "        data, labels = data[:N], labels[:N]\n    num_batches = N // batch_size\n    if N % batch_size != 0:\n"
    "        num_batches += 1\n    preds = []\n    for i in range(num_batches):\n"
    "        output = model.forward(data[i * batch_size:(i + 1) * batch_size], is_Training=False)\n"
    "        preds.append(np.argmax(output, axis=1))\n    return float(np.mean(np.hstack(preds) == labels))"))
correct("compute_acc", "array_split", "np.array_split into ceil(N / batch_size) chunks", _acc(
    "if num_samples:\n        data, labels = data[:num_samples], labels[:num_samples]\n"
    "    k = -(-len(data) // batch_size)\n    chunks = [data[i * batch_size:(i + 1) * batch_size] for i in range(k)]\n"
    "    preds = np.concatenate([model.forward(c, is_Training=False).argmax(1) for c in chunks])\n"
    "    return float((preds == labels).mean())"))


# =============================================================================
# train_net
# =============================================================================
_TRAIN = '''
def train_net(data, model, loss_func, optimizer, batch_size, max_epochs, show_every=10, verbose=False):
    X, y = data["data_train"]
    Xv, yv = data["data_val"]
    n = len(X)
    opt_params, best = None, -1.0
    loss_hist, train_acc_hist, val_acc_hist = [], [], []
    for epoch in range(max_epochs):
        SHUFFLE
        for start in STARTS:
            idx = order[start:start + batch_size]
            out = model.forward(X[idx])
            loss = loss_func.forward(out, y[idx])
            model.backward(loss_func.backward())
            optimizer.step()
            loss_hist.append(float(loss))
        train_acc = compute_acc(model, TRAIN_X, TRAIN_Y)
        val_acc = compute_acc(model, Xv, yv)
        train_acc_hist.append(train_acc)
        val_acc_hist.append(val_acc)
        if val_acc BETTER best:
            best = val_acc
            model.net.gather_params()
            opt_params = COPY
    return opt_params, loss_hist, train_acc_hist, val_acc_hist
'''


def _train(shuffle="order = np.random.permutation(n)", starts="range(0, n, batch_size)", train_x="X[:1000]",
           train_y="y[:1000]", better=">", copy="{k: v.copy() for k, v in model.net.params.items()}") -> str:
    return (_TRAIN.replace("SHUFFLE", shuffle).replace("STARTS", starts).replace("TRAIN_X", train_x)
            .replace("TRAIN_Y", train_y).replace("BETTER", better).replace("COPY", copy))


wrong("train_net", "drops_partial_batch", "skips the last partial minibatch", _train(starts="range(0, n - batch_size + 1, batch_size)"))
wrong("train_net", "no_shuffle", "never shuffles", _train(shuffle="order = np.arange(n)"))
wrong("train_net", "shuffle_once", "shuffles once before the first epoch only",
      _train(shuffle="order = np.random.permutation(n) if epoch == 0 else order"))
wrong("train_net", "no_copy", "keeps references to the live parameters, not copies",
      _train(copy="dict(model.net.params)"))
wrong("train_net", "last_best", "the last epoch reaching the best accuracy (>=)", _train(better=">="))
wrong("train_net", "random_train_subset", "measures the training accuracy on 1000 random samples",
      _train(train_x="X[np.random.choice(n, min(n, 1000))]", train_y="y[np.random.choice(n, min(n, 1000))]"))
wrong("train_net", "train_acc_on_all", "training accuracy on the whole training set", _train(train_x="X", train_y="y"))
wrong("train_net", "shuffle_with_choice_replace", "samples minibatches with replacement", _train(
    shuffle="order = np.random.choice(n, n)"))
correct("train_net", "shuffle_in_place", "np.random.shuffle of an index array (same draws as permutation)",
        _train(shuffle="order = np.arange(n)\n        np.random.shuffle(order)"))
correct("train_net", "num_batches", "the original's iterations-per-epoch arithmetic and deepcopy", _train(
    starts="[i * batch_size for i in range(int(np.ceil(n / batch_size)))]",
    copy="__import__('copy').deepcopy(model.net.params)"))
correct("train_net", "copy_via_array", "copies with np.array and slices the first min(n, 1000) explicitly", _train(
    train_x="X[:min(n, 1000)]", train_y="y[:min(n, 1000)]",
    copy="{k: np.array(v) for k, v in model.net.params.items()}"))


# =============================================================================
# activations
# =============================================================================
_ZOO = {
    "Sigmoid": "lambda x: np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))",
    "LeakyReLU": "lambda x: np.where(x > 0, x, 0.1 * x)",
    "ReLU": "lambda x: np.maximum(0, x)",
    "ELU": "lambda x: np.where(x > 0, x, 0.5 * (np.exp(np.minimum(x, 0)) - 1))",
    "SeLU": "lambda x: 1.0507 * np.where(x > 0, x, 1.6732 * (np.exp(np.minimum(x, 0)) - 1))",
    "Tanh": "np.tanh",
}


def _zoo(prefix="", **changes) -> str:
    entries = dict(_ZOO, **changes)
    body = ",\n".join(f"    {k!r}: {v}" for k, v in entries.items())
    return f"{prefix}\nactivations = {{\n{body},\n}}\n"


wrong("activations", "naive_tanh", "tanh as (e^x - e^-x) / (e^x + e^-x) (nan at 1000)",
      _zoo(Tanh="lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))"))
wrong("activations", "naive_sigmoid", "1 / (1 + e^-x) (overflow warning at -1000)", _zoo(Sigmoid="lambda x: 1 / (1 + np.exp(-x))"))
wrong("activations", "elu_where_overflow", "ELU with np.where(x > 0, x, alpha (e^x - 1)) (overflow warning at 1000)",
      _zoo(ELU="lambda x: np.where(x > 0, x, 0.5 * (np.exp(x) - 1))"))
wrong("activations", "selu_scale_outside_negative", "SELU scale only on the positive side",
      _zoo(SeLU="lambda x: np.where(x > 0, 1.0507 * x, 1.6732 * (np.exp(np.minimum(x, 0)) - 1))"))
wrong("activations", "leaky_alpha_001", "leaky ReLU with alpha 0.01", _zoo(LeakyReLU="lambda x: np.where(x > 0, x, 0.01 * x)"))
wrong("activations", "elu_alpha_1", "ELU with alpha 1", _zoo(ELU="lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))"))
wrong("activations", "shadows_relu", "defines relu = lambda x: ... (replaces the relu class)",
      _zoo(prefix="relu = lambda x: np.maximum(0, x)", ReLU="relu"))
wrong("activations", "sigmoid_clip_large", "sigmoid as (1 + tanh(x)) / 2 (forgets the x / 2)",
      _zoo(Sigmoid="lambda x: 0.5 * (1 + np.tanh(x))"))
correct("activations", "expit_forms", "sigmoid via tanh, ELU via expm1, scale factored", _zoo(
    Sigmoid="lambda x: 0.5 * (1 + np.tanh(x / 2))",
    ELU="lambda x: np.where(x > 0, x, 0.5 * np.expm1(np.clip(x, None, 0)))",
    SeLU="lambda x: 1.0507 * (np.maximum(x, 0) + np.minimum(0, 1.6732 * np.expm1(np.minimum(x, 0))))"))
correct("activations", "named_functions", "named functions, leaky ReLU via maximum", '''
def sigmoid_fn(x):
    out = np.empty_like(x, dtype=float)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out


def elu_fn(x, alpha=0.5):
    neg = np.minimum(x, 0)
    return np.maximum(x, 0) + alpha * (np.exp(neg) - 1)


activations = {
    "Sigmoid": sigmoid_fn,
    "LeakyReLU": lambda x: np.maximum(x, 0.1 * x),
    "ReLU": lambda x: x * (x > 0),
    "ELU": elu_fn,
    "SeLU": lambda x: 1.0507 * elu_fn(x, 1.6732),
    "Tanh": lambda x: 2 / (1 + np.exp(-2 * np.clip(x, -350, 350))) - 1,
}
''')
correct("activations", "errstate_where", "the textbook formulas guarded by np.errstate and nan_to_num where needed", _zoo(
    prefix="def _guarded(f):\n    def g(x):\n        with np.errstate(over='ignore', invalid='ignore'):\n"
           "            return f(x)\n    return g\n",
    Sigmoid="_guarded(lambda x: np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x))))",
    ELU="_guarded(lambda x: np.where(x > 0, x, 0.5 * (np.exp(x) - 1)))",
    SeLU="_guarded(lambda x: 1.0507 * np.where(x > 0, x, 1.6732 * (np.exp(x) - 1)))"))
