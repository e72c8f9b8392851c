"""Hidden tests of the ``layers`` assignment, as data-only object-aware cases.

The graded pieces are mostly classes. Each case constructs the student's
objects in the sandbox (``new``), calls their methods in sequence
(``method``) and reads the state they keep (``attr``: ``params``, ``grads``,
``velocity``, ``cache``, ``mt``/``vt``/``t``, ...); the trusted grader replays
the same case with ``solutions.layers`` and compares the records.

Independence: the ``sequential`` cases use the given ``FixedLayer`` and the
optimiser cases a ``FixedSequential`` of ``FixedLayer`` s, and ``compute_acc``
runs on the given ``ScoresModel``, so a broken ``fc`` costs only its own cell
there. ``train_net`` needs a real network: its cases use the student's ``fc``,
``sequential``, ``cross_entropy`` and ``SGD``/``SGDM``.

Every suite builds fresh inputs from the ``numpy.random.Generator`` it is
given; steps that draw from numpy's global RNG (an ``fc`` drawing its weights,
a dropout without seed, the shuffling of ``train_net``) are seeded by the case
(``seed=``) and probed (``rng_probe=True``). Shapes include N = 1. The spec's
edge cases: a layer whose ``params`` dict is replaced by one with no bias, pre-filled
state dicts, duplicate and unknown parameter names (``ValueError``), a seeded
dropout giving the same mask on every call, a last partial minibatch, scores of
+-1000, activations at 0 and |x| up to 1000. Where the spec leaves a choice
(what ``meta`` holds, update in place or rebind, what ``step``/``assign``
return, whether ``assign`` also refreshes the gathered dicts), the cases only
read what the spec fixes.
"""

from __future__ import annotations

import functools

import numpy as np

from course_lib.grading.program import attr, call, case, method, new, ref, value_case
from course_lib.grading.suite import Suite


def pname(layer: str, kind: str) -> str:
    """A parameter name, e.g. ``pname("fc1", "w") == "fc1_w"``."""
    return f"{layer}_{kind}"


def _seed(rng) -> int:
    return int(rng.integers(0, 2**31 - 1))


