"""How people, not the taxonomy, name the jobs of the real-ad benchmark (hand-written word lists).

Used by ``scripts/generate_benchmark_seekers.py``. For each labelled occupation: titles people write in
Swedish that are not taxonomy labels, English titles, and skills in everyday words (Swedish, English).
``GROUP_WORDS`` gives the same for SSYK-4 groups, for seekers of neighbouring occupations;
``MAJOR_SKILLS`` everyday skills by SSYK major group, for everyone else.
"""

# occupation id: (Swedish titles people write, English titles, everyday skills sv, everyday skills en)
OCCUPATION_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "iwJU_gW4_SxT": (
        ("ux designer", "ux/ui designer", "produktdesigner digital", "designer appar och webb"),
        ("UX designer", "product designer", "UX/UI designer"),
        ("göra skisser och prototyper", "figma", "intervjua användare", "designa appar"),
        ("wireframes", "figma", "user research", "prototyping"),
    ),
    "wtxi_ss9_8Cj": (
        ("chef för kundservice", "teamledare kundtjänst", "supportchef"),
        ("customer service manager", "head of support", "community manager"),
        ("leda en grupp", "svara kunder", "schema för personal", "sociala medier"),
        ("leading a team", "customer support", "social media"),
    ),
    "khyA_L28_aHz": (
        ("nationalekonom", "ekonom utredning", "analytiker samhällsekonomi"),
        ("economist", "policy analyst", "economic analyst"),
        ("statistik", "excel", "skriva rapporter", "räkna på kostnader"),
        ("statistics", "econometrics", "R", "report writing"),
    ),
    "9yMK_8ep_D1K": (
        ("it säkerhet tekniker", "säkerhetskonsult it", "pentestare"),
        ("security engineer", "IT security specialist", "penetration tester"),
        ("brandvägg", "hitta säkerhetshål", "nätverk", "linux"),
        ("web security", "firewalls", "vulnerability scanning"),
    ),
    "oSg4_2uU_wpN": (
        ("devops", "drift och utveckling", "molnutvecklare"),
        ("DevOps engineer", "site reliability engineer", "cloud engineer"),
        ("aws", "kubernetes", "docker", "automatisera"),
        ("AWS", "Kubernetes", "Terraform", "CI/CD"),
    ),
    "n2kJ_qFK_x2K": (
        ("apputvecklare", "app-programmerare", "utvecklare mobil"),
        ("mobile developer", "iOS developer", "Android developer", "app developer"),
        ("bygga appar", "kotlin", "swift", "react native"),
        ("Android", "iOS", "React Native", "Kotlin"),
    ),
    "rQds_YGd_quU": (
        ("programmerare", "utvecklare", "systemutvecklare", "kodare"),
        ("software engineer", "software developer", "programmer"),
        ("programmera", "java", "python", "testa kod"),
        ("Java", "Python", "Git", "testing"),
    ),
    "YpXF_Mob_zM8": (
        ("data engineer", "bi-utvecklare", "databas utvecklare"),
        ("data engineer", "BI developer", "ETL developer"),
        ("sql", "databaser", "rapporter", "bigquery"),
        ("SQL", "ETL", "data warehouse", "BigQuery"),
    ),
    "aRp4_qjZ_tPV": (
        ("kommunikator", "informatör", "kommunikationsansvarig", "pr ansvarig"),
        ("communications officer", "communicator", "PR officer"),
        ("skriva texter", "sociala medier", "hemsida", "pressmeddelanden"),
        ("copywriting", "social media", "press releases"),
    ),
    "Lxas_8K9_W1o": (
        ("it-tekniker", "sysadmin", "driftansvarig it", "servertekniker"),
        ("system administrator", "sysadmin", "system engineer", "Linux administrator"),
        ("linux", "servrar", "nätverk", "backup"),
        ("Linux", "servers", "scripting", "monitoring"),
    ),
    "TT8h_qKk_1iu": (
        ("it-konsult", "lösningskonsult", "it konsult affärssystem"),
        ("solutions consultant", "IT consultant", "presales consultant"),
        ("kundmöten", "affärssystem", "presentera lösningar"),
        ("presales", "demos", "client workshops"),
    ),
    "p17k_znk_osi": (
        ("säljare", "fältsäljare", "säljare ute hos kunder", "saljare"),
        ("field sales representative", "sales rep", "outside sales"),
        ("sälja", "kundbesök", "avsluta affärer", "körkort"),
        ("sales", "closing deals", "customer visits"),
    ),
    "CQBS_ZSZ_ViP": (
        ("sjuksköterska barn", "barnsköterska sjukhus", "sjuksköterska på barnavdelning"),
        ("paediatric nurse", "pediatric nurse", "children's nurse"),
        ("ta hand om sjuka barn", "ge medicin", "prata med föräldrar"),
        ("caring for sick children", "medication", "IV lines"),
    ),
    "bXNH_MNX_dUR": (
        ("sköterska", "sjuksyster", "leg sjuksköterska", "nattsköterska", "sjukskoterska", "sjuksköterka"),
        ("nurse", "registered nurse", "staff nurse", "RN"),
        ("ge medicin", "ta blodprov", "såromläggning", "journal", "jobba natt"),
        ("medication", "blood samples", "wound care", "patient care"),
    ),
    "Uh7q_DpM_rm3": (
        ("iva sköterska", "intensivvårdssköterska", "iva-syrra", "sjuksköterska iva"),
        ("ICU nurse", "intensive care nurse", "critical care nurse"),
        ("respirator", "övervaka svårt sjuka", "akuta situationer"),
        ("ventilators", "critical care", "monitoring patients"),
    ),
    "DEDi_wap_ntF": (
        ("barnmorska förlossning", "förlossningsbarnmorska", "barnmoska", "barnmorka"),
        ("midwife", "labour ward midwife"),
        ("förlossning", "hjälpa mammor", "gravida", "bb"),
        ("deliveries", "prenatal care", "maternity ward"),
    ),
    "YJKc_yXU_DUH": (
        ("op-sköterska", "opsköterska", "operationssköterska", "sjuksköterska på operation"),
        ("theatre nurse", "scrub nurse", "operating room nurse"),
        ("steril", "instrument", "operation", "ortopedi"),
        ("sterile technique", "surgical instruments", "operating theatre"),
    ),
    "4qYQ_tWb_QjD": (
        ("narkossköterska", "anestesisköterska", "narkos sjuksköterska", "anestesi ssk"),
        ("nurse anaesthetist", "anesthesia nurse", "nurse anesthetist"),
        ("narkos", "söva patienter", "operation"),
        ("anaesthesia", "sedation", "operating theatre"),
    ),
    "71Ji_irM_rSJ": (
        ("webbutvecklare", "webbprogrammerare", "fullstackutvecklare", "utvecklare webb"),
        ("full stack developer", "web developer", "fullstack engineer"),
        ("hemsidor", "java", "javascript", "html css"),
        ("Java", "JavaScript", "HTML/CSS", "SQL"),
    ),
    "wypk_7S7_snv": (
        ("lärare högstadiet", "mattelärare", "no-lärare", "idrottslärare", "larare"),
        ("secondary school teacher", "maths teacher", "science teacher"),
        ("undervisa", "rätta prov", "barn och ungdomar", "matte"),
        ("teaching", "lesson planning", "mathematics"),
    ),
    "4zLr_jP5_peZ": (
        ("vårdare", "jobbat i hemtjänst", "hemtjänstpersonal", "vardbitrade", "omsorgspersonal"),
        ("care worker", "care assistant", "home care worker"),
        ("hjälpa gamla", "dusch och hygien", "laga mat", "städa"),
        ("personal care", "elderly care", "cooking"),
    ),
    "bUP3_Ztw_VC1": (
        ("dörrknackare", "säljare hem till kunder", "försäljare larm"),
        ("door-to-door sales", "door to door salesman", "direct sales"),
        ("sälja", "knacka dörr", "prata med folk"),
        ("sales", "door knocking", "customer contact"),
    ),
    "HdcS_g6a_jPk": (
        ("snickare", "byggare", "hantverkare", "bygg jobb", "snikare"),
        ("carpenter", "construction worker", "handyman"),
        ("bygga väggar", "renovera", "riva", "verktyg"),
        ("carpentry", "renovation", "power tools"),
    ),
    "eU1q_zvL_9Rf": (
        ("assistent", "personlig assistans", "pers. ass", "personlig asistent"),
        ("personal assistant (care)", "personal care assistant", "caregiver"),
        ("hjälpa med vardagen", "hygien", "följa med på aktiviteter"),
        ("daily living support", "personal care", "lifting"),
    ),
    "ZQWe_EYX_cqa": (
        ("bilmekaniker", "mekaniker", "bilmek", "bil mekaniker", "verkstadsmekaniker"),
        ("car mechanic", "auto mechanic", "motor mechanic"),
        ("laga bilar", "felsöka", "byta koppling", "motor"),
        ("engine repair", "diagnostics", "brakes"),
    ),
    "rGGf_KLs_To7": (
        ("servitris", "servitör", "servis", "serveringspersonal", "servitos"),
        ("waiter", "waitress", "server", "restaurant staff"),
        ("servera", "ta beställning", "kassa", "bar"),
        ("serving", "taking orders", "bar work"),
    ),
    "XGS1_7V1_8EN": (
        ("billackerare", "lackerare", "bil lackerare", "billackare"),
        ("car painter", "auto body painter", "spray painter"),
        ("spackla", "slipa", "måla bilar", "lackering"),
        ("spray painting", "sanding", "masking"),
    ),
    "17Xf_MuM_vg2": (
        ("bilplåtslagare", "plåtslagare bil", "karossreparatör", "bilplåtis"),
        ("panel beater", "auto body repairer", "body shop technician"),
        ("bucklor", "rikta bilar", "byta bildelar"),
        ("dent repair", "panel beating", "frame straightening"),
    ),
    "PecC_mHt_1Cj": (
        ("lågstadielärare", "lärare lågstadiet", "klasslärare", "lagstadielarare"),
        ("primary school teacher", "elementary teacher"),
        ("lära barn läsa", "undervisa", "små barn"),
        ("teaching young children", "reading", "classroom"),
    ),
    "86sy_hBf_exW": (
        ("gymnasielärare", "lärare gymnasiet", "kemilärare", "gymnasie lärare"),
        ("high school teacher", "upper secondary teacher", "chemistry teacher"),
        ("undervisa", "betyg", "kemi", "matte"),
        ("teaching", "grading", "chemistry"),
    ),
    "sETD_6ca_PbW": (
        ("lärare vård och omsorg", "yrkeslärare vård", "handledare apl"),
        ("vocational teacher", "vocational instructor"),
        ("undervisa", "handleda elever", "vård"),
        ("teaching", "mentoring students", "care work"),
    ),
    "9K3i_XD4_Kyy": (
        ("doktor", "läkare", "legitimerad läkare", "lakare"),
        ("doctor", "physician", "medical doctor"),
        ("undersöka patienter", "skriva recept", "diagnos"),
        ("diagnosis", "prescribing", "patient examinations"),
    ),
    "JbJw_as4_S93": (
        ("kock", "kök", "restaurangkock", "kokk", "kock restaurang"),
        ("chef", "cook", "line cook"),
        ("laga mat", "à la carte", "husmanskost", "fisk"),
        ("cooking", "a la carte", "food prep"),
    ),
    "yXRQ_Ad9_E8V": (
        ("restaurang jobb", "kassa och kök", "snabbmat", "jobbat på kiosk", "restaurangbitrade"),
        ("restaurant worker", "fast food worker", "kitchen helper"),
        ("göra mackor", "kassa", "disk", "kundservice"),
        ("cash register", "sandwiches", "customer service"),
    ),
    "Di9K_poT_rCx": (
        ("sjuksköterska demens", "sjuksköterska äldreboende", "demenssköterska"),
        ("dementia nurse", "geriatric nurse"),
        ("demens", "äldre", "medicin"),
        ("dementia care", "elderly care", "medication"),
    ),
    "parM_AuH_8Uf": (
        ("projektledare", "projektchef", "projektledare produktion"),
        ("project manager", "engineering project manager"),
        ("leda projekt", "budget", "tidplan"),
        ("project management", "budgeting", "planning"),
    ),
    "bSEB_VKd_Ub3": (
        ("usk", "undersköterska", "underskoterska", "undersjuksköterska", "boendepersonal"),
        ("assistant nurse", "nursing assistant", "care assistant"),
        ("omvårdnad", "hjälpa brukare", "dela medicin", "dokumentera"),
        ("nursing care", "medication rounds", "documentation"),
    ),
    "zEWh_oPy_Qmt": (
        ("ljudtekniker", "ljus och ljud", "teknikern på event", "scentekniker", "multitekniker"),
        ("event technician", "AV technician", "sound and light tech", "stagehand"),
        ("rigga", "ljud", "ljus", "konserter"),
        ("rigging", "sound", "lighting"),
    ),
    "GDHs_eoz_uKx": (
        ("frontendutvecklare", "webbutvecklare", "javascript utvecklare", "front end"),
        ("frontend developer", "front-end developer", "React developer"),
        ("react", "javascript", "css", "hemsidor"),
        ("React", "JavaScript", "TypeScript", "CSS"),
    ),
    "q5VW_kNA_D4Q": (
        ("teknikchef", "it-chef", "cto", "chef för utveckling"),
        ("CTO", "head of engineering", "VP engineering"),
        ("leda utvecklare", "strategi", "arkitektur"),
        ("leading tech teams", "architecture", "strategy"),
    ),
    "Fm8o_wRF_NNv": (
        ("underhållsingenjör", "underhållstekniker", "ingenjör underhåll", "underhalls ingenjor"),
        ("maintenance engineer", "maintenance planner", "reliability engineer"),
        ("planera underhåll", "felsöka maskiner", "reservdelar"),
        ("maintenance planning", "root cause analysis", "spare parts"),
    ),
    "8Uhp_XYo_z5f": (
        ("kundtjänst", "kundservice", "callcenter", "jobbat i kundtjanst", "supportmedarbetare"),
        ("customer service agent", "call centre agent", "customer support"),
        ("svara i telefon", "mejl", "hjälpa kunder"),
        ("phone support", "email", "helping customers"),
    ),
    "rxrQ_Nyy_k6y": (
        ("svetsare", "svets", "svetsare mig/tig", "plåtslagare och svetsare", "svetsere"),
        ("welder", "TIG welder", "MIG welder", "fabricator"),
        ("svetsa", "tig", "rostfritt", "plåt"),
        ("TIG welding", "MIG welding", "stainless steel"),
    ),
    "g5fd_Eyr_bjS": (
        ("säljare", "säljare företag", "b2b säljare", "regionsäljare"),
        ("sales representative", "B2B sales", "account executive"),
        ("sälja till företag", "kundrelationer", "offerter"),
        ("B2B sales", "account management", "quotes"),
    ),
    "BNz8_F9J_y2L": (
        ("lastbilschaufför", "chaufför", "lastbilsförare", "ce-chaufför", "lastbils chaffor"),
        ("truck driver", "HGV driver", "long haul driver", "lorry driver"),
        ("köra lastbil", "ce-kort", "lasta och lossa", "släp"),
        ("driving trucks", "loading", "long distance"),
    ),
    "ckkD_JhH_Sc6": (
        ("tandsköterska", "tandvårdsassistent", "tandskoterska", "tandläkarassistent"),
        ("dental nurse", "dental assistant"),
        ("assistera tandläkare", "sterilisera", "patienter"),
        ("chairside assisting", "sterilisation", "patient care"),
    ),
    "TdvW_S8R_CFH": (
        ("tandläkare", "tand doktor", "tandlakare"),
        ("dentist", "general dentist"),
        ("laga tänder", "undersöka", "röntgen"),
        ("fillings", "examinations", "x-rays"),
    ),
    "ofiS_5F2_YmV": (
        ("hr-administratör", "personaladministratör", "hr assistent", "hr admin"),
        ("HR administrator", "HR assistant", "HR coordinator"),
        ("administration", "rekrytering", "avtal", "arkiv"),
        ("HR administration", "recruitment support", "filing"),
    ),
    "Eh2z_fA6_4Ls": (
        ("analytiker", "research", "marknadsundersökare"),
        ("market research analyst", "research assistant", "market analyst"),
        ("undersökningar", "excel", "databas"),
        ("market research", "Excel", "databases"),
    ),
    "Noad_FWq_mY2": (
        ("enhetschef", "chef myndighet", "chef kommun", "avdelningschef"),
        ("head of unit", "public sector manager", "unit manager"),
        ("leda personal", "budget", "ledarskap"),
        ("people management", "budget", "leadership"),
    ),
    "Pgpp_B8P_wot": (
        ("doktorand", "forskarstuderande", "phd student"),
        ("PhD student", "doctoral researcher", "PhD candidate"),
        ("forskning", "skriva artiklar", "programmera"),
        ("research", "academic writing", "FPGA"),
    ),
    "SgGz_7JC_dtw": (
        ("controller", "ekonom", "redovisningsekonom", "financial controller"),
        ("financial controller", "controller", "finance manager"),
        ("bokslut", "budget", "excel", "rapportering"),
        ("month-end closing", "budgeting", "reporting"),
    ),
    "JEhg_Dmh_mzv": (
        ("chaufför", "budbilsförare", "lastbilschaufför", "c-chaufför", "distributions chaufför"),
        ("delivery driver", "truck driver", "distribution driver"),
        ("köra lastbil", "leverera varor", "c-kort", "truck"),
        ("deliveries", "driving", "forklift"),
    ),
}

