from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


class GeneratedDocument(models.Model):
    """A PDF (or DOCX) made by a worker: the page polls its progress and offers the download."""

    committee = models.ForeignKey("members.Committee", verbose_name=_("所属政协"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("文档类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    progress_text = models.CharField(_("进度说明"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to="documents/%Y/%m/", blank=True)
    file_format = models.CharField(_("格式"), max_length=6, default="pdf")
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("生成的文档")
        verbose_name_plural = _("生成的文档")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="document_owner_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)

    @property
    def seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class PartStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


class DocumentPart(models.Model):
    """One piece of a long document (e.g. 25 proposals of a 提案汇编). Whichever documents worker
    claims it first renders it into the shared media store, so several workers, on several hosts,
    share one document (cppcc_portal/documents/parts.py)."""

    document = models.ForeignKey(GeneratedDocument, verbose_name=_("文档"), on_delete=models.CASCADE, related_name="parts")
    stage = models.CharField(_("阶段"), max_length=20)
    index = models.PositiveIntegerField(_("序号"))
    spec = models.JSONField(_("内容"), default=dict)
    status = models.CharField(_("状态"), max_length=10, choices=PartStatus.choices, default=PartStatus.QUEUED)
    file = models.CharField(_("文件"), max_length=300, blank=True)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    worker = models.CharField(_("处理进程"), max_length=120, blank=True)
    claimed_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        verbose_name = _("文档分段")
        verbose_name_plural = _("文档分段")
        ordering = ["document", "stage", "index"]
        constraints = [models.UniqueConstraint(fields=["document", "stage", "index"], name="documentpart_unique_index")]

    def __str__(self):
        return f"{self.document_id}/{self.stage}/{self.index}"
