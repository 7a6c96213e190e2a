"""manage.py restore <目录>: load a backup made by `manage.py backup` and verify it (core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from cppcc_portal.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库和上传文件；先核对校验值，恢复后逐表核对行数、逐个核对文件"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="manage.py backup 生成的备份目录")
        parser.add_argument("--replace", action="store_true", help="目标数据库已有数据时，替换其全部数据")

    def handle(self, directory, replace=False, **options):
        try:
            manifest = restore(directory, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成并已核对：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件与备份一致"
            )
        )
