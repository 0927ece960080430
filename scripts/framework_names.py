"""The status names of the frameworks the code pages list, read from the frameworks themselves.

Writes statuses/frameworks.json, the only home of these names; nothing in it is typed by hand.
Each reader below asks one framework: the installed package (Starlette, Werkzeug), the machine's
Node.js and the Node packages of tests/node (Express's `statuses`, NestJS), Debian's Go source and
Rack (run by Ruby), or, for the frameworks no registry here carries, their published source:
Spring's HttpStatus.java at two release tags and ASP.NET Core's StatusCodes.cs, and Rack's
current release, all from a checkout given on the command line.

    python scripts/framework_names.py --spring SPRING_CHECKOUT --rack RACK_CHECKOUT \\
        --aspnet PATH/TO/StatusCodes.cs --aspnet-commit COMMIT --aspnet-version VERSION

tests/test_frameworks.py reads the installed frameworks with the same readers and compares.
"""

import argparse
import hashlib
import importlib.metadata
import json
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "statuses" / "frameworks.json"
NODE_DIR = ROOT / "tests" / "node"

SPRING_TAGS = ("v7.0.9", "v6.2.19")
SPRING_PATH = "spring-web/src/main/java/org/springframework/http/HttpStatus.java"
ASPNET_PATH = "src/Http/Http.Abstractions/src/StatusCodes.cs"
RACK_TAG = "v3.2.7"


def entry(name, deprecated=False):
    return {"name": name, "deprecated": True} if deprecated else {"name": name}


def by_code(pairs):
    """{code: [entry, ...]} from (code, entry) pairs, the names a framework does not deprecate
    first, otherwise in the framework's own order."""
    names = {}
    for code, item in pairs:
        names.setdefault(str(code), []).append(item)
    return {
        code: sorted(items, key=lambda item: item.get("deprecated", False))
        for code, items in sorted(names.items())
    }


# Readers of what is installed here (the tests run these too) -------------------------------


def starlette_names():
    import starlette.status as status

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading the deprecated names warns
        pairs = [(getattr(status, name), entry(name)) for name in status.__all__]
        pairs += [(code, entry(name, True)) for name, code in status.__deprecated__.items()]
    return by_code((code, item) for code, item in pairs if item["name"].startswith("HTTP_"))


def werkzeug_names():
    from werkzeug.exceptions import default_exceptions

    return by_code((code, entry(cls.__name__)) for code, cls in default_exceptions.items())


NODE_READER = """
const http = require("http");
const {HttpStatus} = require("@nestjs/common");
const statuses = require(require.resolve("statuses", {paths: [require.resolve("express")]}));
const nest = Object.entries(HttpStatus).filter(([, value]) => typeof value === "number");
console.log(JSON.stringify({
  node: {version: process.versions.node, names: http.STATUS_CODES},
  express: {version: require("express/package.json").version, names: statuses.message},
  nestjs: {version: require("@nestjs/common/package.json").version, names: nest},
}));
"""


def node_names():
    """Node's http.STATUS_CODES, the phrases Express's res.sendStatus() sends (its `statuses`
    package), NestJS's HttpStatus enum: {framework: (version, names)}."""
    found = json.loads(
        subprocess.run(
            ["node", "-e", NODE_READER], cwd=NODE_DIR, capture_output=True, text=True, check=True
        ).stdout
    )
    return {
        "node": (found["node"]["version"], phrases(found["node"]["names"])),
        "express": (found["express"]["version"], phrases(found["express"]["names"])),
        "nestjs": (
            found["nestjs"]["version"],
            by_code((value, entry(name)) for name, value in found["nestjs"]["names"]),
        ),
    }


def phrases(mapping):
    return by_code((int(code), entry(phrase)) for code, phrase in mapping.items())


GO_CONSTANT = re.compile(r"^\t(Status\w+)\s+= (\d{3})\b", re.MULTILINE)


def go_names():
    """net/http's Status constants, from the source of the installed Go: (version, names)."""
    goroot = subprocess.run(
        ["go", "env", "GOROOT"], capture_output=True, text=True, check=True
    ).stdout.strip()
    source = (Path(goroot) / "src" / "net" / "http" / "status.go").read_text()
    version = (Path(goroot) / "VERSION").read_text().split()[0].removeprefix("go")
    return version, by_code((int(code), entry(name)) for name, code in GO_CONSTANT.findall(source))


RACK_READER = """
require "json"
require "rack"
obsolete = Rack::Utils.const_defined?(:OBSOLETE_SYMBOLS_TO_STATUS_CODES) ?
  Rack::Utils.const_get(:OBSOLETE_SYMBOLS_TO_STATUS_CODES) : {}
puts JSON.generate({
  version: Rack.release,
  names: Rack::Utils::SYMBOL_TO_STATUS_CODE.map { |name, code| [code, name.to_s, false] } +
    obsolete.map { |name, code| [code, name.to_s, true] },
})
"""


