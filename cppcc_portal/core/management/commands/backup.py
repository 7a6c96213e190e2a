"""manage.py backup <目录>: the database and every uploaded file, with a manifest (core/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from cppcc_portal.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库和全部上传文件到一个新目录，并写入清单（每张表的行数、每个文件的校验值）"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录（不存在或为空）")

    def handle(self, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{directory}（{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件）"
            )
        )
