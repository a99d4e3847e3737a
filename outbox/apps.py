from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "待发送任务"
    default_auto_field = "django.db.models.BigAutoField"
