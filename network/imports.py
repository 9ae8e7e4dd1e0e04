"""The network core's importable kinds: villages, people and partners.

Found by ``core.imports.registry`` on first use (as the admin finds ``admin.py``),
so no ``ready()`` hook is needed.
"""

from django.utils.translation import gettext_lazy as _

from core.imports import ImportKind, register_kind
from core.roles import Perm
from network import resources as r

register_kind(
    ImportKind(
        key="villages",
        label=_("Villages"),
        resource_class=r.VillageResource,
        view_perm=Perm.VIEW_VILLAGES,
        edit_perm=Perm.EDIT_VILLAGES,
        example={r.VILLAGE_NUMBER: "1", r.VILLAGE_NAME: "บ้านตัวอย่าง"},
        list_url_name="network:village_list",
        notes=(_("A row with a village number already in the network renames that village."),),
    ),
    order=10,
)

register_kind(
    ImportKind(
        key="people",
        label=_("People"),
        resource_class=r.PersonResource,
        view_perm=Perm.VIEW_PEOPLE,
        edit_perm=Perm.EDIT_PEOPLE,
        example={
            r.TITLE: "นาย",
            r.FIRST_NAME: "สมชาย",
            r.LAST_NAME: "ตัวอย่าง",
            # An impossible ID (no real one starts with 0) with a valid check digit.
            r.NATIONAL_ID: "0999900000015",
            r.BIRTH_DATE: "9/10/2510",
            r.VILLAGE_NUMBER: "1",
            r.HOUSE_NUMBER: "12/3",
            r.PHONE: "0812345678",
            r.REGISTERED_ON: "1/9/2550",
        },
        list_url_name="network:person_list",
        notes=(_("Villages must exist before their people are imported: import villages first."),),
    ),
    order=20,
)

register_kind(
    ImportKind(
        key="partners",
        label=_("Partners"),
        resource_class=r.PartnerResource,
        view_perm=Perm.VIEW_PARTNERS,
        edit_perm=Perm.EDIT_PARTNERS,
        example={
            r.PARTNER_NAME: "องค์การบริหารส่วนตำบลตัวอย่าง",
            r.SHORT_NAME: "อบต.ตัวอย่าง",
            r.KIND: "องค์กรปกครองส่วนท้องถิ่น",
            r.CONTACT_NAME: "นางสาวสมศรี ตัวอย่าง",
            r.CONTACT_PHONE: "074000000",
        },
        list_url_name="network:partner_list",
        notes=(
            _(
                "Imported partners start as proposed and wait for vetting, like a partner "
                "proposed on the partner form."
            ),
        ),
    ),
    order=30,
)
