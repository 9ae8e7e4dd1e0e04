"""Import/export of welfare applications, with Thai column headers.

Each column has a Thai header (the template's) and accepts the English field name
too. A row names its programme (by name, and by year in BE where names repeat
across years) and its applicant (by national ID, among the network's people);
imported rows become draft applications, as ``services.create_application``
makes them.

The natural key of an application is its programme, its applicant and its
purpose (spaces ignored). A row with the key of an existing application is that
application: a draft is updated (village, grant kind, amount) or left alone when
nothing changed; an application past draft is left alone when the row agrees
with it and the row is refused when it would change it, since only the
committee's steps move or change a submitted application. So a file imported
twice makes no duplicates. Programmes, villages, people and the matching
applications are read once per import, never with a query per row.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from itertools import batched
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from core import thai
from core.imports.files import cell_text, unescape_formula
from core.imports.resources import (
    BoundWidget,
    ChoiceWidget,
    NetworkInstanceLoader,
    NetworkResource,
    TextWidget,
    WholeNumberWidget,
)
from core.roles import Perm
from network.models import Person, Village
from network.resources import NATIONAL_ID, VILLAGE_NUMBER, NationalIdWidget, VillageWidget
from welfare.models import Application, ApplicationStatus, GrantKind, Programme

# Column headers: the template's, in Thai (files are shared across languages).
PROGRAMME = "โครงการ"
PROGRAMME_YEAR = "ปี (พ.ศ.)"
APPLICANT_NAME = "ชื่อผู้ยื่นคำขอ"
KIND = "ประเภททุน"
PURPOSE = "วัตถุประสงค์"
REQUESTED = "จำนวนเงินที่ขอ"
STATUS = "สถานะ"
APPROVED = "จำนวนเงินที่อนุมัติ"

# Grant kinds as people write them in Thai, whatever the catalog's labels say.
GRANT_KIND_ALIASES = {
    "อาชีพ": GrantKind.OCCUPATIONAL,
    "ทุนอาชีพ": GrantKind.OCCUPATIONAL,
    "ประกอบอาชีพ": GrantKind.OCCUPATIONAL,
    "ทุนประกอบอาชีพ": GrantKind.OCCUPATIONAL,
    "occupation": GrantKind.OCCUPATIONAL,
    "การศึกษา": GrantKind.EDUCATION,
    "ทุนการศึกษา": GrantKind.EDUCATION,
    "ศึกษา": GrantKind.EDUCATION,
    "ฉุกเฉิน": GrantKind.EMERGENCY,
    "กรณีฉุกเฉิน": GrantKind.EMERGENCY,
    "ทุนฉุกเฉิน": GrantKind.EMERGENCY,
    "อื่น": GrantKind.OTHER,
    "อื่นๆ": GrantKind.OTHER,
    "อื่น ๆ": GrantKind.OTHER,
}

TWO_PLACES = Decimal("0.01")
# The largest amount a money column (12 digits, 2 of them after the point) holds.
MAX_AMOUNT = Decimal("9999999999.99")
# A programme year outside these (in CE, after a BE year is converted) is a typing slip.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def normalize_text(text: str) -> str:
    """Text as compared in a key: runs of spaces and line breaks as one space."""
    return " ".join(text.split())


class AmountWidget(widgets.Widget):
    """A baht amount as a Decimal (never a float): 3000, 3,000, 2500.50 or "3,000 บาท"."""

    UNITS = ("บาท", "baht", "฿", "thb")

    def __init__(self, *, required: bool = False) -> None:
        super().__init__(coerce_to_string=False)
        self.required = required

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        typed = unescape_formula(cell_text(value))
        text = "".join(typed.split()).replace(",", "")
        for unit in self.UNITS:
            if text.casefold().endswith(unit):
                text = text[: -len(unit)]
        if not text:
            if self.required:
                raise ValueError(_("Enter the amount requested, in baht."))
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or "_" in text:
            raise ValueError(
                _("“%(value)s” is not an amount: write it in baht, such as 3,000 or 2500.50.")
                % {"value": typed}
            )
        if amount <= 0:
            raise ValueError(_("The amount must be more than zero."))
        if amount != amount.quantize(TWO_PLACES):
            raise ValueError(_("An amount has at most two decimal places (satang)."))
        if amount > MAX_AMOUNT:
            raise ValueError(_("This amount is too large."))
        return amount.quantize(TWO_PLACES)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        # A number, not text, so that a spreadsheet can add the column up.
        return "" if value is None else value


class ProgrammeYearWidget(WholeNumberWidget):
    """A programme's year in BE (2568), as the template asks; a CE year (2025) is read too."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        text = cell_text(value).removeprefix("พ.ศ.").strip()
        if not text:
            return None
        year = thai.to_gregorian_year(int(text)) if text.isdigit() else 0
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise ValueError(_("Enter the programme's year in BE, such as 2568."))
        return year

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return "" if value is None else thai.be_year(value)