def _with_zeros(rng, shape):
    x = rng.standard_normal(shape)
    x.flat[:: max(1, x.size // 3)] = 0.0
    return x


# --- fc --------------------------------------------------------------------------

FC_SHAPES = [((1, 5), 3, 0.002), ((4, 3, 2, 2), 6, 0.1), ((7, 10), 1, 1.0), ((3, 2, 3, 4), 5, 0.5)]


def fc_cases(rng):
    cases = []
    for i, (shape, m, scale) in enumerate(FC_SHAPES):
        d = int(np.prod(shape[1:]))
        name = f"layer{i}"
        x, x2 = rng.standard_normal(shape), rng.standard_normal(shape)
        dout, dout2 = rng.standard_normal((shape[0], m)), rng.standard_normal((shape[0], m))
        cases.append(case(f"fc({d}, {m}, init_scale={scale}) on an input of shape {shape}",
                          new("l", "fc", d, m, init_scale=scale, name=name, seed=_seed(rng), rng_probe=True,
                              attrs=["name", "w_name", "b_name", "params"]),
                          method("l", "forward", x, pure=True),
                          method("l", "backward", dout, pure=True, attrs=["grads"]),
                          call("set_params", ref("l"), {pname(name, "w"): rng.standard_normal((d, m)),
                                                        pname(name, "b"): rng.standard_normal(m)},
                               pure=False, record=False),
                          method("l", "forward", x2, pure=True),
                          method("l", "backward", dout2, pure=True, attrs=["grads"])))
    x = rng.standard_normal((2, 4))
    cases.append(case("fc(4, 3) with the default init_scale and name",
                      new("l", "fc", 4, 3, seed=_seed(rng), rng_probe=True, attrs=["w_name", "b_name", "params"]),
                      method("l", "forward", x), method("l", "backward", rng.standard_normal((2, 3)), attrs=["grads"])))
    return cases


# --- relu --------------------------------------------------------------------------

def relu_cases(rng):
    cases = []
    for shape in [(1, 1), (3, 5), (2, 3, 4), (6, 2)]:
        x = _with_zeros(rng, shape)
        cases.append(case(f"relu on shape {shape} with exact zeros",
                          new("r", "relu", name="act", attrs=["name", "params", "grads"]),
                          method("r", "forward", x, pure=True),
                          method("r", "backward", rng.standard_normal(shape), pure=True),
                          method("r", "forward", -np.abs(x) - 1.0, pure=True),
                          method("r", "backward", rng.standard_normal(shape), pure=True)))
    x = np.array([[-2.0, -1e-12, 0.0, 1e-12, 3.5]])
    cases.append(case("values around zero", new("r", "relu"), method("r", "forward", x),
                      method("r", "backward", np.ones_like(x))))
    return cases


# --- dropout -----------------------------------------------------------------------

def dropout_cases(rng):
    cases = []
    for shape, p in [((1, 1), 0.5), ((3, 4), 0.25), ((2, 3, 5), 0.75), ((10, 8), 0.1)]:
        x = rng.standard_normal(shape)
        seed = int(rng.integers(0, 10_000))
        cases.append(case(f"dropout({p}, seed={seed}) on shape {shape}, called twice",
                          new("d", "dropout", p, seed, name="drop", attrs=["name", "p", "seed", "params"]),
                          method("d", "forward", x, pure=True, seed=_seed(rng), rng_probe=True),
                          method("d", "backward", rng.standard_normal(shape), pure=True),
                          method("d", "forward", x, pure=True),
                          method("d", "forward", x, is_Training=False, pure=True),
                          method("d", "backward", rng.standard_normal(shape), pure=True)))
        cases.append(case(f"dropout({p}) without seed on shape {shape} (global RNG)",
                          new("d", "dropout", p),
                          method("d", "forward", x, pure=True, seed=_seed(rng), rng_probe=True),
                          method("d", "backward", rng.standard_normal(shape), pure=True)))
    x = rng.standard_normal((4, 6))
    cases.append(case("dropout(0) in training passes the input through and draws nothing",
                      new("d", "dropout", 0.0, 3),
                      method("d", "forward", x, seed=_seed(rng), rng_probe=True),
                      method("d", "backward", rng.standard_normal((4, 6)))))
    cases.append(case("dropout(0.5) in test mode draws nothing",
                      new("d", "dropout", 0.5),
                      method("d", "forward", x, is_Training=False, seed=_seed(rng), rng_probe=True),
                      method("d", "backward", rng.standard_normal((4, 6)))))
    return cases


# --- cross_entropy -------------------------------------------------------------------

def cross_entropy_cases(rng):
    cases = []
    for n, c in [(1, 2), (5, 3), (8, 10), (3, 4)]:
        feat = 3 * rng.standard_normal((n, c))
        label = rng.integers(0, c, size=n)
        cases.append(case(f"{n} samples, {c} classes",
                          new("loss", "cross_entropy", record=False),
                          method("loss", "forward", feat, label, pure=True),
                          method("loss", "backward"), method("loss", "backward")))
    feat = np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 1000.0], [0.0, 0.0, 0.0]])
    label = np.array([2, 1, 0])
    cases.append(case("scores of +-1000 (stability)",
                      new("loss", "cross_entropy", record=False),
                      method("loss", "forward", feat, label), method("loss", "backward")))
    feat2 = rng.standard_normal((4, 5))
    label2 = rng.integers(0, 5, size=4)
    cases.append(case("two batches in a row: backward uses the last forward",
                      new("loss", "cross_entropy", record=False),
                      method("loss", "forward", 3 * rng.standard_normal((2, 5)), rng.integers(0, 5, size=2)),
                      method("loss", "forward", feat2, label2), method("loss", "backward")))
    return cases


# --- sequential ----------------------------------------------------------------------

