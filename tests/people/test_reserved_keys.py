"""Profile keys never equal a fixed address of the people pages (/people/me/, /people/contacts/...)."""

import pytest
from django.urls import reverse

from people.models import Profile
from people.reserved_keys import fixed_words, is_reserved, unique_key
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_fixed_word_of_the_people_urls_is_reserved():
    assert {"me", "skills", "organisations", "partnerships", "contacts", "interactions"} <= fixed_words("")
    assert {"new", "import", "export.vcf"} <= fixed_words("contacts/")
    assert is_reserved("person", "ME") and not is_reserved("person", "aino.virtanen")


def test_a_new_person_keyed_like_a_fixed_page_gets_a_suffix_and_their_own_profile_page(client):
    user = factories.person("Mette", "Me", key="me")
    assert user.profile.key == "me-2"
    taken = factories.person("Mette", "Other", key="me-2x")
    assert taken.profile.key == "me-2x"
    again = factories.person("Mikko", "Me", key="me", email="mikko@example.test")
    assert again.profile.key == "me-3"
    client.force_login(again)
    assert "Mikko Me" in client.get(reverse("people:profile", args=["me-3"])).content.decode()
    assert unique_key(Profile, "person", "skills") == "skills-2"


def test_an_existing_profile_keeps_its_key_when_saved():
    user = factories.person("Aino", "Virtanen")
    Profile.objects.filter(pk=user.profile.pk).update(key="contacts")  # from before the rule
    profile = Profile.objects.get(pk=user.profile.pk)
    profile.title = "Planner"
    profile.save()
    assert Profile.objects.get(pk=profile.pk).key == "contacts"
