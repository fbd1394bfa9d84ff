from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "commissioning.reviews"
    label = "reviews"
    verbose_name = "Commissioning reviews"

    def ready(self) -> None:
        # The golden thread back from a service to its reviews: the service page shows this section without the
        # services app knowing that reviews exist (see commissioning.core.thread).
        from commissioning.core import thread
        from commissioning.reviews.thread import reviews_of_service

        thread.register("services.Service", reviews_of_service)

        # The prioritisation model's criteria, and the two this app scores from the catalogue (core.priority).
        from commissioning.reviews import priority

        priority.register()
