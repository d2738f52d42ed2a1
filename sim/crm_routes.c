/* crm_routes.c — route handlers that hand a request to the generic CRM
 * engine with the right entity description. */
#include "config.h"

#include "sim/crm.h"
#include "sim/handlers.h"
#include "sim/http_util.h"

void sim_h_meetingtypes_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &crm_meeting_type, NULL, NULL);
}

void sim_h_meetingtypes_get(sim_req *rq, sim_resp *rs)
{
    crm_get(rq, rs, &crm_meeting_type, rq->params[0]);
}

void sim_h_dossiertypes_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &crm_dossier_type, NULL, NULL);
}

void sim_h_dossiertypes_get(sim_req *rq, sim_resp *rs)
{
    crm_get(rq, rs, &crm_dossier_type, rq->params[0]);
}

void sim_h_meetings_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &crm_meeting, NULL, NULL);
}

void sim_h_meetings_get(sim_req *rq, sim_resp *rs)
{
    crm_get(rq, rs, &crm_meeting, rq->params[0]);
}

void sim_h_meetings_patch(sim_req *rq, sim_resp *rs)
{
    crm_handle_record_patch(rq, rs, &crm_meeting);
}

void sim_h_meetings_delete(sim_req *rq, sim_resp *rs)
{
    crm_handle_record_delete(rq, rs, &crm_meeting);
}

void sim_h_meeting_agendaitems(sim_req *rq, sim_resp *rs)
{
    /* The nextLink carries the meeting in its token; the path still names it. */
    if (crm_rowversion(rq->db, "meetings", rq->params[0]) < 0) {
        sim_err_not_found(rs, crm_meeting.label, rq->params[0]);
        return;
    }
    crm_list(rq, rs, &crm_agenda_item, "meetingId", rq->params[0]);
}

void sim_h_agendaitems_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &crm_agenda_item, NULL, NULL);
}

void sim_h_agendaitems_get(sim_req *rq, sim_resp *rs)
{
    crm_get(rq, rs, &crm_agenda_item, rq->params[0]);
}

void sim_h_agendaitems_patch(sim_req *rq, sim_resp *rs)
{
    crm_handle_record_patch(rq, rs, &crm_agenda_item);
}

void sim_h_agendaitems_delete(sim_req *rq, sim_resp *rs)
{
    crm_handle_record_delete(rq, rs, &crm_agenda_item);
}

void sim_h_dossiers_list(sim_req *rq, sim_resp *rs)
{
    crm_list(rq, rs, &crm_dossier, NULL, NULL);
}

void sim_h_dossiers_get(sim_req *rq, sim_resp *rs)
{
    crm_get(rq, rs, &crm_dossier, rq->params[0]);
}

void sim_h_dossiers_patch(sim_req *rq, sim_resp *rs)
{
    crm_handle_record_patch(rq, rs, &crm_dossier);
}

void sim_h_dossiers_delete(sim_req *rq, sim_resp *rs)
{
    crm_handle_record_delete(rq, rs, &crm_dossier);
}
