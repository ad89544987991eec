import logging
import signal
import threading
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scheduler import runner
from scheduler.models import JobRun
from scheduler.registry import jobs

logger = logging.getLogger("scheduler")


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (question escalation, notification digests, ...) when they are due. "
        "Runs until SIGTERM/SIGINT; run one process per deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument("--list", action="store_true", help="List the jobs and their last runs, then exit.")
        parser.add_argument("--at", help="With --once: act as if it were this moment (ISO 8601), for checks.")

    def handle(self, *args, once=False, list=False, at=None, **options):
        if list:
            return self._list()
        if once:
            ran = runner.run_due(self._moment(at))
            self.stdout.write(f"Ran: {', '.join(ran) if ran else 'nothing was due'}.")
            return None
        if at:
            raise CommandError("--at works only with --once.")
        return self._loop()

    def _moment(self, at: str | None) -> datetime | None:
        if not at:
            return None
        try:
            moment = datetime.fromisoformat(at)
        except ValueError as error:
            raise CommandError(f"--at must be an ISO 8601 date and time, not {at!r}") from error
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    def _list(self) -> None:
        runs = {run.name: run for run in JobRun.objects.all()}
        for job in jobs():
            run = runs.get(job.name)
            if run and run.last_slot and run.started_at is None:  # registered at its first start, not run
                self.stdout.write(
                    f"{job.name}: {job.schedule}; not run yet, first run at "
                    f"{job.schedule.next_slot(run.last_slot).isoformat()}"
                )
                continue
            last = run.last_slot.isoformat() if run and run.last_slot else "never"
            state = {True: "ok", False: "failed", None: "running or never"}[run.succeeded if run else None]
            self.stdout.write(f"{job.name}: {job.schedule}; last run for {last} ({state})")

    def _loop(self) -> None:
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("Stopping the scheduler (signal %s) after the running job.", signum)
            stop.set()

        previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        logger.info("Scheduler started with %s", ", ".join(f"{j.name} ({j.schedule})" for j in jobs()) or "no jobs")
        try:
            while not stop.is_set():
                try:
                    runner.run_due(stop=stop)
                except Exception:  # noqa: BLE001 - e.g. the database is briefly away: try again later
                    logger.exception("Could not check the scheduled jobs")
                stop.wait(runner.seconds_until_next())
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("Scheduler stopped.")
