from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("", views.company_home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("calculator/answer/", views.calculator_answer, name="answer"),
    path("profile/regions.json", views.region_options, name="region_options"),
    path("clauses/<int:clause_id>/", views.clause_detail, name="clause"),
]
