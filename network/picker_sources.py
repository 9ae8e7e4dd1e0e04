"""What the network's forms pick by searching: people, households, resolutions, partners.

Declared once at start-up (``NetworkConfig.ready``); ``core.picker`` draws the field
and answers ``/n/<slug>/pick/<source>/?q=`` from these.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Replace
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import thai
from core.picker import PickerSource, register_source
from core.roles import Perm
from network.models import Household, Partner, Person, Resolution, Title

# The last digits of a national ID must be at least this many to be searched by.
ID_TAIL = 4


def _digits(column: str) -> Replace:
    """A column with the dashes and spaces people type in numbers taken out."""
    return Replace(
        Replace(column, Value("-"), Value(""), output_field=CharField()),
        Value(" "),
        Value(""),
        output_field=CharField(),
    )


def _village_label(village: Any) -> str:
    if village is None:
        return ""
    return f"{_('Village No.')} {village.number} {village.name}"


# People


def _people(network: Any) -> QuerySet:
    return Person.objects.for_network(network).select_related("village")


def _search_people(rows: QuerySet, text: str, hints: dict[str, str]) -> QuerySet:
    rows = rows.annotate(phone_digits=_digits("phone"))
    for word in text.split():
        match = (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(village__name__icontains=word)
            | Q(phone__icontains=word)
        )
        digits = word.replace("-", "")
        if digits.isdigit():
            match |= Q(phone_digits__contains=digits)
            if len(digits) >= ID_TAIL:
                match |= Q(national_id__endswith=digits)
            if len(digits) <= 3:
                match |= Q(village__number=int(digits))
        rows = rows.filter(match)
    order: list[Any] = []
    village = hints.get("village", "")
    if village.isdigit():
        # Opened from a village (a new application): its people first.
        rows = rows.annotate(
            elsewhere=Case(
                When(village_id=int(village), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order.append("elsewhere")
    first_word = text.split()[0] if text.split() else ""
    # Names that start with what was typed before names that only contain it.
    rows = rows.annotate(
        starts=Case(
            When(first_name__istartswith=first_word, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    return rows.order_by(*order, "starts", "first_name", "last_name", "pk")


def _exact_person(rows: QuerySet, text: str) -> QuerySet:
    digits = text.replace("-", "").replace(" ", "")
    if digits.isdigit():
        rows = rows.annotate(phone_digits=_digits("phone"))
        match = Q(phone_digits=digits)
        if len(digits) == 13:
            match |= Q(national_id=digits)
        return rows.filter(match).order_by("pk")
    words = text.split()
    if len(words) < 2:
        return rows.filter(first_name__iexact=text).order_by("pk")
    first, last = words[0], " ".join(words[1:])
    names = Q(first_name__iexact=first, last_name__iexact=last)
    # A title typed stuck to the name, as Thai writes it: นายสมชาย ใจดี.
    for title in Title.values:
        if first.startswith(title) and len(first) > len(title):
            names |= Q(title=title, first_name__iexact=first[len(title) :], last_name__iexact=last)
    return rows.filter(names).order_by("pk")


register_source(
    PickerSource(
        key="people",
        perm=Perm.VIEW_PEOPLE,
        rows=_people,
        search=_search_people,
        exact=_exact_person,
        label=lambda person: person.full_name,
        detail=lambda person: _village_label(person.village),
        placeholder=gettext_lazy("Name, village, phone or last digits of the ID"),
        typed_hint=gettext_lazy(
            "Without JavaScript, type the person's full name, phone, 13-digit national ID "
            "or their ID number in this app."
        ),
        not_found=gettext_lazy("No one in this network matches “%(text)s”."),
    ),
    order=10,
)


# Households


def _households(network: Any) -> QuerySet:
    return Household.objects.for_network(network).select_related("village")


def _search_households(rows: QuerySet, text: str, hints: dict[str, str]) -> QuerySet:
    for word in text.split():
        match = Q(house_number__istartswith=word) | Q(village__name__icontains=word)
        match |= Q(members__first_name__icontains=word) | Q(members__last_name__icontains=word)
        if word.isdigit() and len(word) <= 3:
            match |= Q(village__number=int(word))
        rows = rows.filter(pk__in=Household.objects.filter(match).values("pk"))
    return rows.order_by("village__number", "house_number", "pk")


def _exact_household(rows: QuerySet, text: str) -> QuerySet:
    # "12/3": house number 12 of village 3, as a letter is addressed.
    house, _slash, village = text.replace(" ", "").rpartition("/")
    if house and village.isdigit():
        return rows.filter(house_number__iexact=house, village__number=int(village)).order_by("pk")
    return rows.none()


register_source(
    PickerSource(
        key="households",
        perm=Perm.VIEW_PEOPLE,
        rows=_households,
        search=_search_households,
        exact=_exact_household,
        label=lambda household: f"{_('House No.')} {household.house_number}",
        detail=lambda household: _village_label(household.village),
        placeholder=gettext_lazy("House number, village or a member's name"),
        typed_hint=gettext_lazy(
            "Without JavaScript, type the house number and village number: 12/3."
        ),
    ),
    order=20,
)


# Resolutions


def _resolutions(network: Any) -> QuerySet:
    return Resolution.objects.for_network(network).select_related("item__meeting")


def _search_resolutions(rows: QuerySet, text: str, hints: dict[str, str]) -> QuerySet:
    for word in text.split():
        match = Q(text__icontains=word) | Q(item__title__icontains=word)
        number, _slash, year = word.partition("/")
        if number.isdigit() and (not year or year.isdigit()):
            # 10/2550, or 10: the meeting's number (its year in BE).
            meeting = Q(item__meeting__number=int(number))
            if year:
                meeting &= Q(item__meeting__year=thai.to_gregorian_year(int(year)))
            match |= meeting
        rows = rows.filter(match)
    return rows.order_by(
        F("item__meeting__date").desc(), "item__section", "item__position", "position", "pk"
    )


def _exact_resolution(rows: QuerySet, text: str) -> QuerySet:
    # "10/2550 4.1": the resolutions of agenda item 4.1 of meeting 10/2550.
    meeting, _space, item = text.strip().partition(" ")
    number, _slash, year = meeting.partition("/")
    section, _dot, position = item.strip().partition(".")
    if not all(part.isdigit() for part in (number, year, section, position)):
        return rows.none()
    return rows.filter(
        item__meeting__number=int(number),
        item__meeting__year=thai.to_gregorian_year(int(year)),
        item__section=int(section),
        item__position=int(position),
    ).order_by("position", "pk")


register_source(
    PickerSource(
        key="resolutions",
        perm=Perm.VIEW_MEETINGS,
        rows=_resolutions,
        search=_search_resolutions,
        exact=_exact_resolution,
        label=lambda resolution: resolution.text[:90] or _("(no text yet)"),
        detail=lambda resolution: (
            f"{_('Meeting No.')} {resolution.item.meeting.number_label} · "
            f"{_('agenda item')} {resolution.item.number}"
        ),
        placeholder=gettext_lazy("Words of the resolution, or the meeting: 10/2550"),
        typed_hint=gettext_lazy(
            "Without JavaScript, type the meeting and the agenda item: 10/2550 4.1."
        ),
    ),
    order=30,
)


# Partners


def _partners(network: Any) -> QuerySet:
    return Partner.objects.for_network(network)


def _search_partners(rows: QuerySet, text: str, hints: dict[str, str]) -> QuerySet:
    for word in text.split():
        rows = rows.filter(
            Q(name__icontains=word)
            | Q(short_name__icontains=word)
            | Q(contact_name__icontains=word)
        )
    return rows.order_by("name", "pk")


def _exact_partner(rows: QuerySet, text: str) -> QuerySet:
    return rows.filter(Q(name__iexact=text) | Q(short_name__iexact=text)).order_by("pk")


register_source(
    PickerSource(
        key="partners",
        perm=Perm.VIEW_PARTNERS,
        rows=_partners,
        search=_search_partners,
        exact=_exact_partner,
        label=lambda partner: partner.name,
        detail=lambda partner: partner.short_name or partner.get_kind_display(),
        placeholder=gettext_lazy("Name or short name of the partner"),
        typed_hint=gettext_lazy("Without JavaScript, type the partner's full or short name."),
    ),
    order=40,
)
