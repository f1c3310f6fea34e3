from django.urls import path

from centers import views

app_name = "centers"

urlpatterns = [
    path("", views.home, name="home"),
]
