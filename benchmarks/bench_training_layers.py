"""Benchmark: the `layers` graded training (TinyNet on CIFAR-10), numpy reference vs PyTorch CPU.

Run from the course root::

    COURSE_CIFAR10_DIR=/path/to/cifar-10-batches-py python benchmarks/bench_training_layers.py

Configuration (the reference design the notebook states): ``CIFAR10_data(dtype=np.float32)``
(49,000 train / 1,000 validation, mean image subtracted), TinyNet = fc 3072 -> 512, relu,
fc 512 -> 10 with ``init_scale=0.002`` and float32 parameters, softmax cross-entropy,
``SGDM(lr=1e-4, momentum=0.9)``, batch 200, 5 epochs (245 minibatches each, the last
one partial), one ``np.random.permutation`` per epoch, and at the end of each epoch
the accuracy on the first 1,000 training samples and on the validation set
(``train_net`` exactly as graded, ``np.random.seed(0)`` before building the network).

The PyTorch model has the same architecture (two ``nn.Linear`` layers with the numpy
reference's initial weights copied in, ReLU between), ``F.cross_entropy``,
``torch.optim.SGD(lr=1e-4, momentum=0.9)`` (the same update: torch keeps
``b = 0.9 b + g`` and steps ``p -= lr b``, i.e. ``v = -lr b``), the same minibatch
order (the same permutations) and the same per-epoch evaluations, in float32 in the
same process, numpy's BLAS and PyTorch limited to the same number of threads (one by
default, as in the grading kernel; ``--threads N``).

Two PyTorch runs, as in the dnn_basics benchmark:

* **same gradients** (the ratio's reference): autograd also computes the gradient
  with respect to the input batch, because the spec's ``fc.backward`` must return
  ``dfeat`` (200 x 3072 per iteration, a third of the first layer's backward work),
  so the numpy reference computes it on every iteration;
* **parameters only** (for information): what a PyTorch user would train with.

Wall-clock and process CPU seconds are printed with the best validation accuracy and
the ratios. ``--repeat N`` keeps the best of N timed runs of each, numpy and PyTorch
alternating so that a change of load hits both.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_training import add_threads_option, load_average, timed, use_threads  # noqa: E402
from course_lib.data import CIFAR10_data  # noqa: E402
from solutions import layers as ref  # noqa: E402


def run_reference(data):
    np.random.seed(0)
    model = ref.TinyNet()
    start = {k: v.copy() for k, v in model.net.params.items()}
    optimizer, batch_size, epochs = ref.tinynet_training(model)
    (best, losses, _, val_acc), wall, cpu = timed(
        lambda: ref.train_net(data, model, ref.cross_entropy(), optimizer, batch_size, epochs))
    return {"wall": wall, "cpu": cpu, "loss": losses[-1], "acc": max(val_acc), "start": start,
            "batch_size": batch_size, "epochs": epochs}


def run_torch(torch, data, start, batch_size, epochs, input_grad):
    X, y = (torch.from_numpy(np.ascontiguousarray(a)) for a in data["data_train"])
    Xv, yv = (torch.from_numpy(np.ascontiguousarray(a)) for a in data["data_val"])
    X, Xv = X.reshape(len(X), -1), Xv.reshape(len(Xv), -1)
    fc1, fc2 = torch.nn.Linear(3072, start["fc1_w"].shape[1]), torch.nn.Linear(start["fc1_w"].shape[1], 10)
    with torch.no_grad():
        fc1.weight.copy_(torch.from_numpy(start["fc1_w"].T.copy()))
        fc1.bias.copy_(torch.from_numpy(start["fc1_b"]))
        fc2.weight.copy_(torch.from_numpy(start["fc2_w"].T.copy()))
        fc2.bias.copy_(torch.from_numpy(start["fc2_b"]))
    model = torch.nn.Sequential(fc1, torch.nn.ReLU(), fc2)
    opt = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
    n = len(X)

    def accuracy(A, labels):
        with torch.no_grad():
            preds = torch.cat([model(A[s:s + 100]).argmax(1) for s in range(0, len(A), 100)])
        return float((preds == labels).double().mean())

    def train():
        np.random.seed(0)
        np.random.randn(3072, start["fc1_w"].shape[1])     # the draws of TinyNet's construction
        np.random.randn(start["fc1_w"].shape[1], 10)
        losses, val = [], []
        for _ in range(epochs):
            order = torch.from_numpy(np.random.permutation(n))
            for s in range(0, n, batch_size):
                idx = order[s:s + batch_size]
                xb = X[idx].requires_grad_(input_grad)
                loss = torch.nn.functional.cross_entropy(model(xb), y[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                losses.append(float(loss.detach()))
            accuracy(X[:1000], y[:1000])
            val.append(accuracy(Xv, yv))
        return losses, val

    (losses, val), wall, cpu = timed(train)
    return {"wall": wall, "cpu": cpu, "loss": losses[-1], "acc": max(val)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each; the fastest is kept")
    add_threads_option(parser)
    args = parser.parse_args(argv)
    cifar = CIFAR10_data(dtype=np.float32)
    data = {"data_train": (cifar["data_train"], cifar["labels_train"]),
            "data_val": (cifar["data_val"], cifar["labels_val"]), "data_test": (cifar["data_test"], cifar["labels_test"])}
    print(f"CIFAR-10: train {cifar['data_train'].shape}, val {cifar['data_val'].shape}, {cifar['data_train'].dtype}")
    try:
        import torch
    except ImportError:
        torch = None
    print(f"numpy {np.__version__}; {use_threads(args.threads, torch)}")
    if torch is None:
        print("torch not importable: PyTorch comparison skipped")
    else:
        print(f"torch {torch.__version__}")
    print(f"load average before: {load_average()}")
    runs = {"numpy": [], "same": [], "params": []}
    for _ in range(args.repeat):
        r = run_reference(data)
        runs["numpy"].append(r)
        if torch is not None:
            runs["same"].append(run_torch(torch, data, r["start"], r["batch_size"], r["epochs"], input_grad=True))
            runs["params"].append(run_torch(torch, data, r["start"], r["batch_size"], r["epochs"], input_grad=False))
    print(f"load average after: {load_average()}")
    best = {k: min(v, key=lambda x: x["wall"]) for k, v in runs.items() if v}
    labels = {"numpy": "TinyNet numpy reference", "same": "torch float32, same grads",
              "params": "torch float32, params only"}
    print()
    print(f"{'run':28s} {'wall s':>7s} {'cpu s':>7s} {'last loss':>10s} {'best val acc':>13s}")
    for key, row in best.items():
        print(f"{labels[key]:28s} {row['wall']:7.2f} {row['cpu']:7.2f} {row['loss']:10.4f} {row['acc']:13.4f}")
    if torch is not None:
        r, t, p = best["numpy"], best["same"], best["params"]
        print(f"ratio reference / torch same gradients (TinyNet): wall {r['wall'] / t['wall']:.2f} (target <= 1.0), "
              f"process CPU {r['cpu'] / t['cpu']:.2f}")
        print(f"ratio reference / torch parameters only (for information): wall {r['wall'] / p['wall']:.2f}, "
              f"process CPU {r['cpu'] / p['cpu']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
