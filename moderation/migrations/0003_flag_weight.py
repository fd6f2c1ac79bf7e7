"""A flag's weight (moderation/weights.py), stored when it is raised. Flags raised before
weigh 1 each, which is what they counted for under the old "distinct members" rule."""

from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_log_refuses_truncate"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="weight",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("1"),
                editable=False,
                max_digits=4,
                verbose_name="weight",
            ),
        ),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.CheckConstraint(
                condition=models.Q(("weight__gte", 1)), name="flag_weight_at_least_1"
            ),
        ),
    ]
