"""Admin forms: the version an editor started from travels with the form (see VersionedModel)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.models import to_historic


class VersionedForm(forms.ModelForm):
    """Refuses a save when the row changed since the form was opened, saying what changed.

    The check here gives the editor a clear message; the atomic guarantee is the conditional
    UPDATE in ``VersionedModel.save``, which refuses a save that loses the race after this check.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if to_historic(self.instance):
            # A revert form shows an old record, but its save starts from the row as it is now.
            self.initial["version"] = current_version(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        # Browsers post CRLF line ends and forms strip outer whitespace: keep the stored text
        # where that is the only difference, so a save changes only what the editor changed
        # (and the fixtures do not see an edit nobody made).
        for name, value in cleaned_data.items():
            if not isinstance(value, str):
                continue
            value = value.replace("\r\n", "\n")
            stored = getattr(self.instance, name, None)
            keep_stored = isinstance(stored, str) and value.strip() == stored.strip()
            cleaned_data[name] = stored if keep_stored else value
        if self.instance._state.adding:
            return cleaned_data
        started = cleaned_data.get("version")
        current = current_version(self.instance)
        if current is not None and started != current:
            # Keep everything the editor typed, but let the next save start from the current
            # version: once they have seen the other changes, saving again is their decision.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            raise ValidationError(conflict_message(self.instance, started), code="conflict")
        return cleaned_data


class StatusCodeForm(VersionedForm):
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
        if self.instance.code is not None and related.filter(code=self.instance.code).exists():
            raise ValidationError(
                _("A code cannot be related to itself; remove %(code)s from the list."),
                params={"code": self.instance.code},
                code="self_related",
            )
        return related


def current_version(instance):
    model = type(instance)
    return model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()


def conflict_message(instance, started):
    intro = _(
        "Someone else saved this %(model)s after you opened it. Your text is still in the form "
        "below and nothing was saved. Compare it with the changes made in the meantime, then "
        "save again to keep your version."
    ) % {"model": instance._meta.verbose_name}
    changes = changes_since(instance, started)
    if not changes:
        return intro
    items = format_html_join(
        "", "<li><strong>{}</strong>: <del>{}</del> → <ins>{}</ins></li>", changes
    )
    return format_html(
        '{}<ul class="conflict-changes" aria-label="{}">{}</ul>',
        intro,
        _("Changes made in the meantime"),
        items,
    )


def changes_since(instance, version):
    """(field label, old, new) for each field changed since ``version``, from the history."""
    history = instance.history.order_by("history_date", "history_id")
    before = history.filter(version=version).last()
    now = history.last()
    if before is None or now is None:
        return []
    delta = now.diff_against(before, excluded_fields=["version"])
    model = type(instance)
    return [
        (
            model._meta.get_field(change.field).verbose_name,
            display(model, change.field, change.old),
            display(model, change.field, change.new),
        )
        for change in delta.changes
    ]


def display(model, name, value):
    field = model._meta.get_field(name)
    if field.many_to_many:  # history stores the through rows: show the other side's numbers
        target = field.m2m_reverse_field_name()
        return ", ".join(str(row[target]) for row in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value if value not in ("", None) else "—"
