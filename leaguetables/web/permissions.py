"""Who may do what, in one place: every view and download asks here.

Editors (the "Editors" group, or superusers) import, schedule, publish, write editorial notes
and answer statements and reports, and preview every draft. A trust team member previews their
own trusts' draft results, submits statements and reports data problems for those trusts, and
nothing else. Everyone else reads what is public.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from leaguetables.actions.teams import EDITORS
from leaguetables.models import Trust, TrustTeamMember
from leaguetables.queries.public import PUBLIC, Viewer

User = AbstractBaseUser | AnonymousUser


def is_editor(user: User) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_is_editor", None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=EDITORS).exists()  # type: ignore[union-attr]
        user._is_editor = cached  # type: ignore[union-attr]
    return cached


def team_trust_ids(user: User) -> frozenset[int]:
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_team_trust_ids", None)
    if cached is None:
        cached = frozenset(
            TrustTeamMember.objects.filter(user=user).values_list("trust_id", flat=True)
        )
        user._team_trust_ids = cached  # type: ignore[union-attr]
    return cached


def viewer_for(user: User) -> Viewer:
    """What this user may read: the public's, or a preview."""
    if not user.is_authenticated:
        return PUBLIC
    return Viewer(editor=is_editor(user), trust_ids=team_trust_ids(user))


def is_on_team(user: User, trust: Trust) -> bool:
    return trust.pk in team_trust_ids(user)


def require_team(user: User, trust: Trust) -> None:
    """A trust team's own pages: its members (and editors) only; 403 for anyone else."""
    if not (is_on_team(user, trust) or is_editor(user)):
        raise PermissionDenied("Only this trust's own team can do this.")


def require_editor(user: User) -> None:
    if not is_editor(user):
        raise PermissionDenied("Only editors can do this.")
