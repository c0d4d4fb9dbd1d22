#!/usr/bin/python3
"""Generate corpus/websites/reviews.csv: fictional expert scores of 32 fictional school
websites against every UX requirement (fields.requirement) of the behoeften codes in
codebooks/llo.yaml.

Deterministic: a fixed seed, no dependencies beyond the standard library. Run from the
repository root or from this folder:

    /usr/bin/python3 corpus/websites/make_reviews.py

Score: 0 = absent, 1 = partial, 2 = complete. A short Dutch note where the score is not 2.

Model: latent = site quality + ease of the requirement + type effect (HBO/MBO)
+ leader bonus on the themes flexibiliteit and toegankelijkheid + noise, cut into 0/1/2.
The four leaders (two HBO, two MBO) are the design truth, as in the seed: the best schools
stood out on information about flexibility and accessibility.
"""

import csv
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CODEBOOK = os.path.join(ROOT, "codebooks", "llo.yaml")
SITES = os.path.join(HERE, "sites.csv")
OUT = os.path.join(HERE, "reviews.csv")

SEED = 20240523  # the day of the benchmark event in the seed

LEADERS = {"H04", "H12", "M03", "M10"}
LEADER_THEMES = {"flexibiliteit", "toegankelijkheid"}
# Site quality (latent base); unlisted sites are middling and get a small random offset.
BASE = {
    "H04": 1.45, "H12": 1.35, "M03": 1.45, "M10": 1.45,   # leaders
    "H07": 0.45, "H15": 0.50, "M08": 0.45, "M14": 0.40, "M13": 0.55,  # weak sites
}
MIDDLE = 1.12

# How often a requirement is met at all (realistic: level and location are nearly always
# there, income during the course and a sample week almost never).
EASE = {
    "niveau": 0.55, "locatie_bereikbaarheid": 0.45, "inhoud_programma": 0.40,
    "duur": 0.30, "toelatingseisen": 0.15, "diploma_waarde": 0.15,
    "open_dag_proefles": 0.20, "praktijkgerichtheid_stage": 0.05, "aanmeldprocedure": 0.0,
    "startmomenten": 0.0, "baankansen": 0.0, "ervaringen_anderen": -0.05,
    "kosten": -0.10, "begeleiding": -0.15, "leerroutes": -0.10, "studielast": -0.15,
    "online_hybride": -0.10, "vindbaar_aanbod_volwassenen": -0.20,
    "begrijpelijke_taal": -0.20, "mobiel_en_pdf": -0.25, "lesrooster": -0.30,
    "financiering": -0.25, "evc_vrijstellingen": -0.35, "contactpersoon": -0.35,
    "combinatie_werk_gezin": -0.55, "inkomen_tijdens_opleiding": -0.60,
}
# MBO sites (BBL, BPV) explain the practical part and income better; HBO sites the degree.
TYPE_EFFECT = {
    "MBO": {"praktijkgerichtheid_stage": 0.30, "inkomen_tijdens_opleiding": 0.30,
            "diploma_waarde": -0.10, "evc_vrijstellingen": -0.10},
    "HBO": {"diploma_waarde": 0.15, "evc_vrijstellingen": 0.10,
            "praktijkgerichtheid_stage": -0.15, "inkomen_tijdens_opleiding": -0.15},
}
LEADER_BONUS = 0.55
NOISE = 0.45
CUT_PARTIAL = 0.55   # latent below: 0
CUT_COMPLETE = 1.45  # latent from here: 2

