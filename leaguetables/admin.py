"""The editors' admin: editorial notes and trust statements, imports and their revisions.

Published numbers are read-only here: they change only through `import_nof`. Every write the
admin makes goes through `leaguetables.actions`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from leaguetables import actions
from leaguetables.models import ContextNote, ImportRecord, Revision, TrustQuarter
from leaguetables.nof.notes import KIND_LABELS, WRITTEN_KINDS, NoteKind
from leaguetables.presentation.words import note_text

WRITTEN_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in NoteKind if kind in WRITTEN_KINDS]


class WrittenNoteForm(forms.ModelForm):
    """Editors write only editorial notes and trust statements; the rest are derived."""

    kind = forms.ChoiceField(choices=WRITTEN_CHOICES)

    class Meta:
        model = ContextNote
        fields = ["trust_quarter", "kind", "short_text", "long_text", "source", "approved"]


@admin.register(ContextNote)
class ContextNoteAdmin(admin.ModelAdmin):
    form = WrittenNoteForm
    list_display = ["words", "kind", "trust_quarter", "approved", "automatic"]
    list_filter = ["kind", "approved", "automatic", "trust_quarter__quarter"]
    search_fields = ["short_text", "trust_quarter__trust__ods_code", "trust_quarter__name"]
    autocomplete_fields = ["trust_quarter"]
    actions = ["approve", "delete_written"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("trust_quarter__quarter",
                                                            "trust_quarter__trust")  # fmt: skip

    def get_actions(self, request):
        # Deleting goes through actions.delete_written_notes, which leaves derived notes alone.
        found = super().get_actions(request)
        found.pop("delete_selected", None)
        return found

    @admin.display(description="Note")
    def words(self, note: ContextNote) -> str:
        return note_text(note).short

    def has_change_permission(self, request, obj=None) -> bool:
        # Automatic notes are rebuilt from the data at every import: editing one would be lost.
        if obj is not None and obj.automatic:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.automatic:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        actions.save_written_note(note=obj)

    def delete_model(self, request, obj) -> None:
        actions.delete_written_notes(notes=ContextNote.objects.filter(pk=obj.pk))

    @admin.action(description="Approve the selected notes and statements")
    def approve(self, request, queryset):
        count = actions.approve_notes(notes=queryset)
        self.message_user(request, f"{count} approved", messages.SUCCESS)

    @admin.action(description="Delete the selected notes and statements (not derived notes)")
    def delete_written(self, request, queryset):
        count = actions.delete_written_notes(notes=queryset)
        self.message_user(request, f"{count} deleted", messages.SUCCESS)


class PublishedAdmin(admin.ModelAdmin):
    """Published figures and their import history: to read, never to edit by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrustQuarter)
class TrustQuarterAdmin(PublishedAdmin):
    list_display = ["name", "quarter", "league", "adjusted_segment", "league_rank"]
    list_filter = ["league", "quarter"]
    search_fields = ["name", "trust__ods_code"]


@admin.register(ImportRecord)
class ImportRecordAdmin(PublishedAdmin):
    list_display = ["source", "kind", "league", "rows", "rows_added", "rows_changed",
                    "imported_at"]  # fmt: skip
    readonly_fields = [f.name for f in ImportRecord._meta.fields]


@admin.register(Revision)
class RevisionAdmin(PublishedAdmin):
    list_display = ["field", "old_value", "new_value", "trust_quarter", "import_record"]
    list_filter = ["import_record"]
