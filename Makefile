# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format clean

# The virtual environment, rebuilt when the requirements change.
$(INSTALLED): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The dashboard at http://127.0.0.1:8000 with a Celery worker and beat, on the
# embedded defaults (SQLite and a file-based broker under var/). Ctrl-C stops all.
run: export DEBUG = true
run: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_ecosystem
	$(BIN)/python manage.py load_demo_news
	@echo ""
	@echo "Admin: http://127.0.0.1:8000/admin/ - to sign in the first time, create an account in another terminal:"
	@echo "    DEBUG=true $(BIN)/python manage.py createsuperuser"
	@echo "  then add editors under Users: tick \"Staff status\" and the group \"Editors\" (or \"Administrators\")."
	@echo ""
	PATH="$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

# The whole suite: lint, then pytest. DATABASE_URL and REDIS_URL switch it to
# PostgreSQL and Redis (see .ci/run).
test: lint
	$(BIN)/pytest

# mypy imports the settings, which need no SECRET_KEY with DEBUG=true.
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var
