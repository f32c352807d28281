from django.apps import AppConfig


class EbbConfig(AppConfig):
    name = "ebb.django"
    label = "ebb"
    verbose_name = "ebb computed migration reverts"

    def ready(self):
        # Record the SQL each migration runs (see ebb.django.recording).
        from django.db.models.signals import post_migrate, pre_migrate

        from ebb.django import recording

        pre_migrate.connect(recording.install, dispatch_uid="ebb.django.record")
        post_migrate.connect(recording.uninstall, dispatch_uid="ebb.django.record_end")
