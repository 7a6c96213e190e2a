from django.db import migrations

from cppcc_portal.core.search import gin_search_index


class Migration(migrations.Migration):
    dependencies = [("sentiment", "0001_initial")]

    operations = [gin_search_index("sentiment_report", "search_text", "sentiment_report_search_gin")]
