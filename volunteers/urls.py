from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/sent/", views.join_done, name="join_done"),
    path("certificate/", views.certificate_lookup, name="certificate_lookup"),
    path("certificate/<str:number>/", views.certificate, name="certificate"),
]
