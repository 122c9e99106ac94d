from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path, reverse_lazy

from supportdesk.portal.forms import QueuedPasswordResetForm
from supportdesk.portal.throttled import throttled_password_reset
from supportdesk.portal.views import accounts, organisation, requests

app_name = "portal"

urlpatterns = [
    path("", requests.request_list, name="requests"),
    path("new/", requests.new_request, name="new_request"),
    path("requests/<int:number>/", requests.request_detail, name="request"),
    path("requests/<int:number>/reply/", requests.request_reply, name="reply"),
    path("requests/<int:number>/resolve/", requests.request_resolve, name="resolve"),
    path("requests/<int:number>/reopen/", requests.request_reopen, name="reopen"),
    path("attachments/<int:attachment_id>/", requests.attachment_download, name="attachment"),
    path("organisation/", organisation.organisation_settings, name="organisation"),
    path("register/", accounts.register, name="register"),
    path("register/done/", accounts.register_done, name="register_done"),
    path("confirm/<str:uidb64>/<str:token>/", accounts.confirm, name="confirm"),
    path(
        "register/finish/<str:uidb64>/<str:token>/",
        accounts.FinishRegistrationView.as_view(),
        name="finish_registration",
    ),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path(
        "password/reset/",
        throttled_password_reset(
            auth_views.PasswordResetView.as_view(
                template_name="portal/password_reset.html",
                email_template_name="portal/email/password_reset.txt",
                subject_template_name="portal/email/password_reset_subject.txt",
                form_class=QueuedPasswordResetForm,
                success_url=reverse_lazy("portal:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="portal/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.CustomerPasswordResetConfirmView.as_view(success_url=reverse_lazy("portal:login")),
        name="password_reset_confirm",
    ),
    path(
        "password/change/",
        # Checked here first, or Django's own check sends visitors to the agents' login.
        login_required(
            auth_views.PasswordChangeView.as_view(
                template_name="portal/password_change.html",
                success_url=reverse_lazy("portal:requests"),
            ),
            login_url="portal:login",
        ),
        name="password_change",
    ),
]
