"""The editors' admin: releases, editorial notes, trust teams' statements and data problem
reports, team members, imports and their revisions, and the audit trail.

Only editors (web.permissions.is_editor) see any of it. Published numbers are read-only here:
they change only through `import_nof`. Every write the admin makes goes through
`leaguetables.actions`, which leaves an audit entry.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from leaguetables import actions
from leaguetables.models import (
    AuditEntry,
    ContextNote,
    DataReport,
    Decision,
    ImportRecord,
    MetricCaveat,
    Release,
    ReportOutcome,
    Revision,
    Statement,
    TrustQuarter,
    TrustTeamMember,
)
from leaguetables.nof import metric_ids
from leaguetables.nof.notes import KIND_LABELS, WRITTEN_KINDS, NoteKind
from leaguetables.presentation.words import note_text
from leaguetables.web.permissions import is_editor


class EditorsAdmin(admin.ModelAdmin):
    """Editors only: the admin site lets in staff; each model here asks web.permissions."""

    def has_module_permission(self, request) -> bool:
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_editor(request.user)

    def has_add_permission(self, request) -> bool:
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_editor(request.user)


WRITTEN_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in NoteKind if kind in WRITTEN_KINDS]


class WrittenNoteForm(forms.ModelForm):
    """Editors write only editorial notes and trust statements; the rest are derived."""

    kind = forms.ChoiceField(choices=WRITTEN_CHOICES)

    class Meta:
        model = ContextNote
        fields = ["trust_quarter", "kind", "short_text", "long_text", "source", "approved"]


@admin.register(ContextNote)
class ContextNoteAdmin(EditorsAdmin):
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
        actions.save_written_note(note=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        actions.delete_written_notes(notes=ContextNote.objects.filter(pk=obj.pk),
                                     actor=request.user)  # fmt: skip

    @admin.action(description="Approve the selected notes and statements")
    def approve(self, request, queryset):
        count = actions.approve_notes(notes=queryset, actor=request.user)
        self.message_user(request, f"{count} approved", messages.SUCCESS)

    @admin.action(description="Delete the selected notes and statements (not derived notes)")
    def delete_written(self, request, queryset):
        count = actions.delete_written_notes(notes=queryset, actor=request.user)
        self.message_user(request, f"{count} deleted", messages.SUCCESS)


# Releases -----------------------------------------------------------------------------------


class ReleaseForm(forms.ModelForm):
    """What an editor does to a release; the state changes only through actions.releases."""

    PUBLISH, SCHEDULE, UNSCHEDULE, WITHDRAW = "publish", "schedule", "unschedule", "withdraw"
    action = forms.ChoiceField(
        choices=[("", "Leave as it is"), (PUBLISH, "Publish now"),
                 (SCHEDULE, "Schedule for the announced date and time"),
                 (UNSCHEDULE, "Take off the calendar (back to draft)"),
                 (WITHDRAW, "Withdraw from the public (say why)")],
        required=False,
    )  # fmt: skip
    at = forms.DateTimeField(
        label="Announced date and time (London time)", required=False,
        help_text="For scheduling: public from the first request at or after this instant.",
    )  # fmt: skip
    reason = forms.CharField(
        label="Why it is withdrawn", required=False, widget=forms.Textarea,
        help_text="Shown on the release's pages.",
    )  # fmt: skip

    class Meta:
        model = Release
        fields: list[str] = []

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.SCHEDULE:
            if data.get("at") is None:
                self.add_error("at", "Give the announced date and time.")
            elif data["at"] <= timezone.now():
                self.add_error("at", "The announced instant has passed: publish now instead.")
        if action == self.WITHDRAW and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why: the release's pages show it.")
        return data


@admin.register(Release)
class ReleaseAdmin(EditorsAdmin):
    form = ReleaseForm
    list_display = ["__str__", "state", "scheduled_at", "published_at", "withdrawn_at"]
    list_filter = ["state", "league"]
    readonly_fields = ["league", "quarter", "state", "created_at", "scheduled_at",
                       "published_at", "withdrawn_at", "withdrawn_reason"]  # fmt: skip
    fields = readonly_fields + ["action", "at", "reason"]

    def has_add_permission(self, request) -> bool:
        return False  # a release is made by importing its files

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # withdraw instead: the calendar and its pages keep the record

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        where = {"league": obj.league, "quarter": obj.quarter, "actor": request.user}
        try:
            if data["action"] == ReleaseForm.PUBLISH:
                actions.publish_release(**where)
            elif data["action"] == ReleaseForm.SCHEDULE:
                actions.publish_release(**where, at=data["at"])
            elif data["action"] == ReleaseForm.UNSCHEDULE:
                actions.unschedule_release(**where)
            elif data["action"] == ReleaseForm.WITHDRAW:
                actions.withdraw_release(**where, reason=data["reason"])
        except actions.ReleaseError as exc:
            self.message_user(request, f"Nothing changed: {exc}", messages.ERROR)


# Trust teams' statements and reports ---------------------------------------------------------


class StatementForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[("", "Not yet"), (Decision.APPROVED, "Approve: show it beside the rank"),
                 (Decision.REJECTED, "Do not approve: send it back with the reason")],
        required=False,
    )  # fmt: skip
    reason_given = forms.CharField(
        label="Reason (shown to the trust team)", required=False, widget=forms.Textarea
    )

    class Meta:
        model = Statement
        fields: list[str] = []

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.REJECTED and not data.get("reason_given", "").strip():
            self.add_error("reason_given", "Say why: the trust team reads it.")
        return data


@admin.register(Statement)
class StatementAdmin(EditorsAdmin):
    form = StatementForm
    list_display = ["__str__", "status", "submitted_by", "submitted_at"]
    list_filter = ["status"]
    readonly_fields = ["trust_quarter", "text", "submitted_by", "submitted_at", "status",
                       "decided_by", "decided_at", "reason"]  # fmt: skip
    fields = readonly_fields + ["decision", "reason_given"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("trust_quarter__quarter", "trust_quarter__trust", "submitted_by")
        )

    def has_add_permission(self, request) -> bool:
        return False  # trust teams submit them from their own pages

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the queue keeps the record; an approved one's note can be deleted

    def save_model(self, request, obj, form, change) -> None:
        decision = form.cleaned_data["decision"]
        if not decision:
            return
        try:
            actions.decide_statement(statement=obj, approve=decision == Decision.APPROVED,
                                     reason=form.cleaned_data["reason_given"],
                                     actor=request.user)  # fmt: skip
        except actions.RefusedText as exc:
            self.message_user(request, f"Nothing changed: {exc}", messages.ERROR)


class DataReportForm(forms.ModelForm):
    answer = forms.ChoiceField(
        choices=[("", "Not yet")] + [c for c in ReportOutcome.choices if c[0] != "open"],
        required=False, label="Outcome",
    )  # fmt: skip
    answer_text = forms.CharField(
        label="Answer (shown to the trust team)", required=False, widget=forms.Textarea
    )

    class Meta:
        model = DataReport
        fields: list[str] = []

    def clean(self):
        data = super().clean()
        if data.get("answer") and not data.get("answer_text", "").strip():
            self.add_error("answer_text", "Say what was found: the trust team reads it.")
        return data


@admin.register(DataReport)
class DataReportAdmin(EditorsAdmin):
    form = DataReportForm
    list_display = ["__str__", "outcome", "reported_by", "reported_at"]
    list_filter = ["outcome"]
    readonly_fields = ["trust_quarter", "metric_id", "text", "reported_by", "reported_at",
                       "outcome", "response", "decided_by", "decided_at"]  # fmt: skip
    fields = readonly_fields + ["answer", "answer_text"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if not form.cleaned_data["answer"]:
            return
        try:
            actions.answer_report(report=obj, outcome=form.cleaned_data["answer"],
                                  response=form.cleaned_data["answer_text"],
                                  actor=request.user)  # fmt: skip
        except actions.RefusedText as exc:
            self.message_user(request, f"Nothing changed: {exc}", messages.ERROR)


@admin.register(TrustTeamMember)
class TrustTeamMemberAdmin(EditorsAdmin):
    list_display = ["user", "trust", "since"]
    search_fields = ["user__username", "trust__ods_code"]
    fields = ["user", "trust"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and is_editor(request.user)  # add or remove, never move

    def save_model(self, request, obj, form, change) -> None:
        actions.add_team_member(user=obj.user, trust=obj.trust, actor=request.user)

    def delete_model(self, request, obj) -> None:
        actions.remove_team_member(member=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for member in queryset:
            actions.remove_team_member(member=member, actor=request.user)


class MetricCaveatForm(forms.ModelForm):
    source_url = forms.URLField(label="Source address", required=False, assume_scheme="https")

    class Meta:
        model = MetricCaveat
        fields = ["league", "metric_id", "text", "source", "source_url"]

    def clean_metric_id(self) -> str:
        # Written as NHS England spells it, in either case; kept under the value's ID, so
        # that a caveat on OF1016 meets one on OF0016 in the uniqueness check.
        metric_id = self.cleaned_data["metric_id"].strip().upper()
        if metric_ids.is_metric_id(metric_id) and metric_ids.pair_of(metric_id):
            return metric_ids.metric_key(metric_id)
        return metric_id


@admin.register(MetricCaveat)
class MetricCaveatAdmin(EditorsAdmin):
    """What a metric does not show, beside it on every page: written through actions.caveats,
    and kept as the editor leaves it when the seed file is loaded again."""

    list_display = ["metric_id", "league", "text", "from_file", "updated_at"]
    list_filter = ["league", "from_file"]
    search_fields = ["metric_id", "text", "source"]
    form = MetricCaveatForm

    def save_model(self, request, obj, form, change) -> None:
        actions.save_caveat(caveat=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        actions.delete_caveats(caveats=[obj], actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        actions.delete_caveats(caveats=queryset, actor=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(EditorsAdmin):
    """Who changed what, when: to read, never to edit."""

    list_display = ["at", "actor", "action", "subject"]
    list_filter = ["action"]
    search_fields = ["subject", "detail", "actor__username"]
    readonly_fields = ["at", "actor", "action", "subject", "detail"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PublishedAdmin(EditorsAdmin):
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
