"""The JSON API: the same data as the pages, in the language of the prefix or ?lang=."""

from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .. import frameworks, search
from ..caching.page_cache import public_page
from ..models import Guide, StatusClass, StatusCode, comma_list
from ..site import absolute_url
from . import kept_tables
from .guides import steps_with_answers


def json_response(data, status=200):
    """JSON as UTF-8 text (Hangul as itself, not ``\\uXXXX`` escapes), which RFC 8259 makes
    the one encoding of JSON between systems."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def api_view(view=None, *, params=()):
    """Read-only JSON, cached as a public page: CORS open, language from ?lang= or the prefix.
    ``@api_view`` or ``@api_view(params=["q"])`` for the query parameters the view reads."""
    if view is None:
        return partial(api_view, params=params)

    @public_page(params=["lang", *params])
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang", translation.get_language())
        if language not in dict(settings.LANGUAGES):
            response = json_response(
                {"error": "bad_language", "detail": "lang must be one of: ko, en."}, status=400
            )
        else:
            with translation.override(language):
                response = view(request, *args, **kwargs)
        return open_to_every_origin(response)

    return wrapper


def open_to_every_origin(response):
    """CORS: any page may read the API's answers, its errors included."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def answer(fields):
    """A JSON answer that names the language it is written in."""
    return json_response({"language": translation.get_language(), **fields})


def listing(name, items):
    return answer({"count": len(items), name: items})


def not_found(detail):
    return json_response({"error": "not_found", "detail": detail}, status=404)


def status_in_brief(status):
    """A code as the list gives it: enough to show and to find the full entry."""
    return {
        "code": status.code,
        "name": status.name,
        "title_ko": status.title_ko,
        "class": status.status_class_id,
        "registry_status": status.registry_status,
        "url": absolute_url(status.get_absolute_url()),
        "api_url": absolute_url(reverse("statuses:api-detail", kwargs={"code": status.code})),
    }


