"""The welfare village board as a report kind: the PDF, its table, its queries, its tenancy."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import thai
from core.reporting import Rendered, get_report_kind, no_progress
from tests.factories import ApplicationFactory, ProgrammeFactory, UserFactory, VillageFactory
from tests.pdf_tools import normalise, run_poppler
from tests.welfare.test_page_queries import grow
from welfare import services
from welfare.board_report import KEY, board_title
from welfare.exports import board_rows
from welfare.models import Allocation, ApplicationStatus
from welfare.permissions import WelfarePerm


@pytest.fixture
def english():
    """The messages these tests read are the English ones."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

AMOUNTS = ("allocation", "requested", "approved", "disbursed", "remaining")


@pytest.fixture
def kind():
    return get_report_kind(KEY)


@pytest.fixture
def programme(network):
    programme = ProgrammeFactory(network=network, name="กองทุนสวัสดิการเยาวชน", year=2007)
    for number, name in enumerate(["บ้านลำสินธุ์", "บ้านควนโหนด", "บ้านทุ่งยาว"], start=1):
        village = VillageFactory(network=network, number=number, name=name)
        Allocation.objects.create(
            network=network, programme=programme, village=village, amount=Decimal("10000.50")
        )
        ApplicationFactory(
            network=network,
            programme=programme,
            village=village,
            status=ApplicationStatus.APPROVED,
            requested_amount=Decimal("8000.25"),
            approved_amount=Decimal(2500 * number),
        )
        ApplicationFactory(
            network=network,
            programme=programme,
            village=village,
            status=ApplicationStatus.SUBMITTED,
        )
    return programme


def render(kind, programme, language: str = "th", **params) -> Rendered:
    with translation.override(language):
        return kind.render(
            programme.network, {"programme": programme.pk, **params}, language, no_progress
        )


def test_it_is_registered_for_those_who_may_see_welfare(kind):
    assert kind.perm == WelfarePerm.VIEW_WELFARE
    assert kind.params == ("programme", "as_of")
    assert kind.optional_params == {"as_of"}


def test_it_prints_every_village_and_the_totals_of_the_board(kind, programme, poppler, tmp_path):
    rendered = render(kind, programme)

    assert rendered.pdf.startswith(b"%PDF-")
    text = normalise(run_poppler("pdftotext", rendered.pdf, tmp_path))
    assert normalise(board_title(programme)) in text
    assert normalise("2550") in text
    board = list(services.village_board(programme))
    for village in board:
        assert normalise(village.name) in text
    totals = {name: sum(getattr(v, name) for v in board) for name in AMOUNTS}
    assert totals["approved"] == Decimal("15000.00")
    for total in totals.values():
        assert normalise(thai.format_amount(total)) in text
    assert normalise(programme.network.name) in text


def test_its_table_is_the_spreadsheet_board_with_decimal_amounts(kind, programme):
    rendered = render(kind, programme)

    (table,) = rendered.tables
    assert list(table.rows) == board_rows(programme, lang="th")
    assert table.number_columns == frozenset({2, 3, 4, 5, 6})
    for row in table.rows:
        assert all(isinstance(row[i], Decimal) for i in table.number_columns)
    assert table.rows[-1][2] == Decimal("30001.50")
    assert rendered.title == board_title(programme)
    assert rendered.filename.startswith("welfare-board-2550-")
    assert rendered.pages == 1


def test_it_is_printed_on_landscape_a4(kind, programme, poppler, tmp_path):
    info = run_poppler("pdfinfo", render(kind, programme).pdf, tmp_path)

    assert "841.89 x 595.2" in info


def test_it_speaks_english_when_asked(kind, programme, poppler, tmp_path):
    rendered = render(kind, programme, "en")

    text = normalise(run_poppler("pdftotext", rendered.pdf, tmp_path))
    assert normalise("Allocation (baht)") in text
    assert rendered.tables[0].headers[2] == "Allocation (baht)"


@pytest.mark.parametrize("as_of", [None, "2007-10-31T23:59:59.999999+07:00"])
def test_it_runs_as_many_queries_for_40_villages_as_for_5(kind, network, as_of):
    programme = services.create_programme(
        network=network, name="เยาวชน", year=2007, total_budget=Decimal("100000000")
    )
    reviewers = [UserFactory()]

    def count() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            render(kind, programme, **({"as_of": as_of} if as_of else {}))
        return len(queries), [query["sql"] for query in queries.captured_queries]

    grow(programme, 5, 3, reviewers)
    small = count()
    grow(programme, 40, 3, reviewers)
    large = count()
    print(f"QUERYCOUNT welfare-board report as_of={as_of} 5={small[0]} 40={large[0]}")  # noqa: T201
    assert small[0] == large[0], "\n".join(["SMALL:", *small[1], "LARGE:", *large[1]])
    assert small[0] <= 3


def test_it_finds_a_programme_by_id_or_by_name_and_year(kind, programme):
    network = programme.network
    day = {"as_of": "31/10/2550"}
    expected = {"programme": programme.pk, "as_of": "2007-10-31T23:59:59.999999+07:00"}

    assert kind.parse(network, {"programme": str(programme.pk), **day}) == expected
    assert kind.parse(network, {"programme": "กองทุนสวัสดิการเยาวชน 2550", **day}) == expected
    assert kind.parse(network, {"programme": "กองทุนสวัสดิการเยาวชน (2007)", **day}) == expected
    assert kind.describe(network, {"programme": programme.pk}) == board_title(programme)
    assert kind.describe(network, expected) == f"{board_title(programme)} ณ 31 ตุลาคม 2550 23.59 น."


def test_it_refuses_another_networks_programme_as_if_it_did_not_exist(
    kind, network, other_network, english
):
    theirs = ProgrammeFactory(network=other_network)

    with pytest.raises(ValueError, match="no welfare programme") as refused:
        kind.parse(network, {"programme": str(theirs.pk)})
    with pytest.raises(ValueError, match="no welfare programme") as unknown:
        kind.parse(network, {"programme": "999999"})
    # The same answer as for a programme that does not exist: nothing confirms it does.
    assert str(refused.value).replace(str(theirs.pk), "N") == str(unknown.value).replace(
        "999999", "N"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Choose a welfare programme"), ("youth fund", "Give the programme as its id")],
)
def test_it_says_what_is_wrong_with_the_programme(kind, network, value, message, english):
    with pytest.raises(ValueError, match=message):
        kind.parse(network, {"programme": value})


def test_its_choices_are_the_networks_programmes(kind, programme, other_network):
    ProgrammeFactory(network=other_network)

    assert kind.choices["programme"](programme.network) == [
        (str(programme.pk), "กองทุนสวัสดิการเยาวชน (2550)")
    ]


def test_it_renders_a_network_without_villages(kind, network):
    programme = ProgrammeFactory(network=network, year=2008)

    rendered = render(kind, programme)

    assert rendered.pdf.startswith(b"%PDF-")
    assert len(rendered.tables[0].rows) == 1  # the totals row alone
