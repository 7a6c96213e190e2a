from django.db import migrations

from cppcc_portal.core.search import search_vector_column


class Migration(migrations.Migration):
    dependencies = [("sentiment", "0002_report_search_index")]

    operations = [
        search_vector_column(
            "sentiment_report", "search_text", "sentiment_report_search_tsv_gin", replaces_index="sentiment_report_search_gin"
        )
    ]
