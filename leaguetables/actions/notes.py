"""Editorial notes and trust statements as editors write, approve and remove them."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from leaguetables.actions import audit
from leaguetables.actions.versions import bump
from leaguetables.models import ContextNote


def _subject(note: ContextNote) -> str:
    return f"{note.get_kind_display()} for {note.trust_quarter}"


def approve_notes(*, notes, actor: AbstractBaseUser | None = None) -> int:
    """Publish editorial notes and trust statements an editor has read."""
    with transaction.atomic():
        waiting = list(notes.filter(automatic=False, approved=False).select_related(
            "trust_quarter__trust", "trust_quarter__quarter"
        ))  # fmt: skip
        for note in waiting:
            audit.record("note.approved", _subject(note), actor=actor, detail=note.short_text)
        bump()
        return ContextNote.objects.filter(pk__in=[n.pk for n in waiting]).update(approved=True)


def save_written_note(*, note: ContextNote, actor: AbstractBaseUser | None = None) -> ContextNote:
    """Save an editorial note or a trust statement an editor wrote or changed in the admin.

    Automatic notes are rebuilt from the data at every import, so they are never edited here.
    """
    if note.automatic:
        raise ValueError("automatic notes are derived from the data, never edited")
    with transaction.atomic():
        created = note.pk is None
        note.full_clean()
        note.save()
        audit.record("note.written" if created else "note.changed", _subject(note), actor=actor,
                     detail=note.short_text)  # fmt: skip
        bump()
    return note


def delete_written_notes(*, notes, actor: AbstractBaseUser | None = None) -> int:
    """Remove editorial notes or trust statements; automatic ones are left alone."""
    with transaction.atomic():
        written = list(notes.filter(automatic=False).select_related(
            "trust_quarter__trust", "trust_quarter__quarter"
        ))  # fmt: skip
        for note in written:
            audit.record("note.deleted", _subject(note), actor=actor, detail=note.short_text)
        deleted, _ = ContextNote.objects.filter(pk__in=[n.pk for n in written]).delete()
        bump()
    return deleted
