import os
import subprocess
import sys
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from statuses.models import CodeComparison, StatusClass, StatusCode, VendorUsage

CHROMIUM = "/usr/bin/chromium"

# Property tests draw the same examples on every run, so a result never depends on the draw; a
# failure they find becomes a named test of its own. `HYPOTHESIS_PROFILE=explore pytest` draws new
# examples, to look for failures on purpose.
hypothesis_settings.register_profile("deterministic", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


def pytest_addoption(parser):
    parser.addoption(
        "--servers",
        action="store_true",
        help="also run the tests marked servers (they need PostgreSQL and Redis)",
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked ``servers`` need PostgreSQL and Redis running: they run with ``--servers``.

    Left out of any other run (and counted as deselected in its summary), so a plain ``pytest``
    passes on a machine with neither.
    """
    if config.getoption("--servers"):
        return
    left_out = [item for item in items if item.get_closest_marker("servers")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("servers")]


def require(present, what, command):
    """Fail in one line, with no traceback, when something the test needs is not installed."""
    if not present:
        pytest.fail(f"{what} is missing: run {command}", pytrace=False)


def pytest_sessionstart(session):
    """A database that does not answer stops the run with one line, before any test errors."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    try:
        psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"],
            dbname="postgres",
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        raise pytest.UsageError(
            f"Cannot connect to PostgreSQL (DATABASE_URL): {reason}. Run make postgres, or unset "
            "DATABASE_URL for SQLite."
        ) from None


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Korean; a request under /en/ must not leak English into the next."""
    translation.deactivate()
    yield
    translation.deactivate()


EDITOR_PASSWORD = "pw-for-tests-only"

CLASS_NAMES = {
    1: ("정보 응답", "Informational"),
    2: ("성공", "Successful"),
    3: ("리다이렉트", "Redirection"),
    4: ("클라이언트 오류", "Client Error"),
    5: ("서버 오류", "Server Error"),
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as the site's is: the served site's threads then
    each have their own connection and take the file's lock as production does (an in-memory
    database would be one connection that every thread shares)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


SITE_URL = "https://status.example"


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    """Every setting the tests change for the whole run, in one place.

    - Static files under their own names, found in static/: the tests skip collectstatic.
    - An origin unlike the test client's host, so a link built from the request shows.
    - The tests' own shared cache, a file cache like the default in a fresh folder: the default
      folder (or CACHE_URL from .env) belongs to the servers running from this checkout; a test
      run that bumped or cleared it would disturb them, and they it.
    - A fast password hasher: the real one takes a third of a second a hash, by design.
    """
    shared_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": tmp_path_factory.mktemp("shared-cache"),
    }
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATIC_ROOT=None,
        WHITENOISE_USE_FINDERS=True,
        SITE_URL=SITE_URL,
        CACHES={**settings.CACHES, "default": shared_cache},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with no cached page: the database is rolled back, the caches are not."""
    for cache in caches.all(initialized_only=False):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=False):
        cache.clear()


def make_code(code, **fields):
    defaults = {
        "iana_description": f"Code {code}",
        "title_ko": f"코드 {code}",
        "summary_ko": f"{code} 요약",
        "summary_en": f"{code} summary",
        "description_ko": f"{code} 설명",
        "description_en": f"{code} description",
    }
    return StatusCode.objects.create(code=code, **{**defaults, **fields})


def make_usage(code, vendor, **fields):
    """``vendor``'s meaning of ``code`` (a StatusCode), with a placeholder source link."""
    fields = {"source_url": "https://example.com/", **fields}
    return VendorUsage.objects.create(code=code, vendor=vendor, **fields)


@pytest.fixture
def editor(db):
    """A staff user with the editor role, as `create_editor_group --add` gives it."""
    user = User.objects.create_user("editor", password=EDITOR_PASSWORD)
    call_command("create_editor_group", add=["editor"], stdout=StringIO())
    user.refresh_from_db()
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def status_classes(db):
    return [
        StatusClass.objects.create(
            digit=digit,
            name_ko=name_ko,
            name_en=name_en,
            summary_ko=f"{name_ko} 요약",
            summary_en=f"{name_en} summary",
            description_ko=f"{name_ko} 설명",
            description_en=f"{name_en} description",
        )
        for digit, (name_ko, name_en) in CLASS_NAMES.items()
    ]


@pytest.fixture
def sample_codes(status_classes):
    not_found = make_code(
        404,
        iana_description="Not Found",
        title_ko="찾을 수 없음",
        summary_ko="요청한 리소스를 찾을 수 없습니다.",
        summary_en="The server cannot find the requested resource.",
        description_ko="서버에 **해당 리소스**가 없습니다.",
        description_en="The server has **no such resource**.",
        spec_document="RFC 9110",
        spec_section="15.5.5",
        spec_url="https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        cacheable_by_default=True,
        django_snippet="from django.http import Http404\n\ndef view(request):\n    raise Http404\n",
        http_status_name="NOT_FOUND",
        drf_constant="HTTP_404_NOT_FOUND",
    )
    gone = make_code(410, iana_description="Gone", title_ko="사라짐")
    # 418 and 499 share their shape, not a fact: two rows of data, each written out as the code
    # it is, read better than a table of them.
    teapot = make_code(
        418,
        iana_description="(Unused)",
        common_name="I'm a teapot",
        title_ko="나는 찻주전자",
        registry_status=StatusCode.RegistryStatus.UNUSED,
    )
    client_closed = make_code(
        499,
        iana_description="",
        common_name="Client Closed Request",
        title_ko="클라이언트가 연결을 끊음",
        registry_status=StatusCode.RegistryStatus.UNREGISTERED,
    )
    VendorUsage.objects.create(
        code=client_closed,
        vendor="nginx",
        name="Client Closed Request",
        description_ko="nginx가 로그에만 남기는 코드입니다.",
        description_en="nginx writes it to the access log only.",
        source_url="https://nginx.org/en/docs/http/ngx_http_core_module.html",
    )
    ok = make_code(200, iana_description="OK", title_ko="성공")
    not_found.related_codes.add(gone, client_closed)
    CodeComparison.objects.create(
        first=not_found,
        second=gone,
        note_ko="404는 없다는 것만, 410은 영구히 사라졌다는 것까지 알립니다.",
        note_en="404 only says it is missing; 410 says it is gone for good.",
    )
    return {404: not_found, 410: gone, 418: teapot, 499: client_closed, 200: ok}


@pytest.fixture
def renamed_class_fixtures(tmp_path):
    """A folder of content fixtures holding one row: class 4, renamed 불러온 이름."""
    fixture = tmp_path / "classes.json"
    fixture.write_text(
        '[{"model": "statuses.statusclass", "pk": 4, "fields": {"name_ko": "불러온 이름",'
        ' "name_en": "Client Error", "summary_ko": "요약", "summary_en": "", '
        '"description_ko": "설명", "description_en": ""}}]',
        encoding="utf-8",
    )
    return tmp_path


@pytest.fixture
def content(db):
    """The real content fixtures, loaded.

    The first test of a process loads them for real; the rows that load wrote (every table of
    the app, history and baselines included) are kept in memory, and later tests get the same
    rows back by bulk inserts: a few hundred milliseconds instead of seconds per test.
    """
    content_snapshot.restore()


class ContentSnapshot:
    """The rows ``load_content`` writes into an empty database, taken once per process."""

    def __init__(self):
        self.rows = None

    @staticmethod
    def tables():
        models = apps.get_app_config("statuses").get_models(include_auto_created=True)
        return [model for model in models if model._meta.managed and not model._meta.proxy]

    def restore(self):
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from statuses.caching.page_cache import bump_content_version
        from statuses.content.loader import load_content

        models = self.tables()
        if self.rows is None or any(model._base_manager.exists() for model in models):
            # The first load, or a test that wrote rows before asking for the content.
            load_content()
            if self.rows is None:
                self.rows = {model: self.read(model) for model in models}
            return
        # One transaction: the foreign keys are checked at its end, whatever the table order.
        with transaction.atomic(), connection.cursor() as cursor:
            for model, (columns, rows) in self.rows.items():
                if rows:
                    names = ", ".join(connection.ops.quote_name(column) for column in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
            # Rows inserted with their ids leave PostgreSQL's sequences behind.
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        bump_content_version()

    @staticmethod
    def read(model):
        from django.db import connection

        columns = [field.column for field in model._meta.local_concrete_fields]
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {names} FROM {connection.ops.quote_name(model._meta.db_table)}")
            return columns, cursor.fetchall()


content_snapshot = ContentSnapshot()


@pytest.fixture
def project(tmp_path):
    """A copy of the project with its own database, .env and default cache folder."""
    from .project_copy import copy_project

    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright. A missing browser fails the test, never skips it."""
    require(os.path.exists(CHROMIUM), "Debian's Chromium", "make browser")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, transactional_db):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    # The site's absolute links (the try-it line) lead to the server the browser uses.
    with override_settings(SITE_URL=live_server.url):
        yield page
    context.close()


@pytest.fixture(scope="module")
def module_page(chromium, live_server):
    """One browser tab for a whole module of tests that only read pages (see ``reader``)."""
    context = chromium.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def reader(module_page, live_server, content, settings):
    """The module's tab, on the real content, back at a 1280 px light screen for each test.

    (The content is restored for each test anyway: pytest-django gives every test that uses the
    live server a transactional database, emptied after the test.)
    """
    settings.SITE_URL = live_server.url  # the site's absolute links lead to the live server
    module_page.set_viewport_size({"width": 1280, "height": 900})
    module_page.emulate_media(media="screen", color_scheme="light")
    return module_page


@pytest.fixture(scope="module")
def real_content(django_db_setup, django_db_blocker):
    """The real content, loaded once for a module (loading takes seconds).

    A module using it marks its tests ``django_db``: pytest-django creates the test database
    only for a session that holds such a test, so the module could not run alone otherwise.
    """
    from statuses.content.loader import load_content

    with django_db_blocker.unblock():
        load_content()
        yield
        delete_content()


def delete_content():
    """Undo a module's load of the real content, rows that point at others first."""
    from statuses.models import CONTENT_MODELS, ContentBaseline

    for model in [*reversed(CONTENT_MODELS), ContentBaseline]:
        model.objects.all().delete()
    # The load wrote history too; a later test counting a code's entries must not see it.
    for model in apps.get_app_config("statuses").get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()


def server_env(**extra):
    """The environment of a production server the tests start: DEBUG off, no .env."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "ERROR",
        **extra,
    }


@pytest.fixture(scope="session")
def collected_static():
    """The production servers serve the files collectstatic writes, as make serve collects them
    (a fresh clone has none)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=server_env(),
        check=True,
    )
