"""Anonymous visitors of portal pages are sent to the portal's login (issue 12, finding 7c)."""

import pytest
from django.urls import reverse


def test_anonymous_password_change_redirects_to_the_portal_login_with_next(client):
    response = client.get(reverse("portal:password_change"))
    assert response.status_code == 302
    assert response["Location"] == "/portal/login/?next=/portal/password/change/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/portal/login/", "/portal/register/"])
def test_an_empty_post_shows_the_form_with_errors_not_a_server_error(client, path):
    response = client.post(path, {})
    assert response.status_code == 200
    assert response.context["form"].is_bound and response.context["form"].errors
