"""Profile pages: edit, skills, endorsements, photo, vCard and one's own data. Thin: reads via
people.queries / people.visibility, writes via people.services."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from files import responses
from people import export, photos, queries, services, vcards
from people.forms import AvailabilityForm, PhotoForm, ProfileForm, SkillForm, SkillProposalForm
from people.models import Profile, ProfileSkill
from people.visibility import photo_url, photo_visible, profile_view


def _own_profile(request) -> Profile:
    profile = queries.own_profile(request.user)
    if profile is None:
        raise Http404("No profile.")
    return profile


def edit(request):
    person = _own_profile(request)
    form = ProfileForm(
        request.POST or None,
        profile=person,
        viewer=request.user,
        initial={
            "title": person.title,
            "unit": person.unit,
            "manager": person.manager,
            "languages": person.languages,
            "help_with": person.help_with,
            "responsibilities": person.responsibilities,
            "bio": person.bio,
            "phone": person.phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(request.user, person, form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("people:edit")
    return render(request, "people/edit.html", _edit_context(person, form=form))


def _edit_context(person, **forms):
    # Only one's own profile is edited here: the person is the viewer of every picker.
    context = {
        "person": person,
        "form": forms.get("form"),
        "availability_form": forms.get("availability_form")
        or AvailabilityForm(
            profile=person,
            viewer=person.user,
            initial={"out_of_office_until": person.out_of_office_until, "stand_in": person.stand_in},
        ),
        "skill_form": forms.get("skill_form") or SkillForm(),
        "proposal_form": forms.get("proposal_form") or SkillProposalForm(),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "skills": person.profile_skills.select_related("skill").prefetch_related("endorsements__endorser__user"),
        "proposals": person.skill_proposals.filter(merged_into=None),
        "stale": queries.stale_skills(person),
        "photo_url": photo_url(person) if person.photo else "",
    }
    context["completeness"], context["missing"] = queries.completeness(person)
    return context


def availability(request, key: str):
    person = queries.get_visible_profile(request.user, key)
    if not queries.may_manage(request.user, person):
        raise Http404("No such person.")
    form = AvailabilityForm(
        request.POST or None,
        profile=person,
        viewer=request.user,
        initial={"out_of_office_until": person.out_of_office_until, "stand_in": person.stand_in},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                request.user,
                person,
                {
                    "out_of_office_until": form.cleaned_data["out_of_office_until"],
                    "stand_in": form.cleaned_data["stand_in"],
                },
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Availability was saved."))
            return redirect("people:profile", person.key)
    return render(request, "people/availability.html", {"person": person, "availability_form": form})


@require_POST
def add_skill(request):
    person = _own_profile(request)
    form = SkillForm(request.POST)
    if form.is_valid():
        services.set_skill(
            request.user,
            person,
            form.cleaned_data["skill"],
            form.cleaned_data["level"],
            shown_to_guests=form.cleaned_data["shown_to_guests"],
        )
        messages.success(request, _("The skill was saved."))
        return redirect("people:edit")
    return render(
        request, "people/edit.html", _edit_context(person, form=_profile_form(person), skill_form=form), status=400
    )


def _profile_form(person):
    return ProfileForm(
        profile=person,
        viewer=person.user,
        initial={
            "title": person.title,
            "unit": person.unit,
            "manager": person.manager,
            "languages": person.languages,
            "help_with": person.help_with,
            "responsibilities": person.responsibilities,
            "bio": person.bio,
            "phone": person.phone,
        },
    )


@require_POST
def remove_skill(request, held_id: int):
    held = get_object_or_404(ProfileSkill, pk=held_id, profile__user=request.user)
    services.remove_skill(request.user, held)
    messages.success(request, _("The skill was removed."))
    return redirect("people:edit")


@require_POST
def confirm_skills(request):
    person = _own_profile(request)
    held_ids = request.POST.getlist("held") or None
    count = services.confirm_skills(request.user, person, held_ids)
    messages.success(request, _("%(count)d skill(s) confirmed.") % {"count": count})
    return redirect(
        request.POST.get("next") == "profile" and "people:profile" or "people:edit",
        *([person.key] if request.POST.get("next") == "profile" else []),
    )


@require_POST
def propose_skill(request):
    person = _own_profile(request)
    form = SkillProposalForm(request.POST)
    if form.is_valid():
        try:
            services.propose_skill(request.user, person, form.cleaned_data["label"], form.cleaned_data["level"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your skill was proposed to the administrators."))
            return redirect("people:edit")
    return render(
        request, "people/edit.html", _edit_context(person, form=_profile_form(person), proposal_form=form), status=400
    )


@require_POST
def upload_photo(request):
    person = _own_profile(request)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photos.set_photo(request.user, person, form.cleaned_data["photo"])
        except ValidationError as error:
            form.add_error("photo", error)
        else:
            messages.success(request, _("Your photo was saved."))
            return redirect("people:edit")
    return render(
        request, "people/edit.html", _edit_context(person, form=_profile_form(person), photo_form=form), status=400
    )


@require_POST
def remove_photo(request):
    photos.remove_photo(request.user, _own_profile(request))
    messages.success(request, _("Your photo was removed."))
    return redirect("people:edit")


@require_POST
def endorse(request, key: str, skill: str):
    person = queries.get_visible_profile(request.user, key)
    held = get_object_or_404(ProfileSkill, profile=person, skill__key=skill)
    try:
        services.endorse(request.user, held)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:  # guests: as if the button did not exist
        raise Http404("No such skill.") from None
    else:
        messages.success(request, _("You endorsed %(skill)s.") % {"skill": held.skill.label()})
    return redirect("people:profile", person.key)


def vcard(request, key: str):
    person = queries.get_visible_profile(request.user, key)
    card = vcards.person_card(profile_view(request.user, person))
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{person.key}.vcf"'
    return response


def photo_file(request, key: str):
    """A profile photo, for exactly the viewers its profile page shows it to (404 for anyone else, as for a
    person they may not see); like attachments, never kept by a shared cache."""
    person = queries.get_visible_profile(request.user, key)
    if not photo_visible(request.user, person):
        raise Http404("No photo.")
    path = Path(person.photo.path)
    return responses.preview(path if path.is_file() else None)


def my_data(request):
    """Everything the intranet holds about the signed-in person, as JSON (the right of access)."""
    person = _own_profile(request)
    response = JsonResponse(
        export.own_data(request.user, person), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="{person.key}-data.json"'
    return response
