"""Try it: answer with the real status, and the header fields the specification asks for."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..models import FOLLOWED_REDIRECTS, WITHOUT_CONTENT, StatusCode
from ..site import absolute_url
from .api import json_response

TRY_HEADERS = {
    401: {"WWW-Authenticate": 'Basic realm="try-it"'},
    405: {"Allow": "GET, HEAD"},
    # PEP 3333 calls Proxy-Authenticate and Upgrade hop-by-hop: gunicorn drops them and
    # waitress refuses them; Granian, the production server, sends both (tests/test_servers.py).
    407: {"Proxy-Authenticate": 'Basic realm="try-it"'},
    416: {"Content-Range": "bytes */2048"},
    # A sender of Upgrade must list "upgrade" in Connection too (RFC 9110, section 7.8).
    426: {"Upgrade": "websocket", "Connection": "Upgrade"},
    429: {"Retry-After": "120"},
    503: {"Retry-After": "120"},
}
# An interim (1xx) status cannot be a final answer: its address answers this instead.
INSTEAD_OF_INTERIM = 400


def in_a_browser(code):
    """What opening the address in a browser does, for the code's page to say beforehand.

    - "interim": a 1xx address answers 400 (``INSTEAD_OF_INTERIM``) and says why;
    - "prompt": 401 and 407 make the browser ask for a user name and password;
    - "stays": no page replaces the current one: a browser drops a 204 or 205 answer to a
      navigation (the HTML standard), and Chromium a 304 to a request that was not conditional;
    - "returns": the browser follows Location, which is the code's own page;
    - "page": the browser shows the small page of ``statuses/try.html``.

    tests/test_browser_try_it.py checks each in Chromium.
    """
    if code < 200:
        return "interim"
    if code in (401, 407):
        return "prompt"
    if code in WITHOUT_CONTENT:
        return "stays"
    if code in FOLLOWED_REDIRECTS:  # Chromium shows a 300's page, not following its Location
        return "returns"
    return "page"


def describe(code):
    """The name and one-line note the answer gives for ``code``."""
    status = StatusCode.objects.filter(code=code).first()
    if status is not None and status.is_registered:
        return status.name, status.localized("summary")
    if status is not None:
        note = _("%(code)s is not registered with IANA; vendors use it unofficially.")
        return status.name, note % {"code": code}
    note = _("%(code)s is unassigned in the IANA registry; this answer only demonstrates it.")
    return "Unassigned", note % {"code": code}


# Every method gets the status (a POST or DELETE from curl too): no CSRF check in the way.
@csrf_exempt
def try_status(request, code):
    page_url = absolute_url(reverse("statuses:detail", kwargs={"code": code}))
    answered, (code_name, note) = code, describe(code)
    name = code_name
    if code < 200:
        answered, name = INSTEAD_OF_INTERIM, "Bad Request"
        note = _(
            "%(code)s is an interim (1xx) status: it cannot be the final answer to a "
            "request, so this endpoint cannot send it. Interim responses come from the "
            "server before the real response, for example 100 Continue after "
            "'Expect: 100-continue'."
        ) % {"code": code}
    preferred = request.get_preferred_type(["text/plain", "application/json", "text/html"])
    if preferred == "application/json":
        response = json_response({"status": answered, "name": name, "note": note, "url": page_url})
    elif preferred == "text/html":
        response = HttpResponse(content_type="text/html; charset=utf-8")
    else:
        body = f"{answered} {name}\n\n{note}\n{page_url}\n"
        response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response.status_code = answered
    response.reason_phrase = name
    if answered in WITHOUT_CONTENT:
        response.content = b""
        del response["Content-Type"]
    if answered in FOLLOWED_REDIRECTS | {300}:
        response["Location"] = page_url
        # As on HttpResponseRedirect: Django's test client follows a redirect by its ``url``.
        response.url = page_url
    for header, value in TRY_HEADERS.get(answered, {}).items():
        response[header] = value
    response["Cache-Control"] = "private, no-store"
    if preferred == "text/html" and answered not in WITHOUT_CONTENT:
        # A small page for a browser: what was sent, the header fields with it, the way back.
        response.content = render_to_string(
            "statuses/try.html",
            {
                "answered": answered,
                "name": name,
                "note": note,
                "code": code,
                "code_name": code_name,
                "page_url": page_url,
                "headers": list(response.items()),
            },
            request=request,
        )
    return response
