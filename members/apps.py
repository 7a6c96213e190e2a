from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "委员与组织"

    def ready(self):
        from members.duty import on_duty_changed
        from members.scoring_services import duty_changed

        if duty_changed not in on_duty_changed:
            on_duty_changed.append(duty_changed)
