import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from core.csv_import import ImportFileError
from experts.models import ConflictOfInterest, Expert
from experts.services.imports import import_experts
from organisations.models import Organisation
from organisations.services.imports import import_organisations

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ORGS_EXCEL = (
    "\ufeffkind;name;cbs_code;kvk_number;province;active\r\n"
    "woningcorporatie;Woonstede;;09047285;Gelderland;ja\r\n"
    "zorgaanbieder;Iriszorg;;41048735;GE;\r\n"
    "gemeente;Veenendaal;GM0345;;UT;ja\r\n"
)


@pytest.fixture
def veenendaal_without_province():
    """A municipality whose province an administrator cleared: the file's row fills it in."""
    Organisation.objects.filter(cbs_code="GM0345").update(province="")


def test_organisations_from_excel_with_bom_and_semicolons_are_imported_idempotently(
    veenendaal_without_province,
):
    before = Organisation.objects.count()
    report = import_organisations(ORGS_EXCEL.encode("utf-8"))
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 1, 0, [])
    assert Organisation.objects.count() == before + 2
    assert Organisation.objects.get(kvk_number="09047285").kind == "housing_corporation"
    assert Organisation.objects.get(cbs_code="GM0345").province == "UT"
    again = import_organisations(ORGS_EXCEL.encode("utf-8"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_dry_run_counts_but_changes_nothing(veenendaal_without_province):
    before = Organisation.objects.count()
    report = import_organisations(ORGS_EXCEL, dry_run=True)
    assert (report.created, report.dry_run) == (2, True)
    assert Organisation.objects.count() == before
    assert report.summary() == "3 rows: 2 would be created, 1 would be updated, 0 unchanged."


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported():
    data = (
        "kind,name,cbs_code,kvk_number\n"
        "woningcorporatie,Goed,,12345678\n"
        "kasteel,Slecht,,12345679\n"
        "gemeente,Zonder code,,\n"
        "woningcorporatie,Dubbel,,12345678\n"
        "zorgaanbieder,Geen sleutel,,\n"
    )
    before = Organisation.objects.count()
    report = import_organisations(data)
    assert [str(e) for e in report.errors] == [
        "line 3: unknown kind 'kasteel'",
        "line 4: a municipality needs a CBS code like GM0345",
        "line 5: 12345678 appears twice (also line 2)",
        "line 6: needs a KvK number (the key to recognise it next time)",
    ]
    assert Organisation.objects.count() == before


def test_a_file_that_is_not_utf8_or_lacks_columns_is_refused_as_a_whole():
    with pytest.raises(ImportFileError, match="not UTF-8"):
        import_organisations("kind;name\ngemeente;Sûdwest".encode("cp1252"))
    with pytest.raises(ImportFileError, match="Missing column"):
        import_organisations("naam;soort\nx;y\n")


EXPERTS_CSV = (
    "email;first_name;last_name;teams;weekly_capacity_hours;skills;organisation_name;conflicts\n"
    "Sanne@Example.nl;Sanne;de Vries;weer-thuis|Woningbouw;16,5;anders-wonen:3|"
    "Businesscase en financiering:2;Companen;GM0228\n"
    "piet@example.nl;Piet;Jansen;weer-thuis;8;;;\n"
)


def test_experts_are_imported_with_teams_skills_and_conflicts_and_again_changes_nothing():
    report = import_experts(EXPERTS_CSV)
    assert (report.created, report.errors) == (2, [])
    sanne = Expert.objects.get(user__email="sanne@example.nl")
    assert sorted(sanne.teams.values_list("slug", flat=True)) == ["weer-thuis", "woningbouw"]
    assert dict(sanne.skills.values_list("theme__slug", "level")) == {
        "anders-wonen": 3,
        "businesscase": 2,
    }
    assert sanne.weekly_capacity_hours == Decimal("16.5")
    assert ConflictOfInterest.objects.get(expert=sanne).organisation.cbs_code == "GM0228"
    assert sanne.user.has_usable_password() is False
    again = import_experts(EXPERTS_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = EXPERTS_CSV.replace(";8;", ";12;")
    assert import_experts(changed).updated == 1


def test_bad_expert_rows_name_line_and_reason():
    data = (
        "email,first_name,last_name,teams,weekly_capacity_hours,skills\n"
        "geen-mail,A,B,weer-thuis,8,\n"
        "a@b.nl,A,B,voetbal,8,\n"
        "c@d.nl,C,D,weer-thuis,veel,\n"
        "e@f.nl,E,F,weer-thuis,8,anders-wonen:5\n"
    )
    assert [str(e) for e in import_experts(data).errors] == [
        "line 2: 'geen-mail' is not an e-mail address",
        "line 3: unknown team 'voetbal'",
        "line 4: weekly_capacity_hours 'veel' is not a number",
        "line 5: level of 'anders-wonen' must be 1, 2 or 3",
    ]
    assert not Expert.objects.exists()


def test_the_commands_show_progress_and_report(tmp_path):
    path = tmp_path / "experts.csv"
    path.write_text(EXPERTS_CSV, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_experts", str(path), "--dry-run", stdout=out, stderr=err)
    assert out.getvalue().strip() == (
        "[dry run] 2 rows: 2 would be created, 0 would be updated, 0 unchanged."
    )
    assert err.getvalue().endswith(f"\r[{'#' * 30}] 2/2 experts\n")
    assert not Expert.objects.exists()
    bad = tmp_path / "orgs.csv"
    bad.write_text("kind,name\nkasteel,X\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_organisations", str(bad), stdout=out, stderr=err)
    assert f"{bad}:line 2: unknown kind 'kasteel'" in err.getvalue()


def test_an_admin_imports_through_the_admin_with_the_same_rules(client, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user)
    page = client.get("/admin/organisations/organisation/")
    assert b"/admin/organisations/organisation/import/" in page.content
    upload = SimpleUploadedFile("orgs.csv", ORGS_EXCEL.encode("utf-8"), "text/csv")
    dry = client.post(
        "/admin/organisations/organisation/import/", {"csv_file": upload, "dry_run": "on"}
    )
    assert "2 would be created" in dry.content.decode()
    assert not Organisation.objects.filter(kvk_number="09047285").exists()
    upload = SimpleUploadedFile("orgs.csv", ORGS_EXCEL.encode("utf-8"), "text/csv")
    done = client.post("/admin/organisations/organisation/import/", {"csv_file": upload})
    assert "2 were created" in done.content.decode()
    bad = SimpleUploadedFile("x.csv", b"kind,name\nkasteel,X\n", "text/csv")
    refused = client.post(
        "/admin/requests_app/expert/import/".replace("requests_app", "experts"), {"csv_file": bad}
    )
    assert refused.status_code == 200
    assert "Missing column(s): email" in refused.content.decode()
