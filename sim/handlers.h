/* handlers.h — every route handler, grouped by the file that holds it. */
#ifndef LB_SIM_HANDLERS_H
#define LB_SIM_HANDLERS_H

#include "sim/sim.h"

/* crm_routes.c: the thin glue from routes to the generic CRM engine */
void sim_h_meetingtypes_list(sim_req *rq, sim_resp *rs);
void sim_h_meetingtypes_get(sim_req *rq, sim_resp *rs);
void sim_h_dossiertypes_list(sim_req *rq, sim_resp *rs);
void sim_h_dossiertypes_get(sim_req *rq, sim_resp *rs);
void sim_h_meetings_list(sim_req *rq, sim_resp *rs);
void sim_h_meetings_get(sim_req *rq, sim_resp *rs);
void sim_h_meetings_patch(sim_req *rq, sim_resp *rs);
void sim_h_meetings_delete(sim_req *rq, sim_resp *rs);
void sim_h_meeting_agendaitems(sim_req *rq, sim_resp *rs);
void sim_h_agendaitems_list(sim_req *rq, sim_resp *rs);
void sim_h_agendaitems_get(sim_req *rq, sim_resp *rs);
void sim_h_agendaitems_patch(sim_req *rq, sim_resp *rs);
void sim_h_agendaitems_delete(sim_req *rq, sim_resp *rs);
void sim_h_dossiers_list(sim_req *rq, sim_resp *rs);
void sim_h_dossiers_get(sim_req *rq, sim_resp *rs);
void sim_h_dossiers_patch(sim_req *rq, sim_resp *rs);
void sim_h_dossiers_delete(sim_req *rq, sim_resp *rs);

/* crm_types.c */
void sim_h_meetingtypes_patch(sim_req *rq, sim_resp *rs);
void sim_h_dossiertypes_patch(sim_req *rq, sim_resp *rs);
void sim_h_statuscodes(sim_req *rq, sim_resp *rs);

/* crm_documents.c */
void sim_h_documents_list(sim_req *rq, sim_resp *rs);
void sim_h_documents_get(sim_req *rq, sim_resp *rs);
void sim_h_documents_content(sim_req *rq, sim_resp *rs);
void sim_h_documents_delete(sim_req *rq, sim_resp *rs);

/* melding.c */
void sim_h_melding_list(sim_req *rq, sim_resp *rs);
void sim_h_melding_get(sim_req *rq, sim_resp *rs);
void sim_h_melding_attachment(sim_req *rq, sim_resp *rs);
void sim_h_melding_configuration(sim_req *rq, sim_resp *rs);
void sim_h_melding_add(sim_req *rq, sim_resp *rs);
void sim_h_melding_upload(sim_req *rq, sim_resp *rs);

/* dav.c */
void sim_h_dav_series_list(sim_req *rq, sim_resp *rs);
void sim_h_dav_series_get(sim_req *rq, sim_resp *rs);
void sim_h_dav_series_extensions(sim_req *rq, sim_resp *rs);
void sim_h_dav_dossiers_create(sim_req *rq, sim_resp *rs);
void sim_h_dav_dossiers_get(sim_req *rq, sim_resp *rs);
void sim_h_dav_dossiers_update(sim_req *rq, sim_resp *rs);
void sim_h_dav_dossiers_validate(sim_req *rq, sim_resp *rs);
void sim_h_dav_dossiers_submit(sim_req *rq, sim_resp *rs);
void sim_h_dav_dossiers_relation(sim_req *rq, sim_resp *rs);
void sim_h_dav_documents_create(sim_req *rq, sim_resp *rs);
void sim_h_dav_documents_update(sim_req *rq, sim_resp *rs);

/* faults.c */
void sim_h_faults(sim_req *rq, sim_resp *rs);
/* GET /_sim/stats: requests served and their handlers' time (server.h). */
void sim_h_stats(sim_req *rq, sim_resp *rs);

#endif
