from django.conf import settings
from django.utils.translation import get_language, get_language_info

from .http.language_paths import language_root, page_path
from .site import absolute_url


def language_alternates(request):
    """This page in each language, for the language switch and hreflang links."""
    current = get_language()
    path = page_path(request.path)
    # Re-encoded: the raw query string may hold bytes a client sent without percent-encoding.
    query = request.GET.urlencode()
    alternates = []
    for code, _name in settings.LANGUAGES:
        localized_path = language_root(code) + path
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "path": localized_path,
                "url": absolute_url(localized_path),
                "switch_path": f"{localized_path}?{query}" if query else localized_path,
                "current": code == current,
            }
        )
    return {"language_alternates": alternates, "canonical_url": absolute_url(request.path)}