def status_as_json(status):
    return {
        "code": status.code,
        "name": status.name,
        "registered_description": status.iana_description,
        "common_name": status.common_name,
        "former_names": status.former_name_list,
        "title_ko": status.title_ko,
        "keywords": {
            "ko": comma_list(status.keywords_ko),
            "en": comma_list(status.keywords_en),
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
        "frameworks": frameworks.as_json(status),
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


def class_as_json(status_class):
    return {
        "digit": status_class.digit,
        "label": status_class.label,
        "name": status_class.localized("name"),
        "summary": status_class.localized("summary"),
        "description": status_class.localized("description"),
    }


def guide_as_json(guide, details=False):
    data = {
        "slug": guide.slug,
        "kind": guide.kind,
        "title": guide.localized("title"),
        "summary": guide.localized("summary"),
        "url": absolute_url(guide.get_absolute_url()),
        "updated_at": guide.updated_at.isoformat(),
    }
    if not details:
        return data
    data["text"] = guide.localized("body")
    if guide.kind == Guide.Kind.DECISION:
        data["steps"] = [
            {
                "slug": step.slug,
                "question": step.localized("question"),
                "explanation": step.localized("help"),
                "url": absolute_url(step.get_absolute_url()),
                "answers": [
                    {
                        "answer": answer.localized("label"),
                        "next_step": answer.next_step_id,
                        "code": answer.end_code_id,
                        "why": answer.localized("note"),
                    }
                    for answer in step.answers.all()
                ],
            }
            for step in steps_with_answers(guide)
        ]
    else:
        data["facts"] = [
            {
                "table": fact.table,
                "subject": fact.subject,
                "code": fact.code_id,
                "value": fact.value,
                "evidence": fact.evidence,
                "source_url": fact.source_url,
                "note": fact.localized("note"),
            }
            for fact in guide.facts.all()
        ]
    return data


# The endpoints /api/ lists: URL name, an example's arguments, what it answers.
# (URL name, the example's arguments, its query parameters, what the endpoint answers)
API_ENDPOINTS = [
    (
        "api-list",
        {},
        {},
        _lazy(
            "Every status code in brief: number, names, class, registry status, its page and "
            "its full entry."
        ),
    ),
    (
        "api-detail",
        {"code": 404},
        {},
        _lazy(
            "One status code in full: text, specification, header fields, Django, vendor "
            "meanings, related codes and how each differs."
        ),
    ),
    ("api-class", {"digit": 4}, {}, _lazy("One class with its status codes in full.")),
    ("api-guides", {}, {}, _lazy("Every guide in brief.")),
    (
        "api-guide",
        {"slug": "redirects"},
        {},
        _lazy("One guide in full: its text, and its steps or the cells of its tables."),
    ),
    (
        "api-search",
        {},
        {"q": "too many redirects"},
        _lazy(
            "The search page's answer to q: the codes and guides it lists, best first, and the "
            "page it opens instead when q names a code or a class."
        ),
    ),
]


@api_view
def api_index(request):
    """What the API offers: each endpoint's address pattern, an example and what it answers."""
    endpoints = []
    for name, example, query, description in API_ENDPOINTS:
        path = reverse(f"statuses:{name}", kwargs=example)
        pattern = path
        for argument, value in example.items():
            pattern = pattern.replace(f"/{value}/", f"/{{{argument}}}/")
        if query:
            pattern += "?" + "&".join(f"{argument}={{{argument}}}" for argument in query)
            path += "?" + urlencode(query)
        endpoints.append(
            {
                "url": absolute_url(pattern),
                "example": absolute_url(path),
                "description": str(description),
            }
        )
    return answer(
        {
            "endpoints": endpoints,
            "languages": _("Korean by default; ?lang=en or a path under /en/ for English."),
        }
    )


@api_view
def api_status_list(request):
    # One query: the codes (the full text of each is at its own address).
    return listing("statuses", [status_in_brief(status) for status in StatusCode.objects.all()])


@api_view
def api_status_detail(request, code):
    status = StatusCode.objects.with_details().filter(code=code).first()
    if status is None:
        return not_found(_("No status code %(code)s is documented here.") % {"code": code})
    kept_tables.compare_related(status)
    comparisons = [
        {"code": other.code, "difference": other.localized("comparison")}
        for other in status.related_codes.all()
        if other.comparison_ko
    ]
    return answer({**status_as_json(status), "comparisons": comparisons})


@api_view
def api_class_detail(request, digit):
    # Three queries: the codes with their class, related codes, vendor usages (the class alone
    # when it has no codes).
    codes = list(StatusCode.objects.with_details().in_class(digit))
    status_class = (
        codes[0].status_class if codes else StatusClass.objects.filter(digit=digit).first()
    )
    if status_class is None:
        return not_found(_("No class %(digit)sxx is documented here.") % {"digit": digit})
    return answer(
        {"class": class_as_json(status_class), "statuses": [status_as_json(s) for s in codes]}
    )


@api_view
def api_guide_list(request):
    return listing("guides", [guide_as_json(guide) for guide in Guide.objects.all()])


@api_view
def api_guide_detail(request, slug):
    guide = Guide.objects.filter(slug=slug).first()
    if guide is None:
        return not_found(_("No guide %(slug)s is published here.") % {"slug": slug})
    return answer(guide_as_json(guide, details=True))


@api_view(params=["q"])
def api_search(request):
    """The search page's answer as data: the codes and guides it lists, best first, and the page
    it opens when the query names one (a code, a class). The home page's filter shows this."""
    found = search.answer(request.GET.get("q", ""))
    goes_to = None
    if found.redirect_code is not None:
        goes_to = reverse("statuses:detail", kwargs={"code": found.redirect_code})
    elif found.redirect_class is not None:
        goes_to = reverse("statuses:class", kwargs={"digit": found.redirect_class})
    return answer(
        {
            "query": found.query,
            "codes": found.codes,
            "guides": found.guides,
            "every_word_matched": found.every_word_matched,
            "goes_to": absolute_url(goes_to) if goes_to else None,
            "not_a_code": found.not_a_code,
            "unassigned": found.unassigned,
            "starting_with": found.starting_with,
        }
    )
