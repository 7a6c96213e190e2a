from django.db import migrations

from cppcc_portal.core.search import search_vector_column


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_search_index")]

    operations = [
        search_vector_column("proposals_proposal", "search_text", "proposal_search_tsv_gin", replaces_index="proposal_search_gin")
    ]
