"""Anonymous visitors of portal pages are sent to the portal's login (issue 12, finding 7c)."""

from django.urls import reverse


def test_anonymous_password_change_redirects_to_the_portal_login_with_next(client):
    response = client.get(reverse("portal:password_change"))
    assert response.status_code == 302
    assert response["Location"] == "/portal/login/?next=/portal/password/change/"
