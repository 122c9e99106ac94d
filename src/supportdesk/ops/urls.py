from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from supportdesk.ops import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics, name="metrics"),
    # Browsers ask for it on every site; the pages name the SVG themselves.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("supportdesk/favicon.svg"), permanent=True),
        name="favicon",
    ),
]
