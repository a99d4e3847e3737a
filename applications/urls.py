"""Applicant pages under /applications/ and attachment downloads."""

from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("publicity/", views.publicity_list, name="publicity"),
    path("new/<int:clause_id>/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/actions/<slug:action>/", views.application_action, name="action"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
