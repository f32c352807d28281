from django.db import migrations


class Migration(migrations.Migration):
    """A RunSQL without reverse_sql: Django calls this migration irreversible."""

    dependencies = [("shop", "0003_rename_name")]
    operations = [migrations.RunSQL("CREATE TABLE shop_legacy (id integer PRIMARY KEY, note varchar(20))")]
