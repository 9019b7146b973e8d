import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No look-alikes: 0/O, 1/I/L and 5/S, 2/Z, 8/B are left out.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def normalise_join_code(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").upper()


class Event(models.Model):
    class ProjectorView(models.TextChoices):
        JOIN = "join", _("Anslutning")
        STEP = "step", _("Aktuellt steg")
        RESULTS = "results", _("Resultat för en övning")
        POSTCARDS = "postcards", _("Vykortsväggen")
        SCENARIOS = "scenarios", _("Scenariokartan")
        ROLE = "role", _("En rollbeskrivning")
        QUESTIONS = "questions", _("Frågor till talaren")
        POLL = "poll", _("Omröstning")

    slug = models.SlugField(_("kortnamn"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    subtitle = models.CharField(_("undertitel"), max_length=200, blank=True)
    date = models.DateField(_("datum"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    introduction = models.TextField(_("inledning"), blank=True)
    roles_introduction = models.TextField(_("inledning till rollerna"), blank=True)
    join_code = models.CharField(
        _("anslutningskod"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code
    )
    join_open = models.BooleanField(_("öppen för anslutning"), default=True)
    projector_token = models.CharField(
        _("projektornyckel"), max_length=64, unique=True, default=new_token
    )
    share_token = models.CharField(
        _("delningsnyckel"), max_length=64, unique=True, default=new_token
    )
    share_enabled = models.BooleanField(_("resultat delade med deltagarna"), default=False)
    current_item = models.ForeignKey(
        "ProgramItem",
        verbose_name=_("pågående programpunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    current_exercise = models.ForeignKey(
        "exercises.Exercise",
        verbose_name=_("aktuell övning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Den övning som deltagarnas telefoner visar."),
    )
    projector_view = models.CharField(
        _("projektorn visar"), max_length=20, choices=ProjectorView, default=ProjectorView.JOIN
    )
    projector_target = models.CharField(
        _("projektorns val"),
        max_length=80,
        blank=True,
        help_text=_("Övningens eller rollens nyckel när projektorn visar en sådan."),
    )
    source_file = models.CharField(_("workshopfil"), max_length=200, blank=True)
    live_version = models.PositiveIntegerField(
        _("liveversion"),
        default=0,
        editable=False,
        help_text=_("Ökas vid varje ändring som telefonerna måste se."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%Y-%m-%d}"

    @property
    def phone_state(self) -> str:
        """What a phone's page was drawn for: a push with another state replaces it (or, on a
        page that is not the live one, offers the link to the current step)."""
        exercise = self.current_exercise
        parts = [self.current_item_id, self.current_exercise_id]
        parts += [exercise.status, exercise.rounds_open] if exercise else [None, None]
        return ".".join("-" if part is None else str(part) for part in parts)

    @property
    def group_name(self) -> str:
        """Channels group of everything pushed for this event."""
        return f"event-{self.pk}"

    def move_to(self, item: "ProgramItem") -> None:
        """Make a program item "now". Its first exercise becomes the phones' current one."""
        self.current_item = item
        self.current_exercise = item.exercises.first()
        self.save(update_fields=["current_item", "current_exercise"])

    def next_step(self):
        """Where "Nästa punkt" goes: the current item's next exercise, else the next item
        (with its first exercise). None at the end of the day."""
        if self.current_item_id:
            exercises = list(self.current_item.exercises.all())
            ids = [exercise.pk for exercise in exercises]
            if self.current_exercise_id in ids and ids.index(self.current_exercise_id) + 1 < len(
                ids
            ):
                return self.current_item, exercises[ids.index(self.current_exercise_id) + 1]
        order = self.current_item.order if self.current_item_id else 0
        item = self.program.filter(order__gt=order).order_by("order").first()
        return (item, item.exercises.first()) if item else None

    def go_to(self, item: "ProgramItem", exercise=None) -> None:
        """The facilitator moves the day on: the item (and its exercise) become "now", and an
        exercise not yet opened opens with it, as one almost always wants. A closed one stays
        closed, and the previous exercise stays as it was (postcards are finished over lunch;
        the facilitator closes each exercise when its time is up)."""
        self.move_to(item)
        if exercise is not None and exercise.program_item_id == item.pk:
            self.current_exercise = exercise
            self.save(update_fields=["current_exercise"])
        if self.current_exercise and self.current_exercise.status == "draft":
            self.current_exercise.open()

    def open_exercise(self, exercise) -> None:
        exercise.open()
        self.current_exercise = exercise
        if exercise.program_item_id:
            self.current_item_id = exercise.program_item_id
        self.save(update_fields=["current_item", "current_exercise"])

    def join_path(self) -> str:
        return reverse("workshops:join_with_code", args=[self.join_code])

    def projector_path(self) -> str:
        return reverse("workshops:projector", args=[self.projector_token])


class ProgramItem(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Föredrag")
        WORKSHOP = "workshop", _("Workshop")
        LUNCH = "lunch", _("Lunch")
        FIKA = "fika", _("Fika")
        CLOSING = "closing", _("Avslutning")

    event = models.ForeignKey(
        Event, verbose_name=_("evenemang"), on_delete=models.CASCADE, related_name="program"
    )
    order = models.PositiveSmallIntegerField(_("ordning"))
    part = models.CharField(_("del"), max_length=200, blank=True)
    part_subtitle = models.CharField(_("delens undertitel"), max_length=200, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind)
    title = models.CharField(_("titel"), max_length=300)
    speakers = models.CharField(_("talare"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    notes = models.TextField(
        _("anteckningar för den som leder"),
        blank=True,
        help_text=_("Syns bara i konsolen (och i workshopfilen)."),
    )

    class Meta:
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")
        ordering = ["event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="program_item_order_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """Someone taking part from a phone. Anonymous unless they give a first name."""

    event = models.ForeignKey(
        Event, verbose_name=_("evenemang"), on_delete=models.CASCADE, related_name="participants"
    )
    number = models.PositiveIntegerField(_("deltagarnummer"))
    name = models.CharField(_("förnamn"), max_length=60, blank=True)
    joined_at = models.DateTimeField(_("anslöt"), auto_now_add=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="participant_number_unique")
        ]

    def __str__(self) -> str:
        return self.name or _("Deltagare %(number)s") % {"number": self.number}


def add_participant(event: Event, name: str = "") -> Participant:
    """Create the event's next participant; a concurrent join retries with the next number.

    Django runs each request's sync view in its own thread under ASGI, so joins do race. The
    highest number is read inside the transaction while holding a lock: on SQLite BEGIN
    IMMEDIATE holds the write lock; on PostgreSQL the event's row is locked (select_for_update),
    so joins to one event take turns. A collision that still happens retries."""
    from django.db import IntegrityError, transaction

    for _attempt in range(5):
        try:
            with transaction.atomic():
                Event.objects.select_for_update().filter(pk=event.pk).exists()
                last = event.participants.aggregate(models.Max("number"))["number__max"] or 0
                return Participant.objects.create(event=event, number=last + 1, name=name.strip())
        except IntegrityError:
            continue
    raise RuntimeError("could not number a new participant")


class LiveConnection(models.Model):
    """An open phone WebSocket: "connected now" on the console, right across several daphne
    processes. Each process adds its sockets on connect, removes them on disconnect and keeps
    its rows alive with a heartbeat (`seen_at`, see workshops/live/presence.py): the rows of a process
    that died stop being counted and are removed by the next process that notices."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="live_connections")
    channel_name = models.CharField(max_length=200, unique=True)
    process = models.CharField(max_length=100, blank=True, db_index=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("öppen anslutning")
        verbose_name_plural = _("öppna anslutningar")


class Membership(models.Model):
    """Who may do what with one event. The account that creates an event owns it; an owner
    invites other accounts with a role. Administrators (superusers) may do everything with
    every event without one (workshops/access.py)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Ägare")
        FACILITATOR = "facilitator", _("Facilitator")
        MODERATOR = "moderator", _("Moderator")

    event = models.ForeignKey(
        Event, verbose_name=_("evenemang"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konto"),
        on_delete=models.CASCADE,
        related_name="event_memberships",
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role)
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="membership_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
