/* seed.h — deterministic demo data: the same seed gives the same bytes. */
#ifndef LB_SIM_SEED_H
#define LB_SIM_SEED_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct sim_seed_options {
    uint64_t seed;
    double scale;
    bool clean_text; /* leave the hostile strings out */
} sim_seed_options;

/* Fills an empty database in one transaction. 0 on success. */
int sim_seed(sqlite3 *db, const sim_seed_options *o);

/* seed_text.c: the word lists and the hostile strings. */
typedef struct sim_name_list {
    const char *const *items;
    unsigned n;
} sim_name_list;

extern const sim_name_list sim_first_names, sim_last_names, sim_streets, sim_towns, sim_locations,
    sim_agenda_titles, sim_departments, sim_event_names, sim_companies, sim_associations,
    sim_melding_texts;
/* Melding categories with one subcategory each row (a category repeats for
 * each of its subcategories); TEAM handles them. */
typedef struct sim_melding_category {
    const char *code, *label, *sub, *sublabel, *team;
} sim_melding_category;
extern const sim_melding_category sim_melding_categories[];
extern const unsigned sim_nmelding_categories;

/* Hostile strings (see the table in seed_text.c), NULL-terminated. */
extern const char *const sim_hostile[];
/* The 50 kB description: built on demand, owned by the caller (free). */
char *sim_hostile_long_text(void);

#endif
