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
float64, in the same process, with PyTorch limited to the number of threads
numpy's BLAS uses. Timings cover training only (data loading and evaluation
excluded); wall-clock and process CPU seconds are printed with the load
average. Ratio = reference / PyTorch (target <= 1.0); on a shared machine
rerun with ``--repeat N`` to keep the best of N.
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

from benchmarks.bench_training import blas_threads, load_average, timed  # noqa: E402
from course_lib.data import get_cat_noncat  # noqa: E402
from solutions import dnn_basics as ref  # noqa: E402

LEARNING_RATE = 0.0075
RUNS = [("two_layer_model", (3072, 7, 1), 500), ("L_layer_model", [3072, 20, 7, 5, 1], 300)]


def accuracy(parameters, X, Y):
    AL, _ = ref.L_model_forward(X, parameters)
    return float(np.mean((AL > 0.5) == Y))


def bench_reference(name, dims, iterations, X, Y, repeat):
    fn = getattr(ref, name)
    best = None
    for _ in range(repeat):
        with contextlib.redirect_stdout(io.StringIO()):
            (parameters, costs), wall, cpu = timed(lambda: fn(X, Y, dims, learning_rate=LEARNING_RATE,
                                                             num_iterations=iterations))
        if best is None or wall < best[1]:
            best = (parameters, wall, cpu)
    return best


def initial_parameters(name, dims):
    return ref.initialize_parameters(*dims) if name == "two_layer_model" else \
        ref.initialize_parameters_deep_scaled(list(dims))


def bench_torch(torch, name, dims, iterations, X, Y, repeat):
    P0 = initial_parameters(name, dims)
    L = len(P0) // 2
    Xt = torch.from_numpy(np.ascontiguousarray(X))
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
            loss.backward()
            optimizer.step()
        return {f"W{l + 1}": W[l].detach().numpy() for l in range(L)} | \
            {f"b{l + 1}": b[l].detach().numpy() for l in range(L)}

    best = None
    for _ in range(repeat):
        parameters, wall, cpu = timed(train)
        if best is None or wall < best[1]:
            best = (parameters, wall, cpu)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each; the fastest is kept")
    args = parser.parse_args(argv)
    threads, thread_desc = blas_threads()
    data = get_cat_noncat()
    X, Y = data.train_x, data.train_y
    print(f"cat vs non-cat: train {X.shape}, test {data.test_x.shape} ({data.source})")
    print(f"numpy {np.__version__}; BLAS threads: {thread_desc}; load average before: {load_average()}")
    try:
        import torch
    except ImportError:
        torch = None
        print("torch not importable: PyTorch comparison skipped")
    else:
        torch.set_num_threads(threads)
        print(f"torch {torch.__version__}, torch.set_num_threads({threads})")
    total_ref = total_torch = 0.0
    for name, dims, iterations in RUNS:
        P, wall, cpu = bench_reference(name, dims, iterations, X, Y, args.repeat)
        total_ref += wall
        print(f"{name} {list(dims)}, {iterations} iterations")
        print(f"  reference numpy float64: wall {wall:6.2f} s, CPU {cpu:6.2f} s, "
              f"train {accuracy(P, X, Y):.1%}, test {accuracy(P, data.test_x, data.test_y):.1%}")
        if torch is not None:
            Pt, twall, tcpu = bench_torch(torch, name, dims, iterations, X, Y, args.repeat)
            total_torch += twall
            print(f"  torch float64 SGD:       wall {twall:6.2f} s, CPU {tcpu:6.2f} s, "
                  f"train {accuracy(Pt, X, Y):.1%}, test {accuracy(Pt, data.test_x, data.test_y):.1%}")
            print(f"  ratio reference / torch (wall): {wall / twall:.2f}")
    if torch is not None:
        print(f"total: reference {total_ref:.2f} s, torch {total_torch:.2f} s, "
              f"ratio {total_ref / total_torch:.2f} (target <= 1.0)")
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
