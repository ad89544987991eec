"""The feed gets expert suggestions through the finder search plugs in at start-up (feed.experts), not
by importing search; a failing finder never stops a question from being posted."""

import logging

import pytest
from django.urls import reverse

from feed import experts
from feed.models import Post, SuggestedExpert
from search.queries import expert_candidates
from tests.groups import scene as scenes

pytestmark = pytest.mark.django_db


def test_search_plugs_its_people_search_in_as_the_finder():
    assert experts._finder is expert_candidates


def test_a_failing_finder_leaves_the_question_posted_without_suggestions(client, monkeypatch, caplog):
    def search_is_down(viewer, text, limit):
        raise ConnectionError("search is down")

    scene = scenes.build()
    monkeypatch.setattr(experts, "_finder", search_is_down)
    client.force_login(scene["member"])
    with caplog.at_level(logging.ERROR, logger="feed.experts"):
        response = client.post(
            reverse("groups:detail", args=["hanke"]),
            {"question": "on", "title": "Kuka osaa?", "body": "Tarvitsen apua."},
        )
    assert response.status_code == 302
    question = Post.objects.get(title="Kuka osaa?")
    assert not SuggestedExpert.objects.filter(post=question).exists()
    assert any("Expert suggestions failed" in record.getMessage() for record in caplog.records)
