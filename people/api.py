"""People API: the same visibility as the pages (people.visibility, people.network_queries)."""

from django.http import HttpRequest
from ninja import Router

from people import network_queries as nq
from people import network_services as ns
from people import queries
from people.visibility import profile_view

router = Router(tags=["people"])


@router.get("/contacts/{key}")
def contact(request: HttpRequest, key: str):
    found = nq.get_visible_contact(request.user, key)
    if found.email or found.phone:
        ns.record_view(request.user, found)
    return {
        "key": found.key,
        "name": found.name,
        "role": found.role,
        "email": found.email,
        "phone": found.phone,
        "organisation": found.organisation.key if found.organisation else None,
        "added_by": found.added_by.key if found.added_by else None,
        "source": found.source,
        "legal_basis": found.legal_basis,
        "visibility": found.visibility,
        "known_by": [p.key for p in found.known_by.all()],
    }


@router.get("/organisations/{key}")
def organisation(request: HttpRequest, key: str):
    org = nq.get_visible_organisation(request.user, key)
    data = {"key": org.key, "name": org.name, "kind": org.kind, "country": org.country, "business_id": org.business_id}
    if not request.user.is_guest:
        data["dealt_with"] = [
            {
                "person": row["profile"].key,
                "last": row["last"].isoformat(),
                "contacts": row["contacts"],
                "interactions": row["interactions"],
            }
            for row in nq.who_has_dealt_with(request.user, org)
        ]
        data["partnerships"] = [
            {
                "key": p.key,
                "name": p.name,
                "starts_on": p.starts_on and p.starts_on.isoformat(),
                "ends_on": p.ends_on and p.ends_on.isoformat(),
            }
            for p in nq.partnerships_of(org)
        ]
    return data


@router.get("/{key}")
def person(request: HttpRequest, key: str):
    profile = queries.get_visible_profile(request.user, key)
    return profile_view(request.user, profile, skills=profile.profile_skills.all()).as_dict()
