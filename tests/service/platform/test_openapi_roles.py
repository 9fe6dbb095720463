"""Every operation in the API documentation says who may call it, in its summary and its description."""

from service.app.main import create_app
from service.app.routes import PUBLIC_PATHS, api_routes, declared_roles


def test_every_operation_names_the_roles_it_admits() -> None:
    create_app()  # a second app in the same process must not repeat the roles
    app = create_app()
    spec = app.openapi()
    roles_of = {
        (method.lower(), route.path): declared_roles(route.dependant)
        for route in api_routes(app.routes)
        if route.include_in_schema
        for method in route.methods or ()
    }
    operations = [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items()]
    assert len(operations) > 50
    for method, path, op in operations:
        roles = roles_of[(method, path)]
        if roles is None:
            assert path in PUBLIC_PATHS, path
            assert op["summary"].endswith("(anyone, no login)"), op["summary"]
            continue
        who = ", ".join(sorted(roles))
        assert op["summary"].endswith(f"({who})") and op["summary"].count("(") == 1, op["summary"]
        assert op["description"].endswith(f"**Who may call it:** {who}"), (path, op["description"])
