"""UI strings for changing a contract's matching actor (``service.contracts.actor_change``)."""

CONTRACT_MOVE_TRANSLATIONS: dict[str, tuple[str, str]] = {
    "off.err.actor_move": (
        "Kontraktet kan inte byta matchande aktör. Den nuvarande aktören har redan bedömt, föreslagit eller "
        "placerat personer, och de uppgifterna stannar hos den. Vill du att en annan aktör tar över resten "
        "av åtagandet? Avsluta då kontraktet genom att ange ett slutdatum och lägg upp ett nytt kontrakt "
        "för den nya aktören.",
        "The contract cannot change its matching actor. The current actor has already assessed, proposed or "
        "placed people, and that information stays with it. Do you want another actor to take over the rest "
        "of the commitment? Then end this contract by setting an end date and register a new contract for "
        "the new actor.",
    ),
}
