"""Root URLs: network pages live under /n/<network_slug>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from core import views as core_views
from reports.urls import shared_urlpatterns

lazy_static = lazy(static, str)

urlpatterns = [
    path("", core_views.choose_network, name="home"),
    path("help/roles/", core_views.roles_help, name="roles_help"),
    path("healthz", core_views.healthz, name="healthz"),
    # Resolved on request: the hashed name needs the static manifest, which URL
    # loading must not (check --deploy and a missing file would break every page).
    path("favicon.ico", RedirectView.as_view(url=lazy_static("img/favicon.svg"), permanent=True)),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("n/<slug:network_slug>/", include("network.urls")),
    path("n/<slug:network_slug>/", include("core.import_urls")),
    path("n/<slug:network_slug>/", include("core.picker_urls")),
    path("n/<slug:network_slug>/welfare/", include("welfare.urls")),
    path("n/<slug:network_slug>/reports/", include("reports.urls")),
    # A shared report opens without an account: the signed token is the key.
    path("r/", include((shared_urlpatterns, "shared"))),
]

# No media route, not even with DEBUG on: every stored file (attachments,
# imports, reports) is private and is served only by a view that checks the
# reader's permission on its row.
