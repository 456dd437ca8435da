"""gunicorn's settings for the web service.

    gunicorn -c python:ecosystem.gunicorn_conf ecosystem.wsgi

Threads let a worker answer other requests while one waits on the database;
the worker timeout stays above the database's statement limit, so a slow
request ends as Django's own 503 page (with the site's headers) instead of a
worker that gunicorn kills mid-answer.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
timeout = int(os.environ.get("WEB_STATEMENT_TIMEOUT", 5)) + 25
graceful_timeout = 30
# Requests beyond these sizes are refused by gunicorn before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
