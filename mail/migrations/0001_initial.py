"""The outbox, moved here from requests_app.

The model lived in ``requests_app`` until this migration; its table keeps the old name, so no row
moves (``requests_app.0009`` removes the model from that app's state).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("requests_app", "0008_team_or_zero_statistics_on_postgresql"),
    ]

    operations = [
        # The tables exist already (made by requests_app); only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboundMail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=200, unique=True, verbose_name='key')),
                        ('to', models.EmailField(max_length=254, verbose_name='to')),
                        ('subject', models.CharField(max_length=250, verbose_name='subject')),
                        ('body_text', models.TextField(verbose_name='text')),
                        ('body_html', models.TextField(blank=True, verbose_name='HTML')),
                        ('state', models.CharField(choices=[('pending', 'Waiting'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed for good')], db_index=True, default='pending', max_length=8, verbose_name='state')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('next_attempt_at', models.DateTimeField(db_index=True, verbose_name='next attempt')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='claimed at')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ],
                    options={
                        'verbose_name': 'outgoing mail',
                        'verbose_name_plural': 'outgoing mail',
                        'db_table': 'requests_app_outboundmail',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
