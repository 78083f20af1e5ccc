"""gunicorn's settings for leaguetables: `gunicorn -c gunicorn.conf.py leaguetables.wsgi`.

Each app server is stateless (sessions and data in the database; the page cache is keyed by the
database's data version), so run as many behind a load balancer as the traffic needs. Every
value can be set from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Pages are CPU-bound Python: one worker per core, plus one to cover a worker waiting on the
# database. Threads let a worker overlap those waits without more memory.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
# Behind a load balancer or CDN that keeps connections open.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then, jittered so they do not all restart at once; rarely, since a
# recycled worker starts with an empty local-memory page cache (at 1,000 requests a second a
# worker recycled every 20,000 requests would rebuild its pages every 20 s).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100000"))
# Load the app once before forking: workers share its memory and start faster.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
# The load balancer or proxy in front terminates TLS and sets X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
wsgi_app = "leaguetables.wsgi:application"


def post_fork(server, worker):
    # A database connection opened before the fork (preload_app) must not be shared.
    from django.db import connections

    connections.close_all()
