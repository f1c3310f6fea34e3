from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.views import healthz

# A database outage answers 503 (try again), any other failure 500.
handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Chinese at /, English at /en/.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("reports.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("", include("centers.urls")),
    path("", include("services.urls")),
    prefix_default_language=False,
)
