from shinchoku.demo.contacts import give_demo_contacts, mail_domain
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan


def test_the_demo_gives_fictional_addresses_only_where_none_was_typed(tiny: TinyPlan, people: People) -> None:
    people.editor.email = "typed@city.example.lg.jp"
    people.editor.save(update_fields=["email"])
    give_demo_contacts(tiny.municipality.code)
    domain = mail_domain(tiny.municipality)
    assert domain.endswith(".example.lg.jp")
    for department in tiny.municipality.departments.all():
        assert department.email.endswith("@" + domain)
        assert department.extension
    people.editor.refresh_from_db()
    people.other_editor.refresh_from_db()
    assert people.editor.email == "typed@city.example.lg.jp"
    assert people.other_editor.email == f"shakyo@{domain}"
