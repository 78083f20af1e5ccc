"""Editors write notes in the admin; they appear beside the rank once approved."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from leaguetables import actions
from leaguetables.models import ContextNote, TrustQuarter
from tests import nof_files

pytestmark = pytest.mark.django_db

LEAGUE = "/leagues/mental-health-and-community/2025-26-q1/"


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    actions.import_file(content=nof_files.data_file(), source="data.csv")
    return client


def test_editorial_note_appears_beside_the_rank_once_approved(editor):
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ1")
    response = editor.post(
        "/admin/leaguetables/contextnote/add/",
        {
            "trust_quarter": tq.pk,
            "kind": "editorial",
            "short_text": "New chief executive from May",
            "long_text": "The trust appointed a new chief executive in May 2025.",
            "source": "Trust board papers, May 2025",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    note = ContextNote.objects.get(kind="editorial")
    assert not note.approved and not note.automatic
    assert b"New chief executive" not in editor.get(LEAGUE).content
    editor.post(
        "/admin/leaguetables/contextnote/",
        {"action": "approve", "_selected_action": [note.pk]},
    )
    assert b"New chief executive" in editor.get(LEAGUE).content


def test_editors_cannot_type_automatic_notes(editor):
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ1")
    response = editor.post(
        "/admin/leaguetables/contextnote/add/",
        {"trust_quarter": tq.pk, "kind": "financial_override", "short_text": "x",
         "long_text": "x", "source": "x"},
    )  # fmt: skip
    assert response.status_code == 200  # the form is shown again with an error
    assert not ContextNote.objects.filter(automatic=False).exists()


def test_automatic_notes_survive_reimport_and_editorial_ones_are_kept(editor):
    tq = TrustQuarter.objects.get(trust__ods_code="ZZ2")
    ContextNote.objects.create(
        trust_quarter=tq, kind="editorial", short_text="Kept", long_text="k", source="s",
        approved=True,
    )  # fmt: skip
    rows = nof_files.trust_rows()
    rows[0]["Value"] = "3.3"
    actions.import_file(content=nof_files.data_file(rows), source="data-v2.csv")
    kinds = set(ContextNote.objects.filter(trust_quarter=tq).values_list("kind", flat=True))
    assert {"editorial", "financial_override"} <= kinds


@pytest.mark.parametrize("model", ["contextnote", "trustquarter", "importrecord", "revision"])
def test_admin_lists_open_and_published_figures_cannot_be_added(editor, model):
    assert editor.get(f"/admin/leaguetables/{model}/").status_code == 200
    if model != "contextnote":
        assert editor.get(f"/admin/leaguetables/{model}/add/").status_code == 403
