/* view_registry.c — the list of screens, in view-switcher order. */
#include "config.h"

#include <string.h>

#include "views/archive_view.h"
#include "views/screens.h"
#include "views/view.h"

static const lb_view_class *const view_classes[] = {
    &lb_meetings_view,      &lb_agenda_items_view,  &lb_dossiers_view,  &lb_archive_view,
    &lb_meeting_types_view, &lb_dossier_types_view, &lb_meldingen_view,
};

const lb_view_class *const *lb_view_classes(size_t *count_out)
{
    *count_out = sizeof view_classes / sizeof view_classes[0];
    return view_classes;
}

const lb_view_class *lb_view_class_find(const char *id)
{
    for (size_t i = 0; i < sizeof view_classes / sizeof view_classes[0]; i++)
        if (strcmp(view_classes[i]->id, id) == 0)
            return view_classes[i];
    return NULL;
}
