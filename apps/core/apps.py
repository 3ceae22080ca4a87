from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from apps.core.sessions import session_start

        user_logged_in.connect(session_start, dispatch_uid="newsdesk_session_start")
