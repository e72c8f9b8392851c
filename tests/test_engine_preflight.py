"""Data preflight: without the data an assignment declares, nothing is graded and the command says why.

Every refusal here happens before any grading starts (no nbgrader, no kernel),
so these tests are cheap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib.assignments import load
from course_lib.data.registry import DatasetLocation
from course_lib.grading.batch import grade_batch
from course_lib.grading.datasets import MissingData, require_datasets
from course_lib.grading.job import Job
from course_lib.grading.isolation import Isolation
from course_lib.grading.notebooks import read_assignment
from course_lib.grading.pipeline import Grader, Options
from course_lib.grading.sandbox import Limits

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """No MNIST anywhere: no COURSE_MNIST_DIR, an empty cache, no subset fallback."""
    cache = tmp_path / "empty-cache"
    cache.mkdir()
    monkeypatch.delenv("COURSE_MNIST_DIR", raising=False)
    monkeypatch.delenv("COURSE_MNIST_ALLOW_SUBSET", raising=False)
    monkeypatch.setenv("COURSE_DATA_CACHE", str(cache))
    return cache


@pytest.fixture
def submissions(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(nbformat.v4.new_notebook(), folder / "ann.ipynb")
    return folder


def test_the_preflight_says_what_it_tried_and_what_to_set(no_data):
    with pytest.raises(MissingData) as caught:
        require_datasets(load("optimization", ROOT), allow_download=False)
    message = str(caught.value)
    assert "optimization needs data that is not available here, so nothing was graded" in message
    assert "$COURSE_MNIST_DIR: not set" in message and str(no_data / "mnist") in message
    assert "Set COURSE_MNIST_DIR to the folder that holds it" in message


def test_a_batch_without_data_grades_nothing_and_writes_nothing(no_data, submissions, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(MissingData):
        grade_batch(ROOT, "optimization", submissions, out, options=Options(allow_download=False), progress=False)
    assert not out.exists()
    with pytest.raises(MissingData):
        Grader(ROOT, "optimization", Options(allow_download=False), workdir=tmp_path / "work")
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())


def _course(*args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course_lib.cli", "--root", str(ROOT), *args], env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", ["grade", "grade-one", "validate", "demo"])
def test_every_grading_command_refuses_without_data(no_data, submissions, tmp_path, command):
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_MNIST_DIR", "COURSE_MNIST_ALLOW_SUBSET")}
    env["COURSE_DATA_CACHE"] = str(no_data)
    out = tmp_path / "out"
    args = {"grade": ["grade", "optimization", str(submissions), "--out", str(out)],
            "grade-one": ["grade-one", str(submissions / "ann.ipynb"), "--assignment", "optimization",
                          "--out", str(out)],
            "validate": ["validate", "optimization"],
            "demo": ["demo", "optimization"]}[command]
    done = _course(*args, "--no-download", env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"course {command}: refused: optimization needs data" in done.stderr
    assert "COURSE_MNIST_DIR" in done.stderr
    assert not (out / "gradebook.csv").exists() and not (out / "results.json").exists()


def test_found_data_is_exposed_read_only_and_named_to_the_kernel(tmp_path):
    info = read_assignment(ROOT / "source", "optimization")
    job = Job(tmp_path, info)
    job.box.mkdir()
    data = tmp_path / "mnist"
    location = DatasetLocation("mnist", data, "$COURSE_MNIST_DIR", "COURSE_MNIST_DIR")
    path = job.write_sandbox_config(limits=Limits(), uid=None, isolate=True, isolation=Isolation.ROOT_NAMESPACES,
                                    hide=[], datasets=[location])
    config = json.loads(path.read_text())
    assert config["env"]["COURSE_MNIST_DIR"] == str(data)
    assert str(data) in config["expose"] and str(data) not in config["writable"]


def test_derived_caches_are_exposed_read_only_and_named_to_the_kernel(tmp_path):
    info = read_assignment(ROOT / "source", "optimization")
    job = Job(tmp_path, info)
    job.box.mkdir()
    data, decoded = tmp_path / "mnist", tmp_path / "cache" / "mnist-decoded" / "key"
    location = DatasetLocation("mnist", data, "$COURSE_MNIST_DIR", "COURSE_MNIST_DIR",
                               derived=(("COURSE_MNIST_DECODED", decoded),))
    path = job.write_sandbox_config(limits=Limits(), uid=None, isolate=True, isolation=Isolation.ROOT_NAMESPACES,
                                    hide=[], datasets=[location])
    config = json.loads(path.read_text())
    assert config["env"]["COURSE_MNIST_DECODED"] == str(decoded)
    assert str(decoded) in config["expose"] and str(decoded) not in config["writable"]
    assert str(decoded.parent.parent) not in config["expose"]  # only that cache, not the cache folder


def test_prepare_makes_the_mnist_decoded_cache(tmp_path, monkeypatch):
    from dataclasses import replace

    from course_lib.data import registry

    monkeypatch.setenv("COURSE_DATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(registry, "DATASETS", {**registry.DATASETS, "mnist": replace(
        registry.DATASETS["mnist"], derive=lambda d: (("COURSE_MNIST_DECODED", tmp_path / "made"),))})
    location = DatasetLocation("mnist", tmp_path, "$COURSE_MNIST_DIR", "COURSE_MNIST_DIR")
    assert registry.prepare(location).derived == (("COURSE_MNIST_DECODED", tmp_path / "made"),)

    def fails(directory):
        raise OSError("read-only file system")
    monkeypatch.setattr(registry, "DATASETS", {**registry.DATASETS, "mnist": replace(
        registry.DATASETS["mnist"], derive=fails)})
    assert registry.prepare(location) == location  # no cache: the kernels decode the files, as before
