from django.apps import AppConfig


class ExpertdeskConfig(AppConfig):
    """The project package as an app: shared templates, static files and the cache table."""

    name = "expertdesk"
    verbose_name = "expertdesk"
