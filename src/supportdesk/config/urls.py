from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from supportdesk.accounts.throttled_login import throttled_login
from supportdesk.api.urls import api
from supportdesk.api.v1.api import api_v1

admin.site.login = throttled_login(admin.site.login)  # type: ignore[method-assign, assignment]
admin.site.site_header = admin.site.site_title = _("SupportDesk administration")
admin.site.index_title = _("SupportDesk")

urlpatterns = [
    path("", include("supportdesk.ops.urls")),
    path("", RedirectView.as_view(pattern_name="portal:requests", permanent=False)),
    path("portal/", include("supportdesk.portal.urls")),
    path("desk/reports/", include("supportdesk.reports.urls")),
    path("desk/", include("supportdesk.workspace.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api_v1.urls),
    path("api/", api.urls),
    path("diagnostics/", include("supportdesk.fault_reports.urls")),
    path("telegram/", include("supportdesk.telegram.urls")),
    path("chat/", include("supportdesk.chat.urls")),
    path("admin/", admin.site.urls),
]