class ProgrammeWidget(BoundWidget):
    """A programme of this network, by its name and, when names repeat, the year column."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Programme | None:
        name = normalize_text(unescape_formula(cell_text(value)))
        if not name:
            raise ValueError(_("Enter the name of the programme."))
        try:
            year = ProgrammeYearWidget().clean((row or {}).get(PROGRAMME_YEAR))
        except ValueError:
            return None  # the year column reports its own error
        named = self.resource.programmes_named(name)
        if not named:
            raise ValueError(
                _("There is no programme named “%(name)s” in this network.") % {"name": name}
            )
        candidates = named if year is None else [p for p in named if p.year == year]
        if not candidates:
            raise ValueError(
                _("The programme “%(name)s” is not of %(year)s but of: %(years)s.")
                % {
                    "name": name,
                    "year": thai.be_year(year),
                    "years": ", ".join(str(thai.be_year(p.year)) for p in named),
                }
            )
        if len(candidates) > 1:
            raise ValueError(
                _(
                    "Several programmes are named “%(name)s” (%(years)s): give the year "
                    "in BE in the year column."
                )
                % {
                    "name": name,
                    "years": ", ".join(str(thai.be_year(p.year)) for p in candidates),
                }
            )
        return candidates[0]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.name if value is not None else ""


class ApplicantWidget(BoundWidget):
    """A person of this network, by national ID."""

    ids = NationalIdWidget()

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Person | None:
        digits = self.ids.clean(value)
        if not digits:
            raise ValueError(_("Enter the applicant's national ID (13 digits)."))
        try:
            thai.validate_national_id(digits)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None
        person = self.resource.people.get(digits)
        if person is None:
            raise ValueError(
                _(
                    "There is no person with national ID %(id)s among this network's people: "
                    "add them (or import people) first."
                )
                % {"id": thai.format_national_id(digits)}
            )
        return person

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.national_id if value is not None else ""


class GrantKindWidget(ChoiceWidget):
    """A grant kind, by its key (occupational), its Thai or English label, or a short form."""

    def __init__(self) -> None:
        super().__init__(GrantKind, aliases=GRANT_KIND_ALIASES)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        kind = super().clean(value, row, **kwargs)
        if not kind:
            raise ValueError(
                _("Choose the grant kind, one of: %(choices)s.")
                % {"choices": ", ".join(str(m.label) for m in GrantKind)}
            )
        return kind


class PurposeWidget(TextWidget):
    """What the grant is for: required."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = super().clean(value, row, **kwargs)
        if not text:
            raise ValueError(_("Describe what the grant is for."))
        return text


class ApplicationLoader(BaseInstanceLoader):
    """The network's application with a row's natural key, from the resource's cache."""

    def get_instance(self, row: dict[str, Any]) -> Application | None:
        return self.resource.existing_for(row)


