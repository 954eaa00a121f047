"""gunicorn settings for ``make serve`` (``gunicorn -c src/mahalleh/config/gunicorn.py``).

Local use only: plain HTTP on 127.0.0.1. Deployments put it behind a TLS proxy with the production
settings of a later issue. Every figure can be overridden from the environment.
"""

import multiprocessing
import os

wsgi_app = "mahalleh.config.wsgi:application"
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"

# gthread workers: a worker holds a keep-alive connection without blocking the others, and a thread
# waiting on PostgreSQL leaves the core to another. (2 × cores) + 1 processes, as gunicorn advises.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a long meeting's minutes PDF takes seconds
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
# No control socket (gunicornc): its one default path would be fought over by several local servers.
control_socket_disable = True
