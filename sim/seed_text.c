/* seed_text.c — Flemish names and phrases for the demo data, and a small,
 * documented set of hostile strings that a terminal client must survive.
 *
 * Hostile strings (left out with --clean-text):
 *   | # | bytes                          | what it tries                         |
 *   |---|--------------------------------|---------------------------------------|
 *   | 0 | ESC [2J                        | clear the screen (CSI)                |
 *   | 1 | ESC ]0;pwned BEL               | set the window title (OSC 0)          |
 *   | 2 | ESC ]52;c;cm0gLXJmIH4= BEL     | write "rm -rf ~" to the clipboard     |
 *   | 3 | "SAFE\rEVIL"                   | carriage return overwrites: "EVILFE"  |
 *   | 4 | "AB\b\bXY"                     | backspaces overwrite: "XY"            |
 *   | 5 | U+202E RIGHT-TO-LEFT OVERRIDE  | reversed text ("gnp.exe")             |
 *   | 6 | U+200B, U+2060, U+FEFF         | zero-width characters                 |
 *   | 7 | emoji, CJK                     | double-width characters               |
 *   | - | 50 kB description              | a huge field (sim_hostile_long_text)  |
 * Placed in a few melding descriptions, one meeting location, one dossier
 * name and one agenda item title (see seed.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sim/seed.h"

#define LIST(name, ...)                                      \
    static const char *const name##_items[] = {__VA_ARGS__}; \
    const sim_name_list name = {name##_items, sizeof name##_items / sizeof name##_items[0]}

LIST(sim_first_names, "An", "Bram", "Chlo\u00e9", "Dirk", "Els", "Fatima", "Geert", "Hanne", "Ilse",
     "Jan", "Koen", "Lien", "Marie", "No\u00eblle", "Olivier", "Pieter", "Rani", "Sofie", "Thomas",
     "Wout", "Yasmine", "Ze\u00efneb", "Fran\u00e7ois", "J\u00fcrgen", "Ren\u00e9e", "Ga\u00ebl",
     "Mohamed", "Lotte");
LIST(sim_last_names, "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes",
     "Goossens", "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Van den Broeck",
     "Verm\u00eblen", "Ceusters", "El Amrani", "Fran\u00e7ois", "Desmet", "Vandenbussche",
     "Bogaert", "De Backer", "M\u00fcller", "Verbi\u00eest", "Lef\u00e8vre");
LIST(sim_streets, "Bondgenotenlaan", "Kerkstraat", "Stationsstraat", "Dorpsstraat", "Molenstraat",
     "Ninoofsesteenweg", "Brusselsesteenweg", "Gemeenteplein", "Pastorijstraat", "Beekstraat",
     "Kapelleweg", "Ta\u00efeplein", "Ren\u00e9 Declercqstraat", "Ijzerlaan");
LIST(sim_towns, "3000 Leuven", "1700 Dilbeek", "2800 Mechelen", "8500 Kortrijk", "2340 Beerse",
     "3580 Beringen", "9100 Sint-Niklaas", "9880 Aalter", "3010 Kessel-Lo");
LIST(sim_locations, "Raadzaal, Gemeenteplein 1, 1700 Dilbeek", "Schepenzaal",
     "Zaal De Kroon, Kerkstraat 12", "Cultureel centrum Westrand", "Sociaal Huis, vergaderzaal 2",
     "Online (Teams)", "Trouwzaal", "Kasteel La Motte, caf\u00e9zaal");
LIST(sim_agenda_titles, "Goedkeuring notulen vorige zitting",
     "Subsidie regenwaterput \u2014 aanvraag %s", "Evenementenvergunning Fuif %s - goedkeuring",
     "Aanstelling personeelslid Dienst Financi\u00ebn", "Kennisname verslag adviesraad",
     "Retributiereglement parkeren \u2014 wijziging", "Omgevingsvergunning Molenstraat %d",
     "Samenwerkingsovereenkomst intergemeentelijke vereniging",
     "Budgetwijziging 2023/2 (\u20ac 12.500)", "Mondelinge vragen van raadsleden",
     "Tussenkomst in kosten schoolreis", "Erkenning vereniging \u201cDe Vri\u00ebnden\u201d",
     "Aankoop elektrische bestelwagen", "Politiereglement tijdelijk verkeer \u2014 kermis",
     "Goedkeuring van de agenda", "Varia en mededelingen");
LIST(sim_departments, "Dienst Economie", "Dienst Financi\u00ebn", "Dienst Omgeving", "Secretariaat",
     "Dienst Cultuur", "Dienst Welzijn", "Dienst Burgerzaken", "Technische Dienst");
LIST(sim_event_names, "Fuif %s", "Buurtfeest %s", "Rommelmarkt %s", "Kermis %s",
     "Sint-Maartensstoet %s", "Avondmarkt %s", "Caf\u00e9-concert %s", "Jeugdfu\u00eff %s");
LIST(sim_companies, "Bouwbedrijf Peeters NV", "Caf\u00e9 De Zwaan BV", "Bakkerij Ma\u00ebs",
     "Garage Desmet & Zonen", "Tuinaanleg Verbi\u00eest BV");
LIST(sim_associations, "KSA Dilbeek", "Chiro Sint-Jan", "Fanfare De Eendracht",
     "Vrienden van het Kasteel vzw", "Buurtcomit\u00e9 Molenwijk");
LIST(sim_melding_texts, "Sinds het weekend staan er zakken huisvuil naast de glasbol.",
     "De straatlamp voor nummer %d brandt al een week niet meer.",
     "Diepe put in het wegdek, gevaarlijk voor fietsers.",
     "Het gras in het park wordt niet meer gemaaid; de haag hangt over het fietspad.",
     "Veel zwerfvuil langs de Beekstraat na de kermis.",
     "Overhangende takken belemmeren het zicht op het kruispunt.",
     "Afvalzakken opengescheurd door vossen, het afval ligt op de stoep.");

const sim_melding_category sim_melding_categories[] = {
    {"sluikstort", "Sluikstort", "sluikstort-glasbol", "Sluikstort aan glasbol", "Milieudienst"},
    {"sluikstort", "Sluikstort", "sluikstort-berm", "Sluikstort in berm of gracht", "Milieudienst"},
    {"straatverlichting", "Straatverlichting", "straatverlichting-defect", "Lamp defect",
     "Technische Dienst"},
    {"wegdek", "Wegdek en voetpad", "wegdek-put", "Put in het wegdek", "Technische Dienst"},
    {"wegdek", "Wegdek en voetpad", "wegdek-voetpad", "Losliggende stoeptegel",
     "Technische Dienst"},
    {"groenonderhoud", "Groenonderhoud", "groenonderhoud-maaien", "Gras maaien", "Groendienst"},
    {"zwerfvuil", "Zwerfvuil", "zwerfvuil-straat", "Zwerfvuil op straat", "Meldpunt"},
};
const unsigned sim_nmelding_categories =
    sizeof sim_melding_categories / sizeof sim_melding_categories[0];

const char *const sim_hostile[] = {
    "Opgelet \x1b[2J het scherm is leeg",
    "Titel \x1b]0;pwned\x07 veranderd",
    "Klembord \x1b]52;c;cm0gLXJmIH4=\x07 gevuld",
    "SAFE\rEVIL",
    "AB\b\bXY",
    "Bijlage \u202Egnp.exe",
    "Onzicht\u200Bbare\u2060tekens\uFEFF hier",
    "Emoji \U0001F5D1\U0001F6AE en CJK \u5783\u573E\u5806 \u7126\u7CD6",
    NULL,
};

char *sim_hostile_long_text(void)
{
    static const char unit[] = "Lange beschrijving met \u00e9\u00e8\u00eb\u00e7\u00fc. ";
    size_t n = 50 * 1024 / (sizeof unit - 1) + 1;
    char *s = malloc(n * (sizeof unit - 1) + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * (sizeof unit - 1), unit, sizeof unit - 1);
    s[n * (sizeof unit - 1)] = '\0';
    return s;
}
