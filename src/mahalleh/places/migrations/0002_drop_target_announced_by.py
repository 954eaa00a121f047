"""The announcing body now lives in meetings.TargetAnnouncement (copied there by meetings 0004)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('meetings', '0004_target_announcement'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='neighborhood',
            name='target_announced_by',
        ),
    ]
