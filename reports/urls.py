"""URLs of the reports app: under /n/<network_slug>/reports/, and the public /r/<token>/."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/<slug:kind>/", views.report_request, name="request"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/status/", views.report_status, name="status"),
    path("<int:report_id>/report.pdf", views.report_pdf, name="pdf"),
    path("<int:report_id>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:report_id>/share/", views.report_share, name="share"),
    path("<int:report_id>/links/", views.link_create, name="link_create"),
    path("<int:report_id>/links/<int:link_id>/revoke/", views.link_revoke, name="link_revoke"),
]

shared_urlpatterns = [
    path("<str:token>/", views.shared_report, name="report"),
    path("<str:token>/report.pdf", views.shared_pdf, name="pdf"),
    path("<str:token>/report.xlsx", views.shared_xlsx, name="xlsx"),
]
