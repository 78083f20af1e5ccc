"""Context notes: short, typed, sourced statements beside a ranking."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from leaguetables.models.choices import check_choices
from leaguetables.models.organisations import TrustQuarter
from leaguetables.nof.notes import AUTOMATIC_KINDS, KIND_LABELS, WRITTEN_KINDS, NoteKind


class ContextNote(models.Model):
    """A note beside one trust's rank in one quarter, carried into every export.

    Automatic notes are derived on import and store their facts (`nof.notes.NoteFacts`); their
    words are written when shown (`presentation.words.note_text`). Editorial notes and trust
    statements are written by people and store their own words.
    """

    Kind = NoteKind

    trust_quarter = models.ForeignKey(TrustQuarter, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=[(k.value, KIND_LABELS[k]) for k in NoteKind])
    facts = models.JSONField(default=dict, blank=True)
    short_text = models.CharField(max_length=300, blank=True)
    long_text = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    automatic = models.BooleanField(default=False, editable=False)
    # Editorial notes and trust statements appear once an editor approves them.
    approved = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            check_choices("kind", NoteKind, name="context_note_kind_known"),
            # Automatic notes are derived from data, never typed: they are approved by nature,
            # and only the derived kinds are automatic.
            models.CheckConstraint(
                condition=Q(automatic=False) | Q(approved=True),
                name="context_note_automatic_is_approved",
            ),
            models.CheckConstraint(
                condition=Q(automatic=False) | Q(kind__in=sorted(k.value for k in AUTOMATIC_KINDS)),
                name="context_note_automatic_kinds",
            ),
            # A note written by a person says something, and says where it comes from.
            models.CheckConstraint(
                condition=Q(automatic=True)
                | (
                    Q(kind__in=sorted(k.value for k in WRITTEN_KINDS))
                    & ~Q(short_text="")
                    & ~Q(source="")
                ),
                name="context_note_written_has_words",
            ),
        ]
        indexes = [
            # Notes for a league table: every approved note of a league-quarter's rows.
            models.Index(fields=["trust_quarter", "approved", "position"], name="note_by_row"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.short_text or self.facts}"

    @property
    def label(self) -> str:
        return KIND_LABELS[NoteKind(self.kind)]
