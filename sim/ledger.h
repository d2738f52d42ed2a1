/* ledger.h — what the simulator did to each source record (DAV dossiers and
 * documents created, validations, submits, CRM deletes), recorded when it
 * happens so tests can prove "exactly once". */
#ifndef LB_SIM_LEDGER_H
#define LB_SIM_LEDGER_H

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "sim/sim.h"

/* Appends one event in the caller's transaction; 0 on success. */
int sim_ledger_record(sqlite3 *db, const char *bron_type, const char *bron_id, const char *event,
                      const char *ref_id);
/* The ledger grouped per source record. */
cJSON *sim_ledger_json(sqlite3 *db);
void sim_handle_ledger(sim_req *rq, sim_resp *rs);
/* `lbbus-sim ledger --db PATH`: prints the ledger; returns the exit status. */
int sim_ledger_main(int argc, char **argv);

#endif
