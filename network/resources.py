"""Import/export resources of villages, people and partners, with Thai column headers.

Each file column has a Thai header (the template's) and accepts the English field
name too. Rows are matched to existing ones by a natural key within the network:
villages by number, people by national ID (a person without one is always new),
partners by name. Related rows are looked up in dictionaries filled once per
import, never with a query per row.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from core import thai
from core.audit import bulk_create_audited
from core.imports.files import cell_text, unescape_formula
from core.imports.resources import (
    BoundWidget,
    ChoiceWidget,
    NetworkResource,
    TextWidget,
    ThaiDateWidget,
    WholeNumberWidget,
)
from core.roles import Perm
from network.models import (
    Household,
    Partner,
    PartnerKind,
    PartnerStatus,
    PartnerStatusChange,
    Person,
    Title,
    Village,
)
from network.models.community import validate_birth_date, validate_not_future

# Column headers: the template's, in Thai (files are shared across languages).
VILLAGE_NUMBER = "หมู่ที่"
VILLAGE_NAME = "ชื่อหมู่บ้าน"
TITLE = "คำนำหน้า"
FIRST_NAME = "ชื่อ"
LAST_NAME = "นามสกุล"
NATIONAL_ID = "เลขประจำตัวประชาชน"
BIRTH_DATE = "วันเกิด"
HOUSE_NUMBER = "บ้านเลขที่"
PHONE = "โทรศัพท์"
REGISTERED_ON = "วันที่ขึ้นทะเบียน"
PARTNER_NAME = "ชื่อภาคี"
SHORT_NAME = "ชื่อย่อ"
KIND = "ประเภท"
PARENT = "สังกัด"
CONTACT_NAME = "ผู้ติดต่อ"
CONTACT_PHONE = "โทรศัพท์ผู้ติดต่อ"
CONTACT_EMAIL = "อีเมลผู้ติดต่อ"
NOTES = "หมายเหตุ"

DATE_HELP = gettext_lazy("Day/month/year, in BE or CE: 9/10/2550 or 9/10/2007.")


class VillageNumberWidget(WholeNumberWidget):
    """A village number, also written หมู่ที่ 3, หมู่ 3 or ม.3."""

    PREFIX = re.compile(r"^(หมู่ที่|หมู่|ม\.|moo|village no\.?)\s*", re.IGNORECASE)

    def strip(self, text: str) -> str:
        return self.PREFIX.sub("", text).strip()


class PhoneWidget(TextWidget):
    """A phone number; a leading 0 that Excel dropped from a number cell is put back."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = super().clean(value, row, **kwargs)
        if text.isdigit() and len(text) in (8, 9) and not text.startswith("0"):
            return "0" + text
        return text


class NationalIdWidget(TextWidget):
    """A national ID typed with or without dashes; the model's validator checks it."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = super().clean(value, row, **kwargs)
        if re.search(r"\d[.,]?\d*e\+?\d+$", text, re.IGNORECASE):
            raise ValueError(
                _(
                    "Excel turned this national ID into a number like 1.1E+12: format the "
                    "column as text and type the 13 digits again."
                )
            )
        return thai.national_id_digits(text)


def _looks_like_excel_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


class VillageWidget(BoundWidget):
    """A village of this network, given by its number."""

    number = VillageNumberWidget()

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Village | None:
        number = self.number.clean(value)
        if number is None:
            return None
        village = self.resource.villages.get(number)
        if village is None:
            raise ValueError(
                _("There is no village number %(number)s in this network: add it first.")
                % {"number": number}
            )
        return village

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value.number if value is not None else ""


class HouseholdWidget(BoundWidget):
    """The household at a house number in the row's village, made if it is new."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Household | None:
        house_number = unescape_formula(cell_text(value))
        if not house_number:
            return None
        if _looks_like_excel_date(house_number):
            raise ValueError(
                _(
                    "Excel turned this house number into a date: format the column as text "
                    "and type it again (for example 12/3)."
                )
            )
        village = self.resource.village_of(row)
        if village is None:
            if cell_text((row or {}).get(VILLAGE_NUMBER)):
                return None  # the village column reports its own error
            raise ValueError(_("A house number needs its village."))
        return self.resource.household_at(village, house_number)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.house_number if value is not None else ""


