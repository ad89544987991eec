"""The leaving and handover page, for the person, their manager and administrators. Its URL stays
`people:handover` (intranet/urls.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from handover import workflow
from handover.forms import HandoverForm
from people import leaving_services, queries
from people.network_forms import LeavingForm


def summary(result: workflow.HandoverResult, name: str) -> str:
    """What moved, in one sentence a person can check."""
    counts = [
        ngettext("%(count)d contact", "%(count)d contacts", len(result.contacts)),
        ngettext("%(count)d group role", "%(count)d group roles", len(result.roles)),
        ngettext("%(count)d open question they asked", "%(count)d open questions they asked", len(result.asked)),
        ngettext(
            "%(count)d question they were asked to answer",
            "%(count)d questions they were asked to answer",
            len(result.expert),
        ),
    ]
    values = [len(result.contacts), len(result.roles), len(result.asked), len(result.expert)]
    text = _("Handed over to %(name)s: %(items)s.") % {
        "name": name,
        "items": ", ".join(part % {"count": n} for part, n in zip(counts, values, strict=True)),
    }
    if result.already:
        text += " " + ngettext(
            "%(count)d item had already been handed over, so it was skipped.",
            "%(count)d items had already been handed over, so they were skipped.",
            result.already,
        ) % {"count": result.already}
    return text


def handover_page(request, key: str):
    person = queries.get_visible_profile(request.user, key)
    if not queries.may_manage(request.user, person) or person.user.is_guest:
        raise Http404("No such person.")
    held = workflow.items(person, request.user)
    leaving_form = LeavingForm(initial={"leaving_on": person.leaving_on}, auto_id="id_leaving_%s")
    form = HandoverForm(
        profile=person,
        held=held,
        viewer=request.user,
        initial={"successor": person.successor.key if person.successor else ""},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "leaving":
                leaving_form = LeavingForm(request.POST, auto_id="id_leaving_%s")
                if leaving_form.is_valid():
                    leaving_services.mark_leaving(request.user, person, leaving_form.cleaned_data["leaving_on"])
                    messages.success(request, _("Leaving date saved."))
                    return redirect("people:handover", person.key)
            else:
                form = HandoverForm(request.POST, profile=person, held=held, viewer=request.user)
                if form.is_valid():
                    data = form.cleaned_data
                    chosen = {
                        name: [item.pk for item in data.get(name, [])]
                        for name in ("contacts", "roles", "questions", "expert_questions")
                    }
                    result = workflow.hand_over(
                        request.user,
                        person,
                        data["successor"],
                        chosen["contacts"],
                        role_ids=chosen["roles"],
                        question_ids=chosen["questions"],
                        expert_question_ids=chosen["expert_questions"],
                        finish=data["finish"],
                    )
                    result.already += form.already_moved
                    messages.success(request, summary(result, data["successor"].name))
                    if result.unreadable:
                        messages.warning(
                            request,
                            _(
                                "%(name)s may not read the group of these questions, so they were not handed over: "
                                "%(titles)s"
                            )
                            % {
                                "name": data["successor"].name,
                                "titles": ", ".join(p.title or str(p) for p in result.unreadable),
                            },
                        )
                    if result.ownerless:
                        messages.warning(
                            request,
                            _("Nobody owns these groups any more: %(groups)s")
                            % {"groups": ", ".join(group.name for group in result.ownerless)},
                        )
                    if data["finish"] and request.user.pk == person.user_id:
                        return redirect("account_login")
                    return redirect("people:profile", person.key)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404("No such person.") from None
    return render(
        request, "handover/handover.html", {"person": person, "held": held, "form": form, "leaving_form": leaving_form}
    )
