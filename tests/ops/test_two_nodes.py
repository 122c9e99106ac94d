"""The production layout in small: nginx (deploy/nginx/supportdesk.conf) in front of two web
nodes and a worker node started as the systemd units start them (deploy/systemd/), all on one
database, and a customer's request, an agent's reply and its delivery made through the proxy.

SQLite (a file every node opens) and the database cache in the SQLite pass; a fresh
PostgreSQL database and the Redis at REDIS_URL in the PostgreSQL pass, the documented
production layout.
"""

from __future__ import annotations

import re
import signal

from tests.ops.nginx_proxy import served_upstreams, start_nginx
from tests.ops.processes import (  # noqa: F401 — database_url is a fixture
    PASSWORD,
    Browser,
    Desk,
    database_url,
    free_port,
    http_up,
    wait_for,
)

SETUP = """
from supportdesk.customers.actions.portal_accounts import do_link_portal_account
from supportdesk.customers.models import OrganisationDomain
from tests.accounts.factories import AgentFactory, CustomerUserFactory
from tests.sla.factories import EnterpriseOrganisationFactory
OrganisationDomain.objects.create(
    domain="promstroy.example", organisation=EnterpriseOrganisationFactory()
)
customer = CustomerUserFactory.create(
    username="ivan@promstroy.example", email="ivan@promstroy.example"
)
do_link_portal_account(user=customer)
AgentFactory.create(username="agent")
"""
DELIVERIES = """
from supportdesk.tickets.models import OutboxDelivery
for delivery in OutboxDelivery.objects.all():
    print("delivery", delivery.channel, delivery.status, delivery.message.ticket.number)
"""


def test_a_request_reply_and_delivery_through_nginx_and_two_web_nodes(tmp_path, database_url):  # noqa: F811
    desk = Desk(tmp_path / "var")
    for name in ("EMAIL_HOST", "EMAIL_BACKEND", "PROMETHEUS_MULTIPROC_DIR"):
        desk.env.pop(name, None)
    desk.env |= {"SUPPORTDESK_TRUSTED_PROXIES": "127.0.0.1"}
    if database_url:
        desk.env["DATABASE_URL"] = database_url
    # What an upgrade runs once before (re)starting the nodes.
    desk.run("migrate", "--verbosity", "0")
    desk.run("collectstatic", "--noinput", "--verbosity", "0")
    desk.run("shell", "-c", SETUP)

    nodes = [free_port(), free_port()]
    proxy_port = free_port()
    nginx_dir = tmp_path / "nginx"
    nginx = None
    try:
        desk.start_nodes(nodes)
        nginx = start_nginx(
            nginx_dir, port=proxy_port, nodes=nodes, static_root=tmp_path / "var/static"
        )
        base = f"http://127.0.0.1:{proxy_port}"
        wait_for(lambda: http_up(f"{base}/healthz"), timeout=30, what="nginx")

        customer = Browser(base)
        status, _, headers = customer.post(
            "/portal/login/", {"email": "ivan@promstroy.example", "password": PASSWORD}
        )
        assert status == 302, status
        _, page, _ = customer.get("/portal/new/")
        key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
        assert key, page[:500]
        status, _, headers = customer.post(
            "/portal/new/",
            {
                "problem_kind": "user_facing_error",
                "subject": "Диаграмма не открывается",
                "description": "Бесконечная загрузка",
                "idempotency_key": key.group(1),
            },
        )
        assert status == 302, status
        number = re.fullmatch(r"/portal/requests/(\d+)/", headers["Location"])
        assert number, headers["Location"]

        agent = Browser(base)
        status, _, _ = agent.post("/desk/login/", {"username": "agent", "password": PASSWORD})
        assert status == 302, status
        ticket = f"/desk/tickets/{number.group(1)}/"
        status, page, _ = agent.get(ticket)
        assert status == 200 and "Диаграмма не открывается" in page
        if desk.env.get("REDIS_URL") or not database_url:  # a cache this test can read
            assert desk.shared_cache_keys(":rl:") >= 1  # both logins counted in the shared cache
        status, _, _ = agent.post(f"{ticket}reply/", {"body": "Смотрим"}, form_page=ticket)
        assert status in {200, 302}, status

        def delivered() -> bool:
            out = desk.run("shell", "-c", DELIVERIES)
            return f"delivery portal sent {number.group(1)}" in out

        wait_for(delivered, timeout=60, what="the reply's delivery")
        mail = "".join(p.read_text() for p in (tmp_path / "var/outgoing-mail").glob("*.log"))
        assert "ivan@promstroy.example" in mail
        assert f"Subject: [#{number.group(1)}]" in mail  # the body is base64

        # nginx serves the static files itself and spread the pages over both nodes.
        static = next((tmp_path / "var/static").rglob("*.css"))
        relative = static.relative_to(tmp_path / "var/static")
        status, body, _ = customer.get(f"/static/{relative}")
        assert status == 200 and body == static.read_text()
        widget = (tmp_path / "var/static/chat/widget.js").read_text()
        assert customer.get("/static/chat/widget.js")[:2] == (200, widget)
        assert served_upstreams(nginx_dir) == {f"127.0.0.1:{node}" for node in nodes}
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=20)
        desk.stop_gracefully()
