import pytest

from tests.factories import ServiceFactory


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "officer", "scrutiny", "provider"])
def test_main_pages_render(client_for, council, role):
    service = ServiceFactory()
    client = client_for(role)
    for path in ["/", "/services/", f"/services/{service.pk}/", "/wards/", "/healthz"]:
        response = client.get(path)
        assert response.status_code == 200, path
