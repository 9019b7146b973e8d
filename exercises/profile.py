"""Geometry of the participant's role-profile chart (server-rendered SVG)."""

ROW = 46
TRACK = 270
SCALE_MAX = 5


def profile_chart(profile) -> dict:
    """Rows for `exercises/profile_chart.html` from [(role, score)], strongest first."""
    rows = []
    for index, (role, score) in enumerate(profile):
        top = index * ROW
        rows.append(
            {
                "role": role,
                "score": score,
                "label_y": top + 16,
                "bar_y": top + 23,
                "value_y": top + 36,
                "width": round((score or 0) / SCALE_MAX * TRACK, 1),
            }
        )
    return {"rows": rows, "height": len(rows) * ROW, "track": TRACK, "value_x": TRACK + 8}
