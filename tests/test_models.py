import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from statuses.models import StatusCode
from statuses.models.fields import NaturalKeyMixin

from .conftest import make_code

pytestmark = pytest.mark.database


@pytest.mark.parametrize("code", [99, 600, 0, 999])
def test_codes_outside_100_to_599_are_rejected_with_a_clear_error(status_classes, code):
    status = StatusCode(code=code, title_ko="x", summary_ko="x", description_ko="x")

    with pytest.raises(ValidationError) as error:
        status.full_clean()

    assert "code" in error.value.message_dict


def test_class_is_derived_from_the_code(status_classes):
    status = make_code(451)

    assert status.status_class_id == 4


def test_name_prefers_the_common_name(sample_codes):
    assert sample_codes[418].name == "I'm a teapot"
    assert sample_codes[404].name == "Not Found"


def test_localized_falls_back_to_korean(sample_codes, settings):
    from django.utils import translation

    status = sample_codes[404]
    status.summary_en = ""
    with translation.override("en"):
        assert status.localized("summary") == "요청한 리소스를 찾을 수 없습니다."
        status.summary_en = "English"
        assert status.localized("summary") == "English"
    with translation.override("ko"):
        assert status.localized("summary") == "요청한 리소스를 찾을 수 없습니다."


def test_every_row_named_by_fields_is_found_by_them(content):
    """The fixtures name these rows by their ``natural_key_fields``; the manager finds each row
    by the key the row gives, as the loader and Django's serializers ask for it."""
    models = [
        model
        for model in apps.get_app_config("statuses").get_models()
        if issubclass(model, NaturalKeyMixin)
    ]
    assert {model.__name__ for model in models} == {
        "CodeComparison",
        "DecisionAnswer",
        "GuideFact",
        "VendorUsage",
    }
    for model in models:
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            assert model.objects.get_by_natural_key(*row.natural_key()) == row
