"""Every API refusal is `{"error", "code"}` in the request's language, like the pages (intranet/api_errors.py)."""

import pytest

from messaging import services
from tests import factories

pytestmark = pytest.mark.django_db
MESSAGES = "/api/v1/messages/conversations"


def test_an_anonymous_caller_is_told_to_log_in_in_its_language(client):
    response = client.get("/api/v1/groups/", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 401
    assert response.json() == {"error": "Kirjaudu ensin sisään.", "code": "not_authenticated"}


def test_a_parameter_out_of_range_names_the_field_in_the_callers_language(client):
    group = factories.group("hanke", "Hanke", members={(person := factories.person("Aino")): "member"})
    client.force_login(person)
    response = client.get(f"/api/v1/groups/{group.key}/posts?limit=0", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_field"
    assert body["errors"] == [{"field": "limit", "message": "Minst 1."}]
    assert body["error"] == "limit: Minst 1."


def test_a_refused_send_comes_with_its_code_and_a_translated_reason(client):
    alice, bob = factories.person("Alice", key="alice"), factories.person("Bob", key="bob")
    conversation = services.start_direct(alice, bob)
    client.force_login(alice)
    english = client.post(
        f"{MESSAGES}/{conversation.pk}/messages",
        {"client_id": "a", "body": "   "},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    finnish = client.post(
        f"{MESSAGES}/{conversation.pk}/messages",
        {"client_id": "b", "body": "   "},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert english.status_code == finnish.status_code == 400
    assert english.json()["code"] == finnish.json()["code"] != "invalid_json"
    assert english.json()["error"] and finnish.json()["error"] != english.json()["error"]


def test_someone_elses_conversation_is_not_found_in_the_callers_language(client):
    alice, bob = factories.person("Alice", key="alice"), factories.person("Bob", key="bob")
    theirs = services.start_direct(bob, factories.person("Carol", key="carol"))
    client.force_login(alice)
    response = client.get(f"{MESSAGES}/{theirs.pk}/messages", HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 404
    assert response.json() == {"error": "Ei löytynyt.", "code": "not_found"}
