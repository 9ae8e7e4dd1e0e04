"""factory_boy factories: every row hangs off one network, and related rows share it."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.db.models import Max

from core.roles import Role
from network.models import (
    ActionItem,
    AgendaItem,
    AgendaSection,
    Attendance,
    AttendanceKind,
    Household,
    Meeting,
    Membership,
    Network,
    Partner,
    PartnerKind,
    PartnerStatus,
    Person,
    Resolution,
    Title,
    Village,
)
from welfare import models as welfare_models

PASSWORD = "correct-horse-2550"


def national_id(first_twelve: str) -> str:
    """A valid 13-digit national ID: twelve digits and their mod-11 check digit.

    Computed here from the published rule, not with the code under test.
    """
    assert len(first_twelve) == 12 and first_twelve.isdigit()
    total = sum(
        int(digit) * weight for digit, weight in zip(first_twelve, range(13, 1, -1), strict=True)
    )
    return first_twelve + str((11 - total % 11) % 10)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"เครือข่ายองค์กรชุมชนตำบลที่ {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    sub_district = "หนองบัว"
    district = "เมือง"
    province = "ขอนแก่น"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    role = Role.ADMIN


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"บ้านทดสอบ {n}")

    @factory.lazy_attribute
    def number(self) -> int:
        """The next free หมู่ที่ in this village's own network (1, 2, 3… per network)."""
        if self.network.pk is None:
            return 1
        last = Village.objects.filter(network=self.network).aggregate(n=Max("number"))["n"]
        return (last or 0) + 1


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    network = factory.SubFactory(NetworkFactory)
    village = factory.SubFactory(VillageFactory, network=factory.SelfAttribute("..network"))
    house_number = factory.Sequence(lambda n: f"{n + 1}/1")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    network = factory.SubFactory(NetworkFactory)
    village = factory.SubFactory(VillageFactory, network=factory.SelfAttribute("..network"))
    title = Title.MR
    first_name = factory.Sequence(lambda n: f"สมชาย{n}")
    last_name = "ใจดี"
    national_id = ""
    phone = ""


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"องค์การบริหารส่วนตำบลที่ {n}")
    kind = PartnerKind.LOCAL_GOVERNMENT
    status = PartnerStatus.PROPOSED


# Meetings


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    network = factory.SubFactory(NetworkFactory)
    date = factory.Sequence(lambda n: dt.date(2024, 1, 10) + dt.timedelta(days=n))
    year = factory.LazyAttribute(lambda meeting: meeting.date.year)
    place = "ศาลาประชาคม"

    @factory.lazy_attribute
    def number(self) -> int:
        """The next free number within the year in this meeting's own network."""
        if self.network.pk is None:
            return 1
        last = Meeting.objects.filter(network=self.network, year=self.year).aggregate(
            n=Max("number")
        )["n"]
        return (last or 0) + 1


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    network = factory.SubFactory(NetworkFactory)
    meeting = factory.SubFactory(MeetingFactory, network=factory.SelfAttribute("..network"))
    section = AgendaSection.FOR_DECISION
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"เรื่องเพื่อพิจารณาที่ {n}")


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    network = factory.SubFactory(NetworkFactory)
    item = factory.SubFactory(AgendaItemFactory, network=factory.SelfAttribute("..network"))
    text = "ที่ประชุมรับทราบ"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    network = factory.SubFactory(NetworkFactory)
    item = factory.SubFactory(AgendaItemFactory, network=factory.SelfAttribute("..network"))
    description = factory.Sequence(lambda n: f"ติดตามเรื่องที่ {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    network = factory.SubFactory(NetworkFactory)
    meeting = factory.SubFactory(MeetingFactory, network=factory.SelfAttribute("..network"))
    kind = AttendanceKind.VILLAGE_REP
    person = factory.SubFactory(
        PersonFactory,
        network=factory.SelfAttribute("..network"),
        village=factory.SelfAttribute("..village"),
    )
    village = factory.SubFactory(VillageFactory, network=factory.SelfAttribute("..network"))
    present = True


# Welfare


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = welfare_models.Programme

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"กองทุนสวัสดิการเยาวชน {n}")
    year = 2007
    total_budget = Decimal("100000.00")
    target_group = welfare_models.TargetGroup.YOUTH


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = welfare_models.Allocation

    network = factory.SubFactory(NetworkFactory)
    programme = factory.SubFactory(ProgrammeFactory, network=factory.SelfAttribute("..network"))
    village = factory.SubFactory(VillageFactory, network=factory.SelfAttribute("..network"))
    amount = Decimal("10000.00")


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application from a person of the village, under a programme of the network."""

    class Meta:
        model = welfare_models.Application

    network = factory.SubFactory(NetworkFactory)
    programme = factory.SubFactory(ProgrammeFactory, network=factory.SelfAttribute("..network"))
    village = factory.SubFactory(VillageFactory, network=factory.SelfAttribute("..network"))
    applicant = factory.SubFactory(
        PersonFactory,
        network=factory.SelfAttribute("..network"),
        village=factory.SelfAttribute("..village"),
    )
    kind = welfare_models.GrantKind.OCCUPATIONAL
    purpose = "ทุนตั้งต้นอาชีพเลี้ยงไก่"
    requested_amount = Decimal("3000.00")
