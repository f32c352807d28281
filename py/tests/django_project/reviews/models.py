from django.db import models


class Review(models.Model):
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE)
    stars = models.IntegerField()
