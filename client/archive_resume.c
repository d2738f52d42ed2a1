/* archive_resume.c — what a journal says was done, back into the job's
 * records: results make their step done; an intent without a result leaves
 * the step to redo, and for a submit or a PATCH (the two writes that are
 * not idempotent by themselves) marks it unsure, so that the job reads the
 * DAV dossier or the CRM record before deciding.
 *
 * The lines of a job's journal (fields as archive_journal.h encodes them;
 * IDX is the record's index, ID a CRM id, which is also the DAV bronId):
 *   H lbterm-archive-1 REMOVE_AFTER COUNT          the job
 *   R IDX KIND(m|a|d) ID ETAG SERIE VERDICT NAME   one per record, all first
 *   S IDX done|skipped|failed STATUS HTTP DAVID DETAIL   a record's end
 *   I IDX OP ARGS... / D IDX OP ARGS...            intent / result of a write:
 *     create BRONTYPE ID [DAVID STATUS HTTP]   (D: 200 = it existed already)
 *     update ID                                 our metadata into that Concept
 *     doc UNITID DOCID [ETAG | DAVDOCID]
 *     relate ITEMID (or the parent meeting's DAVID)
 *     rename ID NAAM
 *     submit ID DAVID
 *     patch BRONTYPE ID DAVID [ETAG]
 *     deldoc UNITID DOCID
 *     delete BRONTYPE ID
 *     external BRONTYPE ID DAVID ETAG (D only: an agenda item archived before)
 * The header (H, R, and S of the records not ready) is written at once. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_job_internal.h"
#include "i18n/i18n.h"

static bool is_final_state(const char *s, lb_archive_rec_state *out)
{
    static const struct {
        const char *word;
        lb_archive_rec_state state;
    } m[] = {{"done", LB_ARCHIVE_REC_DONE},
             {"skipped", LB_ARCHIVE_REC_SKIPPED},
             {"failed", LB_ARCHIVE_REC_FAILED}};
    for (size_t i = 0; s && i < sizeof m / sizeof m[0]; i++)
        if (strcmp(s, m[i].word) == 0) {
            *out = m[i].state;
            return true;
        }
    return false;
}

static lb_status status_by_name(const char *s)
{
    for (int i = 0; s && i < LB_STATUS_COUNT; i++)
        if (strcmp(lb_status_name((lb_status)i), s) == 0)
            return (lb_status)i;
    return LB_ERR_SERVER;
}

/* The unit of R for bronId ID (the record itself or one of its items). */
static job_unit *unit_for(job_rec *r, const char *id)
{
    if (!id)
        return NULL;
    if (strcmp(id, r->id) == 0)
        return &r->main;
    return arc_is_guid(id) ? rec_item(r, id, true) : NULL;
}

/* Applies one I (intent) or D (done) line. False when out of memory. */
static bool apply(job_rec *r, bool done, const arc_jline *l)
{
    const char *op = l->n > 2 ? l->f[2] : NULL;
    const char *a = l->n > 3 ? l->f[3] : NULL, *b = l->n > 4 ? l->f[4] : NULL;
    const char *c = l->n > 5 ? l->f[5] : NULL, *d = l->n > 6 ? l->f[6] : NULL;
    if (!op)
        return true;
    job_unit *u;
    if (strcmp(op, "create") == 0) { /* bronType bronId [davId status http] */
        if (!(u = unit_for(r, b)))
            return true;
        if (done && c) {
            if (!set_str(&u->dav_id, c))
                return false;
            u->created = true;
            if (arc_is_submitted(d))
                u->submitted = u->submit_proven = true;
            /* 200: it existed before this job; our metadata goes in by update. */
            u->needs_update = !u->submitted && l->n > 7 && l->f[7] && strcmp(l->f[7], "200") == 0;
        }
    } else if (strcmp(op, "update") == 0) { /* bronId */
        if (done && (u = unit_for(r, a)))
            u->needs_update = false;
    } else if (strcmp(op, "external") == 0) { /* bronType bronId davId etag */
        if (!(u = unit_for(r, b)) || !c)
            return true;
        if (!set_str(&u->dav_id, c) || !set_str(&u->etag, d))
            return false;
        u->external = u->created = u->submitted = u->patched = true;
    } else if (strcmp(op, "doc") == 0) { /* unitId docId [etag | davDocId] */
        if (!(u = unit_for(r, a)) || !b || !arc_is_guid(b))
            return true;
        job_doc *doc = unit_doc(u, b, true);
        if (!doc)
            return false;
        if (!done && c && !set_str(&doc->etag, c))
            return false;
        if (done) {
            doc->in_dav = true;
            if (!set_str(&doc->dav_id, c))
                return false;
        }
    } else if (strcmp(op, "relate") == 0) { /* itemId, or the parent meeting's dossier */
        if (done && a) {
            job_unit *it = rec_item(r, a, false);
            if (it)
                it->related = true;
            else
                r->parent_related = true;
        }
    } else if (strcmp(op, "rename") == 0) { /* bronId naam */
        if (done && (u = unit_for(r, a))) {
            u->renamed = true;
            if (b && !set_str(&u->naam, b))
                return false;
        }
    } else if (strcmp(op, "submit") == 0) { /* bronId davId */
        if (!(u = unit_for(r, a)))
            return true;
        if (done) {
            u->submitted = u->submit_proven = true;
            u->submit_unsure = false;
        } else if (!u->submitted) {
            u->submit_unsure = true;
        }
        if (b && !u->dav_id && !set_str(&u->dav_id, b))
            return false;
        u->created = u->created || u->dav_id;
    } else if (strcmp(op, "patch") == 0) { /* bronType bronId davId [etag] */
        if (!(u = unit_for(r, b)))
            return true;
        if (done) {
            u->patched = true;
            u->patch_unsure = false;
            if (!set_str(&u->etag, d))
                return false;
        } else if (!u->patched) {
            u->patch_unsure = true;
        }
    } else if (strcmp(op, "deldoc") == 0) { /* unitId docId */
        if (done && (u = unit_for(r, a)) && b) {
            job_doc *doc = unit_doc(u, b, true);
            if (!doc)
                return false;
            doc->deleted = true;
        }
    } else if (strcmp(op, "delete") == 0) { /* bronType bronId */
        if (done && (u = unit_for(r, b)))
            u->removed = true;
    }
    return true;
}

