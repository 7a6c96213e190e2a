"""The list page every app uses: a queryset already scoped to the user, django-filter for the
filters and search, pagination, and `?export=xlsx` for the whole filtered list in Excel."""

from django.views.generic import ListView

from cppcc_portal.core.excel import xlsx_response


class FilteredListView(ListView):
    filterset_class = None
    paginate_by = 20
    # [(header, callable(obj) -> value)] for the Excel export; None means no export.
    export_columns = None
    export_filename = "导出"
    # At most this many rows in one workbook (None: all); the page says so when the list is longer.
    export_limit = None

    def base_queryset(self):
        """The rows this user may see, before filters. Views must override this."""
        raise NotImplementedError

    def get_queryset(self):
        qs = self.base_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = self.filterset.qs if self.filterset.is_bound else qs
        else:
            self.filterset = None
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_columns:
            qs = self.get_queryset()
            if self.export_limit is not None:
                qs = qs[: self.export_limit]
            columns = self.export_columns
            rows = ([fn(obj) for _, fn in columns] for obj in qs.iterator(chunk_size=2000))
            return xlsx_response(self.export_filename, self.export_filename, [h for h, _ in columns], rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        ctx["query_string"] = query.urlencode()
        ctx["can_export"] = bool(self.export_columns)
        ctx["export_limit"] = self.export_limit
        return ctx
