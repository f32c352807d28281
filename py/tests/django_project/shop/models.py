from django.db import models


class Product(models.Model):
    title = models.CharField(max_length=100)
    price = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["title"], name="shop_product_name_idx")]
