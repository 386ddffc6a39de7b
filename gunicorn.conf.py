"""gunicorn's settings for the container (and any server): everything from the environment."""

import gc
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

# Replace each worker now and then, at staggered times, so that a slow leak (hours of
# traffic) cannot grow, and the workers never all restart at once. A restart is not free:
# the new worker compiles its templates and loads its catalogues again (its first page
# takes about half a second), so it must be rare. The cached site serves about 1,000
# requests/s on 2 cores: with 1,000 per worker, one of 5 workers restarted every second
# (59 restarts in 60 s, p99 318 ms instead of 92 ms). With 50,000 + up to 25,000: at
# 1,000 requests/s over 5 workers (200/s each), each restarts every 4 to 6 minutes,
# about one restart a minute for the copy, none in a 60 s benchmark; at an ordinary
# 10 requests/s, every 7 to 10 hours each. A leak as bad as 1 KB per request grows to
# 75 MB at most before its worker goes.
max_requests = 50_000
max_requests_jitter = 25_000

# Request size limits, set so that Django, not gunicorn, answers whatever it can (in the
# visitor's language): gunicorn's own answers are plain English pages.
# - The request line at gunicorn's maximum: a query string of up to about 8 KB reaches
#   Django, which refuses more than 1,000 parameters (DATA_UPLOAD_MAX_NUMBER_FIELDS) with
#   our 400 page where a page reads them (the directory's filters); pages that take no
#   parameters ignore them. Longer lines get gunicorn's "414 URI Too Long".
# - 50 header fields: a browser sends 10 to 20 and the proxy adds 5. Django has no limit
#   of its own, so more gets gunicorn's "431 Request Header Fields Too Large"; so does a
#   single header over 8 KB (gunicorn's default, stated here; Django's cookies are small).
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190

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

# The garbage collector, tuned for short requests on a preloaded application. Everything
# loaded before the fork (Django, the URLs, the templates' modules: hundreds of thousands
# of objects) is moved out of the collector's view, so that a full collection in a worker
# no longer walks it all (and no longer writes to pages the workers share with the
# master). And the youngest generation is collected after 50,000 allocations rather than
# 700: a page allocates tens of thousands of short-lived objects, which reference counting
# frees; the collector is only for cycles. Measured in process on a network page of 60
# members: about 25 % less CPU per request (README, "Benchmark").
GC_THRESHOLD = (50_000, 20, 20)


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLD)
