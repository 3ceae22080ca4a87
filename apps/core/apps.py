from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from apps.core.folding import register_lookups
        from apps.core.sessions import session_start

        register_lookups()

        user_logged_in.connect(session_start, dispatch_uid="newsdesk_session_start")
