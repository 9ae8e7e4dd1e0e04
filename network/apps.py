from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from django.db.models import CharField, F, Value
        from django.db.models.functions import Cast, Concat

        from core.audit import register_audited
        from core.roles import Perm
        from network import workflows  # noqa: F401  (declares the status machines)
        from network.models import Household, Meeting, Membership, Partner, Person, Village

        register_audited(
            Village,
            label=lambda: Concat(Cast("number", CharField()), Value(" "), "name"),
            url_name="network:village_detail",
            url_kwarg="village_number",
            url_field="number",
            perm=Perm.VIEW_VILLAGES,
        )
        register_audited(
            Person,
            label=lambda: Concat("title", "first_name", Value(" "), "last_name"),
            url_name="network:person_detail",
            url_kwarg="person_id",
            perm=Perm.VIEW_PEOPLE,
        )
        register_audited(
            Partner,
            label=lambda: F("name"),
            url_name="network:partner_detail",
            url_kwarg="partner_id",
            perm=Perm.VIEW_PARTNERS,
        )
        register_audited(
            Household,
            label=lambda: F("house_number"),
            url_name="network:village_detail",
            url_kwarg="village_number",
            url_field="village__number",
            perm=Perm.VIEW_PEOPLE,
        )
        # Meetings, not their items: live minutes save every few seconds while typing.
        register_audited(
            Meeting,
            # 10/2550: the number within the year, the year in BE as the minutes write it.
            label=lambda: Concat(
                Cast("number", CharField()), Value("/"), Cast(F("year") + 543, CharField())
            ),
            url_name="network:meeting_detail",
            url_kwarg="meeting_id",
            perm=Perm.VIEW_MEETINGS,
        )
        register_audited(
            Membership,
            label=lambda: Concat("user__username", Value(": "), "role"),
            perm=Perm.MANAGE_MEMBERS,
        )
