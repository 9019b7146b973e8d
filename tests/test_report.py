"""The compiled report: every postcard, the right tallies, as a page and as a PDF."""

import io
import re
import unicodedata

import pytest
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from exercises.kinds.placement.kind import room_moves, room_spread
from exercises.kinds.rating.kind import role_mix
from exercises.kinds.tips.kind import tip_tallies
from tests.answers import answer_the_day
from tests.conftest import ARTIFACTS
from workshops import pdf


@pytest.fixture
def day(changemakers):
    return answer_the_day(changemakers, participants=4)


def report_page(client, event) -> str:
    response = client.get(reverse("workshops:organiser_report", args=[event.pk]))
    assert response.status_code == 200
    return response.content.decode()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


def row_of(page: str, label: str) -> list[str]:
    """The cells of the table row whose header or first cell is `label`."""
    match = re.search(rf"<tr[^>]*><t[hd][^>]*>{re.escape(label)}</t[hd]>(.*?)</tr>", page)
    assert match, label
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def test_report_shows_every_postcard_grouped_by_scenario(facilitator_client, day):
    page = report_page(facilitator_client, day.event)
    for postcard in day.postcards:
        section = page.split(f'id="scenario-{postcard.scenario.pk}"')[1].split("</section>")[0]
        assert postcard.greeting in section
        assert postcard.everyday in section
        assert str(postcard.year) in section
    assert "4 vykort skrevs." in page


def test_report_leaves_out_hidden_postcards_and_says_so(facilitator_client, day):
    hidden = day.postcards[0]
    hidden.hidden = True
    hidden.save()
    page = report_page(facilitator_client, day.event)
    assert hidden.greeting not in page
    assert day.postcards[1].greeting in page
    assert "1 vykort är dolt och visas inte här" in page


def test_report_shows_the_tallies_of_every_tip_list(facilitator_client, day):
    page = report_page(facilitator_client, day.event)
    tips = day.event.exercises.get(kind="tips")
    section = page.split('id="ovning-ovning-3"')[1].split('id="ovning-')[0]
    for tally in tip_tallies(tips):
        assert tally.tip_list.title in section
        for _category, pairs in tally.categories:
            for tip, times in pairs:
                # The tip's whole text, its key phrase emphasised (a phrase alone means little).
                before, phrase, after = (escape(part) for part in tip.text_parts())
                cell = f"<td>{before}<strong>{phrase}</strong>{after}</td>"
                assert f'{cell}<td class="number">{times}</td>' in section, tip.text
    handed_in = [t.handed_in for t in tip_tallies(tips)]
    assert handed_in == [2, 1, 0]
    assert "2 inlämnade listor." in section and "1 inlämnad lista." in section
    # The chart's bars are numbered; the list under them names each tip in full.
    top = re.search(r'<ol class="top-tips">(.*?)</ol>', section, re.S).group(1)
    first_tip, times = next((t, n) for t, n in tip_tallies(tips)[0].ranked if n)
    assert escape(first_tip.text_parts()[2]) in top.split("</li>")[0]
    assert "…" not in top


def test_report_shows_role_mix_room_and_reflections(facilitator_client, day):
    event = day.event
    page = report_page(facilitator_client, event)
    table = page.split('id="ovning-ovning-1"')[1].split('<table class="report-table">')[1]
    chart = page.split('<svg class="chart chart-mix"')[1].split("</svg>")[0]
    for mix in role_mix(event.exercises.get(kind="rating")):
        cells = row_of(table, mix.role.name)
        assert cells[0] == str(mix.count) == "4"
        assert cells[1:] == [
            f"{v:.2f}".replace(".", ",") for v in (mix.mean, mix.lowest, mix.highest)
        ]
        assert f">{mix.role.name}</text>" in chart
        # One dot per distinct score; data-count says how many share it.
        assert (
            sum(map(int, re.findall(r'class="mix-dot[^"]*"[^>]*data-count="(\d+)"', chart))) == 16
        )
    placement = event.exercises.get(kind="placement")
    section = page.split('id="ovning-ovning-2"')[1].split('id="ovning-')[0]
    assert '<svg class="chart chart-room"' in section
    section = section.split('<table class="report-table spread">')[1]
    a, b = room_spread(placement)
    for (role, in_a), (_role, in_b) in zip(a.counts, b.counts, strict=True):
        assert row_of(section, role.name)[:2] == [str(in_a), str(in_b)]
    moves = room_moves(placement)
    moved = sum(n for a, b, n in moves if a != b)
    assert f"{moved} bytte hörn och 0 stod kvar." in section
    for reflection in day.reflections:
        assert reflection.text in page
    for name in day.names:
        assert name not in page


