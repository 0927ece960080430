from django.conf import settings
from django.utils.translation import get_language, get_language_info

from .site import absolute_url


def language_alternates(request):
    """This page in each language, for the language switch and hreflang links.

    Korean lives at the root and every other language under its prefix (``i18n_patterns`` with
    ``prefix_default_language=False``), so a page's other versions differ only in that prefix.
    """
    current = get_language()
    path = request.path
    prefix = f"/{current}/"
    if current != settings.LANGUAGE_CODE and path.startswith(prefix):
        path = path[len(prefix) - 1 :]
    # Re-encoded: the raw query string may hold bytes a client sent without percent-encoding.
    query = request.GET.urlencode()
    alternates = []
    for code, _name in settings.LANGUAGES:
        localized_path = path if code == settings.LANGUAGE_CODE else f"/{code}{path}"
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
