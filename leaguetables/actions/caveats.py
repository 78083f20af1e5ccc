"""Metric caveats: seeded from fixtures/metric_caveats.csv, then kept by editors. Every change
leaves an audit entry; a caveat an editor changed is never overwritten by the next seed."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from leaguetables.actions import audit
from leaguetables.actions.versions import bump
from leaguetables.models import MetricCaveat
from leaguetables.nof import metric_ids

SEED_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "metric_caveats.csv"
COLUMNS = ("League", "Metric_ID", "Caveat", "Source", "Source_URL")


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    kept: int  # changed by an editor since: left as the editor wrote it


def parse_caveats(text: str) -> list[MetricCaveat]:
    """The seed file's rows as unsaved caveats, each checked; ValueError naming the line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"caveat file columns must be {', '.join(COLUMNS)}")
    found: list[MetricCaveat] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(reader, start=2):
        metric_id = (row["Metric_ID"] or "").strip().upper()
        caveat = MetricCaveat(
            league=(row["League"] or "").strip(),
            metric_id=metric_ids.metric_key(metric_id)
            if metric_ids.is_metric_id(metric_id) and metric_ids.pair_of(metric_id)
            else metric_id,
            text=" ".join((row["Caveat"] or "").split()),
            source=" ".join((row["Source"] or "").split()),
            source_url=(row["Source_URL"] or "").strip(),
            from_file=True,
        )
        try:
            caveat.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValueError(f"line {line}: {'; '.join(error.messages)}") from None
        if (caveat.league, caveat.metric_id) in seen:
            raise ValueError(f"line {line}: a second caveat for {caveat.league} {metric_id}")
        seen.add((caveat.league, caveat.metric_id))
        found.append(caveat)
    return found


def load_caveats(
    *, caveats: list[MetricCaveat], actor: AbstractBaseUser | None = None
) -> LoadResult:
    """Add the seed's caveats, and refresh the ones still as a seed left them."""
    created = updated = kept = 0
    with transaction.atomic():
        held = {(c.league, c.metric_id): c for c in MetricCaveat.objects.select_for_update()}
        for caveat in caveats:
            existing = held.get((caveat.league, caveat.metric_id))
            if existing is None:
                caveat.save()
                created += 1
            elif not existing.from_file:
                kept += 1
            elif (existing.text, existing.source, existing.source_url) != (
                caveat.text, caveat.source, caveat.source_url
            ):  # fmt: skip
                existing.text, existing.source = caveat.text, caveat.source
                existing.source_url = caveat.source_url
                existing.save()
                updated += 1
        result = LoadResult(created, updated, kept)
        audit.record("caveats.loaded", "metric caveats", actor=actor,
                     detail=f"{created} added, {updated} refreshed, {kept} kept as editors "
                     "left them")  # fmt: skip
        bump()  # caveats show beside the metric on every page
    return result


def load_seed_file(*, path: Path = SEED_FILE, actor: AbstractBaseUser | None = None) -> LoadResult:
    return load_caveats(caveats=parse_caveats(path.read_text(encoding="utf-8")), actor=actor)


def save_caveat(*, caveat: MetricCaveat, actor: AbstractBaseUser | None = None) -> MetricCaveat:
    """Write or change a caveat as an editor did in the admin: kept from then on."""
    with transaction.atomic():
        created = caveat.pk is None
        caveat.from_file = False
        caveat.full_clean()
        caveat.save()
        audit.record("caveat.written" if created else "caveat.changed",
                     f"caveat on {caveat.metric_id}, {caveat.league}", actor=actor,
                     detail=caveat.text)  # fmt: skip
        bump()
    return caveat


def delete_caveats(*, caveats, actor: AbstractBaseUser | None = None) -> int:
    with transaction.atomic():
        chosen = list(caveats)
        for caveat in chosen:
            audit.record("caveat.deleted", f"caveat on {caveat.metric_id}, {caveat.league}",
                         actor=actor, detail=caveat.text)  # fmt: skip
        deleted, _ = MetricCaveat.objects.filter(pk__in=[c.pk for c in chosen]).delete()
        bump()
    return deleted
