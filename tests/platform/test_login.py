import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_locks_out_after_repeated_failures(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory(username="ali")
    url = reverse("login")
    for _ in range(3):
        response = client.post(url, {"username": "ali", "password": "wrong"})
        assert "نام کاربری یا گذرواژه نادرست است" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(url, {"username": "ali", "password": "pass-1234"})
    assert response.status_code == 200
    assert "ممکن نیست" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert user.pk


def test_successful_login_clears_failures(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    UserFactory(username="sara")
    url = reverse("login")
    client.post(url, {"username": "sara", "password": "wrong"})
    client.post(url, {"username": "sara", "password": "wrong"})
    assert client.post(url, {"username": "sara", "password": "pass-1234"}).status_code == 302
    client.logout()
    client.post(url, {"username": "sara", "password": "wrong"})
    assert client.post(url, {"username": "sara", "password": "pass-1234"}).status_code == 302
