"""Admin forms: conflict-safe (statuses.editing.locking), changing only what the editor changed."""

from django.core.exceptions import ValidationError
from simple_history.models import to_historic

from ..content.rules import markdown_link_errors, self_related_error
from ..editing.history import links_in_the_same_entry
from ..editing.locking import VersionedForm
from ..http.database_faults import UNWRITABLE_MESSAGE
from ..models import StatusCode


class ContentForm(VersionedForm):
    # Set by the admin when the database refused this save: the form comes back, as posted.
    database_unwritable = False

    def clean(self):
        # Browsers post CRLF line ends and forms strip outer whitespace: keep the stored text
        # where that is the only difference, so a save changes only what the editor changed
        # (and the fixtures do not see an edit nobody made).
        for name, value in self.cleaned_data.items():
            if not isinstance(value, str):
                continue
            value = value.replace("\r\n", "\n")
            stored = getattr(self.instance, name, None)
            keep_stored = isinstance(stored, str) and value.strip() == stored.strip()
            self.cleaned_data[name] = stored if keep_stored else value
        errors = markdown_link_errors(self._meta.model, self.cleaned_data, code_exists)
        for name, message in errors.items():
            self.add_error(name, message)
        cleaned_data = super().clean()
        if self.database_unwritable:
            self.add_error(None, ValidationError(UNWRITABLE_MESSAGE, code="unwritable"))
        return cleaned_data

    def _save_m2m(self):
        with links_in_the_same_entry(self.instance):
            super()._save_m2m()


def code_exists(code):
    return StatusCode.objects.filter(pk=code).exists()


class StatusCodeForm(ContentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        historic = to_historic(self.instance)
        if historic and "related_codes" in self.fields:
            # The library rebuilds an old record's fields but not its links: restore them too.
            self.initial["related_codes"] = [
                row.to_statuscode_id for row in historic.related_codes.all()
            ]

    def clean_related_codes(self):
        related = self.cleaned_data["related_codes"]
        number = self.cleaned_data.get("code", self.instance.code)
        message = self_related_error(number, {code.pk for code in related})
        if message:
            raise ValidationError(message, code="self_related")
        return related
