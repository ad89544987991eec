"""Periodic jobs: `manage.py run_scheduler` runs the jobs apps register in their `schedules.py`.

Why not a library: APScheduler 3 keeps its job store in SQLAlchemy (or, through django-apscheduler, last
released 2024, in tables it updates only after handing a job to a thread pool), and celery beat or
django-tasks-scheduler need a broker. This app is a loop, three schedule kinds and one table whose
conditional update makes each scheduled moment run at most once (see runner.py)."""