# Notes: (absent, partial) per code; {route} is "deeltijd" (HBO) or "BBL" (MBO).
NOTES = {
    "kosten": (["Geen prijs te vinden", "Alleen 'prijs op aanvraag'"],
               ["Prijs alleen in PDF-brochure", "Collegegeld genoemd, boeken en materiaal niet",
                "Alleen het lesgeld voor voltijd genoemd"]),
    "financiering": (["Geen informatie over financiering",
                      "Financiering niet genoemd, ook niet via de werkgever"],
                     ["Alleen 'vraag je werkgever' zonder uitleg",
                      "Levenlanglerenkrediet genoemd, sectorfondsen niet",
                      "Link naar landelijke site, geen eigen uitleg"]),
    "studielast": (["Geen studielast per week vermeld"],
                   ["Alleen lesuren, geen zelfstudie", "Studielast alleen in EC, niet in uren per week",
                    "Uren per week alleen in de studiegids"]),
    "lesrooster": (["Lesdagen ontbreken", "Rooster 'volgt later', geen voorbeeld"],
                   ["Lesdag genoemd, tijden niet", "Alleen 'overdag of 's avonds' zonder dag",
                    "Rooster pas na aanmelddeadline bekend"]),
    "online_hybride": (["Niets over online of op locatie"],
                       ["'Deels online' zonder verhouding", "Eigen tempo niet uitgelegd",
                        "Online deel alleen in de FAQ"]),
    "duur": (["Duur niet vermeld"],
             ["Duur alleen voor voltijd", "Verkort traject zonder duur",
              "Duur in studiepunten, niet in maanden"]),
    "startmomenten": (["Geen startmomenten vermeld"],
                      ["Startdata ontbreken voor {route}", "Alleen 'start in september', geen deadline",
                       "Aanmelddeadline ontbreekt"]),
    "toelatingseisen": (["Toelatingseisen ontbreken"],
                        ["Eisen alleen voor voltijd beschreven", "Jargon: 'vooropleidingseisen' zonder uitleg",
                         "Eis van een werkplek niet genoemd"]),
    "evc_vrijstellingen": (["Niets over EVC of vrijstellingen"],
                           ["EVC genoemd zonder uitleg", "Vrijstellingen 'op aanvraag', geen voorbeeld",
                            "Niet wat het scheelt in tijd en geld"]),
    "diploma_waarde": (["Niet vermeld welk diploma of certificaat je haalt"],
                       ["Erkenning niet genoemd", "Niet of het certificaat stapelbaar is",
                        "Registerinschrijving ontbreekt"]),
    "praktijkgerichtheid_stage": (["Praktijkdeel niet beschreven"],
                                  ["Hulp bij het vinden van een leerwerkplek ontbreekt",
                                   "Stage genoemd, omvang niet", "Werkplekleren alleen in één zin"]),
    "contactpersoon": (["Alleen algemeen contactformulier", "Geen contactpersoon voor werkenden"],
                       ["Algemeen nummer, geen naam", "Geen antwoordtermijn genoemd",
                        "Studieadviseur zonder telefoonnummer"]),
    "open_dag_proefles": (["Geen voorlichting voor werkenden te vinden"],
                          ["Alleen open dagen op zaterdag voor voltijd",
                           "Informatieavond zonder datum", "Proefles alleen op verzoek"]),
    "ervaringen_anderen": (["Geen ervaringsverhalen", "Alleen verhalen van voltijdstudenten"],
                           ["Eén verhaal, geen werkende student", "Quote zonder achtergrond",
                            "Video alleen op YouTube, niet op de pagina"]),
    "begeleiding": (["Begeleiding niet beschreven"],
                    ["Niets over dyslexie of functiebeperking", "Mentor genoemd, niet hoe vaak",
                     "Begeleiding alleen algemeen voor de hele school"]),
    "combinatie_werk_gezin": (["Niet hoe het te combineren is met werk en gezin",
                               "Geen voorbeeldweek"],
                              ["Alleen 'goed te combineren met werk'", "Voorbeeldweek alleen voor voltijd"]),
    "locatie_bereikbaarheid": (["Lesplaats niet vermeld"],
                               ["Adres zonder bereikbaarheid", "Meerdere locaties, niet welke voor {route}"]),
    "niveau": (["Niveau niet vermeld"],
               ["Niveau genoemd, doorstroom niet", "Niets over vervolgopleidingen"]),
    "inhoud_programma": (["Programma niet beschreven"],
                         ["Modules alleen als lijst met namen", "Wervende tekst, weinig concreet",
                          "Programma alleen in de studiegids"]),
    "baankansen": (["Geen beroepen of arbeidsmarkt genoemd"],
                   ["Beroepen genoemd, geen salarisindicatie", "Arbeidsmarktperspectief ontbreekt"]),
    "inkomen_tijdens_opleiding": (["Niets over inkomen of uitkering", "Niets over inkomen tijdens de opleiding"],
                                  ["Leerwerkbaan genoemd, salaris niet", "WW niet genoemd",
                                   "Terugbetaalregeling niet uitgelegd"]),
    "aanmeldprocedure": (["Alleen een knop 'aanmelden'"],
                         ["Stappen zonder deadlines", "Volgorde werkgever, school en intake onduidelijk",
                          "Aanmelding via Studielink niet uitgelegd voor werkenden"]),
    "leerroutes": (["Alleen de voltijdroute beschreven"],
                   ["{route} genoemd, verschil niet uitgelegd", "Zij-instroom op aparte pagina",
                    "Routes door elkaar op één pagina"]),
    "vindbaar_aanbod_volwassenen": (["Geen ingang voor werkenden vanaf de homepage"],
                                    ["Aanbod voor werkenden pas na drie of meer klikken",
                                     "Ingang heet 'Professionals', onder 'Over ons'",
                                     "Alleen vindbaar via de zoekfunctie"]),
    "begrijpelijke_taal": (["Veel onderwijsjargon, feiten ontbreken"],
                           ["Feiten pas onderaan de pagina", "Jargon als 'crebo' en 'EC' zonder uitleg",
                            "Lange wervende inleiding"]),
    "mobiel_en_pdf": (["Kerninformatie alleen in een pdf"],
                      ["Tabel met kosten slecht leesbaar op telefoon", "Rooster en kosten alleen in de studiegids",
                       "Deel van de feiten in een pdf"]),
}
GENERIC = (["Niet gevonden op de opleidingspagina"], ["Gedeeltelijk vermeld"])


