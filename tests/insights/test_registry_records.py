"""Role and gender as the newsroom records them, from the registry page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.annotations.models import RegistryEntity, SpeakerRole
from apps.insights import selectors
from apps.insights.selectors import InsightFilters
from tests.insights.factories import published_article

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_common_roles(db):
    from importlib import import_module

    from django.apps import apps

    SpeakerRole.objects.all().delete()
    import_module("apps.annotations.migrations.0004_registry_roles_and_gender").seed_roles(
        apps, None
    )
    names = set(SpeakerRole.objects.values_list("name", flat=True))
    assert {"official", "politician", "expert", "business", "citizen"} <= names


def test_an_annotator_records_role_and_gender_and_the_figures_follow(client, make_user):
    import datetime

    entry = RegistryEntity.objects.create(name="Zoë Ångström", label="PERSON")
    published_article(
        date=datetime.date(2026, 3, 1),
        quotes=[{"speaker_entity": "Zoë Ångström", "registry": entry, "text": "We will win"}],
    )
    genders = {
        r["gender"]: r["quotes"]
        for r in selectors.speakers_by_gender(filters=InsightFilters()).rows
    }
    assert genders["not recorded"] == 1
    client.force_login(make_user("annotator"))
    url = reverse("annotations:registry_edit", args=[entry.pk])
    assert "Gender, as recorded by the newsroom" in client.get(url).content.decode()
    response = client.post(
        url,
        {"name": entry.name, "label": "PERSON", "aliases": "", "role": "",
         "new_role": "Trade Unionist", "gender": "woman"},
    )  # fmt: skip
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.role.name, entry.gender) == ("trade unionist", "woman")
    filters = InsightFilters()
    genders = {r["gender"]: r["quotes"] for r in selectors.speakers_by_gender(filters=filters).rows}
    assert (genders["woman"], genders["not recorded"]) == (1, 0)
    roles = {r["role"]: r["quotes"] for r in selectors.speakers_by_role(filters=filters).rows}
    assert roles == {"trade unionist": 1, "not recorded": 0}
    listing = client.get(reverse("annotations:registry"), {"q": "Ångström"}).content.decode()
    assert "trade unionist" in listing and "woman" in listing


def test_a_made_up_gender_is_refused(client, make_user):
    entry = RegistryEntity.objects.create(name="Sam Lee", label="PERSON")
    client.force_login(make_user("annotator"))
    url = reverse("annotations:registry_edit", args=[entry.pk])
    response = client.post(url, {"name": "Sam Lee", "label": "PERSON", "gender": "guessed"})
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.gender == ""
