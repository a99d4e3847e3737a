from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list_view, name="list"),
    path("<int:policy_id>/", views.policy_detail_view, name="detail"),
    path("<int:policy_id>/original/", views.policy_original_view, name="original"),
]