def _layer_dicts(rng, name, shapes):
    params = {pname(name, k): rng.standard_normal(s) for k, s in shapes.items()}
    grads = {n: rng.standard_normal(v.shape) for n, v in params.items()}
    return params, grads


def sequential_cases(rng):
    cases = []
    for i in range(3):
        pa, ga = _layer_dicts(rng, "a", {"w": (3, 2), "b": (2,)})
        pc, gc = _layer_dicts(rng, f"c{i}", {"w": (2, 4), "b": (4,)})
        new_w = rng.standard_normal((2, 4))
        new_g = rng.standard_normal((2,))
        pre = {"a_w": rng.standard_normal((3, 2)), pname(f"c{i}", "b"): rng.standard_normal(4)}
        cw = pname(f"c{i}", "w")
        cases.append(case(f"three layers (a, one without parameters, c{i})",
                          new("l1", "FixedLayer", pa, ga, name="a", record=False),
                          new("l2", "FixedLayer", {}, {}, name="r", record=False),
                          new("l3", "FixedLayer", pc, gc, name=f"c{i}", record=False),
                          new("net", "sequential", ref("l1"), ref("l2"), ref("l3"), attrs=["params", "grads"]),
                          method("net", "get_params", "a_b"),
                          method("net", "get_grads", cw),
                          method("net", "assign", cw, new_w, record=False),
                          attr("l3", "params", cw),
                          method("net", "get_params", cw),
                          method("net", "assign_grads", "a_b", new_g, record=False),
                          attr("l1", "grads", "a_b"),
                          method("net", "get_grads", "a_b"),
                          method("net", "gather_params", record=False), attr("net", "params"),
                          method("net", "gather_grads", record=False), attr("net", "grads"),
                          method("net", "load", pre, record=False),
                          attr("l1", "params"), attr("l3", "params"),
                          method("net", "gather_params", record=False), attr("net", "params")))
    pa, ga = _layer_dicts(rng, "a", {"w": (2, 2)})
    pb, gb = _layer_dicts(rng, "a", {"w": (2, 2), "b": (2,)})
    cases.append(case("a duplicate parameter name raises ValueError",
                      new("l1", "FixedLayer", pa, ga, name="a", record=False),
                      new("l2", "FixedLayer", pb, gb, name="a2", record=False),
                      new("net", "sequential", ref("l1"), ref("l2"))))
    pa, ga = _layer_dicts(rng, "a", {"w": (2, 2), "b": (2,)})
    cases.append(case("unknown parameter names raise ValueError",
                      new("l1", "FixedLayer", pa, ga, name="a", record=False),
                      new("net", "sequential", ref("l1"), record=False),
                      method("net", "get_params", "b_w"), method("net", "get_grads", "a_x"),
                      method("net", "assign", "z_b", np.zeros(2)), method("net", "assign_grads", "z_b", np.zeros(2)),
                      method("net", "load", {"q_w": np.zeros(2)})))
    return cases


# --- networks ------------------------------------------------------------------------

def _network_cases(rng, cls, in_shapes, out_dim):
    cases = []
    for shape in in_shapes:
        x = rng.standard_normal(shape)
        cases.append(case(f"{cls} on an input of shape {shape}",
                          new("m", cls, seed=_seed(rng), rng_probe=True, attrs=[("net", "params")]),
                          method("m", "forward", x, pure=True),
                          method("m", "backward", rng.standard_normal((shape[0], out_dim)), attrs=[("net", "grads")]),
                          method("m", "forward", x, is_Training=False)))
    return cases


def testfcrelu_cases(rng):
    return _network_cases(rng, "TestFCReLU", [(2, 3, 4), (1, 12), (5, 12)], 10)


def small_network_cases(rng):
    return _network_cases(rng, "SmallFullyConnectedNetwork", [(1, 4), (3, 4), (9, 4)], 7)


# --- optimisers ----------------------------------------------------------------------

