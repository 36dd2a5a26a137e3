"""E-mail preferences become a choice (immediately / daily digest / off); reply links."""

from django.db import migrations, models


def copy_muted(apps, schema_editor):
    Preference = apps.get_model("communication", "NotificationPreference")
    Preference.objects.filter(email=False).update(delivery="off")


class Migration(migrations.Migration):

    dependencies = [
        ('communication', '0001_notifications_and_preferences'),
    ]

    operations = [
        migrations.AddField(
            model_name='notificationpreference',
            name='delivery',
            field=models.CharField(choices=[('immediately', 'Immediately'), ('digest', 'In a daily digest'), ('off', 'Not by e-mail')], default='immediately', max_length=16, verbose_name='by e-mail'),
        ),
        migrations.RunPython(copy_muted, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='notificationpreference',
            name='email',
        ),
        migrations.AddField(
            model_name='notification',
            name='reply_url',
            field=models.CharField(blank=True, max_length=500, verbose_name='reply link'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='email_status',
            field=models.CharField(choices=[('not_sent', 'Not e-mailed'), ('pending', 'Waiting to be sent'), ('sent', 'E-mailed'), ('failed', 'E-mail failed'), ('digest', 'Waiting for the daily digest')], default='not_sent', max_length=16, verbose_name='e-mail'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('email_status', 'digest')), fields=['recipient'], name='comm_notif_digest_idx'),
        ),
    ]
