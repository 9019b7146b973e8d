import datetime
import functools

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from exercises.kinds.rating.models import Ability
from exercises.models import Exercise, Role
from talks.models import Poll, PollAnswer, PollOption, Question, QuestionVote
from workshops.models import Event, Participant, ProgramItem


def _hashed(password: str) -> str:
    return _hash(password, tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _hash(password: str, hashers: tuple[str, ...]) -> str:
    return make_password(password)


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"facilitator{n}")
    is_staff = True
    # The account `make run` creates is an administrator, who may do everything with every
    # event; tests of who may do what pass is_superuser=False and give memberships.
    is_superuser = factory.LazyAttribute(lambda user: user.is_staff)

    @factory.post_generation
    def password(user, create, value, **kwargs):
        # The same hash (and hasher) as set_password, worked out once per password: hashing
        # is slow on purpose (~0.2 s), and most tests never type the password.
        user.password = _hashed(value or "correct horse battery")
        if create:
            user.save(update_fields=["password"])


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = "Changemakers"
    date = datetime.date(2025, 11, 4)


class ProgramItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramItem

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = ProgramItem.Kind.WORKSHOP
    title = "Workshop"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    number = factory.Sequence(lambda n: n + 1)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    event = factory.SubFactory(EventFactory)
    key = factory.Sequence(lambda n: f"role-{n}")
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Roll {n}")
    description = "Beskrivning"


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    event = factory.SubFactory(EventFactory)
    key = factory.Sequence(lambda n: f"ovning-{n}")
    order = factory.Sequence(lambda n: n + 1)
    kind = "rating"
    title = "Skatta dina förmågor"
    minutes = 10


class AbilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ability

    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Förmåga {n}")


class TalkFactory(ProgramItemFactory):
    kind = ProgramItem.Kind.TALK
    title = "Föredrag"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    event = factory.SubFactory(EventFactory)
    item = factory.SubFactory(TalkFactory, event=factory.SelfAttribute("..event"))
    participant = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..event"))
    text = factory.Sequence(lambda n: f"Hur börjar vi, del {n}?")


class QuestionVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionVote

    question = factory.SubFactory(QuestionFactory)
    participant = factory.SubFactory(
        ParticipantFactory, event=factory.SelfAttribute("..question.event")
    )


class PollFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Poll

    event = factory.SubFactory(EventFactory)
    question = factory.Sequence(lambda n: f"Omröstning {n}?")
    status = Poll.Status.OPEN


class PollOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollOption

    poll = factory.SubFactory(PollFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Alternativ {n}")


class PollAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollAnswer

    poll = factory.SubFactory(PollFactory)
    participant = factory.SubFactory(
        ParticipantFactory, event=factory.SelfAttribute("..poll.event")
    )
    option = factory.SubFactory(PollOptionFactory, poll=factory.SelfAttribute("..poll"))