class ParentWidget(BoundWidget):
    """The partner this one is part of: one of the network's, or on an earlier row."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Partner | None:
        name = unescape_formula(cell_text(value))
        if not name:
            return None
        if row is not None and name == cell_text(row.get(PARTNER_NAME)):
            raise ValueError(_("A partner cannot be part of itself."))
        parent = self.resource.partners_by_name.get(name)
        if parent is None:
            raise ValueError(
                _(
                    "There is no partner named “%(name)s” in this network or on an earlier "
                    "row of this file."
                )
                % {"name": name}
            )
        return parent

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.name if value is not None else ""


def _cached(obj: models.Model, name: str) -> Any:
    """A related object already on ``obj`` (no query), else None."""
    return obj._meta.get_field(name).get_cached_value(obj, default=None)


class VillageResource(NetworkResource):
    """Villages: a row with a number already in the network renames that village."""

    number = Field(attribute="number", column_name=VILLAGE_NUMBER, widget=VillageNumberWidget())
    name = Field(attribute="name", column_name=VILLAGE_NAME, widget=TextWidget())

    required_columns = (VILLAGE_NUMBER, VILLAGE_NAME)
    column_help = {
        VILLAGE_NUMBER: gettext_lazy("The village number (หมู่ที่), such as 3."),
        VILLAGE_NAME: gettext_lazy("The village name, such as บ้านหนองบัว."),
    }
    aliases = {"village number": VILLAGE_NUMBER, "หมู่": VILLAGE_NUMBER, "village name": VILLAGE_NAME}

    class Meta:
        model = Village
        fields = ("number", "name")
        import_id_fields = ("number",)

    def export_queryset(self) -> models.QuerySet:
        return self.get_queryset().order_by("number")


class BirthDateWidget(ThaiDateWidget):
    """A birth date: a date as people type it, and not after today."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        birth_date = super().clean(value, row, **kwargs)
        try:
            validate_birth_date(birth_date)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return birth_date


