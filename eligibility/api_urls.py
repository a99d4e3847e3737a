"""API routes for the caller's company, included under /api/me/."""

from django.urls import path

from .api import MyMatchesView, MyProfileView, MyQuestionsView, MyUnlockView

urlpatterns = [
    path("profile/", MyProfileView.as_view(), name="api-me-profile"),
    path("matches/", MyMatchesView.as_view(), name="api-me-matches"),
    path("unlock/", MyUnlockView.as_view(), name="api-me-unlock"),
    path("questions/", MyQuestionsView.as_view(), name="api-me-questions"),
]
