from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.document_list, name="documents"),
    path("documents/<int:document_id>/", views.document_detail, name="document"),
    path("documents/<int:document_id>/reingest/", views.document_reingest, name="reingest"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/status/", views.run_status, name="run_status"),
    path("policies/<int:policy_id>/", views.policy_review, name="review"),
    path("policies/<int:policy_id>/edit/", views.policy_edit, name="policy_edit"),
    path("policies/<int:policy_id>/publish/", views.policy_publish, name="publish"),
    path("policies/<int:policy_id>/unpublish/", views.policy_unpublish, name="unpublish"),
    path("policies/<int:policy_id>/reject-version/", views.version_reject, name="version_reject"),
    path("clauses/<int:clause_id>/edit/", views.clause_edit, name="clause_edit"),
    path(
        "clauses/<int:clause_id>/requirements/<int:index>/settle/",
        views.requirement_settle,
        name="settle",
    ),
]
