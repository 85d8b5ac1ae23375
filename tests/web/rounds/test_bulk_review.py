"""The round's list of entries: the texts to read without opening an entry, the checkboxes and
the まとめて承認 / まとめて差戻し form (no JavaScript needed), and its page of results."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shinchoku.evaluations.models import Entry
from shinchoku.evaluations.services import EntryDraft, submit_entry
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.web.rounds.conftest import page_text
from tests.web.rounds.many_entries import add_submitted_entries


def _bulk(tiny: TinyPlan) -> str:
    return reverse("web:round_entries_bulk", args=[tiny.collecting.pk])


def test_the_list_shows_each_entrys_texts_in_an_expandable_block(
    tiny: TinyPlan, secretariat_client: Client
) -> None:
    add_submitted_entries(tiny, 1)

    html = secretariat_client.get(reverse("web:round_entries", args=[tiny.collecting.pk])).content.decode()

    assert html.count('<details class="entry-texts">') == 2  # the draft and the submitted entry
    for text in ("見守り訪問を1回行った。", "おおむね予定どおり。", "訪問を続ける。"):
        assert text in html


def test_only_entries_the_reader_can_review_get_a_checkbox(
    tiny: TinyPlan, secretariat_client: Client
) -> None:
    (entry,) = add_submitted_entries(tiny, 1)
    draft = Entry.objects.get(round=tiny.collecting, project=tiny.single)

    html = secretariat_client.get(reverse("web:round_entries", args=[tiny.collecting.pk])).content.decode()

    assert f'value="{entry.pk}:{entry.version}" form="bulk-form"' in html
    assert f'value="{draft.pk}:' not in html
    assert f'name="shown" value="{entry.pk}:{entry.version}"' in html


def test_it_approves_the_checked_entries_and_lists_them(tiny: TinyPlan, secretariat_client: Client) -> None:
    first, second, third = add_submitted_entries(tiny, 3)
    selected = [f"{first.pk}:{first.version}", f"{third.pk}:{third.version}"]

    response = secretariat_client.post(
        _bulk(tiny), {"action": "approve", "scope": "selected", "selected": selected}
    )

    assert response.status_code == 200
    assert "2件を承認しました" in page_text(response)
    statuses = dict(Entry.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "submitted", third.pk: "approved"}


def test_all_filtered_acts_on_every_entry_the_list_showed(tiny: TinyPlan, secretariat_client: Client) -> None:
    entries = add_submitted_entries(tiny, 4)
    shown = [f"{entry.pk}:{entry.version}" for entry in entries]

    secretariat_client.post(
        _bulk(tiny), {"action": "return", "scope": "all", "shown": shown, "comment": "数値を補ってください"}
    )

    assert set(Entry.objects.filter(pk__in=[e.pk for e in entries]).values_list("status", flat=True)) == {
        "returned"
    }


def test_it_names_the_entries_it_could_not_approve_with_the_reason(
    tiny: TinyPlan, people: People, secretariat_client: Client
) -> None:
    (other,) = add_submitted_entries(tiny, 1)
    own = Entry.objects.get(round=tiny.collecting, project=tiny.single)
    draft = EntryDraft(progress="実施した。", rating="B", reason="", next_year_goal="続ける。")
    own = submit_entry(people.secretariat, own.pk, version=own.version, draft=draft)
    selected = [f"{own.pk}:{own.version}", f"{other.pk}:{other.version}"]

    text = page_text(secretariat_client.post(_bulk(tiny), {"action": "approve", "selected": selected}))

    assert "1件を承認しました" in text
    assert "1件はできませんでした" in text
    assert "1-1-1-1 福祉教育(生涯学習課) : この評価はあなたが入力または提出したため" in text


def test_it_sends_back_to_the_list_with_a_message_when_nothing_is_selected(
    tiny: TinyPlan, secretariat_client: Client
) -> None:
    add_submitted_entries(tiny, 1)

    response = secretariat_client.post(_bulk(tiny), {"action": "approve"}, follow=True)

    assert "評価がひとつも選ばれていません" in page_text(response)
    assert response.redirect_chain[-1][0] == reverse("web:round_entries", args=[tiny.collecting.pk])


def test_it_refuses_a_return_without_a_comment_and_changes_nothing(
    tiny: TinyPlan, secretariat_client: Client
) -> None:
    (entry,) = add_submitted_entries(tiny, 1)

    response = secretariat_client.post(
        _bulk(tiny),
        {"action": "return", "selected": [f"{entry.pk}:{entry.version}"], "comment": ""},
        follow=True,
    )

    assert "差戻しの理由を書いてください" in page_text(response)
    assert Entry.objects.get(pk=entry.pk).status == "submitted"


def test_it_goes_back_only_to_a_page_of_this_site(tiny: TinyPlan, secretariat_client: Client) -> None:
    response = secretariat_client.post(_bulk(tiny), {"action": "approve", "next": "https://example.com/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("web:round_entries", args=[tiny.collecting.pk])
