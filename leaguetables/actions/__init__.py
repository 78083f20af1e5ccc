"""Every write to the database goes through here: one keyword-only function per action, each in
one transaction, so a failure leaves the database exactly as it was, and each change to notes,
statements, reports and releases leaves an audit entry (who, what, when)."""

from leaguetables.actions.caveats import (
    LoadResult,
    delete_caveats,
    load_caveats,
    load_seed_file,
    parse_caveats,
    save_caveat,
)
from leaguetables.actions.imports import (
    ImportResult,
    derived_figures_missing,
    import_file,
    refresh_everything,
    set_publication_dates,
)
from leaguetables.actions.notes import approve_notes, delete_written_notes, save_written_note
from leaguetables.actions.releases import (
    ReleaseError,
    publish_release,
    unschedule_release,
    withdraw_release,
)
from leaguetables.actions.teams import (
    RefusedText,
    add_team_member,
    answer_report,
    decide_statement,
    make_editor,
    remove_team_member,
    report_problem,
    submit_statement,
)

__all__ = [
    "ImportResult",
    "LoadResult",
    "RefusedText",
    "ReleaseError",
    "add_team_member",
    "answer_report",
    "approve_notes",
    "decide_statement",
    "delete_caveats",
    "delete_written_notes",
    "derived_figures_missing",
    "import_file",
    "load_caveats",
    "load_seed_file",
    "make_editor",
    "parse_caveats",
    "publish_release",
    "refresh_everything",
    "remove_team_member",
    "report_problem",
    "save_caveat",
    "save_written_note",
    "set_publication_dates",
    "submit_statement",
    "unschedule_release",
    "withdraw_release",
]
