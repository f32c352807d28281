from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.AddField("product", "price", models.IntegerField(default=0)),
        migrations.AddIndex("product", models.Index(fields=["name"], name="shop_product_name_idx")),
    ]
