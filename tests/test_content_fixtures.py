"""The real content, checked against the IANA registry, the RFCs and Python's http.HTTPStatus."""

import http
import re

import pytest
from rest_framework import status as drf_status

from statuses.content import load_content
from statuses.guide_models import DecisionAnswer, DecisionStep, Guide, GuideFact
from statuses.models import CodeComparison, StatusClass, StatusCode, VendorUsage

Registry = StatusCode.RegistryStatus

# The IANA "HTTP Status Code Registry": value -> (description as registered, registry status,
# defining document). Unassigned values are left out.
IANA = {
    100: ("Continue", Registry.PERMANENT, "RFC 9110"),
    101: ("Switching Protocols", Registry.PERMANENT, "RFC 9110"),
    102: ("Processing", Registry.PERMANENT, "RFC 2518"),
    103: ("Early Hints", Registry.PERMANENT, "RFC 8297"),
    104: (
        "Upload Resumption Supported (TEMPORARY - registered 2024-11-13, "
        "extension registered 2025-09-15, expires 2026-11-13)",
        Registry.TEMPORARY,
        "draft-ietf-httpbis-resumable-upload-05",
    ),
    200: ("OK", Registry.PERMANENT, "RFC 9110"),
    201: ("Created", Registry.PERMANENT, "RFC 9110"),
    202: ("Accepted", Registry.PERMANENT, "RFC 9110"),
    203: ("Non-Authoritative Information", Registry.PERMANENT, "RFC 9110"),
    204: ("No Content", Registry.PERMANENT, "RFC 9110"),
    205: ("Reset Content", Registry.PERMANENT, "RFC 9110"),
    206: ("Partial Content", Registry.PERMANENT, "RFC 9110"),
    207: ("Multi-Status", Registry.PERMANENT, "RFC 4918"),
    208: ("Already Reported", Registry.PERMANENT, "RFC 5842"),
    226: ("IM Used", Registry.PERMANENT, "RFC 3229"),
    300: ("Multiple Choices", Registry.PERMANENT, "RFC 9110"),
    301: ("Moved Permanently", Registry.PERMANENT, "RFC 9110"),
    302: ("Found", Registry.PERMANENT, "RFC 9110"),
    303: ("See Other", Registry.PERMANENT, "RFC 9110"),
    304: ("Not Modified", Registry.PERMANENT, "RFC 9110"),
    305: ("Use Proxy", Registry.PERMANENT, "RFC 9110"),
    306: ("(Unused)", Registry.UNUSED, "RFC 9110"),
    307: ("Temporary Redirect", Registry.PERMANENT, "RFC 9110"),
    308: ("Permanent Redirect", Registry.PERMANENT, "RFC 9110"),
    400: ("Bad Request", Registry.PERMANENT, "RFC 9110"),
    401: ("Unauthorized", Registry.PERMANENT, "RFC 9110"),
    402: ("Payment Required", Registry.PERMANENT, "RFC 9110"),
    403: ("Forbidden", Registry.PERMANENT, "RFC 9110"),
    404: ("Not Found", Registry.PERMANENT, "RFC 9110"),
    405: ("Method Not Allowed", Registry.PERMANENT, "RFC 9110"),
    406: ("Not Acceptable", Registry.PERMANENT, "RFC 9110"),
    407: ("Proxy Authentication Required", Registry.PERMANENT, "RFC 9110"),
    408: ("Request Timeout", Registry.PERMANENT, "RFC 9110"),
    409: ("Conflict", Registry.PERMANENT, "RFC 9110"),
    410: ("Gone", Registry.PERMANENT, "RFC 9110"),
    411: ("Length Required", Registry.PERMANENT, "RFC 9110"),
    412: ("Precondition Failed", Registry.PERMANENT, "RFC 9110"),
    413: ("Content Too Large", Registry.PERMANENT, "RFC 9110"),
    414: ("URI Too Long", Registry.PERMANENT, "RFC 9110"),
    415: ("Unsupported Media Type", Registry.PERMANENT, "RFC 9110"),
    416: ("Range Not Satisfiable", Registry.PERMANENT, "RFC 9110"),
    417: ("Expectation Failed", Registry.PERMANENT, "RFC 9110"),
    418: ("(Unused)", Registry.UNUSED, "RFC 9110"),
    421: ("Misdirected Request", Registry.PERMANENT, "RFC 9110"),
    422: ("Unprocessable Content", Registry.PERMANENT, "RFC 9110"),
    423: ("Locked", Registry.PERMANENT, "RFC 4918"),
    424: ("Failed Dependency", Registry.PERMANENT, "RFC 4918"),
    425: ("Too Early", Registry.PERMANENT, "RFC 8470"),
    426: ("Upgrade Required", Registry.PERMANENT, "RFC 9110"),
    428: ("Precondition Required", Registry.PERMANENT, "RFC 6585"),
    429: ("Too Many Requests", Registry.PERMANENT, "RFC 6585"),
    431: ("Request Header Fields Too Large", Registry.PERMANENT, "RFC 6585"),
    451: ("Unavailable For Legal Reasons", Registry.PERMANENT, "RFC 7725"),
    500: ("Internal Server Error", Registry.PERMANENT, "RFC 9110"),
    501: ("Not Implemented", Registry.PERMANENT, "RFC 9110"),
    502: ("Bad Gateway", Registry.PERMANENT, "RFC 9110"),
    503: ("Service Unavailable", Registry.PERMANENT, "RFC 9110"),
    504: ("Gateway Timeout", Registry.PERMANENT, "RFC 9110"),
    505: ("HTTP Version Not Supported", Registry.PERMANENT, "RFC 9110"),
    506: ("Variant Also Negotiates", Registry.PERMANENT, "RFC 2295"),
    507: ("Insufficient Storage", Registry.PERMANENT, "RFC 4918"),
    508: ("Loop Detected", Registry.PERMANENT, "RFC 5842"),
    510: ("Not Extended (OBSOLETED)", Registry.OBSOLETED, "RFC 2774"),
    511: ("Network Authentication Required", Registry.PERMANENT, "RFC 6585"),
}

