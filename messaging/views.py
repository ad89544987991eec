"""Pages of messaging: thin adapters over queries and services."""

from django.contrib import messages as flash
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from files import responses
from groups.queries import get_visible_group
from messaging import attachments, group_services, message_actions, presence, queries, ratelimit, services, uploads
from messaging.errors import MessagingError
from messaging.forms import GroupConversationForm, MessageForm
from people.queries import visible_profiles

# The people offered in the form of a new group conversation (a select list stays usable).
PEOPLE_CHOICES = 1000

HISTORY_PAGE = 50
SENDING_TOO_FAST = _("You are sending too fast; wait a moment and try again.")


def index(request):
    return render(request, "messaging/index.html", {"summaries": queries.conversations_of(request.user)})


def sending_too_fast(request, form) -> bool:
    """Count one send against the user's budget, the socket's and the API's too (a form is no way around
    it); over it, say so on the form."""
    if ratelimit.allow(request.user.pk, "send"):
        return False
    form.add_error("body", str(SENDING_TOO_FAST))
    return True


@require_http_methods(["GET", "POST"])
def conversation(request, conversation_id: int):
    conversation = queries.get_conversation_for(request.user, conversation_id)
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        status = 400
        if form.is_valid() and sending_too_fast(request, form):
            status = 429
        elif form.is_valid():
            try:
                message, _created = uploads.send_with_files(
                    request.user,
                    conversation.pk,
                    form.cleaned_data["client_id"],
                    form.cleaned_data["body"],
                    form.cleaned_data["files"],
                )
            except MessagingError as error:
                form.add_error("files" if error.code == "bad_file" else "body", str(error))
            else:
                url = reverse("messaging:conversation", args=[conversation.pk])
                return redirect(f"{url}#message-{message.seq}")
        form.point_to_errors("message-errors")
    else:
        form = MessageForm()

    before = _before(request)
    history = queries.history(conversation, before, HISTORY_PAGE)
    newest_page = before is None
    if newest_page and history and history[-1].seq > (conversation.my_read_seq or 0):
        # Opening the conversation reads it (nothing to write, lock or check again when already read).
        services.mark_read(request.user, conversation.pk, history[-1].seq)
    mine = queries.my_reactions(request.user, history)
    for message in history:
        message.my_reactions = " ".join(mine.get(message.pk, ()))
    others = queries.other_members(conversation, request.user)
    # Presence only of those who take part now (messaging.rules): not of a guest whose access ended.
    taking_part = queries.participant_ids(conversation)
    states = presence.states(other.pk for other in others if other.pk in taking_part)
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "others": others,
            "presence": [(other, states[other.pk]) for other in others if other.pk in states],
            "is_group": conversation.kind != conversation.Kind.DIRECT,
            "title": queries.conversation_title(conversation, others) or str(request.user),
            "history": history,
            "older_before": history[0].seq if history and history[0].seq > 1 else None,
            "newest_page": newest_page,
            "last_seq": history[-1].seq if newest_page and history else (0 if newest_page else None),
            # Read with the conversation, before the history: a change in between is sent again, never lost.
            "last_change": conversation.last_change,
            "reactions": message_actions.REACTIONS,
            "form": form,
        },
        status=status,
    )


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


@require_http_methods(["GET", "POST"])
def new_group(request):
    """Start a group conversation with several people (the profile page links here with ?with=<key>)."""
    choices = (
        visible_profiles(request.user)
        .filter(user__is_active=True)
        .exclude(user=request.user)
        .select_related("organisation", "user")
        .order_by("user__last_name", "user__first_name")
    )
    choices = choices.filter(pk__in=list(choices.values_list("pk", flat=True)[:PEOPLE_CHOICES]))
    if request.method == "POST":
        form = GroupConversationForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                conversation = group_services.start_group(
                    request.user,
                    [profile.user for profile in form.cleaned_data["people"]],
                    form.cleaned_data["title"],
                )
            except MessagingError as error:
                form.add_error("people", str(error))
            else:
                return redirect("messaging:conversation", conversation.pk)
        status = 400
    else:
        initial = list(choices.filter(key__in=request.GET.getlist("with")))
        form = GroupConversationForm(initial={"people": initial}, choices=choices)
        status = 200
    return render(request, "messaging/new_group.html", {"form": form}, status=status)


@require_POST
def group_chat(request, group_key: str):
    """Open the live chat of a group space (404 for a group the user may not see)."""
    group = get_visible_group(request.user, group_key)
    try:
        conversation = group_services.open_group_chat(request.user, group)
    except MessagingError as error:
        flash.error(request, str(error))
        return redirect("groups:detail", group.key)
    return redirect("messaging:conversation", conversation.pk)


@require_POST
def leave(request, conversation_id: int):
    conversation = queries.get_conversation_for(request.user, conversation_id)
    try:
        group_services.remove_member(request.user, conversation.pk, request.user)
    except MessagingError as error:
        flash.error(request, str(error))
        return redirect("messaging:conversation", conversation.pk)
    return redirect("messaging:index")


def message_history(request, conversation_id: int, message_id: int):
    """Every version of a message with the time it was written, for the conversation's members."""
    conversation = queries.get_conversation_for(request.user, conversation_id)
    versions = queries.versions_of(request.user, conversation, message_id)
    message = conversation.messages.select_related("sender").get(pk=message_id)
    return render(
        request,
        "messaging/history.html",
        {
            "conversation": conversation,
            "message": message,
            "versions": versions,
        },
    )


@require_POST
def upload_attachment(request, conversation_id: int):
    """A file for the next message (the page's script sends its id with the message): 201 JSON or 400 JSON."""
    conversation = queries.get_conversation_for(request.user, conversation_id)
    if not ratelimit.allow(request.user.pk, "send"):
        # The same per-user budget as sends: a file is written to disk, so it is at least as costly.
        return JsonResponse({"error": str(SENDING_TOO_FAST), "code": "rate_limited"}, status=429)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": str(MessageForm.NO_FILE), "code": "missing_field"}, status=400)
    try:
        attachment = uploads.upload(request.user, conversation.pk, upload)
    except MessagingError as error:
        return JsonResponse({"error": str(error), "code": error.code}, status=400)
    return JsonResponse(attachments.payload(attachment), status=201)


def attachment(request, pk: int):
    """Files are served only through here, to the conversation's members (404 for anyone else)."""
    return responses.download(attachments.readable(request.user, pk))


def attachment_preview(request, pk: int):
    """An image attachment's thumbnail, to the conversation's members only (others, and non-images: 404)."""
    return responses.preview(attachments.preview_path(attachments.readable(request.user, pk)))
