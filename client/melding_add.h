/* melding_add.h — a new melding: the draft checked against the bus's
 * configuration (GET /melding/configuration), then sent: POST /melding/add
 * with the draft's Idempotency-Key (a retried add never makes a second
 * melding), then PUT /melding/{id}/upload for each attachment the bus does
 * not have yet. What the bus accepted is written into the draft as it
 * happens, so that a retry sends only the rest. No ncurses here. */
#ifndef LB_MELDING_ADD_H
#define LB_MELDING_ADD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/bus.h"
#include "client/melding_draft.h"
#include "client/records.h"

/* ---- the rules ---- */

/* Whether the configuration asks for field F, whether it is required and
 * its length limit in characters (0: none). Fields the configuration does
 * not list are not shown (the indiener's contact fields follow "indiener"). */
typedef struct {
    bool shown, required;
    int32_t max_len;
} lb_melding_rule;

lb_melding_rule lb_melding_field_rule(const lb_melding_config *cfg, lb_draft_field f);

typedef enum {
    LB_MP_REQUIRED,      /* empty but required */
    LB_MP_TOO_LONG,      /* more characters than LIMIT */
    LB_MP_UNKNOWN_CODE,  /* category or channel not in the configuration */
    LB_MP_BAD_EMAIL,     /* not name@domain */
    LB_MP_BIJLAGE_TYPE,  /* attachment type not allowed */
    LB_MP_BIJLAGE_SIZE,  /* attachment larger than LIMIT bytes (or empty) */
    LB_MP_BIJLAGE_COUNT, /* more attachments than LIMIT */
    LB_MP_BIJLAGE_NAME,  /* a name the bus refuses ('/', "..", control characters) */
} lb_melding_problem_kind;

/* One problem on one field; FIELD is LB_DF_COUNT for an attachment (then
 * BIJLAGE is its index). */
typedef struct {
    lb_draft_field field;
    lb_melding_problem_kind kind;
    int64_t limit;
    size_t bijlage;
} lb_melding_problem;

/* Checks D against CFG; writes at most MAX problems to OUT, in the form's
 * order, and returns how many there are in all (0: ready to send). */
size_t lb_melding_validate(const lb_melding_config *cfg, const lb_melding_draft *d,
                           lb_melding_problem *out, size_t max);

/* Checks one field's VALUE (for the prompt while typing); true when fine,
 * else *OUT holds the problem. */
bool lb_melding_check_field(const lb_melding_config *cfg, lb_draft_field f, const char *value,
                            lb_melding_problem *out);

/* Checks an attachment about to be added as number COUNT+1. */
bool lb_melding_check_bijlage(const lb_bijlage_regels *rules, const char *naam,
                              const char *mime_type, int64_t grootte, size_t count,
                              lb_melding_problem *out);

/* The type for a file name, from its extension ("foto.JPG" -> image/jpeg);
 * "application/octet-stream" when unknown. */
const char *lb_melding_mime_for(const char *naam);

/* Whether NAAM is a valid melding code (categorie or subcategorie) in CFG. */
bool lb_melding_config_has_code(const lb_melding_config *cfg, const char *code);

/* The body of POST /melding/add for D (malloc'd JSON), NULL when out of memory. */
char *lb_melding_add_body(const lb_melding_draft *d);

/* ---- sending ---- */

typedef enum {
    LB_SEND_ADD,     /* POST /melding/add */
    LB_SEND_CHECK,   /* GET /melding/{id}: which attachments arrived after a lost answer */
    LB_SEND_UPLOAD,  /* PUT /melding/{id}/upload of attachment BIJLAGE */
    LB_SEND_WAITING, /* a retry after a failure, in a moment */
} lb_send_phase;

typedef struct {
    lb_send_phase phase;
    size_t step, steps; /* step (1-based) of all steps of this run */
    size_t bijlage;     /* for uploads */
    int attempt;        /* 1 for the first try */
    int64_t bytes;      /* the upload's size */
    int64_t sent;       /* of it, sent so far (LB_SEND_UPLOAD, as it goes) */
} lb_send_progress;

typedef struct {
    /* A new step started. */
    void (*progress)(void *user, const lb_send_progress *p);
    /* D changed (the melding's id, an attachment accepted): save it now. */
    void (*changed)(void *user);
    /* The end: LB_OK when the melding and every attachment are on the bus;
     * otherwise ERR says what failed (for an upload, BIJLAGE is its index,
     * else SIZE_MAX). */
    void (*done)(void *user, const lb_error *err, size_t bijlage);
    void *user;
} lb_send_callbacks;

typedef struct lb_melding_send lb_melding_send;

/* How often a failed upload (5xx, dropped connection) is tried in all, and
 * the pause before the next try. */
typedef struct {
    int upload_attempts;
    long retry_ms;
} lb_send_options;

void lb_send_options_default(lb_send_options *o);

/* Starts sending D (not owned; it must outlive the send and is updated as
 * the bus accepts things) over BUS. NULL with ERR filled when nothing could
 * start. Callbacks run from the event loop. */
lb_melding_send *lb_melding_send_start(lb_bus *bus, lb_melding_draft *d, const lb_send_options *opt,
                                       const lb_send_callbacks *cb, lb_error *err);
/* Stops the send (no more callbacks) and frees it. NULL is fine. Must not
 * be called from its own DONE callback (the send is freed after DONE). */
void lb_melding_send_cancel(lb_melding_send *s);

#endif
