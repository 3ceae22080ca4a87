"""Failed sign-ins are counted per account and address, and per address over all accounts."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_many_accounts_guessed_from_one_address_lock_that_address(client, make_user, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.NEWSDESK_ADDRESS_FAILURE_LIMIT = 20
    make_user("editor")
    for n in range(19):
        # Never more than one guess per account: the per-account limit alone never trips.
        assert sign_in(client, f"reporter{n}", "wrong").status_code == 200
    assert sign_in(client, "reporter19", "wrong").status_code == 429  # the 20th failure
    locked = sign_in(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Another address is not affected.
    assert sign_in(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.77").status_code == 302


def test_below_the_address_limit_only_the_guessed_account_is_locked(client, make_user, settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.NEWSDESK_ADDRESS_FAILURE_LIMIT = 20
    make_user("editor")
    make_user("reviewer")
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert sign_in(client, "reviewer", PASSWORD).status_code == 302


def test_behind_the_proxy_the_client_address_comes_from_its_header(client, make_user, settings):
    settings.BEHIND_TLS_PROXY = True
    settings.AXES_FAILURE_LIMIT = 5
    make_user("editor")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        # The client's own claim comes first; the proxy appends the address it saw.
        sign_in(
            client, "editor", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4", **proxy
        )
    attacker = sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert attacker.status_code == 429
    # The same account from another client behind the same proxy can still sign in.
    colleague = sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert colleague.status_code == 302


def test_without_the_proxy_setting_the_header_is_ignored(client, make_user, settings):
    settings.BEHIND_TLS_PROXY = False
    settings.AXES_FAILURE_LIMIT = 5
    make_user("editor")
    for n in range(5):
        sign_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert (
        sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    )
