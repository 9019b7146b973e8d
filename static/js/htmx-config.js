// The phone's htmx settings (the screens read them from <meta name="htmx-config">, which every
// phone page would otherwise carry): no indicator <style> (the CSP refuses inline styles), no
// eval, and no "style" among the attributes settled on swapped-in elements (copying a style
// attribute is inline style too). Bundled right after htmx, so it runs before htmx's own
// DOMContentLoaded set-up.
htmx.config.includeIndicatorStyles = false;
htmx.config.allowEval = false;
htmx.config.attributesToSettle = ["class", "width", "height"];
