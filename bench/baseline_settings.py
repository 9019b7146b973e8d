"""Minimal settings for bench/baselines.py: Channels and the same channel layer as the app."""

import os

SECRET_KEY = "bench-only"
INSTALLED_APPS = ["channels"]
USE_TZ = True
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels.layers.InMemoryChannelLayer"
        if os.environ.get("CHANNEL_LAYER") == "stock"
        else "changemakers.layers.ScalableInMemoryChannelLayer"
    }
}
