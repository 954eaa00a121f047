"""The body that announced a target neighborhood moves from places to meetings (places no longer
reaches meetings); the existing values are copied, then places drops its column (places 0002)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_announcers(apps, schema_editor):
    Neighborhood = apps.get_model("places", "Neighborhood")
    TargetAnnouncement = apps.get_model("meetings", "TargetAnnouncement")
    rows = Neighborhood.objects.filter(target_announced_by__isnull=False).values_list("pk", "target_announced_by_id")
    TargetAnnouncement.objects.bulk_create(
        [TargetAnnouncement(neighborhood_id=hood, body_id=body) for hood, body in rows], batch_size=500
    )


def copy_back(apps, schema_editor):
    Neighborhood = apps.get_model("places", "Neighborhood")
    TargetAnnouncement = apps.get_model("meetings", "TargetAnnouncement")
    for hood, body in TargetAnnouncement.objects.values_list("neighborhood_id", "body_id"):
        Neighborhood.objects.filter(pk=hood).update(target_announced_by_id=body)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0003_search_text'),
        ('places', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='TargetAnnouncement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='target_announcements', to='meetings.body', verbose_name='اعلام\u200cکننده')),
                ('neighborhood', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='target_announcement', to='places.neighborhood', verbose_name='محله')),
            ],
            options={
                'verbose_name': 'اعلام محله هدف',
                'verbose_name_plural': 'اعلام\u200cهای محله هدف',
            },
        ),
        migrations.RunPython(copy_announcers, copy_back),
    ]
