"""Acronyms get a text per language, so that a Serbian acronym is written in Cyrillic on
Cyrillic pages (BCBP → БЦБП; protected terms such as ASTRA stay Latin); memberships can
say since when as precisely as it is known (month, day)."""

import django.core.validators
from django.db import migrations, models

from serbian.transliteration import DEFAULT_PROTECTED_TERMS, to_cyrillic


def fill_acronyms(apps, schema_editor):
    terms = (
        *DEFAULT_PROTECTED_TERMS,
        *apps.get_model("networks", "ProtectedTerm").objects.values_list("term", flat=True),
    )
    for organization in apps.get_model("members", "MemberOrganization").objects.exclude(
        acronym=""
    ):
        organization.acronym_en = organization.acronym_en or organization.acronym
        organization.acronym_sr_latn = organization.acronym_sr_latn or organization.acronym
        organization.acronym_sr = to_cyrillic(organization.acronym_sr_latn, terms)
        organization.generated_translations = sorted(
            {*organization.generated_translations, "acronym_sr"}
        )
        organization.save()


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_fill_cyrillic_and_collation'),
        ('networks', '0002_serbian_cyrillic'),
    ]

    operations = [
        migrations.AddField(
            model_name='memberorganization',
            name='acronym_en',
            field=models.CharField(blank=True, help_text='E.g. “BCBP”: on Serbian Cyrillic pages “БЦБП”, unless it is a protected term (“ASTRA”).', max_length=30, null=True, verbose_name='acronym'),
        ),
        migrations.AddField(
            model_name='memberorganization',
            name='acronym_sr',
            field=models.CharField(blank=True, help_text='E.g. “BCBP”: on Serbian Cyrillic pages “БЦБП”, unless it is a protected term (“ASTRA”).', max_length=30, null=True, verbose_name='acronym'),
        ),
        migrations.AddField(
            model_name='memberorganization',
            name='acronym_sr_latn',
            field=models.CharField(blank=True, help_text='E.g. “BCBP”: on Serbian Cyrillic pages “БЦБП”, unless it is a protected term (“ASTRA”).', max_length=30, null=True, verbose_name='acronym'),
        ),
        migrations.AddField(
            model_name='membership',
            name='since_day',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Only if known, with the month.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='since (day)'),
        ),
        migrations.AddField(
            model_name='membership',
            name='since_month',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Only if known: 7 for July.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='since (month)'),
        ),
        migrations.AlterField(
            model_name='memberorganization',
            name='acronym',
            field=models.CharField(blank=True, help_text='E.g. “BCBP”: on Serbian Cyrillic pages “БЦБП”, unless it is a protected term (“ASTRA”).', max_length=30, verbose_name='acronym'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('founder_coordinator', 'founder and coordinator'), ('founder', 'founder'), ('coordinator', 'coordinator'), ('initiator', 'initiator'), ('lead', 'lead organization of the project'), ('secretariat', 'secretariat'), ('member', 'member'), ('associate_member', 'associate member'), ('partner', 'partner'), ('consultative_status', 'special consultative status')], default='member', max_length=32, verbose_name='role'),
        ),
        migrations.RunPython(fill_acronyms, migrations.RunPython.noop),
    ]
