from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "commissioning.appraisals"
    label = "appraisals"
    verbose_name = "Options appraisal"
