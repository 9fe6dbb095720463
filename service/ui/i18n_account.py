"""Strings of one's own account (the password page), the login throttle and the kept decision's owner.

Swedish first, English second; merged into ``service.ui.i18n.TRANSLATIONS``.
"""

ACCOUNT_TRANSLATIONS: dict[str, tuple[str, str]] = {
    "nav.password": ("Byt lösenord", "Change password"),
    "login.throttled.wait": (
        "För många misslyckade försök. Försök igen om {minutes} minuter.",
        "Too many failed attempts. Try again in {minutes} minutes.",
    ),
    "login.throttled.minute": (
        "För många misslyckade försök. Försök igen om en minut.",
        "Too many failed attempts. Try again in a minute.",
    ),
    "login.busy": (
        "Många loggar in just nu. Försök igen om en liten stund.",
        "Many people are logging in right now. Try again in a moment.",
    ),
    "account.password.title": ("Byt lösenord", "Change password"),
    "account.password.intro": (
        "Skriv ditt nuvarande lösenord och sedan det nya två gånger. Det nya lösenordet ska ha minst "
        "12 tecken. Efter bytet loggas du ut på alla andra enheter.",
        "Enter your current password, then the new one twice. The new password must have at least "
        "12 characters. After the change you are logged out on all other devices.",
    ),
    "account.password.temporary": (
        "Ditt lösenord är tillfälligt, eftersom en administratör har valt det. Byt till ett eget "
        "lösenord innan du fortsätter.",
        "Your password is temporary because an administrator chose it. Change it to a password of "
        "your own before you continue.",
    ),
    "account.password.current": ("Nuvarande lösenord", "Current password"),
    "account.password.new": ("Nytt lösenord", "New password"),
    "account.password.repeat": ("Upprepa det nya lösenordet", "Repeat the new password"),
    "account.password.hint": ("Minst 12 tecken.", "At least 12 characters."),
    "account.password.submit": ("Byt lösenord", "Change password"),
    "account.password.changed": ("Ditt lösenord är bytt.", "Your password has been changed."),
    "account.password.err.current": (
        "Det nuvarande lösenordet stämmer inte.",
        "The current password is not correct.",
    ),
    "account.password.err.short": (
        "Det nya lösenordet måste ha minst 12 tecken.",
        "The new password must have at least 12 characters.",
    ),
    "account.password.err.long": (
        "Det nya lösenordet får ha högst 128 tecken.",
        "The new password may have at most 128 characters.",
    ),
    "account.password.err.repeat": (
        "Du skrev två olika nya lösenord. Skriv samma lösenord i båda fälten.",
        "The two new passwords are different. Enter the same password in both fields.",
    ),
    "account.password.err.same": (
        "Det nya lösenordet måste vara ett annat än det nuvarande.",
        "The new password must be different from the current one.",
    ),
    "account.password.err.summary": (
        "Lösenordet är inte bytt. Rätta det som står vid fälten.",
        "The password has not been changed. Correct what is noted at the fields.",
    ),
    "resume.other_user": (
        "Ett osparat beslut i den här webbläsaren gjordes av en annan användare. Det har inte sparats.",
        "An unsaved decision in this browser was made by another user. It has not been saved.",
    ),
}
