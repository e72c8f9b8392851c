"""Benchmark: the graded trainings of `dnn_basics`, numpy reference vs PyTorch CPU.

Run from the course root::

    COURSE_CIFAR10_DIR=/path/to/cifar-10-batches-py python benchmarks/bench_training_dnn_basics.py

Configurations (the notebook's graded training cells), on the 2,000 cat vs
non-cat training images (3072 x 2000, float64), full-batch gradient descent
with learning rate 0.0075:

* ``two_layer_model``, layers (3072, 7, 1), 500 iterations;
* ``L_layer_model``, layers [3072, 20, 7, 5, 1], 300 iterations.

The PyTorch models have the same architecture (Linear -> ReLU ... -> Linear ->
sigmoid), start from the very same initial weights, use the same
binary cross-entropy and ``torch.optim.SGD`` with the same learning rate, in
float64, in the same process, numpy's BLAS and PyTorch limited to the same
number of threads (one by default, as in the grading kernel; ``--threads N``).

Two PyTorch runs per model:

* **same gradients** (the ratio's reference): autograd also computes the
  gradient with respect to the input X, because the spec's ``L_model_backward``
  must return ``grads["dA0"]`` (3072 x 2000 per iteration, the single largest
  product of the backward pass), so the numpy reference computes it on every
  iteration;
* **parameters only** (for information): what a PyTorch user would train
  with; the gap to it is the spec's ``dA0``.

Timings cover training only (data loading and evaluation excluded);
wall-clock and process CPU seconds are printed with the load average. Ratio =
reference / PyTorch (target <= 1.0). ``--repeat N`` keeps the best of N runs
of each, the numpy and PyTorch runs alternating so that a change of load hits
both.
"""

import argparse
import contextlib
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_training import add_threads_option, load_average, timed, use_threads  # noqa: E402
from course_lib.data import get_cat_noncat  # noqa: E402
from solutions import dnn_basics as ref  # noqa: E402

LEARNING_RATE = 0.0075
RUNS = [("two_layer_model", (3072, 7, 1), 500), ("L_layer_model", [3072, 20, 7, 5, 1], 300)]


def accuracy(parameters, X, Y):
    AL, _ = ref.L_model_forward(X, parameters)
    return float(np.mean((AL > 0.5) == Y))


def train_reference(name, dims, iterations, X, Y):
    fn = getattr(ref, name)
    with contextlib.redirect_stdout(io.StringIO()):
        (parameters, _), wall, cpu = timed(lambda: fn(X, Y, dims, learning_rate=LEARNING_RATE,
                                                      num_iterations=iterations))
    return parameters, wall, cpu


def initial_parameters(name, dims):
    return ref.initialize_parameters(*dims) if name == "two_layer_model" else \
        ref.initialize_parameters_deep_scaled(list(dims))


def train_torch(torch, name, dims, iterations, X, Y, input_grad):
    """Train the PyTorch twin; ``input_grad``: also compute the gradient with respect to X (the spec's dA0)."""
    P0 = initial_parameters(name, dims)
    L = len(P0) // 2
    Xt = torch.from_numpy(np.ascontiguousarray(X)).requires_grad_(input_grad)
    Yt = torch.from_numpy(Y.astype(np.float64))

    def train():
        W = [torch.tensor(P0[f"W{l}"], requires_grad=True) for l in range(1, L + 1)]
        b = [torch.tensor(P0[f"b{l}"], requires_grad=True) for l in range(1, L + 1)]
        optimizer = torch.optim.SGD(W + b, lr=LEARNING_RATE)
        for _ in range(iterations):
            A = Xt
            for l in range(L):
                Z = W[l] @ A + b[l]
                A = torch.relu(Z) if l < L - 1 else torch.sigmoid(Z)
            loss = torch.nn.functional.binary_cross_entropy(A, Yt)
            optimizer.zero_grad(set_to_none=True)
            Xt.grad = None
            loss.backward()
            optimizer.step()
        return {f"W{l + 1}": W[l].detach().numpy() for l in range(L)} | \
            {f"b{l + 1}": b[l].detach().numpy() for l in range(L)}

    return timed(train)


def best(runs):
    return min(runs, key=lambda r: r[1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each; the fastest is kept")
    add_threads_option(parser)
    args = parser.parse_args(argv)
    data = get_cat_noncat()
    X, Y = data.train_x, data.train_y
    try:
        import torch
    except ImportError:
        torch = None
    print(f"cat vs non-cat: train {X.shape}, test {data.test_x.shape} ({data.source})")
    print(f"numpy {np.__version__}; threads: {use_threads(args.threads, torch)}")
    print(f"torch {torch.__version__}" if torch is not None else "torch not importable: PyTorch comparison skipped")
    print(f"load average before: {load_average()}")
    totals = {"ref": 0.0, "same": 0.0, "params": 0.0}
    for name, dims, iterations in RUNS:
        runs = {"ref": [], "same": [], "params": []}
        for _ in range(args.repeat):        # alternate, so that a change of load hits all three
            runs["ref"].append(train_reference(name, dims, iterations, X, Y))
            if torch is not None:
                runs["same"].append(train_torch(torch, name, dims, iterations, X, Y, input_grad=True))
                runs["params"].append(train_torch(torch, name, dims, iterations, X, Y, input_grad=False))
        print(f"{name} {list(dims)}, {iterations} iterations")
        labels = {"ref": "reference numpy float64", "same": "torch, same gradients (dA0)",
                  "params": "torch, parameters only"}
        for key, label in labels.items():
            if not runs[key]:
                continue
            P, wall, cpu = best(runs[key])
            totals[key] += wall
            print(f"  {label:29s} wall {wall:6.2f} s, CPU {cpu:6.2f} s, "
                  f"train {accuracy(P, X, Y):.1%}, test {accuracy(P, data.test_x, data.test_y):.1%}")
        if torch is not None:
            w = best(runs["ref"])[1]
            print(f"  ratio reference / torch (wall): same gradients {w / best(runs['same'])[1]:.2f}, "
                  f"parameters only {w / best(runs['params'])[1]:.2f}")
    if torch is not None:
        print(f"total: reference {totals['ref']:.2f} s, torch same gradients {totals['same']:.2f} s, "
              f"torch parameters only {totals['params']:.2f} s")
        print(f"ratio reference / torch, same gradients: {totals['ref'] / totals['same']:.2f} (target <= 1.0); "
              f"parameters only (the spec's dA0 not computed): {totals['ref'] / totals['params']:.2f}")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
