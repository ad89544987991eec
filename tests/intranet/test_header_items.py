"""The base layout's header is made of the items apps register (frontend/header.py), and names none of
them itself, so a feature app can change or leave without editing the layout."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
FEATURE_APPS = ["people", "groups", "feed", "notifications", "messaging", "search"]


@pytest.mark.django_db
def test_a_signed_in_page_has_every_registered_item_in_order(client):
    person = factories.person("Aino", "Virtanen")
    client.force_login(person)
    response = client.get(reverse("groups:list"))
    assert response.status_code == 200
    nav = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', response.content.decode(), re.S).group(1)
    links = re.findall(r'<a href="([^"]+)"', nav)
    assert links == [
        "/",
        reverse("groups:list"),
        reverse("messaging:index"),
        reverse("search:people"),
        reverse("people:profile", args=[person.profile.key]),
        reverse("notifications:list"),
    ]
    assert 'id="unread-badge"' in nav and 'class="notifications-link"' in nav
    # One socket for the page, declared by the app that serves it; every live part is a module on it.
    page = response.content.decode()
    assert page.count("data-live-socket=") == 1 and 'id="messaging-header-script"' in page
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all('type="module"' in script for script in scripts), scripts


@pytest.mark.django_db
def test_an_anonymous_page_has_no_navigation_and_no_socket_script(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<nav" not in page.split("<main")[0]
    assert "messaging-header-script" not in page


def test_the_frontend_names_no_feature_app():
    for path in [*FRONTEND.rglob("*.html"), *FRONTEND.rglob("*.py"), *FRONTEND.rglob("*.js")]:
        text = path.read_text(encoding="utf-8")
        for app in FEATURE_APPS:
            for pattern in [
                rf"\{{% url ['\"]{app}:",
                rf"\{{% include ['\"]{app}/",
                rf"\{{% load [^%]*\b{app}\b",
                rf"^\s*(from|import) {app}\b",
                rf"""(from|import)\s*\(?\s*["'][./]*{app}/""",  # a JavaScript module of the app
            ]:
                assert not re.search(pattern, text, re.M), f"{path.relative_to(FRONTEND.parent)} names {app}"
