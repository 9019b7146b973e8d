"""A full room: N participants who answered every exercise of the Changemakers day with text of
realistic length (Swedish sentences: reflections 100–400 characters per level, every postcard
field, every lunch prompt), asked questions to a speaker, gave thumbs up, and answered a word
cloud and a choice poll; one in twenty answers is featured, one in fifty hidden. Written with
one bulk insert per table, so 1,000 participants take seconds. Used by the tests
(tests/test_full_room.py and others) and by bench/render_cost.py.
"""

import random
from dataclasses import dataclass

from django.utils import timezone

from exercises.kinds.placement.models import Placement
from exercises.kinds.postcard.models import Postcard
from exercises.kinds.prompts.models import Reflection
from exercises.kinds.rating.models import Rating
from exercises.kinds.tips.models import TipChoice, TipTick
from exercises.models import Prompt
from talks.models import Poll, PollAnswer, PollOption, Question, QuestionVote
from workshops.models import Event, Participant, ProgramItem

NAMES = ["Märta", "Örjan", "Åsa", "Linnéa", "Jönsson", "Ahmed", "Saga", "Björn", "", ""]
WORDS = (
    "vi behöver mer tid för samverkan mellan förvaltningarna och ett tydligare mandat från "
    "politiken för att våga pröva nya arbetssätt i vardagen där invånarnas röster hörs tidigt "
    "och där chefer ger utrymme åt medarbetare som bygger nätverk över gränserna mellan "
    "kommun region näringsliv och civilsamhälle så att hållbara städer blir något vi gör "
    "tillsammans och inte bara pratar om på möten med långa dagordningar och få beslut"
).split()
CLOUD_WORDS = ["samverkan", "mod", "tillit", "tid", "mandat", "nätverk", "lärande", "ansvar"]


def sentence_text(rng: random.Random, low: int, high: int) -> str:
    """Swedish-looking sentences of low..high characters."""
    target = rng.randint(low, high)
    sentences, length = [], 0
    while length < target:
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 16))]
        sentence = " ".join(words).capitalize() + "."
        sentences.append(sentence)
        length += len(sentence) + 1
    text = " ".join(sentences)
    if len(text) > target:  # cut at a word, end with a full stop
        text = text[: text.rfind(" ", 0, target)].rstrip(".") + "."
    return text


@dataclass
class FullRoom:
    event: Event
    participants: list[Participant]
    talk: ProgramItem
    questions: list[Question]


def fill_room(event: Event, participants: int, seed: int = 19) -> FullRoom:
    """`participants` new participants of `event` (the Changemakers day) who answered it all."""
    rng = random.Random(seed)
    start = (event.participants.order_by("-number").values_list("number", flat=True).first()) or 0
    people = Participant.objects.bulk_create(
        Participant(event=event, number=start + n + 1, name=rng.choice(NAMES))
        for n in range(participants)
    )
    exercises = {e.kind: e for e in event.exercises.all()}
    roles = list(event.roles.all())
    ratings, placements, choices, ticks, postcards, reflections = [], [], [], [], [], []
    rating = exercises.get("rating")
    abilities = list(rating.abilities.all()) if rating else []
    placement = exercises.get("placement")
    rounds = list(placement.rounds.all()) if placement else []
    tips = exercises.get("tips")
    tip_lists = [(tl, list(tl.tips.all())) for tl in tips.tip_lists.all()] if tips else []
    postcard = exercises.get("postcard")
    scenarios = list(postcard.scenarios.all()) if postcard else []
    prompts = list(
        Prompt.objects.filter(
            exercise__event=event, exercise__kind="lunch", group=Prompt.Group.QUESTIONS
        )
    ) + list(
        Prompt.objects.filter(
            exercise__event=event,
            exercise__kind="reflection",
            group=Prompt.Group.REFLECTION,
        )
    )
    now = timezone.now()
    for person in people:
        ratings += [
            Rating(participant=person, ability=a, value=rng.randint(1, 5)) for a in abilities
        ]
        placements += [
            Placement(participant=person, round=r, role=rng.choice(roles)) for r in rounds
        ]
        if tip_lists:
            tip_list, list_tips = rng.choice(tip_lists)
            choices.append(
                TipChoice(participant=person, exercise=tips, tip_list=tip_list, handed_in_at=now)
            )
            ticks += [TipTick(participant=person, tip=t) for t in rng.sample(list_tips, 6)]
        if scenarios:
            postcards.append(
                Postcard(
                    participant=person,
                    exercise=postcard,
                    scenario=rng.choice(scenarios),
                    year=rng.randint(2030, 2060),
                    writer=sentence_text(rng, 20, 80),
                    recipient=sentence_text(rng, 20, 80),
                    everyday=sentence_text(rng, 150, 400),
                    feeling=sentence_text(rng, 150, 400),
                    doing=sentence_text(rng, 150, 400),
                    greeting=sentence_text(rng, 100, 400),
                    featured=person.number % 20 == 0,
                    hidden=person.number % 50 == 1,
                )
            )
        reflections += [
            Reflection(
                participant=person,
                prompt=p,
                text=sentence_text(rng, 100, 400),
                featured=(person.number + p.pk) % 20 == 0,
                hidden=(person.number + p.pk) % 50 == 1,
            )
            for p in prompts
        ]
    Rating.objects.bulk_create(ratings)
    Placement.objects.bulk_create(placements)
    TipChoice.objects.bulk_create(choices)
    TipTick.objects.bulk_create(ticks)
    Postcard.objects.bulk_create(postcards)
    Reflection.objects.bulk_create(reflections)

    talk = event.program.filter(kind=ProgramItem.Kind.TALK).order_by("order").first()
    askers = people[: max(1, participants // 4)]
    questions = Question.objects.bulk_create(
        Question(event=event, item=talk, participant=p, text=sentence_text(rng, 60, 280))
        for p in askers
    )
    votes = []
    for person in people:
        for question in rng.sample(questions, min(3, len(questions))):
            votes.append(QuestionVote(question=question, participant=person))
    QuestionVote.objects.bulk_create(votes)

    # The same two polls however often the room is filled (the bench fills it in steps).
    cloud, _new = Poll.objects.get_or_create(
        event=event,
        question="Ett ord om samverkan?",
        defaults={"item": talk, "kind": Poll.Kind.WORDS},
    )
    choice, new = Poll.objects.get_or_create(
        event=event, question="Hur går det?", defaults={"item": talk}
    )
    if new:
        PollOption.objects.bulk_create(
            PollOption(poll=choice, order=n, text=text)
            for n, text in enumerate(["Bra", "Sådär", "Vi har just börjat"], start=1)
        )
    options = list(choice.options.all())
    PollAnswer.objects.bulk_create(
        [
            PollAnswer(poll=cloud, participant=p, text=f"{rng.choice(CLOUD_WORDS)} {n % 97}")
            for n, p in enumerate(people)
        ]
        + [PollAnswer(poll=choice, participant=p, option=rng.choice(options)) for p in people]
    )
    return FullRoom(event=event, participants=people, talk=talk, questions=questions)
