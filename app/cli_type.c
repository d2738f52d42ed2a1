/* cli_type.c — see cli_type.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/cli_type.h"
#include "client/pager.h"
#include "i18n/i18n.h"

typedef struct {
    const char *given;
    char *name;      /* the match, owned until handed over */
    char known[512]; /* the abbreviations seen, for the message */
    bool done, nomem;
    lb_error err;
} type_lookup;

static bool same(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

static void on_page(void *user, lb_page *page, size_t index)
{
    (void)index;
    type_lookup *tl = user;
    const lb_meeting_type *t = lb_page_meeting_types(page);
    for (size_t i = 0; t && i < page->count; i++) {
        size_t o = strlen(tl->known);
        if (t[i].abbreviation && o + strlen(t[i].abbreviation) + 3 < sizeof tl->known)
            snprintf(tl->known + o, sizeof tl->known - o, "%s%s", o ? ", " : "", t[i].abbreviation);
        if (!tl->name && t[i].name &&
            (same(t[i].abbreviation, tl->given) || same(t[i].name, tl->given))) {
            tl->name = strdup(t[i].name);
            tl->nomem |= !tl->name;
        }
    }
}

static void on_done(void *user, const lb_error *err, size_t rows, size_t pages)
{
    (void)rows, (void)pages;
    type_lookup *tl = user;
    tl->err = *err;
    tl->done = true;
}

lb_cli_outcome lb_cli_meeting_type_name(lb_cli_bus *cli, const char *given, char **name_out)
{
    *name_out = NULL;
    type_lookup tl = {.given = given};
    static const char *const path[] = {"crm", "meetingtypes", NULL};
    lb_request_spec spec = {.method = "GET", .path = path};
    lb_error err;
    if (!lb_pager_new(cli->bus, LB_REC_MEETING_TYPE, &spec, on_page, on_done, &tl, &err))
        return lb_cli_report(cli->prog, &err);
    lb_transport_run_until(cli->transport, &tl.done, -1, &err);
    if (tl.nomem)
        lb_error_set(&tl.err, LB_ERR_NOMEM, 0, NULL);
    if (tl.err.status != LB_OK) {
        free(tl.name);
        return lb_cli_report(cli->prog, &tl.err);
    }
    if (!tl.name)
        /* TRANSLATORS: "lbterm export: there is no meeting type "XYZ" (by name or
         * abbreviation: AV, CBS, GR…)." */
        fprintf(stderr, _("%s: there is no meeting type \"%s\" (by name or abbreviation: %s).\n"),
                cli->prog, given, tl.known);
    *name_out = tl.name;
    return LB_CLI_OK;
}
