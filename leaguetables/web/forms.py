"""The forms trust teams and editors fill in: statements, data problem reports, uploads."""

from __future__ import annotations

from django import forms

from leaguetables.models.teams import REPORT_MAX_LENGTH, STATEMENT_MAX_LENGTH


class StatementForm(forms.Form):
    quarter = forms.ChoiceField(label="Which quarter's results is it about?")
    text = forms.CharField(
        label="Your statement",
        help_text=(
            f"Plain text, up to {STATEMENT_MAX_LENGTH:,} characters. It is shown beside your "
            "trust's rank as your trust's own words, with its date, once an editor approves it."
        ),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea,
    )

    def __init__(self, *args, quarters: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarters


class ReportForm(forms.Form):
    quarter = forms.ChoiceField(label="Which quarter?")
    metric = forms.ChoiceField(label="Which measure?")
    text = forms.CharField(
        label="What is wrong?",
        help_text=f"Plain text, up to {REPORT_MAX_LENGTH:,} characters.",
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea,
    )

    def __init__(self, *args, quarters: list[tuple[str, str]], metrics: list[tuple[str, str]],
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarters
        self.fields["metric"].choices = metrics


class UploadForm(forms.Form):
    file = forms.FileField(label="NHS England's CSV file (metric data or league table)")
    draft = forms.BooleanField(
        label="Import as a draft: shown to no one but editors and the trusts' own teams until "
        "it is published",
        required=False,
        initial=True,
    )
    published_on = forms.DateField(
        label="Date NHS England published it (YYYY-MM-DD), if known", required=False
    )
