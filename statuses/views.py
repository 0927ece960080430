import re

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from . import search as search_module
from .caching import cached_page
from .guide_models import Guide
from .models import FIRST_CODE, LAST_CODE, StatusClass, StatusCode
from .site import absolute_url

# The read-only views are csrf_exempt: they change nothing, and a POST or PUT then gets
# require_safe's 405 with Allow rather than the CSRF check's 403.


@csrf_exempt
@require_safe
@cached_page
def home(request):
    # Three queries: the classes, then all their codes, then the guides.
    classes = StatusClass.objects.prefetch_related("codes")
    context = {"classes": classes, "guides": Guide.objects.all()}
    return render(request, "statuses/home.html", context)


@csrf_exempt
@require_safe
@cached_page
def status_class(request, digit):
    # Two queries: the class, then its codes.
    status_class = get_object_or_404(StatusClass.objects.prefetch_related("codes"), digit=digit)
    context = {
        "status_class": status_class,
        "current_digit": digit,
        "title": f"{status_class.label} {status_class.localized('name')}",
        "description": status_class.localized("summary"),
    }
    return render(request, "statuses/status_class.html", context)


@csrf_exempt
@require_safe
@cached_page
def status_detail(request, code):
    # Three queries: the code with its class and neighbours, related codes, vendor usages.
    status = get_object_or_404(
        StatusCode.objects.with_details(compared_to=code).with_neighbours(), code=code
    )
    context = {
        "status": status,
        "current_digit": status.status_class_id,
        "title": f"{status.code} {status.name} — {status.title_ko}",
        "description": status.localized("summary"),
        "try_url": absolute_url(reverse("try", kwargs={"code": code})),
        "try_page_url": reverse("try", kwargs={"code": code}),
    }
    return render(request, "statuses/status_detail.html", context)


@csrf_exempt
@require_safe
@cached_page(params=["q"])
def search(request):
    found = search_module.answer(request.GET.get("q", ""))
    if found.redirect_code is not None:
        return redirect("statuses:detail", code=found.redirect_code)
    if found.redirect_class is not None:
        return redirect("statuses:class", digit=found.redirect_class)
    query = found.query
    context = {
        "query": query,
        "found": found,
        "results": search_module.results_for(found.codes),
        "guides": Guide.objects.search(query) if query else Guide.objects.none(),
        "title": _("Search: %(query)s") % {"query": query} if query else _("Search"),
        "nearest": StatusCode.objects.nearest(found.unassigned) if found.unassigned else [],
    }
    return render(request, "statuses/search.html", context)


def nearest_codes(number):
    """For a number we do not document, the documented codes on either side of it."""
    if number is not None and FIRST_CODE <= number <= LAST_CODE:
        return StatusCode.objects.nearest(number)
    return []


def page_not_found(request, exception):
    """The 404 page: when the path names a number, say what we know about it."""
    if re.match(r"^/(?:[a-z]{2}/)?api/", request.path):
        return JsonResponse(
            {"error": "not_found", "detail": _("No such API endpoint.")}, status=404
        )
    context = {
        "requested_code": None,
        "in_range": False,
        "neighbours": [],
        "title": f"404 {_('Page not found')}",
    }
    # Only a number in its canonical spelling: /0404/ is not a way to write 404.
    match = re.fullmatch(r"/(?:[a-z]{2}/)?([1-9][0-9]{0,5})/?", request.path, flags=re.ASCII)
    if match:
        number = int(match[1])
        context["requested_code"] = number
        context["in_range"] = FIRST_CODE <= number <= LAST_CODE
        context["neighbours"] = nearest_codes(number)
    return render(request, "404.html", context, status=404)


def try_prefix():
    return reverse("try", kwargs={"code": 200}).removesuffix("200/")


def in_each_language(build):
    """What ``build()`` returns under each language, Korean first."""
    results = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            results.append(build())
    return results


