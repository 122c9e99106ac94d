from django.contrib.auth import views as auth_views
from django.urls import path

from supportdesk.accounts.throttled_login import throttled_login
from supportdesk.workspace.views import login, queue, ticket, ticket_actions

app_name = "workspace"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path(
        "login/",
        throttled_login(login.AgentLoginView.as_view()),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="workspace:login"), name="logout"),
    path("tickets/<int:number>/", ticket.ticket_detail, name="ticket"),
    path("tickets/<int:number>/reply/", ticket_actions.reply, name="reply"),
    path("tickets/<int:number>/status/", ticket_actions.change_status, name="status"),
    path("tickets/<int:number>/severity/", ticket_actions.change_severity, name="severity"),
    path("tickets/<int:number>/assign/", ticket_actions.assign, name="assign"),
    path("tickets/<int:number>/critical/", ticket_actions.decide_critical, name="critical"),
    path("tickets/<int:number>/merge/", ticket_actions.merge, name="merge"),
    path(
        "tickets/<int:number>/organisation/",
        ticket_actions.link_organisation,
        name="link_organisation",
    ),
    path("tickets/<int:number>/canned/", ticket.canned_response, name="canned"),
    path(
        "tickets/<int:number>/request-missing/",
        ticket_actions.request_missing,
        name="request_missing",
    ),
    path(
        "tickets/<int:number>/problem-kind/", ticket_actions.set_problem_kind, name="problem_kind"
    ),
    path("attachments/<int:attachment_id>/", ticket.attachment_download, name="attachment"),
]
