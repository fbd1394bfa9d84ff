"""The standard approval bands (ADR 0026), which a council changes in the admin site."""

from decimal import Decimal

from django.db import migrations

STANDARD = [(1, Decimal("25000.00")), (2, Decimal("50000.00")), (3, Decimal("100000.00")), (4, None)]


def add_bands(apps, schema_editor):
    band = apps.get_model("finance", "VirementBand")
    if not band.objects.exists():
        for approver, up_to in STANDARD:
            band.objects.create(approver=approver, up_to=up_to)


class Migration(migrations.Migration):
    dependencies = [("finance", "0003_finance_virements_virements")]

    operations = [migrations.RunPython(add_bands, migrations.RunPython.noop)]
