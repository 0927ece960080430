"""Each code's name in the frameworks readers use, and a line that sends it.

The names live in ``frameworks.json`` beside this module, written by
``scripts/framework_names.py`` from the frameworks themselves (never typed by hand) and checked
against them by ``tests/test_frameworks.py``. It is read once per process: a page costs no query
for it. Python's ``http.HTTPStatus`` and DRF's names stay on the code rows, as before.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .models import FOLLOWED_REDIRECTS

DATA = Path(__file__).with_name("frameworks.json")


@dataclass(frozen=True)
class Framework:
    key: str  # in frameworks.json
    label: str
    how: str  # how the name is written in code: "{name}", "{code}" as placeholders
    older: str = ""  # the key of an older release checked too, shown where its name differs
    older_label: str = ""


# In the order of the table, after Python and DRF (which come from the code rows).
FRAMEWORKS = (
    Framework("starlette", "FastAPI / Starlette", "status.{name}"),
    Framework("werkzeug", "Flask / Werkzeug", "{name}"),
    Framework("node", "Node.js", "http.STATUS_CODES[{code}]"),
    Framework("express", "Express", "res.sendStatus({code})"),
    Framework("nestjs", "NestJS", "HttpStatus.{name}"),
    Framework("spring", "Spring", "HttpStatus.{name}", "spring6", "Spring 6.2"),
    Framework("go", "Go", "http.{name}"),
    Framework("aspnet", "ASP.NET Core", "StatusCodes.{name}"),
    Framework("rack", "Rails / Rack", ":{name}", "rack2", "Rack 2.2"),
)
# Frameworks whose names are phrases (the reason phrase sent), not identifiers.
PHRASES = {"node", "express"}
# What the name in each framework is, for the table's second line.
WHAT = {
    "starlette": _("constant in fastapi.status"),
    "werkzeug": _("exception in werkzeug.exceptions"),
    "node": _("reason phrase"),
    "express": _("body res.sendStatus() sends"),
    "nestjs": _("HttpStatus enum"),
    "spring": _("HttpStatus enum"),
    "go": _("constant in net/http"),
    "aspnet": _("constant in StatusCodes"),
    "rack": _("symbol for status:"),
}


@cache
def data():
    return json.loads(DATA.read_text(encoding="utf-8"))["frameworks"]


def names(key, code):
    """The names a framework has for the code, the one to use first: [{"name", "deprecated"}]."""
    return data()[key]["names"].get(str(code), [])


def version(key):
    return data()[key]["version"]


@dataclass
class Name:
    framework: Framework
    code: int
    version: str
    written: str = ""  # as in code, e.g. "HttpStatus.TOO_MANY_REQUESTS"; "" when none
    deprecated: bool = False
    aliases: list = field(default_factory=list)  # [(written, deprecated)]
    older_written: str | None = None  # the older release's name, where it differs

    @property
    def what(self):
        return WHAT[self.framework.key]


def write(framework, code, name):
    if framework.key in PHRASES:
        return name
    return framework.how.format(name=name, code=code)


def name_of(framework, code):
    found = names(framework.key, code)
    row = Name(framework=framework, code=code, version=version(framework.key))
    if found:
        row.written = write(framework, code, found[0]["name"])
        row.deprecated = found[0].get("deprecated", False)
        row.aliases = [
            (write(framework, code, other["name"]), other.get("deprecated", False))
            for other in found[1:]
        ]
    if framework.older:
        older = names(framework.older, code)
        older_written = write(framework, code, older[0]["name"]) if older else ""
        if older_written != row.written:
            row.older_written = older_written
    return row


def first_name(key, code):
    found = names(key, code)
    return found[0]["name"] if found else None


def send_lines(code):
    """The line that sends the code in Spring, Express, FastAPI and Go: [(label, line)]."""
    spring = first_name("spring", code)
    starlette = first_name("starlette", code)
    go = first_name("go", code)
    spring_status = f"HttpStatus.{spring}" if spring else str(code)
    fastapi_status = f"status.{starlette}" if starlette else str(code)
    go_status = f"http.{go}" if go else str(code)
    if code in FOLLOWED_REDIRECTS:
        return [
            (
                "Spring",
                f"return ResponseEntity.status({spring_status})"
                '.location(URI.create("/new")).build();',
            ),
            ("Express", f"res.redirect({code}, '/new');"),
            ("FastAPI", f'return RedirectResponse("/new", status_code={fastapi_status})'),
            ("Go", f'http.Redirect(w, r, "/new", {go_status})'),
        ]
    fastapi = (
        f"raise HTTPException(status_code={fastapi_status})"
        if code >= 400
        else f"return Response(status_code={fastapi_status})"
    )
    return [
        ("Spring", f"return ResponseEntity.status({spring_status}).build();"),
        ("Express", f"res.sendStatus({code});"),
        ("FastAPI", fastapi),
        ("Go", f"w.WriteHeader({go_status})"),
    ]


def has_lines(status):
    """Lines for final responses a server should send: not 1xx (the server sends those
    itself), not a code that is deprecated, unused or unregistered."""
    return (
        status.code >= 200
        and status.registry_status == status.RegistryStatus.PERMANENT
        and not status.deprecated
    )


def framework_names(code):
    return [name_of(framework, code) for framework in FRAMEWORKS]


def named_anywhere(code):
    return any(names(framework.key, code) for framework in FRAMEWORKS)


def for_status(status):
    """What the code page shows: None where the code is unregistered and no framework names it."""
    if not status.is_registered and not named_anywhere(status.code):
        return None
    return {
        "names": framework_names(status.code),
        "lines": send_lines(status.code) if has_lines(status) else [],
        "aspnet_commit": data()["aspnet"]["source"]["commit"][:7],
    }


def as_json(status):
    section = for_status(status)
    if section is None:
        return None
    return {
        "names": {
            row.framework.key: {
                "name": row.written or None,
                "deprecated": row.deprecated,
                "aliases": [{"name": name, "deprecated": old} for name, old in row.aliases],
                "version": row.version,
                **(
                    {
                        "older": {
                            "version": version(row.framework.older),
                            "name": row.older_written or None,
                        }
                    }
                    if row.older_written is not None
                    else {}
                ),
            }
            for row in section["names"]
        },
        "send": {label.lower(): line for label, line in section["lines"]},
    }


def search_names(code):
    """Every name the frameworks give the code, as written in code, for the search index."""
    found = []
    for row in framework_names(code):
        if row.written:
            found.append(row.written)
        found.extend(name for name, _ in row.aliases)
        if row.older_written:
            found.append(row.older_written)
    return found
