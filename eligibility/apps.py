from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "企业与匹配"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the re-matching hooks)
