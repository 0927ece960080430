"""The frameworks section of the code pages: every name as the framework itself has it, and the
lines that send each code run in Express, FastAPI and Go and answer with it.

The names of the frameworks installed here (FastAPI/Starlette and Flask/Werkzeug from PyPI,
Express and NestJS from npm, Node.js, Debian's Go and Rack) are read again from them and must be
those of statuses/frameworks.json. Spring, ASP.NET Core and Rack 3 were read from their published
source by scripts/framework_names.py, which no registry here carries: this suite checks how that
script reads such source, and that the page names the versions read, not the names themselves.
"""

import contextlib
import http.client
import json
import subprocess
import warnings
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from fastapi import FastAPI, HTTPException, status
from fastapi.responses import RedirectResponse, Response
from fastapi.testclient import TestClient

from scripts import framework_names
from statuses import frameworks
from statuses.models import FOLLOWED_REDIRECTS, WITHOUT_CONTENT, StatusCode
from tests import ports

NODE_DIR = Path(__file__).parent / "node"


def fixture_codes():
    codes = []
    for path in sorted(settings.FIXTURE_DIR.glob("codes_*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            fields = row["fields"]
            codes.append(
                StatusCode(
                    code=row["pk"],
                    registry_status=fields["registry_status"],
                    deprecated=fields["deprecated"],
                )
            )
    return codes


SENT = {
    status.code: dict(frameworks.send_lines(status.code))
    for status in fixture_codes()
    if frameworks.has_lines(status)
}


@pytest.fixture(scope="module")
def installed():
    return framework_names.installed()


@pytest.mark.parametrize(
    "key", ["starlette", "werkzeug", "node", "express", "nestjs", "go", "rack2"]
)
def test_names_are_those_of_the_installed_framework(installed, key):
    assert frameworks.data()[key]["version"] == installed[key]["version"]
    assert frameworks.data()[key]["names"] == installed[key]["names"]


def test_names_read_from_published_source_name_it():
    for key, tag in (("spring", "v7.0.9"), ("spring6", "v6.2.19"), ("rack", "v3.2.7")):
        assert frameworks.data()[key]["source"]["tag"] == tag
        assert frameworks.version(key) == tag.removeprefix("v")
    assert len(frameworks.data()["aspnet"]["source"]["commit"]) == 40


def test_spring_source_is_read_with_its_deprecations():
    source = (
        '\t@Deprecated(since = "7.0")\n\tPAYLOAD_TOO_LARGE(413, Series.CLIENT_ERROR, "Payload"),\n'
        '\tCONTENT_TOO_LARGE(413, Series.CLIENT_ERROR, "Content"),\n'
        '\tURI_TOO_LONG(414, Series.CLIENT_ERROR, "URI"),\n'
    )

    assert framework_names.spring_names(source) == {
        "413": [{"name": "CONTENT_TOO_LARGE"}, {"name": "PAYLOAD_TOO_LARGE", "deprecated": True}],
        "414": [{"name": "URI_TOO_LONG"}],
    }


def test_aspnet_source_puts_the_renamed_constant_last():
    source = (
        "    public const int Status413RequestEntityTooLarge = 413; // RFC 2616, renamed\n"
        "    public const int Status413PayloadTooLarge = 413; // RFC 7231\n"
        "    public const int Status429TooManyRequests = 429;\n"
    )

    assert framework_names.aspnet_names(source) == {
        "413": [{"name": "Status413PayloadTooLarge"}, {"name": "Status413RequestEntityTooLarge"}],
        "429": [{"name": "Status429TooManyRequests"}],
    }


def test_a_framework_without_a_name_says_none():
    # NestJS has no member for 425; Node and Express have no phrase for 104.
    assert frameworks.name_of(frameworks.FRAMEWORKS[4], 425).written == ""
    assert frameworks.names("node", 104) == []


# The lines, run -------------------------------------------------------------------------------


def test_lines_are_shown_for_final_registered_codes_only():
    assert {200, 201, 204, 301, 304, 404, 429, 503} <= SENT.keys()
    assert not {code for code in SENT if code < 200}
    assert not {305, 306, 418, 499, 509, 510} & SENT.keys()


def test_fastapi_lines_answer_with_their_code():
    app = FastAPI()
    namespace = {"status": status, "HTTPException": HTTPException, "Response": Response}
    namespace["RedirectResponse"] = RedirectResponse
    for code, lines in SENT.items():
        source = f"async def handler():\n    {lines['FastAPI']}\n"
        exec(compile(source, f"<FastAPI line for {code}>", "exec"), namespace)
        app.get(f"/{code}")(namespace.pop("handler"))

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a deprecated Starlette name would warn
        client = TestClient(app, follow_redirects=False)
        for code in SENT:
            response = client.get(f"/{code}")
            assert response.status_code == code, SENT[code]["FastAPI"]
            if code in FOLLOWED_REDIRECTS:
                assert response.headers["location"] == "/new"


@contextlib.contextmanager
def served(command, cwd=None):
    """A server that prints "listening" once its port accepts connections; stopped after."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "listening", command
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response, body


def assert_each_code_answers(port, framework, body=None):
    """Each line of ``framework``, served on ``port``, answers with its code, a redirect pointing
    to /new; with ``body`` (code -> text), a response with content has that body."""
    for code in SENT:
        response, text = get(port, f"/{code}")
        assert response.status == code, SENT[code][framework]
        if code in FOLLOWED_REDIRECTS:
            assert response.getheader("Location") == "/new"
        elif body is not None and code not in WITHOUT_CONTENT:
            assert text == body(code)


def test_express_lines_answer_with_their_code_and_phrase(tmp_path):
    lines = tmp_path / "lines.json"
    lines.write_text(json.dumps({code: sent["Express"] for code, sent in SENT.items()}))
    port = ports.FRAMEWORK_APPS[0]
    with served(["node", "express_app.js", str(port), str(lines)], cwd=NODE_DIR):
        # res.sendStatus() sends the phrase the page shows for Express
        assert_each_code_answers(port, "Express", body=partial(frameworks.first_name, "express"))


GO_SERVER = """package main

import (
\t"fmt"
\t"net"
\t"net/http"
\t"os"
)

func main() {{
{handlers}
\tlistener, err := net.Listen("tcp", "127.0.0.1:"+os.Args[1])
\tif err != nil {{
\t\tpanic(err)
\t}}
\tfmt.Println("listening") // only once the port accepts connections
\thttp.Serve(listener, nil)
}}
"""


def test_go_lines_answer_with_their_code(tmp_path):
    handlers = "\n".join(
        f'\thttp.HandleFunc("/{code}", func(w http.ResponseWriter, r *http.Request) '
        f"{{ {sent['Go']} }})"
        for code, sent in SENT.items()
    )
    (tmp_path / "main.go").write_text(GO_SERVER.format(handlers=handlers))
    subprocess.run(
        ["go", "build", "-o", "server", "main.go"], cwd=tmp_path, check=True, env=go_env(tmp_path)
    )
    port = ports.FRAMEWORK_APPS[1]
    with served([str(tmp_path / "server"), str(port)]):
        assert_each_code_answers(port, "Go")


def go_env(folder):
    import os

    # One file, no module: build it as Go did before modules.
    return {**os.environ, "GO111MODULE": "off", "GOPATH": str(folder / "gopath")}


# The pages, the API, the search -----------------------------------------------------------------


@pytest.mark.database
def test_the_code_page_lists_every_framework_with_the_django_section_first(client, content):
    html = client.get(reverse("statuses:detail", args=[429])).content.decode()

    assert html.index('id="django-title"') < html.index('id="frameworks-title"')
    for name in (
        "HTTPStatus.TOO_MANY_REQUESTS",
        "status.HTTP_429_TOO_MANY_REQUESTS",
        "<code>TooManyRequests</code>",
        "<code>Too Many Requests</code>",
        "HttpStatus.TOO_MANY_REQUESTS",
        "http.StatusTooManyRequests",
        "StatusCodes.Status429TooManyRequests",
        ":too_many_requests",
    ):
        assert name in html, name
    for version in ("7.0.9", "1.19.8", "12.5.1", "3.2.7", frameworks.version("aspnet")):
        assert version in html
    assert "다른 프레임워크에서" in html
    # one copy button for each of the four lines
    for block in ("send-spring", "send-express", "send-fastapi", "send-go"):
        assert f'data-copy="{block}"' in html
    assert "return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).build();" in html


@pytest.mark.database
def test_renames_and_missing_names_are_said(client, content):
    english = client.get("/en/413/").content.decode()
    early = client.get("/en/425/").content.decode()

    assert "In other frameworks" in english
    assert "Spring 6.2: <code>HttpStatus.PAYLOAD_TOO_LARGE</code>" in english
    assert "Rack 2.2: <code>:payload_too_large</code>" in english
    assert "also <code>status.HTTP_413_REQUEST_ENTITY_TOO_LARGE</code> (deprecated)" in english
    # Werkzeug has no exception for 425, NestJS no member, ASP.NET Core no constant
    assert early.count('<span class="framework-none">none</span>') == 3


@pytest.mark.database
def test_interim_and_unofficial_codes_get_names_but_no_lines(client, content):
    hints = client.get(reverse("statuses:detail", args=[103])).content.decode()
    bandwidth = client.get(reverse("statuses:detail", args=[509])).content.decode()
    nginx = client.get(reverse("statuses:detail", args=[499])).content.decode()

    assert "http.StatusEarlyHints" in hints and 'id="send-go"' not in hints
    assert "HttpStatus.BANDWIDTH_LIMIT_EXCEEDED" in bandwidth and 'id="send-go"' not in bandwidth
    assert 'id="frameworks-title"' not in nginx  # no framework names 499


@pytest.mark.database
def test_the_api_gives_the_names_and_lines(client, content):
    data = client.get(reverse("statuses:api-detail", args=[429])).json()["frameworks"]
    nginx = client.get(reverse("statuses:api-detail", args=[499])).json()

    assert data["names"]["go"] == {
        "name": "http.StatusTooManyRequests",
        "deprecated": False,
        "aliases": [],
        "version": "1.19.8",
    }
    assert data["names"]["nestjs"]["name"] == "HttpStatus.TOO_MANY_REQUESTS"
    assert data["send"]["express"] == "res.sendStatus(429);"
    assert nginx["frameworks"] is None


@pytest.mark.database
@pytest.mark.parametrize(
    "query", ["HttpStatus.TOO_MANY_REQUESTS", "StatusTooManyRequests", ":too_many_requests"]
)
def test_a_framework_name_finds_its_code(client, content, query):
    results = client.get(reverse("statuses:search"), {"q": query}).context["results"]

    assert results[0].code == 429


@pytest.mark.database
def test_a_name_only_one_framework_has_finds_its_code(client, content):
    results = client.get(reverse("statuses:search"), {"q": "StatusCodes.Status203NonAuthoritative"})

    assert results.context["results"][0].code == 203
