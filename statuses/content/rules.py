"""Rules for content beyond each field's own validation, applied by the admin and the loader.

- Links in Markdown text are absolute web links (http, https) or paths of pages this site has.
- Text holds no NUL character (PostgreSQL cannot store one).
- A code is not related to itself.
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from ..markup.markdown import commonmark_html
from ..models import markdown_fields


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))


# Addresses cmark leaves out of a link (it writes href=""), as an editor types them, for the
# message: balanced parentheses included, as in ``javascript:alert(1)``.
LEFT_OUT_ADDRESS = re.compile(
    r"(?i)\b(?:javascript|vbscript|file|data):[^\s<>()]*(?:\([^\s<>()]*\)[^\s<>()]*)*"
)


def link_targets(text):
    """The target of every link in ``text`` ("" where cmark left a script's or file's out)."""
    collector = LinkCollector()
    collector.feed(commonmark_html(text))
    return collector.links


def link_error(href, code_exists):
    """Why a link's target is not acceptable, or None."""
    if not href:
        return _("a link must start with http:// or https://, or be a path of this site")
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.netloc:
        return None
    link = unquote(href)  # the renderer percent-encodes; name the link as the editor typed it
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return not_a_web_address(link)
    match = resolve_in_any_language(parts.path)
    if match is None:
        return _("“%(link)s” is not a page of this site") % {"link": link}
    code = match.kwargs.get("code")
    if code is not None and match.url_name in ("detail", "api-detail") and not code_exists(code):
        return _("“%(link)s” is not a page of this site") % {"link": link}
    return None


def not_a_web_address(link):
    return _(
        "“%(link)s” is not a web address: use http:// or https://, or a path of this "
        "site such as /404/"
    ) % {"link": link}


def resolve_in_any_language(path):
    # Korean pages have no prefix and English ones /en/; which resolves depends on the language.
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                return resolve(path)
            except Resolver404:
                continue
    return None


def markdown_link_errors(model, values, code_exists):
    """{field: message} for ``model``'s Markdown fields in ``values`` with a link not allowed."""
    errors = {}
    for name in markdown_fields(model):
        text = values.get(name)
        if not text or not isinstance(text, str):
            continue
        targets = link_targets(text)
        problems = [
            problem
            for href in targets
            if href and (problem := link_error(href, code_exists)) is not None
        ]
        if "" in targets:
            left_out = LEFT_OUT_ADDRESS.findall(text)
            problems += [not_a_web_address(link) for link in left_out] or [link_error("", None)]
        if problems:
            errors[name] = "; ".join(dict.fromkeys(problems))
    return errors


def nul_errors(values):
    return {
        name: _("Null characters are not allowed.")
        for name, value in values.items()
        if isinstance(value, str) and "\x00" in value
    }


def self_related_error(code, related):
    if code is not None and code in related:
        return _("A code cannot be related to itself; remove %(code)s from the list.") % {
            "code": code
        }
    return None
