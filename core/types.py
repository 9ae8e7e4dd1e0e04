"""Types shared across apps, for annotations only.

``Actor`` is the project's user model (``AUTH_USER_MODEL`` is Django's default
``auth.User``): the type of every "who did it" parameter of the services, so that
it matches the user foreign keys it is stored in. It is a lazy ``type`` alias, so
importing it never imports the auth models at runtime.

``TenantNetwork`` and ``TenantMembership`` stand for the models named by the
``TENANCY_NETWORK_MODEL`` and ``TENANCY_MEMBERSHIP_MODEL`` settings. Core knows
no app, so it cannot name them; the apps' own code annotates with the models.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import User

type Actor = User
type TenantNetwork = Any
type TenantMembership = Any