class ApplicationResource(NetworkResource):
    """Welfare applications: imported as drafts, matched by programme, applicant and purpose."""

    programme = Field(attribute="programme", column_name=PROGRAMME, widget=ProgrammeWidget())
    programme_year = Field(
        attribute="programme_year", column_name=PROGRAMME_YEAR, widget=ProgrammeYearWidget()
    )
    applicant = Field(attribute="applicant", column_name=NATIONAL_ID, widget=ApplicantWidget())
    applicant_name = Field(column_name=APPLICANT_NAME, readonly=True)
    village = Field(attribute="village", column_name=VILLAGE_NUMBER, widget=VillageWidget())
    kind = Field(attribute="kind", column_name=KIND, widget=GrantKindWidget())
    purpose = Field(attribute="purpose", column_name=PURPOSE, widget=PurposeWidget())
    requested_amount = Field(
        attribute="requested_amount", column_name=REQUESTED, widget=AmountWidget(required=True)
    )
    # Exported, and accepted (then ignored) when an export is imported back.
    status = Field(
        attribute="status",
        column_name=STATUS,
        widget=ChoiceWidget(ApplicationStatus),
        readonly=True,
    )
    approved_amount = Field(
        attribute="approved_amount", column_name=APPROVED, widget=AmountWidget(), readonly=True
    )

    required_columns = (PROGRAMME, NATIONAL_ID, KIND, PURPOSE, REQUESTED)
    dry_run = True  # until ``import_data`` says otherwise
    text_columns = (NATIONAL_ID,)
    column_help = {
        PROGRAMME: gettext_lazy("Required. The name of a programme of this network."),
        PROGRAMME_YEAR: gettext_lazy(
            "The programme's year in BE, such as 2568. Needed when programmes of "
            "different years have the same name."
        ),
        NATIONAL_ID: gettext_lazy(
            "Required. The applicant's 13-digit national ID, with or without dashes: "
            "the person must already be among the network's people."
        ),
        VILLAGE_NUMBER: gettext_lazy(
            "The number of a village of the network. Left empty: the applicant's village."
        ),
        KIND: lambda: (
            _("Required, one of: %(kinds)s. The programme must make grants of this kind.")
            % {"kinds": ", ".join(str(kind.label) for kind in GrantKind)}
        ),
        PURPOSE: gettext_lazy(
            "Required. What the grant is for. With the programme and the applicant, it "
            "tells one application from another."
        ),
        REQUESTED: gettext_lazy("Required. The amount asked for in baht, such as 3,000."),
    }
    aliases = {
        "ชื่อโครงการ": PROGRAMME,
        "programme name": PROGRAMME,
        "program": PROGRAMME,
        "program name": PROGRAMME,
        "ปี": PROGRAMME_YEAR,
        "ปี พ.ศ.": PROGRAMME_YEAR,
        "ปีงบประมาณ": PROGRAMME_YEAR,
        "year": PROGRAMME_YEAR,
        "year (be)": PROGRAMME_YEAR,
        "program year": PROGRAMME_YEAR,
        "เลขบัตรประชาชน": NATIONAL_ID,
        "เลขบัตรประจำตัวประชาชน": NATIONAL_ID,
        "national id": NATIONAL_ID,
        "applicant national id": NATIONAL_ID,
        "applicant's national id": NATIONAL_ID,
        "ผู้ยื่นคำขอ": APPLICANT_NAME,
        "หมู่": VILLAGE_NUMBER,
        "village number": VILLAGE_NUMBER,
        "village no.": VILLAGE_NUMBER,
        "ประเภท": KIND,
        "grant kind": KIND,
        "จำนวนเงิน": REQUESTED,
        "จำนวนเงินที่ขอ (บาท)": REQUESTED,
        "amount": REQUESTED,
        "amount requested": REQUESTED,
        "จำนวนเงินที่อนุมัติ (บาท)": APPROVED,
    }

    class Meta:
        model = Application
        fields = (
            "programme",
            "programme_year",
            "applicant",
            "applicant_name",
            "village",
            "kind",
            "purpose",
            "requested_amount",
            "status",
            "approved_amount",
        )
        import_id_fields = ("programme", "applicant", "purpose")
        instance_loader_class = ApplicationLoader

    # Columns

    def get_import_fields(self) -> list[Field]:
        """The template's columns: the export's read-only ones are not asked for."""
        return [field for field in super().get_import_fields() if not field.readonly]

    def get_bulk_update_fields(self) -> list[str]:
        """What an import may change on a draft: the key (programme, applicant, purpose) stays."""
        return ["village", "kind", "requested_amount", "version"]

    # The network's rows, read once per import

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        network = self.network
        self.programmes: dict[str, list[Programme]] = {}
        self.programmes_by_pk: dict[int, Programme] = {}
        for programme in Programme.objects.for_network(network).order_by("-year", "pk"):
            self.programmes_by_pk[programme.pk] = programme
            self.programmes.setdefault(normalize_text(programme.name).casefold(), []).append(
                programme
            )
        villages = list(Village.objects.for_network(network).order_by())
        self.villages = {village.number: village for village in villages}
        self.villages_by_pk = {village.pk: village for village in villages}
        self.people: dict[str, Person] = {}
        self.people_by_pk: dict[int, Person] = {}
        self.existing: dict[tuple[int, int, str], list[Application]] = {}
        if NATIONAL_ID not in (dataset.headers or ()):
            return
        index = dataset.headers.index(NATIONAL_ID)
        ids = set()
        for values in dataset:
            try:
                digits = ApplicantWidget.ids.clean(values[index])
            except ValueError:
                continue
            if thai.national_id_is_valid(digits):
                ids.add(digits)
        for chunk in batched(sorted(ids), NetworkInstanceLoader.CHUNK):
            people = Person.objects.for_network(network).filter(national_id__in=chunk).order_by()
            for person in people:
                self.people[person.national_id] = person
        self.people_by_pk = {person.pk: person for person in self.people.values()}
        applicants = sorted(person.pk for person in self.people.values())
        for chunk in batched(applicants, NetworkInstanceLoader.CHUNK):
            applications = (
                Application.objects.for_network(network)
                .filter(applicant_id__in=chunk)
                .order_by("pk")
            )
            if not self.dry_run:
                # Held until the import commits: a draft's version is bumped from the
                # value read here, so a form opened before the import is refused.
                applications = applications.select_for_update()
            for application in applications:
                self.existing.setdefault(self.key_of(application), []).append(application)

    def import_data(self, dataset: Any, dry_run: bool = False, **kwargs: Any) -> Any:
        self.dry_run = dry_run
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def save_instance(
        self, instance: Application, is_create: bool, row: Any, **kwargs: Any
    ) -> None:
        if not is_create:
            instance.version += 1  # as every change does: forms opened before are refused
        super().save_instance(instance, is_create, row, **kwargs)

    def programmes_named(self, name: str) -> list[Programme]:
        """The network's programmes of this name, latest year first."""
        return self.programmes.get(normalize_text(name).casefold(), [])

    @staticmethod
    def key_of(application: Application) -> tuple[Any, Any, str]:
        """The natural key: programme, applicant and purpose (spaces ignored)."""
        return (
            application.programme_id,
            application.applicant_id,
            normalize_text(application.purpose or ""),
        )

    def existing_for(self, row: dict[str, Any]) -> Application | None:
        """The application a row stands for, if any: the latest draft, else the latest."""
        try:
            programme = self.fields["programme"].clean(row)
            applicant = self.fields["applicant"].clean(row)
            purpose = self.fields["purpose"].clean(row)
        except (ValueError, KeyError):
            return None  # a new row, whose fields report their errors
        if programme is None or applicant is None:
            return None
        matches = self.existing.get((programme.pk, applicant.pk, normalize_text(purpose)), [])
        drafts = [a for a in matches if a.status == ApplicationStatus.DRAFT]
        return (drafts or matches or [None])[-1]

    def init_instance(self, row: Any = None) -> Application:
        return Application(network=self.network, status=ApplicationStatus.DRAFT)

    # Rows

    def snapshot(self, instance: models.Model) -> tuple[Any, ...]:
        """What an import may change on an application."""
        return (instance.village_id, instance.kind, instance.requested_amount)

    def import_instance(self, instance: Application, row: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.complete(instance, errors)
        if errors:
            raise ValidationError(errors)

    def complete(self, instance: Application, errors: dict[str, list[ValidationError]]) -> None:
        """The applicant's village by default; the programme's kinds; drafts only change."""

        def add(key: str, message: str) -> None:
            errors.setdefault(key, []).append(ValidationError(message))

        if instance.village_id is None and not {"village", "applicant"} & set(errors):
            applicant = self.people_by_pk.get(instance.applicant_id)
            if applicant is not None and applicant.village_id in self.villages_by_pk:
                instance.village = self.villages_by_pk[applicant.village_id]
            elif applicant is not None:
                add("village", _("This person has no village on record: give the village number."))
        programme = self.programmes_by_pk.get(instance.programme_id)
        if (
            programme is not None
            and "kind" not in errors
            and not programme.allows_kind(instance.kind)
        ):
            add(
                "kind",
                _("“%(programme)s” makes grants only of these kinds: %(kinds)s.")
                % {
                    "programme": programme.name,
                    "kinds": ", ".join(
                        str(GrantKind(kind).label)
                        for kind in programme.grant_kinds
                        if kind in GrantKind.values
                    ),
                },
            )
        before = self._snapshots.get(id(instance))
        if (
            not errors
            and before is not None
            and instance.status != ApplicationStatus.DRAFT
            and before != self.snapshot(instance)
        ):
            add(
                NON_FIELD_ERRORS,
                _(
                    "This applicant's application for this purpose is already “%(status)s”: an "
                    "import changes only drafts. Change it on its page, or remove this row."
                )
                % {"status": ApplicationStatus(instance.status).label},
            )

    def check_repeated_key(
        self, instance: models.Model, number: int, errors: dict[str, list[ValidationError]]
    ) -> None:
        """The same programme, applicant and purpose on two rows of one file is an error."""
        if {"programme", "programme_year", "applicant", "purpose"} & set(errors):
            return
        key = self.key_of(instance)
        if key[0] is None or key[1] is None or not key[2]:
            return
        first = self._first_row_of.setdefault(key, number)
        if first != number:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "This row has the same programme, applicant and purpose as row "
                        "%(row)s: give each application once."
                    )
                    % {"row": self.line_of(first)}
                )
            )

    # Export

    def dehydrate_programme_year(self, application: Application) -> int:
        return thai.be_year(application.programme.year)

    def dehydrate_applicant(self, application: Application) -> str:
        """The full ID for people's editors; others export it masked, as the pages show it."""
        person = application.applicant
        if self.membership is not None and not self.membership.can(Perm.EDIT_PEOPLE):
            return person.masked_national_id
        return person.national_id

    def dehydrate_applicant_name(self, application: Application) -> str:
        return application.applicant.full_name

    def export_queryset(self) -> models.QuerySet:
        return (
            self.get_queryset()
            .select_related("programme", "applicant", "village")
            .order_by("-programme__year", "programme__name", "village__number", "created_at", "pk")
        )
