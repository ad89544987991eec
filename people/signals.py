"""A person or profile written during a request (deactivated, became a guest, left) makes the request
forget what it remembered (core.request_memo): who may find whom is read again before the page renders."""

from django.db.models.signals import post_delete, post_save

from core import request_memo
from people.models import Profile, User


def forget_remembered(**_kwargs) -> None:
    request_memo.forget()


def connect() -> None:
    for model in (User, Profile):
        post_save.connect(forget_remembered, sender=model, dispatch_uid=f"people.memo.save.{model.__name__}")
        post_delete.connect(forget_remembered, sender=model, dispatch_uid=f"people.memo.delete.{model.__name__}")
