"""Optimistic locking: one editor's save never silently undoes another's.

Every versioned row counts its saves in ``version``. The pieces, all here:

- the model (``VersionedModel``): saving an existing row is one conditional UPDATE that claims
  the version the save started from (``... SET version = version + 1 WHERE version = N``). Of two
  saves that started from the same version exactly one succeeds; the other raises
  ``EditConflict`` and writes nothing.
- the form (``VersionedForm``): carries the version its editor started from in a hidden field.
  If the row moved on since, nothing is saved; the form comes back merged field by field: fields
  this editor did not touch now hold the other save's values, fields they changed keep their
  text, and a message lists what changed. Saving again writes only this editor's changes.
- the admin (``VersionedAdminMixin``): a save that loses the race after validating (the claim
  fails, or a concurrent insert of the same key) is handled once more, which shows the conflict
  or the duplicate on the form instead of a server error.
- the loader (``continue_from``): updating a row claims the version it read, so a form opened
  before a load conflicts instead of undoing the load.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import F, Max
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges, to_historic

from .history import display_value, history_at, word_diff


class EditConflict(Exception):
    """The row was saved by someone else since this copy of it was read."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Counts the saves; the admin form carries it hidden.")
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            claimed = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise EditConflict(
                    f"{self._meta.label} {self.pk} changed since version {self.version}"
                )
            self.version += 1
            super().save(*args, **kwargs)


def current_version(instance):
    """The version the row has in the database now (None once it is deleted)."""
    model = type(instance)
    return model._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()


def first_free_version(instance):
    """For a row inserted under a key that had history (a recovered row): the next version, so
    each version names one history entry."""
    if instance.pk is None:
        return 1
    history = type(instance).history.filter(**{instance._meta.pk.attname: instance.pk})
    return (history.aggregate(last=Max("version"))["last"] or 0) + 1


def continue_from(instance, existing):
    """Make ``instance`` (new content for ``existing``'s row) save as a claim on that row."""
    instance.version = existing.version
    instance._state.adding = False


class VersionedForm(forms.ModelForm):
    """Refuses a stale save and merges it, field by field, with the save that came first."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if to_historic(self.instance):
            # A revert form shows an old record, but its save starts from the row as it is now;
            # a deleted row is recovered as a new insert.
            current = current_version(self.instance)
            if current is None:
                self.instance._state.adding = True
                self.instance.version = first_free_version(self.instance)
            self.initial["version"] = current
        if self.instance._state.adding:
            # A new row starts at its own version whatever is posted: there is nothing to claim.
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance._state.adding:
            cleaned_data.pop("version", None)
            return cleaned_data
        started = cleaned_data.get("version")
        current = current_version(self.instance)
        if current is None or started == current:
            # (A row deleted meanwhile fails its claim; the admin then says it is gone.)
            return cleaned_data
        merged, both_changed = self.merge_since(started)
        self.set_value("version", current)
        raise ValidationError(
            conflict_message(self.instance, started, merged, both_changed), code="conflict"
        )

    def merge_since(self, started):
        """Take the current row's value wherever this editor left the field as they found it.

        Returns the labels of the fields taken from the other save, and of those both changed.
        """
        model = type(self.instance)
        base = history_at(self.instance, started)
        now = model._base_manager.get(pk=self.instance.pk)
        merged, both_changed = [], []
        for name in self.fields:
            if name == "version" or name not in self.cleaned_data:
                continue
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            mine = comparable(self.cleaned_data[name])
            theirs = stored_value(now, field)
            if mine == theirs:
                continue
            label = capfirst(field.verbose_name)
            if base is not None and mine == stored_value(base, field):
                self.set_value(name, theirs)
                merged.append(label)
            elif base is None or theirs != stored_value(base, field):
                both_changed.append(label)
        return merged, both_changed

    def set_value(self, name, value):
        """Put ``value`` in the submitted data, as a browser would post it."""
        if not getattr(self, "_data_is_copy", False):
            self.data = self.data.copy()  # the request's data is immutable
            self._data_is_copy = True
        key = self.add_prefix(name)
        field = self.fields[name]
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        elif isinstance(value, list):
            if hasattr(self.data, "setlist"):
                self.data.setlist(key, [str(item) for item in value])
            else:
                self.data[key] = [str(item) for item in value]
        else:
            self.data[key] = "" if value is None else value


def comparable(value):
    """A form's cleaned value in the shape ``stored_value`` gives the stored one."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.QuerySet, list, tuple)):
        return sorted(item.pk if isinstance(item, models.Model) else item for item in value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def stored_value(row, field):
    """A field's value in a row or a history entry, comparable with ``comparable``."""
    if field.many_to_many:
        if isinstance(row, HistoricalChanges):
            target = f"{field.m2m_reverse_field_name()}_id"
            return sorted(getattr(link, target) for link in getattr(row, field.name).all())
        return sorted(getattr(row, field.name).values_list("pk", flat=True))
    value = getattr(row, field.attname)
    return value.strip() if isinstance(value, str) else value


def build_conflict_message(instance, started, merged=(), both_changed=()):
    intro = _(
        "Someone else saved this %(model)s after you opened it, and nothing was saved. The form "
        "below keeps the fields you changed and now shows the other save's values in the fields "
        "you had not touched. Check it, then save again."
    ) % {"model": instance._meta.verbose_name}
    parts = [format_html("{}", intro)]
    changes = changes_since(instance, started)
    if changes:
        items = format_html_join("", "<li><strong>{}</strong>: {}</li>", changes)
        parts.append(
            format_html(
                '<ul class="conflict-changes" aria-label="{}">{}</ul>',
                _("Changes made in the meantime"),
                items,
            )
        )
    if merged:
        parts.append(field_labels("conflict-merged", _("Taken from the other save:"), merged))
    if both_changed:
        heading = _("Changed by both of you (the form shows your text):")
        parts.append(field_labels("conflict-both", heading, both_changed))
    return format_html_join("", "{}", ((part,) for part in parts))


# The form is checked inside the save's transaction, which on SQLite holds the database's write
# lock: the message, with its word differences, is built only when the form is shown, after the
# transaction has ended, so no other editor's save waits for it.
conflict_message = lazy(build_conflict_message, SafeString)


def field_labels(css_class, heading, labels):
    return format_html(
        '<p class="{}">{} {}</p>', css_class, heading, ", ".join(str(label) for label in labels)
    )


def changes_since(instance, version):
    """(field label, word difference) for each field changed since ``version``."""
    before = history_at(instance, version)
    now = instance.history.order_by("history_date", "history_id").last()
    if before is None or now is None:
        return []
    model = type(instance)
    delta = now.diff_against(before, excluded_fields=["version"])
    return [
        (
            capfirst(model._meta.get_field(change.field).verbose_name),
            word_diff(
                display_value(model, change.field, change.old),
                display_value(model, change.field, change.new),
            ),
        )
        for change in delta.changes
    ]


class VersionedAdminMixin:
    """A save that lost a race after validating is handled again: the editor sees why."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        return handle_lost_race(view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        view = super().history_form_view

        def atomic_view(*args):
            with transaction.atomic(using=router.db_for_write(self.model)):
                return view(*args)

        return handle_lost_race(atomic_view, request, object_id, version_id, extra_context)


def handle_lost_race(view, request, *args):
    # The failed attempt's transaction was rolled back. The second attempt validates against
    # the winner's row, so it shows the conflict form (or "already exists") rather than failing.
    try:
        return view(request, *args)
    except (EditConflict, IntegrityError):
        return view(request, *args)
