"""The app assembled: create_app, its routes, what runs beside it, the ASGI entry point, API docs, demo
seed.
"""
