/* test_melding_send.c — lb_melding_send against its own lbbus-sim: a draft
 * with two attachments arrives whole although the second upload's answer is
 * lost (the bus is asked, nothing is sent twice); an upload that fails
 * leaves the melding and the accepted attachment in the draft, and the
 * retry sends only the rest; a draft that lost the melding's id (a crash
 * before the answer was saved) sends the add again with its key and gets
 * the same melding, never a second one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/arena.h"
#include "client/bus.h"
#include "client/melding_add.h"
#include "client/melding_draft.h"
#include "client/records.h"
#include "tests/sim_harness.h"
#include "tests/tap.h"

#define USER "demo-helpdesk"

static lb_test_sim sim;
static lb_transport *t;
static lb_bus *bus;
static char files[300], code[64], marker[64];

typedef struct {
    bool done;
    lb_status status;
    size_t bijlage;
    int changes, checks, waits, adds;
    int byte_reports;
    int64_t last_sent, last_total;
} outcome;

static void on_progress(void *user, const lb_send_progress *p)
{
    outcome *o = user;
    o->checks += p->phase == LB_SEND_CHECK;
    o->waits += p->phase == LB_SEND_WAITING;
    o->adds += p->phase == LB_SEND_ADD;
    if (p->phase == LB_SEND_UPLOAD && p->sent > 0) {
        o->byte_reports++;
        o->last_sent = p->sent;
        o->last_total = p->bytes;
    }
}

static void on_changed(void *user)
{
    ((outcome *)user)->changes++;
}

static void on_done(void *user, const lb_error *err, size_t bijlage)
{
    outcome *o = user;
    o->done = true;
    o->status = err->status;
    o->bijlage = bijlage;
    if (err->status != LB_OK)
        tap_diag("send ended: %s %s", lb_status_name(err->status), err->detail);
}

static outcome send(lb_melding_draft *d)
{
    outcome o = {0};
    lb_send_callbacks cb = {on_progress, on_changed, on_done, &o};
    lb_send_options opt;
    lb_send_options_default(&opt);
    opt.retry_ms = 50;
    lb_error err;
    lb_melding_send *s = lb_melding_send_start(bus, d, &opt, &cb, &err);
    if (!s) {
        tap_diag("not started: %s", err.detail);
        return o;
    }
    if (lb_transport_run_until_idle(t, 60000, &err) != LB_OK || !o.done) {
        tap_diag("the send did not end");
        lb_melding_send_cancel(s);
    }
    return o;
}

static char *get(const char *path)
{
    lb_test_response r;
    if (lb_test_http(&sim, "GET", path, USER, NULL, NULL, 0, &r) != 0 || r.status != 200) {
        lb_test_response_done(&r);
        return NULL;
    }
    char *body = strdup(r.body);
    lb_test_response_done(&r);
    return body;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Meldingen whose description holds TAG, and the attachments of melding ID. */
static int meldingen_with(const char *tag)
{
    char path[200];
    snprintf(path, sizeof path, "/melding?q=%s", tag);
    char *body = get(path);
    int n = count(body, "\"nummer\"");
    free(body);
    return n;
}

static int attachments_of(const char *id)
{
    char path[200];
    snprintf(path, sizeof path, "/melding/%s", id);
    char *body = get(path);
    int n = count(body, "\"mimeType\"");
    free(body);
    return n;
}

static void write_file(const char *name, const char *text)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", files, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0)
        tap_bail("cannot write %s", path);
    fclose(f);
}

static void draft(lb_melding_draft *d, const char *tag, const char *const *names)
{
    lb_error err;
    if (lb_melding_draft_init(d, &err) != LB_OK)
        tap_bail("no draft: %s", err.detail);
    char text[200];
    snprintf(text, sizeof text, "Vijf zakken huisvuil (%s)", tag);
    lb_melding_draft_set(d, LB_DF_MELDINGSTYPE, code);
    lb_melding_draft_set(d, LB_DF_TITEL, "Sluikstort aan glasbol");
    lb_melding_draft_set(d, LB_DF_BESCHRIJVING, text);
    lb_melding_draft_set(d, LB_DF_KANAAL, "telefoon");
    lb_melding_draft_set(d, LB_DF_NAAM, "Jan Devos");
    for (size_t i = 0; names[i]; i++) {
        char path[400];
        snprintf(path, sizeof path, "%s/%s", files, names[i]);
        lb_melding_draft_add_bijlage(d, path, names[i], "text/plain", 10);
    }
}

static void lost_answer(void)
{
    /* the simulator stores the 2nd upload of its life, then drops the answer */
    char tag[80];
    snprintf(tag, sizeof tag, "%s-a", marker);
    static const char *const names[] = {"een.txt", "twee.txt", NULL};
    lb_melding_draft d;
    draft(&d, tag, names);
    outcome o = send(&d);
    is_int(o.status, LB_OK, "two attachments are sent although an answer was lost");
    ok(o.checks == 1, "after the lost answer the bus is asked what it has (%d)", o.checks);
    ok(d.melding_id && d.bijlagen[0].accepted && d.bijlagen[1].accepted,
       "the draft records the melding and both attachments");
    ok(o.changes >= 3, "every step was offered for saving (%d)", o.changes);
    is_int(meldingen_with(tag), 1, "one melding on the bus");
    is_int(attachments_of(d.melding_id), 2, "with two attachments, none twice");
    lb_melding_draft_done(&d);
}

