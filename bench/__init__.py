"""`make bench`: the site under gunicorn, driven by a small load generator."""
