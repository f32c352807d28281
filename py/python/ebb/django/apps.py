from django.apps import AppConfig


class EbbConfig(AppConfig):
    name = "ebb.django"
    label = "ebb"
    verbose_name = "ebb computed migration reverts"
