"""Welfare's importable kind: applications, imported as drafts.

Found by ``core.imports.registry`` on first use (as the admin finds ``admin.py``),
so no ``ready()`` hook is needed.
"""

from django.utils.translation import gettext_lazy as _

from core.imports import ImportKind, register_kind
from welfare import resources as r
from welfare.permissions import WelfarePerm

register_kind(
    ImportKind(
        key="welfare-applications",
        label=_("Welfare applications"),
        resource_class=r.ApplicationResource,
        view_perm=WelfarePerm.VIEW_WELFARE,
        edit_perm=WelfarePerm.EDIT_WELFARE,
        list_url_name="welfare:programme_list",
        example={
            r.PROGRAMME: "กองทุนสวัสดิการตัวอย่าง",
            r.PROGRAMME_YEAR: "2568",
            # An impossible ID (no real one starts with 0) with a valid check digit.
            r.NATIONAL_ID: "0999900000015",
            r.VILLAGE_NUMBER: "1",
            r.KIND: "อาชีพ",
            r.PURPOSE: "ทุนตั้งต้นอาชีพเลี้ยงไก่ไข่",
            r.REQUESTED: "3,000",
        },
        notes=(
            _("Each row becomes a draft application, as if entered on the application form."),
            _(
                "Applicants are found by national ID among the network's people, and "
                "programmes by name and year: add them before importing their applications."
            ),
            _(
                "A row with the same programme, applicant and purpose as an existing "
                "application updates that draft (village, grant kind, amount); an application "
                "already submitted is never changed by an import. So importing a file twice "
                "adds nothing."
            ),
            _("The status and approved amount columns of an export are ignored on import."),
        ),
    ),
    order=100,
)
