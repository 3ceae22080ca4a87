"""Names whose label the world settles, whatever the article: states and their parts,
capitals, continents and regions, and international bodies.

spaCy's small model labels names it met rarely in training by their shape, so "Malawi",
"Zambia" or "Borneo" come out as people and "United Nations" as a place. A name on these
lists is labelled by the list, as strongly as the name's own head word would say it. Only
whole names are looked up ("Malawi", not "Malawi Congress Party"), and names that are as
often a person's ("Jordan", "Chad", "Paris") are left to the model and the article.
"""

from __future__ import annotations

import unicodedata

# Sovereign states, with the short and older forms news uses for them.
_STATES = """
Afghanistan; Albania; Algeria; Andorra; Angola; Antigua and Barbuda; Argentina; Armenia;
Australia; Austria; Azerbaijan; Bahamas; Bahrain; Bangladesh; Barbados; Belarus; Belgium;
Belize; Benin; Bhutan; Bolivia; Bosnia and Herzegovina; Bosnia; Herzegovina; Botswana;
Brazil; Brunei; Bulgaria; Burkina Faso; Burundi; Cabo Verde; Cape Verde; Cambodia;
Cameroon; Canada; Central African Republic; Chad; Chile; China; Colombia; Comoros; Congo;
Costa Rica; Côte d'Ivoire; Ivory Coast; Croatia; Cuba; Cyprus; Czech Republic; Czechia;
Denmark; Djibouti; Dominica; Dominican Republic; East Timor; Timor-Leste; Ecuador; Egypt;
El Salvador; Equatorial Guinea; Eritrea; Estonia; Eswatini; Swaziland; Ethiopia; Fiji;
Finland; France; Gabon; Gambia; Georgia; Germany; Ghana; Greece; Grenada; Guatemala;
Guinea; Guinea-Bissau; Guyana; Haiti; Honduras; Hungary; Iceland; India; Indonesia; Iran;
Iraq; Ireland; Israel; Italy; Jamaica; Japan; Jordan; Kazakhstan; Kenya; Kiribati; Kosovo;
Kuwait; Kyrgyzstan; Laos; Latvia; Lebanon; Lesotho; Liberia; Libya; Liechtenstein;
Lithuania; Luxembourg; Madagascar; Malawi; Malaysia; Maldives; Mali; Malta;
Marshall Islands; Mauritania; Mauritius; Mexico; Micronesia; Moldova; Monaco; Mongolia;
Montenegro; Morocco; Mozambique; Myanmar; Burma; Namibia; Nauru; Nepal; Netherlands;
Holland; New Zealand; Nicaragua; Niger; Nigeria; North Korea; North Macedonia; Macedonia;
Norway; Oman; Pakistan; Palau; Palestine; Panama; Papua New Guinea; Paraguay; Peru;
Philippines; Poland; Portugal; Qatar; Romania; Russia; Russian Federation; Rwanda;
Saint Kitts and Nevis; Saint Lucia; Saint Vincent and the Grenadines; Samoa; San Marino;
São Tomé and Príncipe; Saudi Arabia; Senegal; Serbia; Seychelles; Sierra Leone; Singapore;
Slovakia; Slovenia; Solomon Islands; Somalia; Somaliland; South Africa; South Korea;
Korea; South Sudan; Spain; Sri Lanka; Sudan; Suriname; Sweden; Switzerland; Syria;
Taiwan; Tajikistan; Tanzania; Thailand; Togo; Tonga; Trinidad and Tobago; Tunisia; Turkey;
Türkiye; Turkmenistan; Tuvalu; Uganda; Ukraine; United Arab Emirates; United Kingdom;
Britain; Great Britain; United States; United States of America; America; Uruguay;
Uzbekistan; Vanuatu; Vatican; Vatican City; Venezuela; Vietnam; Yemen; Zambia; Zimbabwe;
US; U.S.; USA; U.S.A.; UK; U.K.; UAE; DRC; DR Congo;
Democratic Republic of the Congo; Republic of the Congo; Northern Cyprus; Western Sahara;
Hong Kong; Macau; Macao; Puerto Rico; Greenland; Gaza; Gaza Strip; West Bank;
England; Scotland; Wales; Northern Ireland; Crimea; Abkhazia; Chechnya; Kurdistan;
Tibet; Xinjiang; Catalonia; Flanders; Bavaria; Quebec; Ontario; Alberta; Manitoba;
Saskatchewan; British Columbia; Nova Scotia; New Brunswick; Newfoundland;
New South Wales; Queensland; Tasmania; Western Australia; South Australia;
Alabama; Alaska; Arizona; Arkansas; California; Colorado; Connecticut; Delaware; Florida;
Hawaii; Idaho; Illinois; Indiana; Iowa; Kansas; Kentucky; Louisiana; Maine; Maryland;
Massachusetts; Michigan; Minnesota; Mississippi; Missouri; Montana; Nebraska; Nevada;
New Hampshire; New Jersey; New Mexico; New York State; North Carolina; North Dakota; Ohio;
Oklahoma; Oregon; Pennsylvania; Rhode Island; South Carolina; South Dakota; Tennessee;
Texas; Utah; Vermont; Virginia; West Virginia; Wisconsin; Wyoming; Washington, D.C.;
Punjab; Sindh; Balochistan; Khyber Pakhtunkhwa; Kashmir; Tamil Nadu; Kerala; Karnataka;
Maharashtra; Gujarat; Rajasthan; Uttar Pradesh; Bihar; West Bengal; Odisha; Assam;
Andhra Pradesh; Telangana; Madhya Pradesh
"""