# Responses cacheable by default (heuristically): RFC 9110 section 15.1 for its own codes, and
# RFC 7725 section 3 for 451.
CACHEABLE_BY_DEFAULT = {200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501}

# Codes the registry renamed, with a name they used to have.
RENAMED = {
    302: "Moved Temporarily",
    413: "Payload Too Large",
    414: "Request-URI Too Long",
    416: "Requested Range Not Satisfiable",
    422: "Unprocessable Entity",
}

HANGUL = re.compile("[가-힣]")
RFC_LINK = re.compile(r"^https://www\.rfc-editor\.org/rfc/rfc(\d+)#section-([\d.]+)$")
DRAFT_LINK = re.compile(
    r"^https://datatracker\.ietf\.org/doc/html/(draft-[a-z0-9-]+)#section-[\d.]+$"
)


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_content()
        codes = {
            status.code: status for status in StatusCode.objects.prefetch_related("related_codes")
        }
        yield {
            "codes": codes,
            "classes": list(StatusClass.objects.all()),
            "vendor_usages": list(VendorUsage.objects.all()),
            "comparisons": list(CodeComparison.objects.all()),
        }
        for model in [GuideFact, DecisionAnswer, DecisionStep, Guide, CodeComparison]:
            model.objects.all().delete()
        VendorUsage.objects.all().delete()
        StatusCode.objects.all().delete()
        StatusClass.objects.all().delete()


@pytest.fixture(scope="module")
def registered(content):
    return {code: s for code, s in content["codes"].items() if s.is_registered}


def test_all_64_registered_values_are_present(registered):
    assert len(IANA) == 64
    assert sorted(registered) == sorted(IANA)


@pytest.mark.parametrize("code", sorted(IANA))
def test_registry_facts_match_iana(registered, code):
    description, registry_status, document = IANA[code]
    status = registered[code]

    assert status.iana_description == description
    assert status.registry_status == registry_status
    assert status.spec_document == document
    assert status.status_class_id == code // 100
    assert status.cacheable_by_default == (code in CACHEABLE_BY_DEFAULT)


@pytest.mark.parametrize("code", sorted(IANA))
def test_spec_link_opens_on_the_defining_section(registered, code):
    status = registered[code]
    rfc = RFC_LINK.match(status.spec_url)
    if rfc:
        assert f"RFC {rfc[1]}" == status.spec_document
        assert rfc[2] == status.spec_section
    else:
        draft = DRAFT_LINK.match(status.spec_url)
        assert draft, status.spec_url
        assert draft[1] == status.spec_document


