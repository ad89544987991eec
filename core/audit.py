"""Writing the audit trail. Services call `record` inside their transaction."""

from django.db import models

from core.models import AuditEntry


def record(
    actor, action: str, target: models.Model | None = None, *, target_type: str = "", target_id: str = "", **details
) -> AuditEntry:
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(getattr(target, "key", None) or target.pk)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )
