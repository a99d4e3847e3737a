from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "政策库"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (search documents follow their policy)
