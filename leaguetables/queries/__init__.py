"""The one read path of every public page, download, search, chart, switcher and history.

What "public" means is said once, in `public.public_rows`: today every imported trust-quarter,
with its approved notes. Every read here builds on it, so that an embargo (or a cache key) is
one change in one place. Each function returns evaluated rows, never a lazy queryset, except
`league_table_base` (for a filter form to narrow before `league_table` reads it): a public view
that read the models any other way would show in tests/test_public_read_path.py.
"""

from leaguetables.queries.about import (  # noqa: F401
    ABOUT_FIELDS,
    all_public_rows,
    rows_with_note,
    score_checks,
)
from leaguetables.queries.caveats import (  # noqa: F401
    StoredCaveat,
    caveats_for,
    metric_descriptions,
    metric_descriptions_by_league,
)
from leaguetables.queries.changes import ChangeRow, latest_changes  # noqa: F401
from leaguetables.queries.compare import (  # noqa: F401
    compared_histories,
    compared_results,
    compared_trusts,
)
from leaguetables.queries.leagues import (  # noqa: F401
    is_illustrative,
    latest_quarters,
    league,
    leagues,
    quarters,
)
from leaguetables.queries.metrics import (  # noqa: F401
    PublishedValue,
    league_metrics,
    league_rows,
    metric_definitions,
    results_for,
)
from leaguetables.queries.public import preview_seen, public_rows, viewer  # noqa: F401
from leaguetables.queries.reference import (  # noqa: F401, E402
    OdsRecord,
    PopulationInputs,
    SearchExamples,
    place_search,
    population_inputs,
    public_trust_names,
    search_examples,
    vocabulary,
)
from leaguetables.queries.releases import (  # noqa: F401
    Access,
    Change,
    calendar,
    changes,
    pre_release_access,
    release,
    withdrawn,
)
from leaguetables.queries.tables import (  # noqa: F401
    LEAGUE_ROW_FIELDS,
    Facet,
    RowValues,
    StoredNote,
    facets,
    league_table,
    league_table_base,
    notes_for,
    sources,
    top_of_table,
)
from leaguetables.queries.teams import (  # noqa: F401
    TeamTrust,
    reports_of,
    statements_of,
    team_trusts,
    trust_by_code,
    trust_metric_choices,
)
from leaguetables.queries.trusts import (  # noqa: F401
    league_latest_quarter,
    league_of_trust,
    league_quarter_ranks,
    league_scores,
    search,
    trust_history,
    trust_results,
)
