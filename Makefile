# The README's two commands:  `make lab`  (install, then start JupyterLab on the course)
#                        and  `make test` (install if needed, then run every test).
# Python 3.12 is the reference (the pinned JAX needs 3.12 or newer). The first that works of:
# python3.12; pyenv's newest 3.12, selected or not; python3 if it is 3.12+; python3.13 or pyenv's.
# Set PYTHON=/path/to/python3.12 to choose one yourself.
define find_python
for v in 3.12 3.13; do \
  for p in python$$v "$$(pyenv root 2>/dev/null)/versions/$$(pyenv versions --bare 2>/dev/null | grep -E "^$${v//./\\.}\.[0-9]+$$" | sort -V | tail -n 1)/bin/python$$v" python3; do \
    "$$p" -c "import sys; sys.exit(sys.version_info[:2] != ($${v/./, }))" 2>/dev/null \
      && { "$$p" -c "import sys; print(sys.executable)"; exit 0; }; \
  done; \
done
endef
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell bash -c '$(find_python)')
endif
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install install-test lab test lint colab-test colab-python hub

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "No Python 3.12 found (the pinned JAX needs 3.12 or newer; python3 is $$(python3 --version 2>&1 | cut -d' ' -f2))."; echo "Install one (Ubuntu 24.04: sudo apt-get install python3.12-venv; with pyenv: pyenv install 3.12; with uv: uv python install 3.12), or set PYTHON=/path/to/python3.12."; exit 1; }
	@$(PYTHON) -c "import sys; sys.version_info >= (3, 12) or sys.exit('Python ' + sys.version.split()[0] + ' is too old: the pinned JAX needs 3.12 or newer; set PYTHON=/path/to/python3.12')"
	@$(PYTHON) -c "import sys; sys.version_info[:2] == (3, 12) or print('note: Python 3.12 is the reference; using', sys.version.split()[0])"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[pinned]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (jax-course-kit)" >/dev/null
	@$(BIN)/python -m autograder sandbox
	@touch $@

# What only the tests and the style checks need (pyproject.toml's test extra): not for `make lab`.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[pinned,test]"
	@touch $@

# Jupyter refuses to run as root unless told to; containers and cloud shells often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: install
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/course

test: install-test
	$(BIN)/python -m pytest

# Style and types (.pre-commit-config.yaml): ruff, ruff format, mypy on the kit's packages.
lint: install-test
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/pre-commit run --all-files --show-diff-on-failure

# The workshop hub on this machine (README, "A workshop on one machine"); run as root.
LEARNERS ?= learner1 learner2
hub:
	WORKSHOP_PYTHON="$(PYTHON)" bash workshop/up $(LEARNERS)

# Colab's stack (tests/platforms/colab.txt: Python 3.13, JAX 0.7.2, ...), built in .venv-colab
# as Colab has it, with the kit installed on top as the notebooks' Colab setup cell does; then
# every lesson and every solution notebook runs there, top to bottom (nbval-lax: any error fails;
# outputs are not compared, they differ between JAX versions).
COLAB_PYTHON ?= $(shell bash -c 'for p in python3.13 "$$(pyenv root 2>/dev/null)/versions/$$(pyenv versions --bare 2>/dev/null | grep -E "^3\.13\.[0-9]+$$" | sort -V | tail -n 1)/bin/python3.13"; do "$$p" -c "import sys; print(sys.executable)" 2>/dev/null && exit 0; done')
COLAB := .venv-colab

colab-test: $(COLAB)/.installed
	$(COLAB)/bin/python -m pytest -p no:cacheprovider -o addopts= -n 2 --dist loadfile \
	  --nbval-lax --nbval-current-env course solutions

colab-python:
	@echo $(COLAB_PYTHON)

$(COLAB)/.installed: tests/platforms/colab.txt pyproject.toml
	@test -n "$(COLAB_PYTHON)" || { echo "colab-test needs Python 3.13 (Colab's); with pyenv: pyenv install 3.13, or set COLAB_PYTHON=/path/to/python3.13"; exit 1; }
	$(COLAB_PYTHON) -m venv $(COLAB)
	$(COLAB)/bin/python -m pip install --quiet --upgrade pip
	$(COLAB)/bin/python -m pip install --quiet -r tests/platforms/colab.txt
	$(COLAB)/bin/python -m pip install --quiet . $$($(COLAB)/bin/python -m pip freeze | grep -E "^jax(lib)?==")
	$(COLAB)/bin/python -m pip install --quiet nbval pytest pytest-xdist
	$(COLAB)/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@
