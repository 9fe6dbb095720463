"""Strings of the auditor, admin, procurement officer and supplier pages and of the error pages.

Swedish first, English second; merged into ``service.ui.i18n.TRANSLATIONS``.
"""

ROLE_TRANSLATIONS: dict[str, tuple[str, str]] = {
    # Navigation
    "nav.audit": ("Granskningslogg", "Audit log"),
    "nav.fairness": ("Likabehandling", "Fairness"),
    "nav.admin": ("Administration", "Administration"),
    "nav.contracts": ("Kontrakt", "Contracts"),
    "nav.report": ("Årsrapport", "Annual report"),
    "nav.fulfilment": ("Uppfyllelse", "Fulfilment"),
    "role.batch": ("Maskinklient", "Machine client"),
    "role.system": ("Systemet", "The system"),
    "dash.auditor.log": (
        "vem gjorde vad och när, med filter och export",
        "who did what and when, with filters and export",
    ),
    "dash.auditor.fairness": (
        "urvalsandelar per grupp och steg, med fyrafemtedelsregeln",
        "selection rates per group and stage, with the four-fifths rule",
    ),
    "dash.officer.contracts": (
        "Skriv och följ upp kontrakt, hämta årsrapporten",
        "Write and follow up contracts, get the annual report",
    ),
    "dash.admin": (
        "Organisationer, användare, API-nycklar och manuellt läge",
        "Organisations, users, API keys and manual mode",
    ),
    # Auditor: audit log
    "aud.title": ("Granskningslogg", "Audit log"),
    "aud.intro": (
        "Alla händelser i tjänsten, senaste först. Loggen kan inte ändras av någon. Arbetssökande visas "
        "bara med pseudonym.",
        "Every event in the service, newest first. Nobody can change the log. Job seekers appear only "
        "by pseudonym.",
    ),
    "aud.filters": ("Filtrera loggen", "Filter the log"),
    "aud.actor": ("Vem", "Who"),
    "aud.actor.hint": ("E-postadress eller etikett, t.ex. user:12", "Email address or label, e.g. user:12"),
    "aud.action": ("Händelse", "Action"),
    "aud.object_type": ("Typ av objekt", "Object type"),
    "aud.object_id": ("Objektets id", "Object id"),
    "aud.object": ("Objekt", "Object"),
    "aud.from": ("Från och med", "From"),
    "aud.to": ("Till och med", "To"),
    "aud.apply": ("Visa", "Show"),
    "aud.export": ("Ladda ned urvalet som CSV", "Download the selection as CSV"),
    "aud.count": ("Visar {first}–{last} av {total} händelser.", "Showing {first}–{last} of {total} events."),
    "aud.at": ("Tidpunkt (UTC)", "Time (UTC)"),
    "aud.detail": ("Detaljer", "Details"),
    "aud.pseudonym": ("Arbetssökande", "Job seeker"),
    "aud.paging": ("Bläddra", "Pages"),
    "aud.prev": ("Föregående sida", "Previous page"),
    "aud.next": ("Nästa sida", "Next page"),
    "aud.none": ("Inga händelser matchar urvalet.", "No events match the selection."),
    "aud.bad_date": ("Skriv datumet som ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD."),
    "aud.to_before_from": ("Slutdatumet ligger före startdatumet.", "The end date is before the start date."),
    # Auditor: fairness
    "fair.title": ("Uppföljning av likabehandling", "Fairness monitoring"),
    "fair.intro": (
        "Hur stor andel av varje grupp som når varje steg: topp 10 i motorns kortlista, förslag till "
        "leverantör och anställning. Uppgifterna om kön, ålder och födelseland används bara här, aldrig av "
        "matchningsmotorn, och varje visning loggas.",
        "What share of each group reaches each stage: top 10 of the engine's shortlist, proposal to a "
        "supplier and hiring. Sex, age and country of birth are used only here, never by the matching "
        "engine, and every view is logged.",
    ),
    "fair.period": ("Period", "Period"),
    "fair.show": ("Visa rapporten", "Show the report"),
    "fair.summary": (
        "Perioden {start} – {end}. {n} arbetssökande som gett sitt samtycke ingår.",
        "The period {start} – {end}. {n} job seekers who have given consent are included.",
    ),
    "fair.how": ("Så läser du rapporten", "How to read the report"),
    "fair.how.rate": (
        "Urvalsandel = andelen av gruppen som nådde steget.",
        "Selection rate = the share of the group that reached the stage.",
    ),
    "fair.how.ratio": (
        "Kvot = gruppens urvalsandel delad med andelen i den grupp som valdes oftast (referensgruppen). "
        "En kvot under 0,80 (fyrafemtedelsregeln) är en signal att granska närmare.",
        "Ratio = the group's selection rate divided by that of the most selected group (the reference). "
        "A ratio below 0.80 (the four-fifths rule) is a signal to look closer.",
    ),
    "fair.how.ci": (
        "Inom parentes: {level} % konfidensintervall (bootstrap, {samples} dragningar). Ett brett "
        "intervall betyder att siffran är osäker.",
        "In brackets: {level} % confidence intervals (bootstrap, {samples} draws). A wide interval means "
        "the figure is uncertain.",
    ),
    "fair.how.small": (
        "Grupper med färre än {min} personer markeras som små: siffrorna är för osäkra för att dra "
        "slutsatser av och flaggas inte.",
        "Groups of fewer than {min} people are marked small: the figures are too uncertain to act on and "
        "are not flagged.",
    ),
    "fair.how.not_proof": (
        "En flagga är inte ett bevis på diskriminering, och avsaknad av flagga är inte ett bevis på "
        "motsatsen. Granska orsakerna i besluten och skälen.",
        "A flag is not proof of discrimination, and no flag is not proof of the opposite. Look into the "
        "reasons behind the decisions.",
    ),
    "fair.stage.shortlisted": ("Topp 10 i motorns kortlista", "Top 10 of the engine's shortlist"),
    "fair.stage.proposed": ("Föreslagen till leverantör", "Proposed to a supplier"),
    "fair.stage.hired": ("Anställd", "Hired"),
    "fair.selected": (
        "{n} personer nådde steget under perioden.",
        "{n} people reached this stage in the period.",
    ),
    "fair.reference_group": ("Referensgrupp", "Reference group"),
    "fair.intersections": ("Kombinationer av två grupptillhörigheter", "Combinations of two attributes"),
    "fair.attr.sex": ("Kön", "Sex"),
    "fair.attr.age_band": ("Åldersgrupp", "Age band"),
    "fair.attr.born_abroad": ("Födelseland", "Country of birth"),
    "fair.attr.sex×born_abroad": ("Kön och födelseland", "Sex and country of birth"),
    "fair.attr.sex×age_band": ("Kön och åldersgrupp", "Sex and age band"),
    "fair.attr.age_band×born_abroad": ("Åldersgrupp och födelseland", "Age band and country of birth"),
    "fair.g.female": ("Kvinna", "Female"),
    "fair.g.male": ("Man", "Male"),
    "fair.g.other": ("Annat", "Other"),
    "fair.g.born_abroad": ("Född utomlands", "Born abroad"),
    "fair.g.born_in_sweden": ("Född i Sverige", "Born in Sweden"),
    "fair.group": ("Grupp", "Group"),
    "fair.n": ("Antal i gruppen", "Group size"),
    "fair.chosen": ("Nådde steget", "Reached the stage"),
    "fair.rate": ("Urvalsandel (intervall)", "Selection rate (interval)"),
    "fair.ratio": ("Kvot mot referensgruppen (intervall)", "Ratio to the reference (interval)"),
    "fair.flag": ("Bedömning", "Assessment"),
    "fair.reference": ("referens", "reference"),
    "fair.small": ("Liten grupp – osäkert", "Small group – uncertain"),
    "fair.below": ("Under fyra femtedelar", "Below four fifths"),
    "fair.ok": ("Minst fyra femtedelar", "At least four fifths"),
    "fair.no_data": ("Inga uppgifter för den här perioden.", "No data for this period."),
    "fair.unknown": (
        "{n} personer saknar uppgift och ingår inte i grupperna ({k} av dem nådde steget).",
        "{n} people have no recorded value and are left out of the groups ({k} of them reached the stage).",
    ),
    "fair.four_fifths_short": ("0,80", "0.80"),
    "fair.chart_name": (
        "Diagram: kvot mot referensgruppen per grupp, {attribute}, steget {stage}. Streckad linje vid "
        "0,80. Samma siffror finns i tabellen under.",
        "Chart: ratio to the reference group per group, {attribute}, stage {stage}. Dashed line at 0.80. "
        "The same figures are in the table below.",
    ),
    # Admin
    "adm.title": ("Administration", "Administration"),
    "adm.sections": ("Administrationens delar", "Administration sections"),
    "adm.manual": ("Manuellt läge", "Manual mode"),
    "adm.manual.on": (
        "Manuellt läge är PÅ: matchningsmotorn rangordnar ingenting.",
        "Manual mode is ON: the matching engine ranks nothing.",
    ),
    "adm.manual.off": (
        "Manuellt läge är av: matchningsmotorn används.",
        "Manual mode is off: the engine is in use.",
    ),
    "adm.manual.changed": ("Senast ändrat {at} (UTC).", "Last changed {at} (UTC)."),
    "adm.manual.reason_was": ("Skäl", "Reason"),
    "adm.manual.explain": (
        "I manuellt läge stängs motorn av: inga kortlistor beräknas och batchjobb skriver ingenting. "
        "Handläggarna matchar för hand. Använd det om motorn ger felaktiga förslag eller medan den granskas.",
        "In manual mode the engine is switched off: no shortlists are computed and batch jobs write "
        "nothing. Case officers match by hand. Use it if the engine gives wrong suggestions or while it is "
        "being reviewed.",
    ),
    "adm.manual.reason": (
        "Skäl till ändringen (sparas i granskningsloggen)",
        "Reason for the change (kept in the audit log)",
    ),
    "adm.manual.reason_needed": ("Skriv varför du ändrar läget.", "Write why you change the mode."),
    "adm.manual.turn_on": (
        "Slå på manuellt läge (stäng av motorn)",
        "Turn on manual mode (switch the engine off)",
    ),
    "adm.manual.turn_off": (
        "Slå av manuellt läge (starta motorn)",
        "Turn off manual mode (switch the engine on)",
    ),
    "adm.manual.saved": ("Läget är ändrat.", "The mode has been changed."),
    "adm.shown": ("Visar {n} av {total}.", "Showing {n} of {total}."),
    "adm.orgs": ("Organisationer", "Organisations"),
    "adm.orgs.new": ("Ny organisation", "New organisation"),
    "adm.orgs.create": ("Skapa organisationen", "Create the organisation"),
    "adm.orgs.created": ("Organisationen {name} är skapad.", "The organisation {name} has been created."),
    "adm.org.name": ("Namn", "Name"),
    "adm.org.ref": ("Referens (kort namn utan mellanslag)", "Reference (short name without spaces)"),
    "adm.org.kind": ("Typ", "Kind"),
    "adm.org.number": ("Organisationsnummer", "Organisation number"),
    "adm.org.municipality": ("Kommunkod", "Municipality code"),
    "orgkind.procuring_authority": ("Upphandlande myndighet", "Procuring authority"),
    "orgkind.supplier": ("Leverantör", "Supplier"),
    "orgkind.matching_actor": ("Matchande aktör", "Matching actor"),
    "adm.users": ("Användare", "Users"),
    "adm.users.new": ("Ny användare", "New user"),
    "adm.users.list": ("Alla användare", "All users"),
    "adm.users.create": ("Skapa användaren", "Create the user"),
    "adm.users.password_note": (
        "Ett tillfälligt lösenord skapas och visas en gång när du sparar. Lämna det till användaren på ett "
        "säkert sätt.",
        "A temporary password is created and shown once when you save. Hand it to the user securely.",
    ),
    "adm.users.created": ("Användaren är skapad.", "The user has been created."),
    "adm.users.reset_done": ("Lösenordet är återställt.", "The password has been reset."),
    "adm.users.secret": (
        "Det tillfälliga lösenordet visas bara nu. Skriv upp det innan du lämnar sidan.",
        "The temporary password is shown only now. Note it before you leave the page.",
    ),
    "adm.users.temp_password": ("Tillfälligt lösenord", "Temporary password"),
    "adm.users.reset": ("Återställ lösenord", "Reset password"),
    "adm.users.reset.confirm": (
        "Återställa lösenordet för {name} ({email})? Det nuvarande lösenordet slutar gälla direkt och ett "
        "tillfälligt lösenord visas en gång.",
        "Reset the password of {name} ({email})? The current password stops working at once and a "
        "temporary password is shown once.",
    ),
    "adm.users.reset.do": ("Ja, återställ lösenordet", "Yes, reset the password"),
    "adm.cancel": ("Avbryt", "Cancel"),
    "adm.users.disable": ("Stäng av", "Disable"),
    "adm.users.enable": ("Aktivera", "Enable"),
    "adm.user.name": ("Namn", "Name"),
    "adm.user.role": ("Roll", "Role"),
    "adm.user.org": ("Organisation", "Organisation"),
    "adm.user.status": ("Status", "Status"),
    "adm.user.actions": ("Åtgärder", "Actions"),
    "adm.user.active": ("Aktiv", "Active"),
    "adm.user.inactive": ("Avstängd", "Disabled"),
    "adm.keys": ("API-nycklar", "API keys"),
    "adm.keys.intro": (
        "Nycklar för maskinklienter (batchjobb). En nyckel får beräkna kortlistor men aldrig fatta beslut.",
        "Keys for machine clients (batch jobs). A key may compute shortlists but never decide.",
    ),
    "adm.keys.new": ("Ny API-nyckel", "New API key"),
    "adm.keys.list": ("Nycklar", "Keys"),
    "adm.keys.name": ("Namn på nyckeln", "Name of the key"),
    "adm.keys.create": ("Skapa nyckeln", "Create the key"),
    "adm.keys.created": ("Nyckeln {name} är skapad.", "The key {name} has been created."),
    "adm.keys.once": (
        "Kopiera nyckeln nu. Den visas bara en gång och sparas inte i klartext.",
        "Copy the key now. It is shown only once and is not stored in clear text.",
    ),
    "adm.keys.prefix": ("Början av nyckeln", "Start of the key"),
    "adm.keys.created_at": ("Skapad", "Created"),
    "adm.keys.revoked": ("Återkallad {at}", "Revoked {at}"),
    "adm.keys.revoke": ("Återkalla", "Revoke"),
    "adm.keys.revoke.confirm": (
        "Återkalla nyckeln {name} ({prefix}…)? Den slutar fungera direkt och kan inte återställas; "
        "klienten behöver en ny nyckel.",
        "Revoke the key {name} ({prefix}…)? It stops working at once and cannot be restored; the client "
        "needs a new key.",
    ),
    "adm.keys.revoke.do": ("Ja, återkalla nyckeln", "Yes, revoke the key"),
    "adm.err.required": ("Fältet måste fyllas i.", "This field is required."),
    "adm.err.invalid": ("Värdet kan inte användas.", "The value cannot be used."),
    "adm.err.email": ("Skriv en giltig e-postadress.", "Write a valid email address."),
    "adm.err.email_taken": (
        "Det finns redan en användare med den e-postadressen.",
        "A user with this email address exists.",
    ),
    "adm.err.password": (
        "Lösenordet måste ha minst 12 tecken.",
        "The password needs at least 12 characters.",
    ),
    "adm.err.ref": ("Skriv en referens på högst 64 tecken.", "Write a reference of at most 64 characters."),
    "adm.err.org_number": (
        "Skriv ett giltigt organisationsnummer med tio siffror, t.ex. 212000-0142.",
        "Write a valid ten-digit organisation number, e.g. 212000-0142.",
    ),
    "adm.err.municipality": (
        "Kommunkoden har fyra siffror, t.ex. 1280.",
        "The municipality code has four digits, e.g. 1280.",
    ),
    "adm.err.organisation": ("Välj en organisation i listan.", "Choose an organisation from the list."),
    "adm.err.role_org": (
        "Rollen passar inte organisationens typ: handläggare hör till en matchande aktör, leverantörer till "
        "en leverantör och upphandlare till en upphandlande myndighet.",
        "The role does not fit the organisation's kind: case officers belong to a matching actor, "
        "suppliers to a supplier and procurement officers to a procuring authority.",
    ),
    "adm.err.taken": (
        "Det värdet används redan av en annan organisation.",
        "Another organisation already uses this value.",
    ),
    "adm.err.self": (
        "Du kan inte stänga av ditt eget konto.",
        "You cannot disable your own account.",
    ),
    # Procurement officer
    "off.new": ("Nytt kontrakt", "New contract"),
    "off.edit": ("Ändra kontraktet", "Edit the contract"),
    "off.saved": ("Kontraktet är sparat.", "The contract has been saved."),
    "off.contract": ("Kontraktet", "The contract"),
    "off.ref": ("Referens", "Reference"),
    "off.ref.hint": (
        "Diarienummer eller annan unik beteckning, t.ex. sundstad-2026-004.",
        "Case number or another unique reference, e.g. sundstad-2026-004.",
    ),
    "off.title": ("Benämning", "Title"),
    "off.supplier": ("Leverantör", "Supplier"),
    "off.start": ("Startdatum", "Start date"),
    "off.end": ("Slutdatum", "End date"),
    "off.cpv": ("CPV-kod", "CPV code"),
    "off.industry": ("Bransch", "Industry"),
    "off.value": ("Kontraktsvärde (kr)", "Contract value (SEK)"),
    "off.requirement": ("Sysselsättningskravet", "The employment requirement"),
    "off.actor": ("Matchande aktör", "Matching actor"),
    "off.groups": ("Målgrupper som räknas", "Target groups that count"),
    "off.kinds": ("Placeringsformer som räknas", "Kinds of placement that count"),
    "off.committed_placements": ("Åtagande: antal personer", "Commitment: number of people"),
    "off.commitment.hint": (
        "Ange antal personer, heltidsmånader eller båda.",
        "Give a number of people, of full-time months, or both.",
    ),
    "off.committed_fte": ("Åtagande: heltidsmånader", "Commitment: full-time months"),
    "off.min_duration": ("Kortaste placering (månader)", "Shortest placement (months)"),
    "off.deadline": ("Första placeringen senast", "First placement by"),
    "off.threshold": ("Uppfyllelsegräns (%)", "Fulfilment threshold (%)"),
    "off.threshold.hint": (
        "Ett kontrakt är i fas när prognosen når minst så här stor andel av åtagandet, oftast 75 %.",
        "A contract is on track when the forecast reaches at least this share of the commitment, often 75 %.",
    ),
    "off.state": ("Läge", "Status"),
    "off.forecast": ("Prognos vid slutet", "Forecast at the end"),
    "off.over_cap": ("över 200 % (långt före)", "over 200 % (far ahead)"),
    "off.downloads": ("Rapporter att ladda ned", "Reports to download"),
    "off.csv": (
        "Uppföljning av alla kontrakt (CSV för kalkylprogram)",
        "Follow-up of every contract (CSV for spreadsheets)",
    ),
    "off.year": ("År", "Year"),
    "off.format": ("Format", "Format"),
    "off.format.html": ("Webbsida (HTML)", "Web page (HTML)"),
    "off.format.pdf": ("PDF", "PDF"),
    "off.report.get": ("Hämta årsrapporten", "Get the annual report"),
    "off.report.note": (
        "Årsrapporten till kommunfullmäktige gäller er myndighets kontrakt och är på svenska.",
        "The annual report for the council covers your authority's contracts and is in Swedish.",
    ),
    "off.followup": ("Uppföljning", "Follow-up"),
    "off.on_track": ("I fas", "On track"),
    "off.not_on_track": ("Inte i fas", "Not on track"),
    "off.as_of": ("Uppgifter till och med {day}.", "Figures up to {day}."),
    "off.measure": ("Mått", "Measure"),
    "off.so_far": ("Hittills", "So far"),
    "off.commitment": ("Åtagande", "Commitment"),
    "off.threshold_is": ("i fas från {pct} %", "on track from {pct} %"),
    "off.why.pace": (
        "Prognosen når inte uppfyllelsegränsen i den takt placeringarna kommer nu.",
        "At the current pace the forecast does not reach the fulfilment threshold.",
    ),
    "off.why.deadline": (
        "Takten räcker, men den första placeringen som räknas kom efter tidsgränsen.",
        "The pace is enough, but the first placement that counts came after the deadline.",
    ),
    "off.deadline.open": ("Inte passerat ännu", "Not passed yet"),
    "off.deadline.met": ("Uppfyllt", "Met"),
    "off.deadline.missed": ("Missat", "Missed"),
    "off.feedback": ("Förslag med återkoppling från leverantören", "Proposals with the supplier's feedback"),
    "off.forecast.note": (
        "Prognosen räknar fram takten hittills till kontraktets slut. Tidigt i ett kontrakt är den osäker; "
        "över 200 % visas som ”över 200 %”.",
        "The forecast extends the pace so far to the end of the contract. Early in a contract it is "
        "uncertain; above 200 % it reads “over 200 %”.",
    ),
    "off.chart.progress": (
        "Diagram: placeringar och heltidsmånader som andel av åtagandet, och prognosen. Streckade linjer vid "
        "uppfyllelsegränsen och 100 %. Samma siffror finns i tabellen.",
        "Chart: placements and full-time months as a share of the commitment, and the forecast. Dashed "
        "lines at the threshold and at 100 %. The same figures are in the table.",
    ),
    "off.chart.placements": ("Placeringar som räknas", "Placements that count"),
    "off.chart.fte": ("Heltidsmånader", "Full-time months"),
    "off.chart.forecast": ("Prognos vid slutet", "Forecast at the end"),
    "off.placements_all": ("Placeringar", "Placements"),
    "off.breakdown.note": (
        "Fördelningen nedan gäller alla placeringar som har börjat, även de som inte räknas mot kravet.",
        "The breakdown below covers every placement that has started, including those that do not count.",
    ),
    "off.chart.groups": ("Placeringar per målgrupp", "Placements by target group"),
    "off.chart.kinds": ("Placeringar per form", "Placements by kind"),
    "off.unknown_group": ("Okänd målgrupp", "Unknown target group"),
    "off.no_placements": ("Inga placeringar ännu.", "No placements yet."),
    "off.no_requirement": (
        "Kontraktet har inget sysselsättningskrav.",
        "The contract has no employment requirement.",
    ),
    "off.err.ref": ("Skriv en referens (högst 64 tecken).", "Write a reference (at most 64 characters)."),
    "off.err.ref_taken": (
        "Det finns redan ett kontrakt med den referensen.",
        "A contract with this reference exists.",
    ),
    "off.err.title": ("Skriv kontraktets benämning.", "Write the contract's title."),
    "off.err.supplier_org_id": ("Välj en leverantör i listan.", "Choose a supplier from the list."),
    "off.err.matching_actor_id": (
        "Välj en matchande aktör i listan.",
        "Choose a matching actor from the list.",
    ),
    "off.err.start_date": ("Skriv startdatumet som ÅÅÅÅ-MM-DD.", "Write the start date as YYYY-MM-DD."),
    "off.err.end_date": ("Skriv slutdatumet som ÅÅÅÅ-MM-DD.", "Write the end date as YYYY-MM-DD."),
    "off.err.end_before_start": (
        "Slutdatumet ligger före startdatumet.",
        "The end date is before the start date.",
    ),
    "off.err.value_sek": ("Skriv värdet i hela kronor.", "Write the value in whole kronor."),
    "off.err.cpv_code": ("CPV-koden är för lång.", "The CPV code is too long."),
    "off.err.committed_placements": ("Skriv ett heltal, 0 eller mer.", "Write a whole number, 0 or more."),
    "off.err.committed_fte_months": ("Skriv ett tal, 0 eller mer.", "Write a number, 0 or more."),
    "off.err.min_duration_months": ("Skriv antal månader, 0–120.", "Write a number of months, 0–120."),
    "off.err.first_placement_deadline": ("Skriv datumet som ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD."),
    "off.err.fulfilment_threshold_pct": (
        "Skriv en procentsats mellan 1 och 100.",
        "Write a percentage between 1 and 100.",
    ),
    "off.err.commitment": (
        "Ange ett åtagande: antal personer, heltidsmånader eller båda.",
        "Give a commitment: a number of people, of full-time months, or both.",
    ),
    "off.err.groups": ("Välj minst en målgrupp.", "Choose at least one target group."),
    "off.err.kinds": ("Välj minst en placeringsform.", "Choose at least one kind of placement."),
    # Supplier
    "sup.title": ("Uppfyllelse av sysselsättningskraven", "Fulfilment of the employment requirements"),
    "sup.intro": (
        "Så långt har ni kommit i varje kontrakt: placeringar som räknas mot kravet, heltidsmånader och "
        "prognosen vid kontraktets slut, jämfört med åtagandet och tidsgränserna.",
        "How far you have come in each contract: placements that count toward the requirement, full-time "
        "months and the forecast at the end of the contract, compared with the commitment and deadlines.",
    ),
    "sup.period": ("Avtalsperiod {start} – {end}.", "Contract period {start} – {end}."),
    "sup.days_left": ("{days} dagar kvar.", "{days} days left."),
    "sup.counts": ("Räknas:", "Counts:"),
    "sup.min_duration": ("minst {months} månader per placering.", "at least {months} months per placement."),
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
        "Du har inte behörighet att göra det här, eller så har formuläret gått ut. Ladda om sidan och "
        "försök igen.",
        "You are not allowed to do this, or the form has expired. Reload the page and try again.",
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
