from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from workshops.console import LoginView, ThrottledAdminAuthenticationForm

# The admin's login goes through the same throttle as the console's.
admin.site.login_form = ThrottledAdminAuthenticationForm


def favicon(request):
    """For browsers and tools that ask for /favicon.ico without reading <link rel=icon>."""
    return redirect(static("img/favicon.ico"), permanent=True)


urlpatterns = [
    path("", include("workshops.urls")),
    path("", include("exercises.urls")),
    path("", include("talks.urls")),
    path("", include("seating.urls")),
    path("konto/logga-in/", LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
]
