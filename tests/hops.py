"""The site's URLs plus a chain of redirects for the redirect guide's limit table.

``/hop/<n>/`` answers ``302`` to ``/hop/<n+1>/`` until ``HOPS``, which answers ``200``: a client
that gives up after N redirects has asked for ``/hop/N/`` last.
"""

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

from .guide_measuring import HOPS


def hop(request, n):
    if n >= HOPS:
        return HttpResponse("the end of the chain\n", content_type="text/plain")
    return HttpResponseRedirect(f"/hop/{n + 1}/")


urlpatterns = [path("hop/<int:n>/", hop), *site_urlpatterns]
