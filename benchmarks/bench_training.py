"""Benchmark: the `optimization` training configuration, numpy reference vs PyTorch CPU.

Run from the course root::

    COURSE_MNIST_DIR=/path/to/mnist python benchmarks/bench_training.py

Configuration (the spec's training cell): net [784, 100, 100, 10], activations
relu, relu, linear, no dropout, batchnorm after the activation in all three
layers, 3 epochs, minibatches of 64 consecutive samples (no shuffling),
learning rate 1e-3 decayed per epoch by 1 / (1 + 0.1 * epoch), momentum-Adam,
``np.random.seed(1)`` before training.

The PyTorch model has the same architecture (Linear -> ReLU -> BatchNorm1d
(affine, batch statistics) -> Linear -> ReLU -> BN -> Linear -> BN), the same
minibatches and ``torch.optim.Adam`` (the same cost class as momentum-Adam).
Both run in float64 (PyTorch also in float32, for information), one timed run
each after a short warm-up, in the same process, with numpy's BLAS and PyTorch
limited to the same number of threads: one by default, as in the grading
kernel (``--threads N`` to change it).  Timings cover training only (data
loading and evaluation excluded); wall-clock and process CPU seconds are
printed, with the load average before and after.

Other processes on the machine make the figures noisy, PyTorch's especially
(its OpenMP threads spin at barriers when a core is taken by another
process): compare the ratio, rerun when the load is high, or use
``--repeat N`` to keep the best of N timed runs of each.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from course_lib.data import get_mnist  # noqa: E402
from solutions import optimization as ref  # noqa: E402

NET_DIMS = [784, 100, 100, 10]
ACT_LIST = ["relu", "relu", "linear"]
DROP_PROB_LIST = [0, 0, 0]
BNORM_LIST = [1, 1, 1]
NUM_EPOCHS = 3
BATCH_SIZE = 64
LEARNING_RATE = 1e-3
DECAY_RATE = 0.1
WARMUP_SAMPLES = 64 * 50


def blas_threads():
    """Number of threads numpy's BLAS uses, and a description of where the figure comes from."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        info = None
    else:
        info = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    if info:
        desc = ", ".join(f"{p.get('internal_api')} {p.get('version')} ({p.get('num_threads')} threads)"
                         for p in info)
        return int(info[0]["num_threads"]), f"threadpoolctl: {desc}"
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value), f"${var}={value} (threadpoolctl not installed)"
    n = os.cpu_count() or 1
    return n, f"os.cpu_count() = {n} (threadpoolctl not installed)"


# The grading kernel runs with OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1
# (course_lib/grading/job.py), so the graded trainings are timed with one thread by default.
GRADING_THREADS = 1


def add_threads_option(parser):
    """``--threads N``: BLAS and PyTorch threads for the timed runs (default: the grading kernel's 1)."""
    parser.add_argument("--threads", type=int, default=GRADING_THREADS,
                        help=f"threads for numpy's BLAS and for PyTorch (default {GRADING_THREADS}, "
                             "as in the grading kernel)")


def use_threads(n, torch=None):
    """Limit numpy's BLAS (threadpoolctl) and PyTorch to ``n`` threads for the rest of the run.

    Returns a line describing what numpy's BLAS now uses.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(n, user_api="blas")   # applies now, for the rest of the process
    if torch is not None:
        torch.set_num_threads(n)
    return blas_threads()[1] + (f"; torch.set_num_threads({n})" if torch is not None else "")


def timed(fn):
    """Run ``fn()``; return ``(result, wall seconds, process CPU seconds)``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def best_of(repeat, fn):
    """Run ``fn`` (returning a result dict with "wall" and "cpu") ``repeat`` times; keep the fastest."""
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r["wall"])


def load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "n/a"


def accuracy(pred, labels):
    return float(np.mean(np.asarray(pred).reshape(-1) == np.asarray(labels).reshape(-1)))


# --------------------------------------------------------------------------
# numpy reference
# --------------------------------------------------------------------------
def train_reference(X, Y, num_epochs=NUM_EPOCHS):
    np.random.seed(1)
    _, parameters = ref.multi_layer_network(
        X, Y, NET_DIMS, ACT_LIST, DROP_PROB_LIST, BNORM_LIST, num_epochs=num_epochs,
        batch_size=BATCH_SIZE, learning_rate=LEARNING_RATE, decay_rate=DECAY_RATE,
        apply_momentum=True, log=False)
    return parameters


def bench_reference(data, repeat=1):
    train_X, train_Y, test_X, test_Y = data
    train_reference(train_X[:, :WARMUP_SAMPLES], train_Y[:, :WARMUP_SAMPLES], num_epochs=1)
    best = best_of(repeat, lambda: dict(zip(("parameters", "wall", "cpu"),
                                            timed(lambda: train_reference(train_X, train_Y)))))
    parameters, wall, cpu = best["parameters"], best["wall"], best["cpu"]
    return {"wall": wall, "cpu": cpu,
            "train_acc": accuracy(ref.classify(train_X, parameters), train_Y),
            "test_acc": accuracy(ref.classify(test_X, parameters), test_Y)}


