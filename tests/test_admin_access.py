"""The persona matrix: for every model in the admin, each persona sees exactly
the records of its own centers (or street), on every admin page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.admin_objects import OBJECTS
from tests.conftest import PERSONAS, client_for

ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def urls(obj, view):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def may_see(world, persona, spec, center):
    if spec.scope == "superuser":
        return False
    if spec.scope == "global":
        return True
    centers = world.centers_of(persona)
    if spec.scope == "worker":
        # A case of staff_a's: staff_a and those who see every case of the center.
        user = getattr(world, persona)
        return center in centers and (
            persona == "staff_a" or user.has_perm("services.view_all_cases")
        )
    if spec.scope == "street":
        return center.street in {c.street for c in centers}
    return center in centers


def test_every_admin_model_is_in_the_matrix():
    missing = [model._meta.label for model in ADMIN_MODELS if model not in OBJECTS]
    assert missing == []


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_each_persona_sees_only_its_own_records(world, model):
    spec = OBJECTS[model]
    records = {world.a: spec.make(world.a), world.c: spec.make(world.c)}
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    for persona in PERSONAS:
        user = getattr(world, persona)
        client = client_for(user)
        can_view = user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        can_change = user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        can_delete = user.has_perm(f"{opts.app_label}.delete_{opts.model_name}")
        listing = client.get(changelist)
        assert listing.status_code == (200 if can_view else 403), (persona, "changelist")

        for center, record in records.items():
            visible = may_see(world, persona, spec, center) and can_view
            where = (persona, opts.label, f"record of {center}")
            change_url = urls(record, "change")
            if can_view:
                assert (f'href="{change_url}"' in listing.text) == visible, where
            expected = 200 if visible else (404 if can_view else 403)
            assert client.get(change_url).status_code == expected, (*where, "change")
            assert client.get(urls(record, "history")).status_code == expected, (*where, "history")
            if visible and not can_change:
                assert client.post(change_url, {}).status_code == 403, (*where, "read-only")
            delete = client.get(urls(record, "delete")).status_code
            if visible:
                assert delete == (200 if can_delete else 403), (*where, "delete")
            else:
                assert delete in (403, 404), (*where, "delete")
            if visible and hasattr(model, "history"):
                version = record.history.first()
                if version is not None:
                    page = client.get(
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                            args=[record.pk, version.history_id],
                        )
                    )
                    assert page.status_code == 200, (*where, "history version")


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_another_centers_history_version_is_not_found(world, model):
    spec = OBJECTS[model]
    if spec.scope in ("global", "superuser") or not hasattr(model, "history"):
        pytest.skip("not scoped by center")
    record = spec.make(world.c)
    version = record.history.first()
    opts = model._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.pk, version.history_id],
    )
    assert client_for(world.staff_a).get(url).status_code == 404


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_anonymous_is_sent_to_the_login(world, client, model):
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_superuser_sees_every_record(world):
    client = client_for(world.superuser)
    for model, spec in OBJECTS.items():
        record = spec.make(world.c)
        assert client.get(urls(record, "change")).status_code == 200, model._meta.label


def autocomplete_fields():
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            yield pytest.param(model, field_name, id=f"{model._meta.label}.{field_name}")


@pytest.mark.parametrize(("model", "field_name"), list(autocomplete_fields()))
def test_autocomplete_offers_only_visible_choices(world, model, field_name):
    target = model._meta.get_field(field_name).related_model
    spec = OBJECTS.get(target)
    own, foreign = spec.make(world.a), spec.make(world.c)
    response = client_for(world.staff_a).get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
        },
    )
    may_view = all(
        world.staff_a.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")
        for m in (model, target)
    )
    if not may_view:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    offered = {int(result["id"]) for result in response.json()["results"]}
    if spec.scope in ("center", "street", "worker"):
        assert own.pk in offered
        assert foreign.pk not in offered
