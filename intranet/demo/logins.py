"""Demo logins: a known password for the featured people who log in, and one administrator."""

from django.db import transaction

from core import audit
from intranet.demo.featured import ADMIN, LOGINS
from people.models import Profile

# Demo only: long enough for the password validators, and printed by seed_demo.
DEMO_PASSWORD = "demo-password-2026"


def set_up_logins() -> list[tuple[str, str]]:
    """(email, role) of each demo login. Passwords are set only when they differ, so a second
    run writes nothing (and keeps the sessions of people already logged in)."""
    users = {p.key: p.user for p in Profile.objects.select_related("user").filter(key__in=[k for k, _r in LOGINS])}
    with transaction.atomic():
        for key, _role in LOGINS:
            user = users[key]
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
        admin = users[ADMIN]
        if not (admin.is_staff and admin.is_superuser):
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])
            audit.record(None, "user.grant_admin", admin, target_id=ADMIN, reason="seed_demo")
    return [(users[key].email, role) for key, role in LOGINS]
