from django.apps import AppConfig


class ExpertdeskConfig(AppConfig):
    """The project package as an app: shared templates, static files and the cache table."""

    name = "expertdesk"
    verbose_name = "expertdesk"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from expertdesk.middleware import stamp_session_start

        user_logged_in.connect(stamp_session_start, dispatch_uid="expertdesk.session_started")
