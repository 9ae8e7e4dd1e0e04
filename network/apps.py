from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from django.db.models import CharField, F, Value
        from django.db.models.functions import Cast, Concat

        import network.picker_sources  # noqa: F401  (declares what forms pick by searching)
        from core.audit import register_audited
        from core.roles import Perm
        from network import (
            permissions,
            scale_parts,
            workflows,  # noqa: F401  (declares the status machines)
        )
        from network.models import Household, Meeting, Membership, Partner, Person, Village

        permissions.register()
        self._register_nav()
        scale_parts.register()

        register_audited(
            Village,
            order=10,
            label=lambda: Concat(Cast("number", CharField()), Value(" "), "name"),
            url_name="network:village_detail",
            url_kwarg="village_number",
            url_field="number",
            perm=Perm.VIEW_VILLAGES,
        )
        register_audited(
            Person,
            order=20,
            label=lambda: Concat("title", "first_name", Value(" "), "last_name"),
            url_name="network:person_detail",
            url_kwarg="person_id",
            perm=Perm.VIEW_PEOPLE,
        )
        register_audited(
            Partner,
            order=30,
            label=lambda: F("name"),
            url_name="network:partner_detail",
            url_kwarg="partner_id",
            perm=Perm.VIEW_PARTNERS,
        )
        register_audited(
            Household,
            order=40,
            label=lambda: F("house_number"),
            url_name="network:village_detail",
            url_kwarg="village_number",
            url_field="village__number",
            perm=Perm.VIEW_PEOPLE,
        )
        # Meetings, not their items: live minutes save every few seconds while typing.
        register_audited(
            Meeting,
            order=50,
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
            order=60,
            label=lambda: Concat("user__username", Value(": "), "role"),
            perm=Perm.MANAGE_MEMBERS,
        )

    @staticmethod
    def _register_nav() -> None:
        """Home, villages, meetings, people and partners in the main navigation."""
        from core.navigation import NavEntry, register_nav, url_name_has
        from core.roles import Perm

        def home(match):
            return match.app_name == "network" and match.url_name == "home"

        for order, entry in [
            (10, NavEntry("home", _("Home"), "network:home", Perm.VIEW_NETWORK, home)),
            (
                20,
                NavEntry(
                    "villages",
                    _("Villages"),
                    "network:village_list",
                    Perm.VIEW_VILLAGES,
                    url_name_has("village", "network"),
                ),
            ),
            (
                30,
                NavEntry(
                    "meetings",
                    _("Meetings"),
                    "network:meeting_list",
                    Perm.VIEW_MEETINGS,
                    url_name_has("meeting"),
                ),
            ),
            (
                50,
                NavEntry(
                    "people",
                    _("People"),
                    "network:person_list",
                    Perm.VIEW_PEOPLE,
                    url_name_has("person"),
                ),
            ),
            (
                60,
                NavEntry(
                    "partners",
                    _("Partners"),
                    "network:partner_list",
                    Perm.VIEW_PARTNERS,
                    url_name_has("partner"),
                ),
            ),
        ]:
            register_nav(entry, order=order)
