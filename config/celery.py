"""Celery application: a broker in the scaled shape, eager (inline) in the embedded one."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
