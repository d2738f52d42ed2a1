/* fuzz_state.c — the parsers of lbterm's own files on the same bytes: the
 * melding draft (JSON in the state dir), the archive journal (CRC-checked
 * lines) and the configuration (INI). Those files can be torn by a crash or
 * edited by hand. Under libFuzzer with ASan/UBSan a crash, leak or UB is a
 * finding; a broken promise abort()s. The replay driver (fuzz_main.c) runs
 * the seed corpus in `make check`. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/archive_journal.h"
#include "client/lb_config.h"
#include "client/melding_draft.h"
#include "tests/fuzz/fuzz.h"

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* Reads every byte of S so ASan sees a dangling pointer. */
static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* ---- the melding draft ---- */

static void touch_draft(const lb_melding_draft *d)
{
    volatile size_t sink = touch(d->idempotency_key) + touch(d->melding_id) + touch(d->nummer);
    for (size_t i = 0; i < LB_DF_COUNT; i++)
        sink += touch(d->fields[i]) + touch(lb_melding_draft_get(d, (lb_draft_field)i));
    for (size_t i = 0; i < d->bijlage_count; i++)
        sink += touch(d->bijlagen[i].path) + touch(d->bijlagen[i].naam) +
                touch(d->bijlagen[i].mime_type);
    (void)sink;
}

/* What lbterm writes, it reads back unchanged. */
static void check_draft_round_trip(const lb_melding_draft *d)
{
    char *text = lb_melding_draft_to_json(d);
    CHECK(text != NULL);
    lb_melding_draft again;
    lb_error err;
    CHECK(lb_melding_draft_from_json(text, strlen(text), &again, &err) == LB_OK);
    free(text);
    touch_draft(&again);
    CHECK(strcmp(again.idempotency_key, d->idempotency_key) == 0);
    for (size_t i = 0; i < LB_DF_COUNT; i++)
        CHECK(same(again.fields[i], d->fields[i]));
    CHECK(again.add_sent == d->add_sent && same(again.melding_id, d->melding_id) &&
          same(again.nummer, d->nummer));
    CHECK(again.started == d->started && again.changed == d->changed);
    CHECK(again.bijlage_count == d->bijlage_count);
    for (size_t i = 0; i < d->bijlage_count; i++) {
        const lb_draft_bijlage *a = &again.bijlagen[i], *b = &d->bijlagen[i];
        CHECK(same(a->path, b->path) && same(a->naam, b->naam) &&
              same(a->mime_type, b->mime_type) && a->grootte == b->grootte &&
              a->accepted == b->accepted);
    }
    lb_melding_draft_done(&again);
}

static void fuzz_draft(const char *buf, size_t size)
{
    lb_melding_draft d;
    lb_error err;
    if (lb_melding_draft_from_json(buf, size, &d, &err) == LB_OK) {
        touch_draft(&d);
        check_draft_round_trip(&d);
    } else {
        /* A failed parse leaves nothing to free. */
        CHECK(d.bijlagen == NULL && d.melding_id == NULL && d.nummer == NULL);
    }
    lb_melding_draft_done(&d);
}

/* ---- the archive journal ---- */

/* Every line of F built again and parsed back gives the same fields. */
static void check_journal_round_trip(const arc_jfile *f)
{
    for (size_t i = 0; i < f->count; i++) {
        const arc_jline *l = &f->lines[i];
        arc_jbuf b;
        arc_jbuf_init(&b);
        arc_jbuf_tag(&b, l->f[0]);
        for (size_t k = 1; k < l->n; k++)
            arc_jbuf_str(&b, l->f[k]);
        arc_jbuf_end(&b);
        CHECK(!b.failed);
        arc_jfile g;
        lb_error err;
        CHECK(arc_jfile_parse(b.buf, b.len, &g, &err) == LB_OK);
        CHECK(g.count == 1 && !g.torn && g.valid_bytes == b.len && g.lines[0].n == l->n);
        for (size_t k = 0; k < l->n; k++)
            CHECK(same(g.lines[0].f[k], l->f[k]));
        arc_jfile_done(&g);
        arc_jbuf_done(&b);
    }
}

