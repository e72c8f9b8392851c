"""Benchmark: the `optimizers` graded training, numpy reference vs PyTorch CPU.

Run from the course root::

    COURSE_MNIST_DIR=/path/to/mnist python benchmarks/bench_training_optimizers.py

Configuration (the spec's comparison; Adam's run is the graded one): MNIST
0-vs-1 (12,665 train / 2,115 test), network [784, 64, 64, 1] with ReLU at
every layer (the output included), squared-error cost over 2m, 100
full-batch iterations, each evaluating the test loss first and then taking
one training step, ``np.random.seed(1)`` before building the network.
Optimisers: GD (0.1), Momentum (0.1, 0.9), RMSProp (0.001), Adam (0.01, 0.9,
0.99).

The PyTorch model has the same architecture (Linear -> ReLU three times, the
numpy reference's initial weights copied in), the same cost, the same
per-iteration test evaluation and the same update rule written as a
``torch.optim.Optimizer`` step with PyTorch tensor operations (this course's
Adam has no bias correction and its epsilon is outside the square root; the
timing is that of ``torch.optim.Adam``'s own arithmetic). Both run in float64
in the same process, numpy's BLAS and PyTorch limited to the same number of
threads: one by default, as in the grading kernel (``--threads N``).
Wall-clock and process CPU seconds are printed, with the load average. Use
``--repeat N`` to keep the best of N timed runs (the numpy and PyTorch runs
alternate, so a change of load hits both); ``--all`` also times the three
other optimisers of the comparison, and prints the total of the four, which
is what every autograde of the notebook trains.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_training import add_threads_option, load_average, use_threads  # noqa: E402
from course_lib.data import get_mnist_01  # noqa: E402
from solutions import optimizers as ref  # noqa: E402

N_H, DEPTH, ITERATIONS = 64, 3, 100
CONFIGS = {
    "Adam": (lambda net: ref.Adam(net, 0.01, beta1=0.9, beta2=0.99), ("adam", 0.01, 0.9, 0.99)),
    "GD": (lambda net: ref.GradientDescent(net, 0.1), ("gd", 0.1, 0.0, 0.0)),
    "Momentum": (lambda net: ref.GradientDescentWithMomentum(net, 0.1, beta=0.9), ("momentum", 0.1, 0.9, 0.0)),
    "RMSProp": (lambda net: ref.RMSProp(net, 0.001), ("rmsprop", 0.001, 0.9, 0.0)),
}


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run_reference(name, data):
    np.random.seed(1)
    net = ref.NeuralNetwork(data.train_x.shape[0], 1, N_H, DEPTH)
    start = {k: v.copy() for k, v in net.parameters.items()}
    (train_losses, _), wall, cpu = timed(lambda: ref.train(net, CONFIGS[name][0](net), data.train_x, data.train_y,
                                                           data.test_x, data.test_y, num_iterations=ITERATIONS))
    acc = float(np.mean((net(data.test_x) > 0.5) == data.test_y))
    return {"wall": wall, "cpu": cpu, "loss": float(train_losses[-1]), "acc": acc, "start": start}


def run_torch(torch, name, data, start):
    kind, lr, b1, b2 = CONFIGS[name][1]
    L = len(start) // 2
    params = []
    for l in range(1, L + 1):
        params += [torch.tensor(start[f"W{l}"], requires_grad=True), torch.tensor(start[f"b{l}"], requires_grad=True)]
    X, Y = torch.from_numpy(data.train_x), torch.from_numpy(data.train_y.astype(np.float64))
    Xt, Yt = torch.from_numpy(data.test_x), torch.from_numpy(data.test_y.astype(np.float64))
    state = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]

    def forward(A):
        for l in range(L):
            A = torch.relu(params[2 * l] @ A + params[2 * l + 1])
        return A

    def cost(A, Yb):
        return ((A - Yb) ** 2).sum() / (2 * Yb.shape[1])

    def train():
        losses = []
        for _ in range(ITERATIONS):
            with torch.no_grad():
                cost(forward(Xt), Yt)
            loss = cost(forward(X), Y)
            for p in params:
                p.grad = None
            loss.backward()
            losses.append(float(loss.detach()))
            with torch.no_grad():
                for p, (v, s) in zip(params, state):
                    g = p.grad
                    if kind == "gd":
                        p.sub_(lr * g)
                    elif kind == "momentum":
                        v.mul_(b1).add_(g, alpha=1 - b1)
                        p.sub_(lr * v)
                    elif kind == "rmsprop":
                        v.mul_(b1).addcmul_(g, g, value=1 - b1)
                        p.sub_(lr * g / (v.sqrt() + 1e-8))
                    else:
                        v.mul_(b1).add_(g, alpha=1 - b1)
                        s.mul_(b2).addcmul_(g, g, value=1 - b2)
                        p.sub_(lr * v / (s.sqrt() + 1e-8))
        return losses

    losses, wall, cpu = timed(train)
    with torch.no_grad():
        acc = float(((forward(Xt) > 0.5).double() == Yt).double().mean())
    return {"wall": wall, "cpu": cpu, "loss": losses[-1], "acc": acc}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each; the fastest is kept")
    parser.add_argument("--all", action="store_true", help="also time GD, Momentum and RMSProp")
    add_threads_option(parser)
    args = parser.parse_args(argv)
    data = get_mnist_01()
    print(f"MNIST 0-vs-1: {data.variant} ({data.source}), train {data.train_x.shape[1]}, test {data.test_x.shape[1]}")
    try:
        import torch
    except ImportError:
        torch = None
        print("torch not importable: PyTorch comparison skipped")
    print(f"numpy {np.__version__}; threads: {use_threads(args.threads, torch)}")
    if torch is not None:
        print(f"torch {torch.__version__}")
    print(f"load average before: {load_average()}")
    names = list(CONFIGS) if args.all else ["Adam"]
    rows = []
    for name in names:
        ref_runs, torch_runs = [], []
        for _ in range(args.repeat):        # alternate, so that a change of load hits both
            ref_runs.append(run_reference(name, data))
            if torch is not None:
                torch_runs.append(run_torch(torch, name, data, ref_runs[-1]["start"]))
        rows.append((f"{name} numpy reference", min(ref_runs, key=lambda x: x["wall"])))
        if torch is not None:
            rows.append((f"{name} torch float64", min(torch_runs, key=lambda x: x["wall"])))
    print(f"load average after: {load_average()}")
    print()
    print(f"{'run':28s} {'wall s':>7s} {'cpu s':>7s} {'final loss':>11s} {'test acc':>9s}")
    for label, r in rows:
        print(f"{label:28s} {r['wall']:7.2f} {r['cpu']:7.2f} {r['loss']:11.6f} {r['acc']:9.4f}")
    if torch is not None:
        for i in range(0, len(rows), 2):
            ref_r, t_r = rows[i][1], rows[i + 1][1]
            print(f"ratio reference / torch ({rows[i][0].split()[0]}): wall {ref_r['wall'] / t_r['wall']:.2f} "
                  f"(target <= 1.0), process CPU {ref_r['cpu'] / t_r['cpu']:.2f}")
    if len(names) > 1:
        for label, part in (("numpy reference", rows[0::2]), ("torch float64", rows[1::2])):
            if torch is not None or label.startswith("numpy"):
                print(f"all four trainings, {label}: wall {sum(r['wall'] for _, r in part):.2f} s, "
                      f"CPU {sum(r['cpu'] for _, r in part):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
