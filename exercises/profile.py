"""Geometry of the participant's role-profile chart (server-rendered SVG)."""

ROW = 46
TRACK = 270


def profile_chart(profile, scale) -> dict:
    """Rows for `exercises/profile_chart.html` from [(role, score)], strongest first; bars run
    from 0 to the top of the exercise's scale."""
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
                "width": round((score or 0) / scale.max * TRACK, 1),
            }
        )
    return {
        "rows": rows,
        "height": len(rows) * ROW,
        "track": TRACK,
        "value_x": TRACK + 8,
        "scale": scale,
    }