# SSYK-4 group: (Swedish titles, English titles, skills sv, skills en) for neighbouring occupations.
GROUP_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "2221": (("sköterska", "sjuksköterska"), ("nurse",), ("patienter", "medicin"), ("patient care",)),
    "2239": (("specialistsköterska",), ("specialist nurse",), ("patienter", "medicin"), ("patient care",)),
    "5321": (("usk", "undersköterska"), ("assistant nurse",), ("omvårdnad",), ("care work",)),
    "5323": (
        ("usk sjukhus", "undersköterska"),
        ("nursing assistant",),
        ("omvårdnad", "provtagning"),
        ("care",),
    ),
    "2512": (("utvecklare", "programmerare"), ("developer", "programmer"), ("programmera",), ("coding",)),
    "2341": (("lärare", "grundskollärare"), ("teacher",), ("undervisa",), ("teaching",)),
    "3322": (("säljare",), ("sales rep",), ("sälja",), ("sales",)),
    "5120": (("kock",), ("cook",), ("laga mat",), ("cooking",)),
    "8332": (("chaufför", "lastbilschaufför"), ("truck driver",), ("köra lastbil",), ("driving",)),
    "5131": (("servering",), ("waiter",), ("servera",), ("serving",)),
    "7231": (("mekaniker",), ("mechanic",), ("reparera",), ("repairs",)),
    "5350": (("tandsköterska",), ("dental assistant",), ("tandvård",), ("dental care",)),
}

# SSYK major group (first digit): everyday skills for anyone else.
MAJOR_SKILLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "0": (("disciplin", "fysisk träning"), ("discipline",)),
    "1": (("leda personal", "budget", "planering"), ("leadership", "budgets")),
    "2": (("dator", "utredning", "skriva rapporter"), ("analysis", "report writing")),
    "3": (("dator", "service", "teknik"), ("technical support", "service")),
    "4": (("administration", "dator", "telefon"), ("office work", "computers")),
    "5": (("service", "kundkontakt", "ta hand om människor"), ("customer service", "care")),
    "6": (("jobba ute", "djur", "maskiner"), ("outdoor work", "animals")),
    "7": (("verktyg", "bygga", "reparera"), ("tools", "repairs")),
    "8": (("köra maskiner", "truck", "montering"), ("machine operation", "assembly")),
    "9": (("städa", "bära", "packa"), ("cleaning", "packing")),
}

# Titles people add as an earlier, unrelated job (noise the engine must not be misled by).
SIDE_JOBS: tuple[str, ...] = (
    "städare",
    "lagerarbetare",
    "kassörska",
    "tidningsbud",
    "diskare",
    "sommarjobb på café",
    "praktik i butik",
    "cleaner",
    "warehouse worker",
)
