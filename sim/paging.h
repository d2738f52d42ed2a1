/* paging.h — Dataverse-style paging: Prefer: odata.maxpagesize and the
 * opaque $skiptoken (base64url of a small JSON object holding the entity,
 * the filters, the order and the last key). */
#ifndef LB_SIM_PAGING_H
#define LB_SIM_PAGING_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "sim/sim.h"

#define SIM_PAGE_MAX 5000

/* The page size asked for in Prefer (1..5000), or 5000; *asked tells whether
 * a valid odata.maxpagesize was present. */
int sim_page_size(const sim_req *rq, bool *asked);
/* Encodes STATE (not consumed) as a token; malloc'd, NULL on failure. */
char *sim_token_encode(const cJSON *state);
/* Decodes a token into its JSON object, or NULL when it is not one of ours. */
cJSON *sim_token_decode(const char *token);

#endif
