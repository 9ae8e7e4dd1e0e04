from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "welfare"
    verbose_name = _("Community welfare")

    def ready(self) -> None:
        from core.roles import Perm, Workstream
        from network.progress import register_progress_provider
        from network.sections import VillageSection, register_village_section
        from welfare.progress import welfare_progress
        from welfare.sections import village_section

        register_progress_provider(Workstream.WELFARE, welfare_progress)
        register_village_section(
            VillageSection(
                key=Workstream.WELFARE,
                template="welfare/village_section.html",
                perm=Perm.VIEW_WELFARE,
                context=village_section,
            )
        )
