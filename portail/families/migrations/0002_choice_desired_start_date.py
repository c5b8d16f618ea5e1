from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_desired_start_dates(apps, schema_editor):
    Choice = apps.get_model("families", "Choice")
    Child = apps.get_model("families", "Child")
    Choice.objects.update(
        desired_start_date=Subquery(Child.objects.filter(pk=OuterRef("child_id")).values("desired_start_date")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("families", "0001_initial"), ("registry", "0002_map_covering_index")]

    operations = [
        migrations.AddField(
            model_name="choice",
            name="desired_start_date",
            field=models.DateField(null=True, verbose_name="desired start date"),
        ),
        migrations.RunPython(copy_desired_start_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="choice",
            name="desired_start_date",
            field=models.DateField(verbose_name="desired start date"),
        ),
        migrations.AddIndex(
            model_name="choice",
            index=models.Index(fields=["provider", "desired_start_date"], name="choice_reserve_order"),
        ),
    ]