def test_report_follows_the_program(facilitator_client, day):
    page = report_page(facilitator_client, day.event)
    order = [
        "Del 1: Du som changemaker",
        "Övning 1: Skatta dina förmågor",
        "Övning 2: Rummet är en fyrfältare",
        "Del 2: Utforska din roll i systemet",
        "Systemteoretiska perspektiv på omställning",
        "Övning 3:",
        "Övning 4: Vykort från framtiden",
        "Lunch",
        "Del 3: Vad vet vi tillsammans?",
        "Övning 5: Avslutande reflektion",
    ]
    page = page[page.index("</dl>") :]  # after the cover's key figures
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)


def test_report_pdf_holds_the_postcards(facilitator_client, day):
    response = facilitator_client.get(
        reverse("workshops:organiser_report_pdf", args=[day.event.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    assert 4 <= len(reader.pages) <= 30
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    for postcard in day.postcards:
        assert squash(postcard.greeting) in text
    # Only the greetings: without an emoji font, pypdf cannot read the text of the font
    # that had to draw a missing glyph (pdftotext can); the greetings have no emoji.


def test_report_pdf_without_its_system_libraries_says_so(facilitator_client, day, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    response = facilitator_client.get(
        reverse("workshops:organiser_report_pdf", args=[day.event.pk])
    )
    assert response.status_code == 503
    assert "PDF kan inte skapas på den här datorn" in response.content.decode()
    page = report_page(facilitator_client, day.event)
    assert "PDF kan inte skapas på den här datorn" in page
    assert day.postcards[0].greeting in page


def test_report_pdf_gets_the_pages_stylesheets_by_their_hashed_names(facilitator_client, day):
    """As `make run` serves it (collected files, hashed names): every stylesheet the report
    links is a local file for the PDF, else WeasyPrint draws the report unstyled."""
    page = report_page(facilitator_client, day.event)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert stylesheets
    for href in stylesheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), href  # hashed, as in production
        path = pdf.static_path(pdf.BASE_URL.rstrip("/") + href)
        assert path is not None and path.is_file(), href


def test_pdf_fetcher_serves_static_files_and_refuses_remote_urls():
    assert pdf.static_path("https://report.invalid/static/css/report.css").name == "report.css"
    for url in (
        "https://example.com/static/css/report.css",
        "http://report.invalid/static/css/report.css",
        "https://report.invalid/static/../changemakers/settings.py",
        "https://report.invalid/admin/",
        "file:///etc/passwd",
    ):
        assert pdf.static_path(url) is None, url
    html = (
        '<link rel="stylesheet" href="https://example.com/evil.css">'
        '<img src="file:///etc/hostname"><p>Hej</p>'
    )
    fetched = []
    weasyprint = pdf._weasyprint()
    fetcher = pdf._fetcher_class(weasyprint)()
    original = fetcher.fetch

    def spy(url, headers=None):
        fetched.append(url)
        return original(url, headers)

    fetcher.fetch = spy
    document = weasyprint.HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=fetcher)
    assert document.write_pdf().startswith(b"%PDF-")
    assert "https://example.com/evil.css" in fetched
    with pytest.raises(ValueError):
        original("https://example.com/evil.css")
    with pytest.raises(ValueError):
        original("file:///etc/hostname")
