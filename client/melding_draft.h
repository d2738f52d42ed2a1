/* melding_draft.h — a new melding being taken down for a caller, kept as a
 * JSON file in the state dir until it is sent or discarded: the fields, the
 * chosen category, the attachments (path, and whether the bus accepted it),
 * the idempotency key (made once per draft) and the melding's id once the
 * bus created it. The file holds a citizen's personal data: mode 0600,
 * written atomically (temp file, fsync, rename). */
#ifndef LB_MELDING_DRAFT_H
#define LB_MELDING_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "client/lb_error.h"

/* The draft's text fields; the names are the bus's (velden[].naam). */
#define LB_DRAFT_FIELDS(X)                \
    X(LB_DF_MELDINGSTYPE, "meldingstype") \
    X(LB_DF_TITEL, "titel")               \
    X(LB_DF_SAMENVATTING, "samenvatting") \
    X(LB_DF_BESCHRIJVING, "beschrijving") \
    X(LB_DF_ADRES, "adres")               \
    X(LB_DF_KANAAL, "kanaal")             \
    X(LB_DF_NAAM, "naam")                 \
    X(LB_DF_EMAIL, "email")               \
    X(LB_DF_TELEFOON, "telefoon")

/* clang-format off */
typedef enum {
#define LB_DF_ENUM(id, name) id,
    LB_DRAFT_FIELDS(LB_DF_ENUM)
#undef LB_DF_ENUM
    LB_DF_COUNT
} lb_draft_field;
/* clang-format on */

/* The field's name in JSON ("titel"). */
const char *lb_draft_field_name(lb_draft_field f);

typedef struct {
    char *path;      /* the local file */
    char *naam;      /* the name sent to the bus (the path's last part) */
    char *mime_type; /* the type sent as Content-Type */
    int64_t grootte; /* bytes, when it was added */
    bool accepted;   /* the bus has it: a retry skips it */
} lb_draft_bijlage;

#define LB_IDEMPOTENCY_KEY_LEN 36 /* "lbt-" + 32 hex digits */

typedef struct {
    char *fields[LB_DF_COUNT]; /* NULL or "" when empty */
    lb_draft_bijlage *bijlagen;
    size_t bijlage_count;
    char idempotency_key[LB_IDEMPOTENCY_KEY_LEN + 1];
    /* POST /melding/add went out and no answer said "not created": the
     * fields are frozen, since the key only works with the same body */
    bool add_sent;
    char *melding_id; /* set once POST /melding/add answered */
    char *nummer;     /* the melding's number, for the user */
    time_t started, changed;
} lb_melding_draft;

/* A new empty draft with a fresh idempotency key from the system's CSPRNG.
 * LB_ERR_NOMEM or LB_ERR_CONFIG (no randomness) otherwise. */
lb_status lb_melding_draft_init(lb_melding_draft *d, lb_error *err);
void lb_melding_draft_done(lb_melding_draft *d);

/* Sets field F to VALUE (copied; NULL clears). False when out of memory. */
bool lb_melding_draft_set(lb_melding_draft *d, lb_draft_field f, const char *value);
/* "" when unset. */
const char *lb_melding_draft_get(const lb_melding_draft *d, lb_draft_field f);
bool lb_melding_draft_set_melding(lb_melding_draft *d, const char *id, const char *nummer);
/* Adds an attachment (copies); false when out of memory. */
bool lb_melding_draft_add_bijlage(lb_melding_draft *d, const char *path, const char *naam,
                                  const char *mime_type, int64_t grootte);
void lb_melding_draft_remove_bijlage(lb_melding_draft *d, size_t i);
/* True when nothing was typed or added yet. */
bool lb_melding_draft_empty(const lb_melding_draft *d);

/* The JSON text (malloc'd) / a draft from JSON text. Parse fails with
 * LB_ERR_BAD_RESPONSE and a detail naming what is wrong. */
char *lb_melding_draft_to_json(const lb_melding_draft *d);
lb_status lb_melding_draft_from_json(const char *json, size_t len, lb_melding_draft *out,
                                     lb_error *err);

/* Writes D to PATH atomically (PATH.tmp, fsync, rename, fsync of the
 * directory), mode 0600. */
lb_status lb_melding_draft_save(const lb_melding_draft *d, const char *path, lb_error *err);

typedef enum {
    LB_DRAFT_NONE,    /* no draft file */
    LB_DRAFT_LOADED,  /* *OUT holds the draft */
    LB_DRAFT_DAMAGED, /* unreadable: moved aside to ERR's detail path, never deleted */
    LB_DRAFT_ERROR,   /* could not be read (ERR says why); the file is left alone */
} lb_draft_load_result;

/* Loads the draft at PATH. A torn or garbage file is renamed to
 * PATH.damaged-<time> (kept for the user) and ERR's detail names that path. */
lb_draft_load_result lb_melding_draft_load(const char *path, lb_melding_draft *out, lb_error *err);
/* Removes the draft file (sent or discarded). ENOENT is fine. */
lb_status lb_melding_draft_remove(const char *path, lb_error *err);

#endif
