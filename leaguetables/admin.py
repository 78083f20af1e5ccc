"""The editors' admin: editorial notes and trust statements, imports and their revisions.

Published numbers are read-only here: they change only through `import_nof`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from leaguetables import actions
from leaguetables.models import ContextNote, ImportRecord, Revision, TrustQuarter

WRITTEN_KINDS = [
    (ContextNote.Kind.EDITORIAL.value, ContextNote.Kind.EDITORIAL.label),
    (ContextNote.Kind.TRUST_STATEMENT.value, ContextNote.Kind.TRUST_STATEMENT.label),
]


class WrittenNoteForm(forms.ModelForm):
    """Editors write only editorial notes and trust statements; the rest are derived."""

    kind = forms.ChoiceField(choices=WRITTEN_KINDS)

    class Meta:
        model = ContextNote
        fields = ["trust_quarter", "kind", "short_text", "long_text", "source", "approved"]


@admin.register(ContextNote)
class ContextNoteAdmin(admin.ModelAdmin):
    form = WrittenNoteForm
    list_display = ["short_text", "kind", "trust_quarter", "approved", "automatic"]
    list_filter = ["kind", "approved", "automatic", "trust_quarter__quarter"]
    search_fields = ["short_text", "trust_quarter__trust__ods_code", "trust_quarter__name"]
    autocomplete_fields = ["trust_quarter"]
    actions = ["approve"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("trust_quarter__quarter")

    def has_change_permission(self, request, obj=None) -> bool:
        # Automatic notes are rebuilt from the data at every import: editing one would be lost.
        if obj is not None and obj.automatic:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description="Approve the selected notes and statements")
    def approve(self, request, queryset):
        count = actions.approve_notes(notes=queryset)
        self.message_user(request, f"{count} approved", messages.SUCCESS)


class PublishedAdmin(admin.ModelAdmin):
    """Published figures and their import history: to read, never to edit by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TrustQuarter)
class TrustQuarterAdmin(PublishedAdmin):
    list_display = ["name", "quarter", "league", "adjusted_segment", "league_rank"]
    list_filter = ["league", "quarter"]
    search_fields = ["name", "trust__ods_code"]


@admin.register(ImportRecord)
class ImportRecordAdmin(PublishedAdmin):
    list_display = ["source", "kind", "league", "quarters", "rows", "rows_added", "rows_changed",
                    "imported_at"]  # fmt: skip
    readonly_fields = [f.name for f in ImportRecord._meta.fields]


@admin.register(Revision)
class RevisionAdmin(PublishedAdmin):
    list_display = ["field", "old_value", "new_value", "trust_quarter", "import_record"]
    list_filter = ["import_record"]
