import pytest
from django.test import override_settings

from commissioning.accounts.forms import SIGN_IN_INVALID
from commissioning.accounts.views import LOCKED_OUT
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(password="a-long-enough-password")
    assert user.password.startswith("argon2")


def test_sign_in_and_out(client, council):
    UserFactory(username="ada", password=TEST_PASSWORD)
    response = client.post("/sign-in", {"username": "ada", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" in client.session
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_says_so(client, council):
    UserFactory(username="ada", password=TEST_PASSWORD)
    response = client.post("/sign-in", {"username": "ada", "password": "wrong"})
    assert response.status_code == 200
    assert SIGN_IN_INVALID in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_sign_in_redirects_back_to_where_the_user_was_going(client, council):
    UserFactory(username="ada", password=TEST_PASSWORD)
    response = client.post(
        "/sign-in?next=/services/new", {"username": "ada", "password": TEST_PASSWORD, "next": "/services/new"}
    )
    assert response["Location"] == "/services/new"


def test_sign_in_refuses_to_redirect_off_site(client, council):
    UserFactory(username="ada", password=TEST_PASSWORD)
    response = client.post(
        "/sign-in", {"username": "ada", "password": TEST_PASSWORD, "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, council):
    UserFactory(username="ada", password=TEST_PASSWORD)
    for _ in range(3):
        client.post("/sign-in", {"username": "ada", "password": "wrong"})
    response = client.post("/sign-in", {"username": "ada", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert LOCKED_OUT.format(minutes=15) in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_username(client, council):
    UserFactory(username="ada", password=TEST_PASSWORD)
    UserFactory(username="ben", password=TEST_PASSWORD)
    for _ in range(3):
        client.post("/sign-in", {"username": "ada", "password": "wrong"})
    response = client.post("/sign-in", {"username": "ben", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_signing_in_adds_no_empty_history_entry(client, council):
    user = UserFactory(username="ada", password=TEST_PASSWORD)
    before = user.history.count()
    client.post("/sign-in", {"username": "ada", "password": TEST_PASSWORD})
    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == before