def behoeften_requirements(path):
    """Line-based parse: (code path, theme, requirement) for every code under behoeften
    that has fields.requirement. Code paths follow the '- name:' nesting by indentation."""
    out = []
    stack = []  # (indent, name)
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            if stripped.startswith("- name:"):
                name = stripped[len("- name:"):].strip().strip('"\'')
                while stack and stack[-1][0] >= indent:
                    stack.pop()
                stack.append((indent, name))
                codepath = "/".join(n for _, n in stack)
                current = {"code": codepath, "theme": None, "requirement": None}
                if codepath.split("/")[0] == "behoeften":
                    out.append(current)
            elif current is not None and stripped.startswith("theme:"):
                current["theme"] = stripped[len("theme:"):].strip().strip('"\'')
            elif current is not None and stripped.startswith("requirement:"):
                v = stripped[len("requirement:"):].strip()
                if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                    v = v[1:-1]
                current["requirement"] = v
    return [c for c in out if c["requirement"]]


def main():
    reqs = behoeften_requirements(CODEBOOK)
    if not reqs:
        sys.exit("no behoeften requirements found in " + CODEBOOK)
    with open(SITES, encoding="utf-8", newline="") as f:
        sites = list(csv.DictReader(f))
    rng = random.Random(SEED)
    base = {}
    for s in sites:
        base[s["site"]] = BASE.get(s["site"], MIDDLE + rng.uniform(-0.2, 0.2))
    rows = []
    for s in sites:
        sid, typ = s["site"], s["type"]
        route = "deeltijd" if typ == "HBO" else "BBL"
        for r in reqs:
            leaf = r["code"].split("/")[-1]
            latent = base[sid] + EASE.get(leaf, 0.0) + TYPE_EFFECT[typ].get(leaf, 0.0)
            if sid in LEADERS and r["theme"] in LEADER_THEMES:
                latent += LEADER_BONUS
            latent += rng.gauss(0.0, NOISE)
            score = 0 if latent < CUT_PARTIAL else (1 if latent < CUT_COMPLETE else 2)
            note = ""
            if score < 2:
                absent, partial = NOTES.get(leaf, GENERIC)
                note = rng.choice(absent if score == 0 else partial).format(route=route)
                note = note[0].upper() + note[1:]
            rows.append({"site": sid, "code": r["code"], "score": score, "note": note})

    # Check: every behoeften code with a requirement, exactly once for every site.
    want = {(s["site"], r["code"]) for s in sites for r in reqs}
    got = [(row["site"], row["code"]) for row in rows]
    assert len(got) == len(set(got)) == len(want) and set(got) == want, "incomplete grid"

    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["site", "code", "score", "note"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    # Summary on stderr.
    def mean(xs):
        return sum(xs) / len(xs) if xs else 0.0
    by_site = {}
    for row in rows:
        by_site.setdefault(row["site"], []).append(row["score"])
    theme = {r["code"]: r["theme"] for r in reqs}
    print("%d sites x %d requirements = %d rows; mean score %.2f" % (
        len(sites), len(reqs), len(rows), mean([row["score"] for row in rows])), file=sys.stderr)
    for sid in sorted(by_site, key=lambda k: -mean(by_site[k])):
        ft = [row["score"] for row in rows if row["site"] == sid
              and theme[row["code"]] in LEADER_THEMES]
        print("  %s %.2f  flex/toeg %.2f%s" % (sid, mean(by_site[sid]), mean(ft),
                                               "  leader" if sid in LEADERS else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
