"""The LOGGING setting: lines of text by default, one JSON object per line with LOG_FORMAT=json."""

from django.core.exceptions import ImproperlyConfigured

FORMATS = ("text", "json")


def logging_config(log_format: str, level: str) -> dict:
    if log_format not in FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    formatters = {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "intranet.ops.request_id.RequestIdFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.channels.server": {"level": "WARNING"},
            # Every immediate task logs its start and end at INFO; only trouble is worth a line.
            "django_tasks": {"level": "WARNING"},
            "django.tasks": {"level": "WARNING"},
        },
    }
