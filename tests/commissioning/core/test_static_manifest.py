"""Pages render with the production static storage (hashed names from a manifest), as `make demo` serves them."""

import pytest
from django.core.management import call_command

from tests.factories import ServiceFactory


@pytest.mark.django_db
@pytest.mark.database_independent  # the static files' names do not depend on the database: checked once, on SQLite
def test_pages_render_with_the_manifest_storage(client, settings, tmp_path, council):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    service = ServiceFactory()
    for path in ["/", "/services/", f"/services/{service.pk}/", "/sign-in", "/wards/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "/static/app." in body  # the hashed stylesheet name
