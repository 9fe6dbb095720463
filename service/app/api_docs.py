"""Interactive API docs at ``/docs``: Swagger UI 5 (reads OpenAPI 3.1) from the installed ``fastapi-offline``.

No CDN: the page loads only same-origin files (the Swagger UI bundle and stylesheet that the package ships,
and a small start script served below), so it runs under the same Content-Security-Policy as every other
page (no inline script). Off by default in production (``MATCHER_DOCS_ENABLED``).
"""

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
# Swagger UI 5.x (swagger-ui-bundle.js, swagger-ui.css); 4.x cannot read the OpenAPI 3.1 that FastAPI emits.
SWAGGER_UI_DIST = files("fastapi_offline") / "static"

_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{title}} – API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script>
</body>
</html>
"""

_START = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout"
});
"""


def install_docs(app: FastAPI) -> None:
    """Mount the Swagger UI assets and the ``/docs`` page (create the app with ``docs_url=None``)."""
    app.mount(ASSETS, StaticFiles(directory=str(SWAGGER_UI_DIST)), name="docs-assets")
    page = _PAGE.replace("{title}", app.title)

    async def docs(_request: Request) -> Response:
        return HTMLResponse(page)

    async def docs_start(_request: Request) -> Response:
        return Response(_START, media_type="text/javascript")

    # Plain routes: public static pages, outside the API's role-checked operations and its schema.
    app.add_route("/docs", docs, include_in_schema=False)
    app.add_route("/docs/start.js", docs_start, include_in_schema=False)