def _optimizer_case(rng, label, cls, args, kwargs, state, prefill=None, dims=((3, 2), (2, 1)), dtype=float):
    """Three steps on a FixedSequential of two FixedLayers, new gradients before the second, then the
    first layer's dicts replaced by ones without a bias before the third."""
    l1 = {"a_w": rng.standard_normal(dims[0]).astype(dtype), "a_b": rng.standard_normal(dims[0][1]).astype(dtype)}
    l2 = {"b_w": rng.standard_normal(dims[1]).astype(dtype)}
    g1 = {k: rng.standard_normal(v.shape).astype(dtype) for k, v in l1.items()}
    g2 = {k: rng.standard_normal(v.shape).astype(dtype) for k, v in l2.items()}
    steps = [new("l1", "FixedLayer", l1, g1, name="a", record=False),
             new("l2", "FixedLayer", l2, g2, name="b", record=False),
             new("net", "FixedSequential", ref("l1"), ref("l2"), record=False),
             new("opt", cls, ref("net"), *args, **kwargs, record=False)]
    for name, values in (prefill or {}).items():
        steps.append(call("prefill", ref("opt"), name, values, pure=False, record=False))
    read = [attr("l1", "params"), attr("l2", "params")] + [attr("opt", s) for s in state]
    steps += [method("opt", "step", record=False), *read]
    steps += [method("l1", "set_grads", {k: rng.standard_normal(v.shape).astype(dtype) for k, v in l1.items()},
                     record=False),
              method("opt", "step", record=False), *read]
    w = rng.standard_normal((2, 2)).astype(dtype)
    steps += [method("l1", "replace", {"x_w": w}, {"x_w": rng.standard_normal((2, 2)).astype(dtype)}, record=False),
              method("opt", "step", record=False), *read]
    return case(label, *steps)


def _optimizer_cases(rng, cls, configs, state, hyper, prefills):
    cases = []
    for label, args, kwargs in configs:
        cases.append(_optimizer_case(rng, label, cls, args, kwargs, state))
    cases.append(case("the hyper-parameters are stored", new("net", "FixedSequential", record=False),
                      new("opt", cls, ref("net"), *configs[0][1], **configs[0][2], attrs=hyper)))
    cases.append(case("default hyper-parameters", new("net", "FixedSequential", record=False),
                      new("opt", cls, ref("net"), attrs=hyper)))
    for label, pre in prefills(rng):
        cases.append(_optimizer_case(rng, label, cls, configs[0][1], configs[0][2], state, prefill=pre))
    cases.append(_optimizer_case(rng, "larger shapes", cls, configs[-1][1],
                                 configs[-1][2], state, dims=((6, 5), (5, 1))))
    tiny = _optimizer_case(rng, "tiny gradients (epsilon matters)", cls, configs[0][1], configs[0][2], state)
    for s in tiny.steps:
        if s.op.value == "new" and s.target == "FixedLayer":
            s.args[1] = {k: 1e-9 * v for k, v in s.args[1].items()}
    tiny.atol = 1e-14
    cases.append(tiny)
    return cases


def _prefilled(names):
    def make(rng):
        values = {"a_w": np.abs(rng.standard_normal((3, 2))), "b_w": np.abs(rng.standard_normal((2, 1)))}
        return [("state pre-filled for a_w and b_w (a_b starts at zero)", {n: values for n in names})]
    return make


def sgd_cases(rng):
    return _optimizer_cases(rng, "SGD", [("lr 0.1", (0.1,), {}), ("lr=0.5", (), {"lr": 0.5}), ("default lr", (), {})],
                            [], ["lr"], lambda rng: [])


def sgdm_cases(rng):
    return _optimizer_cases(rng, "SGDM", [("lr 0.1, momentum 0.9", (0.1, 0.9), {}),
                                          ("lr=0.05, default momentum", (), {"lr": 0.05}),
                                          ("lr 0.2, momentum=0.5", (0.2,), {"momentum": 0.5})],
                            ["velocity"], ["lr", "momentum"], _prefilled(["velocity"]))


