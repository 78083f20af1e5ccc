from django.apps import AppConfig


class LeaguetablesConfig(AppConfig):
    name = "leaguetables"
    verbose_name = "NHS league tables"

    def ready(self) -> None:
        # Sign-ins, sign-outs and failed attempts in the structured log.
        from leaguetables.web import logs  # noqa: F401
