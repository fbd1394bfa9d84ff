"""A review's status follows from its records (ADR 0021): a review that passed a stage gate has started.

Before, the status was typed in on the review's form, so a review past Analyse could still say "Planned". Such a
review is now in progress, with a history entry saying why (by no one: the platform made the change). Every other
status stays as it was: each is a status the rule can reach, and the record of how it was reached is the history
the form left. The services covered follow in the same step (issue 8's rule).
"""

from django.db import migrations
from django.utils import timezone

from commissioning.reviews.calculations import service_status_from_reviews

REASON = "Status follows from the review's records: a review past Analyse has started"


def started_reviews_in_progress(apps, schema_editor):  # type: ignore[no-untyped-def]
    Review = apps.get_model("reviews", "CommissioningReview")
    Historical = apps.get_model("reviews", "HistoricalCommissioningReview")
    HistoricalServices = apps.get_model("reviews", "HistoricalCommissioningReview_services")
    Service = apps.get_model("services", "Service")
    contradicting = list(Review.objects.filter(status="planned").exclude(stage="analyse"))
    if not contradicting:
        return
    now = timezone.now()
    fields = [
        f.attname for f in Review._meta.concrete_fields if f.attname in {h.attname for h in Historical._meta.fields}
    ]
    for review in contradicting:
        review.status = "in_progress"
        review.updated_at = now
        Review.objects.filter(pk=review.pk).update(status="in_progress", updated_at=now)
        entry = Historical.objects.create(
            **{name: getattr(review, name) for name in fields},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )
        HistoricalServices.objects.bulk_create(
            HistoricalServices(id=row_id, history=entry, commissioningreview_id=review.pk, service_id=service_id)
            for row_id, service_id in Review.services.through.objects.filter(
                commissioningreview_id=review.pk
            ).values_list("pk", "service_id")
        )
    touched = set(
        Review.services.through.objects.filter(commissioningreview_id__in=[r.pk for r in contradicting]).values_list(
            "service_id", flat=True
        )
    )
    covering: dict[int, list[tuple[str, str, str, int]]] = {pk: [] for pk in touched}
    rows = Review.services.through.objects.filter(
        service_id__in=touched, commissioningreview__archived_at__isnull=True
    ).values_list(
        "service_id",
        "commissioningreview__stage",
        "commissioningreview__status",
        "commissioningreview__planned_start",
        "commissioningreview_id",
    )
    for service_id, stage, status, start, pk in rows:
        covering[service_id].append((stage, status, start, pk))
    for service_id, reviews in covering.items():
        status = service_status_from_reviews(reviews)
        Service.objects.filter(pk=service_id).exclude(review_status=status).update(review_status=status)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_services_follow_reviews"),
        ("services", "0002_search_text"),
    ]

    operations = [migrations.RunPython(started_reviews_in_progress, migrations.RunPython.noop)]
