"""``manage.py ebb_migrate_down APP TARGET [--dry-run]``: see :mod:`ebb.django`."""
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

import ebb
import ebb.django as ebb_django


class Command(BaseCommand):
    help = (
        "Revert APP to migration TARGET (zero: everything) with statements ebb computes from the "
        "live database and the migrations' SQL, after checks that refuse to lose data. Reverts "
        "migrations Django calls irreversible."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_label")
        parser.add_argument("target", help="a migration name or prefix, or zero")
        parser.add_argument("--dry-run", action="store_true",
                            help="print the plan and run its checks (read-only); change nothing")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, app_label, target, dry_run=False, database=DEFAULT_DB_ALIAS, **_):
        connection = connections[database]
        try:
            plan, unapplied, names = ebb_django.compute(
                app_label, None if target == "zero" else target, connection
            )
        except ebb.EbbError as e:
            raise CommandError(str(e)) from e
        for w in ebb.to_dict(plan).get("warnings", []):
            where = f"{names.get(w['file'], w['file'])}: " if w.get("file") else ""
            self.stderr.write(f"warning[{w['code']}]: {where}{w['message']}")
        names = ", ".join(f"{a}.{n}" for a, n in unapplied.values())
        if dry_run:
            # The checks are read-only: they run, so that a dry run says what the real run
            # would refuse.
            self.stdout.write(f"-- unapplies {names}\n" + plan.to_sql())
            try:
                ebb_django.check(plan, connection)
            except ebb.EbbError as e:
                raise CommandError(str(e)) from e
            return
        try:
            ran = ebb_django.run(plan, connection, unapplied)
        except ebb.EbbError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Unapplied {names}: {ran} statement(s)")
