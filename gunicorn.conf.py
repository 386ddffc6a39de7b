"""gunicorn's settings for the container (and any server): everything from the environment."""

import multiprocessing
import os

# Sync workers, one request each: the pages are CPU-bound and short. 2 × cores + 1 is
# gunicorn's own rule, capped so that a big host does not open too many database
# connections per copy (each worker keeps one).
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 9))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A request that takes longer than this is a bug or a hang: its worker is replaced.
timeout = 30
# On SIGTERM (a deploy, `docker stop`) workers finish the requests they are serving.
graceful_timeout = 20
# The reverse proxy keeps connections open to us; close idle ones a little after it does.
keepalive = 5

# Replace each worker after about a thousand requests, at staggered times, so that a slow
# leak cannot grow and the workers never all restart at once.
max_requests = 1000
max_requests_jitter = 100

# Access log on stdout beside the application's own JSON lines; errors on stderr.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" %({x-request-id}o)s'

# The proxy's address(es) whose X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the application before forking: a broken configuration stops the start at once,
# with its message, instead of every worker failing in turn.
preload_app = True
# /dev/shm: heartbeat files on tmpfs, so a slow disk cannot make workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
