"""Pages of messaging: thin adapters over queries and services."""

from django.contrib import messages as flash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from messaging import queries, services
from messaging.errors import MessagingError
from messaging.forms import MessageForm

HISTORY_PAGE = 50


def index(request):
    return render(request, "messaging/index.html", {"summaries": queries.conversations_of(request.user)})


@require_http_methods(["GET", "POST"])
def conversation(request, conversation_id: int):
    conversation = queries.get_conversation_for(request.user, conversation_id)
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message, _created = services.send_message(
                    request.user, conversation.pk, form.cleaned_data["client_id"], form.cleaned_data["body"]
                )
            except MessagingError as error:
                form.add_error("body", str(error))
            else:
                url = reverse("messaging:conversation", args=[conversation.pk])
                return redirect(f"{url}#message-{message.seq}")
        status = 400
        form.point_to_errors("message-errors")
    else:
        form = MessageForm()

    before = _before(request)
    history = queries.history(conversation, before, HISTORY_PAGE)
    newest_page = before is None
    if newest_page and history:
        # Opening the conversation reads it.
        services.mark_read(request.user, conversation.pk, history[-1].seq)
    others = queries.other_members(conversation, request.user)
    return render(request, "messaging/conversation.html", {
        "conversation": conversation,
        "others": others,
        "title": ", ".join(str(other) for other in others) or str(request.user),
        "history": history,
        "older_before": history[0].seq if history and history[0].seq > 1 else None,
        "newest_page": newest_page,
        "last_seq": history[-1].seq if newest_page and history else (0 if newest_page else None),
        "form": form,
    }, status=status)


@require_POST
def start(request, profile_key: str):
    other = queries.person_to_message(request.user, profile_key)
    try:
        conversation = services.start_direct(request.user, other)
    except MessagingError as error:
        flash.error(request, str(error))
        return redirect("messaging:index")
    return redirect("messaging:conversation", conversation.pk)


def _before(request) -> int | None:
    raw = request.GET.get("before", "")
    if not (raw.isascii() and raw.isdigit()):
        return None
    return min(int(raw), 2**62)  # stay inside the database's bigint
