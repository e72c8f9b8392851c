"""``course grade --shard K/N`` and ``course merge``: the merged result equals one unsharded run.

Real CLI, real nbgrader, the toy course. The shards are graded by the Slurm
array script (``scripts/slurm_grade.sh``) as two array tasks would run it.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import nbformat
import pytest

import grading_recipes as recipes
from course_lib.grading.shards import Shard, ShardError, parse_shard
from course_lib.grading.submissions import fill
from conftest import ROOT, TOY, grading_jobs
from test_grading_cli import A, FAST, JOBS, course

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]
STUDENTS = ["ann", "bob", "cai", "dee", "eve", "fay"]


def test_shards_partition_any_class():
    names = [f"student{i}" for i in range(200)]
    for n in (1, 2, 3, 7):
        shards = [Shard(k, n) for k in range(1, n + 1)]
        owners = [[s.index for s in shards if s.holds(name)] for name in names]
        assert all(len(o) == 1 for o in owners)               # every student in exactly one shard
        if n > 1:
            assert len({o[0] for o in owners}) == n           # and every shard gets some
    assert parse_shard("2/4") == Shard(2, 4)
    for bad in ("0/2", "3/2", "x", "1/0", "1/2/3"):
        with pytest.raises(ShardError):
            parse_shard(bad)


def _rows(path):
    with open(path, newline="") as fh:
        return [dict(r) for r in csv.DictReader(fh)]


def test_sharded_then_merged_equals_unsharded(tmp_path):
    release, source = recipes.notebooks(recipes.TOY)
    kinds = [fill(release, source), release, fill(release, source, recipes.network_cell())]
    subs = tmp_path / "subs"
    subs.mkdir()
    for i, student in enumerate(STUDENTS):
        nbformat.write(kinds[i % len(kinds)], subs / f"{student}.ipynb")
    common = ["--seed", "7", "--quiet", *JOBS, *FAST]
    course("grade", A, str(subs), "--out", str(tmp_path / "whole"), *common)
    for k in (1, 2):   # two tasks of `sbatch --array=1-2 scripts/slurm_grade.sh toy SUBS OUT`
        env = {**os.environ, "SLURM_ARRAY_TASK_ID": str(k), "SLURM_ARRAY_TASK_COUNT": "2",
               "SLURM_CPUS_PER_TASK": str(grading_jobs()), "COURSE_ROOT": str(TOY),
               "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
        done = subprocess.run(["bash", "scripts/slurm_grade.sh", A, str(subs), str(tmp_path / "slurm")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0 and f"shard {k} of 2" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    parts = [_rows(tmp_path / "slurm" / f"part-{k}" / "gradebook.csv") for k in (1, 2)]
    assert parts[0] and parts[1] and not {r["student"] for r in parts[0]} & {r["student"] for r in parts[1]}
    done = course("merge", str(tmp_path / "slurm" / "part-1"), str(tmp_path / "slurm" / "part-2"),
                  "--assignment", A, "--out", str(tmp_path / "merged"))
    assert "Merged 2 part(s)" in done.stdout
    assert _rows(tmp_path / "merged" / "gradebook.csv") == _rows(tmp_path / "whole" / "gradebook.csv")
    for student in STUDENTS:
        assert (tmp_path / "merged" / student / "feedback.html").exists()
    assert (tmp_path / "merged" / "histogram.png").stat().st_size > 1000
    # the same shard twice is refused, and says which student overlaps
    done = course("merge", str(tmp_path / "slurm" / "part-1"), str(tmp_path / "slurm" / "part-1"), "--assignment", A,
                  "--out", str(tmp_path / "bad"), check=False)
    assert done.returncode == 1 and "is in both" in done.stderr
