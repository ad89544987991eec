"""Leaving and handover pages, for the person, their manager and administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from people import handover, queries
from people.network_forms import HandoverForm, LeavingForm


def handover_page(request, key: str):
    person = queries.get_visible_profile(request.user, key)
    if not queries.may_manage(request.user, person) or person.user.is_guest:
        raise Http404("No such person.")
    held = handover.items(person, request.user)
    leaving_form = LeavingForm(initial={"leaving_on": person.leaving_on}, auto_id="id_leaving_%s")
    form = HandoverForm(profile=person, contacts=held["contacts"], initial={"successor": person.successor})
    if request.method == "POST":
        try:
            if request.POST.get("action") == "leaving":
                leaving_form = LeavingForm(request.POST, auto_id="id_leaving_%s")
                if leaving_form.is_valid():
                    handover.mark_leaving(request.user, person, leaving_form.cleaned_data["leaving_on"])
                    messages.success(request, _("Leaving date saved."))
                    return redirect("people:handover", person.key)
            else:
                form = HandoverForm(request.POST, profile=person, contacts=held["contacts"])
                if form.is_valid():
                    count = handover.hand_over(request.user, person, form.cleaned_data["successor"],
                                               [c.pk for c in form.cleaned_data["contacts"]],
                                               finish=form.cleaned_data["finish"])
                    messages.success(request, _("%(count)d contact(s) handed over to %(name)s.") % {
                        "count": count, "name": form.cleaned_data["successor"].name})
                    if form.cleaned_data["finish"] and request.user.pk == person.user_id:
                        return redirect("account_login")
                    return redirect("people:profile", person.key)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404("No such person.") from None
    return render(request, "people/handover.html",
                  {"person": person, "held": held, "form": form, "leaving_form": leaving_form})
