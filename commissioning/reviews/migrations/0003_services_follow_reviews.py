"""A service's review status follows from the reviews covering it (issue 8): set it for the existing rows."""

from django.db import migrations

from commissioning.reviews.calculations import service_status_from_reviews


def services_follow_reviews(apps, schema_editor):  # type: ignore[no-untyped-def]
    Service = apps.get_model("services", "Service")
    Review = apps.get_model("reviews", "CommissioningReview")
    covering: dict[int, list[tuple[str, str, str, int]]] = {
        pk: [] for pk in Service.objects.values_list("pk", flat=True)
    }
    rows = Review.services.through.objects.filter(commissioningreview__archived_at__isnull=True).values_list(
        "service_id",
        "commissioningreview__stage",
        "commissioningreview__status",
        "commissioningreview__planned_start",
        "commissioningreview_id",
    )
    for service_id, stage, status, start, pk in rows:
        covering[service_id].append((stage, status, start, pk))
    for service_id, reviews in covering.items():
        Service.objects.filter(pk=service_id).exclude(review_status=service_status_from_reviews(reviews)).update(
            review_status=service_status_from_reviews(reviews)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_search_text"),
        ("services", "0002_search_text"),
    ]

    operations = [migrations.RunPython(services_follow_reviews, migrations.RunPython.noop)]