def test_rfc_9110_codes_link_to_section_15(registered):
    for code, status in registered.items():
        if status.spec_document == "RFC 9110":
            assert status.spec_section.startswith(f"15.{code // 100 + 1}."), code


def test_every_code_has_korean_and_english_prose(content):
    for code, status in content["codes"].items():
        for field in ("title_ko", "summary_ko", "description_ko"):
            assert HANGUL.search(getattr(status, field)), (code, field)
        assert status.summary_en and status.description_en, code


def test_classes_have_korean_and_english_text(content):
    assert [c.digit for c in content["classes"]] == [1, 2, 3, 4, 5]
    for status_class in content["classes"]:
        for field in ("name_ko", "summary_ko", "description_ko"):
            assert HANGUL.search(getattr(status_class, field))
        assert status_class.name_en and status_class.description_en


@pytest.mark.parametrize("code", sorted(IANA))
def test_descriptions_are_substantial(registered, code):
    status = registered[code]

    assert len(status.description_ko) >= 300, len(status.description_ko)
    assert len(status.description_en) >= 400, len(status.description_en)
    assert len(status.summary_ko) <= 300


def test_http_status_names_exist_in_this_python(content):
    for code, status in content["codes"].items():
        if status.http_status_name:
            assert http.HTTPStatus[status.http_status_name].value == code


def test_every_code_python_knows_is_documented_with_its_name(content):
    for member in http.HTTPStatus:
        status = content["codes"][member.value]
        assert http.HTTPStatus[status.http_status_name] is member


def test_drf_constants_exist(content):
    for code, status in content["codes"].items():
        if status.drf_constant:
            assert getattr(drf_status, status.drf_constant) == code


def test_every_drf_constant_is_shown(content):
    for name in dir(drf_status):
        if name.startswith("HTTP_"):
            code = getattr(drf_status, name)
            assert content["codes"][code].drf_constant, name


def test_related_codes_exist_and_are_symmetric(content):
    for code, status in content["codes"].items():
        related = {other.code for other in status.related_codes.all()}
        assert code not in related
        for other in related:
            assert code in {c.code for c in content["codes"][other].related_codes.all()}


@pytest.mark.parametrize(("code", "former_name"), sorted(RENAMED.items()))
def test_renamed_codes_keep_their_former_names(registered, code, former_name):
    assert former_name in registered[code].former_name_list


def test_deprecated_codes_say_why(registered):
    deprecated = {code for code, status in registered.items() if status.deprecated}

    assert {102, 305} <= deprecated
    for code in deprecated:
        assert HANGUL.search(registered[code].deprecation_note_ko)
        assert registered[code].deprecation_note_en


def test_teapot_is_reserved_with_its_common_name(registered):
    assert registered[418].common_name == "I'm a teapot"


def test_unregistered_codes_have_vendor_meanings(content):
    for code, status in content["codes"].items():
        if not status.is_registered:
            assert not status.iana_description
            assert any(usage.code_id == code for usage in content["vendor_usages"]), code


def test_vendor_usages_are_many_unique_and_sourced(content):
    usages = content["vendor_usages"]

    assert len(usages) >= 35
    assert len({(u.code_id, u.vendor) for u in usages}) == len(usages)
    for usage in usages:
        assert usage.source_url.startswith("https://"), usage
        assert HANGUL.search(usage.description_ko) and usage.description_en, usage
    assert {u.vendor for u in usages if u.code_id == 420} >= {"Twitter API", "Spring Framework"}


def test_every_related_pair_has_its_difference_in_both_languages(content):
    related = {
        (code, other.code)
        for code, status in content["codes"].items()
        for other in status.related_codes.all()
        if code < other.code
    }
    compared = {(c.first_id, c.second_id) for c in content["comparisons"]}

    assert compared == related
    for comparison in content["comparisons"]:
        for note in (comparison.note_ko, comparison.note_en):
            assert str(comparison.first_id) in note and str(comparison.second_id) in note
        assert HANGUL.search(comparison.note_ko)


def test_every_code_has_related_codes(content):
    for code, status in content["codes"].items():
        assert status.related_codes.all(), code