@csrf_exempt
@require_safe
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico; the icon is an SVG among the static files.

    The unhashed name, so the permanent redirect stays right when the icon changes.
    """
    return HttpResponsePermanentRedirect(f"{settings.STATIC_URL}favicon.svg")


@csrf_exempt
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in in_each_language(try_prefix)),
        *(f"Disallow: {path}" for path in in_each_language(lambda: reverse("statuses:search"))),
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# "Try it": answer with the real status, and the header fields the specification asks for.

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


# The JSON API: the same data as the pages, in the language of the prefix or ?lang=.


def api_view(view):
    """Read-only JSON: GET/HEAD only, CORS open, language from ?lang= or the URL prefix."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang", translation.get_language())
        if language not in dict(settings.LANGUAGES):
            response = JsonResponse(
                {"error": "bad_language", "detail": "lang must be one of: ko, en."}, status=400
            )
        else:
            with translation.override(language):
                response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def status_as_json(status):
    return {
        "code": status.code,
        "name": status.name,
        "registered_description": status.iana_description,
        "common_name": status.common_name,
        "former_names": status.former_name_list,
        "title_ko": status.title_ko,
        "keywords": {
            "ko": split_list(status.keywords_ko),
            "en": split_list(status.keywords_en),
        },
        "class": status.status_class_id,
        "registry_status": status.registry_status,
        "deprecated": status.deprecated,
        "deprecation_note": status.localized("deprecation_note"),
        "specification": {
            "document": status.spec_document,
            "section": status.spec_section,
            "url": status.spec_url,
        },
        "summary": status.localized("summary"),
        "description": status.localized("description"),
        "example": status.example,
        "header_fields": status.related_header_list,
        "cacheable_by_default": status.cacheable_by_default,
        "related_codes": [other.code for other in status.related_codes.all()],
        "django": {"snippet": status.django_snippet, "notes": status.localized("django_notes")},
        "drf_constant": status.drf_constant,
        "http_status_name": status.http_status_name,
        "http_status_name_current": status.current_http_status_name,
        "vendor_usages": [
            {
                "vendor": usage.vendor,
                "vendor_code": usage.vendor_code,
                "name": usage.name,
                "description": usage.localized("description"),
                "source_url": usage.source_url,
            }
            for usage in [*status.vendor_meanings, *status.vendor_error_codes]
        ],
        "originating_vendor": status.originating_vendor,
        "url": absolute_url(status.get_absolute_url()),
        "updated_at": status.updated_at.isoformat(),
    }


def split_list(text):
    return [item.strip() for item in text.split(",") if item.strip()]


def class_as_json(status_class):
    return {
        "digit": status_class.digit,
        "label": status_class.label,
        "name": status_class.localized("name"),
        "summary": status_class.localized("summary"),
        "description": status_class.localized("description"),
    }


@csrf_exempt
@cached_page(params=["lang"])
@api_view
def api_status_list(request):
    statuses = [status_as_json(s) for s in StatusCode.objects.with_details()]
    return JsonResponse(
        {"language": translation.get_language(), "count": len(statuses), "statuses": statuses}
    )


@csrf_exempt
@cached_page(params=["lang"])
@api_view
def api_status_detail(request, code):
    status = StatusCode.objects.with_details(compared_to=code).filter(code=code).first()
    if status is None:
        detail = _("No status code %(code)s is documented here.") % {"code": code}
        return JsonResponse({"error": "not_found", "detail": detail}, status=404)
    comparisons = [
        {"code": other.code, "difference": other.localized("comparison")}
        for other in status.related_codes.all()
        if other.comparison_ko
    ]
    return JsonResponse(
        {
            "language": translation.get_language(),
            **status_as_json(status),
            "comparisons": comparisons,
        }
    )


@csrf_exempt
@cached_page(params=["lang"])
@api_view
def api_class_detail(request, digit):
    # Three queries: the codes with their class, related codes, vendor usages (the class alone
    # when it has no codes).
    codes = list(StatusCode.objects.with_details().in_class(digit))
    status_class = (
        codes[0].status_class if codes else StatusClass.objects.filter(digit=digit).first()
    )
    if status_class is None:
        detail = _("No class %(digit)sxx is documented here.") % {"digit": digit}
        return JsonResponse({"error": "not_found", "detail": detail}, status=404)
    statuses = [status_as_json(s) for s in codes]
    return JsonResponse(
        {
            "language": translation.get_language(),
            "class": class_as_json(status_class),
            "statuses": statuses,
        }
    )