# Capitals and the largest cities in the news (not those whose name is as often a football
# club's: "Barcelona", "Milan").
_CITIES = """
Kabul; Tirana; Algiers; Luanda; Buenos Aires; Yerevan; Canberra; Vienna; Baku; Manama;
Dhaka; Minsk; Brussels; Cotonou; Porto-Novo; Thimphu; La Paz; Sarajevo; Gaborone; Brasília;
Brasilia; Sofia; Ouagadougou; Gitega; Bujumbura; Phnom Penh; Yaoundé; Yaounde; Ottawa;
Bangui; N'Djamena; Beijing; Bogotá; Bogota; Kinshasa; Brazzaville; San José; Abidjan;
Yamoussoukro; Zagreb; Havana; Nicosia; Prague; Copenhagen; Santo Domingo; Quito; Cairo;
San Salvador; Malabo; Asmara; Tallinn; Mbabane; Addis Ababa; Suva; Helsinki; Libreville;
Banjul; Tbilisi; Berlin; Accra; Athens; Guatemala City; Conakry; Bissau; Port-au-Prince;
Tegucigalpa; Budapest; Reykjavík; Reykjavik; New Delhi; Delhi; Jakarta; Tehran; Baghdad;
Dublin; Jerusalem; Tel Aviv; Rome; Tokyo; Amman; Astana; Nairobi; Pristina; Kuwait City;
Bishkek; Vientiane; Riga; Beirut; Maseru; Monrovia; Tripoli; Vilnius; Antananarivo;
Lilongwe; Blantyre; Kuala Lumpur; Bamako; Valletta; Nouakchott; Port Louis; Mexico City;
Chișinău; Chisinau; Ulaanbaatar; Podgorica; Rabat; Casablanca; Maputo; Naypyidaw; Yangon;
Windhoek; Kathmandu; Amsterdam; The Hague; Wellington; Auckland; Managua; Niamey; Abuja;
Lagos; Pyongyang; Skopje; Oslo; Muscat; Islamabad; Karachi; Lahore; Ramallah; Panama City;
Port Moresby; Asunción; Lima; Manila; Warsaw; Lisbon; Doha; Bucharest; Moscow;
St Petersburg; Saint Petersburg; Kigali; Riyadh; Jeddah; Mecca; Medina; Dakar; Belgrade;
Freetown; Bratislava; Ljubljana; Mogadishu; Pretoria; Johannesburg; Cape Town; Durban;
Seoul; Juba; Madrid; Colombo; Khartoum; Paramaribo; Stockholm; Bern; Geneva;
Zurich; Damascus; Aleppo; Taipei; Dushanbe; Dodoma; Dar es Salaam; Bangkok; Lomé; Lome;
Tunis; Ankara; Istanbul; Ashgabat; Kampala; Kyiv; Kiev; Abu Dhabi; Dubai; London;
Washington, D.C.; New York; New York City; Montevideo; Tashkent; Caracas; Hanoi; Ho Chi Minh City;
Sanaa; Sana'a; Aden; Lusaka; Harare; Bulawayo; Mumbai; Bombay; Kolkata; Calcutta; Chennai;
Madras; Bengaluru; Bangalore; Hyderabad; Shanghai; Guangzhou; Shenzhen; Wuhan; Chongqing;
Osaka; Sydney; Melbourne; Toronto; Montreal; Vancouver; Los Angeles; Chicago; San Francisco;
Rio de Janeiro; São Paulo; Sao Paulo; Mosul; Basra; Erbil; Kirkuk; Gaza City; Kandahar;
Peshawar; Quetta; Benghazi; Alexandria; Goma; Kano; Kaduna; Maiduguri; Mombasa; Kisumu;
Ndola; Kitwe; Kharkiv; Odesa;
Odessa; Mariupol; Donetsk; Luhansk; Minneapolis
"""

