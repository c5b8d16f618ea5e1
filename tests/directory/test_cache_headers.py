"""What a reverse proxy or a CDN may keep of the public map: anonymous answers that set no cookie only."""

from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from tests.accounts.factories import UserFactory

POINTS = reverse("directory:points")
SEARCH = reverse("directory:search")


def test_the_map_s_json_tells_caches_they_may_keep_it_for_an_anonymous_visitor(client, provider_at):
    provider_at(1)
    response = client.get(POINTS, {"q": "H2X"})
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["ETag"]
    assert not response.cookies


def test_the_same_etag_answers_not_modified_without_a_body(client, provider_at):
    provider_at(1)
    etag = client.get(POINTS, {"q": "H2X"}).headers["ETag"]
    again = client.get(POINTS, {"q": "H2X"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_a_marker_s_popup_and_the_htmx_search_block_are_public_too(client, provider_at):
    provider = provider_at(1)
    popup = client.get(reverse("directory:summary", args=["rsge", provider.pk]))
    block = client.get(SEARCH, {"q": "H2X"}, headers={"HX-Request": "true"})
    assert popup.headers["Cache-Control"] == "public, max-age=60"
    assert block.headers["Cache-Control"] == "public, max-age=60"
    assert "HX-Request" in block.headers["Vary"]


def test_an_anonymous_visitor_s_whole_public_pages_set_no_cookie_and_are_kept(client, provider_at):
    provider = provider_at(1)
    for url, query in (
        (SEARCH, {"q": "H2X"}),
        (SEARCH, {}),
        (reverse("directory:provider", args=[provider.pk]), {}),
        (reverse("core:home"), {}),
    ):
        response = client.get(url, query)
        assert not response.cookies, url
        assert b"csrfmiddlewaretoken" not in response.content
        assert b"X-CSRFToken" not in response.content
        assert b"{#" not in response.content and b"comment %}" not in response.content
        assert response.headers["Cache-Control"] == "public, max-age=60", url
        assert response.headers["ETag"]
        assert "Cookie" in response.headers["Vary"]


def test_a_public_page_that_sets_a_cookie_is_not_kept(client, provider_at):
    provider_at(1)
    # A message waiting in its cookie is shown, and the cookie is emptied by the answer.
    client.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode([Message(20, "Bonjour")])
    response = client.get(SEARCH, {"q": "H2X"})
    assert b"Bonjour" in response.content
    assert response.cookies
    assert "Cache-Control" not in response.headers
    assert "ETag" not in response.headers


def test_a_signed_in_user_s_whole_pages_keep_their_token_and_are_not_kept(client, provider_at):
    provider_at(1)
    client.force_login(UserFactory())
    response = client.get(SEARCH, {"q": "H2X"})
    assert b"csrfmiddlewaretoken" in response.content
    assert "public" not in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_the_same_whole_page_answers_not_modified(client, provider_at):
    provider_at(1)
    etag = client.get(SEARCH, {"q": "H2X"}).headers["ETag"]
    assert client.get(SEARCH, {"q": "H2X"}, headers={"If-None-Match": etag}).status_code == 304


def test_a_signed_in_user_s_public_pages_are_never_kept(client, provider_at):
    provider_at(1)
    client.force_login(UserFactory())
    response = client.get(POINTS, {"q": "H2X"})
    assert "public" not in response.headers["Cache-Control"]
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_a_bad_search_is_not_kept(client, db):
    response = client.get(POINTS, {"q": "H2X", "radius": "500"})
    assert response.status_code == 400
    assert "Cache-Control" not in response.headers


def test_a_page_that_is_not_marked_public_gets_no_cache_headers(client, db):
    response = client.get(reverse("core:health"))
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers
