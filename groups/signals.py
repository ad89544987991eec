"""A membership written during a request makes the request forget what it remembered (core.request_memo):
the viewer's memberships, and what was read through them, are read again before the page renders."""

from django.db.models.signals import post_delete, post_save

from core import request_memo
from groups.models import Membership


def forget_remembered(**_kwargs) -> None:
    request_memo.forget()


def connect() -> None:
    post_save.connect(forget_remembered, sender=Membership, dispatch_uid="groups.memo.save")
    post_delete.connect(forget_remembered, sender=Membership, dispatch_uid="groups.memo.delete")
