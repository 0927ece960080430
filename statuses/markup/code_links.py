"""Code numbers in rendered prose become links to their pages, at render time.

Editors keep writing `410` or "answers 410"; the rendered text links each number this site
documents. Runs on the sanitized HTML in one pass over its tags and text (linear time), never
inside links, code blocks or other inline code.
"""

import re

from django.urls import reverse
from django.utils.html import escape

from ..caching.page_cache import per_content_version
from ..models import StatusCode

HTML_PIECE = re.compile(r"<[^>]*>|[^<]+")
TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
# A chip that is a code, alone or with its name: `410`, `503 Service Unavailable`.
CHIP_NUMBER = re.compile(r"([1-5][0-9]{2})(?: [A-Za-z'][^<]*)?", re.ASCII)
# A number standing alone: not part of a longer number, a version, a path or an identifier,
# and not a quantity ("300초", "100 KB", "100-continue").
UNITS = r"초|분|시간|일|개|번|자|바이트|밀리초|ms|s|sec|seconds?|minutes?|bytes?|KB|MB|GB|px|%"
BARE_NUMBER = re.compile(
    rf"(?<![0-9A-Za-z_.\-/:#=%])([1-5][0-9]{{2}})(?![0-9A-Za-z_%\-]|[.,][0-9])(?!\s?(?:{UNITS})(?![A-Za-z]))",
    re.ASCII,
)
NO_LINKS_INSIDE = {"a", "pre", "code"}


@per_content_version
def documented_codes():
    """The documented code numbers: one query per content version in each process."""
    return frozenset(StatusCode.objects.values_list("code", flat=True))


def code_link(number, inner):
    url = reverse("statuses:detail", kwargs={"code": int(number)})
    return f'<a class="code-link" href="{escape(url)}">{inner}</a>'


def link_code_numbers(html, current_code=None):
    """``html`` with each documented code number, in a chip or in the text, linked to its page
    (except ``current_code``, the page the text is on)."""
    known = None

    def codes():
        # Only prose that holds a number needs the list (and its query).
        nonlocal known
        if known is None:
            known = documented_codes() - {current_code}
        return known

    pieces = [match[0] for match in HTML_PIECE.finditer(html)]
    out = []
    open_tags = dict.fromkeys(NO_LINKS_INSIDE, 0)
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.startswith("<"):
            name_match = TAG_NAME.match(piece)
            name = name_match[1].lower() if name_match else ""
            chip = (
                name == "code"
                and not piece.startswith("</")
                and not any(open_tags.values())
                and i + 2 < len(pieces)
                and (chip_number := CHIP_NUMBER.fullmatch(pieces[i + 1]))
                and int(chip_number[1]) in codes()
                and pieces[i + 2] == "</code>"
            )
            if chip:
                out.append(code_link(chip_number[1], "".join(pieces[i : i + 3])))
                i += 3
                continue
            if name in open_tags:
                open_tags[name] += -1 if piece.startswith("</") else 1
                open_tags[name] = max(open_tags[name], 0)
            out.append(piece)
        elif any(open_tags.values()):
            out.append(piece)
        else:
            out.append(
                BARE_NUMBER.sub(
                    lambda m: code_link(m[1], m[1]) if int(m[1]) in codes() else m[0], piece
                )
            )
        i += 1
    return "".join(out)
