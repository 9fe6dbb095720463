"""Strings of the auditor, admin, procurement officer and supplier pages and of the error pages.

Swedish first, English second; merged into ``service.ui.i18n.TRANSLATIONS``.
"""

ROLE_TRANSLATIONS: dict[str, tuple[str, str]] = {
    # Error pages
    "err.detail": ("Teknisk information (på engelska)", "Technical details"),
    "err.code": ("Felkod", "Error code"),
    "err.home": ("Till översikten", "Go to the overview"),
    "err.400.title": ("Felaktig begäran", "Bad request"),
    "err.400.text": (
        "Sidan kunde inte visas eftersom begäran var felaktig. Gå tillbaka och försök igen.",
        "The page could not be shown because the request was not valid. Go back and try again.",
    ),
    "err.401.title": ("Du behöver logga in", "You need to log in"),
    "err.401.text": (
        "Du är inte inloggad, eller så har inloggningen gått ut. Logga in och försök igen.",
        "You are not logged in, or your login has expired. Log in and try again.",
    ),
    "err.403.title": ("Du har inte behörighet", "Access denied"),
    "err.403.text": (
        "Du har inte behörighet att se den här sidan eller göra det här.",
        "You are not allowed to see this page or do this.",
    ),
    "err.403.role": (
        "Sidan är inte tillgänglig för rollen {role}. Använd menyn för att hitta det du kan göra.",
        "This page is not available to the role {role}. Use the menu to find what you can do.",
    ),
    "err.404.title": ("Sidan finns inte", "Page not found"),
    "err.404.text": (
        "Sidan eller uppgiften du letar efter finns inte, eller så har du inte tillgång till den.",
        "The page or record you are looking for does not exist, or you do not have access to it.",
    ),
    "err.405.title": ("Det gick inte att göra så här", "This cannot be done this way"),
    "err.405.text": (
        "Adressen kan inte användas på det här sättet, till exempel om en sida laddades om efter att ett "
        "formulär skickats. Gå till översikten och börja om därifrån.",
        "This address cannot be used this way, for example when a page is reloaded after a form was sent. "
        "Go to the overview and start again from there.",
    ),
    "err.409.title": ("Uppgiften har ändrats", "The record has changed"),
    "err.409.text": (
        "Det du försökte göra krockar med hur uppgiften ser ut nu, till exempel för att någon annan "
        "ändrade den samtidigt. Ladda om sidan och försök igen.",
        "What you tried to do conflicts with the record as it is now, for example because someone else "
        "changed it at the same time. Reload the page and try again.",
    ),
    "err.413.title": ("För mycket data", "Too much data"),
    "err.413.text": (
        "Det du skickade var för stort. Korta ned texten eller dela upp filen.",
        "What you sent was too large. Shorten the text or split the file.",
    ),
    "err.422.title": ("Uppgifterna kunde inte användas", "The input could not be used"),
    "err.422.text": (
        "Något av värdena i begäran har fel format eller saknas. Gå tillbaka, kontrollera uppgifterna "
        "och försök igen.",
        "One of the values in the request is missing or has the wrong format. Go back, check the input "
        "and try again.",
    ),
    "err.429.title": ("För många försök", "Too many attempts"),
    "err.429.text": ("Vänta en stund och försök igen.", "Wait a while and try again."),
    "err.500.title": ("Något gick fel hos oss", "Something went wrong on our side"),
    "err.500.text": (
        "Ett oväntat fel inträffade. Ingenting har sparats av den här åtgärden. Försök igen om en "
        "stund; om felet kvarstår, kontakta din administratör.",
        "An unexpected error occurred. Nothing was saved by this action. Try again in a while; if the "
        "error persists, contact your administrator.",
    ),
    "err.503.title": ("Tjänsten är inte tillgänglig just nu", "The service is not available right now"),
    "err.503.text": (
        "Matchningsmotorn är avstängd (manuellt läge) eller inte redo. Matcha för hand så länge, eller "
        "försök igen senare.",
        "The matching engine is switched off (manual mode) or not ready. Match by hand meanwhile, or try "
        "again later.",
    ),
}
