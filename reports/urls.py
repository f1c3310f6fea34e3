from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/<str:key>.<str:file_format>", views.export, name="export"),
    path("dashboard/exports/<uuid:job_id>/", views.export_job, name="export_job"),
    path(
        "dashboard/exports/<uuid:job_id>/download/", views.export_download, name="export_download"
    ),
    path("dashboard/projects/<int:pk>/", views.project, name="project"),
    path(
        "dashboard/projects/<int:pk>/export/<str:key>.<str:file_format>",
        views.project_export,
        name="project_export",
    ),
]