# Continents, regions and islands: places that are not states (OntoNotes LOC).
_REGIONS = """
Africa; Europe; Asia; Antarctica; Oceania; Australasia; Eurasia; North America;
South America; Latin America; Central America; the Americas; Middle East; Near East;
Far East; North Africa; West Africa; East Africa; Central Africa; Southern Africa;
Sub-Saharan Africa; Horn of Africa; Sahel; Sahara; Maghreb; Levant; Balkans;
Western Europe; Eastern Europe; Central Europe; Northern Europe; Southern Europe;
Scandinavia; Baltics; Caucasus; Central Asia; South Asia; East Asia; Southeast Asia;
South-East Asia; Asia-Pacific; Arctic; Mediterranean;
Eastern Mediterranean; Caribbean; Persian Gulf; Gulf of Mexico; Siberia; Himalayas;
Alps; Andes; Patagonia; Kurdistan Region; Borneo; Sumatra; Sulawesi; Bali;
Mindanao; Luzon; Crete; Sicily; Sardinia; Corsica; Mallorca; Majorca; Ibiza; Tenerife;
Lampedusa; Lesbos; Rhodes; Zanzibar; Hokkaido; Okinawa
"""

# International and intergovernmental bodies, charities and wire services.
_BODIES = """
United Nations; UN; U.N.; UN Security Council; UN General Assembly; European Union; EU;
European Commission; European Parliament; NATO; North Atlantic Treaty Organization;
World Health Organization; World Health Organisation; WHO; UNICEF; UNESCO; UNHCR;
World Food Programme; WFP; World Bank; International Monetary Fund; IMF;
World Trade Organization; WTO; African Union; Arab League; ASEAN; OPEC; G7; G20;
Interpol; Europol; Red Cross; Red Crescent; International Committee of the Red Cross;
ICRC; Amnesty International; Human Rights Watch; Greenpeace; Oxfam;
Médecins Sans Frontières; Medecins Sans Frontieres; Doctors Without Borders; MSF;
FIFA; UEFA; International Olympic Committee; IOC; Reuters; Associated Press; AFP;
Agence France-Presse; Xinhua; BBC; CNN; Al Jazeera; ECOWAS; SADC; Commonwealth of Nations
"""

# Names as often a person's as a place's, on which the lists stay silent.
_PEOPLES_NAMES = """
Chad; Jordan; Georgia; Virginia; Montana; Indiana; Victoria; Paris; Sydney; Florence;
Chelsea; Austin; Lincoln; Houston; Dallas; Orlando; Jackson; Madison; Phoenix; Raleigh;
Washington; Hamilton; Kingston; Santiago; Lima; Rhodes; Medina; America
"""


def _names(block: str) -> list[str]:
    return [name.strip() for name in block.replace("\n", " ").split(";") if name.strip()]


def fold(surface: str) -> str:
    """A name as the lists are looked up by: accents and case folded, full stops and a
    leading "the" dropped, one space between words ("The Gambia" is "gambia")."""
    text = "".join(
        c for c in unicodedata.normalize("NFKD", surface) if not unicodedata.combining(c)
    )
    words = text.replace(".", "").replace("’", "'").casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for label, block in (("LOC", _REGIONS), ("ORG", _BODIES), ("GPE", _CITIES), ("GPE", _STATES)):
        for name in _names(block):
            table[fold(name)] = label
    return table


_LABELS = _table()
# Acronyms count only in capitals: "WHO" is the organisation, "Who" and "us" are not.
_ACRONYMS = frozenset(
    fold(name)
    for block in (_STATES, _BODIES)
    for name in _names(block)
    if name.replace(".", "").isupper()
)
_AMBIGUOUS = frozenset(fold(name) for name in _names(_PEOPLES_NAMES))
# The most words in a listed name ("Saint Vincent and the Grenadines").
LONGEST = max(len(key.split()) for key in _LABELS)
_FIRST_WORDS = frozenset(key.split()[0] for key in _LABELS)


def may_start_a_name(word: str) -> bool:
    """Whether some listed name opens with `word` (a cheap test before a lookup)."""
    return fold(word) in _FIRST_WORDS


def known_label(surface: str) -> str:
    """The label the lists give the whole name `surface`, or "" when they have none or
    the name is as often a person's."""
    key = fold(surface)
    label = _LABELS.get(key, "")
    if not label or key in _AMBIGUOUS:
        return ""
    if key in _ACRONYMS and not surface.replace(".", "").isupper():
        return ""
    return label
