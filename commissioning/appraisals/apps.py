from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "commissioning.appraisals"
    label = "appraisals"
    verbose_name = "Options appraisal"

    def ready(self) -> None:
        # The golden thread back from a review to its appraisal and business case: the review page shows this
        # section without the reviews app knowing that appraisals exist (see commissioning.core.thread).
        from commissioning.appraisals.thread import appraisal_of_review, equality_of_review
        from commissioning.core import thread

        thread.register("reviews.CommissioningReview", appraisal_of_review)
        thread.register("reviews.CommissioningReview", equality_of_review)
