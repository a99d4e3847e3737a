from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("", views.document_list, name="documents"),
]
