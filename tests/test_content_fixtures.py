"""The real content, checked against the IANA registry, the RFCs and Python's http.HTTPStatus."""

import http
import re

import pytest
from rest_framework import status as drf_status

from statuses.content.registry import read_registry
from statuses.models import CodeComparison, StatusClass, StatusCode, VendorUsage

# The IANA "HTTP Status Code Registry", from the copy in fixtures/iana/: value -> (description as
# registered, registry status, defining document). Unassigned values are left out.
IANA = {
    code: (entry.description, entry.registry_status, entry.spec_document)
    for code, entry in read_registry().items()
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


pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rows(real_content, django_db_blocker):
    """The loaded rows, read once: the module's checks only read them."""
    with django_db_blocker.unblock():
        codes = {
            status.code: status for status in StatusCode.objects.prefetch_related("related_codes")
        }
        return {
            "codes": codes,
            "classes": list(StatusClass.objects.all()),
            "vendor_usages": list(VendorUsage.objects.all()),
            "comparisons": list(CodeComparison.objects.all()),
        }


@pytest.fixture(scope="module")
def registered(rows):
    return {code: s for code, s in rows["codes"].items() if s.is_registered}


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


def test_every_code_has_korean_and_english_prose(rows):
    for code, status in rows["codes"].items():
        for field in ("title_ko", "summary_ko", "description_ko"):
            assert HANGUL.search(getattr(status, field)), (code, field)
        assert status.summary_en and status.description_en, code


def test_classes_have_korean_and_english_text(rows):
    assert [c.digit for c in rows["classes"]] == [1, 2, 3, 4, 5]
    for status_class in rows["classes"]:
        for field in ("name_ko", "summary_ko", "description_ko"):
            assert HANGUL.search(getattr(status_class, field))
        assert status_class.name_en and status_class.description_en


@pytest.mark.parametrize("code", sorted(IANA))
def test_descriptions_are_substantial(registered, code):
    status = registered[code]

    assert len(status.description_ko) >= 300, len(status.description_ko)
    assert len(status.description_en) >= 400, len(status.description_en)
    assert len(status.summary_ko) <= 300


def test_http_status_names_exist_in_this_python(rows):
    for code, status in rows["codes"].items():
        if status.http_status_name:
            assert http.HTTPStatus[status.http_status_name].value == code


def test_every_code_python_knows_is_documented_with_its_name(rows):
    for member in http.HTTPStatus:
        status = rows["codes"][member.value]
        assert http.HTTPStatus[status.http_status_name] is member


def test_drf_constants_exist(rows):
    for code, status in rows["codes"].items():
        if status.drf_constant:
            assert getattr(drf_status, status.drf_constant) == code


def test_every_drf_constant_is_shown(rows):
    for name in dir(drf_status):
        if name.startswith("HTTP_"):
            code = getattr(drf_status, name)
            assert rows["codes"][code].drf_constant, name


def test_related_codes_exist_and_are_symmetric(rows):
    for code, status in rows["codes"].items():
        related = {other.code for other in status.related_codes.all()}
        assert code not in related
        for other in related:
            assert code in {c.code for c in rows["codes"][other].related_codes.all()}


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


def test_unregistered_codes_have_vendor_meanings(rows):
    for code, status in rows["codes"].items():
        if not status.is_registered:
            assert not status.iana_description
            assert any(usage.code_id == code for usage in rows["vendor_usages"]), code


def test_vendor_usages_are_many_unique_and_sourced(rows):
    usages = rows["vendor_usages"]

    assert len([usage for usage in usages if not usage.vendor_code]) >= 55
    assert len({(u.code_id, u.vendor, u.vendor_code) for u in usages}) == len(usages)
    for usage in usages:
        assert usage.source_url.startswith("https://"), usage
        assert HANGUL.search(usage.description_ko) and usage.description_en, usage
    assert {u.vendor for u in usages if u.code_id == 420} >= {"Twitter API", "Spring Framework"}


def test_every_related_pair_has_its_difference_in_both_languages(rows):
    related = {
        (code, other.code)
        for code, status in rows["codes"].items()
        for other in status.related_codes.all()
        if code < other.code
    }
    compared = {(c.first_id, c.second_id) for c in rows["comparisons"]}

    assert compared == related
    for comparison in rows["comparisons"]:
        for note in (comparison.note_ko, comparison.note_en):
            assert str(comparison.first_id) in note and str(comparison.second_id) in note
        assert HANGUL.search(comparison.note_ko)


def test_every_code_has_related_codes(rows):
    for code, status in rows["codes"].items():
        assert status.related_codes.all(), code


def test_unofficial_numbers_are_many_and_each_has_a_sourced_vendor_meaning(rows):
    """Numbers vendors use outside the registry: unregistered codes, plus registered numbers a
    vendor gives its own meaning (Exchange ActiveSync's 451)."""
    unofficial = {
        usage.code_id
        for usage in rows["vendor_usages"]
        if not usage.vendor_code and usage.source_url.startswith("https://")
    }
    unregistered = {code for code, status in rows["codes"].items() if not status.is_registered}

    assert unregistered <= unofficial
    assert len(unofficial) >= 36


def test_vendor_error_codes_come_with_a_registered_status(rows):
    error_codes = [usage for usage in rows["vendor_usages"] if usage.vendor_code]
    by_vendor = {(usage.vendor, usage.vendor_code): usage.code_id for usage in error_codes}

    assert by_vendor[("Microsoft IIS", "403.14")] == 403
    assert by_vendor[("Microsoft IIS", "404.3")] == 404
    assert by_vendor[("Microsoft IIS", "500.19")] == 500
    assert by_vendor[("Microsoft IIS", "502.5")] == 502
    assert by_vendor[("Cloudflare", "1020")] == 403
    assert by_vendor[("Cloudflare", "1015")] == 429
    assert by_vendor[("Cloudflare", "1016")] == 530
    for usage in error_codes:
        if usage.vendor == "Microsoft IIS":
            # An IIS sub-status is the status number, a dot and the sub-code: 403.14 with 403.
            assert re.fullmatch(rf"{usage.code_id}\.\d+", usage.vendor_code), usage
        assert usage.source_url.startswith("https://"), usage


def test_http_status_names_show_the_current_python_name(rows):
    renamed = {code: rows["codes"][code].current_http_status_name for code in (413, 414, 416, 422)}

    assert renamed == {
        413: "CONTENT_TOO_LARGE",
        414: "URI_TOO_LONG",
        416: "RANGE_NOT_SATISFIABLE",
        422: "UNPROCESSABLE_CONTENT",
    }
    assert rows["codes"][404].current_http_status_name == "NOT_FOUND"
