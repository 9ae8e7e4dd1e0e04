from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("Community welfare")

    def ready(self) -> None:
        from core.roles import Workstream
        from network.progress import register_progress_provider
        from welfare.progress import welfare_progress

        register_progress_provider(Workstream.WELFARE, welfare_progress)
