"""Its chart's geometry, drawn by its templates (server-rendered SVG or HTML)."""

from dataclasses import dataclass

from exercises.charts import ROLE_COLOURS

# --- Övning 2: the room, one round at a time: its counts and the moves from the round before ---

ROOM_WIDTH = 1000
ROOM_HEIGHT = 640
ROOM_HEIGHT_THREE_ROWS = 740
ROOM_GAP = 24


def room_grid(count: int) -> tuple[int, int]:
    """(columns, rows) of the room for `count` corners: two or three side by side, four as the
    handout's 2×2, up to eight in two rows, nine to twelve in three."""
    if count <= 3:
        columns = count
    elif count <= 8:
        columns = -(-count // 2)
    else:
        columns = -(-count // 3)
    return columns, -(-count // columns)


# A bold sans-serif glyph is at most about this wide for its size (Swedish role names, DejaVu
# Sans Bold and the system fonts the projector and the PDF use).
GLYPH_WIDTH = 0.7
LABEL_SIZES = (40, 34, 30, 27, 24)  # the stylesheets' .room-label-<size> classes
LABEL_SIZE, LABEL_MIN_SIZE = LABEL_SIZES[0], LABEL_SIZES[-1]
TEXT_PAD = 20
# Rooms of more corners than this list their moves beside the chart instead of drawing arrows
# (five or more corners in two or three rows leave no path that misses every text).
MAX_ARROW_CORNERS = 4
LISTED_MOVES = 8  # the most common moves a screen lists; the rest as "och N till"


def fit_label(
    label: str, width: float, size: int = LABEL_SIZE, lines: int = 2
) -> tuple[list[str], int]:
    """A role's name as lines that fit `width` at the largest size up to `size`: one line if it
    can be LABEL_MIN_SIZE or more, else two (split at the space nearest the middle), and a
    name that does not fit even so is shortened with "…" (the full name is in the table)."""

    def size_for(lines: list[str]) -> int:
        longest = max(len(line) for line in lines) or 1
        room = width / (GLYPH_WIDTH * longest)
        return next((s for s in LABEL_SIZES if s <= min(size, room)), 0)

    best = [label]
    if lines > 1 and size_for(best) < LABEL_MIN_SIZE and " " in label.strip():
        middle = len(label) / 2
        cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
        best = [label[:cut], label[cut + 1 :]]
    elif lines > 1 and size_for(best) < LABEL_MIN_SIZE:
        # One long word ("Sammankallaren"): broken in the middle, with a hyphen.
        cut = -(-len(label) // 2)
        best = [label[:cut] + "-", label[cut:]]
    if size_for(best) >= LABEL_MIN_SIZE:
        return best, size_for(best)
    fits = max(int(width / (GLYPH_WIDTH * LABEL_MIN_SIZE)) - 1, 1)
    return [line if len(line) <= fits + 1 else line[:fits] + "…" for line in best], LABEL_MIN_SIZE


@dataclass
class RoomCorner:
    """One role's corner. Its texts hug the chart's outer edges (title on the outer side, counts
    towards the middle row but on the outer side), so arrows cross the inner half freely."""

    label: str
    x: int
    y: int
    width: int
    height: int
    counts: list[tuple[str, int]]
    stayed: int
    colour: int
    column: int = 0
    row: int = 0
    columns: int = 2
    label_lines: tuple[str, ...] = ()
    label_size: int = LABEL_SIZE
    # Without arrows (more than MAX_ARROW_CORNERS corners) every corner reads top down: name,
    # count, how many stayed.
    stacked: bool = False
    label_rows: int = 1  # the most lines any name in the room takes: counts line up

    @property
    def label_line_ys(self) -> list[tuple[str, float]]:
        step = round(self.label_size * 1.25, 1)
        if self.stacked or self.row == 0:
            first = (TEXT_PAD if self.stacked else 50 - LABEL_SIZE) + self.label_size
        else:
            first = self.height - 24 - step * (len(self.label_lines) - 1)
        return [(line, round(first + step * n, 1)) for n, line in enumerate(self.label_lines)]

    @property
    def label_bottom(self) -> float:
        first = self.label_line_ys[0][1] if self.label_lines else TEXT_PAD
        return first + round(self.label_size * 1.25, 1) * (self.label_rows - 1)

    @property
    def side(self) -> str:
        if self.stacked or self.column == 0:
            return "start"
        return "end" if self.column == self.columns - 1 else "middle"

    @property
    def text_x(self) -> int:
        return {"start": 24, "end": self.width - 24, "middle": self.width // 2}[self.side]

    @property
    def text_anchor(self) -> str:
        return self.side

    @property
    def counts_y(self) -> float:
        if self.stacked:  # below the name's descenders, a 72 px count's full height
            return round(self.label_bottom + self.label_size * 0.25 + 76, 1)
        return self.height - 30 if self.row == 0 else 84

    @property
    def stayed_y(self) -> float:
        if self.stacked:
            return round(self.counts_y + 54, 1)
        return 92 if self.row == 0 else 124

    @property
    def anchor(self) -> tuple[float, float]:
        """Where arrows start and end: the inner half, clear of the texts."""
        inner = {"start": 0.75, "end": 0.25, "middle": 0.5}[self.side]
        return self.x + self.width * inner, self.y + self.height / 2


@dataclass
class RoomMove:
    source: str
    target: str
    count: int
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float
    stroke: float


@dataclass
class RoomChart:
    title: str
    corners: list[RoomCorner]
    moves: list[RoomMove]
    width: int = ROOM_WIDTH
    height: int = ROOM_HEIGHT
    columns: int = 2
    # The moves when they are not drawn: [(from, to, count)], most first, changed corners only,
    # and the round they are counted from.
    listed_moves: list[tuple[str, str, int]] = ()
    moves_from: str = ""
    more_moves: int = 0


LABEL_ALONG = (0.35, 0.45, 0.25, 0.55, 0.2, 0.6, 0.15, 0.65, 0.7)
LABEL_CLEAR = (70, 56)  # a two-digit count at the chart's font size, with a margin


def _apart(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) >= LABEL_CLEAR[0] or abs(a[1] - b[1]) >= LABEL_CLEAR[1]


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(abs(a[0] - b[0]) / LABEL_CLEAR[0], abs(a[1] - b[1]) / LABEL_CLEAR[1])


def room_chart(spread, roles, moves=(), title: str = "", moves_from: str = "") -> RoomChart:
    """spread: one round's (or a few rounds') placement.RoundSpread; moves: from the round
    before, placement.room_moves(). A corner per role (in order), each with its count; arrows
    as thick as the moves in a room of up to four corners, a list of them in a larger one."""
    roles = list(roles)
    stacked = len(roles) > MAX_ARROW_CORNERS
    gap = ROOM_GAP
    columns, rows = room_grid(len(roles))
    # Three rows get a taller room: a name on two lines, the count and who stayed, one below
    # the other.
    room_height = ROOM_HEIGHT if rows < 3 else ROOM_HEIGHT_THREE_ROWS
    width = (ROOM_WIDTH - gap * (columns - 1)) // columns
    height = (room_height - gap * (rows - 1)) // rows
    stayed = {source.pk: count for source, target, count in moves if source.pk == target.pk}
    corners, place = [], {}
    # One size for every name in the room: the largest at which the longest still fits.
    size = min(
        (
            fit_label(str(role), width - 2 * TEXT_PAD, lines=2 if stacked else 1)[1]
            for role in roles
        ),
        default=LABEL_SIZE,
    )
    for index, role in enumerate(roles):
        column, row = index % columns, index // columns
        lines, _size = fit_label(
            str(role), width - 2 * TEXT_PAD, size=size, lines=2 if stacked else 1
        )
        corner = RoomCorner(
            label=str(role),
            x=column * (width + gap),
            y=row * (height + gap),
            width=width,
            height=height,
            counts=[
                (
                    round_spread.label,
                    dict((r.pk, c) for r, c in round_spread.counts).get(role.pk, 0),
                )
                for round_spread in spread
            ],
            stayed=stayed.get(role.pk, 0),
            colour=index % ROLE_COLOURS + 1,
            column=column,
            row=row,
            columns=columns,
            label_lines=tuple(lines),
            label_size=size,
            stacked=stacked,
        )
        corners.append(corner)
        place[role.pk] = corner
    for corner in corners:
        corner.label_rows = max(len(c.label_lines) for c in corners)
    if stacked:
        listed = [(str(s), str(t), count) for s, t, count in moves if s.pk != t.pk]
        return RoomChart(
            title=title or "Rummet",
            corners=corners,
            moves=[],
            height=room_height,
            columns=columns,
            listed_moves=listed[:LISTED_MOVES],
            more_moves=max(len(listed) - LISTED_MOVES, 0),
            moves_from=moves_from,
        )
    most = max((count for s, t, count in moves if s.pk != t.pk), default=0)
    arrows, placed = [], []
    for source, target, count in moves:
        if source.pk == target.pk or source.pk not in place or target.pk not in place:
            continue
        (x1, y1), (x2, y2) = place[source.pk].anchor, place[target.pk].anchor
        # Offset sideways so that A→B and B→A do not draw over each other; the count sits
        # further out on the same side, clear of the line.
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5 or 1
        ux, uy = -dy / length, dx / length
        stroke = round(3 + 9 * count / most, 1) if most else 3
        # The arrowhead stops well before the corner's anchor, where arrows out of the corner
        # start: T→N and N→E must not read as one path T→N→E.
        start_trim, end_trim = 0.1, 0.24
        # An arrow past a corner between (a row of three or more) keeps further out, clear of
        # the arrows to and from that corner.
        skipped = abs(place[source.pk].column - place[target.pk].column) - 1
        side = 22 + (110 if rows == 1 else 50) * max(skipped, 0)
        ax, ay = x1 + dx * start_trim + ux * side, y1 + dy * start_trim + uy * side
        bx, by = x2 - dx * end_trim + ux * side, y2 - dy * end_trim + uy * side
        # Labels sit about a third of the way along, away from the middle where diagonals
        # cross, and further along when another label already sits there ("2" and "1" side by
        # side would read as "21").
        out = side + stroke / 2 + 42
        candidates = [
            (round(x1 + dx * along + ux * out, 1), round(y1 + dy * along + uy * out + 12, 1))
            for along in LABEL_ALONG
        ]
        label_x, label_y = next(
            (c for c in candidates if all(_apart(c, other) for other in placed)),
            max(candidates, key=lambda c: min((_distance(c, o) for o in placed), default=0)),
        )
        placed.append((label_x, label_y))
        arrows.append(
            RoomMove(
                source=str(source),
                target=str(target),
                count=count,
                x1=round(ax, 1),
                y1=round(ay, 1),
                x2=round(bx, 1),
                y2=round(by, 1),
                label_x=label_x,
                label_y=label_y,
                stroke=stroke,
            )
        )
    return RoomChart(
        title=title or "Rummet", corners=corners, moves=arrows, height=room_height, columns=columns
    )
