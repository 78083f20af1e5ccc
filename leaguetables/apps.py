from django.apps import AppConfig


class LeaguetablesConfig(AppConfig):
    name = "leaguetables"
    verbose_name = "NHS league tables"
