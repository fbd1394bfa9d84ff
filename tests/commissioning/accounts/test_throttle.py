from django.test import RequestFactory

from commissioning.accounts.throttle import client_ip


def request(remote="10.0.0.5", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/sign-in", **meta)


def test_without_trusted_proxies_the_socket_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request(forwarded="203.0.113.9")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded="198.51.100.1, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request(forwarded="203.0.113.9")) == "203.0.113.9"


def test_missing_header_behind_a_proxy_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(forwarded="203.0.113.9")) == "10.0.0.5"