static void retry_sends_the_rest(void)
{
    char tag[80];
    snprintf(tag, sizeof tag, "%s-b", marker);
    static const char *const names[] = {"een.txt", "later.txt", NULL};
    lb_melding_draft d;
    draft(&d, tag, names);
    outcome o = send(&d); /* later.txt does not exist yet */
    ok(o.status != LB_OK && o.bijlage == 1, "the send stops at the attachment that failed");
    ok(d.melding_id && d.bijlagen[0].accepted && !d.bijlagen[1].accepted,
       "the melding and the first attachment are kept in the draft");
    char *id = strdup(d.melding_id ? d.melding_id : "");

    write_file("later.txt", "Foto's volgen later.\n");
    o = send(&d);
    is_int(o.status, LB_OK, "the retry succeeds");
    is_int(o.adds, 0, "without adding the melding again");
    is_str(d.melding_id, id, "the same melding");
    is_int(meldingen_with(tag), 1, "one melding on the bus");
    is_int(attachments_of(id), 2, "with two attachments: the first was not sent again");
    free(id);
    lb_melding_draft_done(&d);
}

static void crash_before_the_answer_was_saved(void)
{
    char tag[80];
    snprintf(tag, sizeof tag, "%s-c", marker);
    static const char *const names[] = {NULL};
    lb_melding_draft d;
    draft(&d, tag, names);
    outcome o = send(&d);
    is_int(o.status, LB_OK, "a melding without attachments is sent");
    ok(d.add_sent, "the draft says the add went out");
    char *id = strdup(d.melding_id ? d.melding_id : "");
    /* the draft saved before the answer came: no id, the same key */
    lb_melding_draft_set_melding(&d, NULL, NULL);
    o = send(&d);
    is_int(o.status, LB_OK, "sending the draft again succeeds");
    is_str(d.melding_id, id, "and names the same melding (the idempotency key)");
    is_int(meldingen_with(tag), 1, "the bus holds one melding, not two");
    free(id);
    lb_melding_draft_done(&d);
}

/* A large attachment goes out streamed, its bytes reported as they go. */
static void large(void)
{
    char path[400];
    snprintf(path, sizeof path, "%s/groot.txt", files);
    FILE *f = fopen(path, "w");
    for (int i = 0; f && i < 60000; i++)
        fputs("Zakken huisvuil naast de glasbol, al sinds het weekend. ", f); /* 3.4 MB */
    if (!f || fclose(f) != 0)
        tap_bail("cannot write %s", path);
    static const char *const names[] = {"groot.txt", NULL};
    lb_melding_draft d;
    draft(&d, "groot", names);
    outcome o = send(&d);
    is_int(o.status, LB_OK, "a 3.4 MB attachment is sent");
    ok(o.byte_reports >= 2, "with progress as the bytes go (%d reports)", o.byte_reports);
    ok(o.last_sent == o.last_total && o.last_total == 60000 * 56,
       "the last report says all of it (%lld of %lld)", (long long)o.last_sent,
       (long long)o.last_total);
    ok(d.bijlagen[0].accepted && d.bijlagen[0].grootte == 60000 * 56,
       "the draft records the size the bus holds");
    lb_melding_draft_done(&d);
}

/* The bus refuses the add (400): nothing was created, the fields may change. */
static void refused(void)
{
    static const char *const names[] = {NULL};
    lb_melding_draft d;
    draft(&d, "refused", names);
    lb_melding_draft_set(&d, LB_DF_MELDINGSTYPE, "GEEN-CODE");
    outcome o = send(&d);
    ok(o.status != LB_OK && !d.melding_id, "an add the bus refuses fails without a melding");
    ok(!d.add_sent, "and the fields may change again");
    lb_melding_draft_done(&d);
}

int main(void)
{
    static const char *const args[] = {"--drop-upload", "2", NULL};
    if (lb_test_sim_start(&sim, args) != 0)
        tap_bail("lbbus-sim did not start");
    snprintf(files, sizeof files, "%s/files", sim.dir);
    snprintf(marker, sizeof marker, "send-test-%ld", (long)getpid());
    if (mkdir(files, 0700) != 0)
        tap_bail("cannot make %s", files);
    write_file("een.txt", "Vijf zakken huisvuil.\n");
    write_file("twee.txt", "Naast de glasbol.\n");

    char *conf = get("/melding/configuration");
    lb_arena a;
    lb_arena_init(&a, 4096);
    lb_melding_config cfg;
    lb_error err;
    if (!conf || lb_melding_config_parse(conf, strlen(conf), &a, &cfg, &err) != LB_OK ||
        cfg.categorie_count == 0)
        tap_bail("no melding configuration");
    snprintf(code, sizeof code, "%s", cfg.categorieen[0].code);
    lb_arena_done(&a);
    free(conf);

    lb_profile p = {0};
    p.name = (char *)"test";
    p.base_url = sim.base_url;
    p.token_value = USER;
    p.page_size = 100;
    p.concurrency = 2;
    t = lb_transport_new(&p, NULL, &err);
    bus = t ? lb_bus_new(&p, t, &err) : NULL;
    if (!bus)
        tap_bail("no bus: %s", err.detail);

    lost_answer();
    retry_sends_the_rest();
    crash_before_the_answer_was_saved();
    refused();
    large();

    lb_bus_free(bus);
    lb_transport_free(t);
    lb_test_sim_stop(&sim);
    return tap_done();
}
