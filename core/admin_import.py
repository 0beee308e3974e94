"""An "Import CSV" page on an admin changelist, for the same imports as the management commands."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.csv_import import ImportFileError


class CsvImportForm(forms.Form):
    csv_file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count, change nothing"), required=False, initial=True
    )


class CsvImportMixin:
    """An "Import CSV" page on a changelist, for the same imports as the management commands."""

    importer = None  # import_organisations or import_experts: see core.csv_import
    change_list_template = "admin/expertdesk/change_list_with_import.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        report = error = None
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["csv_file"]
            if upload.size > 5 * 1024 * 1024:
                error = _("The file is larger than 5 MB.")
            else:
                try:
                    report = type(self).importer(
                        upload.read(), dry_run=form.cleaned_data["dry_run"]
                    )
                except ImportFileError as problem:
                    error = str(problem)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import %s from CSV") % self.model._meta.verbose_name_plural,
            "form": form,
            "report": report,
            "error": error,
            "columns": (type(self).importer.__doc__ or "").strip(),
        }
        return TemplateResponse(request, "admin/expertdesk/import.html", context)
