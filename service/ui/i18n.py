"""Every user-facing string of the web UI, Swedish first, English second."""

from fastapi import Request

from service.ui.i18n_account import ACCOUNT_TRANSLATIONS
from service.ui.i18n_contract_move import CONTRACT_MOVE_TRANSLATIONS
from service.ui.i18n_guidance import GUIDANCE_TRANSLATIONS
from service.ui.i18n_match_band import MATCH_BAND_TRANSLATIONS
from service.ui.i18n_occupation import OCCUPATION_TRANSLATIONS
from service.ui.i18n_occupation_search import OCCUPATION_SEARCH_TRANSLATIONS
from service.ui.i18n_placement import PLACEMENT_TRANSLATIONS
from service.ui.i18n_roles import ROLE_TRANSLATIONS
from service.ui.i18n_staff import STAFF_TRANSLATIONS

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

TRANSLATIONS: dict[str, tuple[str, str]] = {
    "app.name": ("Matchning för sysselsättningskrav", "Matching for employment requirements"),
    "nav.skip": ("Hoppa till huvudinnehållet", "Skip to main content"),
    "nav.main": ("Huvudmeny", "Main menu"),
    "nav.dashboard": ("Översikt", "Overview"),
    "nav.vacancies": ("Platser", "Placements"),
    "nav.seekers": ("Arbetssökande", "Job seekers"),
    "nav.proposals": ("Föreslagna kandidater", "Proposed candidates"),
    "nav.accessibility": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    "nav.logout": ("Logga ut", "Log out"),
    "nav.language": ("In English", "På svenska"),
    "nav.language.label": ("Byt språk", "Change language"),
    "login.title": ("Logga in", "Log in"),
    "login.email": ("E-postadress", "Email address"),
    "login.password": ("Lösenord", "Password"),
    "login.submit": ("Logga in", "Log in"),
    "login.failed": ("Fel e-postadress eller lösenord.", "Wrong email address or password."),
    "login.throttled": (
        "För många misslyckade försök. Vänta en stund och försök igen.",
        "Too many failed attempts. Wait a while and try again.",
    ),
    "login.logged_in_as": ("Inloggad som", "Logged in as"),
    "role.staff": ("Handläggare", "Case officer"),
    "role.supplier": ("Leverantör", "Supplier"),
    "role.procurement_officer": ("Upphandlare", "Procurement officer"),
    "role.admin": ("Administratör", "Administrator"),
    "role.auditor": ("Granskare", "Auditor"),
    "a11y.title": ("Tillgänglighetsredogörelse", "Accessibility statement"),
    "a11y.intro": (
        "Den här tjänsten ska kunna användas av så många som möjligt. Vi strävar efter att uppfylla "
        "WCAG 2.1 nivå AA enligt lagen (2018:1937) om tillgänglighet till digital offentlig service.",
        "This service should be usable by as many people as possible. We aim to meet WCAG 2.1 level AA "
        "under the Swedish act (2018:1937) on accessibility to digital public services.",
    ),
    "a11y.status": (
        "Sidorna testas automatiskt med axe-core för WCAG 2.0 och 2.1 nivå A och AA, och alla funktioner "
        "kan nås med tangentbord.",
        "The pages are tested automatically with axe-core for WCAG 2.0 and 2.1 levels A and AA, and every "
        "function can be reached by keyboard.",
    ),
    "a11y.known": (
        "Kända brister: diagrammen i förklaringarna har en texttabell som alternativ.",
        "Known issues: the charts in explanations have a text table as their alternative.",
    ),
    "a11y.report.title": ("Rapportera brister i tillgängligheten", "Report accessibility problems"),
    "a11y.report.message": ("Beskriv problemet", "Describe the problem"),
    "a11y.report.contact": ("E-post (frivilligt)", "Email (optional)"),
    "a11y.report.submit": ("Skicka", "Send"),
    "a11y.report.thanks": ("Tack! Vi svarar inom två veckor.", "Thank you! We will answer within two weeks."),
    "a11y.report.empty": ("Skriv vad som inte fungerar.", "Write what does not work."),
    "a11y.report.throttled": (
        "Många rapporter har kommit in på kort tid. Försök igen om en stund.",
        "Many reports have arrived in a short time. Please try again later.",
    ),
    "a11y.dos": (
        "Om du inte är nöjd med svaret kan du kontakta Myndigheten för digital förvaltning (Digg).",
        "If you are not satisfied with the answer you can contact the Agency for Digital Government (Digg).",
    ),
    "error.required": ("Fältet måste fyllas i.", "This field is required."),
    "error.generic": ("Något gick fel. Försök igen.", "Something went wrong. Please try again."),
    "dash.contracts": (
        "Kontrakt och uppfyllelse av sysselsättningskrav",
        "Contracts and requirement fulfilment",
    ),
    "dash.contract": ("Kontrakt", "Contract"),
    "dash.placements": ("Placeringar / åtagande", "Placements / commitment"),
    "dash.months": ("Heltidsmånader / åtagande", "Full-time months / commitment"),
    "dash.period": ("Avtalsperiod", "Contract period"),
    "dash.status": ("Prognos", "Forecast"),
    "dash.supplier.vacancies": ("Se och lägg till era platser", "See and add your placements"),
    "dash.auditor": (
        "Granskningsloggen och rättviseuppföljningen finns i API:t (/audit-events, /reports/fairness).",
        "The audit log and fairness monitoring are in the API (/audit-events, /reports/fairness).",
    ),
    "status.on_track": ("I fas", "On track"),
    "status.at_risk": ("Risk att inte uppfyllas", "At risk"),
    "status.not_started": ("Ej startat", "Not started"),
    "status.ended": ("Avslutat", "Ended"),
    "vac.new": ("Ny plats", "New placement"),
    "vac.edit": ("Ändra platsen", "Edit the placement"),
    "vac.title": ("Yrke / titel", "Occupation / title"),
    "vac.title.hint": (
        "Skriv yrket, t.ex. lokalvårdare; förslag från yrkestaxonomin visas medan du skriver.",
        "Type the occupation, e.g. cleaner; suggestions from the occupation taxonomy appear as you type.",
    ),
    "vac.contract": ("Kontrakt", "Contract"),
    "vac.kind": ("Form", "Kind"),
    "vac.start": ("Start", "Start"),
    "vac.status": ("Status", "Status"),
    "vac.description": ("Beskrivning", "Description"),
    "vac.required": ("Krav (kompetenser, kommaseparerade)", "Requirements (skills, comma separated)"),
    "vac.skills.hint": (
        "Förslag från kompetenslistan visas medan du skriver.",
        "Suggestions appear as you type.",
    ),
    "vac.swedish": ("Lägsta nivå i svenska", "Minimum level of Swedish"),
    "vac.positions": ("Antal platser", "Number of positions"),
    "form.save": ("Spara", "Save"),
    "form.fix": ("Rätta fälten som är markerade.", "Correct the marked fields."),
    "kind.employment": ("Anställning", "Employment"),
    "kind.apprenticeship": ("Lärlingsplats", "Apprenticeship"),
    "kind.trainee": ("Traineeplats", "Trainee place"),
    "kind.internship": ("Praktik", "Internship"),
    "kind.training": ("Utbildning", "Training"),
    "vstatus.draft": ("Utkast", "Draft"),
    "vstatus.open": ("Öppen", "Open"),
    "vstatus.filled": ("Tillsatt", "Filled"),
    "vstatus.closed": ("Stängd", "Closed"),
    "sl.compute": ("Beräkna kortlista", "Compute shortlist"),
    "sl.computing": ("Kortlistan beräknas …", "Computing the shortlist …"),
    "sl.title": ("Kortlista", "Shortlist"),
    "sl.filter": ("Filtrera", "Filter"),
    "sl.group": ("Målgrupp", "Target group"),
    "sl.any": ("Alla", "All"),
    "sl.maxdist": ("Högst avstånd (km)", "Maximum distance (km)"),
    "sl.rank": ("Plats", "Rank"),
    "sl.candidate": ("Arbetssökande", "Job seeker"),
    "sl.reasons": ("Skäl", "Reasons"),
    "sl.decision": ("Beslut", "Decision"),
    "sl.reason": ("Skäl", "Reason"),
    "sl.comment": ("Kommentar", "Comment"),
    "sl.save": ("Spara beslut", "Save decision"),
    "sl.matched": ("Matchande kompetenser", "Matched skills"),
    "sl.missing": ("Saknade kompetenser", "Missing skills"),
    "sl.explain": ("Hela förklaringen", "Full explanation"),
    "sl.feature": ("Faktor", "Factor"),
    "sl.contribution": ("Bidrag till poängen", "Contribution to the score"),
    "sl.none": (
        "Ingen kortlista ännu. Beräkna en, eller lägg till arbetssökande för hand.",
        "No shortlist yet. Compute one, or add job seekers by hand.",
    ),
    "sl.nomatch": ("Ingen på kortlistan matchar filtret.", "Nobody on the shortlist matches the filter."),
    "sl.noelig": ("ingen giltig målgrupp", "no valid target group"),
    "sl.manual": ("Lägg till en arbetssökande för hand", "Add a job seeker by hand"),
    "sl.manual.ref": ("Den arbetssökandes referens", "The job seeker's reference"),
    "sl.manual.reason": ("Varför (krävs)", "Why (required)"),
    "sl.manual.add": ("Lägg till", "Add"),
    "dec.propose": ("Föreslå för leverantören", "Propose to the supplier"),
    "dec.hold": ("Avvakta", "Hold"),
    "dec.reject": ("Välj bort", "Reject"),
    "reason.good_fit": ("Passar bra", "Good fit"),
    "reason.seeker_interested": ("Den sökande är intresserad", "The seeker is interested"),
    "reason.needs_more_info": ("Behöver mer information", "Needs more information"),
    "reason.seeker_unavailable": ("Den sökande är inte tillgänglig", "The seeker is unavailable"),
    "reason.seeker_declined": ("Den sökande tackade nej", "The seeker declined"),
    "reason.fit_skills": ("Saknar kompetens", "Lacks skills"),
    "reason.fit_language": ("Språkkrav uppfylls inte", "Language requirement not met"),
    "reason.fit_licence": ("Saknar körkort eller behörighet", "Lacks licence"),
    "reason.fit_distance": ("För långt avstånd", "Too far away"),
    "reason.fit_experience": ("För lite erfarenhet", "Too little experience"),
    "reason.not_eligible": ("Tillhör inte målgruppen", "Not in the target group"),
    "reason.other": ("Annat", "Other"),
    "group.newcomer": ("Nyanländ", "Newcomer"),
    "group.youth": ("Ung", "Young person"),
    "group.long_term_unemployed": ("Långtidsarbetslös", "Long-term unemployed"),
    "group.economic_assistance": ("Ekonomiskt bistånd", "Economic assistance"),
    "group.disability": ("Funktionsnedsättning", "Disability"),
    "group.other": ("Annan", "Other"),
    "prop.candidate": ("Kandidat", "Candidate"),
    "prop.experience": ("Erfarenhet", "Experience"),
    "prop.years": ("år", "years"),
    "prop.languages": ("Språk", "Languages"),
    "prop.licences": ("Körkort och behörigheter", "Licences"),
    "prop.skills": ("Kompetenser", "Skills"),
    "prop.available": ("Kan börja", "Available from"),
    "prop.extent": ("Önskad omfattning", "Wanted extent"),
    "prop.distance": ("Avstånd till arbetsplatsen", "Distance to the workplace"),
    "prop.note": ("Från handläggaren", "From the case worker"),
    "prop.status": ("Läge", "Status"),
    "prop.outcome": ("Utfall", "Outcome"),
    "prop.reason": ("Kommentar eller skäl", "Comment or reason"),
    "prop.start": ("Startdatum (om anställd)", "Start date (if hired)"),
    "prop.save": ("Spara återkoppling", "Save feedback"),
    "prop.none": ("Inga kandidater har föreslagits ännu.", "No candidates have been proposed yet."),
    "pstatus.sent": ("Föreslagen", "Proposed"),
    "pstatus.interviewed": ("Intervjuad", "Interviewed"),
    "pstatus.hired": ("Anställd", "Hired"),
    "pstatus.not_hired": ("Inte anställd", "Not hired"),
    "pstatus.withdrawn": ("Återkallad", "Withdrawn"),
    "seek.search.submit": ("Sök", "Search"),
    "seek.ref": ("Referens", "Reference"),
    "seek.profile": ("Profil", "Profile"),
    "seek.available": ("Tillgänglig från", "Available from"),
    "seek.title": ("Arbetssökande", "Job seeker"),
    "seek.identity": ("Identitet", "Identity"),
    "seek.identity.note": (
        "Namn och personnummer visas bara när du behöver dem, och visningen loggas.",
        "Name and identity number are shown only when you need them, and each view is logged.",
    ),
    "seek.identity.show": ("Visa identitet", "Show identity"),
    "seek.name": ("Namn", "Name"),
    "seek.pnr": ("Personnummer", "Personal identity number"),
    "seek.contact": ("Kontakt", "Contact"),
    "seek.fit": ("Platser som passar", "Placements that fit"),
    "empty.none": ("Det finns inget att visa här ännu.", "There is nothing to show here yet."),
}

TRANSLATIONS |= ROLE_TRANSLATIONS
TRANSLATIONS |= STAFF_TRANSLATIONS
TRANSLATIONS |= OCCUPATION_TRANSLATIONS
TRANSLATIONS |= OCCUPATION_SEARCH_TRANSLATIONS
TRANSLATIONS |= PLACEMENT_TRANSLATIONS
TRANSLATIONS |= ACCOUNT_TRANSLATIONS
TRANSLATIONS |= CONTRACT_MOVE_TRANSLATIONS
TRANSLATIONS |= MATCH_BAND_TRANSLATIONS
TRANSLATIONS |= GUIDANCE_TRANSLATIONS


def language(request: Request) -> str:
    lang = request.cookies.get("lang", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str) -> str:
    sv, en = TRANSLATIONS[key]
    return en if lang == "en" else sv