def rmsprop_cases(rng):
    return _optimizer_cases(rng, "RMSProp", [("lr 0.01, decay 0.9", (0.01, 0.9), {}), ("defaults", (), {}),
                                             ("lr=0.1, decay=0.5, eps=1e-6", (), {"lr": 0.1, "decay": 0.5, "eps": 1e-6})],
                            ["cache"], ["lr", "decay", "eps"], _prefilled(["cache"]))


def _adam_prefills(rng):
    values = {"a_w": rng.standard_normal((3, 2)), "b_w": rng.standard_normal((2, 1))}
    squares = {"a_w": np.abs(rng.standard_normal((3, 2))), "b_w": np.abs(rng.standard_normal((2, 1)))}
    return [("mt and vt pre-filled for a_w and b_w, t = 5", {"mt": values, "vt": squares, "t": 5})]


def adam_cases(rng):
    cases = _optimizer_cases(rng, "Adam", [("lr 0.01, betas 0.8, 0.9", (0.01, 0.8, 0.9), {}), ("defaults", (), {}),
                                           ("lr=0.1, t=3, eps=1e-6", (), {"lr": 0.1, "t": 3, "eps": 1e-6})],
                             ["mt", "vt", "t"], ["lr", "beta1", "beta2", "t", "eps"], _adam_prefills)
    return cases


# --- compute_acc -----------------------------------------------------------------------

def compute_acc_cases(rng):
    cases = []
    for n, c, bs, num in [(25, 3, 10, None), (1, 4, 100, None), (250, 5, 100, None), (37, 2, 7, 100),
                          (64, 10, 64, None)]:
        scores = rng.standard_normal((n, c))
        labels = rng.integers(0, c, size=n)
        kwargs = {"batch_size": bs} if bs != 100 else {}
        if num is not None:
            kwargs["num_samples"] = num
        cases.append(case(f"{n} samples, {c} classes, batch_size {bs}" + (f", num_samples {num}" if num else ""),
                          new("m", "ScoresModel", record=False),
                          call("compute_acc", ref("m"), scores, labels, seed=_seed(rng), rng_probe=True, **kwargs),
                          attr("m", "batch_sizes")))
    return cases


# --- train_net -------------------------------------------------------------------------

def _data(rng, n_train, n_val, d, c):
    x = rng.standard_normal((n_train + n_val, d))
    w = rng.standard_normal((d, c))
    y = np.argmax(x @ w + 0.5 * rng.standard_normal((n_train + n_val, c)), axis=1)
    return {"data_train": (x[:n_train], y[:n_train]), "data_val": (x[n_train:], y[n_train:]),
            "data_test": (x[n_train:], y[n_train:])}


TRAIN_RUNS = [  # n_train, n_val, d, c, hidden, batch, epochs, optimiser, args
    (40, 12, 6, 3, None, 16, 3, "SGD", (0.5,)),
    (37, 9, 5, 4, 8, 10, 2, "SGDM", (0.1, 0.9)),
    (5, 5, 3, 2, None, 64, 4, "SGD", (1.0,)),
    (1100, 30, 3, 3, None, 550, 1, "SGD", (0.2,)),
]


def train_net_cases(rng):
    cases = []
    for n_train, n_val, d, c, hidden, bs, epochs, opt, args in TRAIN_RUNS:
        data = _data(rng, n_train, n_val, d, c)
        if hidden is None:
            layers = [new("l1", "fc", d, c, init_scale=0.1, name="lin", seed=_seed(rng), record=False)]
            refs = [ref("l1")]
        else:
            layers = [new("l1", "fc", d, hidden, init_scale=0.3, name="fc1", seed=_seed(rng), record=False),
                      new("l2", "relu", name="relu1", record=False),
                      new("l3", "fc", hidden, c, init_scale=0.3, name="fc2", seed=_seed(rng), record=False)]
            refs = [ref("l1"), ref("l2"), ref("l3")]
        steps = layers + [new("net", "sequential", *refs, record=False),
                          new("model", "Model", ref("net"), record=False),
                          new("loss", "cross_entropy", record=False),
                          new("opt", opt, ref("net"), *args, record=False),
                          call("train_net", data, ref("model"), ref("loss"), ref("opt"), bs, epochs,
                               seed=_seed(rng), rng_probe=True, pure=False),
                          attr("net", "params")]
        cases.append(case(f"{n_train} training samples, batch {bs}, {epochs} epoch(s), {opt}", *steps,
                          rtol=1e-5, atol=1e-8))
    return cases


