from django.apps import AppConfig


class SentimentConfig(AppConfig):
    name = "sentiment"
    verbose_name = "社情民意"

    def ready(self):
        from proposals.conversion import register_report_receiver
        from sentiment.services.reports import receive_converted_proposal

        register_report_receiver(receive_converted_proposal)
