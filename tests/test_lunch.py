"""Lunch answers: counted on the projector and the console, shown when featured, in every export."""

import io
import re

from django.urls import reverse
from pypdf import PdfReader

from exercises.kinds.prompts.models import Reflection
from tests.participant_helpers import answer_url, join, open_exercise
from tests.test_exports import as_dicts, download_csv, download_workbook, summary_block
from tests.test_projector import projector_html, show
from tests.test_report import report_page, squash

ANSWERS = ["Mötte en planerare från Borås", "Vi pratade om cykelvägar", "Kittlande: att våga"]


def lunch_answers(client, event):
    """Three phones answer the lunch prompts, as the phones' form posts them."""
    lunch = open_exercise(event, "lunch")
    prompts = list(lunch.prompts.filter(group="questions"))
    for index, text in enumerate(ANSWERS):
        client.cookies.clear()
        join(client, event, name=["Anna", "", "Bo"][index])
        response = client.post(answer_url("lunch"), {f"prompt-{prompts[index % 2].pk}": text})
        assert response.status_code in (200, 302)
    client.cookies.clear()
    return lunch, prompts


def test_projector_counts_lunch_answers_and_shows_a_featured_one(client, changemakers):
    lunch, prompts = lunch_answers(client, changemakers)
    lunch.results_visible = True
    lunch.save()
    show(changemakers, "results", "lunch")
    html = projector_html(client, changemakers)
    assert re.search(r'data-counter="answered">3<', html)
    assert "Mötte en planerare" not in html  # nothing lifted forward yet
    Reflection.objects.filter(text=ANSWERS[0]).update(featured=True)
    html = projector_html(client, changemakers)
    assert ANSWERS[0] in html
    sections = re.findall(r'<section class="level[^"]*">(.*?)</section>', html, re.S)
    # Each prompt once, with its count: the first prompt got two answers, the second one.
    assert [re.search(r"<h2>(.*?)</h2>", s).group(1) for s in sections] == [p.text for p in prompts]
    assert "2 svar" in sections[0] and "1 svar" in sections[1]
    assert html.count(prompts[0].text) == 1


def test_console_counts_lunch_answers_and_can_feature_them(facilitator_client, changemakers):
    lunch_answers(facilitator_client.__class__(), changemakers)
    page = facilitator_client.get(reverse("workshops:console", args=[changemakers.pk]))
    html = page.content.decode()
    assert re.search(r'data-counter="answered-lunch">3<', html)
    answer = Reflection.objects.get(text=ANSWERS[1])
    feature = reverse(
        "workshops:moderate", args=[changemakers.pk, "reflection", answer.pk, "feature"]
    )
    assert feature in html
    facilitator_client.post(feature)
    show(changemakers, "results", "lunch")
    changemakers.exercises.filter(key="lunch").update(results_visible=True)
    assert ANSWERS[1] in projector_html(facilitator_client, changemakers)


def test_lunch_answers_are_in_the_workbook_and_the_csv(facilitator_client, changemakers):
    lunch_answers(facilitator_client.__class__(), changemakers)
    book = download_workbook(facilitator_client, changemakers)
    assert "Lunchsamtal" in book.sheetnames
    rows = as_dicts(book["Lunchsamtal"])
    assert sorted(row["Svar"] for row in rows) == sorted(ANSWERS)
    answered = dict(
        (row[0], row[2]) for row in summary_block(book["Sammanfattning"], "Svar per övning")
    )
    assert answered["Lunchsamtal"] == 3
    csv_rows = download_csv(facilitator_client, changemakers, "lunch")
    assert sorted(row["Svar"] for row in csv_rows) == sorted(ANSWERS)
    results_page = facilitator_client.get(
        reverse("workshops:organiser_results", args=[changemakers.pk])
    ).content.decode()
    assert reverse("workshops:organiser_csv", args=[changemakers.pk, "lunch"]) in results_page


def test_lunch_answers_are_in_the_report_and_its_pdf(facilitator_client, changemakers):
    lunch_answers(facilitator_client.__class__(), changemakers)
    page = report_page(facilitator_client, changemakers)
    for text in ANSWERS:
        assert text in page
    assert "3 deltagare svarade på lunchfrågorna." in page
    response = facilitator_client.get(
        reverse("workshops:organiser_report_pdf", args=[changemakers.pk])
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    for answer in ANSWERS:
        assert squash(answer) in text