class RegisteredOnWidget(ThaiDateWidget):
    """The day a person joined the register: a date as people type it, not after today."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        day = super().clean(value, row, **kwargs)
        try:
            validate_not_future(day)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error
        return day


class PersonResource(NetworkResource):
    """People: matched by national ID; households are found or made in bulk."""

    title = Field(
        attribute="title",
        column_name=TITLE,
        widget=ChoiceWidget(
            Title,
            aliases={"น.ส.": Title.MISS, "ด.ช.": Title.BOY, "ด.ญ.": Title.GIRL, "Mr.": Title.MR},
            render_value=True,
        ),
    )
    first_name = Field(attribute="first_name", column_name=FIRST_NAME, widget=TextWidget())
    last_name = Field(attribute="last_name", column_name=LAST_NAME, widget=TextWidget())
    national_id = Field(attribute="national_id", column_name=NATIONAL_ID, widget=NationalIdWidget())
    birth_date = Field(attribute="birth_date", column_name=BIRTH_DATE, widget=BirthDateWidget())
    village = Field(attribute="village", column_name=VILLAGE_NUMBER, widget=VillageWidget())
    household = Field(attribute="household", column_name=HOUSE_NUMBER, widget=HouseholdWidget())
    phone = Field(attribute="phone", column_name=PHONE, widget=PhoneWidget())
    registered_on = Field(
        attribute="registered_on", column_name=REGISTERED_ON, widget=RegisteredOnWidget()
    )

    required_columns = (FIRST_NAME,)
    text_columns = (NATIONAL_ID, HOUSE_NUMBER, PHONE, BIRTH_DATE, REGISTERED_ON)
    column_help = {
        TITLE: gettext_lazy("นาย, นาง, นางสาว, เด็กชาย or เด็กหญิง."),
        FIRST_NAME: gettext_lazy("Required."),
        NATIONAL_ID: gettext_lazy(
            "13 digits, with or without dashes. A row whose ID is already in the network "
            "updates that person; without an ID the row is always a new person."
        ),
        BIRTH_DATE: DATE_HELP,
        VILLAGE_NUMBER: gettext_lazy("The number of a village already in the network."),
        HOUSE_NUMBER: gettext_lazy(
            "People with the same house number in a village share a household."
        ),
        REGISTERED_ON: gettext_lazy(
            "The day the person joined the network's register (9/10/2550 or 9/10/2007), "
            "not after today: reports of earlier months do not count them. Left empty: "
            "today for a new person; a person already here keeps theirs."
        ),
    }
    aliases = {
        "house number": HOUSE_NUMBER,
        "house_number": HOUSE_NUMBER,
        "คำนำหน้าชื่อ": TITLE,
        "เลขบัตรประชาชน": NATIONAL_ID,
        "เลขบัตรประจำตัวประชาชน": NATIONAL_ID,
        "village number": VILLAGE_NUMBER,
        "หมู่": VILLAGE_NUMBER,
        "เบอร์โทรศัพท์": PHONE,
        "เบอร์โทร": PHONE,
        "registered on": REGISTERED_ON,
        "registered_on": REGISTERED_ON,
    }

    class Meta:
        model = Person
        fields = (
            "title",
            "first_name",
            "last_name",
            "national_id",
            "birth_date",
            "village",
            "household",
            "phone",
            "registered_on",
        )
        import_id_fields = ("national_id",)

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.villages = {v.number: v for v in Village.objects.for_network(self.network)}
        self.households = {
            (h.village_id, h.house_number): h for h in Household.objects.for_network(self.network)
        }

    def village_of(self, row: dict[str, Any]) -> Village | None:
        """The row's village, if its number names one of the network's."""
        try:
            number = VillageWidget.number.clean(row.get(VILLAGE_NUMBER))
        except ValueError:
            return None
        return self.villages.get(number) if number is not None else None

    def household_at(self, village: Village, house_number: str) -> Household:
        """The household at this address; a new one is shared by its rows and saved in bulk."""
        key = (village.pk, house_number)
        household = self.households.get(key)
        if household is None:
            household = Household(network=self.network, village=village, house_number=house_number)
            self.households[key] = household
        return household

    def import_instance(self, instance: Person, row: dict[str, Any], **kwargs: Any) -> None:
        registered_on = instance.registered_on
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # An empty cell: a new person joins today (the default), another keeps theirs.
            if instance.registered_on is None:
                instance.registered_on = registered_on
        # A move to another village without a house number leaves the old household.
        if VILLAGE_NUMBER in row and HOUSE_NUMBER not in row and instance.household_id:
            household = _cached(instance, "household") or next(
                (h for h in self.households.values() if h.pk == instance.household_id), None
            )
            if household is not None and household.village_id != instance.village_id:
                instance.household = None

    def prepare_rows(self, objs: list[models.Model]) -> None:
        """Save the rows' new households first, in one bulk insert with their history."""
        new = {}
        for person in objs:
            household = _cached(person, "household")
            if household is not None and household.pk is None:
                new[id(household)] = household
        if new:
            bulk_create_audited(Household, list(new.values()))

    def dehydrate_national_id(self, person: Person) -> str:
        """The full ID for editors; others export it masked, as the pages show it."""
        if self.membership is not None and not self.membership.can(Perm.EDIT_PEOPLE):
            return person.masked_national_id
        return person.national_id

    def export_queryset(self) -> models.QuerySet:
        return (
            self.get_queryset()
            .select_related("village", "household")
            .order_by("village__number", "household__house_number", "first_name", "last_name", "pk")
        )


