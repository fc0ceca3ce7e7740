"""datasette-dashboards' script, served with every value written as text, never as HTML.

datasette-dashboards 0.8 draws its metric and table charts with ``innerHTML = value`` and its
map popups from an HTML string of the row's values, so an event title such as
``<img src=x onerror=...>`` ran script on /-/dashboards/overview (red-team finding 2). Its
``dashboards.js`` is answered here instead with those four places writing text nodes. The
patch is made from the installed file at startup: if any of the replaced lines is not found
exactly once (a different release of the plugin), the server refuses to start rather than
serve the unpatched script.
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl

SCRIPT_PATH = "/-/static-plugins/datasette_dashboards/dashboards.js"

_FILTER = (
    "        .filter(e => (e[0] === latitude_column || e[0] === longitude_column)"
    " ? show_latlng_popup : true)\n"
)
_POPUP_HTML = (
    """      const popup = Object.entries(row)
"""
    + _FILTER
    + '        .reduce((acc, e) => `${acc}<span style="font-weight:bold;">'
    + "${e[0]}:</span> ${e[1]}<br>`, '')\n"
)
_POPUP_TEXT = (
    """      // indopac: a popup of text nodes; values are never parsed as HTML.
      const popup = document.createElement('div')
      Object.entries(row)
"""
    + _FILTER
    + """        .forEach(e => {
          const name = document.createElement('span')
          name.style.fontWeight = 'bold'
          name.textContent = `${e[0]}:`
          popup.append(name, ` ${e[1]}`, document.createElement('br'))
        })
"""
)
REPLACEMENTS = [
    ("  p.innerHTML = text\n", "  p.textContent = text\n"),
    ("    thead_th.innerHTML = col\n", "    thead_th.textContent = col\n"),
    # textContent of null is "", as innerHTML's was.
    ("      tbody_td.innerHTML = col\n", "      tbody_td.textContent = col\n"),
    (_POPUP_HTML, _POPUP_TEXT),
]


def patched_script(original: str) -> str:
    """``original`` with every replacement made; ValueError unless each matches exactly once."""
    text = original
    for old, new in REPLACEMENTS:
        if text.count(old) != 1:
            raise ValueError(
                "datasette-dashboards' dashboards.js is not the release indopac patches "
                f"(expected once: {old.strip()[:60]!r}); pin datasette-dashboards 0.8 or "
                "update indopac/datasette_plugins/safe_dashboards.py."
            )
        text = text.replace(old, new)
    if "innerHTML" in text:
        raise ValueError("datasette-dashboards' dashboards.js writes HTML somewhere unpatched.")
    return text


def _load() -> bytes:
    import datasette_dashboards

    source = Path(datasette_dashboards.__file__).parent / "static" / "dashboards.js"
    return patched_script(source.read_text(encoding="utf-8")).encode("utf-8")


SCRIPT = _load()


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def serve_patched(scope, receive, send):
            if scope.get("type") == "http" and scope.get("path") == SCRIPT_PATH:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/javascript; charset=utf-8"),
                            (b"content-length", str(len(SCRIPT)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": SCRIPT})
                return
            await app(scope, receive, send)

        return serve_patched

    return wrap
