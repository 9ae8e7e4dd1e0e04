"""The welfare section of a village's page (registered in ``WelfareConfig.ready``)."""

from __future__ import annotations

from typing import Any

from core.tenancy import NetworkRequest
from network.models import Village
from welfare.models import Programme
from welfare.services import village_board

LATEST_PROGRAMMES = 3


def village_section(request: NetworkRequest, village: Village) -> dict[str, Any]:
    """The village's row on the board of each of the latest programmes (one query each)."""
    programmes = Programme.objects.for_network(request.network).order_by("-year", "name")
    return {
        "rows": [
            (programme, village_board(programme).get(pk=village.pk))
            for programme in programmes[:LATEST_PROGRAMMES]
        ]
    }
