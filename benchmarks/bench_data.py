"""Benchmark: dataset load times, cold and warm.

Run from the course root::

    COURSE_CIFAR10_DIR=../shared/data/cifar-10-batches-py COURSE_MNIST_DIR=../shared/data/mnist \\
        .venv/bin/python benchmarks/bench_data.py [--repeat 3]

"cold" is the first ``get_cifar10()`` with an empty decoded cache: the seven pickles
are read with the restricted unpickler, validated, and written as ``.npy``. "warm" is
every later load: the ``.npy`` files are memory-mapped. The decoded cache lives in a
fresh temporary ``COURSE_DATA_CACHE`` (deleted at the end) unless ``--cache`` is given;
the batch files themselves are probably in the OS page cache either way (dropping it
would slow everyone on a shared machine), so "cold" measures decoding, not the disk.
Each figure is the best of ``--repeat`` runs; the load average is printed too.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from course_lib.data import (CIFAR10_data, get_cat_noncat, get_cifar10, get_mnist,  # noqa: E402
                             get_mnist_01, load_moons, load_overfit_data)


def timed(fn, repeat: int = 1):
    """(result of the last call, best wall-clock seconds over ``repeat`` calls)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return result, best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure (best kept)")
    parser.add_argument("--cache", help="use this COURSE_DATA_CACHE instead of a fresh temporary one")
    args = parser.parse_args(argv)

    cache = Path(args.cache) if args.cache else Path(tempfile.mkdtemp(prefix="bench-data-cache-"))
    os.environ["COURSE_DATA_CACHE"] = str(cache)
    print(f"load average: {os.getloadavg()[0]:.2f}; COURSE_DATA_CACHE={cache}")
    rows = []
    try:
        if os.environ.get("COURSE_CIFAR10_DIR"):
            cold_runs = []
            for _ in range(args.repeat):  # each cold run starts from an empty decoded cache
                shutil.rmtree(cache / "cifar10" / "decoded", ignore_errors=True)
                data, seconds = timed(lambda: get_cifar10(allow_download=False))
                assert data.decoded_cache == "written", data.decoded_cache
                cold_runs.append(seconds)
            rows.append(("get_cifar10()", "cold (unpickle + write .npy)", min(cold_runs)))
            data, seconds = timed(lambda: get_cifar10(allow_download=False), args.repeat)
            assert data.decoded_cache == "hit"
            rows.append(("get_cifar10()", "warm (memory-mapped .npy)", seconds))
            _, seconds = timed(lambda: CIFAR10_data(allow_download=False), args.repeat)
            rows.append(("CIFAR10_data()", "warm (float64, mean subtracted)", seconds))
            _, seconds = timed(lambda: CIFAR10_data(allow_download=False, dtype="float32"), args.repeat)
            rows.append(("CIFAR10_data(dtype=float32)", "warm", seconds))
            _, seconds = timed(lambda: get_cat_noncat(allow_download=False), args.repeat)
            rows.append(("get_cat_noncat()", "warm", seconds))
        else:
            print("COURSE_CIFAR10_DIR is not set: CIFAR-10 figures skipped")
        if os.environ.get("COURSE_MNIST_DIR"):
            _, seconds = timed(lambda: get_mnist(allow_download=False), args.repeat)
            rows.append(("get_mnist()", "(no decoded cache)", seconds))
            _, seconds = timed(lambda: get_mnist_01(allow_download=False), args.repeat)
            rows.append(("get_mnist_01()", "(no decoded cache)", seconds))
        else:
            print("COURSE_MNIST_DIR is not set: MNIST figures skipped")
        _, seconds = timed(load_moons, args.repeat)
        rows.append(("load_moons()", "", seconds))
        _, seconds = timed(load_overfit_data, args.repeat)
        rows.append(("load_overfit_data()", "", seconds))
    finally:
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)

    width = max(len(name) for name, _, _ in rows)
    for name, what, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:9.1f} ms  {what}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
