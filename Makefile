# The README's two commands:  `make lab`  (install, then start JupyterLab on the course)
#                        and  `make test` (install if needed, then run every test).
# Python 3.12 is the reference; set PYTHON=/path/to/python3.12 to choose an interpreter.
PYTHON ?= $(firstword $(foreach p,python3.12 python3,$(shell $(p) -c "import sys; print(sys.executable if sys.version_info >= (3, 11) else '')" 2>/dev/null)))
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install lab test

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 (or at least 3.11) is needed: install it, or set PYTHON=..."; exit 1; }
	@$(PYTHON) -c "import sys; sys.version_info[:2] == (3, 12) or print('warning: Python 3.12 is the reference; using', sys.version.split()[0])"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[pinned]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (jax-course-kit)" >/dev/null
	@touch $@

# Jupyter refuses to run as root unless told to; containers and cloud shells often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: install
	$(BIN)/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/course

test: install
	$(BIN)/python -m pytest
