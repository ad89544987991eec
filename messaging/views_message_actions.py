"""Editing and deleting one's own message without JavaScript: a page for each.

The same services as the websocket (messaging.message_actions), so the same rules apply and the other
members' sockets get the same live `message.updated` copy on commit. With JavaScript, conversation.js
does both in place instead.
"""

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from messaging import message_actions, queries, services
from messaging.errors import MessagingError
from messaging.forms import MessageEditForm
from messaging.views import HISTORY_PAGE, sending_too_fast

DELETED = _("This message was deleted.")
# Refusals about the text itself: the form shows them next to the field. Any other refusal means the
# message can no longer be changed by this user (deleted, access ended meanwhile): back to the conversation.
TEXT_ERRORS = frozenset({"empty", "too_long", "bad_character"})


@require_http_methods(["GET", "POST"])
def edit_message(request, conversation_id: int, message_id: int):
    conversation, message = _own_message(request.user, conversation_id, message_id)
    back = _message_url(conversation, message)
    refusal = _refusal(request, message)
    if refusal is not None:
        return redirect(back)
    status = 200
    if request.method == "POST":
        form = MessageEditForm(request.POST, seq=message.seq)
        status = 400
        if form.is_valid() and sending_too_fast(request, form):  # as an edit over the websocket
            status = 429
        elif form.is_valid():
            try:
                message_actions.edit_message(request.user, message.pk, form.cleaned_data["body"])
            except MessagingError as error:
                if error.code not in TEXT_ERRORS:
                    flash.error(request, str(error))
                    return redirect(back)
                form.add_error("body", str(error))
            else:
                flash.success(request, _("Your message was saved."))
                return redirect(back)
        form.point_to_errors()
    else:
        form = MessageEditForm(initial={"body": message.body}, seq=message.seq)
    return render(
        request,
        "messaging/edit_message.html",
        {
            "conversation": conversation,
            "message": message,
            "form": form,
            "back": back,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def delete_message(request, conversation_id: int, message_id: int):
    conversation, message = _own_message(request.user, conversation_id, message_id)
    back = _message_url(conversation, message)
    # A second POST (a double click, the back button) finds the message deleted: it only says so.
    if _refusal(request, message) is not None:
        return redirect(back)
    if request.method == "POST":
        try:
            message_actions.delete_message(request.user, message.pk)
        except MessagingError as error:
            flash.error(request, str(error))
        else:
            flash.success(request, _("Your message was deleted."))
        return redirect(back)
    return render(
        request,
        "messaging/delete_message.html",
        {
            "conversation": conversation,
            "message": message,
            "back": back,
        },
    )


def _own_message(user, conversation_id: int, message_id: int):
    """(conversation, message), or 404: not a member, or not a message this user wrote there."""
    conversation = queries.get_conversation_for(user, conversation_id)
    message = conversation.messages.filter(pk=message_id, sender=user).prefetch_related("attachments").first()
    if message is None:
        raise Http404("No such message.")
    return conversation, message


def _refusal(request, message) -> str | None:
    """Why this user may not change the message now (also told as a flash message), or None.

    The check the services make on every change: the sender must still be allowed to write in the
    conversation (a guest whose shared group ended may read it but no longer write).
    """
    if message.deleted_at is not None:
        flash.info(request, str(DELETED))
        return str(DELETED)
    try:
        services.member_ids_allowed_to_send(request.user, message.conversation_id)
    except MessagingError as error:
        flash.error(request, str(error))
        return str(error)
    return None


def _message_url(conversation, message) -> str:
    """The conversation page that shows this message, anchored at it (older pages use ?before=)."""
    url = reverse("messaging:conversation", args=[conversation.pk])
    if conversation.last_seq - message.seq >= HISTORY_PAGE:
        url += f"?before={message.seq + 1}"
    return f"{url}#message-{message.seq}"
