"""python manage.py add_team_member USERNAME (--editor | --trust ODS_CODE...) — give a user
(who exists already: createsuperuser or the admin makes users) the editor's role, or a place on
one or more trusts' communications teams."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from leaguetables import actions
from leaguetables.models import Trust


class Command(BaseCommand):
    help = "Make a user an editor, or a member of trusts' communications teams."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--editor", action="store_true")
        group.add_argument("--trust", nargs="+", metavar="ODS_CODE")

    def handle(self, *args: object, **options: object) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user {options['username']!r}") from None
        if options["editor"]:
            actions.make_editor(user=user)
            self.stdout.write(f"{user} is an editor")
            return
        for code in options["trust"]:  # type: ignore[union-attr]
            try:
                trust = Trust.objects.get(ods_code__iexact=code)
            except Trust.DoesNotExist:
                raise CommandError(f"no trust {code!r} imported") from None
            actions.add_team_member(user=user, trust=trust)
            self.stdout.write(f"{user} is on the team of {trust}")
