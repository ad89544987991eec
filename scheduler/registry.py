"""The jobs the scheduler runs. Apps register theirs in a `schedules` module of their own
(`<app>/schedules.py`, imported by `run_scheduler`), e.g.

    from scheduler.registry import register
    from scheduler.schedules import Every

    register("my_job", Every(minutes=15), my_function)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Job:
    name: str
    schedule: object  # Every, DailyAt or WeeklyAt
    run: Callable[[], object]


_jobs: dict[str, Job] = {}


def register(name: str, schedule, run: Callable[[], object]) -> Job:
    """Add (or replace, so re-imports are harmless) a job under a unique name."""
    job = Job(name, schedule, run)
    _jobs[name] = job
    return job


def jobs() -> list[Job]:
    autodiscover_modules("schedules")
    return sorted(_jobs.values(), key=lambda job: job.name)