def rack_names(lib=None):
    """The symbols Rack::Utils.status_code takes (what Rails' `status: :symbol` goes through),
    from the installed Rack or the lib/ folder given; the obsolete ones Rack 3.1 still takes,
    with a warning, are marked deprecated: (version, names)."""
    command = ["ruby", *(["-I", str(lib)] if lib else []), "-e", RACK_READER]
    found = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    # Rack 2 turns 306's "(Unused)" into a symbol too; no one can write that one.
    return found["version"], by_code(
        (code, entry(name, deprecated))
        for code, name, deprecated in found["names"]
        if re.fullmatch(r"[a-z_]+", name)
    )


# Readers of published source (run by hand, with the checkouts) --------------------------------

SPRING_CONSTANT = re.compile(r"(@Deprecated\b[^\n]*\n\s*)?\b([A-Z][A-Z_0-9]*)\((\d{3}), Series\.")


def spring_names(java_source):
    return by_code(
        (int(code), entry(name, bool(deprecated)))
        for deprecated, name, code in SPRING_CONSTANT.findall(java_source)
    )


ASPNET_CONSTANT = re.compile(r"public const int (Status\d{3}\w*) = (\d{3});[ \t]*(?://(.*))?")


def aspnet_names(csharp_source):
    """StatusCodes' constants; those the source marks as an RFC 2616 name that was renamed come
    after the current one (ASP.NET keeps both, deprecating neither)."""
    found = [
        (int(code), entry(name), "renamed" in (comment or ""))
        for name, code, comment in ASPNET_CONSTANT.findall(csharp_source)
    ]
    names = by_code((code, item) for code, item, _ in sorted(found, key=lambda row: row[2]))
    return {code: names[code] for code in sorted(names)}


def git_show(checkout, revision, path):
    return subprocess.run(
        ["git", "--git-dir", str(checkout), "show", f"{revision}:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def git_commit(checkout, revision):
    return subprocess.run(
        ["git", "--git-dir", str(checkout), "rev-parse", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def rack_release_names(checkout):
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "--git-dir", str(checkout), "archive", RACK_TAG, "lib"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        return rack_names(Path(folder) / "lib")


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


# The file ----------------------------------------------------------------------------------


def python_versions(*packages):
    """The versions of the package a reader installs and of the one that holds the names, as
    the page labels them ("FastAPI / Starlette": "0.163.2 / 1.10.0")."""
    return " / ".join(importlib.metadata.version(package) for package in packages)


def installed():
    """{framework: {"version", "names"}} for every framework installed on this machine."""
    frameworks = {
        "starlette": (python_versions("fastapi", "starlette"), starlette_names()),
        "werkzeug": (python_versions("flask", "werkzeug"), werkzeug_names()),
        **node_names(),
        "go": go_names(),
        "rack2": rack_names(),
    }
    return {
        key: {"version": version, "names": names} for key, (version, names) in frameworks.items()
    }


def from_source(spring, rack, aspnet, aspnet_commit, aspnet_version):
    frameworks = {}
    for key, tag in zip(("spring", "spring6"), SPRING_TAGS, strict=True):
        source = git_show(spring, tag, SPRING_PATH)
        frameworks[key] = {
            "version": tag.removeprefix("v"),
            "source": {
                "repository": "spring-projects/spring-framework",
                "tag": tag,
                "commit": git_commit(spring, tag),
                "path": SPRING_PATH,
                "sha256": sha256(source),
            },
            "names": spring_names(source),
        }
    version, names = rack_release_names(rack)
    frameworks["rack"] = {
        "version": version,
        "source": {
            "repository": "rack/rack",
            "tag": RACK_TAG,
            "commit": git_commit(rack, RACK_TAG),
            "path": "lib/rack/utils.rb",
        },
        "names": names,
    }
    frameworks["aspnet"] = {
        "version": aspnet_version,
        "source": {"repository": "dotnet/aspnetcore", "commit": aspnet_commit, "path": ASPNET_PATH},
        "names": aspnet_names(Path(aspnet).read_text()),
    }
    return frameworks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spring", required=True, help="git directory of spring-framework")
    parser.add_argument("--rack", required=True, help="git directory of rack")
    parser.add_argument("--aspnet", required=True, help="aspnetcore's StatusCodes.cs")
    parser.add_argument("--aspnet-commit", required=True, help="the commit it was read at")
    parser.add_argument("--aspnet-version", required=True, help="the version at that commit")
    options = parser.parse_args()
    frameworks = {
        **installed(),
        **from_source(
            options.spring,
            options.rack,
            options.aspnet,
            options.aspnet_commit,
            options.aspnet_version,
        ),
    }
    DATA.write_text(json.dumps({"frameworks": frameworks}, indent=1, ensure_ascii=False) + "\n")
    print(f"{DATA.relative_to(ROOT)}: {len(frameworks)} frameworks", file=sys.stderr)


if __name__ == "__main__":
    main()
