"""Organisation and contact pages, interactions, the vCard import and export. Thin: reads via
people.network_queries, writes via people.network_services."""

import base64
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from people import network_queries as nq
from people import network_services as ns
from people import queries, vcards
from people.network_forms import ContactForm, ImportForm, InteractionForm, PartnershipForm

MAX_IMPORT = 1024 * 1024
SESSION_KEY = "people.vcard_import"


def _staff_only(request):
    if request.user.is_guest:
        raise Http404("No such page.")


def organisation(request, key: str):
    org = nq.get_visible_organisation(request.user, key)
    staff = not request.user.is_guest
    form = InteractionForm(request.POST or None, viewer=request.user) if staff else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            ns.record_interaction(
                request.user,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                summary=form.cleaned_data["summary"],
                organisation=org,
                contacts=[],
                participants=form.cleaned_data["participants"],
            )
        except PermissionDenied:
            raise Http404("No such organisation.") from None
        messages.success(request, _("The interaction was recorded."))
        return redirect("people:organisation", org.key)
    timeline = list(nq.timeline(request.user, organisation=org)[:50]) if staff else []
    context = {
        "organisation": org,
        "staff": staff,
        "form": form,
        "dealt_with": nq.who_has_dealt_with(request.user, org) if staff else [],
        "contacts": nq.visible_contacts(request.user).filter(organisation=org).order_by("name") if staff else [],
        "timeline": timeline,
        "changeable": nq.changeable_interaction_ids(request.user, timeline),
        "partnerships": nq.partnerships_of(org) if staff else [],
        "people": nq.staff_of(org)[:50] if staff and org.is_home else [],
        "former_staff": nq.former_staff_of(org) if staff else [],
    }
    return render(request, "people/organisation.html", context)


def contacts(request):
    _staff_only(request)
    rows = nq.visible_contacts(request.user).select_related("organisation").order_by("name")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "people/contacts.html", {"page": page})


def contact(request, key: str):
    found = nq.get_visible_contact(request.user, key)
    me = queries.own_profile(request.user)
    knows = me is not None and found.known_by.filter(pk=me.pk).exists()
    form = InteractionForm(request.POST or None, viewer=request.user)
    if request.method == "POST":
        if request.POST.get("action") == "know":
            ns.i_know(request.user, found)
            return redirect("people:contact", found.key)
        if form.is_valid():
            ns.record_interaction(
                request.user,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                summary=form.cleaned_data["summary"],
                organisation=found.organisation,
                contacts=[found],
                participants=form.cleaned_data["participants"],
            )
            messages.success(request, _("The interaction was recorded."))
            return redirect("people:contact", found.key)
    if found.email or found.phone:
        ns.record_view(request.user, found)
    timeline = list(nq.timeline(request.user, contact=found))
    return render(
        request,
        "people/contact.html",
        {
            "contact": found,
            "knows": knows,
            "may_edit": knows or (me is not None and found.added_by_id == me.pk),
            "timeline": timeline,
            "changeable": nq.changeable_interaction_ids(request.user, timeline),
            "form": form,
        },
    )


def contact_form(request, key: str | None = None):
    _staff_only(request)
    found = nq.get_visible_contact(request.user, key) if key else None
    form = ContactForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if found is None:
                found = ns.create_contact(request.user, values)
            else:
                ns.update_contact(request.user, nq.get_visible_contact(request.user, key), values)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404("No such contact.") from None
        else:
            messages.success(request, _("The contact was saved."))
            return redirect("people:contact", found.key)
    return render(request, "people/contact_form.html", {"form": form, "contact": found})


def contact_import(request):
    """Upload, preview (duplicates and errors per card), then confirm. Nothing is written while any
    card has an error."""
    _staff_only(request)
    if request.method == "POST" and request.POST.get("action") == "confirm" and SESSION_KEY in request.session:
        stored = request.session[SESSION_KEY]
        cards = vcards.parse_cards(base64.b64decode(stored["data"]))
        try:
            created = ns.import_cards(
                request.user,
                cards,
                visibility=stored["visibility"],
                legal_basis=stored["legal_basis"],
                source=stored["source"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("people:contact_import")
        del request.session[SESSION_KEY]
        messages.success(request, _("%(count)d contact(s) imported.") % {"count": len(created)})
        return redirect("people:contacts")
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT:
            form.add_error("file", _("The file is too large: at most 1 MB."))
        else:
            data = upload.read()
            cards = vcards.parse_cards(data)
            duplicates = ns.find_duplicates(cards, request.user)
            preview = [{"card": card, "duplicate": duplicates.get(card.number)} for card in cards]
            has_errors = any(card.errors for card in cards)
            if not has_errors:
                request.session[SESSION_KEY] = {
                    "data": base64.b64encode(data).decode(),
                    "visibility": form.cleaned_data["visibility"],
                    "legal_basis": form.cleaned_data["legal_basis"],
                    "source": form.cleaned_data["source"],
                }
            else:
                request.session.pop(SESSION_KEY, None)
            return render(
                request,
                "people/contact_import.html",
                {
                    "form": form,
                    "preview": preview,
                    "has_errors": has_errors,
                    "new_count": sum(1 for row in preview if not row["duplicate"]),
                },
                status=400 if has_errors else 200,
            )
    return render(request, "people/contact_import.html", {"form": form, "preview": preview})


def contact_export(request):
    """The contacts the signed-in person knows, as vCards."""
    _staff_only(request)
    me = queries.own_profile(request.user)
    rows = nq.visible_contacts(request.user).filter(known_by=me).select_related("organisation").order_by("name")
    ns.record_export(request.user, rows)
    response = HttpResponse(vcards.contact_cards(rows), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contacts.vcf"'
    return response


def partnerships(request):
    """Every partnership and project, ended ones too, newest first; `q` filters by name."""
    _staff_only(request)
    rows = nq.visible_partnerships(request.user).prefetch_related("organisations").order_by("-starts_on", "name")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        rows = rows.filter(name__icontains=query)
    return render(
        request,
        "people/partnerships.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("page")), "query": query},
    )


def partnership_form(request, key: str | None = None):
    """Create or change a partnership or project (staff)."""
    _staff_only(request)
    found = nq.visible_partnerships(request.user).filter(key=key).first() if key else None
    if key and found is None:
        raise Http404("No such partnership.")
    initial = {}
    if found is not None:
        initial = {name: getattr(found, name) for name in ns.PARTNERSHIP_FIELDS}
        initial |= {"organisations": list(found.organisations.all()), "people": list(found.people.all())}
    elif request.GET.get("organisation"):  # "add" from an organisation's page
        initial = {"organisations": nq.organisations_with_key(request.user, request.GET["organisation"])}
    form = PartnershipForm(
        request.POST or None,
        initial=initial,
        viewer=request.user,
        current_people=found.people.all() if found is not None else (),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = ns.save_partnership(
                request.user,
                found,
                {name: data[name] for name in ns.PARTNERSHIP_FIELDS},
                organisations=data["organisations"],
                people=data["people"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404("No such partnership.") from None
        else:
            messages.success(request, _("The partnership was saved."))
            return redirect(f"{reverse('people:partnerships')}?q={quote(found.name)}")
    return render(
        request,
        "people/partnership_form.html",
        {"form": form, "partnership": found},
        status=400 if form.errors else 200,
    )
