# Two commands for a fresh machine (README.md): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint bench audit check-python clean

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'

$(VENV)/.installed: pyproject.toml | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static_vendor/.copied: node_modules/.installed scripts/copy_vendor_assets.py
	$(PY) scripts/copy_vendor_assets.py
	touch $@

setup: $(VENV)/.installed static_vendor/.copied

# Development server on SQLite with the demo county; prints the URL and the demo logins.
run: setup
	mkdir -p staticfiles
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "系统地址: http://$(HOST):$(PORT)/   (按 Ctrl+C 停止)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Lint, type-check the pure rule modules, migrations in step with the models, and every test
# (browser tests included).
test: setup
	$(VENV)/bin/ruff check .
	BIANMIN_TESTING=1 $(VENV)/bin/mypy
	BIANMIN_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	BIANMIN_TESTING=1 $(VENV)/bin/pytest

# Known vulnerabilities in the installed Python packages and the npm lockfile (scripts/audit_dependencies.py);
# STRICT=1 also fails when no advisory database can be reached.
audit: setup
	$(PY) scripts/audit_dependencies.py $(if $(STRICT),--strict)

# Benchmarks: measured figures go to docs/performance.md (never timed in unit tests). On PostgreSQL:
# BENCH_DATABASE_URL=postgres://…/x_bench (and BENCH_PROVINCE_URL for 1,600 centres); WAIT_QUIET=1.5
# starts each script only once the machine's load average is below it (bench/run_all.py).
bench: setup
	$(PY) -m bench.run_all $(if $(WAIT_QUIET),--wait-quiet $(WAIT_QUIET))

clean:
	rm -rf $(VENV) node_modules static_vendor staticfiles test-artifacts