class PartnerResource(NetworkResource):
    """Partners: matched by name; new ones start as proposed, with their first vetting step."""

    name = Field(attribute="name", column_name=PARTNER_NAME, widget=TextWidget())
    short_name = Field(attribute="short_name", column_name=SHORT_NAME, widget=TextWidget())
    kind = Field(attribute="kind", column_name=KIND, widget=ChoiceWidget(PartnerKind))
    parent = Field(attribute="parent", column_name=PARENT, widget=ParentWidget())
    contact_name = Field(attribute="contact_name", column_name=CONTACT_NAME, widget=TextWidget())
    contact_phone = Field(
        attribute="contact_phone", column_name=CONTACT_PHONE, widget=PhoneWidget()
    )
    contact_email = Field(attribute="contact_email", column_name=CONTACT_EMAIL, widget=TextWidget())
    notes = Field(attribute="notes", column_name=NOTES, widget=TextWidget())

    required_columns = (PARTNER_NAME, KIND)
    text_columns = (CONTACT_PHONE,)
    column_help = {
        PARTNER_NAME: gettext_lazy(
            "Required. A row with a name already in the network updates that partner; a new "
            "partner starts as proposed, waiting for vetting."
        ),
        KIND: lambda: (
            _("Required, one of: %(kinds)s.")
            % {"kinds": ", ".join(str(kind.label) for kind in PartnerKind)}
        ),
        PARENT: gettext_lazy(
            "The name of the partner this one is part of: already in the network, or on an "
            "earlier row."
        ),
    }
    aliases = {"ชื่อ": PARTNER_NAME, "partner name": PARTNER_NAME, "part of": PARENT}

    class Meta:
        model = Partner
        fields = (
            "name",
            "short_name",
            "kind",
            "parent",
            "contact_name",
            "contact_phone",
            "contact_email",
            "notes",
        )
        import_id_fields = ("name",)

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self.partners_by_name = {p.name: p for p in Partner.objects.for_network(self.network)}
        self.now = timezone.now()

    def init_instance(self, row: Any = None) -> Partner:
        return Partner(
            network=self.network,
            status=PartnerStatus.PROPOSED,
            status_changed_at=self.now,
            status_changed_by=self.user,
        )

    def save_instance(self, instance: Partner, is_create: bool, row: Any, **kwargs: Any) -> None:
        super().save_instance(instance, is_create, row, **kwargs)
        # Later rows may name this partner as the one they are part of.
        self.partners_by_name.setdefault(instance.name, instance)

    def create_rows(self, objs: list[models.Model]) -> list[models.Model]:
        """Insert parents before the units that point at them (both may be new)."""
        created: list[models.Model] = []
        pending = list(objs)
        while pending:
            ready = [p for p in pending if (parent := _cached(p, "parent")) is None or parent.pk]
            if not ready:  # cannot happen: a parent is always on an earlier row
                raise ValueError("Partners that are part of each other.")
            created += super().create_rows(ready)
            pending = [p for p in pending if p.pk is None]
        return created

    def after_create_rows(self, objs: list[models.Model]) -> None:
        """Each new partner's first vetting step, as ``propose_partner`` records it."""
        PartnerStatusChange.objects.bulk_create(
            [
                PartnerStatusChange(
                    network=self.network,
                    partner=partner,
                    from_status="",
                    to_status=PartnerStatus.PROPOSED,
                    changed_by=self.user,
                    changed_at=partner.status_changed_at,
                    reason=_("Proposed as a new partner, imported from a spreadsheet."),
                )
                for partner in objs
            ],
            batch_size=self._meta.batch_size,
        )

    def export_queryset(self) -> models.QuerySet:
        return self.get_queryset().select_related("parent").order_by("name", "pk")