# --- TinyNet's training ---------------------------------------------------------------

VAL_ACCURACY_BAR = 0.50   # the reference design reaches about 53% in about 30 s (see the notebook)


@functools.lru_cache(maxsize=1)
def _validation_set():
    from course_lib.data import CIFAR10_data

    data = CIFAR10_data(dtype=np.float32)
    return data["data_val"].reshape(len(data["data_val"]), -1), data["labels_val"]


def evaluate_tinynet(params) -> list:
    """Validation accuracy of the student's best TinyNet parameters, computed here with numpy."""
    names = [pname("fc1", "w"), pname("fc1", "b"), pname("fc2", "w"), pname("fc2", "b")]
    if not isinstance(params, dict) or not set(names) <= set(params):
        got = sorted(params) if isinstance(params, dict) else type(params).__name__
        return [f"`tinynet_params` should be a dict with the keys {', '.join(names)} (TinyNet's best parameters "
                f"from train_net); got {got}."]
    w1, b1, w2, b2 = (np.asarray(params[n], dtype=np.float64) for n in names)
    x, y = _validation_set()
    if w1.shape[0] != x.shape[1] or w2.shape[-1] != 10 or w1.shape[1:] != w2.shape[:1]:
        return [f"TinyNet's weights should be fc1_w (3072, H) and fc2_w (H, 10); got {w1.shape} and {w2.shape}."]
    try:
        with np.errstate(all="ignore"):
            scores = np.maximum(x @ w1 + b1, 0) @ w2 + b2
            accuracy = float(np.mean(np.argmax(scores, axis=1) == y))
    except Exception as exc:  # malformed parameters
        return [f"`tinynet_params` could not be evaluated ({type(exc).__name__}: {str(exc)[:200]})."]
    if accuracy >= VAL_ACCURACY_BAR:
        return []
    return [f"TinyNet's best parameters reach {accuracy:.2%} validation accuracy on CIFAR-10; at least "
            f"{VAL_ACCURACY_BAR:.0%} is needed."]


# --- activation zoo ---------------------------------------------------------------------

ZOO = ["Sigmoid", "LeakyReLU", "ReLU", "ELU", "SeLU", "Tanh"]


def activations_cases(rng):
    grid = np.linspace(-5, 5, 10)
    extremes = np.array([-1000.0, -745.0, -710.0, -40.0, -1e-8, 0.0, 1e-8, 40.0, 710.0, 745.0, 1000.0])
    cases = []
    for name in ZOO:
        cases.append(case(f"activations[{name!r}]",
                          call("activation_values", name, grid),
                          call("activation_values", name, np.zeros((2, 3))),
                          call("activation_values", name, extremes),
                          call("activation_values", name, 4 * rng.standard_normal((3, 4))),
                          call("activation_values", name, np.array([0.0])),
                          rtol=1e-6, atol=1e-12))
    return cases


SUITES = {s.name: s for s in [
    Suite("fc", fc_cases),
    Suite("relu", relu_cases),
    Suite("dropout", dropout_cases),
    Suite("cross_entropy", cross_entropy_cases),
    Suite("sequential", sequential_cases),
    Suite("TestFCReLU", testfcrelu_cases),
    Suite("SmallFullyConnectedNetwork", small_network_cases),
    Suite("SGD", sgd_cases),
    Suite("SGDM", sgdm_cases),
    Suite("RMSProp", rmsprop_cases),
    Suite("Adam", adam_cases),
    Suite("compute_acc", compute_acc_cases),
    Suite("train_net", train_net_cases),
    Suite("training_tinynet", lambda rng: [value_case("TinyNet's best parameters", "tinynet_params")],
          evaluate=evaluate_tinynet),
    Suite("activations", activations_cases),
]}
