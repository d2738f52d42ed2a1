/* archive_text.c — the one-line reason shown for a preflight verdict. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "client/archive.h"
#include "i18n/i18n.h"

const char *lb_archive_verdict_text(const lb_archive_check *c, char *buf, size_t size)
{
    if (!buf || size == 0)
        return buf;
    const char *d = c->detail ? c->detail : "";
    switch (c->verdict) {
    case LB_ARCHIVE_READY:
        snprintf(buf, size, _("ready for DAV series \"%s\""),
                 c->serie_name ? c->serie_name
                 : c->serie_id ? c->serie_id
                               : "?");
        break;
    case LB_ARCHIVE_STILL_ACTIVE:
        if (c->detail)
            snprintf(buf, size, _("agenda item \"%s\" is still active"), d);
        else
            snprintf(buf, size, "%s", _("still active: only inactive records can be archived"));
        break;
    case LB_ARCHIVE_NO_SERIES:
        if (c->kind == LB_ARCHIVE_DOSSIER)
            snprintf(buf, size, _("dossier type \"%s\" has no DAV series"), d);
        else
            snprintf(buf, size, _("meeting type \"%s\" has no DAV series"), d);
        break;
    case LB_ARCHIVE_MISSING_EXTENSION:
        snprintf(buf, size,
                 _("the DAV series requires extension \"%s\", which the record cannot fill"), d);
        break;
    case LB_ARCHIVE_ALREADY_ARCHIVED:
        snprintf(buf, size, "%s", _("already archived in DAV"));
        break;
    case LB_ARCHIVE_CHANGED:
        snprintf(buf, size, "%s", _("changed by someone else since you saw it"));
        break;
    case LB_ARCHIVE_CHECK_FAILED:
        if (c->error.detail[0] && c->detail && strcmp(c->error.detail, c->detail) != 0)
            snprintf(buf, size, "%s %s", d, c->error.detail);
        else
            snprintf(buf, size, "%s", c->detail ? d : _("could not be checked"));
        break;
    }
    return buf;
}
