#!/usr/bin/env bash
# Grade a batch on a Slurm cluster: one array task per shard, then one merge job.
#
#   sbatch --array=1-8 scripts/slurm_grade.sh ASSIGNMENT SUBMISSIONS OUT
#   sbatch --dependency=afterok:<array job id> --wrap \
#       ".venv/bin/course merge OUT/part-* --assignment ASSIGNMENT --out OUT/gradebook"
#
# Each task grades the students `course grade --shard K/N` gives it (N = the array's size)
# into OUT/part-K. Run from the course repository with its .venv installed (`make install`)
# and the data variables exported (COURSE_MNIST_DIR, COURSE_CIFAR10_DIR), on nodes where
# the grader can isolate student code (`course doctor` says how).
#SBATCH --job-name=course-grade
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=02:00:00
set -euo pipefail
assignment="$1" submissions="$2" out="$3"
k="${SLURM_ARRAY_TASK_ID:?run this with sbatch --array=1-N}"
n="${SLURM_ARRAY_TASK_COUNT:?run this with sbatch --array=1-N}"
mkdir -p "$out"
exec .venv/bin/course grade "$assignment" "$submissions" --shard "$k/$n" --out "$out/part-$k" \
    --jobs "${SLURM_CPUS_PER_TASK:-2}" --quiet
