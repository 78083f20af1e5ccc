"""python manage.py refresh_derived — recompute every stored derived figure and automatic note.

Needed after an upgrade that derives something new (a migration adds the column empty);
imports refresh what they touch by themselves.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leaguetables import actions


class Command(BaseCommand):
    help = "Recompute likely ranges, what-if ranks, movement and notes for every league-quarter."

    def handle(self, *args: object, **options: object) -> None:
        for line in actions.refresh_everything():
            self.stdout.write(line)
