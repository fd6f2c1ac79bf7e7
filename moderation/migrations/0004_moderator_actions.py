"""The log names two more actions: making a member a moderator and removing them."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0003_flag_weight'),
    ]

    operations = [
        migrations.AlterField(
            model_name='moderationaction',
            name='action',
            field=models.CharField(choices=[('auto_hide', 'hidden automatically after flags'), ('keep', 'kept (flags dismissed)'), ('hide', 'hidden'), ('restore', 'restored'), ('remove', 'removed'), ('suspend', 'member suspended'), ('unsuspend', 'suspension lifted'), ('lock', 'debate locked'), ('unlock', 'debate unlocked'), ('make_moderator', 'made a moderator'), ('remove_moderator', 'moderator role removed')], max_length=20, verbose_name='action'),
        ),
    ]
