# Every target creates the virtual environment (.venv) on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
LESSON ?=

.PHONY: setup check grade test test-fast lint stubs bench bench-class bench-diagnosis bench-similarity gpu-check gpu-wheels release clean

setup: $(VENV)/.installed

# A .venv whose scripts point at another folder (this one was moved, renamed or copied: they run
# the old folder's code, or nothing) is made again, from scratch.  pip's script names its python
# on its first line, or on its second where the path is long or has spaces.
VENV_HERE := $(shell head -n 2 $(BIN)/pip 2>/dev/null | grep -qF "$(abspath $(VENV))/bin/" && echo yes)
ifneq ($(VENV_HERE),yes)
.PHONY: $(VENV)/.installed
VENV_CLEAR := --clear
endif

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV_CLEAR) $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[cluster,notebooks,similarity,dev]"
	touch $@

## Students: public tests against assignments/ (make check LESSON=01_tensors for one lesson)
check: setup
	$(BIN)/grader check $(if $(LESSON),--lesson $(LESSON))

## Instructors: grade the example class (examples/class.toml, built into build/examples) into reports/
grade: setup
	$(BIN)/python -m grader.devtools.examples build/examples
	$(BIN)/grader grade build/examples --out reports

## Project: lint, grader unit tests, then every solution full marks / every stub zero
test: lint
	$(BIN)/python -m pytest testing -q
	$(BIN)/grader selfcheck

## Project, the edit loop (a couple of minutes): the tests not marked slow, one lesson's selfcheck
FAST_LESSON ?= 01_tensors
test-fast: setup
	$(BIN)/python -m pytest testing -q -m "not slow"
	$(BIN)/grader selfcheck --lessons $(FAST_LESSON)

lint: setup
	$(BIN)/ruff check .

stubs: setup
	$(BIN)/grader stubs

## Speed: ours vs a fresh pytest process per submission and lesson
bench: setup
	$(BIN)/python -m grader.devtools.bench

## Diagnosis: the catalogue named as itself, leave-one-out, alternatives, the blind set, what make check shows green
bench-diagnosis: setup
	$(BIN)/python -m grader.devtools.diagnosis_bench

## Class scale: cost per student-lesson and peak memory for classes of 100 and 300 students
bench-class: setup
	$(BIN)/python -m grader.devtools.classbench 100 300

## Code similarity: planted copies found (recall, precision@10) in a generated class; time and memory at 300 and 1000
bench-similarity: setup
	$(BIN)/python -m grader.devtools.similarity_bench

## GPU host: grading there checked in one command (docs/gpu.md); its python3 runs this checkout, no venv needed
GPU_PYTHON ?= $(if $(wildcard $(BIN)/python),$(BIN)/python,python3)
GPU_CHECK_ARGS ?=
gpu-check:
	PYTHONPATH=$(CURDIR)$${PYTHONPATH:+:$$PYTHONPATH} PYTHONUNBUFFERED=1 $(GPU_PYTHON) -m grader.devtools.gpu_check $(GPU_CHECK_ARGS)

## GPU host without network: the packages gpu-check needs that its python3 (3.12) lacks, as wheels in .whl/
## (Dask for the cluster step; the rest is there: docs/gpu.md)
GPU_WHEELS := dask==2026.11.0 distributed==2026.11.0 partd==1.4.2 locket==1.0.0 tornado==6.6.1 zict==3.0.0 tblib==3.2.2
gpu-wheels:
	$(PYTHON) -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
		--platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
		--platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d .whl $(GPU_WHEELS)

release: setup
	$(BIN)/grader release build/student-release

clean:
	rm -rf reports build
