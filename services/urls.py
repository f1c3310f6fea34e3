from django.urls import path, register_converter

from services.views import activities, bookings, repairs, site


class TrackingCode:
    """A tracking code: URL-safe base64, long enough not to be guessed."""

    regex = r"[A-Za-z0-9_-]{16,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TrackingCode, "tracking")

app_name = "services"

urlpatterns = [
    path("", site.home, name="home"),
    path("services/", site.service_guide, name="service_guide"),
    path("repairs/new/", repairs.repair_new, name="repair_new"),
    path("repairs/<tracking:code>/", repairs.repair_detail, name="repair_detail"),
    path("repairs/<tracking:code>/photo/", repairs.repair_photo, name="repair_photo"),
    path("venues/", bookings.venue_list, name="venue_list"),
    path("venues/<int:pk>/book/", bookings.booking_new, name="booking_new"),
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/signup/<tracking:token>/", activities.signup_detail, name="signup_detail"),
]
