"""gunicorn settings for Sanshe (used by deploy/systemd/sanshe-web.service).

Workers default to 2 × CPUs + 1 (override with WEB_CONCURRENCY); `systemctl reload
sanshe-web` sends HUP, which starts new workers with the new code and retires the
old ones after their requests finish.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# The request line only: query strings may carry tracking codes.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
forwarded_allow_ips = "127.0.0.1"
