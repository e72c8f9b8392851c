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
same process, limited to the number of threads numpy's BLAS uses. Wall-clock and
process CPU seconds are printed with the best validation accuracy and the ratio.
``--repeat N`` keeps the best of N timed runs.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_training import blas_threads, load_average  # noqa: E402
from course_lib.data import CIFAR10_data  # noqa: E402
from solutions import layers as ref  # noqa: E402


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run_reference(data):
    np.random.seed(0)
    model = ref.TinyNet()
    start = {k: v.copy() for k, v in model.net.params.items()}
    optimizer, batch_size, epochs = ref.tinynet_training(model)
    (best, losses, _, val_acc), wall, cpu = timed(
        lambda: ref.train_net(data, model, ref.cross_entropy(), optimizer, batch_size, epochs))
    return {"wall": wall, "cpu": cpu, "loss": losses[-1], "acc": max(val_acc), "start": start,
            "batch_size": batch_size, "epochs": epochs}


def run_torch(torch, data, start, batch_size, epochs):
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
                loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
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
    args = parser.parse_args(argv)
    threads, thread_desc = blas_threads()
    cifar = CIFAR10_data(dtype=np.float32)
    data = {"data_train": (cifar["data_train"], cifar["labels_train"]),
            "data_val": (cifar["data_val"], cifar["labels_val"]), "data_test": (cifar["data_test"], cifar["labels_test"])}
    print(f"CIFAR-10: train {cifar['data_train'].shape}, val {cifar['data_val'].shape}, {cifar['data_train'].dtype}")
    print(f"numpy {np.__version__}; BLAS threads: {thread_desc}")
    try:
        import torch
    except ImportError:
        torch = None
        print("torch not importable: PyTorch comparison skipped")
    if torch is not None:
        torch.set_num_threads(threads)
        print(f"torch {torch.__version__}, torch.set_num_threads({threads})")
    print(f"load average before: {load_average()}")
    r = min((run_reference(data) for _ in range(args.repeat)), key=lambda x: x["wall"])
    rows = [("TinyNet numpy reference", r)]
    if torch is not None:
        t = min((run_torch(torch, data, r["start"], r["batch_size"], r["epochs"]) for _ in range(args.repeat)),
                key=lambda x: x["wall"])
        rows.append(("TinyNet torch float32", t))
    print(f"load average after: {load_average()}")
    print()
    print(f"{'run':28s} {'wall s':>7s} {'cpu s':>7s} {'last loss':>10s} {'best val acc':>13s}")
    for label, row in rows:
        print(f"{label:28s} {row['wall']:7.2f} {row['cpu']:7.2f} {row['loss']:10.4f} {row['acc']:13.4f}")
    if torch is not None:
        print(f"ratio reference / torch (TinyNet): wall {r['wall'] / t['wall']:.2f} (target <= 1.0), "
              f"process CPU {r['cpu'] / t['cpu']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
