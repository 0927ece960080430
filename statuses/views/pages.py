"""The reference's pages: home, classes, codes, vendor sub-statuses, search, the 404 page,
robots.txt and the icons."""

import re
import sys

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as django_server_error

from .. import search
from ..caching.page_cache import public_page
from ..http.database_faults import RETRY_AFTER, cannot_write
from ..http.language_paths import in_each_language, page_path
from ..models import FIRST_CODE, LAST_CODE, Guide, StatusClass, StatusCode, VendorUsage
from ..site import absolute_url
from . import kept_tables
from .api import not_found, open_to_every_origin
from .tryit import in_a_browser


@public_page
def home(request):
    # Three queries: the classes, then all their codes, then the guides.
    classes = StatusClass.objects.prefetch_related("codes")
    context = {"classes": classes, "guides": Guide.objects.all()}
    return render(request, "statuses/home.html", context)


@public_page
def status_class(request, digit):
    # Two queries: the class, then its codes.
    status_class = get_object_or_404(StatusClass.objects.prefetch_related("codes"), digit=digit)
    context = {"status_class": status_class, "current_digit": digit}
    return render(request, "statuses/status_class.html", context)


@public_page
def status_detail(request, code):
    # Three queries: the code with its class, related codes, vendor usages; the tables of
    # kept_tables once per content version.
    status = get_object_or_404(StatusCode.objects.with_details(), code=code)
    kept_tables.compare_related(status)
    previous_code, next_code = kept_tables.neighbours(code)
    caching = kept_tables.default_reuse().get(code, [])
    context = {
        "status": status,
        "previous_code": previous_code,
        "next_code": next_code,
        "reused_by": [fact for fact in caching if fact.value == "yes"],
        "not_reused_by": [fact for fact in caching if fact.value != "yes"],
        "current_digit": status.status_class_id,
        "try_url": absolute_url(reverse("try", kwargs={"code": code})),
        "try_page_url": reverse("try", kwargs={"code": code}),
        "try_in_browser": in_a_browser(code),
    }
    return render(request, "statuses/status_detail.html", context)


@public_page
def vendor_code(request, code, sub):
    """/404.13/: the entry of the vendor's sub-status on its status's page."""
    usage = VendorUsage.objects.filter(code=code, vendor_code=f"{code}.{sub}").first()
    if usage is None:
        raise Http404("No such vendor code")
    return redirect(f"{usage.get_absolute_url()}#{usage.anchor}")


@public_page(params=["q"])
def search_page(request):
    found = search.answer(request.GET.get("q", ""))
    if found.redirect_code is not None:
        return redirect("statuses:detail", code=found.redirect_code)
    if found.redirect_class is not None:
        return redirect("statuses:class", digit=found.redirect_class)
    query = found.query
    context = {
        "query": query,
        "found": found,
        "results": search.results_for(found.codes),
        "guides": search.guides_for(found.guides),
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
    path = page_path(request.path)
    if path.startswith("api/"):
        return open_to_every_origin(not_found(_("No such API endpoint.")))
    context = {"requested_code": None, "in_range": False, "neighbours": [], "meant": []}
    # Only a number in its canonical spelling: /0404/ is not a way to write 404.
    match = re.fullmatch(r"([1-9][0-9]{0,5})/?", path, flags=re.ASCII)
    if match:
        number = int(match[1])
        context["requested_code"] = number
        context["in_range"] = FIRST_CODE <= number <= LAST_CODE
        context["neighbours"] = nearest_codes(number)
        if not context["in_range"]:
            # A vendor's own number (Cloudflare's 1020), else a code typed with a digit too many.
            context["vendor_codes"] = list(
                VendorUsage.objects.filter(vendor_code=match[1]).select_related("code")
            )
            if not context["vendor_codes"]:
                context["meant"] = StatusCode.objects.one_digit_off(number)
    sub_status = re.fullmatch(r"([1-5][0-9]{2})\.([0-9]{1,6})/?", path, flags=re.ASCII)
    if sub_status:
        context["requested_sub_status"] = f"{sub_status[1]}.{sub_status[2]}"
        context["meant"] = StatusCode.objects.filter(code=int(sub_status[1]))
    return render(request, "404.html", context, status=404)


def server_error(request):
    """The 500 page; or, when the database cannot take a write for now, the 503 page that says
    so (like 500.html it needs no context: the database may be what failed)."""
    if cannot_write(sys.exc_info()[1]):
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER)})
    return django_server_error(request)


# The icons and robots.txt are read-only too, but cheap and not cached: csrf_exempt for the
# reason public_page gives (a POST or PUT gets require_safe's 405 with Allow, not a CSRF 403).


@csrf_exempt
@require_safe
def icon(request, name):
    """Browsers and feed readers ask for /favicon.ico, iOS for /apple-touch-icon.png, without
    reading the page's links: the icons are among the static files (``name``).

    The unhashed name, so the permanent redirect stays right when the icon changes.
    """
    return HttpResponsePermanentRedirect(f"{settings.STATIC_URL}{name}")


@csrf_exempt
@require_safe
def robots_txt(request):
    """Try-it answers and searches are no pages to index; the sitemap lists the ones that are."""
    context = {
        "disallowed": [
            *in_each_language(try_root),
            *in_each_language(lambda: reverse("statuses:search")),
            *in_each_language(lambda: reverse("statuses:api-search")),
        ],
        "sitemap_url": absolute_url(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain")


def try_root():
    """Where every try-it address starts: one code's address, less the code."""
    return reverse("try", kwargs={"code": 200}).removesuffix("200/")
