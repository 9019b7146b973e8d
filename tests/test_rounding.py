"""Övning 1's group mean is rounded once, where it is shown."""

import re

from exercises.kinds.rating.models import Rating
from tests.test_projector import projector_html, show
from tests.test_report import report_page
from workshops.models import add_participant


def rate_networkers(event, totals):
    """Participants whose Nätverksbyggaren abilities (7 of them) add up to each total."""
    exercise = event.exercises.get(key="ovning-1")
    networker = event.roles.get(key="natverksbyggaren")
    abilities = list(exercise.abilities.filter(roles=networker).order_by("order"))
    assert len(abilities) == 7
    for total in totals:
        participant = add_participant(event, "")
        values = [1] * 7
        for index in range(total - 7):
            values[index % 7] += 1
        for ability, value in zip(abilities, values, strict=True):
            Rating.objects.create(participant=participant, ability=ability, value=value)
    exercise.results_visible = True
    exercise.save()
    return networker


def test_group_mean_is_rounded_once(client, facilitator_client, changemakers):
    # 20/7 = 2.857… and 17/7 = 2.428…: the exact mean is 2.642…, so 2,6 and 2,64 (not 2,7 and
    # 2,65, as rounding each participant's score to 2,86 and 2,43 first would give).
    networker = rate_networkers(changemakers, [20, 17])
    show(changemakers, "results", "ovning-1")
    html = projector_html(client, changemakers)
    row = re.search(rf"<th[^>]*>{networker.name}</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>([\d,]+)</td>", row)[0] == "2,6", row
    report = report_page(facilitator_client, changemakers)
    rows = re.findall(rf"<th[^>]*>{networker.name}</th>(<td class=\"number\">.*?)</tr>", report)
    assert re.findall(r'<td class="number">([\d,]+)</td>', rows[0])[1] == "2,64", rows
