"""What NHS England published, stored faithfully, and what we derive from it.

Published numbers are kept as published (floats that round-trip NHS England's text); derived
figures sit beside them under their own names, never over them. Writes go through
`leaguetables.actions`; public reads through `leaguetables.queries`.
"""

from leaguetables.models.caveats import MetricCaveat
from leaguetables.models.imports import ImportRecord, Revision
from leaguetables.models.metrics import Metric, MetricResult, ScoreCheck
from leaguetables.models.notes import ContextNote
from leaguetables.models.organisations import League, Quarter, Trust, TrustQuarter
from leaguetables.models.reference import (
    CatchmentShare,
    FormerDistrict,
    LocalAuthority,
    OdsTrust,
    TrustSuccession,
)
from leaguetables.models.releases import Release
from leaguetables.models.teams import (
    AuditEntry,
    DataReport,
    Decision,
    ReportOutcome,
    Statement,
    TrustTeamMember,
)
from leaguetables.models.versions import DataVersion

__all__ = [
    "CatchmentShare",
    "FormerDistrict",
    "LocalAuthority",
    "OdsTrust",
    "TrustSuccession",
    "AuditEntry",
    "ContextNote",
    "DataVersion",
    "DataReport",
    "Decision",
    "Release",
    "ReportOutcome",
    "Statement",
    "TrustTeamMember",
    "ImportRecord",
    "League",
    "Metric",
    "MetricCaveat",
    "MetricResult",
    "Quarter",
    "Revision",
    "ScoreCheck",
    "Trust",
    "TrustQuarter",
]
