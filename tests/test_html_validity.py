"""Every page, in both languages, is valid HTML, and every style sheet valid CSS, by the W3C Nu
checker (`make vnu` installs it)."""

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse

from statuses.views.tryit import INSTEAD_OF_INTERIM

VNU_JAR = Path(settings.BASE_DIR) / ".vnu/node_modules/vnu-jar/build/dist/vnu.jar"
SITEMAP_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"

# Pages the sitemap does not list: search with results, without, with the nearest codes, and
# the 404 page for a path, an undocumented code and a number out of range.
UNLISTED = ["/search/", "/search/?q=권한", "/search/?q=zzzz", "/search/?q=250", "/nothing/"]
UNLISTED += ["/250/", "/999/", "/4040/", "/1020/", "/404.99/"]
# The page a browser gets from the try-it endpoint: a registered code with header fields sent
# along, an unofficial code, an unassigned number and an interim code (answered with 400).
UNLISTED += ["/try/404/", "/try/429/", "/try/499/", "/try/250/", "/try/100/"]
TRY_IT = re.compile(r"(?:/en)?/try/(\d+)/")
# What a browser sends, so the try-it endpoint answers with its HTML page.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def pages(client):
    """Every page the sitemap lists (home, classes, codes; both languages), then the rest."""
    sitemap = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    listed = sorted({urlsplit(loc.text).path for loc in sitemap.iter(SITEMAP_LOC)})
    return listed + [prefix + path for path in UNLISTED for prefix in ("", "/en")]


def test_every_page_type_is_valid_html(client, content, tmp_path):
    paths = pages(client)
    files = []
    for number, path in enumerate(paths):
        response = client.get(path, HTTP_ACCEPT=BROWSER_ACCEPT)
        try_it = TRY_IT.fullmatch(path)
        if try_it:
            code = int(try_it[1])
            expected = {INSTEAD_OF_INTERIM if code < 200 else code}
        else:
            expected = {200, 404}
        assert response.status_code in expected, path
        assert response["Content-Type"] == "text/html; charset=utf-8", path
        files.append(tmp_path / f"{number}.html")
        files[-1].write_bytes(response.content)

    errors = [
        f"{paths[int(Path(urlsplit(message['url']).path).stem)]} line {message.get('lastLine')}: "
        f"{message['message']}"
        for message in nu_check(files)
    ]
    assert len(paths) > 100
    assert errors == [], "\n".join(errors)


def test_every_style_sheet_is_valid_css():
    # One unclosed block once turned every rule after it into a print-only rule.
    sheets = sorted((Path(settings.BASE_DIR) / "static").rglob("*.css"))

    errors = [
        f"{Path(urlsplit(message['url']).path).name} line {message.get('lastLine')}: "
        f"{message['message']}"
        for message in nu_check(sheets, "--css")
    ]
    assert {sheet.name for sheet in sheets} >= {"site.css", "admin.css"}
    assert errors == [], "\n".join(errors)


def nu_check(files, *options):
    """The Nu checker's errors about ``files``, each a message of its JSON report."""
    checker = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *options]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(checker.stderr)["messages"]