# --------------------------------------------------------------------------
# PyTorch
# --------------------------------------------------------------------------
def torch_model(torch, dtype):
    nn = torch.nn
    layers = []
    for l in range(1, len(NET_DIMS)):
        layers.append(nn.Linear(NET_DIMS[l - 1], NET_DIMS[l]))
        if ACT_LIST[l - 1] == "relu":
            layers.append(nn.ReLU())
        # batchnorm after the activation, batch statistics in train and eval
        layers.append(nn.BatchNorm1d(NET_DIMS[l], affine=True, track_running_stats=False))
    return nn.Sequential(*layers).to(dtype)


def train_torch(torch, X, Y, dtype, num_epochs=NUM_EPOCHS):
    torch.manual_seed(1)
    model = torch_model(torch, dtype)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = torch.nn.CrossEntropyLoss()
    m = X.shape[0]
    num_batches = (m - 1) // BATCH_SIZE + 1
    for epoch in range(num_epochs):
        for group in optimizer.param_groups:
            group["lr"] = LEARNING_RATE * (1 / (1 + DECAY_RATE * epoch))
        for ii in range(num_batches):
            xb = X[ii * BATCH_SIZE:(ii + 1) * BATCH_SIZE]
            yb = Y[ii * BATCH_SIZE:(ii + 1) * BATCH_SIZE]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
    return model


def bench_torch(torch, data, dtype, repeat=1):
    train_X, train_Y, test_X, test_Y = data
    # samples as rows, torch's natural layout (the reference uses columns)
    X = torch.from_numpy(np.ascontiguousarray(train_X.T)).to(dtype)
    Y = torch.from_numpy(train_Y.reshape(-1)).long()
    Xt = torch.from_numpy(np.ascontiguousarray(test_X.T)).to(dtype)
    train_torch(torch, X[:WARMUP_SAMPLES], Y[:WARMUP_SAMPLES], dtype, num_epochs=1)
    best = best_of(repeat, lambda: dict(zip(("model", "wall", "cpu"),
                                            timed(lambda: train_torch(torch, X, Y, dtype)))))
    model, wall, cpu = best["model"], best["wall"], best["cpu"]
    with torch.no_grad():
        train_pred = model(X).argmax(dim=1).numpy()
        test_pred = model(Xt).argmax(dim=1).numpy()
    return {"wall": wall, "cpu": cpu, "train_acc": accuracy(train_pred, train_Y),
            "test_acc": accuracy(test_pred, test_Y)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1,
                        help="timed runs of each implementation; the fastest is reported (default 1)")
    parser.add_argument("--no-float32", action="store_true", help="skip the PyTorch float32 run")
    add_threads_option(parser)
    args = parser.parse_args(argv)
    try:
        import torch
    except ImportError:
        print("torch not importable: PyTorch comparison skipped")
        torch = None
    thread_desc = use_threads(args.threads, torch)
    data = get_mnist()
    m = data.train_images.shape[1]
    print(f"MNIST: {data.variant} ({data.source}), train {m}, test {data.test_images.shape[1]}")
    print(f"numpy {np.__version__}; BLAS threads: {thread_desc}")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"config: net {NET_DIMS}, {NUM_EPOCHS} epochs x {(m - 1) // BATCH_SIZE + 1} minibatches "
          f"of {BATCH_SIZE}, batchnorm {BNORM_LIST}, lr {LEARNING_RATE}, decay {DECAY_RATE}")

    print(f"load average before: {load_average()}; timed runs per implementation: {args.repeat}")
    rows = [("reference numpy float64", bench_reference(data, args.repeat))]
    if torch is not None:
        print(f"torch {torch.__version__}, torch threads {torch.get_num_threads()}, "
              f"interop threads {torch.get_num_interop_threads()}")
        rows.append(("torch float64", bench_torch(torch, data, torch.float64, args.repeat)))
        if not args.no_float32:
            rows.append(("torch float32 (info)", bench_torch(torch, data, torch.float32, args.repeat)))

    print(f"load average after: {load_average()}")
    print()
    print(f"{'run':26s} {'wall s':>7s} {'cpu s':>7s} {'train acc':>9s} {'test acc':>9s}")
    for name, r in rows:
        print(f"{name:26s} {r['wall']:7.2f} {r['cpu']:7.2f} {r['train_acc']:9.4f} {r['test_acc']:9.4f}")
    if torch is not None:
        ratio = rows[0][1]["wall"] / rows[1][1]["wall"]
        cpu_ratio = rows[0][1]["cpu"] / rows[1][1]["cpu"]
        print(f"ratio reference / torch float64: wall {ratio:.2f} (target <= 1.0), "
              f"process CPU {cpu_ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
