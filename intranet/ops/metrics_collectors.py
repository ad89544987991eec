"""Metrics read from the database at scrape time: the same from whichever process is scraped."""

from django.conf import settings
from django.db import DatabaseError
from prometheus_client.core import GaugeMetricFamily

from scheduler.models import JobRun

DATABASE_TASKS = "django_tasks_db.DatabaseBackend"


class DatabaseCollector:
    def collect(self):
        try:
            yield from self._task_queue()
            yield from self._scheduler()
        except DatabaseError:
            return  # the database's health is /healthz/ready's to report

    def _task_queue(self):
        depth = GaugeMetricFamily(
            "intranet_task_queue_depth",
            "Tasks waiting in (ready) or taken from (running) the database queue.",
            labels=["status"],
        )
        if settings.TASKS["default"]["BACKEND"] == DATABASE_TASKS:
            from django.db.models import Count
            from django_tasks.base import TaskResultStatus
            from django_tasks_db.models import DBTaskResult

            counts = dict(
                DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
                .values_list("status")
                .annotate(n=Count("id"))
                .values_list("status", "n")
            )
            for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
                depth.add_metric([str(status).lower()], counts.get(status, 0))
        yield depth

    def _scheduler(self):
        finished = GaugeMetricFamily(
            "intranet_scheduler_job_last_finished_timestamp_seconds",
            "When each scheduled job last finished (Unix time).",
            labels=["job"],
        )
        succeeded = GaugeMetricFamily(
            "intranet_scheduler_job_last_succeeded",
            "1 if the job's last run succeeded, 0 if it failed.",
            labels=["job"],
        )
        for name, finished_at, ok in JobRun.objects.values_list("name", "finished_at", "succeeded"):
            if finished_at is not None:
                finished.add_metric([name], finished_at.timestamp())
            if ok is not None:
                succeeded.add_metric([name], 1 if ok else 0)
        yield finished
        yield succeeded
