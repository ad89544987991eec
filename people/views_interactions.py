"""Editing and deleting a recorded interaction: for the colleague who recorded it, its participating
colleagues and administrators (everyone else gets 404). Thin: reads via people.network_queries, writes
via people.network_services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from people import network_queries as nq
from people import network_services as ns
from people.network_forms import InteractionEditForm


def _back(request, interaction) -> str:
    """Where the timeline link came from, else the organisation or first contact's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    if interaction.organisation_id:
        return reverse("people:organisation", args=[interaction.organisation.key])
    first = nq.visible_contacts(request.user).filter(interactions=interaction).first()
    return reverse("people:contact", args=[first.key]) if first else reverse("people:contacts")


def edit(request, key: str):
    interaction = nq.get_changeable_interaction(request.user, key)
    visible = nq.visible_contacts(request.user)
    current = list(interaction.contacts.all())
    visible_ids = set(visible.filter(pk__in=[c.pk for c in current]).values_list("pk", flat=True))
    hidden = [c for c in current if c.pk not in visible_ids]
    initial = {
        "kind": interaction.kind,
        "date": interaction.date,
        "summary": interaction.summary,
        "organisation": interaction.organisation,
        "contacts": sorted(visible_ids),
        "participants": list(interaction.participants.values_list("pk", flat=True)),
    }
    form = InteractionEditForm(
        request.POST or None,
        initial=initial,
        contacts=visible,
        viewer=request.user,
        current_participants=interaction.participants.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ns.update_interaction(
                request.user,
                interaction,
                {name: data[name] for name in ns.INTERACTION_FIELDS},
                contacts=data["contacts"],
                participants=data["participants"],
                hidden_contacts=hidden,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404("No such interaction.") from None
        else:
            messages.success(request, _("The interaction was saved."))
            return redirect(_back(request, interaction))
    return render(
        request,
        "people/interaction_form.html",
        {"interaction": interaction, "form": form, "next": _back(request, interaction)},
        status=400 if form.errors else 200,
    )


def delete(request, key: str):
    """GET asks for confirmation; POST deletes."""
    interaction = nq.get_changeable_interaction(request.user, key)
    back = _back(request, interaction)
    if request.method == "POST":
        try:
            ns.delete_interaction(request.user, interaction)
        except PermissionDenied:
            raise Http404("No such interaction.") from None
        messages.success(request, _("The interaction was deleted."))
        return redirect(back)
    return render(request, "people/interaction_delete.html", {"interaction": interaction, "next": back})
