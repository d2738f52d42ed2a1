/* archive_pick.c — list the inactive, unarchived records a scheduled or
 * measured archive run works on (see archive_pick.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/archive_pick.h"
#include "client/pager.h"
#include "client/records.h"

struct lb_archive_pick {
    lb_archive_pick_options opt;
    char *type_name; /* owned copy of opt.type_name */
    lb_pager *pager; /* NULL once the listing ended */
    lb_archive_pick_done_fn done;
    void *user;
    lb_archive_target *targets; /* ids and etags are owned strings */
    size_t count, cap;
};

static bool keep(lb_archive_pick *p, const char *id, const char *etag)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        lb_archive_target *t = realloc(p->targets, cap * sizeof *t);
        if (!t)
            return false;
        p->targets = t;
        p->cap = cap;
    }
    char *id_copy = strdup(id);
    char *etag_copy = etag ? strdup(etag) : NULL;
    if (!id_copy || (etag && !etag_copy)) {
        free(id_copy);
        free(etag_copy);
        return false;
    }
    p->targets[p->count++] = (lb_archive_target){p->opt.kind, id_copy, etag_copy};
    return true;
}

static bool date_ok(const lb_archive_pick *p, lb_time t)
{
    return p->opt.before == LB_TIME_NULL || (t != LB_TIME_NULL && t < p->opt.before);
}

static bool type_ok(const lb_archive_pick *p, const char *name)
{
    return !p->type_name || (name && strcmp(name, p->type_name) == 0);
}

/* Whether record I of PAGE is one to archive; *ID and *ETAG set when so. */
static bool wanted(const lb_archive_pick *p, lb_page *page, size_t i, const char **id,
                   const char **etag)
{
    switch (p->opt.kind) {
    case LB_ARCHIVE_MEETING: {
        const lb_meeting *m = &lb_page_meetings(page)[i];
        *id = m->id, *etag = m->etag;
        return m->statecode == 1 && !m->dav_dossier_id && type_ok(p, m->type_name) &&
               date_ok(p, m->end != LB_TIME_NULL ? m->end : m->begin);
    }
    case LB_ARCHIVE_AGENDA_ITEM: {
        const lb_agenda_item *a = &lb_page_agenda_items(page)[i];
        *id = a->id, *etag = a->etag;
        return a->statecode == 1 && !a->dav_dossier_id && type_ok(p, a->meeting_name) &&
               date_ok(p, a->modified_on);
    }
    case LB_ARCHIVE_DOSSIER: {
        const lb_dossier *d = &lb_page_dossiers(page)[i];
        *id = d->id, *etag = d->etag;
        return d->statecode == 1 && !d->dav_dossier_id && type_ok(p, d->type_name) &&
               date_ok(p, d->closed_on != LB_TIME_NULL ? d->closed_on : d->opened_on);
    }
    }
    return false;
}

static void finish(lb_archive_pick *p, const lb_error *err)
{
    p->pager = NULL;
    p->done(p->user, err);
}

static void on_page(void *user, lb_page *page, size_t index)
{
    lb_archive_pick *p = user;
    (void)index;
    for (size_t i = 0; i < page->count; i++) {
        const char *id, *etag;
        if (!wanted(p, page, i, &id, &etag))
            continue;
        if (!keep(p, id, etag)) {
            lb_pager_cancel(p->pager);
            lb_error err;
            lb_error_set(&err, LB_ERR_NOMEM, 0, "listing the records to archive");
            finish(p, &err);
            return;
        }
        if (p->opt.max && p->count == p->opt.max) {
            /* Enough: the rest of the list is not needed. */
            lb_pager_cancel(p->pager);
            finish(p, &(lb_error){.status = LB_OK});
            return;
        }
    }
}

static void on_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    (void)rows;
    (void)pages;
    finish(user, err);
}

lb_archive_pick *lb_archive_pick_start(lb_bus *bus, const lb_archive_pick_options *opt,
                                       lb_archive_pick_done_fn done, void *user, lb_error *err)
{
    static const char *const paths[][3] = {[LB_ARCHIVE_MEETING] = {"crm", "meetings", NULL},
                                           [LB_ARCHIVE_AGENDA_ITEM] = {"crm", "agendaitems", NULL},
                                           [LB_ARCHIVE_DOSSIER] = {"crm", "dossiers", NULL}};
    static const lb_record_kind kinds[] = {[LB_ARCHIVE_MEETING] = LB_REC_MEETING,
                                           [LB_ARCHIVE_AGENDA_ITEM] = LB_REC_AGENDA_ITEM,
                                           [LB_ARCHIVE_DOSSIER] = LB_REC_DOSSIER};
    lb_archive_pick *p = calloc(1, sizeof *p);
    if (!p || (opt->type_name && !(p->type_name = strdup(opt->type_name)))) {
        free(p);
        lb_error_set(err, LB_ERR_NOMEM, 0, "listing the records to archive");
        return NULL;
    }
    p->opt = *opt;
    p->opt.type_name = p->type_name;
    p->done = done;
    p->user = user;
    lb_query_param q[] = {{"state", "inactive"}};
    lb_request_spec spec = {
        .method = "GET", .path = paths[opt->kind], .query = q, .query_count = 1};
    p->pager = lb_pager_new(bus, kinds[opt->kind], &spec, on_page, on_done, p, err);
    if (!p->pager) {
        lb_archive_pick_free(p);
        return NULL;
    }
    return p;
}

const lb_archive_target *lb_archive_pick_targets(const lb_archive_pick *pick, size_t *count)
{
    *count = pick->count;
    return pick->targets;
}

void lb_archive_pick_free(lb_archive_pick *pick)
{
    if (!pick)
        return;
    if (pick->pager)
        lb_pager_cancel(pick->pager);
    for (size_t i = 0; i < pick->count; i++) {
        free((char *)pick->targets[i].id);
        free((char *)pick->targets[i].etag);
    }
    free(pick->targets);
    free(pick->type_name);
    free(pick);
}
