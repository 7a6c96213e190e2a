from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cppcc_portal.core.demo import DEMO_PASSWORD, DemoContext
from cppcc_portal.core.registry import contributions
from cppcc_portal.core.roles import sync_roles


class Command(BaseCommand):
    help = "创建演示数据：一个市级政协（含委员、界别、专委会、承办单位）和每个角色的演示账号。重复运行不会改变数据。"

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("生产环境（DJANGO_ENV=production）不能生成演示数据。")
        sync_roles()
        demo = DemoContext(today=timezone.localdate())
        with transaction.atomic():
            for module in contributions("seed"):
                self.stdout.write(f"· {module.__name__}")
                module.seed(demo)
            # A second pass for work that needs every app's data, e.g. computing duty scores.
            for module in contributions("seed"):
                if hasattr(module, "finish"):
                    module.finish(demo)
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪：{demo.city}，{len(demo.members)} 名委员，{len(demo.units)} 个承办单位。")
        )
        self.stdout.write("演示账号（密码均为 {}）：{}".format(DEMO_PASSWORD, "、".join(demo.personas)))
