from django.db import migrations

from cppcc_portal.core.search import gin_search_index


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [gin_search_index("proposals_proposal", "search_text", "proposal_search_gin")]
