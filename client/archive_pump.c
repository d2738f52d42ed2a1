/* archive_pump.c — what may go next for a record: per unit, create,
 * documents, (a meeting) relations once its agenda items' dossiers exist,
 * validate and submit (a meeting after its agenda items), mark the CRM
 * record (a meeting after its agenda items); then, when asked, removal (a
 * meeting after its agenda items), never before the submission is proven;
 * and the record's end when nothing is left or it failed and nothing is
 * out. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "i18n/i18n.h"

bool rec_busy(const job_rec *r)
{
    if (r->loads > 0 || r->main.busy)
        return true;
    for (size_t i = 0; i < r->nitems; i++)
        if (r->items[i]->busy)
            return true;
    return false;
}

static bool items_all(const job_rec *r, size_t flag_offset)
{
    for (size_t i = 0; i < r->nitems; i++)
        if (!*(const bool *)((const char *)r->items[i] + flag_offset))
            return false;
    return true;
}

#define ALL_ITEMS(r, flag) items_all((r), offsetof(job_unit, flag))

static void unit_archive(job_unit *u)
{
    job_rec *r = u->rec;
    if (u->busy || u->patched || r->failing)
        return;
    bool is_main = u == &r->main;
    bool meeting = is_main && r->kind == LB_ARCHIVE_MEETING;
    if (!u->naam && !u->created) {
        /* Known from the journal but no longer in the CRM. */
        rec_fail_status(r, LB_ERR_NOT_FOUND, 404, "%s", u->id);
        return;
    }
    if (!u->created) {
        op_create(u);
        return;
    }
    if (u->submit_unsure) {
        op_get_dossier(u);
        return;
    }
    if (!u->submitted) {
        if (u->needs_update) {
            op_update(u);
            return;
        }
        for (size_t i = 0; i < u->ndocs; i++)
            if (!u->docs[i].in_dav) {
                op_content(u, i);
                return;
            }
        if (meeting && !u->related) {
            if (!ALL_ITEMS(r, created))
                return;
            for (size_t i = 0; i < r->nitems; i++)
                if (!r->items[i]->related) {
                    op_relate(u, r->items[i]);
                    return;
                }
            u->related = true;
        }
        if (is_main && r->parent_dav && !r->parent_related) {
            op_relate(u, NULL);
            return;
        }
        /* A meeting goes in after its agenda items. */
        if (meeting && !ALL_ITEMS(r, submitted))
            return;
        op_validate(u);
        return;
    }
    if (meeting && !ALL_ITEMS(r, patched))
        return;
    if (u->patch_unsure) {
        op_get_record(u);
        return;
    }
    op_patch(u);
}

static void unit_remove(job_unit *u)
{
    if (u->busy || u->removed || u->rec->failing)
        return;
    if (!u->submit_proven) {
        op_get_dossier(u);
        return;
    }
    /* A dossier submitted before all our documents were in it (by someone
     * else, or before this job): the CRM keeps what DAV may not have. */
    for (size_t i = 0; i < u->ndocs && !u->external; i++)
        if (!u->docs[i].in_dav && !u->docs[i].deleted) {
            rec_fail_status(u->rec, LB_ERR_CONFLICT, 0,
                            _("DAV dossier %s was submitted without all the documents: nothing "
                              "is removed."),
                            u->dav_id);
            return;
        }
    for (size_t i = 0; i < u->ndocs; i++)
        if (!u->docs[i].deleted) {
            op_delete_doc(u, i);
            return;
        }
    op_delete(u);
}

void rec_pump(job_rec *r)
{
    if (r->phase == R_FINAL || r->phase == R_WAITING)
        return;
    if (r->phase == R_ARCHIVING && !r->failing) {
        for (size_t i = 0; i < r->nitems; i++)
            unit_archive(r->items[i]);
        unit_archive(&r->main);
        if (!r->failing && r->main.patched && ALL_ITEMS(r, patched)) {
            if (!r->job->remove_after) {
                rec_finish(r);
                return;
            }
            r->phase = R_REMOVING;
        }
    }
    if (r->phase == R_REMOVING && !r->failing) {
        for (size_t i = 0; i < r->nitems; i++)
            unit_remove(r->items[i]);
        /* The meeting goes last, after its agenda items. */
        if (ALL_ITEMS(r, removed))
            unit_remove(&r->main);
        if (!r->failing && r->main.removed && ALL_ITEMS(r, removed)) {
            rec_finish(r);
            return;
        }
    }
    if (r->failing && !rec_busy(r)) {
        rec_finish(r);
        return;
    }
    rec_show(r);
}
