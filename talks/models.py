"""Talks: participants' questions to the speaker (with thumbs-up), and polls the facilitator
makes on the spot or writes into the workshop file in advance.

Questions and polls belong to a program item (the talk, or the item that was "now" when the
poll was asked); the report and the exports place them there.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Event, Participant, ProgramItem

QUESTION_MAX = 280
WORD_MAX = 40
OPTION_MAX = 120
POLL_QUESTION_MAX = 300
MIN_OPTIONS, MAX_OPTIONS = 2, 6
SCALE = range(1, 6)


class TalkSettings(models.Model):
    """Per event: whether a question waits for the facilitator's approval before others see it."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="talk_settings", verbose_name=_("evenemang")
    )
    require_approval = models.BooleanField(_("frågor godkänns innan de visas"), default=False)

    class Meta:
        verbose_name = _("inställning för frågor")
        verbose_name_plural = _("inställningar för frågor")

    @classmethod
    def of(cls, event: Event) -> "TalkSettings":
        return cls.objects.get_or_create(event=event)[0]


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("väntar på godkännande")
        VISIBLE = "visible", _("synlig")
        HIDDEN = "hidden", _("dold")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    item = models.ForeignKey(
        ProgramItem, verbose_name=_("föredrag"), on_delete=models.CASCADE, related_name="questions"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("fråga"), max_length=QUESTION_MAX)
    show_name = models.BooleanField(_("visa namnet"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.VISIBLE)
    answered = models.BooleanField(_("besvarad"), default=False)
    created_at = models.DateTimeField(_("ställd"), auto_now_add=True)

    class Meta:
        verbose_name = _("fråga till talaren")
        verbose_name_plural = _("frågor till talaren")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def author(self) -> str:
        """What others see: the first name only when the asker chose to show it."""
        if self.show_name and self.participant.name:
            return self.participant.name
        return str(_("Anonym"))


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="question_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tumme upp")
        verbose_name_plural = _("tummar upp")
        constraints = [
            models.UniqueConstraint(fields=["question", "participant"], name="one_vote_per_person")
        ]


class Poll(models.Model):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("Svarsalternativ")
        SCALE = "scale", _("Skala 1–5")
        WORDS = "words", _("Ord (ordmoln)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("förberedd")
        OPEN = "open", _("öppen")
        CLOSED = "closed", _("stängd")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="polls")
    item = models.ForeignKey(
        ProgramItem,
        verbose_name=_("programpunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="polls",
    )
    question = models.CharField(_("fråga"), max_length=POLL_QUESTION_MAX)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind, default=Kind.CHOICE)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    results_visible = models.BooleanField(_("resultaten visas"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    opened_at = models.DateTimeField(_("ställd"), null=True, blank=True)

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.question

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(_("ordning"))
    text = models.CharField(_("alternativ"), max_length=OPTION_MAX)

    class Meta:
        ordering = ["poll", "order"]
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")

    def __str__(self) -> str:
        return self.text


class PollAnswer(models.Model):
    """One per participant and poll; answering again replaces it while the poll is open."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="poll_answers"
    )
    option = models.ForeignKey(PollOption, null=True, blank=True, on_delete=models.CASCADE)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=WORD_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svar på omröstning")
        verbose_name_plural = _("svar på omröstningar")
        constraints = [
            models.UniqueConstraint(fields=["poll", "participant"], name="one_poll_answer_each")
        ]

    def display(self) -> str:
        if self.option_id:
            return self.option.text
        if self.value:
            return str(self.value)
        return self.text
