from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "apps.publishing"

    def ready(self) -> None:
        from apps.annotations.services import edit_rule_register
        from apps.publishing.rules import article_edit_rule

        edit_rule_register(article_edit_rule)
