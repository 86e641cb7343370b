# Titles, names and places typed by staff are refused when they would not read on paper as typed (portal/thai/text.py).

import portal.thai.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal_events', '0004_signup_attendance_confirmed'),
    ]

    operations = [
        migrations.AlterField(
            model_name='activity',
            name='title',
            field=models.CharField(max_length=200, validators=[portal.thai.text.validate_line], verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='activity',
            name='title_en',
            field=models.CharField(blank=True, max_length=200, validators=[portal.thai.text.validate_line], verbose_name='title in English'),
        ),
        migrations.AlterField(
            model_name='event',
            name='description',
            field=models.TextField(blank=True, validators=[portal.thai.text.validate_text], verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='event',
            name='description_en',
            field=models.TextField(blank=True, validators=[portal.thai.text.validate_text], verbose_name='description in English'),
        ),
        migrations.AlterField(
            model_name='event',
            name='place_name',
            field=models.CharField(max_length=200, validators=[portal.thai.text.validate_line], verbose_name='place'),
        ),
        migrations.AlterField(
            model_name='event',
            name='title',
            field=models.CharField(max_length=200, validators=[portal.thai.text.validate_line], verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='event',
            name='title_en',
            field=models.CharField(blank=True, max_length=200, validators=[portal.thai.text.validate_line], verbose_name='title in English'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='name',
            field=models.CharField(max_length=200, validators=[portal.thai.text.validate_line], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, validators=[portal.thai.text.validate_line], verbose_name='name in English'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='organisers',
            field=models.TextField(help_text='One per line.', validators=[portal.thai.text.validate_text], verbose_name='organisers'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='signatory_name',
            field=models.CharField(blank=True, max_length=150, validators=[portal.thai.text.validate_line], verbose_name='certificate signatory'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='signatory_title',
            field=models.CharField(blank=True, max_length=200, validators=[portal.thai.text.validate_line], verbose_name="signatory's position"),
        ),
    ]
