"""What shared caches (a CDN, Varnish) and browsers may keep, as the served headers say."""

import pytest
from django.urls import reverse

from statuses.caching.policy import SHARED_MAX_AGE

SHARED = [
    ("/", {"codes"}),
    ("/en/", {"codes"}),
    ("/search/?q=found", {"codes"}),
    ("/api/statuses/", {"codes"}),
    ("/4xx/", {"class-4", "codes-4xx"}),
    ("/en/4xx/", {"class-4", "codes-4xx"}),
    ("/api/classes/4/", {"class-4", "codes-4xx"}),
    ("/404/", {"code-404", "class-4"}),
    ("/en/404/", {"code-404", "class-4"}),
    ("/api/statuses/404/", {"code-404", "class-4"}),
]


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize(("path", "tags"), SHARED)
def test_public_pages_are_kept_by_shared_caches_and_revalidated_by_browsers(
    client, sample_codes, path, tags
):
    for attempt in ("rendered", "cached"):
        response = client.get(path)

        assert response.status_code == 200, attempt
        assert {
            "public",
            "max-age=0",
            f"s-maxage={SHARED_MAX_AGE}",
            "stale-while-revalidate=30",
            "stale-if-error=86400",
        } == directives(response)
        assert set(response["Surrogate-Key"].split()) == tags


@pytest.mark.parametrize("path", [path for path, _ in SHARED])
def test_pages_do_not_vary_on_the_browser_language(client, sample_codes, path):
    korean = client.get(path, headers={"accept-language": "ko"})
    english = client.get(path, headers={"accept-language": "en-US,en;q=0.9"})

    # The one thing a page varies on is the encoding (caching.encodings).
    assert english["Vary"] == "Accept-Encoding"
    assert english.content == korean.content


def test_the_unprefixed_root_is_korean_for_an_english_browser(client, sample_codes):
    response = client.get("/", headers={"accept-language": "en"})

    assert response.status_code == 200
    assert '<html lang="ko">' in response.content.decode()
    assert response["Content-Language"] == "ko"


def test_try_it_is_never_stored(client, sample_codes):
    response = client.get(reverse("try", args=[404]))

    assert directives(response) == {"private", "no-store"}
    assert not response.has_header("Surrogate-Key")


def test_admin_pages_are_never_stored(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)
    assert "public" not in directives(response)
    assert "Cookie" in response["Vary"]


def test_admin_login_page_that_sets_a_cookie_is_private(client, db):
    response = client.get(reverse("admin:login"))

    assert response.cookies
    assert "private" in directives(response)
    assert not any(d.startswith("s-maxage") for d in directives(response))


@pytest.mark.parametrize("path", ["/999/", "/en/999/", "/api/statuses/999/"])
def test_missing_pages_carry_no_shared_policy(client, sample_codes, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "s-maxage" not in response.get("Cache-Control", "")
    assert not response.has_header("Surrogate-Key")


def test_a_page_that_sets_a_cookie_is_never_shared(rf):
    """Whatever a view says, a response setting a cookie is private (the middleware's rule)."""
    from django.http import HttpResponse

    from statuses.caching.policy import CachePolicyMiddleware, mark_shared

    def view(request):
        response = HttpResponse("hello")
        mark_shared(response, ["codes"])
        response.set_cookie("seen", "1")
        return response

    response = CachePolicyMiddleware(view)(rf.get("/"))

    assert directives(response) == {"private", "no-cache"}
    assert not response.has_header("Surrogate-Key")
