"""Where each language's pages live: Korean at the root, every other language under its prefix
(``i18n_patterns`` with ``prefix_default_language=False``). Django's ``reverse`` names each
language's root, so no prefix is spelled out here."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def in_each_language(build):
    """What ``build()`` returns under each language, Korean first."""
    results = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            results.append(build())
    return results


def language_root(language):
    """Where the pages in ``language`` start: "/" for Korean, "/en/" for English."""
    with translation.override(language):
        return reverse("statuses:home")


def page_path(path):
    """``path`` after the active language's root: "404/" for both /404/ and /en/404/.

    Any path, also one that no page answers (which ``translate_url`` would leave as it is).
    """
    return path.removeprefix(language_root(translation.get_language()))