static void parse_journal(const char *buf, size_t size)
{
    arc_jfile f;
    lb_error err;
    if (arc_jfile_parse(buf, size, &f, &err) == LB_OK) {
        volatile size_t sink = 0;
        for (size_t i = 0; i < f.count; i++) {
            CHECK(f.lines[i].n >= 1 && f.lines[i].n <= ARC_JOURNAL_MAX_FIELDS);
            CHECK(f.lines[i].f[0] != NULL && f.lines[i].f[0][0] != '\0');
            for (size_t k = 0; k < f.lines[i].n; k++)
                sink += touch(f.lines[i].f[k]);
        }
        (void)sink;
        /* The intact prefix ends a line; without a torn tail it is all. */
        CHECK(f.valid_bytes <= size);
        CHECK(f.valid_bytes == 0 || buf[f.valid_bytes - 1] == '\n');
        CHECK(f.torn || f.valid_bytes == size);
        check_journal_round_trip(&f);
    } else {
        CHECK(f.lines == NULL && f.count == 0);
    }
    arc_jfile_done(&f);
}

/* The input's lines each given their CRC, so that mutations reach the field
 * decoder instead of stopping at a wrong checksum. An unfinished last line
 * stays as it is (a torn write). */
static char *with_crcs(const char *buf, size_t size, size_t *out_len)
{
    size_t lines = 0;
    for (size_t i = 0; i < size; i++)
        lines += buf[i] == '\n';
    char *out = malloc(size + 9 * lines + 1);
    if (!out)
        return NULL;
    size_t o = 0, pos = 0;
    const char *nl;
    while (pos < size && (nl = memchr(buf + pos, '\n', size - pos))) {
        size_t n = (size_t)(nl - (buf + pos));
        memcpy(out + o, buf + pos, n);
        o += n;
        o += (size_t)snprintf(out + o, 11, " %08x", (unsigned)arc_crc32(buf + pos, n));
        out[o++] = '\n';
        pos += n + 1;
    }
    memcpy(out + o, buf + pos, size - pos);
    *out_len = o + size - pos;
    return out;
}

static void fuzz_journal(const char *buf, size_t size)
{
    parse_journal(buf, size);
    size_t len = 0;
    char *fixed = with_crcs(buf, size, &len);
    if (!fixed)
        return;
    /* An exact-size copy: reading past LEN is an ASan error. */
    char *exact = malloc(len ? len : 1);
    if (exact) {
        memcpy(exact, fixed, len);
        parse_journal(exact, len);
        free(exact);
    }
    free(fixed);
}

/* ---- the configuration ---- */

static void check_config(const lb_config *cfg)
{
    volatile size_t sink = 0;
    for (size_t i = 0; i < cfg->count; i++) {
        const lb_profile *p = &cfg->profiles[i];
        CHECK(p->name && p->name[0]);
        CHECK(lb_config_find(cfg, p->name) == p);
        CHECK(!p->base_url || lb_base_url_ok(p->base_url));
        CHECK(p->page_size >= 1 && p->page_size <= LB_PAGE_SIZE_MAX);
        CHECK(p->concurrency >= 1 && p->concurrency <= LB_CONCURRENCY_MAX);
        CHECK(p->token_value == NULL);
        const char *strs[] = {p->name,
                              p->base_url,
                              p->ca_bundle,
                              p->client_cert,
                              p->client_key,
                              p->pin,
                              p->subscription_key_file,
                              p->token_file,
                              p->origin};
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++)
            sink += touch(strs[k]);
    }
    (void)sink;
    lb_error err;
    (void)lb_config_check(cfg, &err);
}

static void fuzz_config(const char *buf, size_t size)
{
    lb_config cfg;
    lb_config_init(&cfg);
    lb_error err;
    if (lb_config_parse_text(&cfg, "fuzz.conf", buf, size, "/home/fuzz", &err) == LB_OK) {
        check_config(&cfg);
        /* A second file with the same keys overrides every one of them. */
        CHECK(lb_config_parse_text(&cfg, "again.conf", buf, size, "/home/fuzz", &err) == LB_OK);
        check_config(&cfg);
    }
    lb_config_done(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy: reading past SIZE is an ASan error, which a
     * NUL-terminated buffer would hide. */
    char *buf = calloc(size ? size : 1, 1);
    if (!buf)
        return 0;
    if (size)
        memcpy(buf, data, size);
    fuzz_draft(buf, size);
    fuzz_journal(buf, size);
    fuzz_config(buf, size);
    free(buf);
    return 0;
}
