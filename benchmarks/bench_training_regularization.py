"""Benchmark: the graded trainings of `regularization`, numpy reference vs PyTorch CPU.

Run from the course root::

    python benchmarks/bench_training_regularization.py [--repeat N]

The graded trainings (the notebook's three studies, with their calibrated budgets):

* He initialisation: [2, 10, 5, 1] on the moons (300 points), full-batch gradient
  descent, learning rate 0.01, 10,000 iterations;
* regularisation: [2, 20, 3, 1] on the noisy rings (200 points), full-batch gradient
  descent, learning rate 0.3, 10,000 iterations: none, L2 (lambd 0.7), dropout
  (keep_prob 0.86, the spec's re-seeded masks);
* Adam: [2, 5, 2, 1] on the moons, minibatches of 64 (seeds 11, 12, ...), learning
  rate 0.0007, 1,000 epochs.

The PyTorch models have the same architecture, data, minibatches, masks and
optimiser (``torch.optim.SGD`` without momentum for gradient descent, with L2 as
``lambd / m * W`` added by ``weight_decay`` on the weights; ``torch.optim.Adam`` for
Adam), in float64, one thread (the networks are tiny; more threads only add
overhead). Each side runs in the same process, after a short warm-up; the best of
``--repeat`` runs is kept. Printed: CPU seconds per training, the totals and the ratio
numpy / PyTorch (target <= 1.0).
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from course_lib.data import load_moons, load_overfit_data  # noqa: E402
from solutions.regularization import reference as ref  # noqa: E402


def cpu_time(fn, repeat):
    best = None
    for _ in range(repeat):
        start = time.process_time()
        out = fn()
        spent = time.process_time() - start
        if best is None or spent < best[1]:
            best = (out, spent)
    return best


# --- numpy reference (the notebook's given training loops and `model`) ---------------------

def numpy_runs(moons, rings):
    X, Y = moons.train_x, moons.train_y
    rX, rY = rings.train_x, rings.train_y
    return {
        "init he (GD, 10k it.)": lambda: ref.model_init(X, Y, "he")[0],
        "reg none (GD, 10k it.)": lambda: ref.model_reg(rX, rY)[0],
        "reg L2 0.7 (GD, 10k it.)": lambda: ref.model_reg(rX, rY, lambd=0.7)[0],
        "reg dropout 0.86 (GD, 10k it.)": lambda: ref.model_reg(rX, rY, keep_prob=0.86)[0],
        "adam (64-batches, 1k epochs)": lambda: ref.model(X, Y, [2, 5, 2, 1], "adam", num_epochs=1000,
                                                          print_cost=False),
    }


# --- PyTorch ---------------------------------------------------------------------------------

def torch_runs(torch, moons, rings):
    f64 = torch.float64

    def tensors(P):
        return {k: torch.tensor(v, dtype=f64, requires_grad=True) for k, v in P.items()}

    def forward(T, X, masks=None, kp=1.0):
        A = X
        for l in (1, 2):
            A = torch.relu(T[f"W{l}"] @ A + T[f"b{l}"])
            if masks is not None:
                A = A * masks[l - 1] / kp
        return T["W3"] @ A + T["b3"]

    def full_batch(P, X, Y, lr, iterations, lambd=0.0, kp=1.0):
        T = tensors(P)
        X, Y = torch.tensor(X, dtype=f64), torch.tensor(Y, dtype=f64)
        m = X.shape[1]
        groups = [{"params": [T[k] for k in T if k.startswith("W")], "weight_decay": lambd / m},
                  {"params": [T[k] for k in T if k.startswith("b")], "weight_decay": 0.0}]
        opt = torch.optim.SGD(groups, lr=lr)
        masks = None
        if kp < 1.0:   # the spec's dropout re-seeds 1 before every forward pass: fixed masks
            np.random.seed(1)
            masks = [torch.tensor(np.random.rand(T["W1"].shape[0], m) < kp, dtype=f64)]
            masks.append(torch.tensor(np.random.rand(T["W2"].shape[0], m) < kp, dtype=f64))
        loss_fn = torch.nn.functional.binary_cross_entropy_with_logits
        for _ in range(iterations):
            opt.zero_grad()
            loss_fn(forward(T, X, masks, kp), Y).backward()
            opt.step()
        return T

    def adam(P, X, Y, epochs):
        T = tensors(P)
        opt = torch.optim.Adam(list(T.values()), lr=0.0007, betas=(0.9, 0.999), eps=1e-8)
        loss_fn = torch.nn.functional.binary_cross_entropy_with_logits
        for epoch in range(epochs):
            for bX, bY in ref.random_mini_batches(X, Y, 64, 11 + epoch):
                opt.zero_grad()
                loss_fn(forward(T, torch.tensor(bX, dtype=f64)), torch.tensor(bY, dtype=f64)).backward()
                opt.step()
        return T

    X, Y = moons.train_x, moons.train_y
    rX, rY = rings.train_x, rings.train_y
    reg_init = ref.initialize_parameters(ref.REG_DIMS)
    return {
        "init he (GD, 10k it.)": lambda: full_batch(ref.initialize_parameters_he(ref.INIT_DIMS), X, Y, 0.01, 10000),
        "reg none (GD, 10k it.)": lambda: full_batch(reg_init, rX, rY, 0.3, 10000),
        "reg L2 0.7 (GD, 10k it.)": lambda: full_batch(reg_init, rX, rY, 0.3, 10000, lambd=0.7),
        "reg dropout 0.86 (GD, 10k it.)": lambda: full_batch(reg_init, rX, rY, 0.3, 10000, kp=0.86),
        "adam (64-batches, 1k epochs)": lambda: adam(ref.initialize_parameters_he([2, 5, 2, 1]), X, Y, 1000),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="keep the best of N timed runs of each")
    args = parser.parse_args(argv)
    moons, rings = load_moons(), load_overfit_data()
    import torch

    torch.set_num_threads(1)
    ours = numpy_runs(moons, rings)
    theirs = torch_runs(torch, moons, rings)
    ref.model(moons.train_x, moons.train_y, [2, 5, 2, 1], "adam", num_epochs=20, print_cost=False)  # warm-up
    torch_runs(torch, moons, rings)  # warm-up: builds the closures once
    total_np = total_torch = 0.0
    print(f"{'training':34} {'numpy CPU-s':>12} {'torch CPU-s':>12} {'ratio':>7}")
    for name in ours:
        _, t_np = cpu_time(ours[name], args.repeat)
        _, t_torch = cpu_time(theirs[name], args.repeat)
        total_np += t_np
        total_torch += t_torch
        print(f"{name:34} {t_np:12.2f} {t_torch:12.2f} {t_np / t_torch:7.2f}")
    print(f"{'total':34} {total_np:12.2f} {total_torch:12.2f} {total_np / total_torch:7.2f}")
    print(f"ratio numpy / PyTorch = {total_np / total_torch:.2f} (target <= 1.0); torch {torch.__version__}, "
          f"numpy {np.__version__}")


if __name__ == "__main__":
    main()
