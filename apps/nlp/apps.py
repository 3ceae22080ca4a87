from django.apps import AppConfig


class NlpConfig(AppConfig):
    """Only for the management commands; the package itself knows nothing of Django."""

    name = "apps.nlp"
