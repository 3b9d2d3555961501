"""The site's URLs with django-anymail's webhooks mounted, as they are when
ANYMAIL_WEBHOOK_SECRET is set (config/urls.py reads it once, at import)."""

from django.urls import include, path

from support_desk.config.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("anymail/", include("anymail.urls")), *site_urlpatterns]
