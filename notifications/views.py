from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import queries, services, texts
from notifications.forms import EmailPreferenceForm
from notifications.models import EmailPreference

PAGE_SIZE = 30


def notification_list(request):
    page = Paginator(queries.for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [{"n": n, "text": texts.text(n), "link": texts.link(n)} for n in page]
    preference = EmailPreference(user=request.user, frequency=queries.frequency_of(request.user))
    form = EmailPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.set_frequency(request.user, form.cleaned_data["frequency"])
        messages.success(request, _("Your email preference was saved."))
        return redirect("notifications:list")
    return render(
        request,
        "notifications/list.html",
        {"page": page, "items": items, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
