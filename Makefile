# Two commands do all the set-up on a fresh machine:
#   make demo   -- install, build the release, grade the example submissions, print the gradebook
#   make test   -- install, run the test suite
# Data: COURSE_MNIST_DIR (a folder with the four MNIST .gz files) and COURSE_CIFAR10_DIR
# (a folder laid out like cifar-10-batches-py). When unset and ../shared/data/... exists,
# that copy is used; otherwise the loaders look in their cache and then download.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED_MNIST := $(abspath ../shared/data/mnist)
export COURSE_MNIST_DIR ?= $(if $(wildcard $(SHARED_MNIST)/train-images-idx3-ubyte.gz),$(SHARED_MNIST),)
SHARED_CIFAR10 := $(abspath ../shared/data/cifar-10-batches-py)
export COURSE_CIFAR10_DIR ?= $(if $(wildcard $(SHARED_CIFAR10)/data_batch_1),$(SHARED_CIFAR10),)
TEST_ARGS ?=

.PHONY: install demo test mutation build benchmark release validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,oracle]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/course demo

test: install
	@echo "MNIST for the tests: $${COURSE_MNIST_DIR:-not set (full-MNIST tests are skipped)}"
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m pytest -n 2 --dist loadgroup $(TEST_ARGS)

# Grade every assignment's mutation catalogue with the real pipeline (minutes per assignment)
# and write docs/mutation/<assignment>.md; tests/test_contract.py fails when a report is stale.
mutation: install
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m course_lib.mutation run --jobs 2

# After editing a notebook (or its .pct.py twin): rebuild everything derived from it.
build: install
	$(VENV)/bin/course build

release: install
	$(VENV)/bin/course release

validate: install
	$(VENV)/bin/course validate

benchmark: install
	for b in benchmarks/bench_training*.py; do $(PY) $$b || exit 1; done
	$(PY) benchmarks/bench_grading.py

clean:
	rm -rf $(VENV) build gradebook.db tests/toy_course/autograded
	find autograded -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
