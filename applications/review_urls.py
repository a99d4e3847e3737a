"""Reviewer and expert pages under /review/."""

from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("export/", views.review_export, name="export"),
    path("dashboard/", views.review_dashboard, name="dashboard"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/actions/<slug:action>/", views.review_action, name="action"),
    path("<int:pk>/assign/", views.review_assign, name="assign"),
    path("<int:pk>/review/", views.expert_review, name="expert_review"),
]