static bool kind_of_letter(const char *s, lb_archive_kind *k)
{
    if (!s || !s[0] || s[1])
        return false;
    switch (s[0]) {
    case 'm': *k = LB_ARCHIVE_MEETING; return true;
    case 'a': *k = LB_ARCHIVE_AGENDA_ITEM; return true;
    case 'd': *k = LB_ARCHIVE_DOSSIER; return true;
    }
    return false;
}

lb_status job_replay(lb_archive_job *job, const arc_jfile *f, const char *path, lb_error *err)
{
    for (size_t i = 1; i < f->count; i++) {
        const arc_jline *l = &f->lines[i];
        size_t idx;
        if (l->n < 2 || !l->f[1] || sscanf(l->f[1], "%zu", &idx) != 1 || idx >= job->count)
            goto bad;
        job_rec *r = &job->recs[idx];
        const char *tag = l->f[0];
        if (strcmp(tag, "R") == 0) {
            lb_archive_kind kind;
            if (l->n < 8 || !kind_of_letter(l->f[2], &kind) || !arc_is_guid(l->f[3]))
                goto bad;
            r->kind = r->main.kind = kind;
            if (!set_str(&r->id, l->f[3]) || !set_str(&r->main.id, l->f[3]) ||
                !set_str(&r->etag_seen, l->f[4]) || !set_str(&r->serie_id, l->f[5]) ||
                !set_str(&r->name, l->f[7]))
                goto nomem;
            r->pub.id = r->id;
            r->pub.name = r->name;
            continue;
        }
        if (!r->id)
            goto bad; /* an event before its record */
        if (strcmp(tag, "S") == 0) {
            lb_archive_rec_state st;
            if (l->n < 7 || !is_final_state(l->f[2], &st))
                goto bad;
            r->phase = R_FINAL;
            r->pub.state = r->shown_state = st;
            lb_error_set(&r->pub.error, st == LB_ARCHIVE_REC_DONE ? LB_OK : status_by_name(l->f[3]),
                         l->f[4] ? atoi(l->f[4]) : 0, "%s", l->f[6] ? l->f[6] : "");
            if (!set_str(&r->dav_id, l->f[5]))
                goto nomem;
            r->pub.dav_dossier_id = r->dav_id;
        } else if (strcmp(tag, "I") == 0 || strcmp(tag, "D") == 0) {
            if (!apply(r, tag[0] == 'D', l))
                goto nomem;
        }
        /* Unknown tags come from a newer lbterm: what they say is redone. */
    }
    for (size_t i = 0; i < job->count; i++) {
        job_rec *r = &job->recs[i];
        if (!r->id)
            goto bad;
        /* Marked in the CRM: the archiving half is over (items are marked
         * before their meeting), only the removal may be left. */
        r->known_patched = r->main.patched;
    }
    return LB_OK;
bad:
    return lb_error_set(err, LB_ERR_CONFIG, 0, _("%s is not an archive journal of lbterm."), path);
nomem:
    return lb_error_set(err, LB_ERR_NOMEM, 0, NULL);
}
