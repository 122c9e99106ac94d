"""Remote images in customer mail stay unloaded until the agent asks for one message's."""

import pytest

pytestmark = pytest.mark.django_db

PIXEL = "https://tracker.example/open.gif?u=42"
HTML = f'<p>Смотрите скриншот</p><img src="{PIXEL}" alt="pixel"><img src="cid:shot1" alt="inline">'


def test_remote_images_are_hidden_and_the_policy_forbids_them(agent_client, open_ticket):
    ticket = open_ticket(html=HTML)
    response = agent_client.get(f"/desk/tickets/{ticket.number}/")
    page = response.content.decode()
    assert "tracker.example" not in page
    assert 'src="cid:shot1"' in page
    assert "Показать изображения" in page
    policy = response["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy
    assert "https:" not in policy


def test_show_images_loads_them_for_that_message_only(agent_client, open_ticket):
    ticket = open_ticket(html=HTML)
    message = ticket.messages.get(body_html__contains="tracker")
    response = agent_client.get(f"/desk/tickets/{ticket.number}/?images={message.pk}")
    page = response.content.decode()
    assert f'src="{PIXEL.replace("&", "&amp;")}"' in page
    assert "Показать изображения" not in page
    assert "img-src 'self' data: https: http:" in response["Content-Security-Policy"]
    live = agent_client.get(
        f"/desk/tickets/{ticket.number}/?part=timeline&images={message.pk}",
        headers={"HX-Request": "true"},
    )
    assert "tracker.example" in live.content.decode()


def test_a_message_without_remote_images_offers_nothing_to_show(agent_client, open_ticket):
    ticket = open_ticket(html="<p>Только текст</p>")
    page = agent_client.get(f"/desk/tickets/{ticket.number}/").content.decode()
    assert "Только текст" in page and "Показать изображения" not in page


@pytest.mark.parametrize("path", ["/portal/login/", "/desk/login/", "/admin/login/", "/healthz"])
def test_every_page_carries_the_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
