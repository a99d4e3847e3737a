"""URL configuration: pages, the REST API and its OpenAPI documentation."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/live", views.liveness, name="liveness"),
    path("favicon.ico", views.favicon),
    path("accounts/", include("accounts.urls")),
    path("policies/", include("policies.urls")),
    path("me/", include("eligibility.urls")),
    path("applications/", include("applications.urls")),
    path("review/", include("applications.review_urls")),
    path("ingest/", include("ingest.urls")),
    path("api/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("django-admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
