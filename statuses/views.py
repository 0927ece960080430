import re

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .caching import cached_page
from .models import FIRST_CODE, LAST_CODE, StatusClass, StatusCode


@require_safe
@cached_page
def home(request):
    # Two queries: the classes, then all their codes.
    classes = StatusClass.objects.prefetch_related("codes")
    return render(request, "statuses/home.html", {"classes": classes})


@require_safe
@cached_page
def status_class(request, digit):
    # Two queries: the class, then its codes.
    status_class = get_object_or_404(StatusClass.objects.prefetch_related("codes"), digit=digit)
    return render(request, "statuses/status_class.html", {"status_class": status_class})


@require_safe
@cached_page
def status_detail(request, code):
    # Three queries: the code with its class and neighbours, related codes, vendor usages.
    status = get_object_or_404(StatusCode.objects.for_detail_page(), code=code)
    return render(request, "statuses/status_detail.html", {"status": status})


def page_not_found(request, exception):
    """The 404 page: when the path names a number, say what we know about it."""
    context = {"requested_code": None, "in_range": False, "neighbours": []}
    match = re.fullmatch(r"/(?:en/)?(\d{1,6})/?", request.path)
    if match:
        number = int(match[1])
        context["requested_code"] = number
        context["in_range"] = FIRST_CODE <= number <= LAST_CODE
        if context["in_range"]:
            context["neighbours"] = StatusCode.objects.nearest(number)
    return render(request, "404.html", context, status=404)
