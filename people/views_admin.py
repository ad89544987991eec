"""Administrators merge free-text skill proposals into the taxonomy."""

from django.contrib import messages
from django.db.models import Count, Min
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from people import queries, services
from people.forms import MergeForm


def skill_proposals(request):
    if not request.user.is_superuser:
        raise Http404("No such page.")
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.merge_proposals(request.user, form.cleaned_data["label"], form.cleaned_data["skill"])
        messages.success(request, _("%(count)d proposal(s) merged.") % {"count": count})
        return redirect("people:skill_proposals")
    open_proposals = queries.open_skill_proposals()
    labels = (
        open_proposals.annotate(folded=Lower("label"))
        .values("folded")
        .annotate(count=Count("pk"), label=Min("label"))
        .order_by("folded")
    )
    rows = [
        {
            "label": row["label"],
            "count": row["count"],
            "holders": [
                p.profile for p in open_proposals.filter(label__iexact=row["label"]).select_related("profile__user")
            ],
            "form": MergeForm(initial={"label": row["label"]}, auto_id=f"id_merge{index}_%s"),
        }
        for index, row in enumerate(labels)
    ]
    return render(request, "people/skill_proposals.html", {"rows": rows})
