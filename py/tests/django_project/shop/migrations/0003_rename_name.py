from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_price_and_index")]
    operations = [migrations.RenameField("product", "name", "title")]
