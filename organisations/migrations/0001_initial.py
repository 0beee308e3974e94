"""Organisations, memberships and requester invitations, moved here from requests_app.

The model lived in ``requests_app`` until this migration; its table keeps the old name, so no row
moves (``requests_app.0009`` removes the model from that app's state).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("requests_app", "0008_team_or_zero_statistics_on_postgresql"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (made by requests_app); only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('job_title', models.CharField(blank=True, max_length=120, verbose_name='job title')),
                        ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('active', 'Active'), ('rejected', 'Rejected')], db_index=True, default='active', max_length=10, verbose_name='status')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='since')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved or rejected by')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'membership',
                        'verbose_name_plural': 'memberships',
                        'db_table': 'requests_app_membership',
                        'ordering': ['organisation__name', 'user__email'],
                    },
                ),
                migrations.CreateModel(
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('municipality', 'Municipality'), ('province', 'Province'), ('housing_corporation', 'Housing corporation'), ('care_provider', 'Care provider'), ('partnership', 'Regional partnership'), ('other', 'Other')], max_length=24, verbose_name='kind')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('cbs_code', models.CharField(blank=True, help_text='For municipalities, e.g. GM0345.', max_length=6, null=True, unique=True, verbose_name='CBS code')),
                        ('kvk_number', models.CharField(blank=True, help_text='Chamber of Commerce number, for corporations and care providers.', max_length=8, null=True, unique=True, verbose_name='KvK number')),
                        ('province', models.CharField(blank=True, choices=[('DR', 'Drenthe'), ('FL', 'Flevoland'), ('FR', 'Fryslân'), ('GE', 'Gelderland'), ('GR', 'Groningen'), ('LI', 'Limburg'), ('NB', 'Noord-Brabant'), ('NH', 'Noord-Holland'), ('OV', 'Overijssel'), ('UT', 'Utrecht'), ('ZE', 'Zeeland'), ('ZH', 'Zuid-Holland')], max_length=2, verbose_name='province')),
                        ('active', models.BooleanField(default=True, help_text='Municipalities that merged away stay for history but cannot file requests.', verbose_name='active')),
                        ('members', models.ManyToManyField(related_name='organisations', through='organisations.Membership', through_fields=('organisation', 'user'), to=settings.AUTH_USER_MODEL, verbose_name='members')),
                    ],
                    options={
                        'verbose_name': 'organisation',
                        'verbose_name_plural': 'organisations',
                        'db_table': 'requests_app_organisation',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddField(
                    model_name='membership',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.organisation', verbose_name='organisation'),
                ),
                migrations.CreateModel(
                    name='RequesterInvitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail address')),
                        ('token', models.CharField(max_length=64, unique=True, verbose_name='token')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='invited at')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted at')),
                        ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='accepted by')),
                        ('invited_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='invited by')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='organisations.organisation', verbose_name='organisation')),
                    ],
                    options={
                        'verbose_name': 'requester invitation',
                        'verbose_name_plural': 'requester invitations',
                        'db_table': 'requests_app_requesterinvitation',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='organisation',
                    index=models.Index(fields=['kind', 'name'], name='requests_ap_kind_388d7b_idx'),
                ),
                migrations.AddConstraint(
                    model_name='organisation',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'municipality'), _negated=True), ('cbs_code__regex', '^GM[0-9]{4}$'), _connector='OR'), name='municipality_has_cbs_code', violation_error_message='A municipality needs a CBS code like GM0345.'),
                ),
                migrations.AddConstraint(
                    model_name='organisation',
                    constraint=models.CheckConstraint(condition=models.Q(('kind', 'municipality'), ('cbs_code__isnull', True), _connector='OR'), name='cbs_code_only_for_municipalities', violation_error_message='Only municipalities have a CBS code.'),
                ),
                migrations.AddConstraint(
                    model_name='membership',
                    constraint=models.UniqueConstraint(fields=('user', 'organisation'), name='membership_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]
