"""Try it: answer with the real status, and the header fields the specification asks for."""

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..models import StatusCode
from ..site import absolute_url

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
REDIRECTS_WITH_LOCATION = {300, 301, 302, 303, 307, 308}
NO_BODY = {204, 205, 304}


# Every method gets the status (a POST or DELETE from curl too): no CSRF check in the way.
@csrf_exempt
def try_status(request, code):
    if code < 200:
        return HttpResponseBadRequest(
            _(
                "%(code)s is an interim (1xx) status: it cannot be the final answer to a "
                "request, so this endpoint cannot send it. Interim responses come from the "
                "server before the real response, for example 100 Continue after "
                "'Expect: 100-continue'."
            )
            % {"code": code},
            content_type="text/plain; charset=utf-8",
        )
    status = StatusCode.objects.filter(code=code).first()
    page_url = absolute_url(reverse("statuses:detail", kwargs={"code": code}))
    if status is not None and status.is_registered:
        name, note = status.name, status.localized("summary")
    elif status is not None:
        name = status.name
        note = _("%(code)s is not registered with IANA; vendors use it unofficially.") % {
            "code": code
        }
    else:
        name = "Unassigned"
        note = _(
            "%(code)s is unassigned in the IANA registry; this answer only demonstrates it."
        ) % {"code": code}
    preferred = request.get_preferred_type(["text/plain", "application/json", "text/html"])
    if preferred == "application/json":
        response = JsonResponse({"status": code, "name": name, "note": note, "url": page_url})
    elif preferred == "text/html":
        response = HttpResponse(content_type="text/html; charset=utf-8")
    else:
        body = f"{code} {name}\n\n{note}\n{page_url}\n"
        response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response.status_code = code
    response.reason_phrase = name
    if code in NO_BODY:
        response.content = b""
        del response["Content-Type"]
    if code in REDIRECTS_WITH_LOCATION:
        response["Location"] = page_url
        # As on HttpResponseRedirect: Django's test client follows a redirect by its ``url``.
        response.url = page_url
    for header, value in TRY_HEADERS.get(code, {}).items():
        response[header] = value
    response["Cache-Control"] = "private, no-store"
    if preferred == "text/html" and code not in NO_BODY:
        # A small page for a browser: what was sent, the header fields with it, the way back.
        response.content = render_to_string(
            "statuses/try.html",
            {
                "code": code,
                "name": name,
                "note": note,
                "page_url": page_url,
                "headers": list(response.items()),
            },
            request=request,
        )
    return response
