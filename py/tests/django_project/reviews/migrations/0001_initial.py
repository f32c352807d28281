from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="Review",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("product", models.ForeignKey(on_delete=models.deletion.CASCADE, to="shop.product")),
                ("stars", models.IntegerField()),
            ],
        ),
    ]
